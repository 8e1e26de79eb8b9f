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

/* ---- Coverage ----------------------------------------------------------- */

/* A bookmark overlapping [from, to): point bookmarks (start = end) count
 * when they are in the range. */
const char sl_catalog_coverage_bookmarks_sql[] =
    "SELECT " SL_CATALOG_BOOKMARK_COLUMNS "FROM bookmarks "
    "WHERE camera_id = ?1 AND start_us < ?3 AND end_us >= ?2 ORDER BY start_us";

/* As sl_catalog_timeline_segments_sql, with only what the merge needs. */
const char sl_catalog_coverage_segments_sql[] =
    "SELECT start_us, end_us, type FROM segments "
    "WHERE camera_id = ?1 AND start_us >= ?4 AND start_us < ?3 AND end_us > ?2 "
    "ORDER BY start_us";

const char sl_catalog_coverage_events_sql[] =
    "SELECT id, time_us, type FROM events "
    "WHERE camera_id = ?1 AND time_us >= ?2 AND time_us < ?3 ORDER BY time_us";

void
sl_coverage_event_free (SlCoverageEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event);
}

void
sl_coverage_free (SlCoverage *coverage)
{
  if (coverage == NULL)
    return;
  g_clear_pointer (&coverage->runs, g_array_unref);
  g_clear_pointer (&coverage->gaps, g_array_unref);
  g_clear_pointer (&coverage->bookmarks, g_ptr_array_unref);
  g_clear_pointer (&coverage->events, g_ptr_array_unref);
  g_free (coverage);
}

typedef struct
{
  gint64 *camera_ids;
  guint n_cameras;
  gint64 from_us;
  gint64 to_us;
  gint64 bucket_us;
} CoverageArgs;

static CoverageArgs *
coverage_args_new (
    const gint64 *camera_ids, guint n_cameras, gint64 from_us, gint64 to_us, gint64 bucket_us)
{
  CoverageArgs *args = g_new0 (CoverageArgs, 1);

  args->camera_ids = g_memdup2 (camera_ids, sizeof (gint64) * n_cameras);
  args->n_cameras = n_cameras;
  args->from_us = from_us;
  args->to_us = to_us;
  args->bucket_us = bucket_us;
  return args;
}

static void
coverage_args_free (CoverageArgs *args)
{
  g_free (args->camera_ids);
  g_free (args);
}

/* The statements of one query, prepared once for all cameras. */
typedef struct
{
  sqlite3_stmt *segments;
  sqlite3_stmt *gaps;
  sqlite3_stmt *bookmarks;
  sqlite3_stmt *events;
  sqlite3_stmt *open; /* the segment being written */
} CoverageStatements;

static void
coverage_statements_clear (CoverageStatements *statements)
{
  g_clear_pointer (&statements->segments, sqlite3_finalize);
  g_clear_pointer (&statements->gaps, sqlite3_finalize);
  g_clear_pointer (&statements->bookmarks, sqlite3_finalize);
  g_clear_pointer (&statements->events, sqlite3_finalize);
  g_clear_pointer (&statements->open, sqlite3_finalize);
}

static gboolean
coverage_statements_prepare (sqlite3 *db,
                             CoverageStatements *statements,
                             const char *what,
                             GError **error)
{
  statements->segments = sl_catalog_prepare (db, sl_catalog_coverage_segments_sql, what, error);
  if (statements->segments != NULL)
    statements->gaps = sl_catalog_prepare (db, sl_catalog_timeline_gaps_sql, what, error);
  if (statements->gaps != NULL)
    statements->bookmarks = sl_catalog_prepare (db, sl_catalog_coverage_bookmarks_sql, what, error);
  if (statements->bookmarks != NULL)
    statements->events = sl_catalog_prepare (db, sl_catalog_coverage_events_sql, what, error);
  if (statements->events != NULL)
    statements->open = sl_catalog_prepare (
        db, "SELECT min(start_us) FROM open_segments WHERE camera_id = ?1 AND stream = 'main'",
        what, error);
  return statements->open != NULL;
}

/* Binds ?1 camera, ?2 from, ?3 to and, for the bounded scans, ?4 the lowest
 * start that can still overlap the range. */
static void
bind_range (sqlite3_stmt *stmt, gint64 camera_id, const CoverageArgs *args, gint64 longest)
{
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, camera_id);
  sqlite3_bind_int64 (stmt, 2, args->from_us);
  sqlite3_bind_int64 (stmt, 3, args->to_us);
  if (longest > 0)
    sqlite3_bind_int64 (stmt, 4, sl_catalog_subtract_clamped (args->from_us, longest));
}

int
sl_recording_type_priority (SlRecordingType type)
{
  switch (type)
    {
      case SL_RECORDING_MANUAL:
        return 3;
      case SL_RECORDING_RULE:
        return 2;
      case SL_RECORDING_MOTION:
        return 1;
      case SL_RECORDING_CONTINUOUS:
      default:
        return 0;
    }
}

#define RUN_AT(runs, i) (&g_array_index ((runs), SlCoverageRun, (i)))

/* Adds a run of one type (the second stage of the merge: the first joins
 * segments of one type) to @runs, merging it with the last run to the
 * bucket. */
static void
add_typed_run (GArray *runs, gint64 bucket, SlCoverageRun run)
{
  SlCoverageRun *last;

  while (runs->len > 0)
    {
      last = RUN_AT (runs, runs->len - 1);
      if (run.start_us >= last->end_us)
        break;
      /* Overlapping runs of two types: the higher priority keeps the overlap. */
      if (run.type == last->type ||
          sl_recording_type_priority (run.type) <= sl_recording_type_priority (last->type))
        {
          run.start_us = last->end_us;
          if (run.end_us <= run.start_us)
            return;
          break;
        }
      if (last->start_us < run.start_us)
        {
          last->end_us = run.start_us;
          break;
        }
      g_array_set_size (runs, runs->len - 1);
    }

  if (runs->len > 0)
    {
      gboolean narrow_run, narrow_last;

      last = RUN_AT (runs, runs->len - 1);
      if (run.start_us - last->end_us >= bucket)
        goto append;

      narrow_run = run.end_us - run.start_us < bucket;
      narrow_last = last->end_us - last->start_us < bucket;
      if (run.type == last->type || (narrow_run && sl_recording_type_priority (run.type) <
                                                       sl_recording_type_priority (last->type)))
        {
          last->end_us = MAX (last->end_us, run.end_us);
          return;
        }
      if (narrow_last && (narrow_run || sl_recording_type_priority (last->type) <
                                            sl_recording_type_priority (run.type)))
        {
          if (sl_recording_type_priority (run.type) > sl_recording_type_priority (last->type))
            last->type = run.type;
          last->end_us = MAX (last->end_us, run.end_us);
          return;
        }
      /* Two runs of their own: the one that starts takes the hole between. */
      run.start_us = last->end_us;
    }

append:
  g_array_append_val (runs, run);
}

/* Steps the camera's segments, joining those of one type that touch or are
 * less than a bucket apart, and hands each joined run to add_typed_run(). */
static gboolean
read_runs (sqlite3 *db,
           sqlite3_stmt *stmt,
           const CoverageArgs *args,
           const SlCoverageRun *open,
           GArray *runs,
           const char *what,
           GError **error)
{
  SlCoverageRun current = { 0 };
  gboolean have_current = FALSE;
  gboolean open_done = open == NULL;
  int rc = SQLITE_ROW;

  /* The segment being written (@open), if any, comes after the indexed ones. */
  while (rc == SQLITE_ROW || !open_done)
    {
      SlCoverageRun segment;

      if (rc == SQLITE_ROW && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        segment = (SlCoverageRun){
          sqlite3_column_int64 (stmt, 0),
          sqlite3_column_int64 (stmt, 1),
          sl_catalog_recording_type_from_column (stmt, 2),
        };
      else if (rc != SQLITE_DONE)
        break;
      else if (!open_done)
        {
          segment = *open;
          open_done = TRUE;
        }
      else
        break;

      if (have_current && segment.type == current.type &&
          segment.start_us - current.end_us < args->bucket_us)
        {
          current.end_us = MAX (current.end_us, segment.end_us);
          continue;
        }
      if (have_current)
        add_typed_run (runs, args->bucket_us, current);
      current = segment;
      have_current = TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  if (have_current)
    add_typed_run (runs, args->bucket_us, current);

  /* Clipped to the range last, so that clipping does not change the merge. */
  for (guint i = 0; i < runs->len;)
    {
      SlCoverageRun *run = RUN_AT (runs, i);

      run->start_us = MAX (run->start_us, args->from_us);
      run->end_us = MIN (run->end_us, args->to_us);
      if (run->end_us <= run->start_us)
        g_array_remove_index (runs, i);
      else
        i++;
    }
  return TRUE;
}

/* The index of the first run that ends after @time_us (runs->len if none). */
static guint
first_run_ending_after (GArray *runs, gint64 time_us)
{
  guint low = 0, high = runs->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (RUN_AT (runs, middle)->end_us <= time_us)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* Whether a run lies (partly) inside [start, end). */
static gboolean
has_run_between (GArray *runs, gint64 start_us, gint64 end_us)
{
  guint i = first_run_ending_after (runs, start_us);

  return i < runs->len && RUN_AT (runs, i)->start_us < end_us;
}

/* Whether one run covers all of [start, end). */
static gboolean
is_inside_run (GArray *runs, gint64 start_us, gint64 end_us)
{
  guint i = first_run_ending_after (runs, start_us);

  return i < runs->len && RUN_AT (runs, i)->start_us <= start_us &&
         RUN_AT (runs, i)->end_us >= end_us;
}

static gboolean
read_gaps (sqlite3 *db,
           sqlite3_stmt *stmt,
           const CoverageArgs *args,
           GArray *runs,
           GArray *gaps,
           const char *what,
           GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlGap gap = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int64 (stmt, 1),
        MAX (sqlite3_column_int64 (stmt, 2), args->from_us),
        MIN (sqlite3_column_int64 (stmt, 3), args->to_us),
      };
      SlGap *last = gaps->len > 0 ? &g_array_index (gaps, SlGap, gaps->len - 1) : NULL;

      if (!sl_gap_reason_from_string ((const char *)sqlite3_column_text (stmt, 4), &gap.reason))
        gap.reason = SL_GAP_CONNECTION_LOST;
      if (gap.end_us <= gap.start_us || is_inside_run (runs, gap.start_us, gap.end_us))
        continue;

      if (last != NULL && last->reason == gap.reason &&
          gap.start_us - last->end_us < args->bucket_us &&
          !has_run_between (runs, last->end_us, gap.start_us))
        {
          last->end_us = MAX (last->end_us, gap.end_us);
          continue;
        }
      g_array_append_val (gaps, gap);
    }
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  return TRUE;
}

/* floor (@time / @bucket), for negative times too. */
static gint64
bucket_of (gint64 time_us, gint64 bucket_us)
{
  return time_us >= 0 ? time_us / bucket_us : -((-time_us + bucket_us - 1) / bucket_us);
}

/* Events of one type in one bucket become one SlCoverageEvent with a count. */
static gboolean
read_events (sqlite3 *db,
             sqlite3_stmt *stmt,
             const CoverageArgs *args,
             GPtrArray *events,
             const char *what,
             GError **error)
{
  gint64 bucket = G_MININT64;
  guint bucket_first = 0; /* the index of the bucket's first event in @events */
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 time_us = sqlite3_column_int64 (stmt, 1);
      const char *type = (const char *)sqlite3_column_text (stmt, 2);
      gint64 this_bucket = bucket_of (time_us, args->bucket_us);
      SlCoverageEvent *event = NULL;

      if (type == NULL)
        type = "";
      if (this_bucket != bucket)
        {
          bucket = this_bucket;
          bucket_first = events->len;
        }
      for (guint i = bucket_first; i < events->len && event == NULL; i++)
        {
          SlCoverageEvent *other = events->pdata[i];

          if (g_str_equal (other->type, type))
            event = other;
        }
      if (event != NULL)
        {
          event->count++;
          continue;
        }

      event = g_new0 (SlCoverageEvent, 1);
      event->id = sqlite3_column_int64 (stmt, 0);
      event->time_us = time_us;
      event->type = g_strdup (type);
      event->count = 1;
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  return TRUE;
}

static SlCoverage *
read_coverage (sqlite3 *db,
               CoverageStatements *statements,
               const CoverageArgs *args,
               gint64 camera_id,
               const char *what,
               GError **error)
{
  g_autoptr (SlCoverage) coverage = g_new0 (SlCoverage, 1);
  SlCoverageRun open = { 0 };
  gboolean has_open = FALSE;

  coverage->camera_id = camera_id;
  coverage->runs = g_array_new (FALSE, FALSE, sizeof (SlCoverageRun));
  coverage->gaps = g_array_new (FALSE, FALSE, sizeof (SlGap));
  coverage->events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_coverage_event_free);

  /* What is being recorded now shows too, up to now: a camera's last minute
   * is not in the segments table until its file closes. */
  sqlite3_reset (statements->open);
  sqlite3_bind_int64 (statements->open, 1, camera_id);
  if (sqlite3_step (statements->open) == SQLITE_ROW &&
      sqlite3_column_type (statements->open, 0) != SQLITE_NULL)
    {
      open.start_us = sqlite3_column_int64 (statements->open, 0);
      open.end_us = g_get_real_time ();
      open.type = SL_RECORDING_CONTINUOUS;
      has_open =
          open.end_us > open.start_us && open.start_us < args->to_us && open.end_us > args->from_us;
    }

  bind_range (statements->segments, camera_id, args, SL_CATALOG_MAX_SEGMENT_US);
  if (!read_runs (db, statements->segments, args, has_open ? &open : NULL, coverage->runs, what,
                  error))
    return NULL;

  bind_range (statements->gaps, camera_id, args, SL_CATALOG_MAX_GAP_PIECE_US);
  if (!read_gaps (db, statements->gaps, args, coverage->runs, coverage->gaps, what, error))
    return NULL;

  bind_range (statements->bookmarks, camera_id, args, 0);
  coverage->bookmarks = sl_catalog_read_rows (db, statements->bookmarks,
                                              (SlCatalogRowFunc)sl_catalog_bookmark_from_row,
                                              (GDestroyNotify)sl_bookmark_free, what, error);
  if (coverage->bookmarks == NULL)
    return NULL;

  bind_range (statements->events, camera_id, args, 0);
  if (!read_events (db, statements->events, args, coverage->events, what, error))
    return NULL;

  return g_steal_pointer (&coverage);
}

static gboolean
query_coverage_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const CoverageArgs *args = data;
  const char *what = _ ("Cannot read the recordings of the cameras from the catalog");
  g_autoptr (GPtrArray) result = NULL;
  CoverageStatements statements = { NULL };
  gboolean ok;

  if (args->to_us <= args->from_us || args->bucket_us < 1 ||
      (args->n_cameras > 0 && args->camera_ids == NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A timeline range must end after it starts and have a positive "
                              "bucket size."));
      return FALSE;
    }

  result = g_ptr_array_new_full (args->n_cameras, (GDestroyNotify)sl_coverage_free);

  /* One read transaction, so that every camera is read at the same moment. */
  if (!sl_catalog_exec (db, "BEGIN", what, error))
    return FALSE;
  ok = coverage_statements_prepare (db, &statements, what, error);
  for (guint i = 0; ok && i < args->n_cameras; i++)
    {
      SlCoverage *coverage =
          read_coverage (db, &statements, args, args->camera_ids[i], what, error);

      ok = coverage != NULL;
      if (ok)
        g_ptr_array_add (result, coverage);
    }
  coverage_statements_clear (&statements);
  sl_catalog_end (db, TRUE, what, NULL);
  if (!ok)
    return FALSE;

  value->pointer = g_steal_pointer (&result);
  value->pointer_free = (GDestroyNotify)g_ptr_array_unref;
  return TRUE;
}

/**
 * sl_catalog_query_coverage:
 * @self: the catalog
 * @camera_ids: (array length=n_cameras): the cameras
 * @n_cameras: how many
 * @from_us: the start of the range
 * @to_us: the end of the range (excluded)
 * @bucket_us: how much time one pixel of the timeline shows (>= 1)
 * @error: return location for an error
 *
 * Reads what a timeline shows of @camera_ids over [@from_us, @to_us),
 * merged to @bucket_us: recorded runs by type, gaps with their reasons,
 * bookmarks and events (see #SlCoverage).
 *
 * Returns: (transfer container) (element-type SlCoverage): one coverage per
 *   camera, in the order of @camera_ids, or %NULL on error
 */
SL_CATALOG_DEFINE_OPERATION (
    GPtrArray *,
    pointer,
    query_coverage,
    (const gint64 *camera_ids, guint n_cameras, gint64 from_us, gint64 to_us, gint64 bucket_us),
    self,
    coverage_args_new (camera_ids, n_cameras, from_us, to_us, bucket_us),
    coverage_args_free)
