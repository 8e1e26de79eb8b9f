// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-app"

#include "config.h"

#include <signal.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <gst/gst.h>

#include "sl-add-camera-dialog.h"
#include "sl-application.h"
#include "sl-bookmark-dialog.h"
#include "sl-camera.h"
#include "sl-data-dir.h"
#include "sl-export-dialog.h"
#include "sl-preferences-window.h"
#include "sl-recorder.h"
#include "sl-window.h"

struct _SlApplication
{
  AdwApplication parent_instance;

  /* Owned */
  char *data_dir;
  SlRecorder *recorder;
  GListStore *cameras; /* SlCamera, the ones the recorder runs */
  char *recorder_error;

  /* Borrowed (weak pointer) */
  AdwMessageDialog *quit_dialog;

  SlRecorderStatus recorder_status;
  /* The application holds itself while the recorder starts or runs, so that
   * closing the last window does not stop the recording. */
  gboolean holding;
  /* app.quit came while the recorder was starting: decide once it runs. A
   * stop signal quits then without asking. */
  gboolean quit_after_start;
  gboolean quit_without_asking;
  gboolean quitting;
  guint sigint_id;
  guint sigterm_id;
};

enum
{
  PROP_0,
  PROP_DATA_DIR,
  PROP_RECORDER_STATUS,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

#define KEEPS_RECORDING_NOTIFICATION "keeps-recording"

/* What the lock file says about the process that owns the data folder. */
#define RECORDER_OWNER "sightline"

G_DEFINE_ENUM_TYPE (SlRecorderStatus,
                    sl_recorder_status,
                    G_DEFINE_ENUM_VALUE (SL_RECORDER_STATUS_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (SL_RECORDER_STATUS_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (SL_RECORDER_STATUS_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (SL_RECORDER_STATUS_STOPPING, "stopping"),
                    G_DEFINE_ENUM_VALUE (SL_RECORDER_STATUS_STOPPED, "stopped"))

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_options[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_ ("Use DIR for the catalog instead of the default data folder"), N_ ("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Show the version and exit"), NULL },
  { NULL },
};

static void
set_data_dir (SlApplication *self, const char *data_dir)
{
  if (g_strcmp0 (self->data_dir, data_dir) == 0)
    return;

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}

static void
set_recorder_status (SlApplication *self, SlRecorderStatus status)
{
  g_autofree char *name = NULL;
  GAction *start_recorder;

  if (self->recorder_status == status)
    return;

  name = g_enum_to_string (SL_TYPE_RECORDER_STATUS, status);
  g_debug ("Recorder: %s", name);
  self->recorder_status = status;

  start_recorder = g_action_map_lookup_action (G_ACTION_MAP (self), "start-recorder");
  if (start_recorder != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (start_recorder),
                                 status == SL_RECORDER_STATUS_FAILED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDER_STATUS]);
}

static void
hold (SlApplication *self)
{
  if (!self->holding)
    g_application_hold (G_APPLICATION (self));
  self->holding = TRUE;
}

static void
release (SlApplication *self)
{
  if (self->holding)
    g_application_release (G_APPLICATION (self));
  self->holding = FALSE;
}

/* The window that shows what the application has to say: the active one if it is
 * a main window, else any main window (the active one may be a dialog). */
static SlWindow *
get_main_window (SlApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SL_IS_WINDOW (active))
    return SL_WINDOW (active);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (SL_IS_WINDOW (l->data))
        return SL_WINDOW (l->data);
    }

  return NULL;
}

/* Cameras the recorder records or tries to reach; disabled ones do not count. */
static guint
count_active_cameras (SlApplication *self)
{
  guint n_active = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->cameras)); i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), i);

      if (sl_camera_get_state (camera) != SL_CAMERA_STATE_DISABLED)
        n_active++;
    }

  return n_active;
}

/* ---- quitting ---------------------------------------------------------- */

static void
destroy_windows (SlApplication *self)
{
  GList *windows = NULL;

  /* Dialogs go first: a transient window must not outlive its parent. Hold
   * references while walking a copy of the list, which destroying changes. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (gtk_window_get_transient_for (l->data) != NULL)
        windows = g_list_prepend (windows, g_object_ref (l->data));
      else
        windows = g_list_append (windows, g_object_ref (l->data));
    }
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
finish_quit (SlApplication *self)
{
  destroy_windows (self);
  release (self);
  g_application_quit (G_APPLICATION (self));
}

static void
recorder_stopped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sl_recorder_stop_finish (SL_RECORDER (source), result, &error))
    g_warning ("Stopping the recorder: %s", error->message);

  set_recorder_status (self, SL_RECORDER_STATUS_STOPPED);
  finish_quit (self);
}

/* Quits once every segment being written is closed and indexed. */
static void
stop_recorder_and_quit (SlApplication *self)
{
  if (self->quitting)
    return;

  self->quitting = TRUE;
  g_application_withdraw_notification (G_APPLICATION (self), KEEPS_RECORDING_NOTIFICATION);

  if (self->recorder_status != SL_RECORDER_STATUS_RUNNING)
    {
      finish_quit (self);
      return;
    }

  set_recorder_status (self, SL_RECORDER_STATUS_STOPPING);
  sl_recorder_stop_async (self->recorder, NULL, recorder_stopped_cb, g_object_ref (self));
}

static void
quit_response_cb (AdwMessageDialog *dialog, const char *response, SlApplication *self)
{
  if (g_str_equal (response, "stop"))
    stop_recorder_and_quit (self);
}

static void
ask_before_quitting (SlApplication *self, guint n_active)
{
  SlWindow *window;
  GtkWidget *dialog;

  if (self->quit_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->quit_dialog));
      return;
    }

  /* From the notification, there may be no window to ask in. */
  window = get_main_window (self);
  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = get_main_window (self);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _ ("Stop Recording and Quit?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("Recording stops for %u camera until Sightline runs "
                                            "again.",
                                            "Recording stops for %u cameras until Sightline runs "
                                            "again.",
                                            n_active),
                                  n_active);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "stop",
                                    _ ("_Stop Recording and Quit"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), self, 0);

  self->quit_dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->quit_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
request_quit (SlApplication *self)
{
  guint n_active;

  switch (self->recorder_status)
    {
      case SL_RECORDER_STATUS_STARTING:
        /* Whether to ask depends on the cameras, known once it runs. */
        self->quit_after_start = TRUE;
        return;

      case SL_RECORDER_STATUS_STOPPING:
      case SL_RECORDER_STATUS_STOPPED:
        return;

      case SL_RECORDER_STATUS_RUNNING:
        n_active = count_active_cameras (self);
        if (n_active > 0)
          {
            ask_before_quitting (self, n_active);
            return;
          }
        break;

      case SL_RECORDER_STATUS_FAILED:
      default:
        break;
    }

  stop_recorder_and_quit (self);
}

/* The last window is gone: recording goes on, and the user is told so. */
static void
keep_recording_without_window (SlApplication *self)
{
  g_autoptr (GNotification) notification = NULL;
  g_autoptr (GIcon) icon = NULL;
  g_autofree char *body = NULL;
  guint n_active = count_active_cameras (self);

  if (n_active == 0)
    {
      stop_recorder_and_quit (self);
      return;
    }

  body = g_strdup_printf (ngettext ("%u camera is being recorded. Open Sightline to stop.",
                                    "%u cameras are being recorded. Open Sightline to stop.",
                                    n_active),
                          n_active);
  notification = g_notification_new (_ ("Sightline keeps recording"));
  g_notification_set_body (notification, body);
  icon = g_themed_icon_new (APPLICATION_ID);
  g_notification_set_icon (notification, icon);
  g_notification_add_button (notification, _ ("Stop Recording…"), "app.quit");
  g_application_send_notification (G_APPLICATION (self), KEEPS_RECORDING_NOTIFICATION,
                                   notification);
}

/* SIGINT and SIGTERM (a terminal, a logout) stop recording cleanly without asking. */
static gboolean
stop_signal_cb (gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);

  g_debug ("Stop signal: stopping the recorder");
  if (self->recorder_status == SL_RECORDER_STATUS_STARTING)
    self->quit_after_start = self->quit_without_asking = TRUE;
  else
    stop_recorder_and_quit (self);

  return G_SOURCE_CONTINUE;
}

/* ---- starting ---------------------------------------------------------- */

static void
recorder_failed (SlApplication *self, const char *message)
{
  /* Shown in the window; the application goes on without recording. */
  g_message ("%s", message);
  g_free (self->recorder_error);
  self->recorder_error = g_strdup (message);
  set_recorder_status (self, SL_RECORDER_STATUS_FAILED);
  release (self);

  if (self->quit_after_start)
    stop_recorder_and_quit (self);
}

/* Cameras added, removed, enabled or disabled while the recorder runs. */
static void
recorder_camera_added (SlRecorder *recorder, SlCamera *camera, SlApplication *self)
{
  GPtrArray *cameras = sl_recorder_get_cameras (recorder);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->cameras));
  guint index = n_items;

  /* In the recorder's order: an enabled or disabled camera keeps its place. */
  if (g_ptr_array_find (cameras, camera, &index))
    index = MIN (index, n_items);
  g_list_store_insert (self->cameras, index, camera);
}

static void
recorder_camera_removed (SlRecorder *recorder, SlCamera *camera, SlApplication *self)
{
  guint position;

  if (g_list_store_find (self->cameras, camera, &position))
    g_list_store_remove (self->cameras, position);
}

static void
recorder_started_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *cameras;

  if (!sl_recorder_start_finish (SL_RECORDER (source), result, &error))
    {
      recorder_failed (self, error->message);
      return;
    }

  g_signal_connect_object (self->recorder, "camera-added", G_CALLBACK (recorder_camera_added), self,
                           0);
  g_signal_connect_object (self->recorder, "camera-removed", G_CALLBACK (recorder_camera_removed),
                           self, 0);
  cameras = sl_recorder_get_cameras (self->recorder);
  g_list_store_splice (self->cameras, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cameras)),
                       cameras->pdata, cameras->len);
  set_recorder_status (self, SL_RECORDER_STATUS_RUNNING);

  if (self->quit_after_start && self->quit_without_asking)
    {
      stop_recorder_and_quit (self);
    }
  else if (self->quit_after_start)
    {
      self->quit_after_start = FALSE;
      request_quit (self);
    }
  else if (get_main_window (self) == NULL)
    {
      keep_recording_without_window (self);
    }
}

static void
init_gstreamer_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  /* The first run builds the plugin registry, which takes seconds. */
  if (gst_init_check (NULL, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
gstreamer_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (source);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("GStreamer, which records the video, does not start: %s"), error->message);

      recorder_failed (self, message);
      return;
    }

  sl_recorder_start_async (self->recorder, NULL, recorder_started_cb, g_object_ref (self));
}

/* Lock, catalog and recovery run in a thread: the window opens at once and
 * says that the recorder is starting. */
static void
start_recorder (SlApplication *self)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (self->data_dir != NULL);

  g_clear_pointer (&self->recorder_error, g_free);
  g_list_store_remove_all (self->cameras);
  g_clear_object (&self->recorder);
  self->recorder = sl_recorder_new (self->data_dir, RECORDER_OWNER);
  set_recorder_status (self, SL_RECORDER_STATUS_STARTING);
  hold (self);

  task = g_task_new (self, NULL, gstreamer_ready_cb, NULL);
  g_task_set_source_tag (task, start_recorder);
  g_task_run_in_thread (task, init_gstreamer_thread);
}

/* ---- actions ----------------------------------------------------------- */

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  request_quit (SL_APPLICATION (user_data));
}

static void
start_recorder_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);

  if (self->recorder_status == SL_RECORDER_STATUS_FAILED)
    start_recorder (self);
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  static const char *developers[] = {
    "The Sightline developers",
    NULL,
  };
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (get_main_window (self)));
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (about), TRUE);
  adw_about_window_set_application_name (about, PACKAGE_NAME);
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_comments (about, _ ("Watch, record and play back network cameras"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, PACKAGE_WEBSITE);
  adw_about_window_set_issue_url (about, PACKAGE_ISSUES);
  /* Translators: replace with your names and email addresses, one translator
   * per line. */
  adw_about_window_set_translator_credits (about, _ ("translator-credits"));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  GtkWidget *preferences;

  preferences = sl_preferences_window_new (GTK_WINDOW (get_main_window (self)));
  /* Belonging to the application, the window gets its shortcuts (Ctrl+Q). */
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  sl_preferences_window_set_recorder (SL_PREFERENCES_WINDOW (preferences),
                                      sl_application_get_recorder (self),
                                      G_LIST_MODEL (self->cameras));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
cameras_added_cb (SlAddCameraDialog *dialog, guint n_cameras, SlWindow *window)
{
  g_autofree char *text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u camera; it records now",
                                    "Added %u cameras; they record now", n_cameras),
                       n_cameras);

  sl_window_add_toast (window, adw_toast_new (text));
}

static void
add_camera_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  SlWindow *window = get_main_window (self);
  GtkWidget *dialog;

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = get_main_window (self);
    }

  dialog = sl_add_camera_dialog_new (GTK_WINDOW (window), sl_application_get_recorder (self));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  if (window != NULL)
    g_signal_connect_object (dialog, "cameras-added", G_CALLBACK (cameras_added_cb), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cameras_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  GtkWidget *preferences = sl_preferences_window_new (GTK_WINDOW (get_main_window (self)));

  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  sl_preferences_window_set_recorder (SL_PREFERENCES_WINDOW (preferences),
                                      sl_application_get_recorder (self),
                                      G_LIST_MODEL (self->cameras));
  sl_preferences_window_show_cameras (SL_PREFERENCES_WINDOW (preferences));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* app.add-bookmark((camera id, time µs)): the bookmark dialog, for the live
 * tile ("at now": time 0) and the timeline (the playhead); camera id 0
 * lets the user pick the camera. */
static void
add_bookmark_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  SlWindow *window = get_main_window (self);
  SlBookmarkDialog *dialog;
  gint64 camera_id, time_us;

  g_variant_get (parameter, "(xx)", &camera_id, &time_us);
  /* (0, 0), from the main menu or Ctrl+B: the first camera, now. */
  if (time_us == 0)
    time_us = g_get_real_time ();
  if (self->recorder_status != SL_RECORDER_STATUS_RUNNING)
    {
      if (window != NULL)
        sl_window_add_toast (window, adw_toast_new (_ ("Bookmarks can be added once the "
                                                       "recorder runs")));
      return;
    }
  dialog =
      sl_bookmark_dialog_new_add (window != NULL ? GTK_WINDOW (window) : NULL,
                                  sl_recorder_get_catalog (self->recorder), camera_id, time_us);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* app.export opens the export dialog; app.export-range((xxx)) opens it with
 * a range of a camera (id, from, to in microseconds) already in the list. */
static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  GtkWidget *dialog = sl_export_dialog_new (GTK_APPLICATION (self), self->data_dir);
  gint64 camera_id, from_us, to_us;

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (get_main_window (self)));
  if (parameter != NULL)
    {
      g_variant_get (parameter, "(xxx)", &camera_id, &from_us, &to_us);
      if (from_us < to_us)
        sl_export_dialog_add_range (SL_EXPORT_DIALOG (dialog), camera_id, from_us, to_us);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_export_verify_interactive (GTK_WINDOW (get_main_window (SL_APPLICATION (user_data))));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "add-camera", add_camera_activated },
  { "cameras", cameras_activated },
  { "start-recorder", start_recorder_activated },
  { "add-bookmark", add_bookmark_activated, "(xx)" },
  { "export", export_activated },
  { "export-range", export_activated, "(xxx)" },
  { "verify-export", verify_export_activated },
};

static int
sl_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  SlApplication *self = SL_APPLICATION (application);
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  const char *requested = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "data-dir", "^&ay", &requested);

  data_dir = sl_data_dir_resolve (requested, &error);
  if (data_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_debug ("Data folder: %s", data_dir);
  set_data_dir (self, data_dir);

  if (G_APPLICATION_CLASS (sl_application_parent_class)->handle_local_options != NULL)
    return G_APPLICATION_CLASS (sl_application_parent_class)
        ->handle_local_options (application, options);

  return -1;
}

static void
sl_application_startup (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);
  static const char *quit_accels[] = {
    "<Control>q",
    NULL,
  };
  static const char *preferences_accels[] = {
    "<Control>comma",
    NULL,
  };
  static const char *bookmark_accels[] = {
    "<Control>b",
    NULL,
  };

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
  /* A detailed name's target is GVariant text: its integers need the int64
   * annotation to match the action's "(xx)". */
  gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                         "app.add-bookmark((int64 0, int64 0))", bookmark_accels);

  /* Enabled while the recorder failed to start. */
  g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "start-recorder")), FALSE);

  self->sigint_id = g_unix_signal_add (SIGINT, stop_signal_cb, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, stop_signal_cb, self);

  /* The primary instance records; a second launch only activates it. */
  start_recorder (self);
}

static void
sl_application_activate (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);
  SlWindow *window = get_main_window (self);

  if (window == NULL)
    window = sl_window_new (self);

  g_application_withdraw_notification (application, KEEPS_RECORDING_NOTIFICATION);
  gtk_window_present (GTK_WINDOW (window));
}

static void
sl_application_shutdown (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);

  G_APPLICATION_CLASS (sl_application_parent_class)->shutdown (application);
}

/* Closing the last window does not stop recording; without cameras to record
 * the application has nothing left to do and quits. */
static void
sl_application_window_removed (GtkApplication *application, GtkWindow *window)
{
  SlApplication *self = SL_APPLICATION (application);

  GTK_APPLICATION_CLASS (sl_application_parent_class)->window_removed (application, window);

  if (!SL_IS_WINDOW (window) || self->quitting || get_main_window (self) != NULL)
    return;

  /* While starting, recorder_started_cb decides; after a failure nothing holds
   * the application, which quits with its last window. */
  if (self->recorder_status == SL_RECORDER_STATUS_RUNNING)
    keep_recording_without_window (self);
}

static void
sl_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlApplication *self = SL_APPLICATION (object);

  switch (prop_id)
    {
      case PROP_DATA_DIR:
        g_value_set_string (value, self->data_dir);
        break;

      case PROP_RECORDER_STATUS:
        g_value_set_enum (value, self->recorder_status);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_application_dispose (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);

  if (self->quit_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->quit_dialog), (gpointer *)&self->quit_dialog);
  self->quit_dialog = NULL;
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  if (self->cameras != NULL)
    g_list_store_remove_all (self->cameras);
  g_clear_object (&self->recorder);

  G_OBJECT_CLASS (sl_application_parent_class)->dispose (object);
}

static void
sl_application_finalize (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);

  g_free (self->data_dir);
  g_free (self->recorder_error);
  g_clear_object (&self->cameras);

  G_OBJECT_CLASS (sl_application_parent_class)->finalize (object);
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_application_class = GTK_APPLICATION_CLASS (klass);

  object_class->get_property = sl_application_get_property;
  object_class->dispose = sl_application_dispose;
  object_class->finalize = sl_application_finalize;

  application_class->handle_local_options = sl_application_handle_local_options;
  application_class->startup = sl_application_startup;
  application_class->activate = sl_application_activate;
  application_class->shutdown = sl_application_shutdown;

  gtk_application_class->window_removed = sl_application_window_removed;

  /**
   * SlApplication:data-dir: (nullable)
   *
   * The absolute path of the data folder: `--data-dir` if given, else
   * `$XDG_DATA_HOME/sightline`. Set while the command line is handled, so it is
   * known before the first window opens.
   */
  properties[PROP_DATA_DIR] =
      g_param_spec_string ("data-dir", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SlApplication:recorder-status:
   *
   * What the recorder of the data folder, which the application runs from
   * start-up until it quits, is doing.
   */
  properties[PROP_RECORDER_STATUS] = g_param_spec_enum (
      "recorder-status", NULL, NULL, SL_TYPE_RECORDER_STATUS, SL_RECORDER_STATUS_STARTING,
      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_application_init (SlApplication *self)
{
  self->cameras = g_list_store_new (SL_TYPE_CAMERA);
  self->recorder_status = SL_RECORDER_STATUS_STARTING;
  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
}

/**
 * sl_application_new:
 *
 * Creates the Sightline application.
 *
 * Returns: (transfer full): a new #SlApplication
 */
SlApplication *
sl_application_new (void)
{
  SlApplication *self = g_object_new (SL_TYPE_APPLICATION, "application-id", APPLICATION_ID,
                                      "flags", G_APPLICATION_DEFAULT_FLAGS, NULL);

  /* AdwApplication loads style.css, and GtkApplication gtk/help-overlay.ui, from here. */
  g_application_set_resource_base_path (G_APPLICATION (self), "/org/sightline/Sightline");

  return self;
}

/**
 * sl_application_get_data_dir:
 * @self: a #SlApplication
 *
 * Gets the data folder, see #SlApplication:data-dir.
 *
 * Returns: (nullable): the absolute path of the data folder, or %NULL before the
 *   command line was handled
 */
const char *
sl_application_get_data_dir (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

/**
 * sl_application_get_recorder_status:
 * @self: a #SlApplication
 *
 * Gets what the recorder is doing, see #SlApplication:recorder-status.
 *
 * Returns: the status of the recorder
 */
SlRecorderStatus
sl_application_get_recorder_status (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), SL_RECORDER_STATUS_FAILED);

  return self->recorder_status;
}

/**
 * sl_application_get_recorder_error:
 * @self: a #SlApplication
 *
 * Gets why the recorder does not record, such as another recorder owning the
 * data folder.
 *
 * Returns: (nullable): a sentence for the user while the status is
 *   %SL_RECORDER_STATUS_FAILED, else %NULL
 */
const char *
sl_application_get_recorder_error (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  return self->recorder_status == SL_RECORDER_STATUS_FAILED ? self->recorder_error : NULL;
}

/**
 * sl_application_get_recorder:
 * @self: a #SlApplication
 *
 * Gets the recorder while it runs, to add, remove and change cameras.
 *
 * Returns: (transfer none) (nullable): the recorder, or %NULL unless the
 *   status is %SL_RECORDER_STATUS_RUNNING
 */
SlRecorder *
sl_application_get_recorder (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  return self->recorder_status == SL_RECORDER_STATUS_RUNNING ? self->recorder : NULL;
}

/**
 * sl_application_get_cameras:
 * @self: a #SlApplication
 *
 * Gets the cameras of the catalog that the recorder runs, each with its state.
 * The list is empty until the recorder runs.
 *
 * Returns: (transfer none): a list of #SlCamera
 */
GListModel *
sl_application_get_cameras (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->cameras);
}

/**
 * sl_application_get_catalog:
 * @self: a #SlApplication
 *
 * Gets the catalog of the recorder, for the views and the recordings.
 *
 * Returns: (transfer none) (nullable): the catalog while the recorder runs
 */
SlCatalog *
sl_application_get_catalog (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  if (self->recorder == NULL || self->recorder_status != SL_RECORDER_STATUS_RUNNING)
    return NULL;
  return sl_recorder_get_catalog (self->recorder);
}
