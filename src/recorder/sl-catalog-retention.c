// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* What retention asks of the catalog: the oldest segments it may delete, the
 * garbage table that makes deletion crash-safe and the bytes on a storage
 * root. The locked bookmarks that protect recordings are in
 * sl-catalog-bookmarks.c. */

/* A segment is protected when it overlaps a locked bookmark of its camera
 * widened by ?5 (SL_CATALOG_LOCK_MARGIN_US) on both sides. */
#define DELETABLE_SQL(camera_filter)                                                               \
  "SELECT " SL_CATALOG_SEGMENT_COLUMNS "FROM segments AS s "                                       \
  "LEFT JOIN cameras AS c ON c.id = s.camera_id "                                                  \
  "WHERE s.start_us < ?2 " camera_filter "AND " SL_CATALOG_SEGMENT_ROOT " = ?1 "                   \
  "AND NOT EXISTS (SELECT 1 FROM bookmarks AS b WHERE b.locked AND b.camera_id = s.camera_id "     \
  "AND b.start_us < s.end_us + ?5 AND b.end_us > s.start_us - ?5) "                                \
  "ORDER BY s.start_us LIMIT ?3"

typedef struct
{
  gint64 storage_id;
  gint64 camera_id;
  gint64 before_us;
  guint limit;
} DeletableArgs;

static DeletableArgs *
deletable_args_new (gint64 storage_id, gint64 camera_id, gint64 before_us, guint limit)
{
  DeletableArgs *args = g_new0 (DeletableArgs, 1);

  args->storage_id = storage_id;
  args->camera_id = camera_id;
  args->before_us = before_us;
  args->limit = limit;
  return args;
}

static gboolean
list_deletable_segments_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const DeletableArgs *args = data;
  const char *what = _ ("Cannot find the oldest recordings in the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* Two statements rather than "?4 = 0 OR s.camera_id = ?4", so that each
   * walks its index in start order: all cameras by segments_age, one camera
   * by segments_timeline. */
  if (args->camera_id != 0)
    stmt = sl_catalog_prepare (db, DELETABLE_SQL ("AND s.camera_id = ?4 "), what, error);
  else
    stmt = sl_catalog_prepare (db, DELETABLE_SQL (""), what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->storage_id);
  sqlite3_bind_int64 (stmt, 2, args->before_us);
  sqlite3_bind_int64 (stmt, 3, args->limit == 0 ? -1 : (gint64)args->limit);
  if (args->camera_id != 0)
    sqlite3_bind_int64 (stmt, 4, args->camera_id);
  sqlite3_bind_int64 (stmt, 5, SL_CATALOG_LOCK_MARGIN_US);

  return sl_catalog_value_take_rows (
      value, sl_catalog_read_rows (db, stmt, (SlCatalogRowFunc)sl_catalog_segment_from_row,
                                   (GDestroyNotify)sl_segment_free, what, error));
}

/**
 * sl_catalog_list_deletable_segments:
 * @self: the catalog
 * @storage_id: the storage root
 * @camera_id: one camera, or 0 for all
 * @before_us: only segments starting before this (%G_MAXINT64: no bound)
 * @limit: the most segments to return, 0 for no limit
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SlSegment): full segment rows,
 *   oldest first
 */
SL_CATALOG_DEFINE_OPERATION (GPtrArray *,
                             pointer,
                             list_deletable_segments,
                             (gint64 storage_id, gint64 camera_id, gint64 before_us, guint limit),
                             self,
                             deletable_args_new (storage_id, camera_id, before_us, limit),
                             g_free)

static gboolean
move_to_garbage (sqlite3 *db, gint64 segment_id, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) garbage = NULL;

  garbage = sl_catalog_prepare (db,
                                "INSERT OR IGNORE INTO garbage (path, queued_us) "
                                "SELECT path, ?2 FROM segments WHERE id = ?1",
                                what, error);
  if (garbage == NULL)
    return FALSE;
  sqlite3_bind_int64 (garbage, 1, segment_id);
  sqlite3_bind_int64 (garbage, 2, g_get_real_time ());
  if (!sl_catalog_step_done (db, garbage, what, NULL, error))
    return FALSE;

  if (!sl_catalog_exec_with_id (db, "DELETE FROM segments WHERE id = ?1", segment_id, what, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The recording segment %lld is no longer in the catalog; it may have been "
                      "deleted already."),
                   (long long)segment_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
retire_segment_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const char *what = _ ("Cannot mark a recording for deletion in the catalog");
  gboolean ok;

  if (!sl_catalog_begin (db, what, error))
    return FALSE;
  ok = move_to_garbage (db, *(const gint64 *)data, what, error);
  return sl_catalog_end (db, ok, what, ok ? error : NULL);
}

/**
 * sl_catalog_retire_segment:
 * @self: the catalog
 * @segment_id: the segment
 * @error: return location for an error (%SL_ERROR_NOT_FOUND)
 *
 * Moves the segment's path to the garbage table and deletes its row, in one
 * transaction. The caller then unlinks the file and calls
 * sl_catalog_forget_garbage().
 *
 * Returns: whether the segment was retired
 */
SL_CATALOG_DEFINE_ID_OPERATION (gboolean, boolean, retire_segment, segment_id)

static char *
path_from_row (sqlite3_stmt *stmt)
{
  return sl_catalog_column_dup (stmt, 0);
}

static gboolean
list_garbage_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  return sl_catalog_list_rows (
      db, "SELECT path FROM garbage ORDER BY id", (SlCatalogRowFunc)path_from_row, g_free,
      _ ("Cannot read the files waiting for deletion from the catalog"), value, error);
}

/**
 * sl_catalog_list_garbage:
 * @self: the catalog
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type filename): the paths of retired
 *   segments whose files may still exist, in the order they were retired
 */
SL_CATALOG_DEFINE_LIST_OPERATION (list_garbage)

static gboolean
forget_garbage_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const char *what = _ ("Cannot update the list of files waiting for deletion in the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = sl_catalog_prepare (db, "DELETE FROM garbage WHERE path = ?1", what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data, -1, SQLITE_STATIC);
  return sl_catalog_step_done (db, stmt, what, NULL, error);
}

/**
 * sl_catalog_forget_garbage:
 * @self: the catalog
 * @path: a path from sl_catalog_list_garbage(), whose file is gone
 * @error: return location for an error
 *
 * Forgetting a path that is not in the garbage table succeeds.
 *
 * Returns: %FALSE on error
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (
    gboolean, boolean, forget_garbage, char, path, g_strdup, g_free)

static gboolean
get_storage_bytes_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const char *what = _ ("Cannot read the size of the recordings from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* segment_totals has one row per camera that ever recorded. */
  stmt = sl_catalog_prepare (db,
                             "SELECT coalesce (sum (s.bytes), 0) FROM segment_totals AS s "
                             "LEFT JOIN cameras AS c ON c.id = s.camera_id "
                             "WHERE " SL_CATALOG_SEGMENT_ROOT " = ?1",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *(const gint64 *)data);
  return sl_catalog_step_int64 (db, stmt, what, &value->number, error);
}

/**
 * sl_catalog_get_storage_bytes:
 * @self: the catalog
 * @storage_id: the storage root
 * @error: return location for an error
 *
 * Returns: the bytes of the indexed segments on the storage root (open
 *   segments and garbage not counted)
 */
SL_CATALOG_DEFINE_ID_OPERATION (gint64, int64, get_storage_bytes, storage_id)
