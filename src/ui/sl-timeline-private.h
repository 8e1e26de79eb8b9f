// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-timeline.h"

G_BEGIN_DECLS

/* Internals shared by sl-timeline.c (state, catalog queries, API),
 * sl-timeline-draw.c (snapshot, ticks, tooltips) and sl-timeline-input.c
 * (pointer, keys, menus). */

#define SL_TIMELINE_RULER_HEIGHT 34
#define SL_TIMELINE_ROW_HEIGHT   32
#define SL_TIMELINE_MIN_LABEL    96
#define SL_TIMELINE_MAX_LABEL    200

/* A few seconds to a little over a year across the width. */
#define SL_TIMELINE_MIN_SPAN (G_GINT64_CONSTANT (4) * G_USEC_PER_SEC)
#define SL_TIMELINE_MAX_SPAN (G_GINT64_CONSTANT (400) * 86400 * G_USEC_PER_SEC)

typedef enum
{
  SL_TIMELINE_DRAG_NONE,
  SL_TIMELINE_DRAG_PENDING, /* pressed in a row: a click or, once it moves, a pan */
  SL_TIMELINE_DRAG_PAN,
  SL_TIMELINE_DRAG_SCRUB,
  SL_TIMELINE_DRAG_SELECT,
} SlTimelineDrag;

typedef struct
{
  gint64 id;
  char *name;
  PangoLayout *layout; /* the name, ellipsized to the label column */
} SlTimelineCamera;

struct _SlTimeline
{
  GtkWidget parent_instance;

  /* Owned children */
  GtkWidget *menu;   /* GtkPopoverMenu: the context menu */
  GtkWidget *picker; /* SlTimelinePicker: the date and time popover */

  /* Owned */
  SlCatalog *catalog;
  GArray *cameras; /* SlTimelineCamera */
  GTimeZone *zone; /* local time, for ticks and labels */

  /* The view, in UTC microseconds. */
  gint64 start_us;
  gint64 end_us;
  gint64 position_us;
  gint64 selection_start_us;
  gint64 selection_end_us;
  gint64 mark_in_us; /* the I and O keys; G_MININT64 when unset */
  gint64 mark_out_us;
  gboolean live;

  /* The last coverage read (SlCoverage, one per row), for the range and the
   * bucket it was read at; drawn until a newer one arrives. */
  GPtrArray *coverage;
  gint64 coverage_from_us;
  gint64 coverage_to_us;
  gint64 coverage_bucket_us;
  gint64 coverage_read_at_us; /* real time of the query */
  GCancellable *query_cancellable;
  gboolean query_pending;
  gboolean coverage_stale; /* read again even if it covers the view */
  char *error_message;     /* the last query failed */
  guint query_source_id;
  guint clock_source_id;

  /* Drawing caches: tick label layouts by text, the gap hatch tile. */
  GHashTable *tick_layouts;
  GskRenderNode *hatch_tile;
  GdkRGBA hatch_color;
  int label_width;

  /* Pointer and gestures. */
  SlTimelineDrag drag;
  double drag_start_x;
  gint64 drag_start_us; /* the view start when the drag began */
  gint64 select_anchor_us;
  double pointer_x;
  gboolean pointer_inside;
  gint64 zoom_span_us; /* the span when a pinch began */
  gint64 context_time_us;
};

enum
{
  SL_TIMELINE_SIGNAL_SEEK,
  SL_TIMELINE_SIGNAL_SCRUB_BEGIN,
  SL_TIMELINE_SIGNAL_SCRUB_END,
  SL_TIMELINE_SIGNAL_ADD_BOOKMARK,
  SL_TIMELINE_SIGNAL_EXPORT_SELECTION,
  SL_TIMELINE_N_SIGNALS
};

extern guint sl_timeline_signals[SL_TIMELINE_N_SIGNALS];

/* sl-timeline.c */
int sl_timeline_track_x (SlTimeline *self);
int sl_timeline_track_width (SlTimeline *self);
gint64 sl_timeline_span (SlTimeline *self);
gint64 sl_timeline_now (void);
/* Sets the view (clamped) and schedules a query when it needs one. */
void sl_timeline_show_range (SlTimeline *self, gint64 start_us, gint64 end_us);
void sl_timeline_pan (SlTimeline *self, gint64 delta_us);
/* Zooms by @factor (> 1 zooms out) keeping the time at @anchor_x in place. */
void sl_timeline_zoom (SlTimeline *self, double factor, double anchor_x);
/* Where to zoom from when the keys zoom: the playhead if shown, else the middle. */
double sl_timeline_zoom_anchor (SlTimeline *self);
/* Moves the playhead as the user did, keeping it in view, and emits "seek". */
void sl_timeline_seek (SlTimeline *self, gint64 time_us);
void sl_timeline_update_actions (SlTimeline *self);
void sl_timeline_set_scrubbing (SlTimeline *self, gboolean scrubbing);
/* The row at @y, or -1. */
int sl_timeline_row_at (SlTimeline *self, double y);

/* sl-timeline-draw.c */
void sl_timeline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot);
void sl_timeline_clear_layouts (SlTimeline *self);
char *sl_timeline_format_time (SlTimeline *self, gint64 time_us);
char *sl_timeline_format_duration (gint64 duration_us);
const char *sl_timeline_describe_type (SlRecordingType type);

/* sl-timeline-input.c */
void sl_timeline_input_init (SlTimeline *self);
void sl_timeline_input_class_init (GtkWidgetClass *widget_class);
void sl_timeline_popup_menu (SlTimeline *self, double x, double y);
void sl_timeline_show_picker (SlTimeline *self);

G_END_DECLS
