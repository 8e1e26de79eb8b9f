// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "app-fixture.h"
#include "camsim-fixture.h"
#include "sl-camera.h"
#include "sl-catalog.h"

/* ---- a notification server on the test's own session bus ---------------- */

static const char notifications_xml[] = "<node>"
                                        "  <interface name='org.freedesktop.Notifications'>"
                                        "    <method name='Notify'>"
                                        "      <arg type='s' direction='in'/>"
                                        "      <arg type='u' direction='in'/>"
                                        "      <arg type='s' direction='in'/>"
                                        "      <arg type='s' direction='in'/>"
                                        "      <arg type='s' direction='in'/>"
                                        "      <arg type='as' direction='in'/>"
                                        "      <arg type='a{sv}' direction='in'/>"
                                        "      <arg type='i' direction='in'/>"
                                        "      <arg type='u' direction='out'/>"
                                        "    </method>"
                                        "    <method name='CloseNotification'>"
                                        "      <arg type='u' direction='in'/>"
                                        "    </method>"
                                        "    <method name='GetCapabilities'>"
                                        "      <arg type='as' direction='out'/>"
                                        "    </method>"
                                        "    <method name='GetServerInformation'>"
                                        "      <arg type='s' direction='out'/>"
                                        "      <arg type='s' direction='out'/>"
                                        "      <arg type='s' direction='out'/>"
                                        "      <arg type='s' direction='out'/>"
                                        "    </method>"
                                        "  </interface>"
                                        "</node>";

/* What a desktop shows: every notification's summary and body, in order. */
typedef struct
{
  GDBusConnection *bus;
  guint object_id;
  guint owner_id;
  gboolean owned;
  GPtrArray *summaries;
  GPtrArray *bodies;
} NotificationServer;

/* NULL without a session bus: the tests then say so and skip that check. */
static NotificationServer *notifications;

static void
notification_method_cb (GDBusConnection *connection,
                        const char *sender,
                        const char *object_path,
                        const char *interface_name,
                        const char *method_name,
                        GVariant *parameters,
                        GDBusMethodInvocation *invocation,
                        gpointer user_data)
{
  NotificationServer *server = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary = NULL;
      const char *body = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_test_message ("Notification: %s / %s", summary, body);
      g_ptr_array_add (server->summaries, g_strdup (summary));
      g_ptr_array_add (server->bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u)", server->summaries->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *capabilities[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", capabilities));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    {
      g_dbus_method_invocation_return_value (
          invocation, g_variant_new ("(ssss)", "sightline-test", "Sightline", "1", "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static const GDBusInterfaceVTable notification_vtable = { notification_method_cb };

static void
name_acquired_cb (GDBusConnection *connection, const char *name, gpointer user_data)
{
  ((NotificationServer *)user_data)->owned = TRUE;
}

static gboolean
name_owned (gconstpointer data)
{
  return ((const NotificationServer *)data)->owned;
}

static NotificationServer *
notification_server_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusNodeInfo) node = NULL;
  NotificationServer *server;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  if (bus == NULL)
    {
      g_test_message ("No session bus (%s): notifications are not checked", error->message);
      return NULL;
    }

  server = g_new0 (NotificationServer, 1);
  server->bus = bus;
  server->summaries = g_ptr_array_new_with_free_func (g_free);
  server->bodies = g_ptr_array_new_with_free_func (g_free);

  node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  server->object_id =
      g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                         &notification_vtable, server, NULL, &error);
  g_assert_no_error (error);
  server->owner_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                                   G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb,
                                                   NULL, server, NULL);
  wait_for (name_owned, server, "the notification server's bus name");

  return server;
}

static void
notification_server_stop (NotificationServer *server)
{
  if (server == NULL)
    return;

  g_bus_unown_name (server->owner_id);
  g_dbus_connection_unregister_object (server->bus, server->object_id);
  g_ptr_array_unref (server->summaries);
  g_ptr_array_unref (server->bodies);
  g_object_unref (server->bus);
  g_free (server);
}

static guint
count_notifications (void)
{
  return notifications != NULL ? notifications->summaries->len : 0;
}

typedef struct
{
  guint before;
} NotificationWait;

static gboolean
notification_arrived (gconstpointer data)
{
  return count_notifications () > ((const NotificationWait *)data)->before;
}

/* ---- fixture ----------------------------------------------------------- */

/* The application on a data folder whose catalog has cameras of a simulator. */
typedef struct
{
  AppFixture app; /* first: the steps get the AppFixture */
  Camsim *sim;
  gint64 camera_id;
  char *camera_name;
  guint notifications_before;
  gboolean reopened;
} RecorderFixture;

static void
recorder_fixture_set_up (RecorderFixture *fixture, gconstpointer user_data)
{
  app_fixture_set_up (&fixture->app, user_data);
}

static void
recorder_fixture_tear_down (RecorderFixture *fixture, gconstpointer user_data)
{
  g_clear_pointer (&fixture->sim, camsim_stop);
  g_clear_pointer (&fixture->camera_name, g_free);
  app_fixture_tear_down (&fixture->app, user_data);
}

/* One simulated camera without a password, added the way the CLI adds it. */
static void
add_simulated_camera (RecorderFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCatalog) catalog = NULL;
  SlCameraRecord record = { 0 };

  fixture->sim = camsim_start (NULL);
  fixture->camera_name =
      g_strdup (json_object_get_string_member (camsim_camera (fixture->sim, 0), "name"));

  record.name = fixture->camera_name;
  record.driver = (char *)"rtsp";
  record.main_url = (char *)camsim_rtsp_url (fixture->sim, 0, "sub");
  record.enabled = TRUE;
  record.transport = SL_TRANSPORT_TCP_THEN_UDP;

  catalog = app_fixture_open_catalog (&fixture->app);
  fixture->camera_id = sl_catalog_add_camera (catalog, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->camera_id, >, 0);
}

/* ---- what the window shows --------------------------------------------- */

typedef struct
{
  SlApplication *application;
  const char *camera_name;
  const char *state;
} TileWait;

/* The window shows the camera's tile, which says @state next to the REC badge. */
static gboolean
tile_shows_state (gconstpointer data)
{
  const TileWait *wait = data;
  SlWindow *window = find_main_window (wait->application);
  GtkWidget *tile = window != NULL ? find_live_tile (GTK_WIDGET (window), wait->camera_name) : NULL;

  return tile != NULL && is_shown (tile) && live_tile_shows_recording (tile) &&
         g_str_equal (live_tile_state_text (tile), wait->state);
}

static void
wait_for_tile_state (RecorderFixture *fixture, const char *state)
{
  TileWait wait = { fixture->app.application, fixture->camera_name, state };
  g_autofree char *what =
      g_strdup_printf ("the tile of '%s' to say '%s'", fixture->camera_name, state);

  wait_for (tile_shows_state, &wait, what);
}

static void
assert_no_empty_state (SlWindow *window)
{
  GtkWidget *empty = find_widget (GTK_WIDGET (window), is_status_page_titled, "No Cameras Yet");

  g_assert_true (empty == NULL || !gtk_widget_get_mapped (empty));
}

/* What a mouse click does; activating the button (Enter) would click after a
 * short animation. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The dialog keeps its buttons in one of two layouts, by its width. */
static gboolean
is_shown_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return is_button_labelled (widget, label) && is_shown (widget);
}

/* Clicks a response button, as the user does (the dialog closes then). */
static void
click_response (AdwMessageDialog *dialog, const char *label)
{
  GtkWidget *button;

  wait_until_drawn (GTK_WIDGET (dialog));
  button = find_widget (GTK_WIDGET (dialog), is_shown_button_labelled, label);
  g_assert_nonnull (button);
  click (button);
}

static AdwMessageDialog *
quit_and_wait_for_question (SlApplication *application)
{
  AdwMessageDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  dialog = wait_for_message_dialog ("the question before quitting");

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop Recording and Quit?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Recording stops for 1 camera until Sightline runs again.");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "stop"), ==,
                   "_Stop Recording and Quit");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "stop"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");

  return dialog;
}

static SlCameraState
first_camera_state (SlApplication *application)
{
  GListModel *cameras = sl_application_get_cameras (application);
  g_autoptr (SlCamera) camera = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (cameras), ==, 1);
  camera = g_list_model_get_item (cameras, 0);

  return sl_camera_get_state (camera);
}

/* Closes the main window as the user does, counting the notifications so far. */
static void
close_main_window (RecorderFixture *fixture, SlWindow *window)
{
  fixture->notifications_before = count_notifications ();
  gtk_window_close (GTK_WINDOW (window));
}

/* ---- the window closes, recording goes on -------------------------------- */

static gboolean
keeps_recording_after_close (gpointer user_data)
{
  RecorderFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  NotificationWait wait = { fixture->notifications_before };
  AdwMessageDialog *dialog;

  /* g_application_run() went on with its loop since the window closed: the
   * application held itself. */
  g_assert_null (find_main_window (application));
  g_assert_cmpint (sl_application_get_recorder_status (application), ==,
                   SL_RECORDER_STATUS_RUNNING);
  g_assert_cmpint (first_camera_state (application), ==, SL_CAMERA_STATE_RECORDING);

  if (notifications != NULL)
    {
      wait_for (notification_arrived, &wait, "the notification that recording goes on");
      g_assert_cmpstr (notifications->summaries->pdata[wait.before], ==,
                       "Sightline keeps recording");
      g_assert_cmpstr (notifications->bodies->pdata[wait.before], ==,
                       "1 camera is being recorded. Open Sightline to stop.");
    }

  /* Launching Sightline again opens a window on the same recorder. */
  g_application_activate (G_APPLICATION (application));
  wait_for_main_window (application);
  wait_for_tile_state (fixture, "Live");
  fixture->reopened = TRUE;

  /* Cancel keeps recording. */
  dialog = quit_and_wait_for_question (application);
  take_screenshot (GTK_WIDGET (dialog), "quit-question.png");
  click_response (dialog, "Cancel");
  wait_for_message_dialog_gone ("the question to close");
  g_assert_cmpint (sl_application_get_recorder_status (application), ==,
                   SL_RECORDER_STATUS_RUNNING);
  g_assert_nonnull (find_main_window (application));

  /* Confirming stops the recorder, which closes its segment, and quits. */
  dialog = quit_and_wait_for_question (application);
  click_response (dialog, "Stop Recording and Quit");

  return G_SOURCE_REMOVE;
}

static gboolean
recording_steps (gpointer user_data)
{
  RecorderFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  wait_for_tile_state (fixture, "Live");
  assert_no_empty_state (window);
  take_screenshot (GTK_WIDGET (window), "recording.png");

  close_main_window (fixture, window);
  g_assert_null (find_main_window (application));

  /* Back to g_application_run()'s loop, which ends if nothing holds it. */
  g_timeout_add (500, keeps_recording_after_close, fixture);

  return G_SOURCE_REMOVE;
}

static void
test_keeps_recording (RecorderFixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCatalog) catalog = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) open_segments = NULL;
  guint recorded = 0;

  add_simulated_camera (fixture);
  app_fixture_run (&fixture->app, recording_steps);

  g_assert_true (fixture->reopened);
  assert_all_windows_gone (&fixture->app);
  g_assert_cmpint (sl_application_get_recorder_status (fixture->app.application), ==,
                   SL_RECORDER_STATUS_STOPPED);

  /* The segment being written when the user quit was closed and indexed. */
  catalog = app_fixture_open_catalog (&fixture->app);
  open_segments = sl_catalog_list_open_segments (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_segments->len, ==, 0);

  segments = sl_catalog_list_all_segments (catalog, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < segments->len; i++)
    {
      SlSegment *segment = segments->pdata[i];
      GStatBuf st;

      if (segment->camera_id != fixture->camera_id)
        continue;
      recorded++;
      g_assert_cmpint (segment->end_us, >, segment->start_us);
      g_assert_cmpint (segment->frames, >, 0);
      g_assert_cmpint (g_stat (segment->path, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, segment->bytes);
    }
  g_assert_cmpuint (recorded, >=, 1);
}

/* ---- without cameras, closing the window quits --------------------------- */

static gboolean
close_without_cameras_steps (gpointer user_data)
{
  RecorderFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_status_page_titled, "No Cameras Yet"));

  close_main_window (fixture, window);

  return G_SOURCE_REMOVE;
}

static void
test_close_without_cameras (RecorderFixture *fixture, gconstpointer user_data)
{
  app_fixture_run (&fixture->app, close_without_cameras_steps);

  assert_all_windows_gone (&fixture->app);
  g_assert_cmpint (sl_application_get_recorder_status (fixture->app.application), ==,
                   SL_RECORDER_STATUS_STOPPED);
  g_assert_cmpuint (count_notifications (), ==, fixture->notifications_before);
}

/* ---- another recorder owns the data folder ------------------------------- */

typedef struct
{
  GSubprocess *process;
  /* Open until the process exits, which writes to it when it stops. */
  GDataInputStream *output;
  char *first_line;
  gboolean read_done;
  gboolean exited;
} OtherRecorder;

static void
die_with_parent (gpointer user_data)
{
  /* A failed assertion aborts the test; the recorder must not outlive it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
first_line_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OtherRecorder *other = user_data;

  other->first_line =
      g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  other->read_done = TRUE;
}

static gboolean
other_read_done (gconstpointer data)
{
  return ((const OtherRecorder *)data)->read_done;
}

static gboolean
other_exited (gconstpointer data)
{
  return ((const OtherRecorder *)data)->exited;
}

static void
other_exited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  ((OtherRecorder *)user_data)->exited = TRUE;
}

/* `sightline-recorder --data-dir DIR run`, which prints its first line once it
 * holds the lock. */
static void
other_recorder_start (OtherRecorder *other, const char *data_dir)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GError) error = NULL;
  const char *program = g_getenv ("SL_RECORDER");

  g_assert_nonnull (program);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  other->process =
      g_subprocess_launcher_spawn (launcher, &error, program, "--data-dir", data_dir, "run", NULL);
  g_assert_no_error (error);

  other->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (other->process));
  g_data_input_stream_read_line_async (other->output, G_PRIORITY_DEFAULT, NULL, first_line_cb,
                                       other);
  wait_for (other_read_done, other, "sightline-recorder run to start");
  g_assert_nonnull (other->first_line);
  g_test_message ("sightline-recorder: %s", other->first_line);
}

static void
other_recorder_stop (OtherRecorder *other)
{
  if (other->process == NULL)
    return;

  if (!other->exited)
    {
      g_subprocess_send_signal (other->process, SIGTERM);
      g_subprocess_wait_async (other->process, NULL, other_exited_cb, other);
      wait_for (other_exited, other, "sightline-recorder run to stop");
      g_assert_true (g_subprocess_get_if_exited (other->process));
      g_assert_cmpint (g_subprocess_get_exit_status (other->process), ==, 0);
    }
  g_clear_object (&other->output);
  g_clear_object (&other->process);
  g_clear_pointer (&other->first_line, g_free);
}

static OtherRecorder other_recorder;

static gboolean
locked_steps (gpointer user_data)
{
  RecorderFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);
  g_autofree char *pid = g_strdup_printf ("(PID %s, sightline-recorder run, since ",
                                          g_subprocess_get_identifier (other_recorder.process));
  const char *message;
  GtkWidget *page;
  GtkWidget *retry;

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_FAILED);
  message = sl_application_get_recorder_error (application);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "is in use by another recorder"));
  g_assert_nonnull (strstr (message, pid));

  /* The window says that nothing records, and why. */
  page = find_widget (GTK_WIDGET (window), is_status_page_titled, "Recording Is Off");
  g_assert_nonnull (page);
  g_assert_true (is_shown (page));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), pid));
  g_assert_nonnull (find_widget (page, is_shown_label_containing, pid));
  assert_no_empty_state (window);
  take_screenshot (GTK_WIDGET (window), "data-dir-locked.png");

  /* Once the other recorder stopped, Try Again records here. */
  other_recorder_stop (&other_recorder);
  retry = find_widget (page, is_button_labelled, "Try Again");
  g_assert_nonnull (retry);
  g_assert_true (is_shown (retry));
  click (retry);
  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_status_page_titled, "No Cameras Yet"));

  /* Nothing records: quitting does not ask. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
test_data_dir_locked (RecorderFixture *fixture, gconstpointer user_data)
{
  other_recorder_start (&other_recorder, fixture->app.data_dir);
  app_fixture_run (&fixture->app, locked_steps);
  other_recorder_stop (&other_recorder);

  assert_all_windows_gone (&fixture->app);
  g_assert_null (find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  /* No Secret Service on the test bus: passwords would go to the 0600 file. */
  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  home = ui_test_init (&argc, &argv);
  notifications = notification_server_start ();

  g_test_add ("/recorder-app/keeps-recording", RecorderFixture, NULL, recorder_fixture_set_up,
              test_keeps_recording, recorder_fixture_tear_down);
  g_test_add ("/recorder-app/close-without-cameras", RecorderFixture, NULL, recorder_fixture_set_up,
              test_close_without_cameras, recorder_fixture_tear_down);
  g_test_add ("/recorder-app/data-dir-locked", RecorderFixture, NULL, recorder_fixture_set_up,
              test_data_dir_locked, recorder_fixture_tear_down);

  status = g_test_run ();
  notification_server_stop (notifications);
  delete_path (home);

  return status;
}
