// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cameras-page.h"
#include "sl-preferences-window.h"
#include "sl-snapshot.h"

struct _SlPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template children */
  AdwActionRow *snapshot_folder_row;
  GtkWidget *use_default_snapshot_folder_button;
  GtkAdjustment *instant_replay_adjustment;

  SlCamerasPage *cameras_page;

  /* Owned */
  GSettings *settings;
  GtkFileChooserNative *folder_chooser;
};

G_DEFINE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_snapshot_folder_row (SlPreferencesWindow *self)
{
  g_autofree char *custom = g_settings_get_string (self->settings, "snapshot-folder");
  g_autofree char *folder = sl_snapshot_dup_folder ();
  g_autofree char *display = g_filename_display_name (folder);

  adw_action_row_set_subtitle (self->snapshot_folder_row, display);
  gtk_widget_set_visible (self->use_default_snapshot_folder_button, custom[0] != '\0');
}

static gboolean
get_int_as_double (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_double (value, g_variant_get_int32 (variant));
  return TRUE;
}

static GVariant *
set_double_as_int (const GValue *value, const GVariantType *expected_type, gpointer user_data)
{
  /* The adjustment only holds positive whole numbers; + 0.5 rounds them safely. */
  return g_variant_new_int32 ((gint32)(g_value_get_double (value) + 0.5));
}

static void
on_snapshot_folder_changed (GSettings *settings, const char *key, SlPreferencesWindow *self)
{
  update_snapshot_folder_row (self);
}

static void
on_folder_chooser_response (GtkNativeDialog *dialog, int response, SlPreferencesWindow *self)
{
  g_autoptr (GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  g_clear_object (&self->folder_chooser);

  if (folder == NULL)
    return;

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      adw_preferences_window_add_toast (
          ADW_PREFERENCES_WINDOW (self),
          adw_toast_new (_ ("Snapshots can only be saved in a folder on this computer")));
      return;
    }

  g_settings_set_string (self->settings, "snapshot-folder", path);
}

static void
choose_snapshot_folder (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (widget);
  g_autofree char *current = NULL;
  g_autoptr (GFile) current_file = NULL;

  if (self->folder_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
      return;
    }

  self->folder_chooser = gtk_file_chooser_native_new (
      _ ("Choose Snapshot Folder"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
      _ ("_Select"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->folder_chooser), TRUE);

  /* Start where snapshots go now, if that folder exists already. */
  current = sl_snapshot_dup_folder ();
  if (g_file_test (current, G_FILE_TEST_IS_DIR))
    {
      current_file = g_file_new_for_path (current);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->folder_chooser), current_file,
                                           NULL);
    }

  g_signal_connect (self->folder_chooser, "response", G_CALLBACK (on_folder_chooser_response),
                    self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
use_default_snapshot_folder (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, "snapshot-folder");
}

static void
sl_preferences_window_dispose (GObject *object)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (object);

  if (self->folder_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->folder_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
      g_clear_object (&self->folder_chooser);
    }

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (sl_preferences_window_parent_class)->dispose (object);
}

static void
sl_preferences_window_class_init (SlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, snapshot_folder_row);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow,
                                        use_default_snapshot_folder_button);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow,
                                        instant_replay_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, cameras_page);

  gtk_widget_class_install_action (widget_class, "preferences.choose-snapshot-folder", NULL,
                                   choose_snapshot_folder);
  gtk_widget_class_install_action (widget_class, "preferences.use-default-snapshot-folder", NULL,
                                   use_default_snapshot_folder);
}

static void
sl_preferences_window_init (SlPreferencesWindow *self)
{
  g_type_ensure (SL_TYPE_CAMERAS_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  g_signal_connect (self->settings, "changed::snapshot-folder",
                    G_CALLBACK (on_snapshot_folder_changed), self);
  update_snapshot_folder_row (self);

  g_settings_bind_with_mapping (self->settings, "instant-replay-seconds",
                                self->instant_replay_adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                get_int_as_double, set_double_as_int, NULL, NULL);
}

/**
 * sl_preferences_window_new:
 * @parent: (nullable): the window the preferences belong to
 *
 * Creates the preferences window, modal to @parent.
 *
 * Returns: (transfer none): a new #SlPreferencesWindow, owned by GTK like every toplevel
 */
GtkWidget *
sl_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SL_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}

/**
 * sl_preferences_window_set_recorder:
 * @recorder: (nullable): the running recorder, or %NULL
 * @cameras: (nullable): its cameras (SlCamera), as SlApplication lists them
 *
 * Gives the Cameras page the cameras to list and change.
 */
void
sl_preferences_window_set_recorder (SlPreferencesWindow *self,
                                    SlRecorder *recorder,
                                    GListModel *cameras)
{
  g_return_if_fail (SL_IS_PREFERENCES_WINDOW (self));

  sl_cameras_page_set_recorder (self->cameras_page, recorder, cameras);
}

/* Opens the window on the Cameras page (app.cameras). */
void
sl_preferences_window_show_cameras (SlPreferencesWindow *self)
{
  g_return_if_fail (SL_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (self->cameras_page));
}
