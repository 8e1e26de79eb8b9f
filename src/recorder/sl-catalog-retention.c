// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* What retention asks of the catalog: the oldest segments it may delete, the
 * garbage table that makes deletion crash-safe, the bytes on a storage root,
 * and the locked bookmarks that protect recordings. */

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
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_segment_free);
  int rc;

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

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, sl_catalog_segment_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  value->pointer = g_steal_pointer (&list);
  value->pointer_free = (GDestroyNotify)g_ptr_array_unref;
  return TRUE;
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
GPtrArray *
sl_catalog_list_deletable_segments (SlCatalog *self,
                                    gint64 storage_id,
                                    gint64 camera_id,
                                    gint64 before_us,
                                    guint limit,
                                    GError **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  return sl_catalog_run_pointer (self, list_deletable_segments_job,
                                 deletable_args_new (storage_id, camera_id, before_us, limit),
                                 g_free, error);
}

void
sl_catalog_list_deletable_segments_async (SlCatalog *self,
                                          gint64 storage_id,
                                          gint64 camera_id,
                                          gint64 before_us,
                                          guint limit,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_return_if_fail (SL_IS_CATALOG (self));

  sl_catalog_run_async (self, list_deletable_segments_job,
                        deletable_args_new (storage_id, camera_id, before_us, limit), g_free,
                        cancellable, callback, user_data, sl_catalog_list_deletable_segments_async);
}

GPtrArray *
sl_catalog_list_deletable_segments_finish (SlCatalog *self, GAsyncResult *result, GError **error)
{
  return sl_catalog_finish_pointer (self, result, sl_catalog_list_deletable_segments_async, error);
}

static gboolean
move_to_garbage (sqlite3 *db, gint64 segment_id, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) garbage = NULL;
  g_autoptr (sqlite3_stmt) row = NULL;

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

  row = sl_catalog_prepare (db, "DELETE FROM segments WHERE id = ?1", what, error);
  if (row == NULL)
    return FALSE;
  sqlite3_bind_int64 (row, 1, segment_id);
  if (!sl_catalog_step_done (db, row, what, NULL, error))
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
gboolean
sl_catalog_retire_segment (SlCatalog *self, gint64 segment_id, GError **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);

  return sl_catalog_run_boolean (self, retire_segment_job, sl_catalog_box_int64 (segment_id),
                                 g_free, error);
}

void
sl_catalog_retire_segment_async (SlCatalog *self,
                                 gint64 segment_id,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (SL_IS_CATALOG (self));

  sl_catalog_run_async (self, retire_segment_job, sl_catalog_box_int64 (segment_id), g_free,
                        cancellable, callback, user_data, sl_catalog_retire_segment_async);
}

gboolean
sl_catalog_retire_segment_finish (SlCatalog *self, GAsyncResult *result, GError **error)
{
  return sl_catalog_finish_boolean (self, result, sl_catalog_retire_segment_async, error);
}

static gboolean
list_garbage_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const char *what = _ ("Cannot read the files waiting for deletion from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = sl_catalog_prepare (db, "SELECT path FROM garbage ORDER BY id", what, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (paths, sl_catalog_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  value->pointer = g_steal_pointer (&paths);
  value->pointer_free = (GDestroyNotify)g_ptr_array_unref;
  return TRUE;
}

/**
 * sl_catalog_list_garbage:
 * @self: the catalog
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type filename): the paths of retired
 *   segments whose files may still exist, in the order they were retired
 */
GPtrArray *
sl_catalog_list_garbage (SlCatalog *self, GError **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  return sl_catalog_run_pointer (self, list_garbage_job, NULL, NULL, error);
}

void
sl_catalog_list_garbage_async (SlCatalog *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (SL_IS_CATALOG (self));

  sl_catalog_run_async (self, list_garbage_job, NULL, NULL, cancellable, callback, user_data,
                        sl_catalog_list_garbage_async);
}

GPtrArray *
sl_catalog_list_garbage_finish (SlCatalog *self, GAsyncResult *result, GError **error)
{
  return sl_catalog_finish_pointer (self, result, sl_catalog_list_garbage_async, error);
}

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
gboolean
sl_catalog_forget_garbage (SlCatalog *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return sl_catalog_run_boolean (self, forget_garbage_job, g_strdup (path), g_free, error);
}

void
sl_catalog_forget_garbage_async (SlCatalog *self,
                                 const char *path,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (SL_IS_CATALOG (self));
  g_return_if_fail (path != NULL);

  sl_catalog_run_async (self, forget_garbage_job, g_strdup (path), g_free, cancellable, callback,
                        user_data, sl_catalog_forget_garbage_async);
}

gboolean
sl_catalog_forget_garbage_finish (SlCatalog *self, GAsyncResult *result, GError **error)
{
  return sl_catalog_finish_boolean (self, result, sl_catalog_forget_garbage_async, error);
}

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
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  value->number = sqlite3_column_int64 (stmt, 0);
  return TRUE;
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
gint64
sl_catalog_get_storage_bytes (SlCatalog *self, gint64 storage_id, GError **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), 0);

  return sl_catalog_run_int64 (self, get_storage_bytes_job, sl_catalog_box_int64 (storage_id),
                               g_free, error);
}

void
sl_catalog_get_storage_bytes_async (SlCatalog *self,
                                    gint64 storage_id,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_return_if_fail (SL_IS_CATALOG (self));

  sl_catalog_run_async (self, get_storage_bytes_job, sl_catalog_box_int64 (storage_id), g_free,
                        cancellable, callback, user_data, sl_catalog_get_storage_bytes_async);
}

gint64
sl_catalog_get_storage_bytes_finish (SlCatalog *self, GAsyncResult *result, GError **error)
{
  return sl_catalog_finish_int64 (self, result, sl_catalog_get_storage_bytes_async, error);
}

/* ---- Bookmarks ---------------------------------------------------------- */

static gboolean
add_bookmark_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlBookmark *bookmark = data;
  const char *what = _ ("Cannot add the bookmark to the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (bookmark->end_us < bookmark->start_us)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A bookmark cannot end before it starts."));
      return FALSE;
    }

  stmt = sl_catalog_prepare (db,
                             "INSERT INTO bookmarks (camera_id, start_us, end_us, name, "
                             "description, locked) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bookmark->camera_id);
  sqlite3_bind_int64 (stmt, 2, bookmark->start_us);
  sqlite3_bind_int64 (stmt, 3, bookmark->end_us);
  sqlite3_bind_text (stmt, 4, bookmark->name ? bookmark->name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, bookmark->description ? bookmark->description : "", -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, bookmark->locked ? 1 : 0);
  if (!sl_catalog_step_done (db, stmt, what, NULL, error))
    return FALSE;
  value->number = sqlite3_last_insert_rowid (db);
  return TRUE;
}

/**
 * sl_catalog_add_bookmark:
 * @self: the catalog
 * @bookmark: the bookmark; its id is ignored, %NULL texts are stored as ""
 * @error: return location for an error
 *
 * A locked bookmark keeps retention from deleting the recordings from
 * %SL_CATALOG_LOCK_MARGIN_US before its start to as long after its end.
 *
 * Returns: the id of the bookmark, or 0 on error
 */
gint64
sl_catalog_add_bookmark (SlCatalog *self, const SlBookmark *bookmark, GError **error)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), 0);
  g_return_val_if_fail (bookmark != NULL, 0);

  return sl_catalog_run_int64 (self, add_bookmark_job, sl_bookmark_copy (bookmark),
                               (GDestroyNotify)sl_bookmark_free, error);
}

void
sl_catalog_add_bookmark_async (SlCatalog *self,
                               const SlBookmark *bookmark,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (SL_IS_CATALOG (self));
  g_return_if_fail (bookmark != NULL);

  sl_catalog_run_async (self, add_bookmark_job, sl_bookmark_copy (bookmark),
                        (GDestroyNotify)sl_bookmark_free, cancellable, callback, user_data,
                        sl_catalog_add_bookmark_async);
}

gint64
sl_catalog_add_bookmark_finish (SlCatalog *self, GAsyncResult *result, GError **error)
{
  return sl_catalog_finish_int64 (self, result, sl_catalog_add_bookmark_async, error);
}
