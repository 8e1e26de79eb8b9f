// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

#define SL_TYPE_TIMELINE (sl_timeline_get_type ())
G_DECLARE_FINAL_TYPE (SlTimeline, sl_timeline, SL, TIMELINE, GtkWidget)

/* The recordings timeline: one row per camera with its coverage in the
 * colours of the recording type, gaps with their reasons, bookmarks and
 * events, a playhead, a "now" marker and a range selection for export.
 *
 * It reads the catalog itself (sl_catalog_query_coverage_async), only the
 * visible range and a little around it, merged to the pixel.
 *
 * The player talks to it through "position" (set while playing) and the
 * signals: "seek" (the user clicked, dragged the playhead, used the keys or
 * the date picker), "scrub-begin"/"scrub-end" around a drag of the playhead
 * (pause while scrubbing, resume after), "add-bookmark" and
 * "export-selection" (from the context menu or the keys). */

GtkWidget *sl_timeline_new (void);

SlCatalog *sl_timeline_get_catalog (SlTimeline *self);
void sl_timeline_set_catalog (SlTimeline *self, SlCatalog *catalog);

/* The rows: @camera_ids[i] is shown as @names[i]. */
void sl_timeline_set_cameras (SlTimeline *self,
                              const gint64 *camera_ids,
                              const char *const *names,
                              guint n_cameras);
guint sl_timeline_get_n_cameras (SlTimeline *self);

void sl_timeline_get_visible_range (SlTimeline *self, gint64 *start_us, gint64 *end_us);
/* Clamped to what the timeline can show (a few seconds to about a year). */
void sl_timeline_set_visible_range (SlTimeline *self, gint64 start_us, gint64 end_us);

gint64 sl_timeline_get_position (SlTimeline *self);
/* Moves the playhead without emitting "seek"; when it leaves the visible
 * range the view follows it. */
void sl_timeline_set_position (SlTimeline *self, gint64 time_us);

/* In live mode the playhead follows the current time. */
gboolean sl_timeline_get_live (SlTimeline *self);
void sl_timeline_set_live (SlTimeline *self, gboolean live);

/* The range marked for export; FALSE when there is none. */
gboolean sl_timeline_get_selection (SlTimeline *self, gint64 *start_us, gint64 *end_us);
/* @start_us == @end_us clears it. */
void sl_timeline_set_selection (SlTimeline *self, gint64 start_us, gint64 end_us);

/* Whether the user is dragging the playhead. */
gboolean sl_timeline_get_scrubbing (SlTimeline *self);

/* Reads the catalog again (after adding a bookmark, for example). */
void sl_timeline_refresh (SlTimeline *self);

/* Geometry, in widget coordinates: the time at @x and the x of @time_us. */
gint64 sl_timeline_time_at (SlTimeline *self, double x);
double sl_timeline_x_of (SlTimeline *self, gint64 time_us);
/* The vertical middle of camera row @index. */
double sl_timeline_row_y (SlTimeline *self, guint index);
/* What the tooltip at (@x, @y) says, or NULL where there is none. */
char *sl_timeline_describe_at (SlTimeline *self, double x, double y);
/* Whether the coverage of the visible range has been read (no query pending). */
gboolean sl_timeline_is_loaded (SlTimeline *self);

G_END_DECLS
