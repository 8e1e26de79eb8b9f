// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-timeline-private.h"

/* SlTimeline's state: the view, the playhead and selection, the catalog
 * queries and their cache, and the public API. Drawing is in
 * sl-timeline-draw.c, input in sl-timeline-input.c. */

/* Coverage is read again this often while the view shows the current time,
 * so that new segments appear. */
#define REFRESH_US (G_GINT64_CONSTANT (10) * G_USEC_PER_SEC)
/* Wheel and pinch zooms come in bursts: one query once they settle. */
#define QUERY_DELAY_MS 40

enum
{
  PROP_0,
  PROP_CATALOG,
  PROP_VISIBLE_START,
  PROP_VISIBLE_END,
  PROP_POSITION,
  PROP_LIVE,
  PROP_SELECTION_START,
  PROP_SELECTION_END,
  PROP_SCRUBBING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint sl_timeline_signals[SL_TIMELINE_N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlTimeline, sl_timeline, GTK_TYPE_WIDGET)

static void schedule_query (SlTimeline *self, guint delay_ms);

static void
camera_clear (SlTimelineCamera *camera)
{
  g_clear_pointer (&camera->name, g_free);
  g_clear_object (&camera->layout);
}

gint64
sl_timeline_now (void)
{
  return g_get_real_time ();
}

int
sl_timeline_track_x (SlTimeline *self)
{
  return self->label_width;
}

int
sl_timeline_track_width (SlTimeline *self)
{
  return MAX (1, gtk_widget_get_width (GTK_WIDGET (self)) - self->label_width);
}

gint64
sl_timeline_span (SlTimeline *self)
{
  return self->end_us - self->start_us;
}

int
sl_timeline_row_at (SlTimeline *self, double y)
{
  int row;

  if (y < SL_TIMELINE_RULER_HEIGHT)
    return -1;
  row = (int)((y - SL_TIMELINE_RULER_HEIGHT) / SL_TIMELINE_ROW_HEIGHT);
  return row < (int)self->cameras->len ? row : -1;
}

/* The bucket the catalog is asked for: a power of two microseconds at most
 * the time of one pixel, so that small zooms reuse the cached coverage. */
static gint64
query_bucket (SlTimeline *self)
{
  gint64 pixel = MAX (1, sl_timeline_span (self) / sl_timeline_track_width (self));
  gint64 bucket = 1;

  while (bucket * 2 <= pixel)
    bucket *= 2;
  return bucket;
}

static gboolean
coverage_fits (SlTimeline *self)
{
  return self->coverage != NULL && !self->coverage_stale &&
         self->coverage_bucket_us == query_bucket (self) &&
         self->coverage_from_us <= self->start_us && self->coverage_to_us >= self->end_us;
}

static void
on_coverage (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) coverage =
      sl_catalog_query_coverage_finish (SL_CATALOG (source), result, &error);
  SlTimeline *self;

  /* A cancelled query's timeline may be gone: do not touch it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = SL_TIMELINE (user_data);
  self->query_pending = FALSE;
  g_clear_object (&self->query_cancellable);
  g_clear_pointer (&self->error_message, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (coverage == NULL)
    {
      /* Shown in the timeline; the next change of view or refresh retries. */
      g_debug ("%s", error->message);
      self->error_message = g_strdup (error->message);
      return;
    }

  g_clear_pointer (&self->coverage, g_ptr_array_unref);
  self->coverage = g_steal_pointer (&coverage);
  /* The view moved on while the query ran. */
  if (!coverage_fits (self))
    schedule_query (self, 0);
}

static gboolean
run_query (gpointer user_data)
{
  SlTimeline *self = SL_TIMELINE (user_data);
  g_autofree gint64 *ids = g_new (gint64, self->cameras->len);
  gint64 span = sl_timeline_span (self);

  self->query_source_id = 0;
  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);

  for (guint i = 0; i < self->cameras->len; i++)
    ids[i] = g_array_index (self->cameras, SlTimelineCamera, i).id;

  /* Half a span either side at least, aligned on half spans so that panning
   * reuses it: 2.5 spans in all. */
  self->coverage_from_us = (self->start_us / (span / 2)) * (span / 2) - span / 2;
  self->coverage_to_us = self->coverage_from_us + 5 * (span / 2);
  self->coverage_bucket_us = query_bucket (self);
  self->coverage_read_at_us = sl_timeline_now ();
  self->coverage_stale = FALSE;
  self->query_pending = TRUE;
  self->query_cancellable = g_cancellable_new ();

  sl_catalog_query_coverage_async (self->catalog, ids, self->cameras->len, self->coverage_from_us,
                                   self->coverage_to_us, self->coverage_bucket_us,
                                   self->query_cancellable, on_coverage, self);
  return G_SOURCE_REMOVE;
}

static void
schedule_query (SlTimeline *self, guint delay_ms)
{
  if (self->catalog == NULL || self->cameras->len == 0 ||
      gtk_widget_get_width (GTK_WIDGET (self)) <= self->label_width || coverage_fits (self))
    return;

  /* The coverage on screen belongs to the old query's range and bucket until
   * the new one arrives; the old query's result would be stale. */
  if (self->query_cancellable != NULL)
    {
      g_cancellable_cancel (self->query_cancellable);
      g_clear_object (&self->query_cancellable);
    }
  self->query_pending = TRUE;
  g_clear_handle_id (&self->query_source_id, g_source_remove);
  self->query_source_id = g_timeout_add (delay_ms, run_query, self);
}

static void
forget_coverage (SlTimeline *self)
{
  g_clear_handle_id (&self->query_source_id, g_source_remove);
  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_pointer (&self->coverage, g_ptr_array_unref);
  self->query_pending = FALSE;
}

void
sl_timeline_show_range (SlTimeline *self, gint64 start_us, gint64 end_us)
{
  gint64 span = CLAMP (end_us - start_us, SL_TIMELINE_MIN_SPAN, SL_TIMELINE_MAX_SPAN);
  gint64 latest = sl_timeline_now () - span / 10;

  /* Keep the middle of the asked range, and some of the past in view. */
  start_us = start_us + (end_us - start_us) / 2 - span / 2;
  start_us = MIN (start_us, latest);
  end_us = start_us + span;

  if (start_us == self->start_us && end_us == self->end_us)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (start_us != self->start_us)
    {
      self->start_us = start_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_START]);
    }
  if (end_us != self->end_us)
    {
      self->end_us = end_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
  schedule_query (self, QUERY_DELAY_MS);
}

void
sl_timeline_pan (SlTimeline *self, gint64 delta_us)
{
  sl_timeline_show_range (self, self->start_us + delta_us, self->end_us + delta_us);
}

void
sl_timeline_zoom (SlTimeline *self, double factor, double anchor_x)
{
  gint64 anchor = sl_timeline_time_at (self, anchor_x);
  double fraction = (anchor_x - sl_timeline_track_x (self)) / sl_timeline_track_width (self);
  gint64 span = (gint64)CLAMP (sl_timeline_span (self) * factor, (double)SL_TIMELINE_MIN_SPAN,
                               (double)SL_TIMELINE_MAX_SPAN);
  gint64 start = anchor - (gint64)(fraction * span);

  sl_timeline_show_range (self, start, start + span);
}

double
sl_timeline_zoom_anchor (SlTimeline *self)
{
  if (self->position_us >= self->start_us && self->position_us < self->end_us)
    return sl_timeline_x_of (self, self->position_us);
  return sl_timeline_track_x (self) + sl_timeline_track_width (self) / 2.0;
}

static void
update_accessible_value (SlTimeline *self)
{
  g_autofree char *text = sl_timeline_format_time (self, self->position_us);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/* Sets the playhead; when it was in view and leaves it, the view pages
 * after it (a player playing on, or the keys). */
static void
move_position (SlTimeline *self, gint64 time_us)
{
  gboolean was_visible = self->position_us >= self->start_us && self->position_us < self->end_us;
  gint64 span = sl_timeline_span (self);

  if (time_us == self->position_us)
    return;

  self->position_us = time_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  update_accessible_value (self);

  if (was_visible && self->drag != SL_TIMELINE_DRAG_PAN &&
      (time_us < self->start_us || time_us >= self->end_us))
    {
      gint64 start = time_us >= self->end_us ? time_us - span / 10 : time_us - span * 9 / 10;

      sl_timeline_show_range (self, start, start + span);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_timeline_seek (SlTimeline *self, gint64 time_us)
{
  time_us = MIN (time_us, sl_timeline_now ());
  move_position (self, time_us);
  g_signal_emit (self, sl_timeline_signals[SL_TIMELINE_SIGNAL_SEEK], 0, time_us);
}

void
sl_timeline_set_scrubbing (SlTimeline *self, gboolean scrubbing)
{
  if (scrubbing == (self->drag == SL_TIMELINE_DRAG_SCRUB))
    return;

  self->drag = scrubbing ? SL_TIMELINE_DRAG_SCRUB : SL_TIMELINE_DRAG_NONE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCRUBBING]);
  g_signal_emit (self,
                 sl_timeline_signals[scrubbing ? SL_TIMELINE_SIGNAL_SCRUB_BEGIN
                                               : SL_TIMELINE_SIGNAL_SCRUB_END],
                 0);
}

void
sl_timeline_update_actions (SlTimeline *self)
{
  gboolean has_selection = self->selection_end_us > self->selection_start_us;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.export-selection", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.clear-selection", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.add-bookmark",
                                 self->cameras->len > 0);
}

/* Once a second: the "now" marker moves, live mode follows it, and a view
 * that shows the current time reads the new segments now and then. */
static gboolean
on_clock (gpointer user_data)
{
  SlTimeline *self = SL_TIMELINE (user_data);
  gint64 now = sl_timeline_now ();
  gint64 span = sl_timeline_span (self);
  gboolean now_visible = now >= self->start_us && now < self->end_us + span / 20;

  if (self->live && self->drag == SL_TIMELINE_DRAG_NONE)
    {
      move_position (self, now);
      if (now_visible && now > self->end_us - span / 20)
        sl_timeline_show_range (self, now - span * 9 / 10, now + span / 10);
    }
  if (now_visible)
    gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->coverage != NULL && !self->query_pending && now >= self->coverage_from_us &&
      now - REFRESH_US < self->coverage_to_us && now - self->coverage_read_at_us > REFRESH_US)
    {
      self->coverage_stale = TRUE;
      schedule_query (self, 0);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- GtkWidget ----------------------------------------------------------- */

static void
update_label_width (SlTimeline *self)
{
  int width = SL_TIMELINE_MIN_LABEL;

  for (guint i = 0; i < self->cameras->len; i++)
    {
      SlTimelineCamera *camera = &g_array_index (self->cameras, SlTimelineCamera, i);
      int text_width;

      pango_layout_set_width (camera->layout, -1);
      pango_layout_get_pixel_size (camera->layout, &text_width, NULL);
      width = MAX (width, text_width + 24);
    }
  self->label_width = MIN (width, SL_TIMELINE_MAX_LABEL);

  for (guint i = 0; i < self->cameras->len; i++)
    pango_layout_set_width (g_array_index (self->cameras, SlTimelineCamera, i).layout,
                            (self->label_width - 24) * PANGO_SCALE);
}

static void
sl_timeline_measure (GtkWidget *widget,
                     GtkOrientation orientation,
                     int for_size,
                     int *minimum,
                     int *natural,
                     int *minimum_baseline,
                     int *natural_baseline)
{
  SlTimeline *self = SL_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->label_width + 240;
      *natural = self->label_width + 960;
    }
  else
    {
      *minimum = *natural =
          SL_TIMELINE_RULER_HEIGHT + MAX (1u, self->cameras->len) * SL_TIMELINE_ROW_HEIGHT + 4;
    }
}

static void
sl_timeline_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SlTimeline *self = SL_TIMELINE (widget);

  gtk_popover_present (GTK_POPOVER (self->menu));
  gtk_popover_present (GTK_POPOVER (self->picker));
  schedule_query (self, 0);
}

static void
sl_timeline_map (GtkWidget *widget)
{
  SlTimeline *self = SL_TIMELINE (widget);

  GTK_WIDGET_CLASS (sl_timeline_parent_class)->map (widget);
  self->clock_source_id = g_timeout_add_seconds (1, on_clock, self);
}

static void
sl_timeline_unmap (GtkWidget *widget)
{
  SlTimeline *self = SL_TIMELINE (widget);

  g_clear_handle_id (&self->clock_source_id, g_source_remove);
  GTK_WIDGET_CLASS (sl_timeline_parent_class)->unmap (widget);
}

static gboolean
sl_timeline_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  SlTimeline *self = SL_TIMELINE (widget);
  g_autofree char *text = NULL;

  if (keyboard)
    text = sl_timeline_format_time (self, self->position_us);
  else
    text = sl_timeline_describe_at (self, x, y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  /* A new query as soon as the pointer leaves this pixel column. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle){ x - 1, y - 8, 3, 16 });
  return TRUE;
}

static void
sl_timeline_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting)
{
  SlTimeline *self = SL_TIMELINE (widget);

  GTK_WIDGET_CLASS (sl_timeline_parent_class)->system_setting_changed (widget, setting);
  sl_timeline_clear_layouts (self);
  for (guint i = 0; i < self->cameras->len; i++)
    pango_layout_context_changed (g_array_index (self->cameras, SlTimelineCamera, i).layout);
  update_label_width (self);
  gtk_widget_queue_resize (widget);
}

/* ---- GObject --------------------------------------------------------------- */

static void
sl_timeline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlTimeline *self = SL_TIMELINE (object);

  switch (prop_id)
    {
      case PROP_CATALOG:
        g_value_set_object (value, self->catalog);
        break;
      case PROP_VISIBLE_START:
        g_value_set_int64 (value, self->start_us);
        break;
      case PROP_VISIBLE_END:
        g_value_set_int64 (value, self->end_us);
        break;
      case PROP_POSITION:
        g_value_set_int64 (value, self->position_us);
        break;
      case PROP_LIVE:
        g_value_set_boolean (value, self->live);
        break;
      case PROP_SELECTION_START:
        g_value_set_int64 (value, self->selection_start_us);
        break;
      case PROP_SELECTION_END:
        g_value_set_int64 (value, self->selection_end_us);
        break;
      case PROP_SCRUBBING:
        g_value_set_boolean (value, sl_timeline_get_scrubbing (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_timeline_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlTimeline *self = SL_TIMELINE (object);

  switch (prop_id)
    {
      case PROP_CATALOG:
        sl_timeline_set_catalog (self, g_value_get_object (value));
        break;
      case PROP_VISIBLE_START:
        sl_timeline_set_visible_range (self, g_value_get_int64 (value),
                                       g_value_get_int64 (value) + sl_timeline_span (self));
        break;
      case PROP_VISIBLE_END:
        sl_timeline_set_visible_range (self, self->start_us, g_value_get_int64 (value));
        break;
      case PROP_POSITION:
        sl_timeline_set_position (self, g_value_get_int64 (value));
        break;
      case PROP_LIVE:
        sl_timeline_set_live (self, g_value_get_boolean (value));
        break;
      case PROP_SELECTION_START:
        sl_timeline_set_selection (self, g_value_get_int64 (value), self->selection_end_us);
        break;
      case PROP_SELECTION_END:
        sl_timeline_set_selection (self, self->selection_start_us, g_value_get_int64 (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_timeline_dispose (GObject *object)
{
  SlTimeline *self = SL_TIMELINE (object);

  forget_coverage (self);
  g_clear_handle_id (&self->clock_source_id, g_source_remove);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->picker, gtk_widget_unparent);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sl_timeline_parent_class)->dispose (object);
}

static void
sl_timeline_finalize (GObject *object)
{
  SlTimeline *self = SL_TIMELINE (object);

  g_array_unref (self->cameras);
  g_time_zone_unref (self->zone);
  g_hash_table_unref (self->tick_layouts);
  g_clear_pointer (&self->hatch_tile, gsk_render_node_unref);
  g_free (self->error_message);
  G_OBJECT_CLASS (sl_timeline_parent_class)->finalize (object);
}

static void
sl_timeline_class_init (SlTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = sl_timeline_get_property;
  object_class->set_property = sl_timeline_set_property;
  object_class->dispose = sl_timeline_dispose;
  object_class->finalize = sl_timeline_finalize;

  widget_class->measure = sl_timeline_measure;
  widget_class->size_allocate = sl_timeline_size_allocate;
  widget_class->snapshot = sl_timeline_snapshot;
  widget_class->map = sl_timeline_map;
  widget_class->unmap = sl_timeline_unmap;
  widget_class->query_tooltip = sl_timeline_query_tooltip;
  widget_class->system_setting_changed = sl_timeline_system_setting_changed;

  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, SL_TYPE_CATALOG, flags);
  properties[PROP_VISIBLE_START] =
      g_param_spec_int64 ("visible-start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_VISIBLE_END] =
      g_param_spec_int64 ("visible-end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_POSITION] =
      g_param_spec_int64 ("position", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, flags);
  properties[PROP_SELECTION_START] =
      g_param_spec_int64 ("selection-start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SELECTION_END] =
      g_param_spec_int64 ("selection-end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SCRUBBING] = g_param_spec_boolean ("scrubbing", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user moved the playhead to @time_us (UTC microseconds). */
  sl_timeline_signals[SL_TIMELINE_SIGNAL_SEEK] =
      g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The user started and stopped dragging the playhead: pause meanwhile. */
  sl_timeline_signals[SL_TIMELINE_SIGNAL_SCRUB_BEGIN] =
      g_signal_new ("scrub-begin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
  sl_timeline_signals[SL_TIMELINE_SIGNAL_SCRUB_END] =
      g_signal_new ("scrub-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 0);
  /* "Add Bookmark Here…" at @time_us. */
  sl_timeline_signals[SL_TIMELINE_SIGNAL_ADD_BOOKMARK] =
      g_signal_new ("add-bookmark", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* "Export Selection…" of [@start_us, @end_us). */
  sl_timeline_signals[SL_TIMELINE_SIGNAL_EXPORT_SELECTION] =
      g_signal_new ("export-selection", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
  sl_timeline_input_class_init (widget_class);
}

static void
sl_timeline_init (SlTimeline *self)
{
  gint64 now = sl_timeline_now ();

  self->cameras = g_array_new (FALSE, TRUE, sizeof (SlTimelineCamera));
  g_array_set_clear_func (self->cameras, (GDestroyNotify)camera_clear);
  self->zone = g_time_zone_new_local ();
  self->tick_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->label_width = SL_TIMELINE_MIN_LABEL;

  /* The last hour, with the current time near the right edge. */
  self->start_us = now - G_GINT64_CONSTANT (55) * 60 * G_USEC_PER_SEC;
  self->end_us = now + G_GINT64_CONSTANT (5) * 60 * G_USEC_PER_SEC;
  self->position_us = now;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Timeline"), -1);
  update_accessible_value (self);

  sl_timeline_input_init (self);
  sl_timeline_update_actions (self);
}

/* ---- Public API ------------------------------------------------------------ */

GtkWidget *
sl_timeline_new (void)
{
  return g_object_new (SL_TYPE_TIMELINE, NULL);
}

SlCatalog *
sl_timeline_get_catalog (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), NULL);

  return self->catalog;
}

void
sl_timeline_set_catalog (SlTimeline *self, SlCatalog *catalog)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  g_return_if_fail (catalog == NULL || SL_IS_CATALOG (catalog));

  if (!g_set_object (&self->catalog, catalog))
    return;

  forget_coverage (self);
  schedule_query (self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

void
sl_timeline_set_cameras (SlTimeline *self,
                         const gint64 *camera_ids,
                         const char *const *names,
                         guint n_cameras)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  g_return_if_fail (n_cameras == 0 || (camera_ids != NULL && names != NULL));

  forget_coverage (self);
  g_array_set_size (self->cameras, 0);
  for (guint i = 0; i < n_cameras; i++)
    {
      SlTimelineCamera camera = {
        camera_ids[i],
        g_strdup (names[i]),
        gtk_widget_create_pango_layout (GTK_WIDGET (self), names[i]),
      };

      pango_layout_set_ellipsize (camera.layout, PANGO_ELLIPSIZE_END);
      g_array_append_val (self->cameras, camera);
    }
  update_label_width (self);
  sl_timeline_update_actions (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  schedule_query (self, 0);
}

guint
sl_timeline_get_n_cameras (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), 0);

  return self->cameras->len;
}

void
sl_timeline_get_visible_range (SlTimeline *self, gint64 *start_us, gint64 *end_us)
{
  g_return_if_fail (SL_IS_TIMELINE (self));

  if (start_us != NULL)
    *start_us = self->start_us;
  if (end_us != NULL)
    *end_us = self->end_us;
}

void
sl_timeline_set_visible_range (SlTimeline *self, gint64 start_us, gint64 end_us)
{
  g_return_if_fail (SL_IS_TIMELINE (self));

  sl_timeline_show_range (self, start_us, end_us);
}

gint64
sl_timeline_get_position (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), 0);

  return self->position_us;
}

void
sl_timeline_set_position (SlTimeline *self, gint64 time_us)
{
  g_return_if_fail (SL_IS_TIMELINE (self));

  /* While the user drags the playhead, the player's position is old news. */
  if (self->drag == SL_TIMELINE_DRAG_SCRUB)
    return;
  move_position (self, time_us);
}

gboolean
sl_timeline_get_live (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), FALSE);

  return self->live;
}

void
sl_timeline_set_live (SlTimeline *self, gboolean live)
{
  g_return_if_fail (SL_IS_TIMELINE (self));

  live = !!live;
  if (live == self->live)
    return;

  self->live = live;
  if (live)
    {
      gint64 now = sl_timeline_now ();
      gint64 span = sl_timeline_span (self);

      /* The current time near the right edge, the recent past before it. */
      if (now < self->start_us || now >= self->end_us)
        sl_timeline_show_range (self, now - span * 9 / 10, now + span / 10);
      move_position (self, now);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gboolean
sl_timeline_get_selection (SlTimeline *self, gint64 *start_us, gint64 *end_us)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), FALSE);

  if (start_us != NULL)
    *start_us = self->selection_start_us;
  if (end_us != NULL)
    *end_us = self->selection_end_us;
  return self->selection_end_us > self->selection_start_us;
}

void
sl_timeline_set_selection (SlTimeline *self, gint64 start_us, gint64 end_us)
{
  g_return_if_fail (SL_IS_TIMELINE (self));

  if (end_us < start_us)
    {
      gint64 swap = start_us;

      start_us = end_us;
      end_us = swap;
    }
  if (start_us == end_us)
    start_us = end_us = 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (start_us != self->selection_start_us)
    {
      self->selection_start_us = start_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_START]);
    }
  if (end_us != self->selection_end_us)
    {
      self->selection_end_us = end_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  sl_timeline_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sl_timeline_get_scrubbing (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), FALSE);

  return self->drag == SL_TIMELINE_DRAG_SCRUB;
}

void
sl_timeline_refresh (SlTimeline *self)
{
  g_return_if_fail (SL_IS_TIMELINE (self));

  self->coverage_stale = TRUE;
  schedule_query (self, 0);
}

gint64
sl_timeline_time_at (SlTimeline *self, double x)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), 0);

  return self->start_us + (gint64)((x - sl_timeline_track_x (self)) * sl_timeline_span (self) /
                                   sl_timeline_track_width (self));
}

double
sl_timeline_x_of (SlTimeline *self, gint64 time_us)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), 0);

  return sl_timeline_track_x (self) + (double)(time_us - self->start_us) *
                                          sl_timeline_track_width (self) / sl_timeline_span (self);
}

double
sl_timeline_row_y (SlTimeline *self, guint index)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), 0);

  return SL_TIMELINE_RULER_HEIGHT + (index + 0.5) * SL_TIMELINE_ROW_HEIGHT;
}

gboolean
sl_timeline_is_loaded (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), FALSE);

  return !self->query_pending && (self->coverage != NULL || self->error_message != NULL);
}
