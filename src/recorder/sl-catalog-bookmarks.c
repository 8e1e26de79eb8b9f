// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* Bookmarks: a named range of one camera's recordings. A locked one keeps
 * retention away from its range widened by SL_CATALOG_LOCK_MARGIN_US on both
 * sides (the query is in sl-catalog-retention.c). */

SlBookmarkQuery *
sl_bookmark_query_copy (const SlBookmarkQuery *query)
{
  SlBookmarkQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->camera_ids = query->n_camera_ids > 0
                         ? g_memdup2 (query->camera_ids, query->n_camera_ids * sizeof (gint64))
                         : NULL;
  copy->n_camera_ids = copy->camera_ids != NULL ? query->n_camera_ids : 0;
  copy->text = g_strdup (query->text);
  return copy;
}

void
sl_bookmark_query_free (SlBookmarkQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->camera_ids);
  g_free (query->text);
  g_free (query);
}

SlBookmark *
sl_catalog_bookmark_from_row (sqlite3_stmt *stmt)
{
  SlBookmark *bookmark = g_new0 (SlBookmark, 1);

  bookmark->id = sqlite3_column_int64 (stmt, 0);
  bookmark->camera_id = sqlite3_column_int64 (stmt, 1);
  bookmark->start_us = sqlite3_column_int64 (stmt, 2);
  bookmark->end_us = sqlite3_column_int64 (stmt, 3);
  bookmark->name = sl_catalog_column_dup (stmt, 4);
  bookmark->description = sl_catalog_column_dup (stmt, 5);
  bookmark->locked = sqlite3_column_int (stmt, 6) != 0;
  return bookmark;
}

static gboolean
check_bookmark (const SlBookmark *bookmark, GError **error)
{
  if (bookmark->end_us < bookmark->start_us)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A bookmark cannot end before it starts."));
      return FALSE;
    }
  if (bookmark->camera_id <= 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A bookmark needs a camera."));
      return FALSE;
    }
  return TRUE;
}

static void
bind_bookmark (sqlite3_stmt *stmt, const SlBookmark *bookmark)
{
  sqlite3_bind_int64 (stmt, 1, bookmark->camera_id);
  sqlite3_bind_int64 (stmt, 2, bookmark->start_us);
  sqlite3_bind_int64 (stmt, 3, bookmark->end_us);
  sqlite3_bind_text (stmt, 4, bookmark->name ? bookmark->name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, bookmark->description ? bookmark->description : "", -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, bookmark->locked ? 1 : 0);
}

static void
set_not_found (gint64 bookmark_id, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("There is no bookmark %" G_GINT64_FORMAT "; it may have been removed."),
               bookmark_id);
}

/* ---- Add, get, update, remove -------------------------------------------- */

static gboolean
add_bookmark_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlBookmark *bookmark = data;
  const char *what = _ ("Cannot add the bookmark to the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (!check_bookmark (bookmark, error))
    return FALSE;
  stmt = sl_catalog_prepare (db,
                             "INSERT INTO bookmarks (camera_id, start_us, end_us, name, "
                             "description, locked) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  bind_bookmark (stmt, bookmark);
  return sl_catalog_step_insert (db, stmt, what, NULL, &value->number, error);
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
SL_CATALOG_DEFINE_POINTER_OPERATION (
    gint64, int64, add_bookmark, SlBookmark, bookmark, sl_bookmark_copy, sl_bookmark_free)

static gboolean
get_bookmark_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  gint64 bookmark_id = *(const gint64 *)data;
  const char *what = _ ("Cannot read the bookmark from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc = SQLITE_DONE;

  stmt = sl_catalog_prepare (
      db, "SELECT " SL_CATALOG_BOOKMARK_COLUMNS "FROM bookmarks WHERE id = ?1", what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bookmark_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (bookmark_id, error);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  value->pointer = sl_catalog_bookmark_from_row (stmt);
  value->pointer_free = (GDestroyNotify)sl_bookmark_free;
  return TRUE;
}

/**
 * sl_catalog_get_bookmark:
 *
 * Returns: (transfer full): the bookmark, or %NULL with %SL_ERROR_NOT_FOUND
 */
SL_CATALOG_DEFINE_ID_OPERATION (SlBookmark *, pointer, get_bookmark, bookmark_id)

static gboolean
update_bookmark_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlBookmark *bookmark = data;
  const char *what = _ ("Cannot save the bookmark in the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (!check_bookmark (bookmark, error))
    return FALSE;
  stmt = sl_catalog_prepare (db,
                             "UPDATE bookmarks SET camera_id = ?1, start_us = ?2, end_us = ?3, "
                             "name = ?4, description = ?5, locked = ?6 WHERE id = ?7",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  bind_bookmark (stmt, bookmark);
  sqlite3_bind_int64 (stmt, 7, bookmark->id);
  if (!sl_catalog_step_done (db, stmt, what, NULL, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      set_not_found (bookmark->id, error);
      return FALSE;
    }
  value->number = TRUE;
  return TRUE;
}

/**
 * sl_catalog_update_bookmark:
 * @bookmark: the bookmark with its id and every field as it should be
 *
 * Locking or unlocking takes effect at the next retention pass.
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (
    gboolean, boolean, update_bookmark, SlBookmark, bookmark, sl_bookmark_copy, sl_bookmark_free)

static gboolean
remove_bookmark_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  gint64 bookmark_id = *(const gint64 *)data;

  if (!sl_catalog_exec_with_id (db, "DELETE FROM bookmarks WHERE id = ?1", bookmark_id,
                                _ ("Cannot remove the bookmark from the catalog"), error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      set_not_found (bookmark_id, error);
      return FALSE;
    }
  value->number = TRUE;
  return TRUE;
}

/**
 * sl_catalog_remove_bookmark:
 *
 * Removing a locked bookmark lets retention delete its range again.
 */
SL_CATALOG_DEFINE_ID_OPERATION (gboolean, boolean, remove_bookmark, bookmark_id)

/* ---- Search ---------------------------------------------------------------- */

static gboolean
bookmark_has_text (const SlBookmark *bookmark, const char *folded_text)
{
  g_autofree char *name = g_utf8_casefold (bookmark->name ? bookmark->name : "", -1);
  g_autofree char *description =
      g_utf8_casefold (bookmark->description ? bookmark->description : "", -1);

  return strstr (name, folded_text) != NULL || strstr (description, folded_text) != NULL;
}

static gboolean
list_bookmarks_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlBookmarkQuery *query = data;
  const char *what = _ ("Cannot read the bookmarks from the catalog");
  g_autoptr (GString) sql = g_string_new ("SELECT " SL_CATALOG_BOOKMARK_COLUMNS "FROM bookmarks "
                                          "WHERE end_us >= ?1 AND start_us < ?2 ");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_bookmark_free);
  g_autofree char *folded_text = NULL;
  int rc = SQLITE_DONE;

  if (query->n_camera_ids > 0)
    {
      g_string_append (sql, "AND camera_id IN (");
      for (guint i = 0; i < query->n_camera_ids; i++)
        g_string_append_printf (sql, "%s?%u", i > 0 ? ", " : "", i + 3);
      g_string_append (sql, ") ");
    }
  g_string_append (sql, query->newest_first ? "ORDER BY start_us DESC, id DESC"
                                            : "ORDER BY start_us, id");

  stmt = sl_catalog_prepare (db, sql->str, what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->from_us > 0 ? query->from_us : G_MININT64);
  sqlite3_bind_int64 (stmt, 2, query->to_us > 0 ? query->to_us : G_MAXINT64);
  for (guint i = 0; i < query->n_camera_ids; i++)
    sqlite3_bind_int64 (stmt, i + 3, query->camera_ids[i]);

  /* The text is matched here rather than with LIKE, whose case folding
   * knows ASCII letters only: a search for "café" finds "CAFÉ". */
  if (query->text != NULL && query->text[0] != '\0')
    folded_text = g_utf8_casefold (query->text, -1);

  while ((query->limit == 0 || rows->len < query->limit) &&
         (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (SlBookmark) bookmark = sl_catalog_bookmark_from_row (stmt);

      if (folded_text == NULL || bookmark_has_text (bookmark, folded_text))
        g_ptr_array_add (rows, g_steal_pointer (&bookmark));
    }
  if (query->limit == 0 || rows->len < query->limit)
    {
      if (rc != SQLITE_DONE)
        {
          sl_catalog_set_error (db, what, error);
          return FALSE;
        }
    }
  return sl_catalog_value_take_rows (value, g_steal_pointer (&rows));
}

static SlBookmarkQuery *
bookmark_query_args_new (const SlBookmarkQuery *query)
{
  SlBookmarkQuery all = { 0 };

  return sl_bookmark_query_copy (query != NULL ? query : &all);
}

/**
 * sl_catalog_list_bookmarks:
 * @query: (nullable): which bookmarks; %NULL for all
 *
 * Returns: (transfer container) (element-type SlBookmark): the bookmarks
 *   overlapping the query's range, of its cameras, whose name or description
 *   contains its text, by start time (newest first if asked), at most
 *   @query->limit
 */
SL_CATALOG_DEFINE_OPERATION (GPtrArray *,
                             pointer,
                             list_bookmarks,
                             (const SlBookmarkQuery *query),
                             self,
                             bookmark_query_args_new (query),
                             sl_bookmark_query_free)
