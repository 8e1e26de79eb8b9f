// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-timeline-picker.h"
#include "sl-timeline-private.h"

/* SlTimeline's input: the pointer (click to seek, drag the playhead or the
 * ruler to scrub, drag a row to pan, Shift+drag to select), the wheel
 * (Ctrl+wheel zooms around the pointer, the wheel pans, as in GNOME's
 * editors), pinch to zoom, the keys, the context menu and the date picker. */

/* Pixels a press may move and still be a click. */
#define CLICK_SLOP 4
/* How near the playhead line a press grabs it. */
#define PLAYHEAD_GRAB 5

/* ---- Pointer ------------------------------------------------------------- */

static gboolean
shift_held (GtkGesture *gesture)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  return (state & GDK_SHIFT_MASK) != 0;
}

static void
set_marks (SlTimeline *self, gint64 in_us, gint64 out_us)
{
  self->mark_in_us = in_us;
  self->mark_out_us = out_us;
  if (in_us != G_MININT64 && out_us != G_MININT64)
    sl_timeline_set_selection (self, in_us, out_us);
  else
    sl_timeline_set_selection (self, 0, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, SlTimeline *self)
{
  gboolean in_track = x >= sl_timeline_track_x (self);
  gboolean on_playhead = fabs (x - sl_timeline_x_of (self, self->position_us)) <= PLAYHEAD_GRAB;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  self->drag_start_us = self->start_us;

  if (!in_track)
    {
      self->drag = SL_TIMELINE_DRAG_NONE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  if (shift_held (GTK_GESTURE (gesture)))
    {
      self->drag = SL_TIMELINE_DRAG_SELECT;
      self->select_anchor_us = sl_timeline_time_at (self, x);
      return;
    }
  if (y < SL_TIMELINE_RULER_HEIGHT || on_playhead)
    {
      sl_timeline_set_scrubbing (self, TRUE);
      sl_timeline_seek (self, sl_timeline_time_at (self, x));
      return;
    }
  self->drag = SL_TIMELINE_DRAG_PENDING;
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, SlTimeline *self)
{
  double x = self->drag_start_x + dx;

  switch (self->drag)
    {
      case SL_TIMELINE_DRAG_PENDING:
        if (fabs (dx) < CLICK_SLOP)
          break;
        self->drag = SL_TIMELINE_DRAG_PAN;
        G_GNUC_FALLTHROUGH;
      case SL_TIMELINE_DRAG_PAN:
        {
          gint64 span = sl_timeline_span (self);
          gint64 start = self->drag_start_us - (gint64)(dx * span / sl_timeline_track_width (self));

          sl_timeline_show_range (self, start, start + span);
          break;
        }
      case SL_TIMELINE_DRAG_SCRUB:
        sl_timeline_seek (self, sl_timeline_time_at (self, x));
        break;
      case SL_TIMELINE_DRAG_SELECT:
        if (fabs (dx) >= CLICK_SLOP)
          set_marks (self, self->select_anchor_us, sl_timeline_time_at (self, x));
        break;
      case SL_TIMELINE_DRAG_NONE:
      default:
        break;
    }
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, SlTimeline *self)
{
  double x = self->drag_start_x + dx;

  switch (self->drag)
    {
      case SL_TIMELINE_DRAG_PENDING:
        self->drag = SL_TIMELINE_DRAG_NONE;
        sl_timeline_seek (self, sl_timeline_time_at (self, x));
        break;
      case SL_TIMELINE_DRAG_SCRUB:
        sl_timeline_seek (self, sl_timeline_time_at (self, x));
        sl_timeline_set_scrubbing (self, FALSE);
        break;
      case SL_TIMELINE_DRAG_SELECT:
        /* A Shift+click clears the selection. */
        if (fabs (dx) < CLICK_SLOP)
          set_marks (self, G_MININT64, G_MININT64);
        self->drag = SL_TIMELINE_DRAG_NONE;
        break;
      case SL_TIMELINE_DRAG_PAN:
      case SL_TIMELINE_DRAG_NONE:
      default:
        self->drag = SL_TIMELINE_DRAG_NONE;
        break;
    }
}

static void
on_drag_cancel (GtkGesture *gesture, GdkEventSequence *sequence, SlTimeline *self)
{
  if (self->drag == SL_TIMELINE_DRAG_SCRUB)
    sl_timeline_set_scrubbing (self, FALSE);
  self->drag = SL_TIMELINE_DRAG_NONE;
}

static void
on_secondary_pressed (GtkGestureClick *gesture, int n_press, double x, double y, SlTimeline *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (x < sl_timeline_track_x (self))
    return;
  sl_timeline_popup_menu (self, x, y);
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, SlTimeline *self)
{
  self->pointer_x = x;
  self->pointer_inside = TRUE;
}

static void
on_leave (GtkEventControllerMotion *motion, SlTimeline *self)
{
  self->pointer_inside = FALSE;
}

/* Ctrl+wheel zooms around the pointer; the wheel (either axis) pans. A wheel
 * step pans a tenth of the view; a touchpad pans by its pixels. */
static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, SlTimeline *self)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  gboolean pixels = gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_SURFACE;
  double anchor = self->pointer_inside ? self->pointer_x : sl_timeline_zoom_anchor (self);
  gint64 span = sl_timeline_span (self);

  if (state & GDK_CONTROL_MASK)
    {
      sl_timeline_zoom (self, pow (pixels ? 1.01 : 1.25, dy), anchor);
      return TRUE;
    }
  if (pixels)
    sl_timeline_pan (self, (gint64)((dx + dy) * span / sl_timeline_track_width (self)));
  else
    sl_timeline_pan (self, (gint64)((dx + dy) * span / 10));
  return TRUE;
}

static void
on_zoom_begin (GtkGesture *gesture, GdkEventSequence *sequence, SlTimeline *self)
{
  self->zoom_span_us = sl_timeline_span (self);
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture, double scale, SlTimeline *self)
{
  double x, y;

  if (scale <= 0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  sl_timeline_zoom (self, self->zoom_span_us / scale / sl_timeline_span (self), x);
}

/* ---- Menu and picker ------------------------------------------------------- */

static gboolean
forget_context_time (gpointer user_data)
{
  SL_TIMELINE (user_data)->context_time_us = G_MININT64;
  return G_SOURCE_REMOVE;
}

/* The menu closes before its item's action runs: the time under the pointer
 * is forgotten after that. */
static void
on_menu_closed (SlTimeline *self)
{
  g_idle_add_full (G_PRIORITY_LOW, forget_context_time, g_object_ref (self), g_object_unref);
}

void
sl_timeline_popup_menu (SlTimeline *self, double x, double y)
{
  self->context_time_us = sl_timeline_time_at (self, x);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle){ (int)x, (int)y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
on_time_chosen (SlTimeline *self, gint64 time_us)
{
  gint64 span = sl_timeline_span (self);

  sl_timeline_show_range (self, time_us - span / 2, time_us + span / 2);
  sl_timeline_seek (self, time_us);
}

void
sl_timeline_show_picker (SlTimeline *self)
{
  double x = sl_timeline_zoom_anchor (self);

  sl_timeline_picker_set_time (SL_TIMELINE_PICKER (self->picker), self->position_us);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->picker),
                               &(GdkRectangle){ (int)x, 0, 1, SL_TIMELINE_RULER_HEIGHT });
  gtk_popover_popup (GTK_POPOVER (self->picker));
}

static GMenuModel *
build_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenu) marks = g_menu_new ();
  g_autoptr (GMenu) view = g_menu_new ();

  g_menu_append (menu, _ ("Add _Bookmark Here…"), "timeline.add-bookmark");
  g_menu_append (menu, _ ("_Export Selection…"), "timeline.export-selection");
  g_menu_append (marks, _ ("Mark _In"), "timeline.mark-in");
  g_menu_append (marks, _ ("Mark _Out"), "timeline.mark-out");
  g_menu_append (marks, _ ("_Clear Selection"), "timeline.clear-selection");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (marks));
  g_menu_append (view, _ ("_Go to Date and Time…"), "timeline.go-to-time");
  g_menu_append (view, _ ("Zoom _In"), "timeline.zoom-in");
  g_menu_append (view, _ ("Zoom _Out"), "timeline.zoom-out");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  return G_MENU_MODEL (menu);
}

/* ---- Actions and keys ------------------------------------------------------ */

static gint64
action_time (SlTimeline *self)
{
  return self->context_time_us != G_MININT64 ? self->context_time_us : self->position_us;
}

static void
on_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  SlTimeline *self = SL_TIMELINE (widget);

  if (g_str_equal (action, "timeline.zoom-in"))
    sl_timeline_zoom (self, 0.5, sl_timeline_zoom_anchor (self));
  else if (g_str_equal (action, "timeline.zoom-out"))
    sl_timeline_zoom (self, 2.0, sl_timeline_zoom_anchor (self));
  else if (g_str_equal (action, "timeline.mark-in"))
    set_marks (self, action_time (self), self->mark_out_us);
  else if (g_str_equal (action, "timeline.mark-out"))
    set_marks (self, self->mark_in_us, action_time (self));
  else if (g_str_equal (action, "timeline.clear-selection"))
    set_marks (self, G_MININT64, G_MININT64);
  else if (g_str_equal (action, "timeline.export-selection"))
    {
      gint64 start, end;

      if (sl_timeline_get_selection (self, &start, &end))
        g_signal_emit (self, sl_timeline_signals[SL_TIMELINE_SIGNAL_EXPORT_SELECTION], 0, start,
                       end);
    }
  else if (g_str_equal (action, "timeline.add-bookmark"))
    g_signal_emit (self, sl_timeline_signals[SL_TIMELINE_SIGNAL_ADD_BOOKMARK], 0,
                   action_time (self));
  else if (g_str_equal (action, "timeline.go-to-time"))
    sl_timeline_show_picker (self);
  else if (g_str_equal (action, "timeline.menu"))
    sl_timeline_popup_menu (self, sl_timeline_zoom_anchor (self), SL_TIMELINE_RULER_HEIGHT / 2.0);
}

/* Left/Right move the playhead a hundredth of the view (Shift: a tenth). */
static gboolean
on_step_key (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SlTimeline *self = SL_TIMELINE (widget);
  int hundredths = g_variant_get_int32 (args);

  sl_timeline_seek (self, self->position_us + sl_timeline_span (self) * hundredths / 100);
  return TRUE;
}

static gboolean
on_page_key (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SlTimeline *self = SL_TIMELINE (widget);

  sl_timeline_pan (self, sl_timeline_span (self) * 9 / 10 * g_variant_get_int32 (args));
  return TRUE;
}

/* Home: the start of the view; End: the current time. */
static gboolean
on_home_end_key (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SlTimeline *self = SL_TIMELINE (widget);

  if (g_variant_get_boolean (args))
    {
      gint64 now = sl_timeline_now ();
      gint64 span = sl_timeline_span (self);

      if (now < self->start_us || now >= self->end_us)
        sl_timeline_show_range (self, now - span * 9 / 10, now + span / 10);
      sl_timeline_seek (self, now);
    }
  else
    sl_timeline_seek (self, self->start_us);
  return TRUE;
}

void
sl_timeline_input_class_init (GtkWidgetClass *widget_class)
{
  const char *const actions[] = {
    "timeline.zoom-in",      "timeline.zoom-out",        "timeline.mark-in",
    "timeline.mark-out",     "timeline.clear-selection", "timeline.export-selection",
    "timeline.add-bookmark", "timeline.go-to-time",      "timeline.menu",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, on_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0, "timeline.mark-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "timeline.mark-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "timeline.clear-selection",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "timeline.export-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "timeline.add-bookmark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, 0, "timeline.go-to-time", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "timeline.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "timeline.menu",
                                       NULL);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, on_step_key, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, on_step_key, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, on_step_key, "i", -10);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, on_step_key, "i", 10);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Up, 0, on_page_key, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Down, 0, on_page_key, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0, on_home_end_key, "b", FALSE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, 0, on_home_end_key, "b", TRUE);
}

void
sl_timeline_input_init (SlTimeline *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *scroll =
      gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_autoptr (GMenuModel) menu = build_menu ();

  self->mark_in_us = self->mark_out_us = G_MININT64;
  self->context_time_us = G_MININT64;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (secondary));

  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, scroll);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, motion);

  self->menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, widget);
  g_signal_connect_swapped (self->menu, "closed", G_CALLBACK (on_menu_closed), self);

  self->picker = sl_timeline_picker_new ();
  gtk_widget_set_parent (self->picker, widget);
  g_signal_connect_swapped (self->picker, "time-chosen", G_CALLBACK (on_time_chosen), self);
}
