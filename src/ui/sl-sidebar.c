// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-sidebar.h"

/* ---- Rows ------------------------------------------------------------------ */

typedef enum
{
  ROW_FOLDER,
  ROW_SPLIT,
  ROW_SEQUENCE,
  ROW_CAMERA_VIEW,
  ROW_CAMERAS, /* the group of the system's cameras */
  ROW_CAMERA,
} RowKind;

#define SL_TYPE_SIDEBAR_ROW (sl_sidebar_row_get_type ())
G_DECLARE_FINAL_TYPE (SlSidebarRow, sl_sidebar_row, SL, SIDEBAR_ROW, GObject)

struct _SlSidebarRow
{
  GObject parent_instance;

  RowKind kind;
  gint64 id;
  gint64 parent_id; /* the folder holding it, 0 at the top level */
  guint index;      /* among the rows of its folder */
  char *name;
  char *reference;      /* NULL for folders and the group */
  GListStore *children; /* SlSidebarRow; NULL unless a folder or the group */
};

G_DEFINE_FINAL_TYPE (SlSidebarRow, sl_sidebar_row, G_TYPE_OBJECT)

static void
sl_sidebar_row_finalize (GObject *object)
{
  SlSidebarRow *self = SL_SIDEBAR_ROW (object);

  g_free (self->name);
  g_free (self->reference);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sl_sidebar_row_parent_class)->finalize (object);
}

static void
sl_sidebar_row_class_init (SlSidebarRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_sidebar_row_finalize;
}

static void
sl_sidebar_row_init (SlSidebarRow *self)
{
}

static SlSidebarRow *
row_new (RowKind kind, gint64 id, const char *name)
{
  SlSidebarRow *row = g_object_new (SL_TYPE_SIDEBAR_ROW, NULL);

  row->kind = kind;
  row->id = id;
  row->name = g_strdup (name);
  if (kind == ROW_FOLDER || kind == ROW_CAMERAS)
    row->children = g_list_store_new (SL_TYPE_SIDEBAR_ROW);
  else if (kind == ROW_CAMERA)
    row->reference = g_strdup_printf ("camera:%" G_GINT64_FORMAT, id);
  else
    row->reference = g_strdup_printf ("view:%" G_GINT64_FORMAT, id);
  return row;
}

static const char *
row_icon_name (SlSidebarRow *row)
{
  switch (row->kind)
    {
      case ROW_FOLDER:
        return "folder-symbolic";
      case ROW_SPLIT:
        return "view-grid-symbolic";
      case ROW_SEQUENCE:
        return "media-playlist-repeat-symbolic";
      case ROW_CAMERAS:
      case ROW_CAMERA_VIEW:
      case ROW_CAMERA:
      default:
        return "camera-video-symbolic";
    }
}

/* ---- The sidebar ------------------------------------------------------------ */

struct _SlSidebar
{
  GtkWidget parent_instance;

  /* Template children */
  GtkListView *list_view;

  /* Owned */
  SlViewStore *store;
  GListStore *roots; /* SlSidebarRow */
  GtkTreeListModel *tree;
  GtkSingleSelection *selection;
  GHashTable *views; /* view id → SlSidebarRow, borrowed from the tree */

  /* The row to focus again once the rebuilt rows are on screen. */
  RowKind focus_kind;
  gint64 focus_id;
  guint focus_idle_id;
};

enum
{
  SIGNAL_OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlSidebar, sl_sidebar, GTK_TYPE_WIDGET)

static GListModel *
create_children_cb (gpointer item, gpointer user_data)
{
  SlSidebarRow *row = item;

  return row->children != NULL ? g_object_ref (G_LIST_MODEL (row->children)) : NULL;
}

static RowKind
row_kind_for (SlViewKind kind)
{
  switch (kind)
    {
      case SL_VIEW_KIND_FOLDER:
        return ROW_FOLDER;
      case SL_VIEW_KIND_SEQUENCE:
        return ROW_SEQUENCE;
      case SL_VIEW_KIND_CAMERA:
        return ROW_CAMERA_VIEW;
      case SL_VIEW_KIND_SPLIT:
      default:
        return ROW_SPLIT;
    }
}

static SlSidebarRow *row_of_widget (GtkWidget *row_widget);
static gboolean focus_row_cb (gpointer user_data);

/* Folders are made expanded: the ones the user collapsed stay collapsed. */
static GHashTable *
collapsed_folders (SlSidebar *self)
{
  GHashTable *collapsed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr (GtkTreeListRow) tree_row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr (SlSidebarRow) row = gtk_tree_list_row_get_item (tree_row);

      if (row->children != NULL && !gtk_tree_list_row_get_expanded (tree_row))
        g_hash_table_add (collapsed, g_memdup2 (&row->id, sizeof row->id));
    }
  return collapsed;
}

static void
collapse_again (SlSidebar *self, GHashTable *collapsed)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr (GtkTreeListRow) tree_row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr (SlSidebarRow) row = gtk_tree_list_row_get_item (tree_row);

      if (row->children != NULL && g_hash_table_contains (collapsed, &row->id))
        gtk_tree_list_row_set_expanded (tree_row, FALSE);
    }
}

/* Views and cameras change rarely: the tree is built again each time, with
 * the folders the user collapsed and the focused row kept. The views come
 * parents first, so each folder exists before what it holds. */
static void
rebuild (SlSidebar *self)
{
  g_autoptr (GHashTable) folders = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) collapsed = collapsed_folders (self);
  g_autoptr (SlSidebarRow) cameras = row_new (ROW_CAMERAS, 0, _ ("Cameras"));
  GtkWidget *focus_widget = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
  SlSidebarRow *focused = focus_widget != NULL ? row_of_widget (focus_widget) : NULL;
  GListModel *camera_list;
  GPtrArray *views;

  if (focused != NULL)
    {
      self->focus_kind = focused->kind;
      self->focus_id = focused->id;
    }
  g_hash_table_remove_all (self->views);
  g_list_store_remove_all (self->roots);
  if (self->store == NULL)
    return;

  views = sl_view_store_get_views (self->store);
  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *view = views->pdata[i];
      g_autoptr (SlSidebarRow) row = row_new (row_kind_for (view->kind), view->id, view->name);
      SlSidebarRow *parent = g_hash_table_lookup (folders, &view->parent_id);
      GListStore *siblings = parent != NULL ? parent->children : self->roots;

      row->parent_id = parent != NULL ? parent->id : 0;
      row->index = g_list_model_get_n_items (G_LIST_MODEL (siblings));
      g_list_store_append (siblings, row);
      g_hash_table_insert (self->views, &row->id, row);
      if (row->kind == ROW_FOLDER)
        g_hash_table_insert (folders, &row->id, row);
    }

  camera_list = sl_view_store_get_cameras (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (camera_list); i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (camera_list, i);
      g_autoptr (SlSidebarRow) row =
          row_new (ROW_CAMERA, sl_camera_get_id (camera), sl_camera_get_name (camera));

      g_list_store_append (cameras->children, row);
    }
  g_list_store_append (self->roots, cameras);
  collapse_again (self, collapsed);

  /* The rows' widgets are made at the next layout. */
  if (self->focus_id != 0 && self->focus_idle_id == 0)
    self->focus_idle_id = g_idle_add (focus_row_cb, self);
}

static SlSidebarRow *
row_of_list_item (GtkListItem *list_item)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (list_item);

  return tree_row != NULL ? gtk_tree_list_row_get_item (tree_row) : NULL;
}

/* The row shown by a child of the list view (a list item's widget). */
static SlSidebarRow *
row_of_widget (GtkWidget *row_widget)
{
  GtkWidget *expander = gtk_widget_get_first_child (row_widget);

  if (!GTK_IS_TREE_EXPANDER (expander))
    return NULL;
  return gtk_tree_expander_get_item (GTK_TREE_EXPANDER (expander));
}

static gboolean
focus_row_cb (gpointer user_data)
{
  SlSidebar *self = SL_SIDEBAR (user_data);

  self->focus_idle_id = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SlSidebarRow *row = row_of_widget (child);

      if (row != NULL && row->kind == self->focus_kind && row->id == self->focus_id)
        {
          gtk_widget_grab_focus (child);
          break;
        }
    }
  self->focus_id = 0;
  return G_SOURCE_REMOVE;
}

/* ---- Moving views in the tree ------------------------------------------------ */

typedef enum
{
  DROP_NONE,
  DROP_BEFORE,
  DROP_INTO,
  DROP_AFTER,
} DropPlace;

static gint64
view_of_reference (const char *reference)
{
  guint64 id;

  if (reference == NULL || !g_str_has_prefix (reference, "view:") ||
      !g_ascii_string_to_unsigned (reference + 5, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return id;
}

/* Where a view dropped at @y on @target goes: before or after a view, into
 * a folder (its middle half), or at the end of the top level (the Cameras
 * group). Cameras stay where they are. */
static DropPlace
drop_place (SlSidebarRow *target, GtkWidget *widget, double y)
{
  int height = MAX (gtk_widget_get_height (widget), 1);

  switch (target->kind)
    {
      case ROW_CAMERA:
        return DROP_NONE;
      case ROW_CAMERAS:
        return DROP_BEFORE;
      case ROW_FOLDER:
        return y < height / 4.0 ? DROP_BEFORE : y > height * 3 / 4.0 ? DROP_AFTER : DROP_INTO;
      case ROW_SPLIT:
      case ROW_SEQUENCE:
      case ROW_CAMERA_VIEW:
      default:
        return y < height / 2.0 ? DROP_BEFORE : DROP_AFTER;
    }
}

static void
clear_drop_marks (GtkWidget *widget)
{
  gtk_widget_remove_css_class (widget, "sl-drop-before");
  gtk_widget_remove_css_class (widget, "sl-drop-after");
  gtk_widget_remove_css_class (widget, "sl-drop-into");
}

/* Asks the window to put @view at @index among the views of @folder_id. */
static void
place_view (SlSidebar *self, gint64 view_id, gint64 folder_id, int index)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.place-view", "(xxi)", view_id, folder_id,
                              index);
}

/* The index a view gets among the views of @target's folder, counted
 * without the view itself, for a drop before or after @target. */
static int
index_next_to (SlSidebar *self, gint64 view_id, SlSidebarRow *target, DropPlace place)
{
  SlSidebarRow *moved = g_hash_table_lookup (self->views, &view_id);
  int index = target->index;

  if (moved != NULL && moved->parent_id == target->parent_id && moved->index < target->index)
    index--;
  return place == DROP_AFTER ? index + 1 : index;
}

static gboolean
drop_allowed (SlSidebar *self, gint64 view_id, SlSidebarRow *target, DropPlace place)
{
  return view_id != 0 && place != DROP_NONE && g_hash_table_contains (self->views, &view_id) &&
         !(target->kind != ROW_CAMERAS && target->id == view_id);
}

static GdkDragAction
drop_motion_cb (GtkDropTarget *drop_target, double x, double y, GtkListItem *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (drop_target));
  SlSidebar *self = SL_SIDEBAR (gtk_widget_get_ancestor (widget, SL_TYPE_SIDEBAR));
  g_autoptr (SlSidebarRow) target = row_of_list_item (list_item);
  const GValue *value = gtk_drop_target_get_value (drop_target);
  gint64 view_id = value != NULL ? view_of_reference (g_value_get_string (value)) : 0;
  DropPlace place = target != NULL ? drop_place (target, widget, y) : DROP_NONE;

  clear_drop_marks (widget);
  if (self == NULL || target == NULL || !drop_allowed (self, view_id, target, place))
    return 0;
  gtk_widget_add_css_class (widget, place == DROP_INTO    ? "sl-drop-into"
                                    : place == DROP_AFTER ? "sl-drop-after"
                                                          : "sl-drop-before");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *drop_target, gpointer unused)
{
  clear_drop_marks (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (drop_target)));
}

static gboolean
drop_cb (
    GtkDropTarget *drop_target, const GValue *value, double x, double y, GtkListItem *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (drop_target));
  SlSidebar *self = SL_SIDEBAR (gtk_widget_get_ancestor (widget, SL_TYPE_SIDEBAR));
  g_autoptr (SlSidebarRow) target = row_of_list_item (list_item);
  gint64 view_id = view_of_reference (g_value_get_string (value));
  DropPlace place = target != NULL ? drop_place (target, widget, y) : DROP_NONE;

  clear_drop_marks (widget);
  if (self == NULL || target == NULL || !drop_allowed (self, view_id, target, place))
    return FALSE;
  sl_sidebar_drop_view (self, view_id, target->kind == ROW_CAMERAS ? 0 : target->id,
                        target->kind == ROW_CAMERAS ? FALSE : place == DROP_INTO,
                        place == DROP_AFTER);
  return TRUE;
}

static gboolean
sl_sidebar_row_has_next (SlSidebar *self, SlSidebarRow *row)
{
  SlSidebarRow *parent =
      row->parent_id != 0 ? g_hash_table_lookup (self->views, &row->parent_id) : NULL;
  /* The top level ends with the Cameras group. */
  guint n_rows = parent != NULL ? g_list_model_get_n_items (G_LIST_MODEL (parent->children))
                                : g_list_model_get_n_items (G_LIST_MODEL (self->roots)) - 1;

  return row->index + 1 < n_rows;
}

/* Alt+Up and Alt+Down: the focused view changes places with its neighbour. */
static gboolean
move_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SlSidebar *self = SL_SIDEBAR (user_data);
  GtkWidget *row_widget = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
  SlSidebarRow *row = row_widget != NULL ? row_of_widget (row_widget) : NULL;
  int delta = g_variant_get_int32 (args);

  g_debug ("Move key %+d on %s", delta, row != NULL ? row->name : "no row");
  if (row == NULL || !g_hash_table_contains (self->views, &row->id) ||
      (row->kind == ROW_CAMERA || row->kind == ROW_CAMERAS))
    return FALSE;
  if ((delta < 0 && row->index == 0) || (delta > 0 && !sl_sidebar_row_has_next (self, row)))
    {
      gtk_widget_error_bell (widget);
      return TRUE;
    }
  place_view (self, row->id, row->parent_id, (int)row->index + delta);
  return TRUE;
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source, double x, double y, GtkListItem *list_item)
{
  g_autoptr (SlSidebarRow) row = row_of_list_item (list_item);

  if (row == NULL || row->reference == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, row->reference);
}

static void
drag_begin_cb (GtkDragSource *source, GdkDrag *drag, GtkWidget *widget)
{
  g_autoptr (GdkPaintable) icon = gtk_widget_paintable_new (widget);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* ---- Context menu ----------------------------------------------------------- */

GMenuModel *
sl_monitor_menu_new (GdkDisplay *display, const char *reference)
{
  GMenu *menu = g_menu_new ();
  GListModel *monitors = gdk_display_get_monitors (display);

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      g_autoptr (GMenuItem) item = NULL;
      g_autofree char *label = NULL;
      GdkRectangle geometry;
      const char *model = gdk_monitor_get_model (monitor);

      gdk_monitor_get_geometry (monitor, &geometry);
      /* TRANSLATORS: a monitor in the Show on Monitor menu: number, model, size in pixels */
      label =
          g_strdup_printf (_ ("Monitor %u (%s, %d × %d)"), i + 1,
                           model != NULL ? model : _ ("unknown"), geometry.width, geometry.height);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.show-on-monitor", "(su)", reference, i);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

/* The folders a view can move to: the top level and every folder but the
 * view itself and the folders inside it. */
static GMenuModel *
folder_menu_new (SlSidebar *self, SlSidebarRow *row)
{
  GMenu *menu = g_menu_new ();
  GPtrArray *views = sl_view_store_get_views (self->store);
  g_autoptr (GMenuItem) top = g_menu_item_new (_ ("Top Level"), NULL);

  g_menu_item_set_action_and_target (top, "win.move-view", "(xx)", row->id, (gint64)0);
  g_menu_append_item (menu, top);
  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *view = views->pdata[i];
      g_autoptr (GMenuItem) item = NULL;

      if (view->kind != SL_VIEW_KIND_FOLDER ||
          sl_view_store_is_inside (self->store, view->id, row->id))
        continue;
      item = g_menu_item_new (view->name, NULL);
      g_menu_item_set_action_and_target (item, "win.move-view", "(xx)", row->id, view->id);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static GMenuModel *
row_menu_new (SlSidebar *self, SlSidebarRow *row)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenu) open = g_menu_new ();
  g_autoptr (GMenu) edit = g_menu_new ();
  g_autoptr (GMenuItem) item = NULL;

  if (row->reference != NULL)
    {
      g_autoptr (GMenuModel) monitors =
          sl_monitor_menu_new (gtk_widget_get_display (GTK_WIDGET (self)), row->reference);

      item = g_menu_item_new (_ ("_Open"), NULL);
      g_menu_item_set_action_and_target (item, "win.open-reference", "s", row->reference);
      g_menu_append_item (open, item);
      g_clear_object (&item);
      g_menu_append_submenu (open, _ ("Show on _Monitor"), monitors);
    }
  if (row->kind == ROW_CAMERA)
    {
      item = g_menu_item_new (_ ("_Recordings"), NULL);
      g_menu_item_set_action_and_target (item, "win.show-recordings", "x", row->id);
      g_menu_append_item (open, item);
      g_clear_object (&item);
    }
  if (row->kind == ROW_SEQUENCE)
    {
      item = g_menu_item_new (_ ("_Edit…"), NULL);
      g_menu_item_set_action_and_target (item, "win.edit-sequence", "x", row->id);
      g_menu_append_item (edit, item);
      g_clear_object (&item);
    }
  if (row->kind != ROW_CAMERA && row->kind != ROW_CAMERAS)
    {
      item = g_menu_item_new (_ ("Re_name…"), NULL);
      g_menu_item_set_action_and_target (item, "win.rename-view", "x", row->id);
      g_menu_append_item (edit, item);
      g_clear_object (&item);
      item = g_menu_item_new (_ ("_Delete…"), NULL);
      g_menu_item_set_action_and_target (item, "win.delete-view", "x", row->id);
      g_menu_append_item (edit, item);
      g_clear_object (&item);
    }
  if (row->kind != ROW_CAMERA && row->kind != ROW_CAMERAS)
    {
      g_autoptr (GMenuModel) folders = folder_menu_new (self, row);

      g_menu_append_submenu (edit, _ ("_Move to Folder"), folders);
    }
  if (row->kind == ROW_CAMERAS)
    g_menu_append (edit, _ ("_Add Camera…"), "app.add-camera");

  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  return G_MENU_MODEL (menu);
}

static gboolean
unparent_popover_cb (gpointer user_data)
{
  GtkWidget *popover = user_data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

/* Not at once: the click that chose an item is still being handled by the
 * popover's widgets, which need their parent until it is done; unparented
 * in "closed", a clicked item did nothing (keys were fine). */
static void
popover_closed_cb (GtkWidget *popover)
{
  g_idle_add (unparent_popover_cb, g_object_ref (popover));
}

static void
popup_menu (SlSidebar *self, GtkWidget *widget, SlSidebarRow *row, double x, double y)
{
  g_autoptr (GMenuModel) model = row_menu_new (self, row);
  GtkWidget *popover = gtk_popover_menu_new_from_model (model);

  gtk_widget_set_parent (popover, widget);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  if (x >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle){ x, y, 1, 1 });
  /* Unparent once closed: one popover per opening. */
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
row_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, GtkListItem *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  SlSidebar *self = SL_SIDEBAR (gtk_widget_get_ancestor (widget, SL_TYPE_SIDEBAR));
  g_autoptr (SlSidebarRow) row = row_of_list_item (list_item);

  if (row == NULL || self == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu (self, widget, row, x, y);
}

/* Menu or Shift+F10 on the focused row. */
static gboolean
menu_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SlSidebar *self = SL_SIDEBAR (user_data);
  GtkWidget *row_widget = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
  GtkWidget *expander = row_widget != NULL ? gtk_widget_get_first_child (row_widget) : NULL;
  SlSidebarRow *row;

  if (!GTK_IS_TREE_EXPANDER (expander))
    return FALSE;
  row = gtk_tree_expander_get_item (GTK_TREE_EXPANDER (expander));
  if (row == NULL)
    return FALSE;
  popup_menu (self, expander, row, -1, -1);
  return TRUE;
}

/* ---- Factory ---------------------------------------------------------------- */

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SlSidebar *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDropTarget *drop;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), list_item);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), box);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (source));

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  gtk_drop_target_set_preload (drop, TRUE);
  g_signal_connect (drop, "motion", G_CALLBACK (drop_motion_cb), list_item);
  g_signal_connect (drop, "enter", G_CALLBACK (drop_motion_cb), list_item);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), NULL);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), list_item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (drop));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (row_pressed_cb), list_item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (click));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SlSidebar *self)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (list_item);
  g_autoptr (SlSidebarRow) row = gtk_tree_list_row_get_item (tree_row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), tree_row);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), row_icon_name (row));
  gtk_label_set_label (GTK_LABEL (label), row->name);
  if (row->kind == ROW_CAMERAS)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SlSidebar *self)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

static void
activate_cb (GtkListView *list_view, guint position, SlSidebar *self)
{
  g_autoptr (GtkTreeListRow) tree_row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);
  g_autoptr (SlSidebarRow) row = NULL;

  if (tree_row == NULL)
    return;
  row = gtk_tree_list_row_get_item (tree_row);
  if (row->reference == NULL)
    {
      gtk_tree_list_row_set_expanded (tree_row, !gtk_tree_list_row_get_expanded (tree_row));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_OPEN], 0, row->reference, row->name);
}

static void
store_changed_cb (SlSidebar *self)
{
  rebuild (self);
}

static void
sl_sidebar_dispose (GObject *object)
{
  SlSidebar *self = SL_SIDEBAR (object);

  sl_sidebar_set_store (self, NULL);
  g_clear_handle_id (&self->focus_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SIDEBAR);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_pointer (&self->views, g_hash_table_unref);

  G_OBJECT_CLASS (sl_sidebar_parent_class)->dispose (object);
}

static void
sl_sidebar_class_init (SlSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_sidebar_dispose;

  /**
   * SlSidebar::open:
   * @reference: "view:ID" or "camera:ID"
   * @name: what the row says
   *
   * The user activated a view or a camera.
   */
  signals[SIGNAL_OPEN] =
      g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSidebar, list_view);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebar");
}

static void
sl_sidebar_init (SlSidebar *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->roots = g_list_store_new (SL_TYPE_SIDEBAR_ROW);
  self->views = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)), FALSE, TRUE,
                                        create_children_cb, NULL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (
          gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                       gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
          gtk_callback_action_new (menu_key_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                                       gtk_callback_action_new (move_key_cb, self, NULL), "i", -1));
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                       gtk_callback_action_new (move_key_cb, self, NULL), "i", 1));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
}

GtkWidget *
sl_sidebar_new (void)
{
  return g_object_new (SL_TYPE_SIDEBAR, NULL);
}

/**
 * sl_sidebar_set_store:
 * @self: a #SlSidebar
 * @store: (nullable): the views and cameras to list
 */
void
sl_sidebar_set_store (SlSidebar *self, SlViewStore *store)
{
  g_return_if_fail (SL_IS_SIDEBAR (self));
  g_return_if_fail (store == NULL || SL_IS_VIEW_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_signal_handlers_disconnect_by_data (sl_view_store_get_cameras (self->store), self);
      g_clear_object (&self->store);
    }
  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (sl_view_store_get_cameras (store), "items-changed",
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
  if (self->roots != NULL)
    rebuild (self);
}

SlViewStore *
sl_sidebar_get_store (SlSidebar *self)
{
  g_return_val_if_fail (SL_IS_SIDEBAR (self), NULL);

  return self->store;
}

/**
 * sl_sidebar_drop_view:
 * @self: a #SlSidebar
 * @view_id: the view to move
 * @target_id: the view or folder it is dropped on; 0 for the end of the top
 *   level
 * @into: put it into the folder @target_id, at its end
 * @after: put it after @target_id rather than before
 *
 * Moves a view as a drop on a row does, through win.place-view.
 */
void
sl_sidebar_drop_view (
    SlSidebar *self, gint64 view_id, gint64 target_id, gboolean into, gboolean after)
{
  SlSidebarRow *target;

  g_return_if_fail (SL_IS_SIDEBAR (self));

  target = target_id != 0 ? g_hash_table_lookup (self->views, &target_id) : NULL;
  if (target == NULL)
    {
      place_view (self, view_id, 0, G_MAXINT32);
      return;
    }
  if (into && target->kind == ROW_FOLDER)
    {
      place_view (self, view_id, target->id, G_MAXINT32);
      return;
    }
  place_view (self, view_id, target->parent_id,
              index_next_to (self, view_id, target, after ? DROP_AFTER : DROP_BEFORE));
}
