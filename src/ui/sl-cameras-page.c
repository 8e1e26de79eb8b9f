// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-cameras-page.h"
#include "sl-device-admin.h"
#include "sl-error.h"
#include "sl-stream-test.h"
#include "sl-vapix.h"

struct _SlCamerasPage
{
  AdwPreferencesPage parent_instance;

  /* Template children */
  GtkLabel *page_message;
  GtkListBox *list_box;

  /* Owned */
  SlRecorder *recorder;
  GListModel *cameras;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (SlCamerasPage, sl_cameras_page, ADW_TYPE_PREFERENCES_PAGE)

/* What a camera's row holds; lives as long as the row. */
typedef struct
{
  SlCamerasPage *page; /* borrowed: the page outlives its rows */
  SlCamera *camera;
  gint64 id;
  AdwExpanderRow *row;
  GtkSwitch *enabled_switch;
  AdwEntryRow *name_row;
  GtkLabel *message;
  GCancellable *cancellable;
  gboolean updating; /* the switch follows the record, not the user */
} CameraRow;

static void
camera_row_free (CameraRow *row)
{
  g_cancellable_cancel (row->cancellable);
  g_clear_object (&row->cancellable);
  g_clear_object (&row->camera);
  g_free (row);
}

static void
show_message (GtkLabel *label, gboolean error, const char *text)
{
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_add_css_class (GTK_WIDGET (label), error ? "error" : "success");
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

static const char *
describe_state (SlCameraState state)
{
  switch (state)
    {
      case SL_CAMERA_STATE_DISABLED:
        return _ ("Disabled");
      case SL_CAMERA_STATE_CONNECTING:
        return _ ("Connecting");
      case SL_CAMERA_STATE_RECORDING:
        return _ ("Recording");
      case SL_CAMERA_STATE_RECONNECTING:
        return _ ("Connection lost, reconnecting");
      case SL_CAMERA_STATE_AUTH_FAILED:
        return _ ("Enter password: the camera refused it");
      case SL_CAMERA_STATE_STORAGE_ERROR:
        return _ ("Storage error");
      default:
        return "";
    }
}

/* Where the camera is, as the user typed it: device address, RTSP server or file. */
static char *
describe_address (const SlCameraRecord *record)
{
  g_autoptr (GUri) uri = NULL;

  if (g_strcmp0 (record->driver, SL_DRIVER_FILE) == 0)
    return g_path_get_basename (record->main_url);
  if (record->address != NULL)
    return g_strdup (record->address);
  uri = record->main_url ? g_uri_parse (record->main_url, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup ("");
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static void
update_row (CameraRow *row)
{
  const SlCameraRecord *record = sl_recorder_get_camera_record (row->page->recorder, row->id);
  g_autofree char *address = NULL;
  g_autofree char *subtitle = NULL;
  const char *state = describe_state (sl_camera_get_state (row->camera));

  if (record == NULL)
    return;
  address = describe_address (record);
  if (record->model != NULL)
    subtitle = g_strdup_printf ("%s · %s · %s", address, record->model, state);
  else
    subtitle = g_strdup_printf ("%s · %s", address, state);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), record->name);
  adw_expander_row_set_subtitle (row->row, subtitle);
  row->updating = TRUE;
  gtk_switch_set_active (row->enabled_switch, record->enabled);
  row->updating = FALSE;
}

/* Connected for as long as the row widget lives; its data is the CameraRow. */
static void
on_camera_state (SlCamera *camera, GParamSpec *pspec, AdwExpanderRow *expander)
{
  CameraRow *row = g_object_get_data (G_OBJECT (expander), "sl-camera-row");

  if (row != NULL)
    update_row (row);
}

/* ---- enable, rename ------------------------------------------------------- */

static void
enabled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlCamerasPage) self = user_data;
  g_autoptr (GError) error = NULL;

  /* On success the camera's row is replaced, with the new state. */
  if (!sl_recorder_set_camera_enabled_finish (SL_RECORDER (source), result, &error))
    show_message (self->page_message, TRUE, error->message);
}

static void
on_enabled_switched (GtkSwitch *sw, GParamSpec *pspec, CameraRow *row)
{
  if (row->updating)
    return;
  show_message (row->page->page_message, TRUE, NULL);
  sl_recorder_set_camera_enabled_async (row->page->recorder, row->id, gtk_switch_get_active (sw),
                                        row->page->cancellable, enabled_cb,
                                        g_object_ref (row->page));
}

static void
renamed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CameraRow *row = user_data;
  g_autoptr (GError) error = NULL;

  if (!sl_recorder_rename_camera_finish (SL_RECORDER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_message (row->message, TRUE, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (row->name_row), "error");
        }
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row->name_row), "error");
  show_message (row->message, FALSE, _ ("Renamed."));
}

static void
on_name_applied (AdwEntryRow *entry, CameraRow *row)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (GError) error = NULL;

  if (!sl_device_admin_check_name (name, &error))
    {
      show_message (row->message, TRUE, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return;
    }
  sl_recorder_rename_camera_async (row->page->recorder, row->id, name, row->cancellable, renamed_cb,
                                   row);
}

/* ---- test connection ------------------------------------------------------ */

static void
vapix_tested_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CameraRow *row = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlVapixDevice) device = sl_vapix_probe_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (device == NULL)
    {
      show_message (row->message, TRUE, error->message);
      return;
    }
  text = g_strdup_printf (_ ("Connected: %s, serial number %s."), device->model,
                          device->serial ? device->serial : _ ("unknown"));
  show_message (row->message, FALSE, text);
}

static void
stream_tested_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CameraRow *row = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = sl_stream_test_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (description == NULL)
    {
      show_message (row->message, TRUE, error->message);
      return;
    }
  text = g_strdup_printf (_ ("The stream works: %s."), description);
  show_message (row->message, FALSE, text);
}

static void
file_tested_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CameraRow *row = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      text = g_strdup_printf (_ ("Cannot read the video file: %s"), error->message);
      show_message (row->message, TRUE, text);
      return;
    }
  size = g_format_size (g_file_info_get_size (info));
  text = g_strdup_printf (_ ("The video file is there (%s)."), size);
  show_message (row->message, FALSE, text);
}

static void
password_found_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CameraRow *row = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *password =
      sl_credentials_lookup_finish (SL_CREDENTIALS (source), result, &error);
  const SlCameraRecord *record = sl_recorder_get_camera_record (row->page->recorder, row->id);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || record == NULL)
    return;
  if (error != NULL)
    {
      show_message (row->message, TRUE, error->message);
      return;
    }
  if (g_strcmp0 (record->driver, SL_DRIVER_VAPIX) == 0)
    sl_vapix_probe_async (record->address, record->username, password, row->cancellable,
                          vapix_tested_cb, row);
  else
    sl_stream_test_async (record->main_url, record->username, password, row->cancellable,
                          stream_tested_cb, row);
}

static void
on_test_clicked (GtkButton *button, CameraRow *row)
{
  const SlCameraRecord *record = sl_recorder_get_camera_record (row->page->recorder, row->id);
  SlCredentials *credentials = sl_recorder_get_credentials (row->page->recorder);

  if (record == NULL)
    return;
  show_message (row->message, FALSE, _ ("Testing the connection…"));
  gtk_widget_remove_css_class (GTK_WIDGET (row->message), "success");
  if (g_strcmp0 (record->driver, SL_DRIVER_FILE) == 0)
    {
      g_autoptr (GFile) file = g_file_new_for_path (record->main_url);

      g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, row->cancellable, file_tested_cb, row);
      return;
    }
  if (record->username != NULL && credentials != NULL)
    {
      sl_credentials_lookup_async (credentials, row->id, record->username, row->cancellable,
                                   password_found_cb, row);
      return;
    }
  if (g_strcmp0 (record->driver, SL_DRIVER_VAPIX) == 0)
    sl_vapix_probe_async (record->address, NULL, NULL, row->cancellable, vapix_tested_cb, row);
  else
    sl_stream_test_async (record->main_url, NULL, NULL, row->cancellable, stream_tested_cb, row);
}

/* The device's own web interface (the seeds' address link). */
static void
on_web_page_clicked (GtkButton *button, CameraRow *row)
{
  const SlCameraRecord *record = sl_recorder_get_camera_record (row->page->recorder, row->id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  g_autofree char *uri = NULL;

  if (record == NULL || record->address == NULL)
    return;
  uri = g_strdup_printf ("http://%s/", record->address);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* ---- remove --------------------------------------------------------------- */

typedef struct
{
  SlCamerasPage *page;
  char *name;
} Removal;

static void
removal_free (Removal *removal)
{
  g_object_unref (removal->page);
  g_free (removal->name);
  g_free (removal);
}

static void
removed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Removal *removal = user_data;
  g_autoptr (GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (removal->page));
  guint n_files = 0;
  g_autofree char *text = NULL;

  if (!sl_recorder_remove_camera_finish (SL_RECORDER (source), result, &n_files, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (removal->page->page_message, TRUE, error->message);
      removal_free (removal);
      return;
    }
  if (n_files > 0)
    text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "Removed “%s” and deleted its %u recording file",
                     "Removed “%s” and deleted its %u recording files", n_files),
        removal->name, n_files);
  else
    text = g_strdup_printf (_ ("Removed “%s”; its recordings stay until retention deletes them"),
                            removal->name);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  removal_free (removal);
}

static void
on_remove_response (AdwMessageDialog *dialog, const char *response, CameraRow *row)
{
  Removal *removal;
  gboolean delete_recordings = g_strcmp0 (response, "delete") == 0;
  const SlCameraRecord *record = sl_recorder_get_camera_record (row->page->recorder, row->id);

  if (!delete_recordings && g_strcmp0 (response, "keep") != 0)
    return;
  removal = g_new0 (Removal, 1);
  removal->page = g_object_ref (row->page);
  removal->name = g_strdup (record ? record->name : "");
  /* The row goes away with the camera at once: the page reports the end. */
  sl_recorder_remove_camera_async (row->page->recorder, row->id, delete_recordings,
                                   row->page->cancellable, removed_cb, removal);
}

static void
on_remove_clicked (GtkButton *button, CameraRow *row)
{
  const SlCameraRecord *record = sl_recorder_get_camera_record (row->page->recorder, row->id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row->row));
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (record == NULL)
    return;
  heading = g_strdup_printf (_ ("Remove “%s”?"), record->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
      _ ("The camera stops recording now and leaves the list. Its recordings stay on disk, "
         "and can be played back, until retention deletes them to make room; or delete them "
         "now, which cannot be undone.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "keep",
                                    _ ("_Remove, Keep Recordings"), "delete",
                                    _ ("Remove and _Delete Recordings"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "keep", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* The row may go while the question is open: the dialog keeps its own data. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response), row, NULL, 0);
  g_object_set_data_full (G_OBJECT (dialog), "sl-row", g_object_ref (row->row), g_object_unref);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- rows ----------------------------------------------------------------- */

static GtkWidget *
add_button_row (CameraRow *row, const char *title, const char *subtitle, GtkWidget *button)
{
  GtkWidget *action_row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), button);
  adw_expander_row_add_row (row->row, action_row);
  return action_row;
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  SlCamerasPage *self = user_data;
  SlCamera *camera = item;
  CameraRow *row = g_new0 (CameraRow, 1);
  const SlCameraRecord *record;
  GtkWidget *test_button = gtk_button_new_with_mnemonic (_ ("_Test"));
  GtkWidget *remove_button = gtk_button_new_with_mnemonic (_ ("_Remove…"));
  g_autofree char *switch_label = NULL;

  row->page = self;
  row->camera = g_object_ref (camera);
  row->id = sl_camera_get_id (camera);
  row->cancellable = g_cancellable_new ();
  row->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  g_object_set_data_full (G_OBJECT (row->row), "sl-camera-row", row,
                          (GDestroyNotify)camera_row_free);

  row->enabled_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->enabled_switch), GTK_ALIGN_CENTER);
  switch_label = g_strdup_printf (_ ("Record “%s”"), sl_camera_get_name (camera));
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->enabled_switch), _ ("Enabled"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->enabled_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, switch_label, -1);
  adw_expander_row_add_action (row->row, GTK_WIDGET (row->enabled_switch));

  row->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->name_row), _ ("Name"));
  adw_entry_row_set_show_apply_button (row->name_row, TRUE);
  record = sl_recorder_get_camera_record (self->recorder, row->id);
  gtk_editable_set_text (GTK_EDITABLE (row->name_row),
                         record ? record->name : sl_camera_get_name (camera));
  g_signal_connect (row->name_row, "apply", G_CALLBACK (on_name_applied), row);
  adw_expander_row_add_row (row->row, GTK_WIDGET (row->name_row));

  add_button_row (row, _ ("Test Connection"), _ ("Asks the camera or stream whether it answers"),
                  test_button);
  g_signal_connect (test_button, "clicked", G_CALLBACK (on_test_clicked), row);
  if (record != NULL && g_strcmp0 (record->driver, SL_DRIVER_VAPIX) == 0)
    {
      GtkWidget *web_button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");

      gtk_widget_set_tooltip_text (web_button, _ ("Open Web Page"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (web_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Open Web Page"), -1);
      gtk_widget_add_css_class (web_button, "flat");
      add_button_row (row, _ ("Web Page"), record->address, web_button);
      g_signal_connect (web_button, "clicked", G_CALLBACK (on_web_page_clicked), row);
    }
  gtk_widget_add_css_class (remove_button, "destructive-action");
  add_button_row (row, _ ("Remove Camera"),
                  _ ("Stops recording it; asks whether to keep its recordings"), remove_button);
  g_signal_connect (remove_button, "clicked", G_CALLBACK (on_remove_clicked), row);

  row->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (row->message, TRUE);
  gtk_label_set_xalign (row->message, 0);
  gtk_label_set_selectable (row->message, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (row->message), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (row->message), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (row->message), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (row->message), 8);
  gtk_widget_set_visible (GTK_WIDGET (row->message), FALSE);
  adw_expander_row_add_row (row->row, GTK_WIDGET (row->message));

  update_row (row);
  g_signal_connect (row->enabled_switch, "notify::active", G_CALLBACK (on_enabled_switched), row);
  g_signal_connect_object (camera, "notify::state", G_CALLBACK (on_camera_state), row->row, 0);
  return GTK_WIDGET (row->row);
}

static void
on_camera_renamed (SlRecorder *recorder, SlCamera *camera, const char *name, SlCamerasPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CameraRow *row = g_object_get_data (G_OBJECT (child), "sl-camera-row");

      if (row != NULL && row->id == sl_camera_get_id (camera))
        {
          update_row (row);
          gtk_editable_set_text (GTK_EDITABLE (row->name_row), name);
        }
    }
}

/* ---- GObject ------------------------------------------------------------ */

static void
sl_cameras_page_dispose (GObject *object)
{
  SlCamerasPage *self = SL_CAMERAS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAMERAS_PAGE);
  g_clear_object (&self->recorder);
  g_clear_object (&self->cameras);

  G_OBJECT_CLASS (sl_cameras_page_parent_class)->dispose (object);
}

static void
sl_cameras_page_finalize (GObject *object)
{
  g_clear_object (&SL_CAMERAS_PAGE (object)->cancellable);

  G_OBJECT_CLASS (sl_cameras_page_parent_class)->finalize (object);
}

static void
sl_cameras_page_class_init (SlCamerasPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_cameras_page_dispose;
  object_class->finalize = sl_cameras_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/cameras-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCamerasPage, page_message);
  gtk_widget_class_bind_template_child (widget_class, SlCamerasPage, list_box);
}

static void
sl_cameras_page_init (SlCamerasPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  sl_cameras_page_set_recorder (self, NULL, NULL);
}

GtkWidget *
sl_cameras_page_new (void)
{
  return g_object_new (SL_TYPE_CAMERAS_PAGE, NULL);
}

void
sl_cameras_page_set_recorder (SlCamerasPage *self, SlRecorder *recorder, GListModel *cameras)
{
  GtkWidget *placeholder;

  g_return_if_fail (SL_IS_CAMERAS_PAGE (self));

  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_set_object (&self->recorder, recorder);
  g_clear_object (&self->cameras);
  if (recorder != NULL && cameras != NULL)
    self->cameras = g_object_ref (cameras);

  placeholder = gtk_label_new (recorder ? _ ("No cameras yet; add one with Add Camera.")
                                        : _ ("The recorder is not running, so its cameras "
                                             "cannot be changed now."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->list_box, placeholder);

  gtk_list_box_bind_model (self->list_box, self->cameras, self->cameras ? create_row : NULL, self,
                           NULL);
  if (recorder != NULL)
    g_signal_connect (recorder, "camera-renamed", G_CALLBACK (on_camera_renamed), self);
}
