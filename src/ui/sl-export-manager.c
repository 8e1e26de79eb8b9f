// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-credentials.h"
#include "sl-export-manager.h"

/**
 * SlExportManager:
 *
 * Owns the exports of the application so that closing the export dialog does
 * not stop them. It opens its own connection to the catalog (SQLite in WAL
 * mode serves the recorder and it side by side), holds the application while
 * an export runs, and ends each export with a notification whose default
 * action, "app.open-export-folder", opens the folder in the file manager.
 */

#define MANAGER_KEY "sl-export-manager"

struct _SlExportManager
{
  GObject parent_instance;

  /* Borrowed: the manager lives in the application's object data. */
  GtkApplication *application;

  char *data_dir;
  SlCatalog *catalog;
  SlCredentials *credentials;
  char *error;
  GCancellable *cancellable; /* opening the catalog */

  /* Owned: the exports that run; the newest is last. */
  GPtrArray *exports;
  GPtrArray *cancellables;
  double fraction;
};

enum
{
  PROP_0,
  PROP_CATALOG,
  PROP_RUNNING,
  PROP_FRACTION,
  N_PROPS,
};

enum
{
  SIGNAL_EXPORT_FINISHED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlExportManager, sl_export_manager, G_TYPE_OBJECT)

static void
set_fraction (SlExportManager *self, double fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
export_fraction_cb (SlExport *export, GParamSpec *pspec, gpointer user_data)
{
  SlExportManager *self = user_data;

  if (self->exports->len > 0 && g_ptr_array_index (self->exports, self->exports->len - 1) == export)
    set_fraction (self, sl_export_get_fraction (export));
}

static void
notify_finished (SlExportManager *self, SlExport *export, const GError *error)
{
  g_autoptr (GNotification) notification = NULL;
  const char *folder = sl_export_get_output_dir (export);
  g_autofree char *display = g_filename_display_name (folder);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL)
    {
      notification = g_notification_new (_ ("Export finished"));
      g_notification_set_body (notification, display);
      g_notification_set_default_action_and_target (notification, "app.open-export-folder", "s",
                                                    folder);
      g_notification_add_button_with_target (notification, _ ("Open Folder"),
                                             "app.open-export-folder", "s", folder);
    }
  else
    {
      notification = g_notification_new (_ ("Export failed"));
      g_notification_set_body (notification, error->message);
    }
  g_application_send_notification (G_APPLICATION (self->application), "export", notification);
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlExportManager) self = user_data;
  SlExport *export = SL_EXPORT (source);
  g_autoptr (GError) error = NULL;
  guint index;

  sl_export_run_finish (export, result, &error);
  if (error != NULL)
    g_debug ("Export to %s: %s", sl_export_get_output_dir (export), error->message);

  notify_finished (self, export, error);
  g_signal_emit (self, signals[SIGNAL_EXPORT_FINISHED], 0, export, error);

  g_signal_handlers_disconnect_by_data (export, self);
  if (g_ptr_array_find (self->exports, export, &index))
    {
      g_ptr_array_remove_index (self->cancellables, index);
      g_ptr_array_remove_index (self->exports, index);
    }
  g_application_release (G_APPLICATION (self->application));
  if (self->exports->len == 0)
    {
      set_fraction (self, 0.0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
catalog_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlExportManager *self;
  g_autoptr (GError) error = NULL;
  SlCatalog *catalog = sl_catalog_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SL_EXPORT_MANAGER (user_data);
  if (catalog == NULL)
    {
      self->error = g_strdup (error->message);
      g_warning ("Exports cannot read the catalog: %s", error->message);
    }
  self->catalog = catalog;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

static void
open_folder_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);

  sl_export_manager_open_folder (gtk_application_get_active_window (application),
                                 g_variant_get_string (parameter, NULL));
}

static void
sl_export_manager_dispose (GObject *object)
{
  SlExportManager *self = SL_EXPORT_MANAGER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sl_export_manager_parent_class)->dispose (object);
}

static void
sl_export_manager_finalize (GObject *object)
{
  SlExportManager *self = SL_EXPORT_MANAGER (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->credentials);
  g_ptr_array_unref (self->exports);
  g_ptr_array_unref (self->cancellables);
  g_free (self->data_dir);
  g_free (self->error);

  G_OBJECT_CLASS (sl_export_manager_parent_class)->finalize (object);
}

static void
sl_export_manager_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlExportManager *self = SL_EXPORT_MANAGER (object);

  switch (prop_id)
    {
      case PROP_CATALOG:
        g_value_set_object (value, self->catalog);
        break;
      case PROP_RUNNING:
        g_value_set_boolean (value, sl_export_manager_get_running (self));
        break;
      case PROP_FRACTION:
        g_value_set_double (value, self->fraction);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_export_manager_class_init (SlExportManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_export_manager_dispose;
  object_class->finalize = sl_export_manager_finalize;
  object_class->get_property = sl_export_manager_get_property;

  properties[PROP_CATALOG] =
      g_param_spec_object ("catalog", NULL, NULL, SL_TYPE_CATALOG,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
      g_param_spec_boolean ("running", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FRACTION] =
      g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlExportManager::export-finished:
   * @export: the export
   * @error: (nullable): why it failed, or %NULL
   */
  signals[SIGNAL_EXPORT_FINISHED] =
      g_signal_new ("export-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, SL_TYPE_EXPORT, G_TYPE_ERROR);
}

static void
sl_export_manager_init (SlExportManager *self)
{
  self->exports = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

SlExportManager *
sl_export_manager_get_for_application (GtkApplication *application, const char *data_dir)
{
  SlExportManager *self;
  g_autofree char *path = NULL;
  static const GActionEntry actions[] = {
    { "open-export-folder", open_folder_activated, "s" },
  };

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  self = g_object_get_data (G_OBJECT (application), MANAGER_KEY);
  if (self != NULL)
    return self;

  self = g_object_new (SL_TYPE_EXPORT_MANAGER, NULL);
  self->application = application;
  self->data_dir = g_strdup (data_dir);
  self->credentials = sl_credentials_new (data_dir);
  g_object_set_data_full (G_OBJECT (application), MANAGER_KEY, self, g_object_unref);
  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions),
                                   application);

  path = g_build_filename (data_dir, SL_CATALOG_FILE_NAME, NULL);
  sl_catalog_open_async (path, self->cancellable, catalog_opened_cb, self);
  return self;
}

SlCatalog *
sl_export_manager_get_catalog (SlExportManager *self)
{
  g_return_val_if_fail (SL_IS_EXPORT_MANAGER (self), NULL);
  return self->catalog;
}

const char *
sl_export_manager_get_error (SlExportManager *self)
{
  g_return_val_if_fail (SL_IS_EXPORT_MANAGER (self), NULL);
  return self->error;
}

SlExport *
sl_export_manager_new_export (SlExportManager *self, const char *output_dir, SlExportFormat format)
{
  g_return_val_if_fail (SL_IS_EXPORT_MANAGER (self), NULL);
  g_return_val_if_fail (self->catalog != NULL, NULL);

  return sl_export_new (self->catalog, self->credentials, output_dir, format);
}

void
sl_export_manager_start (SlExportManager *self, SlExport *export)
{
  GCancellable *cancellable = g_cancellable_new ();

  g_return_if_fail (SL_IS_EXPORT_MANAGER (self));
  g_return_if_fail (SL_IS_EXPORT (export));

  g_ptr_array_add (self->exports, g_object_ref (export));
  g_ptr_array_add (self->cancellables, cancellable);
  g_signal_connect (export, "notify::fraction", G_CALLBACK (export_fraction_cb), self);
  /* The export finishes even when every window is closed. */
  g_application_hold (G_APPLICATION (self->application));
  sl_export_run_async (export, cancellable, export_done_cb, g_object_ref (self));

  set_fraction (self, 0.0);
  if (self->exports->len == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Cancels the newest export. */
void
sl_export_manager_cancel (SlExportManager *self)
{
  g_return_if_fail (SL_IS_EXPORT_MANAGER (self));

  if (self->cancellables->len > 0)
    g_cancellable_cancel (g_ptr_array_index (self->cancellables, self->cancellables->len - 1));
}

gboolean
sl_export_manager_get_running (SlExportManager *self)
{
  g_return_val_if_fail (SL_IS_EXPORT_MANAGER (self), FALSE);
  return self->exports->len > 0;
}

double
sl_export_manager_get_fraction (SlExportManager *self)
{
  g_return_val_if_fail (SL_IS_EXPORT_MANAGER (self), 0.0);
  return self->fraction;
}

void
sl_export_manager_open_folder (GtkWindow *parent, const char *folder)
{
  g_autoptr (GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}
