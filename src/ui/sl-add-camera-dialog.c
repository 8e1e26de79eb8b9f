// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-add-camera-dialog-private.h"
#include "sl-credentials.h"
#include "sl-device-admin.h"
#include "sl-error.h"
#include "sl-stream-test.h"

enum
{
  CAMERAS_ADDED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlAddCameraDialog, sl_add_camera_dialog, ADW_TYPE_WINDOW)

/* ---- inline messages ----------------------------------------------------- */

void
sl_add_camera_dialog_show_message (GtkLabel *label, MessageKind kind, const char *text)
{
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  if (kind == MESSAGE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else if (kind == MESSAGE_SUCCESS)
    gtk_widget_add_css_class (GTK_WIDGET (label), "success");
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

/* Answers can arrive after the dialog closed: its widgets are gone then. */
gboolean
sl_add_camera_dialog_is_closed (SlAddCameraDialog *self)
{
  return self->stack == NULL;
}

char *
sl_add_camera_dialog_dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* ---- adding ------------------------------------------------------------- */

static void
camera_added_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlAddCameraDialog *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCamera) camera =
      sl_recorder_add_camera_finish (SL_RECORDER (source), result, &error);

  if (sl_add_camera_dialog_is_closed (self))
    {
      g_object_unref (self);
      return;
    }
  if (camera != NULL)
    self->adds_succeeded++;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_string_append_printf (self->add_errors, "%s%s", self->add_errors->len ? "\n" : "",
                            error->message);

  if (--self->adds_pending == 0)
    {
      if (self->add_errors->len > 0)
        {
          g_autofree char *text = NULL;

          if (self->adds_succeeded > 0)
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u camera. %s",
                                                 "Added %u cameras. %s", self->adds_succeeded),
                                    self->adds_succeeded, self->add_errors->str);
          sl_add_camera_dialog_show_message (self->add_message, MESSAGE_ERROR,
                                             text ? text : self->add_errors->str);
        }
      else
        {
          g_signal_emit (self, signals[CAMERAS_ADDED], 0, self->adds_succeeded);
          gtk_window_destroy (GTK_WINDOW (self));
        }
    }
  g_object_unref (self);
}

/* Starts adding @record; @message gets the errors once every add ended. */
void
sl_add_camera_dialog_add_camera (SlAddCameraDialog *self,
                                 const SlCameraRecord *record,
                                 const char *password,
                                 GtkLabel *message)
{
  if (self->adds_pending == 0)
    {
      g_string_truncate (self->add_errors, 0);
      self->adds_succeeded = 0;
    }
  self->add_message = message;
  self->adds_pending++;
  sl_recorder_add_camera_async (self->recorder, record, password, self->cancellable,
                                camera_added_cb, g_object_ref (self));
}

gboolean
sl_add_camera_dialog_check_recorder (SlAddCameraDialog *self, GtkLabel *message)
{
  if (self->recorder != NULL && sl_recorder_get_catalog (self->recorder) != NULL)
    return TRUE;
  sl_add_camera_dialog_show_message (
      message, MESSAGE_ERROR,
      _ ("The recorder is not running, so cameras cannot be added now; start it "
         "from the main window first."));
  return FALSE;
}

/* ---- stream URL ----------------------------------------------------------- */

typedef struct
{
  char *url;
  char *username;
  char *password;
} StreamInput;

static void
stream_input_clear (StreamInput *input)
{
  g_free (input->url);
  g_free (input->username);
  sl_credentials_free_password (input->password);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StreamInput, stream_input_clear)

/* The URL without credentials, and the account from the fields or the URL. */
static gboolean
read_stream_input (SlAddCameraDialog *self, StreamInput *input, GError **error)
{
  g_autofree char *text = sl_add_camera_dialog_dup_trimmed (self->url_row);
  g_autofree char *user = sl_add_camera_dialog_dup_trimmed (self->url_user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->url_password_row));
  g_autofree char *url_user = NULL;
  g_autofree char *url_password = NULL;

  if (text[0] == '\0')
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("Give the URL of the stream, such as "
                              "rtsp://192.168.10.20/axis-media/media.amp or "
                              "http://192.168.10.20/axis-cgi/mjpg/video.cgi."));
      return FALSE;
    }
  input->url =
      sl_device_admin_take_stream_url (_ ("The stream URL"), text, &url_user, &url_password, error);
  if (input->url == NULL)
    return FALSE;
  input->username = g_strdup (user[0] != '\0' ? user : url_user);
  input->password = g_strdup (password[0] != '\0' ? password : url_password);
  if (input->password != NULL && input->username == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("Give the user name that goes with the password."));
      return FALSE;
    }
  return TRUE;
}

static void
stream_tested_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlAddCameraDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = sl_stream_test_finish (result, &error);
  g_autofree char *text = NULL;

  if (sl_add_camera_dialog_is_closed (self))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-camera.test-url", TRUE);
  if (description == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_add_camera_dialog_show_message (self->url_message, MESSAGE_ERROR, error->message);
      return;
    }
  text = g_strdup_printf (_ ("The stream works: %s."), description);
  sl_add_camera_dialog_show_message (self->url_message, MESSAGE_SUCCESS, text);
}

static void
test_url (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (widget);
  g_auto (StreamInput) input = { 0 };
  g_autoptr (GError) error = NULL;

  if (!read_stream_input (self, &input, &error))
    {
      sl_add_camera_dialog_show_message (self->url_message, MESSAGE_ERROR, error->message);
      return;
    }
  sl_add_camera_dialog_show_message (self->url_message, MESSAGE_INFO,
                                     _ ("Connecting to the stream…"));
  gtk_widget_action_set_enabled (widget, "add-camera.test-url", FALSE);
  sl_stream_test_async (input.url, input.username, input.password, self->cancellable,
                        stream_tested_cb, g_object_ref (self));
}

/* Adds the camera the stream fields describe (already checked). */
static void
add_stream (SlAddCameraDialog *self)
{
  g_autofree char *name = sl_add_camera_dialog_dup_trimmed (self->url_name_row);
  g_auto (StreamInput) input = { 0 };
  g_autoptr (GError) error = NULL;
  SlCameraRecord record = { 0 };

  if (!sl_device_admin_check_name (name, &error) || !read_stream_input (self, &input, &error))
    {
      sl_add_camera_dialog_show_message (self->url_message, MESSAGE_ERROR, error->message);
      return;
    }
  record.name = name;
  record.driver = (char *)sl_device_admin_stream_driver (input.url);
  record.main_url = input.url;
  record.username = input.username;
  record.enabled = TRUE;
  record.transport = SL_TRANSPORT_TCP_THEN_UDP;
  sl_add_camera_dialog_show_message (self->url_message, MESSAGE_INFO, _ ("Adding the camera…"));
  sl_add_camera_dialog_add_camera (self, &record, input.password, self->url_message);
}

static void
stream_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlAddCameraDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = sl_stream_test_finish (result, &error);

  if (sl_add_camera_dialog_is_closed (self))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-camera.test-url", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-camera.add-url", TRUE);
  if (description == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_add_camera_dialog_show_message (self->url_message, MESSAGE_ERROR, error->message);
      return;
    }
  add_stream (self);
}

static void
add_url (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (widget);
  g_autofree char *name = sl_add_camera_dialog_dup_trimmed (self->url_name_row);
  g_auto (StreamInput) input = { 0 };
  g_autoptr (GError) error = NULL;

  if (!sl_device_admin_check_name (name, &error) || !read_stream_input (self, &input, &error))
    {
      sl_add_camera_dialog_show_message (self->url_message, MESSAGE_ERROR, error->message);
      return;
    }
  if (!sl_add_camera_dialog_check_recorder (self, self->url_message))
    return;
  /* Any web page has an http:// address: only an MJPEG stream is added. */
  if (g_str_equal (sl_device_admin_stream_driver (input.url), SL_DRIVER_HTTP))
    {
      sl_add_camera_dialog_show_message (self->url_message, MESSAGE_INFO,
                                         _ ("Checking the stream…"));
      gtk_widget_action_set_enabled (widget, "add-camera.test-url", FALSE);
      gtk_widget_action_set_enabled (widget, "add-camera.add-url", FALSE);
      sl_stream_test_async (input.url, input.username, input.password, self->cancellable,
                            stream_checked_cb, g_object_ref (self));
      return;
    }
  add_stream (self);
}

/* ---- video file --------------------------------------------------------- */

static void
on_file_chosen (GtkNativeDialog *chooser, int response, SlAddCameraDialog *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      sl_add_camera_dialog_show_message (
          self->file_message, MESSAGE_ERROR,
          _ ("Choose a file on this computer; the recorder plays it from disk."));
      return;
    }
  sl_add_camera_dialog_set_file (self, path);
}

static void
choose_file (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->file_chooser == NULL)
    {
      self->file_chooser =
          gtk_file_chooser_native_new (_ ("Choose a Video File"), GTK_WINDOW (self),
                                       GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
      gtk_file_filter_set_name (filter, _ ("Matroska Videos"));
      gtk_file_filter_add_mime_type (filter, "video/x-matroska");
      gtk_file_filter_add_suffix (filter, "mkv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), filter);
      g_signal_connect (self->file_chooser, "response", G_CALLBACK (on_file_chosen), self);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
add_file (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (widget);
  g_autofree char *name = sl_add_camera_dialog_dup_trimmed (self->file_name_row);
  g_autoptr (GError) error = NULL;
  SlCameraRecord record = { 0 };

  if (self->file_path == NULL)
    {
      sl_add_camera_dialog_show_message (self->file_message, MESSAGE_ERROR,
                                         _ ("Choose a video file first."));
      return;
    }
  if (!sl_device_admin_check_name (name, &error))
    {
      sl_add_camera_dialog_show_message (self->file_message, MESSAGE_ERROR, error->message);
      return;
    }
  if (!sl_add_camera_dialog_check_recorder (self, self->file_message))
    return;
  record.name = name;
  record.driver = (char *)SL_DRIVER_FILE;
  record.address = self->file_path;
  record.main_url = self->file_path;
  record.enabled = TRUE;
  sl_add_camera_dialog_show_message (self->file_message, MESSAGE_INFO, _ ("Adding the camera…"));
  sl_add_camera_dialog_add_camera (self, &record, NULL, self->file_message);
}

/* ---- GObject ----------------------------------------------------------- */

static void
sl_add_camera_dialog_dispose (GObject *object)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (object);

  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->cancellable);
  if (self->file_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }
  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ADD_CAMERA_DIALOG);
  g_clear_object (&self->selection);
  g_clear_object (&self->discovery);
  g_clear_object (&self->recorder);

  G_OBJECT_CLASS (sl_add_camera_dialog_parent_class)->dispose (object);
}

static void
sl_add_camera_dialog_finalize (GObject *object)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (object);

  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->file_path);
  g_string_free (self->add_errors, TRUE);

  G_OBJECT_CLASS (sl_add_camera_dialog_parent_class)->finalize (object);
}

static void
sl_add_camera_dialog_class_init (SlAddCameraDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_add_camera_dialog_dispose;
  object_class->finalize = sl_add_camera_dialog_finalize;

  /**
   * SlAddCameraDialog::cameras-added:
   * @n_cameras: how many cameras were added (they record now)
   *
   * Emitted before the dialog closes once everything asked for was added.
   */
  signals[CAMERAS_ADDED] =
      g_signal_new ("cameras-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/add-camera-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, ranges_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, ports_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, search_message);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, selection_label);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, results_view);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, address_column);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, model_column);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, status_column);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, url_name_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, url_user_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, url_password_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, url_message);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, file_name_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SlAddCameraDialog, file_message);
  sl_add_camera_dialog_class_init_search (widget_class);
  gtk_widget_class_install_action (widget_class, "add-camera.test-url", NULL, test_url);
  gtk_widget_class_install_action (widget_class, "add-camera.add-url", NULL, add_url);
  gtk_widget_class_install_action (widget_class, "add-camera.choose-file", NULL, choose_file);
  gtk_widget_class_install_action (widget_class, "add-camera.add-file", NULL, add_file);
}

static void
sl_add_camera_dialog_init (SlAddCameraDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->add_errors = g_string_new (NULL);
  sl_add_camera_dialog_init_search (self);
}

GtkWidget *
sl_add_camera_dialog_new (GtkWindow *parent, SlRecorder *recorder)
{
  SlAddCameraDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (recorder == NULL || SL_IS_RECORDER (recorder), NULL);

  self = g_object_new (SL_TYPE_ADD_CAMERA_DIALOG, "transient-for", parent, NULL);
  self->recorder = recorder ? g_object_ref (recorder) : NULL;
  gtk_widget_grab_focus (GTK_WIDGET (self->ranges_row));
  return GTK_WIDGET (self);
}

/* Sets the video file of the "Video File" page, as choosing it does. */
void
sl_add_camera_dialog_set_file (SlAddCameraDialog *self, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *name = sl_add_camera_dialog_dup_trimmed (self->file_name_row);

  g_free (self->file_path);
  self->file_path = g_strdup (path);
  adw_action_row_set_subtitle (self->file_row, display);
  sl_add_camera_dialog_show_message (self->file_message, MESSAGE_INFO, NULL);
  if (name[0] == '\0')
    {
      g_autofree char *base = g_path_get_basename (display);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      gtk_editable_set_text (GTK_EDITABLE (self->file_name_row), base);
    }
}

SlDiscovery *
sl_add_camera_dialog_get_discovery (SlAddCameraDialog *self)
{
  return self->discovery;
}

GtkSelectionModel *
sl_add_camera_dialog_get_selection (SlAddCameraDialog *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}
