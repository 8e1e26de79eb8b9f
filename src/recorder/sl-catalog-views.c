// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* The live view tree in the catalog: folders, split views, sequences and
 * camera views, one row each. The frames of a split view and the items of a
 * sequence are JSON that this file stores without reading it. */

static const char *const view_kind_names[] = {
  [SL_VIEW_KIND_FOLDER] = "folder",
  [SL_VIEW_KIND_SPLIT] = "split",
  [SL_VIEW_KIND_SEQUENCE] = "sequence",
  [SL_VIEW_KIND_CAMERA] = "camera",
};

const char *
sl_view_kind_to_string (SlViewKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (view_kind_names), NULL);

  return view_kind_names[kind];
}

gboolean
sl_view_kind_from_string (const char *text, SlViewKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_kind_names); i++)
    {
      if (g_strcmp0 (text, view_kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

SlViewRecord *
sl_view_record_copy (const SlViewRecord *view)
{
  SlViewRecord *copy;

  g_return_val_if_fail (view != NULL, NULL);

  copy = g_memdup2 (view, sizeof *view);
  copy->name = g_strdup (view->name);
  copy->definition = g_strdup (view->definition);
  return copy;
}

void
sl_view_record_free (SlViewRecord *view)
{
  if (view == NULL)
    return;
  g_free (view->name);
  g_free (view->definition);
  g_free (view);
}

/* ---- Jobs ---------------------------------------------------------------- */

#define VIEW_COLUMNS                                                                               \
  "SELECT id, coalesce (parent_id, 0), kind, name, position, camera_id, definition FROM views "

static SlViewRecord *
view_from_row (sqlite3_stmt *stmt)
{
  SlViewRecord *view = g_new0 (SlViewRecord, 1);

  view->id = sqlite3_column_int64 (stmt, 0);
  view->parent_id = sqlite3_column_int64 (stmt, 1);
  if (!sl_view_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &view->kind))
    view->kind = SL_VIEW_KIND_FOLDER;
  view->name = sl_catalog_column_dup (stmt, 3);
  view->position = sqlite3_column_int (stmt, 4);
  view->camera_id = sqlite3_column_int64 (stmt, 5);
  view->definition = sl_catalog_column_dup (stmt, 6);
  return view;
}

static gboolean
check_view (const SlViewRecord *view, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (view->name != NULL ? view->name : ""));

  if (name[0] == '\0')
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The view has no name; give it a name."));
      return FALSE;
    }
  if (view->kind > SL_VIEW_KIND_CAMERA || view->parent_id < 0 || view->camera_id < 0 ||
      (view->kind == SL_VIEW_KIND_CAMERA && view->camera_id == 0))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The view '%s' is incomplete; a camera view needs its camera."), view->name);
      return FALSE;
    }
  if (view->parent_id != 0 && view->parent_id == view->id)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The folder '%s' cannot be put inside itself."), view->name);
      return FALSE;
    }
  return TRUE;
}

/* Binds ?2 to ?7 of an INSERT or UPDATE of @view (?1 is its id). */
static void
bind_view (sqlite3_stmt *stmt, const SlViewRecord *view)
{
  sqlite3_bind_int64 (stmt, 1, view->id);
  if (view->parent_id != 0)
    sqlite3_bind_int64 (stmt, 2, view->parent_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, sl_view_kind_to_string (view->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, view->name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, view->position);
  sqlite3_bind_int64 (stmt, 6, view->camera_id);
  sqlite3_bind_text (stmt, 7, view->definition != NULL ? view->definition : "", -1, SQLITE_STATIC);
}

/* A folder moved into one of its own folders would leave the tree. */
static gboolean
check_not_inside_itself (sqlite3 *db, const SlViewRecord *view, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 loops;

  if (view->id == 0)
    return TRUE;
  stmt = sl_catalog_prepare (db,
                             "WITH RECURSIVE up (id, parent_id) AS ("
                             "  SELECT id, parent_id FROM views WHERE id = ?1"
                             "  UNION ALL SELECT v.id, v.parent_id FROM views AS v"
                             "  JOIN up ON v.id = up.parent_id)"
                             "SELECT count(*) FROM up WHERE id = ?2",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, view->parent_id);
  sqlite3_bind_int64 (stmt, 2, view->id);
  if (!sl_catalog_step_int64 (db, stmt, what, &loops, error))
    return FALSE;
  if (loops > 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The folder '%s' cannot be put inside itself."), view->name);
      return FALSE;
    }
  return TRUE;
}

/* A parent that is gone or not a folder fails the foreign key or this check. */
static gboolean
check_parent (sqlite3 *db, const SlViewRecord *view, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 folders;

  if (view->parent_id == 0)
    return TRUE;
  stmt = sl_catalog_prepare (db, "SELECT count(*) FROM views WHERE id = ?1 AND kind = 'folder'",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, view->parent_id);
  if (!sl_catalog_step_int64 (db, stmt, what, &folders, error))
    return FALSE;
  if (folders == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The folder for the view '%s' no longer exists."), view->name);
      return FALSE;
    }
  return check_not_inside_itself (db, view, what, error);
}

static gboolean
add_view_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const SlViewRecord *view = args;
  g_autofree char *what = g_strdup_printf (_ ("Cannot add the view '%s'"), view->name);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (!check_view (view, error) || !check_parent (db, view, what, error))
    return FALSE;
  stmt = sl_catalog_prepare (db,
                             "INSERT INTO views (id, parent_id, kind, name, position, camera_id, "
                             "definition) VALUES (nullif (?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  bind_view (stmt, view);
  return sl_catalog_step_insert (db, stmt, what, NULL, &value->number, error);
}

/**
 * sl_catalog_add_view:
 * @self: the catalog
 * @view: the new view (its id is ignored unless not 0)
 * @error: return location for an error (%SL_ERROR_INVALID_ARGUMENT, %SL_ERROR_NOT_FOUND
 *   for a parent folder that is gone)
 *
 * Returns: the id of the new view, or 0 on error
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (
    gint64, int64, add_view, SlViewRecord, view, sl_view_record_copy, sl_view_record_free)

static gboolean
update_view_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const SlViewRecord *view = args;
  g_autofree char *what = g_strdup_printf (_ ("Cannot change the view '%s'"), view->name);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (!check_view (view, error) || !check_parent (db, view, what, error))
    return FALSE;
  stmt =
      sl_catalog_prepare (db,
                          "UPDATE views SET parent_id = ?2, kind = ?3, name = ?4, position = ?5, "
                          "camera_id = ?6, definition = ?7 WHERE id = ?1",
                          what, error);
  if (stmt == NULL)
    return FALSE;
  bind_view (stmt, view);
  if (!sl_catalog_step_done (db, stmt, what, NULL, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("The view '%s' no longer exists."),
                   view->name);
      return FALSE;
    }
  return TRUE;
}

/**
 * sl_catalog_update_view:
 * @self: the catalog
 * @view: the view, found by its id, with its new values
 * @error: return location for an error (%SL_ERROR_NOT_FOUND, %SL_ERROR_INVALID_ARGUMENT)
 *
 * Returns: whether the view was changed
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (
    gboolean, boolean, update_view, SlViewRecord, view, sl_view_record_copy, sl_view_record_free)

static gboolean
remove_view_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  gint64 id = *(const gint64 *)args;
  const char *what = _ ("Cannot remove the view");

  if (!sl_catalog_exec_with_id (db, "DELETE FROM views WHERE id = ?1", id, what, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("The view no longer exists."));
      return FALSE;
    }
  return TRUE;
}

/**
 * sl_catalog_remove_view:
 * @self: the catalog
 * @view_id: the view, or a folder with everything in it
 * @error: return location for an error (%SL_ERROR_NOT_FOUND)
 *
 * Returns: whether the view was removed
 */
SL_CATALOG_DEFINE_ID_OPERATION (gboolean, boolean, remove_view, view_id)

/* Parents first: a recursive walk from the top level, ordered by position
 * within each folder. */
static gboolean
list_views_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  return sl_catalog_list_rows (
      db,
      "WITH RECURSIVE tree (id, depth, path) AS ("
      "  SELECT id, 0, printf ('%08d.%012d', position, id) FROM views WHERE parent_id IS NULL"
      "  UNION ALL SELECT v.id, t.depth + 1, t.path || '/' || printf ('%08d.%012d', v.position, "
      "v.id)"
      "  FROM views AS v JOIN tree AS t ON v.parent_id = t.id)"
      "SELECT v.id, coalesce (v.parent_id, 0), v.kind, v.name, v.position, v.camera_id, "
      "v.definition FROM views AS v JOIN tree AS t ON t.id = v.id ORDER BY t.path",
      (SlCatalogRowFunc)view_from_row, (GDestroyNotify)sl_view_record_free,
      _ ("Cannot read the views from the catalog"), value, error);
}

/**
 * sl_catalog_list_views:
 * @self: the catalog
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SlViewRecord): every view, each folder
 *   before what it holds
 */
SL_CATALOG_DEFINE_LIST_OPERATION (list_views)

static gboolean
get_view_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const char *what = _ ("Cannot read the view from the catalog");
  g_autoptr (sqlite3_stmt) stmt =
      sl_catalog_prepare (db, VIEW_COLUMNS "WHERE id = ?1", what, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *(const gint64 *)args);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("The view no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  value->pointer = view_from_row (stmt);
  value->pointer_free = (GDestroyNotify)sl_view_record_free;
  return TRUE;
}

/**
 * sl_catalog_get_view:
 * @self: the catalog
 * @view_id: a view
 * @error: return location for an error (%SL_ERROR_NOT_FOUND)
 *
 * Returns: (transfer full): the view, or %NULL on error
 */
SL_CATALOG_DEFINE_ID_OPERATION (SlViewRecord *, pointer, get_view, view_id)
