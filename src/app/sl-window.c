// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-app"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-camera.h"
#include "sl-sidebar.h"
#include "sl-split-view.h"
#include "sl-window-private.h"

/* The main window: the recorder's state (starting, no cameras, failed), and
 * while it runs the sidebar of views and cameras beside the tabs where views
 * open. This file has the window's state, the status button and the actions;
 * sl-window-tabs.c the tabs, sl-window-dialogs.c the dialogs,
 * sl-window-recordings.c the recordings tabs. */

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

static void
restore_window_state (SlWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* GTK keeps the default size at the size of the unmaximized window, which is
 * what the next start should restore. */
static void
save_window_state (SlWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

/* ---- Status ------------------------------------------------------------------- */

/* What is wrong with a camera, in the user's words, or NULL when nothing is. */
static const char *
camera_trouble (SlCamera *camera)
{
  switch (sl_camera_get_state (camera))
    {
      case SL_CAMERA_STATE_RECONNECTING:
        return _ ("Connection lost");
      case SL_CAMERA_STATE_AUTH_FAILED:
        return _ ("Enter password");
      case SL_CAMERA_STATE_STORAGE_ERROR:
        return _ ("Storage problem");
      case SL_CAMERA_STATE_DISABLED:
      case SL_CAMERA_STATE_CONNECTING:
      case SL_CAMERA_STATE_RECORDING:
      default:
        return NULL;
    }
}

static void
add_status_row (SlWindow *self, const char *icon_name, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->status_list, row);
}

static void
update_status (SlWindow *self)
{
  GListModel *cameras = sl_application_get_cameras (self->application);
  guint n_cameras = g_list_model_get_n_items (cameras);
  guint n_trouble = 0;
  guint n_recording = 0;
  g_autofree char *title = NULL;
  const char *icon_name = "emblem-ok-symbolic";
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->status_list))) != NULL)
    gtk_list_box_remove (self->status_list, child);

  for (guint i = 0; i < n_cameras; i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (cameras, i);

      if (camera_trouble (camera) != NULL)
        n_trouble++;
      else if (sl_camera_get_state (camera) == SL_CAMERA_STATE_RECORDING)
        n_recording++;
    }

  switch (sl_application_get_recorder_status (self->application))
    {
      case SL_RECORDER_STATUS_RUNNING:
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Recording %u of %u camera",
                                              "Recording %u of %u cameras", n_cameras),
                                 n_recording, n_cameras);
        add_status_row (self, "media-record-symbolic", title,
                        n_trouble > 0 ? _ ("Some cameras need attention") : _ ("All is well"));
        break;

      case SL_RECORDER_STATUS_FAILED:
        icon_name = "dialog-error-symbolic";
        add_status_row (self, icon_name, _ ("Recording is off"),
                        sl_application_get_recorder_error (self->application));
        break;

      case SL_RECORDER_STATUS_STARTING:
        icon_name = "content-loading-symbolic";
        add_status_row (self, icon_name, _ ("Starting the recorder"), NULL);
        break;

      case SL_RECORDER_STATUS_STOPPING:
      case SL_RECORDER_STATUS_STOPPED:
      default:
        icon_name = "content-loading-symbolic";
        add_status_row (self, icon_name, _ ("Stopping the recorder"), NULL);
        break;
    }

  for (guint i = 0; i < n_cameras; i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (cameras, i);
      const char *trouble = camera_trouble (camera);
      g_autofree char *subtitle = NULL;
      const char *error = sl_camera_get_last_error (camera);

      if (trouble == NULL)
        continue;
      subtitle = error != NULL && *error != '\0' ? g_strdup_printf ("%s — %s", trouble, error)
                                                 : g_strdup (trouble);
      add_status_row (self, "dialog-warning-symbolic", sl_camera_get_name (camera), subtitle);
    }

  if (n_trouble > 0)
    {
      g_autofree char *tooltip =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u camera needs attention",
                                        "%u cameras need attention", n_trouble),
                           n_trouble);

      icon_name = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->status_button), "warning");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_button), tooltip);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_button), "warning");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_button), _ ("Recorder Status"));
    }
  gtk_menu_button_set_icon_name (self->status_button, icon_name);
}

static void
camera_state_changed_cb (SlWindow *self)
{
  update_status (self);
}

static void
watch_cameras (SlWindow *self)
{
  GListModel *cameras = sl_application_get_cameras (self->application);

  for (guint i = 0; i < self->watched_cameras->len; i++)
    g_signal_handlers_disconnect_by_data (self->watched_cameras->pdata[i], self);
  g_ptr_array_set_size (self->watched_cameras, 0);

  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      SlCamera *camera = g_list_model_get_item (cameras, i);

      g_signal_connect_object (camera, "notify::state", G_CALLBACK (camera_state_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->watched_cameras, camera);
    }
}

/* ---- Content ------------------------------------------------------------------ */

static void
update_content (SlWindow *self)
{
  const char *page = "starting";
  const char *error;
  g_autofree char *description = NULL;
  SlCatalog *catalog;

  if (self->application == NULL)
    return;

  switch (sl_application_get_recorder_status (self->application))
    {
      case SL_RECORDER_STATUS_STARTING:
        page = "starting";
        break;

      case SL_RECORDER_STATUS_RUNNING:
        if (g_list_model_get_n_items (sl_application_get_cameras (self->application)) > 0)
          page = "views";
        else
          page = "empty";
        break;

      case SL_RECORDER_STATUS_FAILED:
        /* The status page reads its description as markup. */
        error = sl_application_get_recorder_error (self->application);
        description = g_markup_escape_text (error != NULL ? error : "", -1);
        adw_status_page_set_description (self->failed_page, description);
        page = "failed";
        break;

      case SL_RECORDER_STATUS_STOPPING:
      case SL_RECORDER_STATUS_STOPPED:
      default:
        page = "stopping";
        break;
    }

  /* The views live as long as the recorder's catalog. */
  catalog = sl_application_get_catalog (self->application);
  if (catalog == NULL && self->store != NULL)
    {
      sl_window_tabs_set_store (self, NULL);
      g_clear_object (&self->store);
    }
  else if (catalog != NULL &&
           (self->store == NULL || sl_view_store_get_catalog (self->store) != catalog))
    {
      g_clear_object (&self->store);
      self->store = sl_view_store_new (catalog, sl_application_get_cameras (self->application));
      sl_window_tabs_set_store (self, self->store);
    }

  gtk_stack_set_visible_child_name (self->content_stack, page);
  /* A spinner animates while realized, shown or not, and an animation
   * restyles and lays out the whole window on every frame: only the page
   * shown spins. */
  gtk_spinner_set_spinning (self->starting_spinner, g_str_equal (page, "starting"));
  gtk_spinner_set_spinning (self->stopping_spinner, g_str_equal (page, "stopping"));
  gtk_widget_set_visible (GTK_WIDGET (self->status_button), !g_str_equal (page, "starting"));
  sl_window_update_edit_action (self);
  watch_cameras (self);
  update_status (self);
}

/* ---- Actions ------------------------------------------------------------------ */

static void
open_reference_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_open_reference (SL_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static void
show_on_monitor_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  const char *reference;
  guint monitor;

  g_variant_get (parameter, "(&su)", &reference, &monitor);
  sl_window_show_on_monitor (SL_WINDOW (user_data), reference, monitor);
}

static void
show_recordings_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_show_recordings (SL_WINDOW (user_data), g_variant_get_int64 (parameter));
}

static void
show_view_recordings_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_show_view_recordings (SL_WINDOW (user_data), g_variant_get_int64 (parameter));
}

static void
instant_replay_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_instant_replay (SL_WINDOW (user_data), g_variant_get_int64 (parameter));
}

static void
new_split_view_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_new_split_view (SL_WINDOW (user_data));
}

static void
new_sequence_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_new_sequence (SL_WINDOW (user_data));
}

static void
new_folder_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_new_folder (SL_WINDOW (user_data));
}

static void
new_camera_view_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_new_camera_view (SL_WINDOW (user_data));
}

static void
move_view_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  gint64 view_id, folder_id;

  g_variant_get (parameter, "(xx)", &view_id, &folder_id);
  sl_window_move_view (SL_WINDOW (user_data), view_id, folder_id);
}

static void
place_view_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  gint64 view_id, folder_id;
  gint32 index;

  g_variant_get (parameter, "(xxi)", &view_id, &folder_id, &index);
  sl_window_place_view (SL_WINDOW (user_data), view_id, folder_id, index);
}

static void
edit_sequence_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_edit_sequence (SL_WINDOW (user_data), g_variant_get_int64 (parameter));
}

static void
rename_view_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_rename_view (SL_WINDOW (user_data), g_variant_get_int64 (parameter));
}

static void
delete_view_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  sl_window_delete_view (SL_WINDOW (user_data), g_variant_get_int64 (parameter));
}

static void
close_tab_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlWindow *self = SL_WINDOW (user_data);
  AdwTabPage *page =
      self->menu_page != NULL ? self->menu_page : adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
edit_view_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  SlWindow *self = SL_WINDOW (user_data);
  AdwTabPage *page =
      self->menu_page != NULL ? self->menu_page : adw_tab_view_get_selected_page (self->tab_view);
  GtkWidget *child = page != NULL ? adw_tab_page_get_child (page) : NULL;

  if (!SL_IS_SPLIT_VIEW (child))
    return;
  if (page != adw_tab_view_get_selected_page (self->tab_view))
    adw_tab_view_set_selected_page (self->tab_view, page);
  sl_split_view_set_editing (SL_SPLIT_VIEW (child), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static const GActionEntry win_actions[] = {
  { "open-reference", open_reference_activated, "s" },
  { "show-on-monitor", show_on_monitor_activated, "(su)" },
  { "show-recordings", show_recordings_activated, "x" },
  { "show-view-recordings", show_view_recordings_activated, "x" },
  { "instant-replay", instant_replay_activated, "x" },
  { "new-split-view", new_split_view_activated },
  { "new-sequence", new_sequence_activated },
  { "new-folder", new_folder_activated },
  { "new-camera-view", new_camera_view_activated },
  { "move-view", move_view_activated, "(xx)" },
  { "place-view", place_view_activated, "(xxi)" },
  { "edit-sequence", edit_sequence_activated, "x" },
  { "rename-view", rename_view_activated, "x" },
  { "delete-view", delete_view_activated, "x" },
  { "close-tab", close_tab_activated },
  { "edit-view", NULL, NULL, "false", edit_view_changed },
};

/* ---- GObject ---------------------------------------------------------------- */

/* Every way a window goes away (closing it, app.quit) unrealizes it: saving the
 * state here covers them all. */
static void
sl_window_unrealize (GtkWidget *widget)
{
  SlWindow *self = SL_WINDOW (widget);

  if (self->settings != NULL)
    save_window_state (self);

  GTK_WIDGET_CLASS (sl_window_parent_class)->unrealize (widget);
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  if (self->watched_cameras != NULL)
    {
      for (guint i = 0; i < self->watched_cameras->len; i++)
        g_signal_handlers_disconnect_by_data (self->watched_cameras->pdata[i], self);
      g_clear_pointer (&self->watched_cameras, g_ptr_array_unref);
    }
  /* Closing the tabs now must not forget them for the next start. */
  self->restoring = TRUE;
  if (self->tab_view != NULL)
    sl_window_tabs_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  self->application = NULL;

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SL_TYPE_SIDEBAR);

  object_class->dispose = sl_window_dispose;
  widget_class->unrealize = sl_window_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, stopping_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, tabs_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, status_list);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, tab_monitor_menu);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-split-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close-tab",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.edit-view",
                                       NULL);
}

static void
sl_window_init (SlWindow *self)
{
  g_autoptr (GPropertyAction) show_sidebar = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_PROFILE
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->watched_cameras = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (APPLICATION_ID);
  self->restoring = TRUE; /* until the views are read */
  restore_window_state (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
  show_sidebar = g_property_action_new ("show-sidebar", self->flap, "reveal-flap");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_sidebar));

  sl_window_tabs_init (self);
}

/**
 * sl_window_new:
 * @application: the application the window belongs to
 *
 * Creates a main window of Sightline, which shows the views and cameras that
 * @application records, or why it does not record.
 *
 * Returns: (transfer none): a new #SlWindow, owned by GTK like every toplevel
 */
SlWindow *
sl_window_new (SlApplication *application)
{
  SlWindow *self;

  g_return_val_if_fail (SL_IS_APPLICATION (application), NULL);

  self = g_object_new (SL_TYPE_WINDOW, "application", application, NULL);
  /* The window belongs to the application, which outlives it. */
  self->application = application;

  g_signal_connect_object (application, "notify::recorder-status", G_CALLBACK (update_content),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sl_application_get_cameras (application), "items-changed",
                           G_CALLBACK (update_content), self, G_CONNECT_SWAPPED);
  update_content (self);

  return self;
}

/**
 * sl_window_add_toast:
 * @self: a #SlWindow
 * @toast: (transfer full): the toast to show
 *
 * Shows @toast at the bottom of the window.
 */
void
sl_window_add_toast (SlWindow *self, AdwToast *toast)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sl_window_get_view_store:
 * @self: a #SlWindow
 *
 * Returns: (transfer none) (nullable): the views of the catalog, while the
 *   recorder runs
 */
SlViewStore *
sl_window_get_view_store (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * sl_window_get_tab_view:
 * @self: a #SlWindow
 *
 * Returns: (transfer none): the tabs of the main area
 */
AdwTabView *
sl_window_get_tab_view (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);

  return self->tab_view;
}

void
sl_window_show_error (SlWindow *self, const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  sl_window_add_toast (self, toast);
}
