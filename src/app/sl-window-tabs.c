// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-app"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-live-tile.h"
#include "sl-sequence-player.h"
#include "sl-split-view.h"
#include "sl-window-private.h"

/* The views in the tabs of the main window: opening a view or camera from the
 * sidebar (or focusing its tab), saving what the user changes in a split
 * view, remembering the open tabs in GSettings and opening them again at the
 * next start, and the "All cameras" view of the first start. */

static void selected_page_changed_cb (SlWindow *self);

/* The tabs, or the empty state without them. Also after the tab view was
 * hidden: the stack then moved to the empty state. */
static void
update_tabs_stack (SlWindow *self)
{
  gtk_stack_set_visible_child_name (
      self->tabs_stack, adw_tab_view_get_n_pages (self->tab_view) > 0 ? "tabs" : "no-tabs");
}

static void
update_subtitle (SlWindow *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  adw_window_title_set_subtitle (self->window_title,
                                 page != NULL ? adw_tab_page_get_title (page) : NULL);
}

#define REFERENCE_KEY "sl-reference"
#define VIEW_ID_KEY   "sl-view-id"

const char *
sl_window_page_get_reference (AdwTabPage *page)
{
  return g_object_get_data (G_OBJECT (page), REFERENCE_KEY);
}

static AdwTabPage *
find_page (SlWindow *self, const char *reference)
{
  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);

      if (g_strcmp0 (sl_window_page_get_reference (page), reference) == 0)
        return page;
    }
  return NULL;
}

/* ---- Remembering the tabs ----------------------------------------------------- */

/* Tabs name views by id, and ids mean something in one catalog only: the tab
 * set is remembered per data folder, keyed by the catalog's path. */
#define TABS_KEY         "tabs-by-data-folder"
#define MAX_TABS_FOLDERS 32

static char *
tabs_folder_key (SlWindow *self)
{
  SlCatalog *catalog = self->store != NULL ? sl_view_store_get_catalog (self->store) : NULL;

  return catalog != NULL ? g_canonicalize_filename (sl_catalog_get_path (catalog), NULL) : NULL;
}

/* The tabs remembered for this data folder; FALSE when there are none. */
static gboolean
lookup_tabs (SlWindow *self, GStrv *references, char **selected)
{
  g_autofree char *folder = tabs_folder_key (self);
  g_autoptr (GVariant) all = g_settings_get_value (self->settings, TABS_KEY);
  g_autoptr (GVariant) entry = NULL;

  if (folder == NULL)
    return FALSE;
  entry = g_variant_lookup_value (all, folder, G_VARIANT_TYPE ("(ass)"));
  if (entry != NULL)
    {
      g_variant_get (entry, "(^ass)", references, selected);
      return TRUE;
    }
  /* Before tabs were kept per folder: the one global set, once. */
  if (g_variant_n_children (all) == 0)
    {
      *references = g_settings_get_strv (self->settings, "open-tabs");
      *selected = g_settings_get_string (self->settings, "selected-tab");
      return TRUE;
    }
  return FALSE;
}

static void
save_tabs (SlWindow *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) references = NULL;
  g_autofree char *folder = NULL;
  g_autoptr (GVariant) all = NULL;
  GVariantBuilder entries;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  guint kept = 1;
  AdwTabPage *selected = adw_tab_view_get_selected_page (self->tab_view);
  const char *selected_reference =
      selected != NULL ? sl_window_page_get_reference (selected) : NULL;

  if (self->restoring || self->settings == NULL || (folder = tabs_folder_key (self)) == NULL)
    return;

  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      const char *reference =
          sl_window_page_get_reference (adw_tab_view_get_nth_page (self->tab_view, i));

      if (reference != NULL)
        g_strv_builder_add (builder, reference);
    }
  references = g_strv_builder_end (builder);

  g_variant_builder_init (&entries, G_VARIANT_TYPE ("a{s(ass)}"));
  g_variant_builder_add (&entries, "{s(^ass)}", folder, references,
                         selected_reference != NULL ? selected_reference : "");
  all = g_settings_get_value (self->settings, TABS_KEY);
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@(ass)}", &key, &value))
    {
      /* Folders long gone do not pile up for ever. */
      if (!g_str_equal (key, folder) && kept < MAX_TABS_FOLDERS)
        {
          g_variant_builder_add (&entries, "{s@(ass)}", key, value);
          kept++;
        }
      g_variant_unref (value);
    }
  g_settings_set_value (self->settings, TABS_KEY, g_variant_builder_end (&entries));
}

/* ---- Content --------------------------------------------------------------------- */

static void
layout_changed_cb (SlSplitView *split_view, SlWindow *self)
{
  gint64 view_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (split_view), VIEW_ID_KEY));

  if (view_id > 0)
    sl_window_save_split_view (self, view_id, sl_split_view_get_layout (split_view));
}

static GtkWidget *
split_view_new (SlWindow *self, const SlViewRecord *view)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_json (view->definition, &error);
  GtkWidget *split_view;

  if (layout == NULL)
    {
      g_warning ("View '%s': %s", view->name, error->message);
      layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_1);
    }
  split_view = sl_split_view_new (self->store);
  sl_split_view_set_layout (SL_SPLIT_VIEW (split_view), layout);
  g_object_set_data (G_OBJECT (split_view), VIEW_ID_KEY, GSIZE_TO_POINTER ((gsize)view->id));
  g_signal_connect_object (split_view, "layout-changed", G_CALLBACK (layout_changed_cb), self, 0);
  g_signal_connect_object (split_view, "notify::editing", G_CALLBACK (sl_window_update_edit_action),
                           self, G_CONNECT_SWAPPED);
  return split_view;
}

/**
 * sl_window_create_reference_content:
 * @self: a #SlWindow
 * @reference: "view:ID" or "camera:ID"
 * @title: (out): the name to show
 * @icon_name: (out): an icon for it
 *
 * Returns: (transfer floating) (nullable): the widget showing @reference, or
 *   %NULL when it names nothing
 */
GtkWidget *
sl_window_create_reference_content (SlWindow *self,
                                    const char *reference,
                                    char **title,
                                    const char **icon_name)
{
  SlFrameContent content;
  const SlViewRecord *view;
  gint64 id;

  if (self->store == NULL ||
      !sl_view_store_resolve_reference (self->store, reference, &content, &id))
    return NULL;

  *title = g_strdup (sl_view_store_get_reference_name (self->store, reference));
  if (content == SL_FRAME_CAMERA)
    {
      *icon_name = "camera-video-symbolic";
      return sl_split_view_create_content (self->store, content, id, 0);
    }

  view = sl_view_store_lookup_view (self->store, id);
  switch (view->kind)
    {
      case SL_VIEW_KIND_SPLIT:
        *icon_name = "view-grid-symbolic";
        return split_view_new (self, view);

      case SL_VIEW_KIND_SEQUENCE:
        *icon_name = "media-playlist-repeat-symbolic";
        return sl_split_view_create_content (self->store, SL_FRAME_SEQUENCE, id, 0);

      case SL_VIEW_KIND_CAMERA:
      case SL_VIEW_KIND_FOLDER:
      default:
        *icon_name = "camera-video-symbolic";
        return sl_split_view_create_content (self->store, SL_FRAME_VIEW, id, 0);
    }
}

static AdwTabPage *
append_page (SlWindow *self, const char *title, const char *icon_name, GtkWidget *widget)
{
  AdwTabPage *page = adw_tab_view_append (self->tab_view, widget);
  g_autoptr (GIcon) icon = g_themed_icon_new (icon_name);

  adw_tab_page_set_title (page, title);
  adw_tab_page_set_tooltip (page, title);
  adw_tab_page_set_icon (page, icon);
  return page;
}

/**
 * sl_window_open_reference:
 * @self: a #SlWindow
 * @reference: "view:ID" or "camera:ID"
 *
 * Selects the tab of @reference, opening one when there is none.
 *
 * Returns: (transfer none) (nullable): its tab, or %NULL when @reference
 *   names nothing
 */
AdwTabPage *
sl_window_open_reference (SlWindow *self, const char *reference)
{
  AdwTabPage *page = find_page (self, reference);
  g_autofree char *title = NULL;
  const char *icon_name = NULL;
  GtkWidget *content;

  if (page == NULL)
    {
      content = sl_window_create_reference_content (self, reference, &title, &icon_name);
      if (content == NULL)
        return NULL;
      /* Before appending: saving the tab set reads it. */
      page = adw_tab_view_add_page (self->tab_view, content, NULL);
      g_object_set_data_full (G_OBJECT (page), REFERENCE_KEY, g_strdup (reference), g_free);
      adw_tab_page_set_title (page, title);
      adw_tab_page_set_tooltip (page, title);
      {
        g_autoptr (GIcon) icon = g_themed_icon_new (icon_name);

        adw_tab_page_set_icon (page, icon);
      }
    }
  adw_tab_view_set_selected_page (self->tab_view, page);
  /* The first page was selected as it was added, before it had a title. */
  selected_page_changed_cb (self);
  return page;
}

/**
 * sl_window_open_tab:
 * @self: a #SlWindow
 * @title: the tab's title
 * @icon_name: (nullable): the tab's icon
 * @widget: what the tab shows
 *
 * Opens @widget in a new tab and selects it. Such tabs are not remembered at
 * the next start.
 *
 * Returns: (transfer none): the new tab
 */
AdwTabPage *
sl_window_open_tab (SlWindow *self, const char *title, const char *icon_name, GtkWidget *widget)
{
  AdwTabPage *page;

  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  page = append_page (self, title, icon_name != NULL ? icon_name : "view-grid-symbolic", widget);
  adw_tab_view_set_selected_page (self->tab_view, page);
  return page;
}

/* ---- Saving a split view ------------------------------------------------------- */

static void
view_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sl_view_store_update_view_finish (SL_VIEW_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->application != NULL)
    sl_window_show_error (self, error);
}

void
sl_window_save_split_view (SlWindow *self, gint64 view_id, const SlViewLayout *layout)
{
  const SlViewRecord *view =
      self->store != NULL ? sl_view_store_lookup_view (self->store, view_id) : NULL;
  g_autoptr (SlViewRecord) copy = NULL;

  if (view == NULL)
    return;
  copy = sl_view_record_copy (view);
  g_free (copy->definition);
  copy->definition = sl_view_layout_to_json (layout);
  sl_view_store_update_view_async (self->store, copy, NULL, view_saved_cb, g_object_ref (self));
}

/* ---- Tabs follow the store ------------------------------------------------------- */

/* A view renamed or deleted elsewhere (the sidebar). */
static void
store_changed_cb (SlWindow *self)
{
  for (int i = adw_tab_view_get_n_pages (self->tab_view) - 1; i >= 0; i--)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      const char *reference = sl_window_page_get_reference (page);
      SlFrameContent content;
      gint64 id;

      if (reference == NULL)
        continue;
      if (!sl_view_store_resolve_reference (self->store, reference, &content, &id))
        adw_tab_view_close_page (self->tab_view, page);
      else
        adw_tab_page_set_title (page, sl_view_store_get_reference_name (self->store, reference));
    }
  update_subtitle (self);
}

static void
all_cameras_added_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 id = sl_view_store_add_view_finish (SL_VIEW_STORE (source), result, &error);
  g_autofree char *reference = NULL;

  if (id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->application != NULL)
        sl_window_show_error (self, error);
      return;
    }
  if (self->store != SL_VIEW_STORE (source))
    return;
  reference = g_strdup_printf ("view:%" G_GINT64_FORMAT, id);
  sl_window_open_reference (self, reference);
}

/* The first start with cameras: one split view with all of them, in the
 * smallest template that holds them, so that there is video at once. */
static void
add_all_cameras_view (SlWindow *self)
{
  GListModel *cameras = sl_view_store_get_cameras (self->store);
  guint n_cameras = g_list_model_get_n_items (cameras);
  g_autoptr (SlViewLayout) layout =
      sl_view_layout_new_from_template (sl_view_template_for_cameras (n_cameras));
  g_autofree gint64 *ids = g_new0 (gint64, MAX (n_cameras, 1));
  g_autofree char *definition = NULL;
  SlViewRecord view = { 0 };

  for (guint i = 0; i < n_cameras; i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (cameras, i);

      ids[i] = sl_camera_get_id (camera);
    }
  sl_view_layout_fill_cameras (layout, ids, n_cameras);
  definition = sl_view_layout_to_json (layout);

  view.kind = SL_VIEW_KIND_SPLIT;
  view.name = (char *)_ ("All cameras");
  view.definition = definition;
  sl_view_store_add_view_async (self->store, &view, NULL, all_cameras_added_cb,
                                g_object_ref (self));
}

static void
restore_tabs (SlWindow *self)
{
  g_auto (GStrv) references = NULL;
  g_autofree char *selected = NULL;
  AdwTabPage *page;

  if (!lookup_tabs (self, &references, &selected))
    {
      references = g_new0 (char *, 1);
      selected = g_strdup ("");
    }

  self->restoring = TRUE;
  /* Hidden while the tabs open: only the selected one's tiles start. */
  gtk_widget_set_visible (GTK_WIDGET (self->tab_view), FALSE);
  for (guint i = 0; references[i] != NULL; i++)
    {
      if (sl_window_open_reference (self, references[i]) == NULL)
        g_debug ("The tab of '%s' is gone: it names nothing", references[i]);
    }
  page = find_page (self, selected);
  if (page != NULL)
    adw_tab_view_set_selected_page (self->tab_view, page);
  gtk_widget_set_visible (GTK_WIDGET (self->tab_view), TRUE);
  update_tabs_stack (self);
  self->restoring = FALSE;
  save_tabs (self);
}

static void
store_loaded_cb (SlWindow *self)
{
  g_debug ("Views: %s", self->store == NULL                      ? "none"
                        : sl_view_store_get_loaded (self->store) ? "loaded"
                                                                 : "loading");
  if (self->store == NULL || !sl_view_store_get_loaded (self->store) ||
      g_object_get_data (G_OBJECT (self->store), "sl-window-restored") != NULL)
    return;
  g_object_set_data (G_OBJECT (self->store), "sl-window-restored", GINT_TO_POINTER (TRUE));

  /* From now on the user's tabs are remembered. */
  self->restoring = FALSE;
  if (sl_view_store_get_views (self->store)->len == 0 &&
      g_list_model_get_n_items (sl_view_store_get_cameras (self->store)) > 0)
    add_all_cameras_view (self);
  else
    restore_tabs (self);
}

static void
close_all_pages (SlWindow *self)
{
  gboolean restoring = self->restoring;

  self->restoring = TRUE;
  /* Closing the selected tab selects another: hidden, its tiles do not start
   * watching their cameras only to stop again. */
  gtk_widget_set_visible (GTK_WIDGET (self->tab_view), FALSE);
  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, 0);

      if (adw_tab_page_get_pinned (page))
        adw_tab_view_set_page_pinned (self->tab_view, page, FALSE);
      adw_tab_view_close_page (self->tab_view, page);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tab_view), TRUE);
  update_tabs_stack (self);
  self->restoring = restoring;
}

void
sl_window_tabs_set_store (SlWindow *self, SlViewStore *store)
{
  SlViewStore *old = sl_sidebar_get_store (self->sidebar);

  if (old != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  close_all_pages (self);
  /* Until the views are read and the tabs opened again, the remembered tabs
   * stay as they are. */
  self->restoring = TRUE;
  sl_sidebar_set_store (self->sidebar, store);
  if (store == NULL)
    return;

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::loaded", G_CALLBACK (store_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  store_loaded_cb (self);
}

/* ---- The tab view's signals ----------------------------------------------------- */

void
sl_window_update_edit_action (SlWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "edit-view");
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);
  GtkWidget *child = page != NULL ? adw_tab_page_get_child (page) : NULL;
  gboolean editable =
      SL_IS_SPLIT_VIEW (child) && g_object_get_data (G_OBJECT (child), VIEW_ID_KEY) != NULL;

  if (action == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), editable);
  g_simple_action_set_state (
      G_SIMPLE_ACTION (action),
      g_variant_new_boolean (editable && sl_split_view_get_editing (SL_SPLIT_VIEW (child))));
}

static void
selected_page_changed_cb (SlWindow *self)
{
  update_subtitle (self);
  sl_window_update_edit_action (self);
  save_tabs (self);
}

static void
pages_changed_cb (SlWindow *self)
{
  update_tabs_stack (self);
  save_tabs (self);
}

static void
setup_menu_cb (AdwTabView *tab_view, AdwTabPage *page, SlWindow *self)
{
  const char *reference = page != NULL ? sl_window_page_get_reference (page) : NULL;

  /* NULL when the menu closes; actions activated from it ran before. */
  self->menu_page = page;
  g_menu_remove_all (self->tab_monitor_menu);
  if (reference != NULL)
    {
      g_autoptr (GMenuModel) monitors =
          sl_monitor_menu_new (gtk_widget_get_display (GTK_WIDGET (self)), reference);

      g_menu_append_section (self->tab_monitor_menu, NULL, monitors);
    }
}

static void
sidebar_open_cb (SlSidebar *sidebar, const char *reference, const char *name, SlWindow *self)
{
  sl_window_open_reference (self, reference);
}

void
sl_window_tabs_init (SlWindow *self)
{
  g_signal_connect_object (self->tab_view, "notify::selected-page",
                           G_CALLBACK (selected_page_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "page-attached", G_CALLBACK (pages_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "page-detached", G_CALLBACK (pages_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "page-reordered", G_CALLBACK (pages_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "setup-menu", G_CALLBACK (setup_menu_cb), self, 0);
  g_signal_connect_object (self->sidebar, "open", G_CALLBACK (sidebar_open_cb), self, 0);
  sl_window_update_edit_action (self);
}

/* ---- Show on Monitor ----------------------------------------------------------- */

static gboolean
close_window_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

/**
 * sl_window_show_on_monitor:
 * @self: a #SlWindow
 * @reference: the view or camera to show
 * @monitor: the index of the monitor in gdk_display_get_monitors()
 *
 * Opens @reference full screen in its own window on @monitor; Escape closes it.
 */
void
sl_window_show_on_monitor (SlWindow *self, const char *reference, guint monitor)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr (GdkMonitor) target = g_list_model_get_item (monitors, monitor);
  g_autofree char *title = NULL;
  const char *icon_name;
  GtkWidget *content = sl_window_create_reference_content (self, reference, &title, &icon_name);
  GtkWidget *window;
  GtkEventController *keys;

  if (content == NULL || target == NULL)
    {
      if (content != NULL)
        {
          g_object_ref_sink (content);
          g_object_unref (content);
        }
      sl_window_add_toast (self, adw_toast_new (_ ("That monitor or view is no longer there")));
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  adw_window_set_content (ADW_WINDOW (window), content);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 540);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self->application));

  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_callback_action_new (close_window_cb, NULL, NULL)));
  gtk_widget_add_controller (window, keys);

  gtk_window_fullscreen_on_monitor (GTK_WINDOW (window), target);
  gtk_window_present (GTK_WINDOW (window));
}
