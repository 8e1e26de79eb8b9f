// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* The configuration in the catalog: storage roots, and cameras with their
 * device and streams. Each operation is a job (run on the worker) followed by
 * the definition of its blocking, _async and _finish functions. */

/* ---- Storage roots ------------------------------------------------------ */

static gboolean
check_storage_root (const char *path, double min_free_percent, gint64 max_bytes, GError **error)
{
  if (path == NULL || !g_path_is_absolute (path))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The storage folder '%s' is not a full path; give a path starting with '/'."),
                   path ? path : "");
      return FALSE;
    }
  if (min_free_percent < 0 || min_free_percent > 100 || max_bytes < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The limits of the storage folder '%s' are out of range; the free space "
                      "to keep must be between 0 and 100 percent and the size not negative."),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* Checks @root and writes it with @sql, its INSERT or UPDATE: ?1 is the id
 * (0 for a new root), ?2 to ?4 the fields. */
static gboolean
write_storage_root (
    sqlite3 *db, const SlStorageRoot *root, const char *sql, const char *what, GError **error)
{
  g_autofree char *exists =
      g_strdup_printf (_ ("The storage folder '%s' is already in the list"), root->path);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (!check_storage_root (root->path, root->min_free_percent, root->max_bytes, error))
    return FALSE;

  stmt = sl_catalog_prepare (db, sql, what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, root->id);
  sqlite3_bind_text (stmt, 2, root->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, root->max_bytes);
  sqlite3_bind_double (stmt, 4, root->min_free_percent);
  return sl_catalog_step_done (db, stmt, what, exists, error);
}

static gboolean
add_storage_root_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const SlStorageRoot *root = args;
  g_autofree char *what = g_strdup_printf (_ ("Cannot add the storage folder '%s'"), root->path);

  if (!write_storage_root (db, root,
                           "INSERT INTO storage_roots (id, path, max_bytes, min_free_percent) "
                           "VALUES (nullif (?1, 0), ?2, ?3, ?4)",
                           what, error))
    return FALSE;
  value->number = sqlite3_last_insert_rowid (db);
  return TRUE;
}

static SlStorageRoot *
storage_root_args_new (const char *path, gint64 max_bytes, double min_free_percent)
{
  SlStorageRoot *root = g_new0 (SlStorageRoot, 1);

  root->path = g_strdup (path);
  root->max_bytes = max_bytes;
  root->min_free_percent = min_free_percent;
  return root;
}

/**
 * sl_catalog_add_storage_root:
 * @self: the catalog
 * @path: an absolute folder path
 * @max_bytes: the most the recordings may take there, 0 for no limit but free space
 * @min_free_percent: the free space to keep on its file system (default 5)
 * @error: return location for an error (%SL_ERROR_EXISTS for a path already listed)
 *
 * Returns: the id of the new storage root, or 0 on error
 */
SL_CATALOG_DEFINE_OPERATION (gint64,
                             int64,
                             add_storage_root,
                             (const char *path, gint64 max_bytes, double min_free_percent),
                             self,
                             storage_root_args_new (path, max_bytes, min_free_percent),
                             sl_storage_root_free)

static gboolean
update_storage_root_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const SlStorageRoot *root = args;
  g_autofree char *what = g_strdup_printf (_ ("Cannot change the storage folder '%s'"), root->path);

  if (!write_storage_root (db, root,
                           "UPDATE storage_roots SET path = ?2, max_bytes = ?3, "
                           "min_free_percent = ?4 WHERE id = ?1",
                           what, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The storage folder '%s' is no longer in the list"), root->path);
      return FALSE;
    }
  return TRUE;
}

/**
 * sl_catalog_update_storage_root:
 * @self: the catalog
 * @root: the storage root, found by its id, with its new values
 * @error: return location for an error (%SL_ERROR_NOT_FOUND, %SL_ERROR_EXISTS)
 *
 * Returns: whether the storage root was changed
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (gboolean,
                                     boolean,
                                     update_storage_root,
                                     SlStorageRoot,
                                     root,
                                     sl_storage_root_copy,
                                     sl_storage_root_free)

static SlStorageRoot *
storage_root_from_row (sqlite3_stmt *stmt)
{
  SlStorageRoot *root = g_new0 (SlStorageRoot, 1);

  root->id = sqlite3_column_int64 (stmt, 0);
  root->path = sl_catalog_column_dup (stmt, 1);
  root->max_bytes = sqlite3_column_int64 (stmt, 2);
  root->min_free_percent = sqlite3_column_double (stmt, 3);
  return root;
}

static gboolean
list_storage_roots_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  return sl_catalog_list_rows (
      db, "SELECT id, path, max_bytes, min_free_percent FROM storage_roots ORDER BY id",
      (SlCatalogRowFunc)storage_root_from_row, (GDestroyNotify)sl_storage_root_free,
      _ ("Cannot read the storage folders from the catalog"), value, error);
}

/**
 * sl_catalog_list_storage_roots:
 * @self: the catalog
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SlStorageRoot): the storage roots by id
 */
SL_CATALOG_DEFINE_LIST_OPERATION (list_storage_roots)

/* ---- Cameras ------------------------------------------------------------ */

#define CAMERA_COLUMNS                                                                             \
  "SELECT c.id, c.name, d.driver, d.address, d.username, d.model, d.serial, "                      \
  "(SELECT url FROM streams WHERE camera_id = c.id AND profile = 'main'), "                        \
  "(SELECT url FROM streams WHERE camera_id = c.id AND profile = 'sub'), "                         \
  "c.enabled, c.retention_days, c.storage_id, c.transport "                                        \
  "FROM cameras AS c JOIN devices AS d ON d.id = c.device_id "

static SlCameraRecord *
camera_from_row (sqlite3_stmt *stmt)
{
  SlCameraRecord *camera = g_new0 (SlCameraRecord, 1);

  camera->id = sqlite3_column_int64 (stmt, 0);
  camera->name = sl_catalog_column_dup (stmt, 1);
  camera->driver = sl_catalog_column_dup (stmt, 2);
  camera->address = sl_catalog_column_dup (stmt, 3);
  camera->username = sl_catalog_column_dup (stmt, 4);
  camera->model = sl_catalog_column_dup (stmt, 5);
  camera->serial = sl_catalog_column_dup (stmt, 6);
  camera->main_url = sl_catalog_column_dup (stmt, 7);
  camera->sub_url = sl_catalog_column_dup (stmt, 8);
  camera->enabled = sqlite3_column_int (stmt, 9) != 0;
  camera->retention_days = sqlite3_column_int (stmt, 10);
  camera->storage_id = sqlite3_column_int64 (stmt, 11);
  if (!sl_transport_from_string ((const char *)sqlite3_column_text (stmt, 12), &camera->transport))
    camera->transport = SL_TRANSPORT_TCP_THEN_UDP;
  return camera;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gboolean
check_camera (const SlCameraRecord *camera, GError **error)
{
  if (is_blank (camera->name))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The camera has no name; give it a name."));
      return FALSE;
    }
  if (is_blank (camera->driver))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Camera '%s' has no driver; choose rtsp, http, vapix or file."),
                   camera->name);
      return FALSE;
    }
  if (camera->retention_days < 0 || camera->storage_id < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The retention time and storage of camera '%s' cannot be negative."),
                   camera->name);
      return FALSE;
    }
  return TRUE;
}

static char *
camera_exists_message (const SlCameraRecord *camera)
{
  return g_strdup_printf (_ ("A camera named '%s' already exists"), camera->name);
}

/* Sets the stream of @profile to @url, or removes it when @url is NULL. */
static gboolean
save_stream (sqlite3 *db,
             gint64 camera_id,
             const char *profile,
             const char *url,
             const char *what,
             GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (url != NULL)
    stmt = sl_catalog_prepare (db,
                               "INSERT INTO streams (camera_id, profile, url) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (camera_id, profile) DO UPDATE SET url = excluded.url",
                               what, error);
  else
    stmt = sl_catalog_prepare (db, "DELETE FROM streams WHERE camera_id = ?1 AND profile = ?2",
                               what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, camera_id);
  sqlite3_bind_text (stmt, 2, profile, -1, SQLITE_STATIC);
  if (url != NULL)
    sqlite3_bind_text (stmt, 3, url, -1, SQLITE_STATIC);
  return sl_catalog_step_done (db, stmt, what, NULL, error);
}

static void
bind_device (sqlite3_stmt *stmt, const SlCameraRecord *camera)
{
  sqlite3_bind_text (stmt, 2, camera->driver, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, camera->address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, camera->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, camera->model, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, camera->serial, -1, SQLITE_STATIC);
}

static void
bind_camera (sqlite3_stmt *stmt, const SlCameraRecord *camera)
{
  sqlite3_bind_text (stmt, 2, camera->name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, camera->enabled ? 1 : 0);
  sqlite3_bind_int (stmt, 4, camera->retention_days);
  sqlite3_bind_int64 (stmt, 5, camera->storage_id);
  sqlite3_bind_text (stmt, 6, sl_transport_to_string (camera->transport), -1, SQLITE_STATIC);
}

static gboolean
insert_camera (sqlite3 *db, const SlCameraRecord *camera, gint64 *camera_id, GError **error)
{
  g_autofree char *what = g_strdup_printf (_ ("Cannot add camera '%s'"), camera->name);
  g_autofree char *exists = camera_exists_message (camera);
  g_autoptr (sqlite3_stmt) device = NULL;
  g_autoptr (sqlite3_stmt) row = NULL;
  gint64 device_id;

  /* ?1 stays unbound (NULL: a new id), so that bind_device() numbers the
   * parameters as in the UPDATE. */
  device = sl_catalog_prepare (db,
                               "INSERT INTO devices (id, driver, address, username, model, serial) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               what, error);
  if (device == NULL)
    return FALSE;
  bind_device (device, camera);
  if (!sl_catalog_step_insert (db, device, what, NULL, &device_id, error))
    return FALSE;

  row = sl_catalog_prepare (db,
                            "INSERT INTO cameras (device_id, name, enabled, retention_days, "
                            "storage_id, transport) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            what, error);
  if (row == NULL)
    return FALSE;
  sqlite3_bind_int64 (row, 1, device_id);
  bind_camera (row, camera);
  if (!sl_catalog_step_insert (db, row, what, exists, camera_id, error))
    return FALSE;

  return save_stream (db, *camera_id, "main", camera->main_url, what, error) &&
         save_stream (db, *camera_id, "sub", camera->sub_url, what, error);
}

static gboolean
add_camera_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const SlCameraRecord *camera = args;
  g_autofree char *what = NULL;
  gint64 camera_id = 0;
  gboolean ok;

  if (!check_camera (camera, error))
    return FALSE;

  what = g_strdup_printf (_ ("Cannot add camera '%s'"), camera->name);
  if (!sl_catalog_begin (db, what, error))
    return FALSE;
  ok = insert_camera (db, camera, &camera_id, error);
  if (!sl_catalog_end (db, ok, what, ok ? error : NULL))
    return FALSE;
  value->number = camera_id;
  return TRUE;
}

/**
 * sl_catalog_add_camera:
 * @self: the catalog
 * @camera: the camera; its id is ignored
 * @error: return location for an error (%SL_ERROR_EXISTS when the name is taken)
 *
 * Adds a device row, the camera row and its streams (main_url as "main",
 * sub_url as "sub" when not %NULL) in one transaction.
 *
 * Returns: the id of the new camera, or 0 on error
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (
    gint64, int64, add_camera, SlCameraRecord, camera, sl_camera_record_copy, sl_camera_record_free)

/* The device of a camera, or 0 with SL_ERROR_NOT_FOUND. */
static gint64
find_device (sqlite3 *db, gint64 camera_id, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sl_catalog_prepare (db, "SELECT device_id FROM cameras WHERE id = ?1", what, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, camera_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                 _ ("There is no camera with id %lld; it may have been removed."),
                 (long long)camera_id);
  else
    sl_catalog_set_error (db, what, error);
  return 0;
}

static gboolean
save_camera (sqlite3 *db, const SlCameraRecord *camera, const char *what, GError **error)
{
  g_autofree char *exists = camera_exists_message (camera);
  g_autoptr (sqlite3_stmt) device = NULL;
  g_autoptr (sqlite3_stmt) row = NULL;
  gint64 device_id = find_device (db, camera->id, what, error);

  if (device_id == 0)
    return FALSE;

  device = sl_catalog_prepare (db,
                               "UPDATE devices SET driver = ?2, address = ?3, username = ?4, "
                               "model = ?5, serial = ?6 WHERE id = ?1",
                               what, error);
  if (device == NULL)
    return FALSE;
  sqlite3_bind_int64 (device, 1, device_id);
  bind_device (device, camera);
  if (!sl_catalog_step_done (db, device, what, NULL, error))
    return FALSE;

  row = sl_catalog_prepare (db,
                            "UPDATE cameras SET name = ?2, enabled = ?3, retention_days = ?4, "
                            "storage_id = ?5, transport = ?6 WHERE id = ?1",
                            what, error);
  if (row == NULL)
    return FALSE;
  sqlite3_bind_int64 (row, 1, camera->id);
  bind_camera (row, camera);
  if (!sl_catalog_step_done (db, row, what, exists, error))
    return FALSE;

  return save_stream (db, camera->id, "main", camera->main_url, what, error) &&
         save_stream (db, camera->id, "sub", camera->sub_url, what, error);
}

static gboolean
update_camera_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const SlCameraRecord *camera = args;
  g_autofree char *what = NULL;
  gboolean ok;

  if (!check_camera (camera, error))
    return FALSE;

  what = g_strdup_printf (_ ("Cannot save camera '%s'"), camera->name);
  if (!sl_catalog_begin (db, what, error))
    return FALSE;
  ok = save_camera (db, camera, what, error);
  return sl_catalog_end (db, ok, what, ok ? error : NULL);
}

/**
 * sl_catalog_update_camera:
 * @self: the catalog
 * @camera: the camera, found by its id, with its new values
 * @error: return location for an error (%SL_ERROR_NOT_FOUND, %SL_ERROR_EXISTS)
 *
 * Saves every field of @camera: its device, camera row and streams (a %NULL
 * sub_url removes the sub stream).
 *
 * Returns: whether the camera was saved
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (gboolean,
                                     boolean,
                                     update_camera,
                                     SlCameraRecord,
                                     camera,
                                     sl_camera_record_copy,
                                     sl_camera_record_free)

static gboolean
delete_camera (sqlite3 *db, gint64 camera_id, const char *what, GError **error)
{
  gint64 device_id = find_device (db, camera_id, what, error);

  /* The streams go with the camera (ON DELETE CASCADE); its recordings,
   * gaps, bookmarks and logs stay. */
  return device_id != 0 &&
         sl_catalog_exec_with_id (db, "DELETE FROM cameras WHERE id = ?1", camera_id, what,
                                  error) &&
         sl_catalog_exec_with_id (db,
                                  "DELETE FROM devices WHERE id = ?1 AND NOT EXISTS "
                                  "(SELECT 1 FROM cameras WHERE device_id = ?1)",
                                  device_id, what, error);
}

static gboolean
remove_camera_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  gint64 camera_id = *(const gint64 *)args;
  const char *what = _ ("Cannot remove the camera");
  gboolean ok;

  if (!sl_catalog_begin (db, what, error))
    return FALSE;
  ok = delete_camera (db, camera_id, what, error);
  return sl_catalog_end (db, ok, what, ok ? error : NULL);
}

/**
 * sl_catalog_remove_camera:
 * @self: the catalog
 * @camera_id: the camera
 * @error: return location for an error (%SL_ERROR_NOT_FOUND)
 *
 * Removes the camera, its streams and its device (when no other camera uses
 * it). Its segments, gaps, bookmarks and logs stay in the catalog.
 *
 * Returns: whether the camera was removed
 */
SL_CATALOG_DEFINE_ID_OPERATION (gboolean, boolean, remove_camera, camera_id)

static gboolean
list_cameras_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  return sl_catalog_list_rows (db, CAMERA_COLUMNS "ORDER BY c.id",
                               (SlCatalogRowFunc)camera_from_row,
                               (GDestroyNotify)sl_camera_record_free,
                               _ ("Cannot read the cameras from the catalog"), value, error);
}

/**
 * sl_catalog_list_cameras:
 * @self: the catalog
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SlCameraRecord): the cameras, by id
 */
SL_CATALOG_DEFINE_LIST_OPERATION (list_cameras)

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* Looks up one camera with @sql and @key; NULL without error when absent. */
static SlCameraRecord *
lookup_camera (sqlite3 *db, const char *sql, const char *key, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sl_catalog_prepare (db, sql, what, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return camera_from_row (stmt);
  if (rc != SQLITE_DONE)
    sl_catalog_set_error (db, what, error);
  return NULL;
}

static gboolean
find_camera_job (sqlite3 *db, gconstpointer args, SlCatalogValue *value, GError **error)
{
  const char *name_or_id = args;
  g_autofree char *what = g_strdup_printf (_ ("Cannot look up camera '%s'"), name_or_id);
  GError *local_error = NULL;
  SlCameraRecord *camera = NULL;

  /* An all-digit text is an id first; a camera may still be named "12". */
  if (is_all_digits (name_or_id))
    camera = lookup_camera (db, CAMERA_COLUMNS "WHERE c.id = CAST (?1 AS INTEGER)", name_or_id,
                            what, &local_error);
  if (camera == NULL && local_error == NULL)
    camera = lookup_camera (db, CAMERA_COLUMNS "WHERE c.name = ?1", name_or_id, what, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (camera == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("No camera named '%s'"), name_or_id);
      return FALSE;
    }
  value->pointer = camera;
  value->pointer_free = (GDestroyNotify)sl_camera_record_free;
  return TRUE;
}

/**
 * sl_catalog_find_camera:
 * @self: the catalog
 * @name_or_id: the camera's id (all digits) or name (any case)
 * @error: return location for an error (%SL_ERROR_NOT_FOUND)
 *
 * Returns: (transfer full) (nullable): the camera
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (
    SlCameraRecord *, pointer, find_camera, char, name_or_id, g_strdup, g_free)
