// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-live-tile-private.h"
#include "sl-snapshot.h"
#include "sl-tile-window.h"

/* What the user does to a tile: its context menu (right click, Menu key,
 * long press), its keys while focused, and digital zoom with the mouse
 * (wheel at the pointer, drag a rectangle to zoom into it, drag to pan when
 * zoomed, double-click for the whole picture). */

#define ZOOM_STEP     1.25
#define MIN_AREA_SIZE 8.0 /* pixels: a smaller drag is a click */

/* ---- zoom ---------------------------------------------------------------- */

void
sl_live_tile_zoom_changed (SlLiveTile *self)
{
  double zoom = sl_video_paintable_get_zoom (self->paintable, NULL, NULL);
  g_autofree char *text = g_strdup_printf ("%.1f×", zoom);

  gtk_label_set_label (self->zoom_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->zoom_label), zoom > 1.0);
  g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "zoom-out")),
      zoom > 1.0);
  g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "zoom-reset")),
      zoom > 1.0);
  g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "zoom-in")),
      zoom < SL_VIDEO_PAINTABLE_MAX_ZOOM);
  /* Automatic profile: a zoomed picture may need the main stream. */
  sl_live_tile_update_viewer (self);
}

/* Zooms by @factor keeping the video point under (@x, @y) where it is. */
static void
zoom_at (SlLiveTile *self, double factor, double x, double y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double cx, cy;
  double zoom = sl_video_paintable_get_zoom (self->paintable, &cx, &cy);
  double new_zoom = CLAMP (zoom * factor, 1.0, SL_VIDEO_PAINTABLE_MAX_ZOOM);
  double vx, vy;

  if (!sl_video_paintable_map_point (self->paintable, width, height, x, y, &vx, &vy))
    return;
  vx = CLAMP (vx, 0.0, 1.0);
  vy = CLAMP (vy, 0.0, 1.0);
  /* The point stays put: its distance from the centre shrinks with the zoom. */
  sl_video_paintable_set_zoom (self->paintable, new_zoom, vx + (cx - vx) * zoom / new_zoom,
                               vy + (cy - vy) * zoom / new_zoom);
  sl_live_tile_zoom_changed (self);
}

static void
zoom_center (SlLiveTile *self, double factor)
{
  zoom_at (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
reset_zoom (SlLiveTile *self)
{
  sl_video_paintable_set_zoom (self->paintable, 1.0, 0.5, 0.5);
  sl_live_tile_zoom_changed (self);
}

/* Zooms so that the rectangle drawn fills the view (as far as the video's
 * aspect ratio allows). */
static void
zoom_into_area (SlLiveTile *self, const graphene_rect_t *area)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double x0, y0, x1, y1, zoom;

  if (!sl_video_paintable_map_point (self->paintable, width, height, area->origin.x, area->origin.y,
                                     &x0, &y0) ||
      !sl_video_paintable_map_point (self->paintable, width, height,
                                     area->origin.x + area->size.width,
                                     area->origin.y + area->size.height, &x1, &y1))
    return;
  x0 = CLAMP (x0, 0.0, 1.0), x1 = CLAMP (x1, 0.0, 1.0);
  y0 = CLAMP (y0, 0.0, 1.0), y1 = CLAMP (y1, 0.0, 1.0);
  if (x1 - x0 <= 0 || y1 - y0 <= 0)
    return;
  zoom = 1.0 / MAX (x1 - x0, y1 - y0);
  sl_video_paintable_set_zoom (self->paintable, zoom, (x0 + x1) / 2, (y0 + y1) / 2);
  sl_live_tile_zoom_changed (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, SlLiveTile *self)
{
  if (dy == 0)
    return FALSE;
  zoom_at (self, dy < 0 ? ZOOM_STEP : 1.0 / ZOOM_STEP, self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, SlLiveTile *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, SlLiveTile *self)
{
  double zoom =
      sl_video_paintable_get_zoom (self->paintable, &self->pan_center_x, &self->pan_center_y);

  /* Whole picture: draw a rectangle to zoom into; zoomed: move the picture. */
  self->drawing_area = zoom <= 1.0;
  graphene_rect_init (&self->area, x, y, 0, 0);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, SlLiveTile *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  if (self->drawing_area)
    {
      graphene_rect_init (&self->area, MIN (x, x + dx), MIN (y, y + dy), ABS (dx), ABS (dy));
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  {
    double width = gtk_widget_get_width (GTK_WIDGET (self));
    double height = gtk_widget_get_height (GTK_WIDGET (self));
    double zoom = sl_video_paintable_get_zoom (self->paintable, NULL, NULL);
    double ax, ay, bx, by;

    /* The picture follows the pointer: the drag in video units at this zoom. */
    if (!sl_video_paintable_map_point (self->paintable, width, height, 0, 0, &ax, &ay) ||
        !sl_video_paintable_map_point (self->paintable, width, height, dx, dy, &bx, &by))
      return;
    sl_video_paintable_set_zoom (self->paintable, zoom, self->pan_center_x - (bx - ax),
                                 self->pan_center_y - (by - ay));
  }
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, SlLiveTile *self)
{
  if (self->drawing_area && self->area.size.width >= MIN_AREA_SIZE &&
      self->area.size.height >= MIN_AREA_SIZE)
    zoom_into_area (self, &self->area);
  self->drawing_area = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
click_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, SlLiveTile *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    reset_zoom (self);
}

/* ---- menu ---------------------------------------------------------------- */

/* The items whose targets name the camera, and the time for a bookmark. The
 * window and the application own those actions; GTK greys out an item whose
 * action does not exist. */
static void
fill_camera_section (SlLiveTile *self)
{
  g_autoptr (GMenuItem) recordings = NULL;
  g_autoptr (GMenuItem) replay = NULL;
  g_autoptr (GMenuItem) bookmark = NULL;
  gint64 id = self->camera != NULL ? sl_camera_get_id (self->camera) : 0;

  g_menu_remove_all (self->camera_section);
  if (self->camera == NULL)
    return;
  recordings = g_menu_item_new (_ ("Go to _Recordings"), NULL);
  g_menu_item_set_action_and_target_value (recordings, "win.show-recordings",
                                           g_variant_new_int64 (id));
  replay = g_menu_item_new (_ ("Instant Re_play"), NULL);
  g_menu_item_set_action_and_target_value (replay, "win.instant-replay", g_variant_new_int64 (id));
  bookmark = g_menu_item_new (_ ("Add _Bookmark…"), NULL);
  g_menu_item_set_action_and_target_value (bookmark, "app.add-bookmark",
                                           g_variant_new ("(xx)", id, g_get_real_time ()));
  g_menu_append_item (self->camera_section, recordings);
  g_menu_append_item (self->camera_section, replay);
  g_menu_append_item (self->camera_section, bookmark);
}

static void
popup_menu_at (SlLiveTile *self, double x, double y)
{
  fill_camera_section (self);
  if (self->popover == NULL)
    {
      self->popover = gtk_popover_menu_new_from_model (self->context_menu);
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
      gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &(GdkRectangle){ x, y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
secondary_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, SlLiveTile *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  popup_menu_at (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture, double x, double y, SlLiveTile *self)
{
  popup_menu_at (self, x, y);
}

static void
menu_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlLiveTile *self = SL_LIVE_TILE (widget);

  popup_menu_at (self, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

/* ---- actions ------------------------------------------------------------- */

/* A snapshot has the stream's full resolution, whatever size the tile
 * shows: a viewer of the decoded size joins the tile's stream for one frame. */
typedef struct
{
  GWeakRef tile;
  SlCamera *camera;
  SlVideoPaintable *paintable;
  guint viewer_id;
  guint timeout_id;
  gint64 time_us;
} SnapshotGrab;

/* What the viewer's streaming thread uses; the viewer owns it. */
typedef struct
{
  SlVideoPaintable *paintable;
  int width; /* the decoded size to wait for, 0 if unknown */
  int height;
} GrabTarget;

static void
grab_target_free (gpointer data)
{
  GrabTarget *target = data;

  g_object_unref (target->paintable);
  g_free (target);
}

static void
grab_finish (SnapshotGrab *grab, GdkTexture *texture)
{
  g_autoptr (SlLiveTile) tile = g_weak_ref_get (&grab->tile);

  if (tile != NULL && texture != NULL)
    sl_snapshot_take (GTK_WIDGET (tile), texture, sl_camera_get_name (grab->camera), grab->time_us);
  g_signal_handlers_disconnect_by_data (grab->paintable, grab);
  if (grab->viewer_id != 0)
    sl_camera_remove_viewer (grab->camera, grab->viewer_id);
  g_clear_handle_id (&grab->timeout_id, g_source_remove);
  g_weak_ref_clear (&grab->tile);
  g_object_unref (grab->camera);
  g_object_unref (grab->paintable);
  g_free (grab);
}

static void
grab_frame_cb (GstSample *sample, gpointer user_data)
{
  GrabTarget *grab = user_data;
  GstStructure *s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  int width = 0, height = 0;

  /* Frames scaled for the tiles may still be on their way. */
  gst_structure_get_int (s, "width", &width);
  gst_structure_get_int (s, "height", &height);
  if (grab->width > 0 && (width != grab->width || height != grab->height))
    return;
  sl_video_paintable_push_sample (grab->paintable, sample);
}

static void
grab_shown_cb (SlVideoPaintable *paintable, SnapshotGrab *grab)
{
  grab_finish (grab, sl_video_paintable_get_texture (paintable));
}

static gboolean
grab_timeout_cb (gpointer user_data)
{
  SnapshotGrab *grab = user_data;
  g_autoptr (SlLiveTile) tile = g_weak_ref_get (&grab->tile);

  /* No full frame came: the frame on screen will do. */
  grab->timeout_id = 0;
  grab_finish (grab, tile != NULL ? sl_video_paintable_get_texture (tile->paintable) : NULL);
  return G_SOURCE_REMOVE;
}

static void
snapshot_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlLiveTile *self = user_data;
  SlCameraStream stream = sl_live_tile_get_shown_stream (self);
  SnapshotGrab *grab;
  GrabTarget *target;

  if (self->camera == NULL || !sl_video_paintable_has_frame (self->paintable))
    return;
  grab = g_new0 (SnapshotGrab, 1);
  g_weak_ref_init (&grab->tile, self);
  grab->camera = g_object_ref (self->camera);
  grab->paintable = sl_video_paintable_new ();
  grab->time_us = g_get_real_time ();
  target = g_new0 (GrabTarget, 1);
  target->paintable = g_object_ref (grab->paintable);
  if (!sl_camera_get_stream_size (self->camera, stream, &target->width, &target->height))
    target->width = target->height = 0;
  g_signal_connect (grab->paintable, "invalidate-contents", G_CALLBACK (grab_shown_cb), grab);
  grab->viewer_id =
      sl_camera_add_stream_viewer (self->camera, stream, grab_frame_cb, target, grab_target_free);
  grab->timeout_id = g_timeout_add_seconds (3, grab_timeout_cb, grab);
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  zoom_center (user_data, ZOOM_STEP);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  zoom_center (user_data, 1.0 / ZOOM_STEP);
}

static void
zoom_reset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  reset_zoom (user_data);
}

static GtkApplication *
tile_application (SlLiveTile *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
}

static void
open_window_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlLiveTile *self = user_data;
  GtkWidget *window;

  if (self->camera == NULL)
    return;
  window = sl_tile_window_new (tile_application (self), self->camera, self->profile, FALSE);
  gtk_window_present (GTK_WINDOW (window));
}

static void
fullscreen_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlLiveTile *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window;

  if (SL_IS_TILE_WINDOW (root))
    {
      sl_tile_window_toggle_fullscreen (SL_TILE_WINDOW (root));
      return;
    }
  if (self->camera == NULL)
    return;
  /* A window of its own, which closes when full screen ends. */
  window = sl_tile_window_new (tile_application (self), self->camera, self->profile, TRUE);
  gtk_window_present (GTK_WINDOW (window));
}

static void
profile_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  SlStreamProfile profile;

  if (sl_stream_profile_from_string (g_variant_get_string (value, NULL), &profile))
    sl_live_tile_set_profile (user_data, profile);
}

static const GActionEntry tile_actions[] = {
  { "snapshot", snapshot_activated },
  { "zoom-in", zoom_in_activated },
  { "zoom-out", zoom_out_activated },
  { "zoom-reset", zoom_reset_activated },
  { "open-window", open_window_activated },
  { "fullscreen", fullscreen_activated },
  { "profile", NULL, "s", "'automatic'", profile_changed },
};

/* ---- drawing ------------------------------------------------------------- */

/* The labels over the video (name, state, REC, motion, zoom, message) as
 * one image each. GTK 4.8's cairo renderer draws every render node of the
 * window at every window frame, clipped to what changed: the labels of all
 * tiles were laid out and filled again (rounded plates, text) at every new
 * frame of any tile. An image in a cairo node costs nothing outside the
 * clip and one small blend inside it. It is made again when GTK snapshots
 * the label anew, that is when it changes. */
typedef struct
{
  GskRenderNode *source; /* what GTK drew the child as */
  GskRenderNode *image;  /* the same, as an image */
  int scale;
} OverlayImage;

static void
overlay_image_free (gpointer data)
{
  OverlayImage *image = data;

  g_clear_pointer (&image->source, gsk_render_node_unref);
  g_clear_pointer (&image->image, gsk_render_node_unref);
  g_free (image);
}

/* Whether two snapshots of a child are the same drawing: GTK keeps a
 * child's node while it does not change, under a new transform node (its
 * place in the tile) at every snapshot. */
static gboolean
same_drawing (GskRenderNode *a, GskRenderNode *b)
{
  if (a == b)
    return TRUE;
  if (gsk_render_node_get_node_type (a) != GSK_TRANSFORM_NODE ||
      gsk_render_node_get_node_type (b) != GSK_TRANSFORM_NODE)
    return FALSE;
  return gsk_transform_node_get_child (a) == gsk_transform_node_get_child (b) &&
         gsk_transform_equal (gsk_transform_node_get_transform (a),
                              gsk_transform_node_get_transform (b));
}

static GskRenderNode *
draw_as_image (GskRenderNode *node, int scale)
{
  graphene_rect_t bounds;
  cairo_surface_t *surface;
  GtkSnapshot *snapshot;
  cairo_t *cr;
  int x, y, width, height;

  gsk_render_node_get_bounds (node, &bounds);
  x = floor (bounds.origin.x);
  y = floor (bounds.origin.y);
  width = ceil (bounds.origin.x + bounds.size.width) - x;
  height = ceil (bounds.origin.y + bounds.size.height) - y;
  if (width <= 0 || height <= 0)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_translate (cr, -x, -y);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, y, width, height));
  cairo_set_source_surface (cr, surface, x, y);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
append_overlay_child (SlLiveTile *self, GtkWidget *child, GtkSnapshot *snapshot)
{
  GtkSnapshot *child_snapshot = gtk_snapshot_new ();
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  GskRenderNode *node;
  OverlayImage *image;

  gtk_widget_snapshot_child (GTK_WIDGET (self), child, child_snapshot);
  node = gtk_snapshot_free_to_node (child_snapshot);
  if (node == NULL)
    return;

  image = g_hash_table_lookup (self->overlay_images, child);
  if (image == NULL)
    {
      image = g_new0 (OverlayImage, 1);
      g_hash_table_insert (self->overlay_images, child, image);
    }
  if (image->source == NULL || image->scale != scale || !same_drawing (image->source, node))
    {
      g_clear_pointer (&image->source, gsk_render_node_unref);
      g_clear_pointer (&image->image, gsk_render_node_unref);
      image->image = draw_as_image (node, scale);
      image->scale = scale;
      image->source = gsk_render_node_ref (node);
    }
  if (image->image != NULL)
    gtk_snapshot_append_node (snapshot, image->image);
  gsk_render_node_unref (node);
}

static void
sl_live_tile_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlLiveTile *self = SL_LIVE_TILE (widget);
  GskRoundedRect border;

  /* The video, then the labels over it (the popover menu draws itself). */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child == GTK_WIDGET (self->picture))
        gtk_widget_snapshot_child (widget, child, snapshot);
      else if (!GTK_IS_NATIVE (child))
        append_overlay_child (self, child, snapshot);
    }

  if (!self->drawing_area || self->area.size.width <= 0 || self->area.size.height <= 0)
    return;
  /* The rectangle being drawn to zoom into: a light veil with an edge. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 1, 1, 1, 0.15 }, &self->area);
  gsk_rounded_rect_init_from_rect (&border, &self->area, 0);
  gtk_snapshot_append_border (
      snapshot, &border, (float[4]){ 2, 2, 2, 2 },
      (GdkRGBA[4]){ { 1, 1, 1, 0.9 }, { 1, 1, 1, 0.9 }, { 1, 1, 1, 0.9 }, { 1, 1, 1, 0.9 } });
}

/* ---- setup --------------------------------------------------------------- */

static void
add_shortcut (GtkWidgetClass *widget_class, const char *accelerators, const char *action)
{
  gtk_widget_class_add_shortcut (widget_class,
                                 gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accelerators),
                                                   gtk_named_action_new (action)));
}

void
sl_live_tile_class_init_input (GtkWidgetClass *widget_class)
{
  widget_class->snapshot = sl_live_tile_snapshot;

  gtk_widget_class_install_action (widget_class, "live-tile.menu", NULL, menu_action);
  add_shortcut (widget_class, "Menu|<Shift>F10", "live-tile.menu");
  add_shortcut (widget_class, "<Control><Shift>s", "tile.snapshot");
  add_shortcut (widget_class, "<Control>plus|<Control>equal|<Control>KP_Add", "tile.zoom-in");
  add_shortcut (widget_class, "<Control>minus|<Control>KP_Subtract", "tile.zoom-out");
  add_shortcut (widget_class, "<Control>0|<Control>KP_0", "tile.zoom-reset");
  add_shortcut (widget_class, "<Control><Shift>n", "tile.open-window");
  add_shortcut (widget_class, "F11", "tile.fullscreen");
}

void
sl_live_tile_init_input (SlLiveTile *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->overlay_images = g_hash_table_new_full (NULL, NULL, NULL, overlay_image_free);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), tile_actions,
                                   G_N_ELEMENTS (tile_actions), self);
  gtk_widget_insert_action_group (widget, "tile", G_ACTION_GROUP (self->actions));

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  sl_live_tile_zoom_changed (self);
}
