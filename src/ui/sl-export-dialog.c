// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-export-dialog.h"
#include "sl-export-manager.h"

/**
 * SlExportDialog:
 *
 * Builds an export list (ranges of one or more cameras), picks the format,
 * the folder and notes, and hands the export to the application's
 * SlExportManager: closing the dialog leaves the export running. While it
 * runs the dialog shows its progress with a Cancel button; at the end a
 * toast offers to open the folder.
 */

#define DEFAULT_RANGE_US (G_GINT64_CONSTANT (5) * 60 * G_USEC_PER_SEC)

/* ---- One range of the list ----------------------------------------------- */

#define SL_TYPE_EXPORT_RANGE (sl_export_range_get_type ())
G_DECLARE_FINAL_TYPE (SlExportRange, sl_export_range, SL, EXPORT_RANGE, GObject)

struct _SlExportRange
{
  GObject parent_instance;
  gint64 camera_id;
  char *camera_name;
  gint64 from_us;
  gint64 to_us;
};

G_DEFINE_FINAL_TYPE (SlExportRange, sl_export_range, G_TYPE_OBJECT)

static void
sl_export_range_finalize (GObject *object)
{
  g_free (SL_EXPORT_RANGE (object)->camera_name);
  G_OBJECT_CLASS (sl_export_range_parent_class)->finalize (object);
}

static void
sl_export_range_class_init (SlExportRangeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_export_range_finalize;
}

static void
sl_export_range_init (SlExportRange *self)
{
}

/* ---- The dialog ---------------------------------------------------------- */

struct _SlExportDialog
{
  AdwWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkButton *export_button;
  GtkListBox *range_list;
  AdwComboRow *camera_row;
  AdwEntryRow *from_row;
  AdwEntryRow *to_row;
  GtkLabel *range_error;
  AdwComboRow *format_row;
  AdwActionRow *folder_row;
  GtkTextView *notes_view;
  GtkBox *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;

  /* Owned */
  SlExportManager *manager;
  GListStore *ranges; /* SlExportRange */
  GtkStringList *camera_names;
  GArray *camera_ids; /* gint64, in the order of camera_names */
  GArray *pending;    /* SlExportRange targets waiting for the camera list */
  gboolean cameras_loaded;
  char *folder;
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (SlExportDialog, sl_export_dialog, ADW_TYPE_WINDOW)

static char *
format_local (gint64 us)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

/* "2026-11-21 10:00:00" in local time, or any ISO 8601 time. */
static gboolean
parse_local (const char *text, gint64 *us)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *iso = g_strstrip (g_strdup (text));
  g_autoptr (GDateTime) time = NULL;
  char *space = strchr (iso, ' ');

  if (space != NULL)
    *space = 'T';
  time = g_date_time_new_from_iso8601 (iso, local);
  if (time == NULL)
    return FALSE;
  *us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static const char *
camera_name_for (SlExportDialog *self, gint64 camera_id)
{
  for (guint i = 0; i < self->camera_ids->len; i++)
    if (g_array_index (self->camera_ids, gint64, i) == camera_id)
      return gtk_string_list_get_string (self->camera_names, i);
  return NULL;
}

static void
append_range (SlExportDialog *self, gint64 camera_id, gint64 from_us, gint64 to_us)
{
  g_autoptr (SlExportRange) range = g_object_new (SL_TYPE_EXPORT_RANGE, NULL);
  const char *name = camera_name_for (self, camera_id);

  range->camera_id = camera_id;
  range->camera_name =
      name ? g_strdup (name) : g_strdup_printf (_ ("Camera %" G_GINT64_FORMAT), camera_id);
  range->from_us = from_us;
  range->to_us = to_us;
  g_list_store_append (self->ranges, range);
}

static void
show_status (SlExportDialog *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
remove_range_clicked_cb (GtkButton *button, gpointer user_data)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (user_data);
  SlExportRange *range = g_object_get_data (G_OBJECT (button), "range");
  guint position;

  if (g_list_store_find (self->ranges, range, &position))
    g_list_store_remove (self->ranges, position);
}

static GtkWidget *
create_range_row (gpointer item, gpointer user_data)
{
  SlExportRange *range = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *from = format_local (range->from_us);
  g_autofree char *to = format_local (range->to_us);
  /* Translators: a time range, such as "2026-11-21 10:00:00 to 2026-11-21 10:05:00". */
  g_autofree char *subtitle = g_strdup_printf (_ ("%s to %s"), from, to);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), range->camera_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _ ("Remove from the export"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Remove from the export"), -1);
  g_object_set_data_full (G_OBJECT (remove), "range", g_object_ref (range), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_range_clicked_cb), user_data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
cameras_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlExportDialog *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras =
      sl_catalog_list_cameras_finish (SL_CATALOG (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SL_EXPORT_DIALOG (user_data);
  if (cameras == NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }

  for (guint i = 0; i < cameras->len; i++)
    {
      const SlCameraRecord *camera = cameras->pdata[i];

      gtk_string_list_append (self->camera_names, camera->name);
      g_array_append_val (self->camera_ids, camera->id);
    }
  self->cameras_loaded = TRUE;
  for (guint i = 0; i < self->pending->len / 3; i++)
    {
      gint64 *target = &g_array_index (self->pending, gint64, i * 3);

      append_range (self, target[0], target[1], target[2]);
    }
  g_array_set_size (self->pending, 0);
}

static void
load_cameras (SlExportDialog *self)
{
  SlCatalog *catalog = sl_export_manager_get_catalog (self->manager);

  if (catalog != NULL && !self->cameras_loaded)
    sl_catalog_list_cameras_async (catalog, self->cancellable, cameras_listed_cb, self);
  else if (catalog == NULL && sl_export_manager_get_error (self->manager) != NULL)
    show_status (self, sl_export_manager_get_error (self->manager), TRUE);
}

static void
catalog_changed_cb (SlExportManager *manager, GParamSpec *pspec, gpointer user_data)
{
  load_cameras (SL_EXPORT_DIALOG (user_data));
}

static void
update_progress (SlExportDialog *self)
{
  gboolean running = sl_export_manager_get_running (self->manager);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !running);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 sl_export_manager_get_fraction (self->manager));
}

static void
progress_changed_cb (SlExportManager *manager, GParamSpec *pspec, gpointer user_data)
{
  update_progress (SL_EXPORT_DIALOG (user_data));
}

static void
export_finished_cb (SlExportManager *manager,
                    SlExport *export,
                    const GError *error,
                    gpointer user_data)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (user_data);
  const char *folder = sl_export_get_output_dir (export);
  g_autofree char *display = g_filename_display_name (folder);
  g_autofree char *text = NULL;
  g_auto (GStrv) warnings = NULL;
  AdwToast *toast;

  update_progress (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_status (self, _ ("Export cancelled; its files were removed."), FALSE);
      return;
    }
  if (error != NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }

  warnings = sl_export_dup_warnings (export);
  text = g_strdup_printf (_ ("Exported to %s, signed with the key %s."), display,
                          sl_export_get_fingerprint (export));
  if (warnings[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", warnings);
      g_autofree char *with_warnings = g_strconcat (text, "\n", joined, NULL);

      show_status (self, with_warnings, FALSE);
    }
  else
    show_status (self, text, FALSE);

  toast = adw_toast_new (_ ("Export finished"));
  adw_toast_set_button_label (toast, _ ("_Open Folder"));
  adw_toast_set_action_name (toast, "app.open-export-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (folder));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- Actions ------------------------------------------------------------- */

static void
add_range_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);
  guint selected = adw_combo_row_get_selected (self->camera_row);
  gint64 from_us = 0, to_us = 0;
  const char *message = NULL;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->camera_ids->len)
    message = _ ("Choose a camera.");
  else if (!parse_local (gtk_editable_get_text (GTK_EDITABLE (self->from_row)), &from_us))
    message = _ ("The start is not a time; type it as 2026-11-21 10:00:00.");
  else if (!parse_local (gtk_editable_get_text (GTK_EDITABLE (self->to_row)), &to_us))
    message = _ ("The end is not a time; type it as 2026-11-21 10:05:00.");
  else if (from_us >= to_us)
    message = _ ("The start must be before the end.");

  gtk_label_set_text (self->range_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), message != NULL);
  if (message != NULL)
    return;
  append_range (self, g_array_index (self->camera_ids, gint64, selected), from_us, to_us);
}

static void
folder_chosen_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        sl_export_dialog_set_folder (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_folder_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_ ("Export Into Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Select"),
                                               _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->folder != NULL)
    {
      g_autoptr (GFile) current = g_file_new_for_path (self->folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (folder_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static char *
dup_notes (SlExportDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
start_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);
  g_autoptr (SlExport) export = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H.%M.%S");
  /* Translators: the name of the folder an export makes; %s is the date and time. */
  g_autofree char *name = g_strdup_printf (_ ("Sightline export %s"), stamp);
  g_autofree char *output = NULL;
  g_autofree char *notes = NULL;
  SlExportFormat format;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->ranges)) == 0)
    {
      show_status (self, _ ("Add at least one range to export."), TRUE);
      return;
    }
  if (self->folder == NULL)
    {
      show_status (self, _ ("Choose the folder to export into."), TRUE);
      return;
    }
  if (sl_export_manager_get_catalog (self->manager) == NULL)
    {
      show_status (self, _ ("The catalog is not open yet; try again in a moment."), TRUE);
      return;
    }

  format = adw_combo_row_get_selected (self->format_row) == 1 ? SL_EXPORT_FORMAT_MP4
                                                              : SL_EXPORT_FORMAT_MKV;
  output = g_build_filename (self->folder, name, NULL);
  export = sl_export_manager_new_export (self->manager, output, format);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->ranges)); i++)
    {
      g_autoptr (SlExportRange) range = g_list_model_get_item (G_LIST_MODEL (self->ranges), i);

      sl_export_add_range (export, range->camera_id, range->from_us, range->to_us);
    }
  notes = dup_notes (self);
  if (g_strstrip (notes)[0] != '\0')
    sl_export_set_notes (export, notes);

  show_status (self, _ ("Exporting; closing this window does not stop the export."), FALSE);
  sl_export_manager_start (self->manager, export);
  update_progress (self);
}

static void
cancel_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sl_export_manager_cancel (SL_EXPORT_DIALOG (widget)->manager);
}

/* ---- GObject ------------------------------------------------------------- */

static void
sl_export_dialog_dispose (GObject *object)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (sl_export_dialog_parent_class)->dispose (object);
}

static void
sl_export_dialog_finalize (GObject *object)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (object);

  g_clear_object (&self->ranges);
  g_clear_object (&self->camera_names);
  g_array_unref (self->camera_ids);
  g_array_unref (self->pending);
  g_free (self->folder);

  G_OBJECT_CLASS (sl_export_dialog_parent_class)->finalize (object);
}

static void
sl_export_dialog_class_init (SlExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_export_dialog_dispose;
  object_class->finalize = sl_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, range_list);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, camera_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, range_error);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, status_label);

  gtk_widget_class_install_action (widget_class, "export.add-range", NULL, add_range_activated);
  gtk_widget_class_install_action (widget_class, "export.choose-folder", NULL,
                                   choose_folder_activated);
  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_export_dialog_init (SlExportDialog *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 now = g_get_real_time ();
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ranges = g_list_store_new (SL_TYPE_EXPORT_RANGE);
  self->camera_names = gtk_string_list_new (NULL);
  self->camera_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();

  gtk_list_box_bind_model (self->range_list, G_LIST_MODEL (self->ranges), create_range_row, self,
                           NULL);
  adw_combo_row_set_model (self->camera_row, G_LIST_MODEL (self->camera_names));

  /* The last five minutes, to edit. */
  from = format_local (now - DEFAULT_RANGE_US);
  to = format_local (now);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);
  sl_export_dialog_set_folder (self, videos != NULL ? videos : g_get_home_dir ());
}

/* ---- Public API ---------------------------------------------------------- */

GtkWidget *
sl_export_dialog_new (GtkApplication *application, const char *data_dir)
{
  SlExportDialog *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (SL_TYPE_EXPORT_DIALOG, "application", application, NULL);
  self->manager = g_object_ref (sl_export_manager_get_for_application (application, data_dir));
  g_signal_connect (self->manager, "notify::catalog", G_CALLBACK (catalog_changed_cb), self);
  g_signal_connect (self->manager, "notify::running", G_CALLBACK (progress_changed_cb), self);
  g_signal_connect (self->manager, "notify::fraction", G_CALLBACK (progress_changed_cb), self);
  g_signal_connect (self->manager, "export-finished", G_CALLBACK (export_finished_cb), self);
  load_cameras (self);
  update_progress (self);
  return GTK_WIDGET (self);
}

void
sl_export_dialog_add_range (SlExportDialog *self, gint64 camera_id, gint64 from_us, gint64 to_us)
{
  gint64 target[3] = { camera_id, from_us, to_us };

  g_return_if_fail (SL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (from_us < to_us);

  if (self->cameras_loaded)
    append_range (self, camera_id, from_us, to_us);
  else
    g_array_append_vals (self->pending, target, 3);
}

void
sl_export_dialog_set_folder (SlExportDialog *self, const char *folder)
{
  g_autofree char *display = NULL;

  g_return_if_fail (SL_IS_EXPORT_DIALOG (self));

  g_free (self->folder);
  self->folder = g_strdup (folder);
  display = g_filename_display_name (folder);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->folder_row), display);
}

/* ---- Verification -------------------------------------------------------- */

typedef struct
{
  GtkWindow *parent; /* weak */
  char *folder;
} VerifyRequest;

static void
verify_request_free (VerifyRequest *request)
{
  g_clear_weak_pointer (&request->parent);
  g_free (request->folder);
  g_free (request);
}

static void
verified_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  VerifyRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr (GPtrArray) problems = sl_export_verify_finish (result, &fingerprint, &error);
  g_autofree char *display = g_filename_display_name (request->folder);
  g_autoptr (GString) body = g_string_new (NULL);
  const char *heading;
  GtkWidget *dialog;

  if (problems == NULL)
    {
      heading = _ ("Cannot Verify the Export");
      g_string_append (body, error->message);
    }
  else if (problems->len == 0)
    {
      heading = _ ("Valid Export");
      g_string_append_printf (body,
                              _ ("Every file in %s is as it was exported, and the manifest is "
                                 "signed with the key whose SHA-256 fingerprint is %s."),
                              display, fingerprint);
    }
  else
    {
      heading = _ ("The Export Is Not Valid");
      for (guint i = 0; i < problems->len; i++)
        {
          const SlExportProblem *problem = problems->pdata[i];

          g_string_append_printf (body, "%s• %s", i > 0 ? "\n" : "", problem->message);
        }
    }

  dialog = adw_message_dialog_new (request->parent, heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  verify_request_free (request);
}

static void
verify_folder_chosen_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  VerifyRequest *request = user_data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  request->folder = file ? g_file_get_path (file) : NULL;
  g_object_unref (chooser);

  if (request->folder == NULL)
    {
      verify_request_free (request);
      return;
    }
  sl_export_verify_async (request->folder, NULL, verified_cb, request);
}

void
sl_export_verify_interactive (GtkWindow *parent)
{
  VerifyRequest *request = g_new0 (VerifyRequest, 1);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
      _ ("Verify Export Folder"), parent, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Verify"),
      _ ("_Cancel"));

  g_set_weak_pointer (&request->parent, parent);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (verify_folder_chosen_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
