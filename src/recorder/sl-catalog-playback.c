// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* What playback asks the catalog: the main-stream segment to play at or
 * after a time, where recordings (runs of touching segments) start, and the
 * nearest event. Every query walks an index from the given time. */

/* Closer than this, two segments touch (as the recorder decides). */
#define TOUCHING_US 100000

typedef struct
{
  gint64 camera_id;
  gint64 time_us;
  gboolean forward;
} PlaybackArgs;

static PlaybackArgs *
playback_args_new (gint64 camera_id, gint64 time_us, gboolean forward)
{
  PlaybackArgs *args = g_new0 (PlaybackArgs, 1);

  args->camera_id = camera_id;
  args->time_us = time_us;
  args->forward = forward;
  return args;
}

/* ---- Segment to play ---------------------------------------------------- */

static gboolean
find_open_segment (
    sqlite3 *db, const PlaybackArgs *args, SlSegment **segment, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sl_catalog_prepare (db,
                             "SELECT path, start_us, COALESCE((SELECT codec FROM segments "
                             "WHERE camera_id = ?1 AND stream = 'main' "
                             "ORDER BY start_us DESC LIMIT 1), (SELECT 'mjpeg' FROM cameras "
                             "JOIN devices ON devices.id = cameras.device_id "
                             "WHERE cameras.id = ?1 AND devices.driver = 'http')) "
                             "FROM open_segments "
                             "WHERE camera_id = ?1 AND stream = 'main' "
                             "ORDER BY start_us DESC LIMIT 1",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->camera_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *segment = g_new0 (SlSegment, 1);
      (*segment)->camera_id = args->camera_id;
      (*segment)->stream = g_strdup ("main");
      (*segment)->path = sl_catalog_column_dup (stmt, 0);
      (*segment)->start_us = sqlite3_column_int64 (stmt, 1);
      (*segment)->end_us = G_MAXINT64;
      /* The codec of the camera's newest indexed segment, most likely what
       * this one holds too; before its first, MJPEG for an HTTP camera. */
      (*segment)->codec = sl_catalog_column_dup (stmt, 2);
      if ((*segment)->codec == NULL)
        (*segment)->codec = g_strdup ("h264");
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
find_playback_segment_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const PlaybackArgs *args = data;
  const char *what = _ ("Cannot read the recordings of the camera from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  SlSegment *segment = NULL;
  int rc;

  /* A segment overlapping the time starts at most the longest segment
   * before it: that bounds the index range scan. */
  stmt = sl_catalog_prepare (db,
                             "SELECT " SL_CATALOG_SEGMENT_COLUMNS "FROM segments AS s "
                             "WHERE s.camera_id = ?1 AND s.stream = 'main' AND s.start_us >= ?3 "
                             "AND s.end_us > ?2 ORDER BY s.start_us LIMIT 1",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_int64 (stmt, 2, args->time_us);
  sqlite3_bind_int64 (stmt, 3,
                      sl_catalog_subtract_clamped (args->time_us, SL_CATALOG_MAX_SEGMENT_US));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    segment = sl_catalog_segment_from_row (stmt);
  else if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  else if (!find_open_segment (db, args, &segment, what, error))
    return FALSE;

  if (segment == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                           _ ("The camera has no recording at or after this time."));
      return FALSE;
    }
  value->pointer = segment;
  value->pointer_free = (GDestroyNotify)sl_segment_free;
  return TRUE;
}

/**
 * sl_catalog_find_playback_segment:
 * @self: the catalog
 * @camera_id: the camera
 * @time_us: the time to play
 * @error: return location for an error (%SL_ERROR_NOT_FOUND when the camera
 *   has nothing recorded at or after @time_us)
 *
 * Finds the main-stream segment to play at @time_us: the one recorded then,
 * or else the first one after it. When no indexed segment is left, the
 * segment being written (from the journal) is returned, with id 0 and
 * end_us %G_MAXINT64: its file grows while it is read.
 *
 * Returns: (transfer full) (nullable): the full segment row
 */
SL_CATALOG_DEFINE_OPERATION (SlSegment *,
                             pointer,
                             find_playback_segment,
                             (gint64 camera_id, gint64 time_us),
                             self,
                             playback_args_new (camera_id, time_us, TRUE),
                             g_free)

/* ---- Recording starts --------------------------------------------------- */

/* A recording is a run of touching main-stream segments; it starts at a
 * segment whose predecessor ends more than TOUCHING_US before it. */
#define RUN_START_CONDITION                                                                        \
  "coalesce ((SELECT p.end_us FROM segments AS p WHERE p.camera_id = ?1 AND p.stream = 'main' "    \
  "AND p.start_us < s.start_us ORDER BY p.start_us DESC LIMIT 1), -1) < s.start_us - ?3 "

static gboolean
find_recording_start_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const PlaybackArgs *args = data;
  const char *what = _ ("Cannot read the recordings of the camera from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 start = 0;
  int rc;

  stmt = sl_catalog_prepare (
      db,
      args->forward ? "SELECT s.start_us FROM segments AS s WHERE s.camera_id = ?1 AND "
                      "s.stream = 'main' AND s.start_us > ?2 AND " RUN_START_CONDITION
                      "ORDER BY s.start_us LIMIT 1"
                    : "SELECT s.start_us FROM segments AS s WHERE s.camera_id = ?1 AND "
                      "s.stream = 'main' AND s.start_us <= ?2 AND " RUN_START_CONDITION
                      "ORDER BY s.start_us DESC LIMIT 1",
      what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_int64 (stmt, 2, args->time_us);
  sqlite3_bind_int64 (stmt, 3, TOUCHING_US);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    start = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  else
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                           args->forward ? _ ("There is no later recording.")
                                         : _ ("There is no earlier recording."));
      return FALSE;
    }
  value->number = start;
  return TRUE;
}

/**
 * sl_catalog_find_recording_start:
 * @self: the catalog
 * @camera_id: the camera
 * @time_us: where to look from
 * @forward: %TRUE for the first recording starting after @time_us, %FALSE
 *   for the last one starting at or before it
 * @error: return location for an error (%SL_ERROR_NOT_FOUND when there is none)
 *
 * A recording is a run of main-stream segments without a gap between them.
 *
 * Returns: the start of the recording, or 0 on error
 */
SL_CATALOG_DEFINE_OPERATION (gint64,
                             int64,
                             find_recording_start,
                             (gint64 camera_id, gint64 time_us, gboolean forward),
                             self,
                             playback_args_new (camera_id, time_us, forward),
                             g_free)
