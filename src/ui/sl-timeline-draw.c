// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-timeline-private.h"

/* SlTimeline's snapshot: the ruler with its ticks, one row per camera with
 * coverage, gaps, events and bookmarks, then the selection, the "now"
 * marker and the playhead; and the tooltip texts of what is drawn. Nothing
 * here creates widgets: rectangles, a cached hatch tile for gaps and cached
 * Pango layouts for the tick labels. */

#define DAY_US      (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define LABEL_SPACE 120 /* pixels between tick labels, at least */
#define HATCH       8   /* the period of the gap hatching, in pixels */
#define MAX_LAYOUTS 400
#define BAND_TOP    9 /* the coverage band inside a row */
#define BAND_HEIGHT 14

typedef struct
{
  GdkRGBA fg;
  GdkRGBA types[4]; /* by SlRecordingType */
  GdkRGBA gap;
  GdkRGBA bookmark;
  GdkRGBA event;
  GdkRGBA accent;
  GdkRGBA error;
} Palette;

typedef enum
{
  UNIT_SECONDS,
  UNIT_DAYS,
  UNIT_WEEKS,
  UNIT_MONTHS,
} Unit;

typedef struct
{
  Unit unit;
  int amount;
} Step;

static const Step steps[] = {
  { UNIT_SECONDS, 1 },     { UNIT_SECONDS, 2 },    { UNIT_SECONDS, 5 },     { UNIT_SECONDS, 10 },
  { UNIT_SECONDS, 15 },    { UNIT_SECONDS, 30 },   { UNIT_SECONDS, 60 },    { UNIT_SECONDS, 120 },
  { UNIT_SECONDS, 300 },   { UNIT_SECONDS, 600 },  { UNIT_SECONDS, 900 },   { UNIT_SECONDS, 1800 },
  { UNIT_SECONDS, 3600 },  { UNIT_SECONDS, 7200 }, { UNIT_SECONDS, 10800 }, { UNIT_SECONDS, 21600 },
  { UNIT_SECONDS, 43200 }, { UNIT_DAYS, 1 },       { UNIT_DAYS, 2 },        { UNIT_WEEKS, 1 },
  { UNIT_MONTHS, 1 },      { UNIT_MONTHS, 3 },     { UNIT_MONTHS, 6 },      { UNIT_MONTHS, 12 },
};

/* ---- Colours ----------------------------------------------------------------- */

static void
lookup_color (GtkStyleContext *context, const char *name, const char *fallback, GdkRGBA *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* The named colours of style.css (@sl_timeline_*), or the same values when
 * the stylesheet is not loaded. */
static void
get_palette (SlTimeline *self, Palette *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &palette->fg);
  lookup_color (context, "sl_timeline_continuous", "#2ec27e",
                &palette->types[SL_RECORDING_CONTINUOUS]);
  lookup_color (context, "sl_timeline_motion", "#e01b24", &palette->types[SL_RECORDING_MOTION]);
  lookup_color (context, "sl_timeline_manual", "#9141ac", &palette->types[SL_RECORDING_MANUAL]);
  lookup_color (context, "sl_timeline_rule", "#3584e4", &palette->types[SL_RECORDING_RULE]);
  lookup_color (context, "sl_timeline_gap", "#c88800", &palette->gap);
  lookup_color (context, "sl_timeline_bookmark", "#f5c211", &palette->bookmark);
  lookup_color (context, "sl_timeline_event", "#ff7800", &palette->event);
  lookup_color (context, "accent_bg_color", "#3584e4", &palette->accent);
  lookup_color (context, "error_color", "#c01c28", &palette->error);
}

static GdkRGBA
with_alpha (const GdkRGBA *color, float alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

static void
fill (GtkSnapshot *snapshot, const GdkRGBA *color, double x, double y, double width, double height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* ---- Text -------------------------------------------------------------------- */

void
sl_timeline_clear_layouts (SlTimeline *self)
{
  g_hash_table_remove_all (self->tick_layouts);
}

/* The layout of @text, made once and kept: tick labels repeat as the view
 * pans. */
static PangoLayout *
cached_layout (SlTimeline *self, const char *text)
{
  PangoLayout *layout = g_hash_table_lookup (self->tick_layouts, text);

  if (layout != NULL)
    return layout;

  if (g_hash_table_size (self->tick_layouts) > MAX_LAYOUTS)
    g_hash_table_remove_all (self->tick_layouts);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  g_hash_table_insert (self->tick_layouts, g_strdup (text), layout);
  return layout;
}

static void
draw_layout (GtkSnapshot *snapshot, PangoLayout *layout, double x, double y, const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float)x, (float)y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static GDateTime *
local_time (SlTimeline *self, gint64 time_us)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  if (utc == NULL)
    return NULL;
  return g_date_time_to_timezone (utc, self->zone);
}

static char *
format_local (SlTimeline *self, gint64 time_us, const char *format)
{
  g_autoptr (GDateTime) local = local_time (self, time_us);

  return local != NULL ? g_date_time_format (local, format) : g_strdup ("");
}

char *
sl_timeline_format_time (SlTimeline *self, gint64 time_us)
{
  /* Translators: a date and time on the timeline, see g_date_time_format() */
  return format_local (self, time_us, C_ ("timeline", "%Y-%m-%d %H:%M:%S"));
}

char *
sl_timeline_format_duration (gint64 duration_us)
{
  gint64 seconds = duration_us / G_USEC_PER_SEC;

  if (seconds >= 86400)
    return g_strdup_printf (_ ("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h"), seconds / 86400,
                            seconds % 86400 / 3600);
  if (seconds >= 3600)
    return g_strdup_printf (_ ("%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min"), seconds / 3600,
                            seconds % 3600 / 60);
  if (seconds >= 60)
    return g_strdup_printf (_ ("%" G_GINT64_FORMAT " min %" G_GINT64_FORMAT " s"), seconds / 60,
                            seconds % 60);
  return g_strdup_printf (_ ("%.1f s"), duration_us / (double)G_USEC_PER_SEC);
}

const char *
sl_timeline_describe_type (SlRecordingType type)
{
  switch (type)
    {
      case SL_RECORDING_MOTION:
        return _ ("Motion recording");
      case SL_RECORDING_MANUAL:
        return _ ("Manual recording");
      case SL_RECORDING_RULE:
        return _ ("Recording started by a rule");
      case SL_RECORDING_CONTINUOUS:
      default:
        return _ ("Continuous recording");
    }
}

static const char *
describe_event_type (const char *type)
{
  if (g_str_equal (type, "motion"))
    return _ ("Motion");
  if (g_str_equal (type, "tampering"))
    return _ ("Tampering");
  if (g_str_equal (type, "input"))
    return _ ("Input");
  return type;
}

/* ---- Ticks ------------------------------------------------------------------- */

static gint64
step_nominal_us (const Step *step)
{
  switch (step->unit)
    {
      case UNIT_SECONDS:
        return step->amount * G_USEC_PER_SEC;
      case UNIT_DAYS:
        return step->amount * DAY_US;
      case UNIT_WEEKS:
        return step->amount * 7 * DAY_US;
      case UNIT_MONTHS:
      default:
        return step->amount * (DAY_US * 3044 / 100);
    }
}

/* The finest step whose ticks are at least @pixels apart. */
static guint
choose_step (SlTimeline *self, int pixels)
{
  gint64 least = sl_timeline_span (self) * pixels / sl_timeline_track_width (self);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (step_nominal_us (&steps[i]) >= least)
      return i;
  return G_N_ELEMENTS (steps) - 1;
}

static gint64
local_offset_us (SlTimeline *self, gint64 time_us, GTimeType type)
{
  gint64 seconds = time_us / G_USEC_PER_SEC;
  int interval = g_time_zone_find_interval (self->zone, type, seconds);

  return interval < 0 ? 0 : (gint64)g_time_zone_get_offset (self->zone, interval) * G_USEC_PER_SEC;
}

static gint64
floor_div (gint64 a, gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static gint64
floor_mod (gint64 a, gint64 b)
{
  return a - floor_div (a, b) * b;
}

/* Calls @func for each tick of @step in [@from, @to], in local time. */
typedef void (*TickFunc) (SlTimeline *self, gint64 time_us, GDateTime *local, gpointer data);

static void
for_each_tick (
    SlTimeline *self, const Step *step, gint64 from, gint64 to, TickFunc func, gpointer data)
{
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) start = NULL;

  if (step->unit == UNIT_SECONDS)
    {
      gint64 amount = step->amount * G_USEC_PER_SEC;
      gint64 local = from + local_offset_us (self, from, G_TIME_TYPE_UNIVERSAL);

      for (local = floor_div (local, amount) * amount;; local += amount)
        {
          gint64 time = local - local_offset_us (self, local, G_TIME_TYPE_STANDARD);

          if (time > to)
            break;
          func (self, time, NULL, data);
        }
      return;
    }

  start = local_time (self, from);
  if (start == NULL)
    return;
  switch (step->unit)
    {
      case UNIT_DAYS:
        first = g_date_time_new (self->zone, g_date_time_get_year (start),
                                 g_date_time_get_month (start),
                                 g_date_time_get_day_of_month (start), 0, 0, 0);
        break;
      case UNIT_WEEKS:
        {
          g_autoptr (GDateTime) monday =
              g_date_time_add_days (start, 1 - g_date_time_get_day_of_week (start));

          first = g_date_time_new (self->zone, g_date_time_get_year (monday),
                                   g_date_time_get_month (monday),
                                   g_date_time_get_day_of_month (monday), 0, 0, 0);
          break;
        }
      case UNIT_MONTHS:
      default:
        {
          int month = g_date_time_get_month (start) - 1;

          first = g_date_time_new (self->zone, g_date_time_get_year (start),
                                   month - month % step->amount + 1, 1, 0, 0, 0);
          break;
        }
    }

  for (int k = 0;; k++)
    {
      g_autoptr (GDateTime) tick = NULL;
      gint64 time;

      if (step->unit == UNIT_MONTHS)
        tick = g_date_time_add_months (first, k * step->amount);
      else
        tick = g_date_time_add_days (first, k * step->amount * (step->unit == UNIT_WEEKS ? 7 : 1));
      if (tick == NULL)
        break;
      time = g_date_time_to_unix (tick) * G_USEC_PER_SEC;
      if (time > to)
        break;
      func (self, time, tick, data);
    }
}

typedef struct
{
  GtkSnapshot *snapshot;
  const Palette *palette;
  const Step *step;
  int height;
} TickDraw;

static const char *
tick_format (const Step *step, GDateTime *local, gint64 time_us, SlTimeline *self)
{
  switch (step->unit)
    {
      case UNIT_SECONDS:
        if (step->amount < 60)
          /* Translators: a tick of the timeline, see g_date_time_format() */
          return C_ ("timeline tick", "%H:%M:%S");
        /* Midnight says which day begins. */
        if (floor_mod (time_us + local_offset_us (self, time_us, G_TIME_TYPE_UNIVERSAL), DAY_US) ==
            0)
          return C_ ("timeline tick", "%a %e %b");
        return C_ ("timeline tick", "%H:%M");
      case UNIT_DAYS:
        return C_ ("timeline tick", "%a %e %b");
      case UNIT_WEEKS:
        return C_ ("timeline tick", "%e %b");
      case UNIT_MONTHS:
      default:
        return step->amount >= 12 ? C_ ("timeline tick", "%Y") : C_ ("timeline tick", "%b %Y");
    }
}

static void
draw_major_tick (SlTimeline *self, gint64 time_us, GDateTime *local, gpointer data)
{
  TickDraw *draw = data;
  double x = floor (sl_timeline_x_of (self, time_us));
  g_autofree char *text = NULL;
  GdkRGBA grid = with_alpha (&draw->palette->fg, 0.08f);
  GdkRGBA tick = with_alpha (&draw->palette->fg, 0.45f);
  GdkRGBA label = with_alpha (&draw->palette->fg, 0.75f);
  PangoLayout *layout;
  int width, height;

  if (x < sl_timeline_track_x (self))
    return;
  text = format_local (self, time_us, tick_format (draw->step, local, time_us, self));
  layout = cached_layout (self, text);
  pango_layout_get_pixel_size (layout, &width, &height);

  fill (draw->snapshot, &tick, x, SL_TIMELINE_RULER_HEIGHT - 9, 1, 9);
  fill (draw->snapshot, &grid, x, SL_TIMELINE_RULER_HEIGHT, 1,
        draw->height - SL_TIMELINE_RULER_HEIGHT);
  draw_layout (draw->snapshot, layout, x + 4, SL_TIMELINE_RULER_HEIGHT - 10 - height, &label);
}

static void
draw_minor_tick (SlTimeline *self, gint64 time_us, GDateTime *local, gpointer data)
{
  TickDraw *draw = data;
  double x = floor (sl_timeline_x_of (self, time_us));
  GdkRGBA tick = with_alpha (&draw->palette->fg, 0.25f);

  if (x >= sl_timeline_track_x (self))
    fill (draw->snapshot, &tick, x, SL_TIMELINE_RULER_HEIGHT - 4, 1, 4);
}

static void
draw_ruler (SlTimeline *self, GtkSnapshot *snapshot, const Palette *palette, int height)
{
  guint major = choose_step (self, LABEL_SPACE);
  guint minor = choose_step (self, 12);
  TickDraw draw = { snapshot, palette, &steps[major], height };
  GdkRGBA line = with_alpha (&palette->fg, 0.15f);
  g_autofree char *date = NULL;
  PangoLayout *layout;
  int text_height;

  fill (snapshot, &(GdkRGBA){ palette->fg.red, palette->fg.green, palette->fg.blue, 0.04f }, 0, 0,
        gtk_widget_get_width (GTK_WIDGET (self)), SL_TIMELINE_RULER_HEIGHT);
  fill (snapshot, &line, 0, SL_TIMELINE_RULER_HEIGHT - 1, gtk_widget_get_width (GTK_WIDGET (self)),
        1);

  /* Minor ticks divide the major step evenly, or are left out. */
  if (minor < major && step_nominal_us (&steps[major]) % step_nominal_us (&steps[minor]) == 0 &&
      steps[minor].unit == steps[major].unit)
    {
      TickDraw minor_draw = { snapshot, palette, &steps[minor], height };

      for_each_tick (self, &steps[minor], self->start_us, self->end_us, draw_minor_tick,
                     &minor_draw);
    }
  for_each_tick (self, &steps[major], self->start_us, self->end_us, draw_major_tick, &draw);

  /* The date of the left edge, above the camera names. */
  date = format_local (self, self->start_us, C_ ("timeline date", "%e %b %Y"));
  layout = cached_layout (self, g_strstrip (date));
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  draw_layout (snapshot, layout, 12, (SL_TIMELINE_RULER_HEIGHT - text_height) / 2.0, &palette->fg);
}

/* ---- Rows -------------------------------------------------------------------- */

/* The hatch tile of gaps: "/" lines that join across tiles. Made once per
 * colour. */
static GskRenderNode *
hatch_tile (SlTimeline *self, const GdkRGBA *color)
{
  cairo_t *cr;

  if (self->hatch_tile != NULL && gdk_rgba_equal (&self->hatch_color, color))
    return self->hatch_tile;

  g_clear_pointer (&self->hatch_tile, gsk_render_node_unref);
  self->hatch_tile = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, HATCH, HATCH));
  self->hatch_color = *color;
  cr = gsk_cairo_node_get_draw_context (self->hatch_tile);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 2.5);
  for (int c = -HATCH; c <= HATCH; c += HATCH)
    {
      cairo_move_to (cr, c, HATCH);
      cairo_line_to (cr, c + HATCH, 0);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  return self->hatch_tile;
}

/* Pixel columns [@x0, @x1) of the track, at least one pixel wide. */
static gboolean
to_pixels (SlTimeline *self, gint64 start_us, gint64 end_us, double *x0, double *x1)
{
  double left = sl_timeline_track_x (self);
  double right = left + sl_timeline_track_width (self);

  if (end_us <= self->start_us || start_us >= self->end_us)
    return FALSE;
  *x0 = floor (MAX (sl_timeline_x_of (self, start_us), left));
  *x1 = MIN (round (sl_timeline_x_of (self, end_us)), right);
  *x1 = MAX (*x1, *x0 + 1);
  return *x0 < right;
}

/* Runs merged to the pixel: runs read at a finer bucket (the view zoomed out
 * while the query ran) make one rectangle per colour and pixel span. */
static void
draw_runs (SlTimeline *self,
           GtkSnapshot *snapshot,
           const Palette *palette,
           SlCoverage *coverage,
           double band_y)
{
  double pending_x0 = 0, pending_x1 = -1;
  int pending_type = -1;

  for (guint i = 0; i < coverage->runs->len; i++)
    {
      const SlCoverageRun *run = &g_array_index (coverage->runs, SlCoverageRun, i);
      double x0, x1;

      if (!to_pixels (self, run->start_us, run->end_us, &x0, &x1))
        continue;
      if ((int)run->type == pending_type && x0 <= pending_x1)
        {
          pending_x1 = MAX (pending_x1, x1);
          continue;
        }
      /* A pixel that two types share shows the one of higher priority (a
       * minute of motion inside hours of continuous recording). */
      if (pending_type >= 0 && x0 < pending_x1)
        {
          if (sl_recording_type_priority (run->type) > sl_recording_type_priority (pending_type))
            pending_x1 = x0;
          else if ((x0 = pending_x1) >= x1)
            continue;
        }
      if (pending_type >= 0 && pending_x1 > pending_x0)
        fill (snapshot, &palette->types[pending_type], pending_x0, band_y, pending_x1 - pending_x0,
              BAND_HEIGHT);
      pending_type = run->type;
      pending_x0 = x0;
      pending_x1 = x1;
    }
  if (pending_type >= 0 && pending_x1 > pending_x0)
    fill (snapshot, &palette->types[pending_type], pending_x0, band_y, pending_x1 - pending_x0,
          BAND_HEIGHT);
}

static void
draw_gaps (SlTimeline *self,
           GtkSnapshot *snapshot,
           const Palette *palette,
           SlCoverage *coverage,
           double band_y)
{
  GskRenderNode *tile = hatch_tile (self, &palette->gap);
  GdkRGBA base = with_alpha (&palette->gap, 0.18f);

  for (guint i = 0; i < coverage->gaps->len; i++)
    {
      const SlGap *gap = &g_array_index (coverage->gaps, SlGap, i);
      double x0, x1;
      float tile_x;

      if (!to_pixels (self, gap->start_us, gap->end_us, &x0, &x1))
        continue;
      /* The hatching stays put on screen, whatever the gap's position. */
      tile_x = (float)(floor (x0 / HATCH) * HATCH);
      fill (snapshot, &base, x0, band_y, x1 - x0, BAND_HEIGHT);
      gtk_snapshot_push_repeat (snapshot, &GRAPHENE_RECT_INIT (x0, band_y, x1 - x0, BAND_HEIGHT),
                                &GRAPHENE_RECT_INIT (tile_x, band_y, HATCH, HATCH));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (tile_x, (float)band_y));
      gtk_snapshot_append_node (snapshot, tile);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }
}

static void
draw_events (SlTimeline *self,
             GtkSnapshot *snapshot,
             const Palette *palette,
             SlCoverage *coverage,
             double row_y)
{
  for (guint i = 0; i < coverage->events->len; i++)
    {
      const SlCoverageEvent *event = coverage->events->pdata[i];
      double x = floor (sl_timeline_x_of (self, event->time_us));

      if (x < sl_timeline_track_x (self) - 2 || x > gtk_widget_get_width (GTK_WIDGET (self)))
        continue;
      fill (snapshot, &palette->event, x - (event->count > 1 ? 1 : 0),
            row_y + BAND_TOP + BAND_HEIGHT + 1, event->count > 1 ? 3 : 2, 6);
    }
}

/* A bookmark: a line through the row under a diamond, its range shaded; a
 * locked one has a dark core (its recordings are kept). */
static void
draw_bookmarks (SlTimeline *self,
                GtkSnapshot *snapshot,
                const Palette *palette,
                SlCoverage *coverage,
                double row_y)
{
  GdkRGBA range = with_alpha (&palette->bookmark, 0.3f);
  GdkRGBA core = { 0.1f, 0.1f, 0.1f, 0.9f };

  for (guint i = 0; i < coverage->bookmarks->len; i++)
    {
      const SlBookmark *bookmark = coverage->bookmarks->pdata[i];
      double x = floor (sl_timeline_x_of (self, bookmark->start_us));
      double x0, x1;

      if (bookmark->end_us > bookmark->start_us &&
          to_pixels (self, bookmark->start_us, bookmark->end_us, &x0, &x1))
        fill (snapshot, &range, x0, row_y + BAND_TOP, x1 - x0, BAND_HEIGHT);
      if (x < sl_timeline_track_x (self) || x > gtk_widget_get_width (GTK_WIDGET (self)))
        continue;

      fill (snapshot, &palette->bookmark, x, row_y + 4, 2, SL_TIMELINE_ROW_HEIGHT - 8);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float)x + 1, (float)row_y + 6));
      gtk_snapshot_rotate (snapshot, 45);
      fill (snapshot, &palette->bookmark, -4, -4, 8, 8);
      if (bookmark->locked)
        fill (snapshot, &core, -1.5, -1.5, 3, 3);
      gtk_snapshot_restore (snapshot);
    }
}

static void
draw_rows (SlTimeline *self, GtkSnapshot *snapshot, const Palette *palette, int width)
{
  GdkRGBA stripe = with_alpha (&palette->fg, 0.03f);
  GdkRGBA line = with_alpha (&palette->fg, 0.08f);
  GdkRGBA track = with_alpha (&palette->fg, 0.05f);
  int track_x = sl_timeline_track_x (self);

  for (guint i = 0; i < self->cameras->len; i++)
    {
      SlTimelineCamera *camera = &g_array_index (self->cameras, SlTimelineCamera, i);
      double row_y = SL_TIMELINE_RULER_HEIGHT + i * SL_TIMELINE_ROW_HEIGHT;
      int text_height;

      if (i % 2 == 1)
        fill (snapshot, &stripe, 0, row_y, width, SL_TIMELINE_ROW_HEIGHT);
      fill (snapshot, &line, 0, row_y + SL_TIMELINE_ROW_HEIGHT - 1, width, 1);
      fill (snapshot, &track, track_x, row_y + BAND_TOP, width - track_x, BAND_HEIGHT);

      pango_layout_get_pixel_size (camera->layout, NULL, &text_height);
      draw_layout (snapshot, camera->layout, 12,
                   row_y + (SL_TIMELINE_ROW_HEIGHT - text_height) / 2.0, &palette->fg);

      if (self->coverage == NULL || i >= self->coverage->len)
        continue;
      gtk_snapshot_push_clip (
          snapshot, &GRAPHENE_RECT_INIT (track_x, row_y, width - track_x, SL_TIMELINE_ROW_HEIGHT));
      draw_gaps (self, snapshot, palette, self->coverage->pdata[i], row_y + BAND_TOP);
      draw_runs (self, snapshot, palette, self->coverage->pdata[i], row_y + BAND_TOP);
      draw_events (self, snapshot, palette, self->coverage->pdata[i], row_y);
      draw_bookmarks (self, snapshot, palette, self->coverage->pdata[i], row_y);
      gtk_snapshot_pop (snapshot);
    }
  fill (snapshot, &line, track_x - 1, 0, 1,
        SL_TIMELINE_RULER_HEIGHT + self->cameras->len * SL_TIMELINE_ROW_HEIGHT);
}

/* ---- Markers ----------------------------------------------------------------- */

static void
draw_selection (SlTimeline *self, GtkSnapshot *snapshot, const Palette *palette, int height)
{
  GdkRGBA band = with_alpha (&palette->accent, 0.2f);
  double x0, x1;

  if (self->selection_end_us <= self->selection_start_us ||
      !to_pixels (self, self->selection_start_us, self->selection_end_us, &x0, &x1))
    return;

  fill (snapshot, &band, x0, SL_TIMELINE_RULER_HEIGHT, x1 - x0, height - SL_TIMELINE_RULER_HEIGHT);
  fill (snapshot, &palette->accent, x0, SL_TIMELINE_RULER_HEIGHT - 5, x1 - x0, 5);
  if (sl_timeline_x_of (self, self->selection_start_us) >= sl_timeline_track_x (self))
    fill (snapshot, &palette->accent, x0, SL_TIMELINE_RULER_HEIGHT, 2,
          height - SL_TIMELINE_RULER_HEIGHT);
  if (sl_timeline_x_of (self, self->selection_end_us) <= gtk_widget_get_width (GTK_WIDGET (self)))
    fill (snapshot, &palette->accent, x1 - 2, SL_TIMELINE_RULER_HEIGHT, 2,
          height - SL_TIMELINE_RULER_HEIGHT);
}

/* The future is shaded; "now" is a thin line. */
static void
draw_now (SlTimeline *self, GtkSnapshot *snapshot, const Palette *palette, int width, int height)
{
  double x = floor (sl_timeline_x_of (self, sl_timeline_now ()));
  GdkRGBA future = with_alpha (&palette->fg, 0.07f);
  GdkRGBA line = with_alpha (&palette->fg, 0.5f);

  if (x >= width)
    return;
  x = MAX (x, sl_timeline_track_x (self));
  fill (snapshot, &future, x, 0, width - x, height);
  fill (snapshot, &line, x, 0, 1, height);
}

static void
draw_playhead (SlTimeline *self, GtkSnapshot *snapshot, const Palette *palette, int height)
{
  double x = floor (sl_timeline_x_of (self, self->position_us));
  gboolean dark = palette->fg.red + palette->fg.green + palette->fg.blue > 1.5f;
  GdkRGBA text = dark ? (GdkRGBA){ 0, 0, 0, 1 } : (GdkRGBA){ 1, 1, 1, 1 };
  GdkRGBA plate = self->live ? palette->types[SL_RECORDING_MOTION] : palette->fg;
  g_autofree char *label = NULL;
  PangoLayout *layout;
  int text_width, text_height;
  double plate_x;

  if (x < sl_timeline_track_x (self) || x >= gtk_widget_get_width (GTK_WIDGET (self)))
    return;

  fill (snapshot, &plate, x - 1, SL_TIMELINE_RULER_HEIGHT - 8, 2,
        height - SL_TIMELINE_RULER_HEIGHT + 8);

  if (self->live)
    label = g_strdup (_ ("Live"));
  else if (sl_timeline_span (self) > DAY_US)
    label = format_local (self, self->position_us, C_ ("timeline playhead", "%e %b %H:%M:%S"));
  else
    label = format_local (self, self->position_us, C_ ("timeline playhead", "%H:%M:%S"));
  layout = cached_layout (self, g_strstrip (label));
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  plate_x = CLAMP (x - text_width / 2.0 - 6, sl_timeline_track_x (self),
                   gtk_widget_get_width (GTK_WIDGET (self)) - text_width - 12.0);
  gtk_snapshot_push_rounded_clip (
      snapshot, &GSK_ROUNDED_RECT_INIT ((float)plate_x, 3, text_width + 12.0f, text_height + 4.0f));
  fill (snapshot, &plate, plate_x, 3, text_width + 12, text_height + 4);
  gtk_snapshot_pop (snapshot);
  draw_layout (snapshot, layout, plate_x + 6, 5, &text);
}

void
sl_timeline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlTimeline *self = SL_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Palette palette;

  get_palette (self, &palette);

  draw_ruler (self, snapshot, &palette, height);
  draw_rows (self, snapshot, &palette, width);
  draw_now (self, snapshot, &palette, width, height);
  draw_selection (self, snapshot, &palette, height);
  draw_playhead (self, snapshot, &palette, height);

  if (self->error_message != NULL)
    draw_layout (snapshot, cached_layout (self, self->error_message),
                 sl_timeline_track_x (self) + 8, SL_TIMELINE_RULER_HEIGHT + 6, &palette.error);

  if (gtk_widget_has_visible_focus (widget))
    {
      float w[4] = { 2, 2, 2, 2 };
      GdkRGBA c[4] = { palette.accent, palette.accent, palette.accent, palette.accent };

      gtk_snapshot_append_border (snapshot,
                                  &GSK_ROUNDED_RECT_INIT (0, 0, (float)width, (float)height), w, c);
    }
}

/* ---- Tooltips ---------------------------------------------------------------- */

static char *
describe_range (SlTimeline *self, const char *what, gint64 start_us, gint64 end_us)
{
  g_autofree char *from = sl_timeline_format_time (self, start_us);
  g_autofree char *to = sl_timeline_format_time (self, end_us);
  g_autofree char *duration = sl_timeline_format_duration (end_us - start_us);

  /* Translators: what, then "from – to (duration)" */
  return g_strdup_printf (_ ("%s\n%s – %s (%s)"), what, from, to, duration);
}

static char *
describe_bookmark (SlTimeline *self, const SlBookmark *bookmark)
{
  g_autofree char *time = sl_timeline_format_time (self, bookmark->start_us);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _ ("Bookmark “%s”"), bookmark->name);
  g_string_append_printf (text, "\n%s", time);
  if (bookmark->description != NULL && bookmark->description[0] != '\0')
    g_string_append_printf (text, "\n%s", bookmark->description);
  if (bookmark->locked)
    g_string_append_printf (text, "\n%s", _ ("Recordings are kept (prevent deletion)"));
  return g_string_free (text, FALSE);
}

static char *
describe_event (SlTimeline *self, const SlCoverageEvent *event)
{
  g_autofree char *time = sl_timeline_format_time (self, event->time_us);

  if (event->count > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u event from %s",
                                         "%s: %u events from %s", event->count),
                            describe_event_type (event->type), event->count, time);
  return g_strdup_printf (_ ("%s event\n%s"), describe_event_type (event->type), time);
}

char *
sl_timeline_describe_at (SlTimeline *self, double x, double y)
{
  int row = sl_timeline_row_at (self, y);
  gint64 time = sl_timeline_time_at (self, x);
  SlCoverage *coverage;
  g_autofree char *when = NULL;

  g_return_val_if_fail (SL_IS_TIMELINE (self), NULL);

  if (y < SL_TIMELINE_RULER_HEIGHT && x >= sl_timeline_track_x (self))
    return sl_timeline_format_time (self, time);
  if (row < 0)
    return NULL;
  if (x < sl_timeline_track_x (self))
    return g_strdup (g_array_index (self->cameras, SlTimelineCamera, row).name);
  if (self->coverage == NULL || (guint)row >= self->coverage->len)
    return NULL;
  coverage = self->coverage->pdata[row];

  /* Markers first: they sit on top of the coverage. */
  for (guint i = 0; i < coverage->bookmarks->len; i++)
    {
      const SlBookmark *bookmark = coverage->bookmarks->pdata[i];

      if (fabs (sl_timeline_x_of (self, bookmark->start_us) - x) <= 5)
        return describe_bookmark (self, bookmark);
    }
  for (guint i = 0; i < coverage->events->len; i++)
    {
      const SlCoverageEvent *event = coverage->events->pdata[i];

      if (fabs (sl_timeline_x_of (self, event->time_us) - x) <= 3)
        return describe_event (self, event);
    }
  for (guint i = 0; i < coverage->runs->len; i++)
    {
      const SlCoverageRun *run = &g_array_index (coverage->runs, SlCoverageRun, i);

      if (run->start_us <= time && time < run->end_us)
        return describe_range (self, sl_timeline_describe_type (run->type), run->start_us,
                               run->end_us);
    }
  for (guint i = 0; i < coverage->gaps->len; i++)
    {
      const SlGap *gap = &g_array_index (coverage->gaps, SlGap, i);

      if (gap->start_us <= time && time < gap->end_us)
        {
          g_autofree char *what =
              g_strdup_printf (_ ("No recording: %s"), sl_gap_reason_describe (gap->reason));

          return describe_range (self, what, gap->start_us, gap->end_us);
        }
    }
  when = sl_timeline_format_time (self, time);
  return g_strdup_printf (_ ("No recording\n%s"), when);
}
