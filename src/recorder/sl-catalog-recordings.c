// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* The recording index: open segments and segments. Gaps and the timeline
 * query are in sl-catalog-timeline.c, retention (deletable segments,
 * garbage) in sl-catalog-retention.c. */

SlRecordingType
sl_catalog_recording_type_from_column (sqlite3_stmt *stmt, int column)
{
  SlRecordingType type;

  if (!sl_recording_type_from_string ((const char *)sqlite3_column_text (stmt, column), &type))
    type = SL_RECORDING_CONTINUOUS;
  return type;
}

SlSegment *
sl_catalog_segment_from_row (sqlite3_stmt *stmt)
{
  SlSegment *segment = g_new0 (SlSegment, 1);

  segment->id = sqlite3_column_int64 (stmt, 0);
  segment->camera_id = sqlite3_column_int64 (stmt, 1);
  segment->stream = sl_catalog_column_dup (stmt, 2);
  segment->start_us = sqlite3_column_int64 (stmt, 3);
  segment->end_us = sqlite3_column_int64 (stmt, 4);
  segment->path = sl_catalog_column_dup (stmt, 5);
  segment->bytes = sqlite3_column_int64 (stmt, 6);
  segment->frames = sqlite3_column_int64 (stmt, 7);
  segment->key_frames = sqlite3_column_int64 (stmt, 8);
  segment->type = sl_catalog_recording_type_from_column (stmt, 9);
  segment->codec = sl_catalog_column_dup (stmt, 10);
  segment->width = sqlite3_column_int (stmt, 11);
  segment->height = sqlite3_column_int (stmt, 12);
  return segment;
}

static gboolean
is_stream (const char *stream)
{
  return g_strcmp0 (stream, "main") == 0 || g_strcmp0 (stream, "sub") == 0;
}

static gboolean
check_stream (const char *stream, GError **error)
{
  if (is_stream (stream))
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
               _ ("'%s' is not a camera stream; use 'main' or 'sub'."), stream ? stream : "");
  return FALSE;
}

/* ---- Open segments ------------------------------------------------------ */

/* The arguments of begin_segment: the open segment without its id. */
static SlOpenSegment *
open_segment_args_new (gint64 camera_id, const char *stream, const char *path, gint64 start_us)
{
  SlOpenSegment *args = g_new0 (SlOpenSegment, 1);

  args->camera_id = camera_id;
  args->stream = g_strdup (stream);
  args->path = g_strdup (path);
  args->start_us = start_us;
  return args;
}

static gboolean
begin_segment_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlOpenSegment *args = data;
  g_autofree char *what = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (!check_stream (args->stream, error))
    return FALSE;

  what = g_strdup_printf (_ ("Cannot record the start of the segment '%s'"), args->path);
  stmt = sl_catalog_prepare (db,
                             "INSERT INTO open_segments (camera_id, stream, path, start_us) "
                             "VALUES (?1, ?2, ?3, ?4)",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_text (stmt, 2, args->stream, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, args->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, args->start_us);
  return sl_catalog_step_insert (db, stmt, what, NULL, &value->number, error);
}

/**
 * sl_catalog_begin_segment:
 * @self: the catalog
 * @camera_id: the camera
 * @stream: "main" or "sub"
 * @path: the absolute path of the file about to be created
 * @start_us: when the segment starts
 * @error: return location for an error
 *
 * Notes a segment before its file is created, so that the next start can
 * recover it after a crash.
 *
 * Returns: the id of the open segment, or 0 on error
 */
SL_CATALOG_DEFINE_OPERATION (
    gint64,
    int64,
    begin_segment,
    (gint64 camera_id, const char *stream, const char *path, gint64 start_us),
    path,
    open_segment_args_new (camera_id, stream, path, start_us),
    sl_open_segment_free)

static SlOpenSegment *
open_segment_from_row (sqlite3_stmt *stmt)
{
  SlOpenSegment *open = g_new0 (SlOpenSegment, 1);

  open->id = sqlite3_column_int64 (stmt, 0);
  open->camera_id = sqlite3_column_int64 (stmt, 1);
  open->stream = sl_catalog_column_dup (stmt, 2);
  open->path = sl_catalog_column_dup (stmt, 3);
  open->start_us = sqlite3_column_int64 (stmt, 4);
  return open;
}

static gboolean
list_open_segments_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  return sl_catalog_list_rows (
      db, "SELECT id, camera_id, stream, path, start_us FROM open_segments ORDER BY id",
      (SlCatalogRowFunc)open_segment_from_row, (GDestroyNotify)sl_open_segment_free,
      _ ("Cannot read the unfinished segments from the catalog"), value, error);
}

/**
 * sl_catalog_list_open_segments:
 * @self: the catalog
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SlOpenSegment): the open
 *   segments, oldest first
 */
SL_CATALOG_DEFINE_LIST_OPERATION (list_open_segments)

static gboolean
delete_open_segment (sqlite3 *db, gint64 open_segment_id, const char *what, GError **error)
{
  return sl_catalog_exec_with_id (db, "DELETE FROM open_segments WHERE id = ?1", open_segment_id,
                                  what, error);
}

static gboolean
drop_open_segment_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  return delete_open_segment (db, *(const gint64 *)data,
                              _ ("Cannot remove an unfinished segment from the catalog"), error);
}

/**
 * sl_catalog_drop_open_segment:
 * @self: the catalog
 * @open_segment_id: the open segment
 * @error: return location for an error
 *
 * Forgets an open segment (one that was recovered or had nothing in it).
 * Dropping one that is already gone succeeds.
 *
 * Returns: %FALSE on error
 */
SL_CATALOG_DEFINE_ID_OPERATION (gboolean, boolean, drop_open_segment, open_segment_id)

/* ---- Segments ----------------------------------------------------------- */

typedef struct
{
  gint64 open_segment_id;
  SlSegment *segment;
} AddSegmentArgs;

static void
add_segment_args_free (AddSegmentArgs *args)
{
  sl_segment_free (args->segment);
  g_free (args);
}

static AddSegmentArgs *
add_segment_args_new (gint64 open_segment_id, const SlSegment *segment)
{
  AddSegmentArgs *args = g_new0 (AddSegmentArgs, 1);

  args->open_segment_id = open_segment_id;
  args->segment = sl_segment_copy (segment);
  return args;
}

static gboolean
check_segment (const SlSegment *segment, GError **error)
{
  if (segment->path == NULL || !check_stream (segment->stream, error))
    {
      if (segment->path == NULL)
        g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                             _ ("A segment without a file cannot be added to the catalog."));
      return FALSE;
    }
  if (segment->end_us < segment->start_us ||
      segment->end_us - segment->start_us > SL_CATALOG_MAX_SEGMENT_US)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The segment '%s' lasts %lld seconds; a segment must last between 0 and "
                      "%lld seconds."),
                   segment->path,
                   (long long)((segment->end_us - segment->start_us) / G_USEC_PER_SEC),
                   (long long)(SL_CATALOG_MAX_SEGMENT_US / G_USEC_PER_SEC));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_segment (
    sqlite3 *db, const SlSegment *segment, gint64 *segment_id, const char *what, GError **error)
{
  g_autofree char *exists =
      g_strdup_printf (_ ("The segment '%s' is already in the catalog"), segment->path);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = sl_catalog_prepare (db,
                             "INSERT INTO segments (camera_id, stream, start_us, end_us, path, "
                             "bytes, frames, key_frames, type, codec, width, height) VALUES "
                             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, segment->camera_id);
  sqlite3_bind_text (stmt, 2, segment->stream, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, segment->start_us);
  sqlite3_bind_int64 (stmt, 4, segment->end_us);
  sqlite3_bind_text (stmt, 5, segment->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, segment->bytes);
  sqlite3_bind_int64 (stmt, 7, segment->frames);
  sqlite3_bind_int64 (stmt, 8, segment->key_frames);
  sqlite3_bind_text (stmt, 9, sl_recording_type_to_string (segment->type), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, segment->codec, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, segment->width);
  sqlite3_bind_int (stmt, 12, segment->height);
  return sl_catalog_step_insert (db, stmt, what, exists, segment_id, error);
}

static gboolean
add_segment_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const AddSegmentArgs *args = data;
  g_autofree char *what = NULL;
  gboolean ok;

  if (!check_segment (args->segment, error))
    return FALSE;

  what = g_strdup_printf (_ ("Cannot add the segment '%s' to the catalog"), args->segment->path);
  if (!sl_catalog_begin (db, what, error))
    return FALSE;
  ok = insert_segment (db, args->segment, &value->number, what, error);
  if (ok && args->open_segment_id != 0)
    ok = delete_open_segment (db, args->open_segment_id, what, error);
  return sl_catalog_end (db, ok, what, ok ? error : NULL);
}

/**
 * sl_catalog_add_segment:
 * @self: the catalog
 * @open_segment_id: the open segment this closes, or 0
 * @segment: the segment; its id is ignored
 * @error: return location for an error (%SL_ERROR_EXISTS for a path already
 *   indexed, %SL_ERROR_INVALID_ARGUMENT for a segment longer than
 *   %SL_CATALOG_MAX_SEGMENT_US)
 *
 * Indexes a closed and synced segment file and forgets its open-segment row,
 * in one transaction.
 *
 * Returns: the id of the segment, or 0 on error
 */
SL_CATALOG_DEFINE_OPERATION (gint64,
                             int64,
                             add_segment,
                             (gint64 open_segment_id, const SlSegment *segment),
                             segment,
                             add_segment_args_new (open_segment_id, segment),
                             add_segment_args_free)

static gboolean
get_last_segment_end_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const char *what = _ ("Cannot read the recordings of the camera from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* The newest start comes straight from the index; the latest end is among
   * the segments that start at most one segment length before it. */
  stmt = sl_catalog_prepare (db,
                             "SELECT max (end_us) FROM segments WHERE camera_id = ?1 AND "
                             "start_us >= (SELECT max (start_us) FROM segments "
                             "WHERE camera_id = ?1) - ?2",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *(const gint64 *)data);
  sqlite3_bind_int64 (stmt, 2, SL_CATALOG_MAX_SEGMENT_US);
  /* NULL (no segment) reads as 0. */
  return sl_catalog_step_int64 (db, stmt, what, &value->number, error);
}

/**
 * sl_catalog_get_last_segment_end:
 * @self: the catalog
 * @camera_id: the camera
 * @error: return location for an error
 *
 * Returns: the end of the camera's latest segment, or 0 when it has none
 */
SL_CATALOG_DEFINE_ID_OPERATION (gint64, int64, get_last_segment_end, camera_id)

static gboolean
list_all_segments_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  return sl_catalog_list_rows (db,
                               "SELECT " SL_CATALOG_SEGMENT_COLUMNS
                               "FROM segments AS s ORDER BY s.camera_id, s.start_us, s.id",
                               (SlCatalogRowFunc)sl_catalog_segment_from_row,
                               (GDestroyNotify)sl_segment_free,
                               _ ("Cannot read the recordings from the catalog"), value, error);
}

/**
 * sl_catalog_list_all_segments:
 * @self: the catalog
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SlSegment): every segment, full
 *   rows, by camera and start
 */
SL_CATALOG_DEFINE_LIST_OPERATION (list_all_segments)

static gboolean
get_segment_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  gint64 segment_id = *(const gint64 *)data;
  const char *what = _ ("Cannot read a recording from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sl_catalog_prepare (
      db, "SELECT " SL_CATALOG_SEGMENT_COLUMNS "FROM segments AS s WHERE s.id = ?1", what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, segment_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The recording segment %lld is no longer in the catalog; it may have been "
                      "deleted by retention."),
                   (long long)segment_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  value->pointer = sl_catalog_segment_from_row (stmt);
  value->pointer_free = (GDestroyNotify)sl_segment_free;
  return TRUE;
}

/**
 * sl_catalog_get_segment:
 * @self: the catalog
 * @segment_id: the segment
 * @error: return location for an error (%SL_ERROR_NOT_FOUND)
 *
 * Returns: (transfer full) (nullable): the full segment row
 */
SL_CATALOG_DEFINE_ID_OPERATION (SlSegment *, pointer, get_segment, segment_id)
