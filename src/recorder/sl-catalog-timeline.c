// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* Gaps in the recordings and the timeline query, which reads segments and
 * gaps from their covering indexes only. */

/* A row overlapping [from, to) has start < to and end > from. Its start is
 * also at least from - the longest row, which bounds the index range scan;
 * without it SQLite would walk the camera's index from its first row. */
const char sl_catalog_timeline_segments_sql[] =
    "SELECT id, camera_id, stream, start_us, end_us, type FROM segments "
    "WHERE camera_id = ?1 AND start_us >= ?4 AND start_us < ?3 AND end_us > ?2 "
    "ORDER BY start_us";

const char sl_catalog_timeline_gaps_sql[] =
    "SELECT id, camera_id, start_us, end_us, reason FROM gaps "
    "WHERE camera_id = ?1 AND start_us >= ?4 AND start_us < ?3 AND end_us > ?2 "
    "ORDER BY start_us";

/* ---- Gaps --------------------------------------------------------------- */

/* The arguments of add_gap: the gap without its id. */
static SlGap *
gap_args_new (gint64 camera_id, gint64 start_us, gint64 end_us, SlGapReason reason)
{
  SlGap *args = g_new0 (SlGap, 1);

  args->camera_id = camera_id;
  args->start_us = start_us;
  args->end_us = end_us;
  args->reason = reason;
  return args;
}

/* Inserts the gap as pieces of at most SL_CATALOG_MAX_GAP_PIECE_US, so that
 * the timeline query's bounded scan still finds every piece. */
static gboolean
insert_gap (sqlite3 *db, const SlGap *args, gint64 *first_id, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 start = args->start_us;

  stmt = sl_catalog_prepare (
      db, "INSERT INTO gaps (camera_id, start_us, end_us, reason) VALUES (?1, ?2, ?3, ?4)", what,
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_text (stmt, 4, sl_gap_reason_to_string (args->reason), -1, SQLITE_STATIC);

  while (start < args->end_us)
    {
      gint64 end = args->end_us - start > SL_CATALOG_MAX_GAP_PIECE_US
                       ? start + SL_CATALOG_MAX_GAP_PIECE_US
                       : args->end_us;

      sqlite3_bind_int64 (stmt, 2, start);
      sqlite3_bind_int64 (stmt, 3, end);
      if (!sl_catalog_step_done (db, stmt, what, NULL, error))
        return FALSE;
      if (start == args->start_us)
        *first_id = sqlite3_last_insert_rowid (db);
      sqlite3_reset (stmt);
      start = end;
    }
  return TRUE;
}

static gboolean
add_gap_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlGap *args = data;
  const char *what = _ ("Cannot add a gap in the recordings to the catalog");
  gint64 first_id = 0;
  gboolean ok;

  if (args->end_us <= args->start_us || sl_gap_reason_to_string (args->reason) == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A gap in the recordings must end after it starts and have a "
                              "known reason."));
      return FALSE;
    }

  if (!sl_catalog_begin (db, what, error))
    return FALSE;
  ok = insert_gap (db, args, &first_id, what, error);
  if (!sl_catalog_end (db, ok, what, ok ? error : NULL))
    return FALSE;
  value->number = first_id;
  return TRUE;
}

/**
 * sl_catalog_add_gap:
 * @self: the catalog
 * @camera_id: the camera
 * @start_us: when recording stopped
 * @end_us: when it resumed (after @start_us)
 * @reason: why
 * @error: return location for an error
 *
 * Records a time without recording. A gap longer than
 * %SL_CATALOG_MAX_GAP_PIECE_US is stored as consecutive pieces.
 *
 * Returns: the id of the gap (of its first piece), or 0 on error
 */
SL_CATALOG_DEFINE_OPERATION (gint64,
                             int64,
                             add_gap,
                             (gint64 camera_id, gint64 start_us, gint64 end_us, SlGapReason reason),
                             self,
                             gap_args_new (camera_id, start_us, end_us, reason),
                             g_free)

/* ---- Timeline ----------------------------------------------------------- */

typedef struct
{
  gint64 camera_id;
  gint64 from_us;
  gint64 to_us;
} TimelineArgs;

typedef struct
{
  GPtrArray *segments;
  GPtrArray *gaps;
} Timeline;

static void
timeline_free (Timeline *timeline)
{
  g_clear_pointer (&timeline->segments, g_ptr_array_unref);
  g_clear_pointer (&timeline->gaps, g_ptr_array_unref);
  g_free (timeline);
}

static TimelineArgs *
timeline_args_new (gint64 camera_id, gint64 from_us, gint64 to_us)
{
  TimelineArgs *args = g_new0 (TimelineArgs, 1);

  args->camera_id = camera_id;
  args->from_us = from_us;
  args->to_us = to_us;
  return args;
}

static sqlite3_stmt *
prepare_timeline (sqlite3 *db,
                  const char *sql,
                  const TimelineArgs *args,
                  gint64 longest,
                  const char *what,
                  GError **error)
{
  sqlite3_stmt *stmt = sl_catalog_prepare (db, sql, what, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_int64 (stmt, 2, args->from_us);
  sqlite3_bind_int64 (stmt, 3, args->to_us);
  sqlite3_bind_int64 (stmt, 4, sl_catalog_subtract_clamped (args->from_us, longest));
  return stmt;
}

/* A segment from the timeline query: only its indexed fields. */
static SlSegment *
indexed_segment_from_row (sqlite3_stmt *stmt)
{
  SlSegment *segment = g_new0 (SlSegment, 1);

  segment->id = sqlite3_column_int64 (stmt, 0);
  segment->camera_id = sqlite3_column_int64 (stmt, 1);
  segment->stream = sl_catalog_column_dup (stmt, 2);
  segment->start_us = sqlite3_column_int64 (stmt, 3);
  segment->end_us = sqlite3_column_int64 (stmt, 4);
  segment->type = sl_catalog_recording_type_from_column (stmt, 5);
  return segment;
}

static GPtrArray *
query_segments (sqlite3 *db, const TimelineArgs *args, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare_timeline (db, sl_catalog_timeline_segments_sql, args,
                                                    SL_CATALOG_MAX_SEGMENT_US, what, error);

  if (stmt == NULL)
    return NULL;
  return sl_catalog_read_rows (db, stmt, (SlCatalogRowFunc)indexed_segment_from_row,
                               (GDestroyNotify)sl_segment_free, what, error);
}

static GPtrArray *
query_gaps (sqlite3 *db, const TimelineArgs *args, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) gaps = g_ptr_array_new_with_free_func (g_free);
  SlGap *last = NULL;
  int rc;

  stmt = prepare_timeline (db, sl_catalog_timeline_gaps_sql, args, SL_CATALOG_MAX_GAP_PIECE_US,
                           what, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlGap gap = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int64 (stmt, 2),
        sqlite3_column_int64 (stmt, 3),
      };

      if (!sl_gap_reason_from_string ((const char *)sqlite3_column_text (stmt, 4), &gap.reason))
        gap.reason = SL_GAP_CONNECTION_LOST;

      /* The pieces of one long gap come back as one gap. */
      if (last != NULL && last->end_us == gap.start_us && last->reason == gap.reason)
        {
          last->end_us = gap.end_us;
          continue;
        }
      last = sl_gap_copy (&gap);
      g_ptr_array_add (gaps, last);
    }
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return NULL;
    }
  return g_steal_pointer (&gaps);
}

static gboolean
query_timeline_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const TimelineArgs *args = data;
  const char *what = _ ("Cannot read the recordings of the camera from the catalog");
  Timeline *timeline;
  GPtrArray *segments, *gaps;

  /* One read transaction, so segments and gaps are from the same moment. */
  if (!sl_catalog_exec (db, "BEGIN", what, error))
    return FALSE;
  segments = query_segments (db, args, what, error);
  gaps = segments ? query_gaps (db, args, what, error) : NULL;
  sl_catalog_end (db, TRUE, what, NULL);
  if (gaps == NULL)
    {
      g_clear_pointer (&segments, g_ptr_array_unref);
      return FALSE;
    }

  timeline = g_new0 (Timeline, 1);
  timeline->segments = segments;
  timeline->gaps = gaps;
  value->pointer = timeline;
  value->pointer_free = (GDestroyNotify)timeline_free;
  return TRUE;
}

static void
timeline_hand_out (Timeline *timeline, GPtrArray **segments, GPtrArray **gaps)
{
  if (segments != NULL)
    *segments = g_steal_pointer (&timeline->segments);
  if (gaps != NULL)
    *gaps = g_steal_pointer (&timeline->gaps);
  timeline_free (timeline);
}

/**
 * sl_catalog_query_timeline:
 * @self: the catalog
 * @camera_id: the camera
 * @from_us: the start of the range
 * @to_us: the end of the range (excluded)
 * @segments: (out) (optional) (transfer container) (element-type SlSegment):
 *   the segments overlapping the range by start, with only their indexed
 *   fields (id, camera_id, stream, start_us, end_us, type) filled in
 * @gaps: (out) (optional) (transfer container) (element-type SlGap): the gaps
 *   overlapping the range by start
 * @error: return location for an error
 *
 * Returns: %FALSE on error
 */
gboolean
sl_catalog_query_timeline (SlCatalog *self,
                           gint64 camera_id,
                           gint64 from_us,
                           gint64 to_us,
                           GPtrArray **segments,
                           GPtrArray **gaps,
                           GError **error)
{
  Timeline *timeline;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  timeline = sl_catalog_run_pointer (self, query_timeline_job,
                                     timeline_args_new (camera_id, from_us, to_us), g_free, error);
  if (timeline == NULL)
    return FALSE;
  timeline_hand_out (timeline, segments, gaps);
  return TRUE;
}

void
sl_catalog_query_timeline_async (SlCatalog *self,
                                 gint64 camera_id,
                                 gint64 from_us,
                                 gint64 to_us,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (SL_IS_CATALOG (self));

  sl_catalog_run_async (self, query_timeline_job, timeline_args_new (camera_id, from_us, to_us),
                        g_free, cancellable, callback, user_data, sl_catalog_query_timeline_async);
}

gboolean
sl_catalog_query_timeline_finish (
    SlCatalog *self, GAsyncResult *result, GPtrArray **segments, GPtrArray **gaps, GError **error)
{
  Timeline *timeline =
      sl_catalog_finish_pointer (self, result, sl_catalog_query_timeline_async, error);

  if (timeline == NULL)
    return FALSE;
  timeline_hand_out (timeline, segments, gaps);
  return TRUE;
}
