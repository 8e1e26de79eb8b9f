// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-live-tile.h"
#include "sl-split-view-private.h"

#define SPACING 2

/* A frame dragged by its handle: only a drop on the same split view swaps. */
#define FRAME_PREFIX "frame:"

struct _SlSplitView
{
  GtkWidget parent_instance;

  /* Owned */
  SlViewStore *store;
  SlViewLayout *layout;
  GPtrArray *frames; /* GtkOverlay, one per frame, in layout order */
  SlCamera *hotspot_camera;

  guint depth;
  gboolean editing;
  guint rebuild_id;
};

enum
{
  PROP_0,
  PROP_EDITING,
  N_PROPS
};

enum
{
  SIGNAL_LAYOUT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The split view a frame is being dragged from (main thread only). */
static SlSplitView *dragging_view;

G_DEFINE_FINAL_TYPE (SlSplitView, sl_split_view, GTK_TYPE_WIDGET)

static void rebuild (SlSplitView *self);

/* The camera a frame shows, for the hotspot: a camera, or a camera view. */
static SlCamera *
frame_camera (SlSplitView *self, guint index)
{
  const SlViewFrame *frame = sl_view_layout_get_frame (self->layout, index);
  const SlViewRecord *view;

  if (frame->content == SL_FRAME_CAMERA)
    return sl_view_store_lookup_camera (self->store, frame->id);
  if (frame->content != SL_FRAME_VIEW)
    return NULL;
  view = sl_view_store_lookup_view (self->store, frame->id);
  if (view == NULL || view->kind != SL_VIEW_KIND_CAMERA)
    return NULL;
  return sl_view_store_lookup_camera (self->store, view->camera_id);
}

/* ---- Frame tools (edit mode) ---------------------------------------------- */

static GMenuModel *
frame_menu_new (SlSplitView *self, guint index)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  const SlViewFrame *frame = sl_view_layout_get_frame (self->layout, index);
  g_autoptr (GMenuItem) item = NULL;

  item = g_menu_item_new (_ ("Merge with Frame on the _Right"), NULL);
  g_menu_item_set_action_and_target (item, "split.merge-right", "u", index);
  g_menu_append_item (section, item);
  g_clear_object (&item);
  item = g_menu_item_new (_ ("Merge with Frame _Below"), NULL);
  g_menu_item_set_action_and_target (item, "split.merge-down", "u", index);
  g_menu_append_item (section, item);
  g_clear_object (&item);
  if (frame->column_span > 1 || frame->row_span > 1)
    {
      item = g_menu_item_new (_ ("_Split Frame"), NULL);
      g_menu_item_set_action_and_target (item, "split.split-frame", "u", index);
      g_menu_append_item (section, item);
      g_clear_object (&item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  section = g_menu_new ();
  if (sl_view_layout_get_hotspot (self->layout) == (int)index)
    {
      g_menu_append (section, _ ("_Remove Hotspot"), "split.remove-hotspot");
    }
  else
    {
      item = g_menu_item_new (_ ("Set as _Hotspot"), NULL);
      g_menu_item_set_action_and_target (item, "split.set-hotspot", "u", index);
      g_menu_append_item (section, item);
      g_clear_object (&item);
    }
  item = g_menu_item_new (_ ("_Clear Frame"), NULL);
  g_menu_item_set_action_and_target (item, "split.clear-frame", "u", index);
  g_menu_append_item (section, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  return G_MENU_MODEL (menu);
}

static GdkContentProvider *
handle_drag_prepare_cb (GtkDragSource *source, double x, double y, SlSplitView *self)
{
  GtkWidget *frame = gtk_widget_get_ancestor (
      gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source)), GTK_TYPE_OVERLAY);
  guint index;
  g_autofree char *value = NULL;

  if (self->rebuild_id != 0 || !g_ptr_array_find (self->frames, frame, &index))
    return NULL;
  dragging_view = self;
  value = g_strdup_printf (FRAME_PREFIX "%u", index);
  return gdk_content_provider_new_typed (G_TYPE_STRING, value);
}

static void
handle_drag_end_cb (GtkDragSource *source, GdkDrag *drag, gboolean delete_data, SlSplitView *self)
{
  if (dragging_view == self)
    dragging_view = NULL;
}

static GtkWidget *
frame_tools_new (SlSplitView *self, guint index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr (GMenuModel) menu = frame_menu_new (self, index);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_widget_add_css_class (box, "sl-frame-tools");
  gtk_widget_set_tooltip_text (handle, _ ("Drag onto another frame to swap them"));
  gtk_widget_set_cursor_from_name (handle, "grab");
  gtk_widget_add_css_class (handle, "sl-frame-handle");

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (handle_drag_prepare_cb), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (handle_drag_end_cb), self, 0);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (source));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_tooltip_text (menu_button, _ ("Frame Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Frame Menu"), -1);
  gtk_widget_add_css_class (menu_button, "flat");

  gtk_box_append (GTK_BOX (box), handle);
  gtk_box_append (GTK_BOX (box), menu_button);
  if (sl_view_layout_get_hotspot (self->layout) == (int)index)
    {
      GtkWidget *label = gtk_label_new (_ ("Hotspot"));

      gtk_widget_add_css_class (label, "sl-hotspot-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

/* ---- Frames --------------------------------------------------------------- */

static gboolean
rebuild_cb (gpointer user_data)
{
  SlSplitView *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* The frames are rebuilt from an idle: the drop target or menu that changed
 * the layout is still running. Until then frame i on screen need not be
 * layout frame i (a merge leaves one frame too many, a swap shows the other
 * content): the frames' own drags, drops and clicks are ignored until then,
 * and what else maps one onto the other first calls lay_out_now(). */
static void
changed (SlSplitView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
  g_signal_emit (self, signals[SIGNAL_LAYOUT_CHANGED], 0);
}

/* Lays out a change still waiting for its idle. Never from a frame's own
 * controller, which the rebuild may take away. */
static void
lay_out_now (SlSplitView *self)
{
  if (self->rebuild_id != 0)
    rebuild (self);
}

static gboolean
frame_drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, SlSplitView *self)
{
  GtkWidget *frame = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  const char *reference = g_value_get_string (value);
  guint index;

  if (self->rebuild_id != 0 || !g_ptr_array_find (self->frames, frame, &index) || reference == NULL)
    return FALSE;

  if (g_str_has_prefix (reference, FRAME_PREFIX))
    {
      guint64 from;

      if (dragging_view != self ||
          !g_ascii_string_to_unsigned (reference + strlen (FRAME_PREFIX), 10, 0,
                                       sl_view_layout_get_n_frames (self->layout) - 1, &from, NULL))
        return FALSE;
      sl_split_view_swap_frames (self, from, index);
      return TRUE;
    }
  return sl_split_view_drop_reference (self, index, reference);
}

static void
frame_released_cb (GtkGestureClick *gesture, int n_press, double x, double y, SlSplitView *self)
{
  GtkWidget *frame = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  int hotspot = sl_view_layout_get_hotspot (self->layout);
  SlCamera *camera;
  guint index;

  /* A frame about to move (its layout changed) stands for nothing yet. */
  if (self->editing || hotspot < 0 || n_press != 1 || self->rebuild_id != 0 ||
      !g_ptr_array_find (self->frames, frame, &index) || (int)index == hotspot)
    return;

  camera = frame_camera (self, index);
  if (camera != NULL)
    sl_split_view_show_in_hotspot (self, camera);
}

#define FRAME_KEY   "sl-frame-key"
#define FRAME_TOOLS "sl-frame-tools"
#define FRAME_HINT  "sl-frame-hint"

/* What a frame shows, to find it again when the layout changes. */
static char *
frame_key (SlSplitView *self, guint index)
{
  const SlViewFrame *frame = sl_view_layout_get_frame (self->layout, index);

  if ((int)index == sl_view_layout_get_hotspot (self->layout) && self->hotspot_camera != NULL)
    return g_strdup_printf ("hotspot:%" G_GINT64_FORMAT, sl_camera_get_id (self->hotspot_camera));
  return g_strdup_printf ("%d:%" G_GINT64_FORMAT, frame->content, frame->id);
}

/* The hotspot mark and the edit tools, which depend on the frame's place. */
static void
decorate_frame (SlSplitView *self, GtkWidget *overlay, guint index)
{
  GtkWidget *tools = g_object_get_data (G_OBJECT (overlay), FRAME_TOOLS);
  GtkWidget *hint = g_object_get_data (G_OBJECT (overlay), FRAME_HINT);

  if ((int)index == sl_view_layout_get_hotspot (self->layout))
    gtk_widget_add_css_class (overlay, "sl-hotspot");
  else
    gtk_widget_remove_css_class (overlay, "sl-hotspot");

  if (tools != NULL)
    gtk_overlay_remove_overlay (GTK_OVERLAY (overlay), tools);
  if (hint != NULL)
    gtk_overlay_remove_overlay (GTK_OVERLAY (overlay), hint);
  tools = NULL;
  hint = NULL;
  if (self->editing && self->depth == 0)
    {
      tools = frame_tools_new (self, index);
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), tools);
      /* An empty frame says what it is for. */
      if (sl_view_layout_get_frame (self->layout, index)->content == SL_FRAME_EMPTY)
        {
          hint = gtk_label_new (_ ("Drag a camera or a view here"));
          gtk_widget_set_halign (hint, GTK_ALIGN_CENTER);
          gtk_widget_set_valign (hint, GTK_ALIGN_CENTER);
          gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
          gtk_label_set_justify (GTK_LABEL (hint), GTK_JUSTIFY_CENTER);
          gtk_widget_set_can_target (hint, FALSE);
          gtk_widget_add_css_class (hint, "sl-frame-message");
          gtk_overlay_add_overlay (GTK_OVERLAY (overlay), hint);
        }
    }
  g_object_set_data (G_OBJECT (overlay), FRAME_HINT, hint);
  g_object_set_data (G_OBJECT (overlay), FRAME_TOOLS, tools);
}

static GtkWidget *
frame_new (SlSplitView *self, guint index)
{
  const SlViewFrame *frame = sl_view_layout_get_frame (self->layout, index);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *content;
  GtkGestureClick *click;

  if ((int)index == sl_view_layout_get_hotspot (self->layout) && self->hotspot_camera != NULL)
    content = sl_live_tile_new (self->hotspot_camera);
  else
    content = sl_split_view_create_content (self->store, frame->content, frame->id, self->depth);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), content);
  gtk_widget_add_css_class (overlay, "sl-frame");
  gtk_widget_set_overflow (overlay, GTK_OVERFLOW_HIDDEN);
  g_object_set_data_full (G_OBJECT (overlay), FRAME_KEY, frame_key (self, index), g_free);

  /* Nested views show what they hold; drops go to the frame around them. */
  if (self->depth == 0)
    {
      GtkDropTarget *target =
          gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_MOVE);

      g_signal_connect_object (target, "drop", G_CALLBACK (frame_drop_cb), self, 0);
      gtk_widget_add_controller (overlay, GTK_EVENT_CONTROLLER (target));
    }

  /* Capture phase, never claimed: the tile still gets its clicks and drags. */
  click = GTK_GESTURE_CLICK (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "released", G_CALLBACK (frame_released_cb), self, 0);
  gtk_widget_add_controller (overlay, GTK_EVENT_CONTROLLER (click));

  return overlay;
}

static void
remove_frames (SlSplitView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->frames != NULL)
    g_ptr_array_set_size (self->frames, 0);
}

/* Lays the frames out again. A frame whose content stays (a swap, a merge,
 * edit mode) keeps its widget and only moves: its tile goes on decoding
 * without a black flash. @renew makes every frame anew (the cameras or the
 * views they show changed). */
static void
rebuild_frames (SlSplitView *self, gboolean renew)
{
  GtkLayoutManager *layout_manager = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  g_autoptr (GPtrArray) old = NULL;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (renew || self->layout == NULL || self->store == NULL)
    remove_frames (self);
  old = g_steal_pointer (&self->frames);
  self->frames = g_ptr_array_new ();
  if (self->layout == NULL || self->store == NULL)
    return;

  for (guint i = 0; i < sl_view_layout_get_n_frames (self->layout); i++)
    {
      const SlViewFrame *frame = sl_view_layout_get_frame (self->layout, i);
      g_autofree char *key = frame_key (self, i);
      GtkWidget *widget = NULL;
      GtkGridLayoutChild *cell;

      for (guint j = 0; j < old->len && widget == NULL; j++)
        {
          if (old->pdata[j] != NULL &&
              g_strcmp0 (g_object_get_data (G_OBJECT (old->pdata[j]), FRAME_KEY), key) == 0)
            {
              widget = old->pdata[j];
              old->pdata[j] = NULL;
            }
        }
      if (widget == NULL)
        {
          widget = frame_new (self, i);
          gtk_widget_set_parent (widget, GTK_WIDGET (self));
        }
      decorate_frame (self, widget, i);
      cell = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout_manager, widget));
      gtk_grid_layout_child_set_column (cell, frame->column);
      gtk_grid_layout_child_set_row (cell, frame->row);
      gtk_grid_layout_child_set_column_span (cell, frame->column_span);
      gtk_grid_layout_child_set_row_span (cell, frame->row_span);
      g_ptr_array_add (self->frames, widget);
    }

  for (guint j = 0; j < old->len; j++)
    {
      if (old->pdata[j] != NULL)
        gtk_widget_unparent (old->pdata[j]);
    }
}

static void
rebuild (SlSplitView *self)
{
  rebuild_frames (self, FALSE);
}

/* A camera was removed or came back (the recorder restarted). */
static void
cameras_changed_cb (SlSplitView *self)
{
  rebuild_frames (self, TRUE);
}

/* A view changed: only frames showing views or sequences get new content;
 * live tiles stay as they are (a new tile would start decoding again). The
 * store reads a saved layout back from another thread, so this may come
 * before the idle of the change that saved it. */
static void
views_changed_cb (SlSplitView *self)
{
  gboolean renew = FALSE;

  lay_out_now (self);
  for (guint i = 0; self->layout != NULL && i < self->frames->len; i++)
    {
      SlFrameContent content = sl_view_layout_get_frame (self->layout, i)->content;

      if (content == SL_FRAME_VIEW || content == SL_FRAME_SEQUENCE)
        {
          /* Matches nothing: the frame is made anew. */
          g_object_set_data (G_OBJECT (self->frames->pdata[i]), FRAME_KEY, NULL);
          renew = TRUE;
        }
    }
  if (renew)
    rebuild (self);
}

/* ---- Actions ------------------------------------------------------------- */

static void
merge (SlSplitView *self, guint index, gboolean right)
{
  const SlViewFrame *frame = sl_view_layout_get_frame (self->layout, index);
  guint column = frame->column;
  guint row = frame->row;
  guint column_span = frame->column_span + (right ? 1 : 0);
  guint row_span = frame->row_span + (right ? 0 : 1);
  int neighbour;

  /* Take in the whole neighbour, which may be larger itself. */
  neighbour = right ? sl_view_layout_find_frame (self->layout, column + frame->column_span, row)
                    : sl_view_layout_find_frame (self->layout, column, row + frame->row_span);
  if (neighbour >= 0)
    {
      const SlViewFrame *other = sl_view_layout_get_frame (self->layout, neighbour);

      column_span = MAX (column + column_span, other->column + other->column_span) - column;
      row_span = MAX (row + row_span, other->row + other->row_span) - row;
    }

  if (sl_view_layout_merge (self->layout, column, row, column_span, row_span, NULL) < 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  changed (self);
}

static gboolean
frame_index_from (SlSplitView *self, GVariant *parameter, guint *index)
{
  *index = g_variant_get_uint32 (parameter);
  return self->layout != NULL && *index < sl_view_layout_get_n_frames (self->layout);
}

static void
frame_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlSplitView *self = SL_SPLIT_VIEW (widget);
  guint index;

  if (g_str_equal (action_name, "split.remove-hotspot"))
    {
      sl_view_layout_set_hotspot (self->layout, -1);
      g_clear_object (&self->hotspot_camera);
      changed (self);
      return;
    }
  if (!frame_index_from (self, parameter, &index))
    return;

  if (g_str_equal (action_name, "split.merge-right"))
    merge (self, index, TRUE);
  else if (g_str_equal (action_name, "split.merge-down"))
    merge (self, index, FALSE);
  else if (g_str_equal (action_name, "split.split-frame"))
    {
      sl_view_layout_split (self->layout, index);
      changed (self);
    }
  else if (g_str_equal (action_name, "split.set-hotspot"))
    {
      sl_view_layout_set_hotspot (self->layout, index);
      g_clear_object (&self->hotspot_camera);
      changed (self);
    }
  else if (g_str_equal (action_name, "split.clear-frame"))
    {
      sl_view_layout_set_frame_content (self->layout, index, SL_FRAME_EMPTY, 0);
      changed (self);
    }
}

/* ---- GObject ---------------------------------------------------------------- */

static void
sl_split_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlSplitView *self = SL_SPLIT_VIEW (object);

  switch (prop_id)
    {
      case PROP_EDITING:
        g_value_set_boolean (value, self->editing);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_split_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlSplitView *self = SL_SPLIT_VIEW (object);

  switch (prop_id)
    {
      case PROP_EDITING:
        sl_split_view_set_editing (self, g_value_get_boolean (value));
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_split_view_dispose (GObject *object)
{
  SlSplitView *self = SL_SPLIT_VIEW (object);

  if (dragging_view == self)
    dragging_view = NULL;
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  remove_frames (self);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_signal_handlers_disconnect_by_data (sl_view_store_get_cameras (self->store), self);
      g_clear_object (&self->store);
    }
  g_clear_object (&self->hotspot_camera);

  G_OBJECT_CLASS (sl_split_view_parent_class)->dispose (object);
}

static void
sl_split_view_finalize (GObject *object)
{
  SlSplitView *self = SL_SPLIT_VIEW (object);

  g_clear_pointer (&self->layout, sl_view_layout_free);
  g_clear_pointer (&self->frames, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_split_view_parent_class)->finalize (object);
}

/* Black between the frames and under what they hold, except under live
 * tiles: they cover their frame (black bars included), and with the cairo
 * renderer a fill under a tile would be paid again at each of its frames.
 * Each piece of black reaches a pixel further on every side: pieces overlap
 * rather than meet, and reach under the tiles' edges, so that no seam shows
 * where the view is drawn between device pixels. */
static void
sl_split_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  cairo_region_t *black = cairo_region_create_rectangle (&(cairo_rectangle_int_t){
      0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget) });

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *content =
          GTK_IS_OVERLAY (child) ? gtk_overlay_get_child (GTK_OVERLAY (child)) : NULL;
      graphene_rect_t bounds;
      int left, top;

      if (!SL_IS_LIVE_TILE (content) || !gtk_widget_get_visible (content) ||
          !gtk_widget_compute_bounds (child, widget, &bounds))
        continue;
      left = ceil (bounds.origin.x);
      top = ceil (bounds.origin.y);
      cairo_region_subtract_rectangle (
          black,
          &(cairo_rectangle_int_t){ left, top, floor (bounds.origin.x + bounds.size.width) - left,
                                    floor (bounds.origin.y + bounds.size.height) - top });
    }
  for (int i = 0; i < cairo_region_num_rectangles (black); i++)
    {
      cairo_rectangle_int_t rect;

      cairo_region_get_rectangle (black, i, &rect);
      gtk_snapshot_append_color (
          snapshot, &(GdkRGBA){ 0, 0, 0, 1 },
          &GRAPHENE_RECT_INIT (rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2));
    }
  cairo_region_destroy (black);

  GTK_WIDGET_CLASS (sl_split_view_parent_class)->snapshot (widget, snapshot);
}

static void
sl_split_view_class_init (SlSplitViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *frame_actions[] = { "split.merge-right", "split.merge-down", "split.split-frame",
                                  "split.set-hotspot", "split.clear-frame" };

  object_class->get_property = sl_split_view_get_property;
  object_class->set_property = sl_split_view_set_property;
  object_class->dispose = sl_split_view_dispose;
  object_class->finalize = sl_split_view_finalize;

  properties[PROP_EDITING] =
      g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LAYOUT_CHANGED] =
      g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);

  for (guint i = 0; i < G_N_ELEMENTS (frame_actions); i++)
    gtk_widget_class_install_action (widget_class, frame_actions[i], "u", frame_action_cb);
  gtk_widget_class_install_action (widget_class, "split.remove-hotspot", NULL, frame_action_cb);

  widget_class->snapshot = sl_split_view_snapshot;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "splitview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sl_split_view_init (SlSplitView *self)
{
  GtkGridLayout *layout = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  self->frames = g_ptr_array_new ();
  gtk_grid_layout_set_row_homogeneous (layout, TRUE);
  gtk_grid_layout_set_column_homogeneous (layout, TRUE);
  gtk_grid_layout_set_row_spacing (layout, SPACING);
  gtk_grid_layout_set_column_spacing (layout, SPACING);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

/* ---- Public API ------------------------------------------------------------ */

/**
 * sl_split_view_new:
 * @store: the views and cameras the frames show
 *
 * Returns: (transfer floating): a split view without frames; give it a layout
 *   with sl_split_view_set_layout()
 */
GtkWidget *
sl_split_view_new (SlViewStore *store)
{
  SlSplitView *self;

  g_return_val_if_fail (SL_IS_VIEW_STORE (store), NULL);

  self = g_object_new (SL_TYPE_SPLIT_VIEW, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (views_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sl_view_store_get_cameras (store), "items-changed",
                           G_CALLBACK (cameras_changed_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * sl_split_view_set_layout:
 * @self: a #SlSplitView
 * @layout: the frames to show (copied)
 */
void
sl_split_view_set_layout (SlSplitView *self, const SlViewLayout *layout)
{
  g_return_if_fail (SL_IS_SPLIT_VIEW (self));
  g_return_if_fail (layout != NULL);

  g_clear_pointer (&self->layout, sl_view_layout_free);
  self->layout = sl_view_layout_copy (layout);
  g_clear_object (&self->hotspot_camera);
  rebuild (self);
}

/**
 * sl_split_view_get_layout:
 * @self: a #SlSplitView
 *
 * Returns: (transfer none) (nullable): the frames, with what the user changed
 */
const SlViewLayout *
sl_split_view_get_layout (SlSplitView *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_VIEW (self), NULL);

  return self->layout;
}

gboolean
sl_split_view_get_editing (SlSplitView *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_VIEW (self), FALSE);

  return self->editing;
}

/**
 * sl_split_view_set_editing:
 * @self: a #SlSplitView
 * @editing: whether the frames show their handles and menus
 */
void
sl_split_view_set_editing (SlSplitView *self, gboolean editing)
{
  g_return_if_fail (SL_IS_SPLIT_VIEW (self));

  editing = !!editing;
  if (self->editing == editing)
    return;
  self->editing = editing;
  if (editing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "editing");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "editing");
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
}

/* The frames on screen: the layout's once a change has been laid out. */
guint
sl_split_view_get_n_frames (SlSplitView *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_VIEW (self), 0);

  return self->frames->len;
}

GtkWidget *
sl_split_view_get_frame (SlSplitView *self, guint index)
{
  g_return_val_if_fail (SL_IS_SPLIT_VIEW (self), NULL);
  g_return_val_if_fail (index < self->frames->len, NULL);

  return self->frames->pdata[index];
}

GtkWidget *
sl_split_view_get_frame_content (SlSplitView *self, guint index)
{
  g_return_val_if_fail (SL_IS_SPLIT_VIEW (self), NULL);
  g_return_val_if_fail (index < self->frames->len, NULL);

  return gtk_overlay_get_child (GTK_OVERLAY (self->frames->pdata[index]));
}

/**
 * sl_split_view_show_in_hotspot:
 * @self: a #SlSplitView with a hotspot
 * @camera: the camera to show there
 *
 * Shows @camera in the hotspot frame until the layout changes.
 */
void
sl_split_view_show_in_hotspot (SlSplitView *self, SlCamera *camera)
{
  int hotspot;
  GtkWidget *content;

  g_return_if_fail (SL_IS_SPLIT_VIEW (self));
  g_return_if_fail (SL_IS_CAMERA (camera));

  hotspot = self->layout != NULL ? sl_view_layout_get_hotspot (self->layout) : -1;
  lay_out_now (self);
  if (hotspot < 0 || (guint)hotspot >= self->frames->len)
    return;

  g_set_object (&self->hotspot_camera, camera);
  g_object_set_data_full (G_OBJECT (self->frames->pdata[hotspot]), FRAME_KEY,
                          frame_key (self, hotspot), g_free);
  content = sl_split_view_get_frame_content (self, hotspot);
  if (SL_IS_LIVE_TILE (content))
    sl_live_tile_set_camera (SL_LIVE_TILE (content), camera);
  else
    gtk_overlay_set_child (GTK_OVERLAY (self->frames->pdata[hotspot]), sl_live_tile_new (camera));
}

SlCamera *
sl_split_view_get_hotspot_camera (SlSplitView *self)
{
  g_return_val_if_fail (SL_IS_SPLIT_VIEW (self), NULL);

  return self->hotspot_camera;
}

/**
 * sl_split_view_drop_reference:
 * @self: a #SlSplitView
 * @index: a frame
 * @reference: what was dropped on it: "camera:ID" or "view:ID"
 *
 * Puts what @reference names into frame @index, as dropping it from the
 * sidebar does, and emits #SlSplitView::layout-changed.
 *
 * Returns: whether @reference names a camera, view or sequence
 */
gboolean
sl_split_view_drop_reference (SlSplitView *self, guint index, const char *reference)
{
  SlFrameContent content;
  gint64 id;

  g_return_val_if_fail (SL_IS_SPLIT_VIEW (self), FALSE);
  g_return_val_if_fail (self->layout != NULL && index < sl_view_layout_get_n_frames (self->layout),
                        FALSE);

  if (!sl_view_store_resolve_reference (self->store, reference, &content, &id))
    return FALSE;
  sl_view_layout_set_frame_content (self->layout, index, content, id);
  if ((int)index == sl_view_layout_get_hotspot (self->layout))
    g_clear_object (&self->hotspot_camera);
  changed (self);
  return TRUE;
}

/**
 * sl_split_view_swap_frames:
 * @self: a #SlSplitView
 * @a: a frame
 * @b: another frame
 *
 * Exchanges what two frames show, as dragging one onto the other by its
 * handle does, and emits #SlSplitView::layout-changed.
 */
void
sl_split_view_swap_frames (SlSplitView *self, guint a, guint b)
{
  g_return_if_fail (SL_IS_SPLIT_VIEW (self));
  g_return_if_fail (self->layout != NULL);
  g_return_if_fail (a < sl_view_layout_get_n_frames (self->layout) &&
                    b < sl_view_layout_get_n_frames (self->layout));

  if (a == b)
    return;
  sl_view_layout_swap_frames (self->layout, a, b);
  changed (self);
}

/* How many split views are around @self (set before its layout). */
void
sl_split_view_set_depth (SlSplitView *self, guint depth)
{
  g_return_if_fail (SL_IS_SPLIT_VIEW (self));

  self->depth = depth;
}
