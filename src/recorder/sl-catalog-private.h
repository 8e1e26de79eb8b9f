// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <sqlite3.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Internals shared by the sl-catalog*.c files.
 *
 * Every operation is a job: a function that runs on the worker thread with
 * the connection and the operation's arguments, and fills in an
 * SlCatalogValue. The blocking, _async and _finish functions of an operation
 * only pack its arguments and hand the job to sl_catalog_run_*() or
 * sl_catalog_run_async() and sl_catalog_finish_*(); SL_CATALOG_DEFINE_OPERATION
 * below writes them. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct
{
  gpointer pointer; /* owned; freed with pointer_free unless handed out */
  GDestroyNotify pointer_free;
  gint64 number;
} SlCatalogValue;

/* Runs on the worker thread. @args is owned by the caller of
 * sl_catalog_run_*(). Returns FALSE with @error set on failure. */
typedef gboolean (*SlCatalogJobFunc) (sqlite3 *db,
                                      gconstpointer args,
                                      SlCatalogValue *value,
                                      GError **error);

/* Blocking: run @func on the worker and wait. @args is freed with @args_free
 * (if not NULL) before returning. */
gpointer sl_catalog_run_pointer (SlCatalog *self,
                                 SlCatalogJobFunc func,
                                 gpointer args,
                                 GDestroyNotify args_free,
                                 GError **error);
gboolean sl_catalog_run_boolean (SlCatalog *self,
                                 SlCatalogJobFunc func,
                                 gpointer args,
                                 GDestroyNotify args_free,
                                 GError **error);
gint64 sl_catalog_run_int64 (SlCatalog *self,
                             SlCatalogJobFunc func,
                             gpointer args,
                             GDestroyNotify args_free,
                             GError **error);

/* Asynchronous: @args must be a copy owned by the job; it is freed with
 * @args_free on the worker thread. @source_tag is the public _async function. */
void sl_catalog_run_async (SlCatalog *self,
                           SlCatalogJobFunc func,
                           gpointer args,
                           GDestroyNotify args_free,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data,
                           gpointer source_tag);
gpointer sl_catalog_finish_pointer (SlCatalog *self,
                                    GAsyncResult *result,
                                    gpointer source_tag,
                                    GError **error);
gboolean sl_catalog_finish_boolean (SlCatalog *self,
                                    GAsyncResult *result,
                                    gpointer source_tag,
                                    GError **error);
gint64 sl_catalog_finish_int64 (SlCatalog *self,
                                GAsyncResult *result,
                                gpointer source_tag,
                                GError **error);

/* Argument packing for jobs with one number. */
gint64 *sl_catalog_box_int64 (gint64 number);

/* Makes @rows the job's value; returns FALSE, for a failed query, when
 * @rows is NULL. */
gboolean sl_catalog_value_take_rows (SlCatalogValue *value, GPtrArray *rows);

/* ---- Operations ----------------------------------------------------------
 * SL_CATALOG_DEFINE_OPERATION defines the blocking, _async and _finish
 * functions of the operation @name around its job, @name_job:
 *
 *   ReturnType sl_catalog_NAME (PARAMS, GError **error);
 *   void sl_catalog_NAME_async (PARAMS, GCancellable *cancellable,
 *                               GAsyncReadyCallback callback, gpointer user_data);
 *   ReturnType sl_catalog_NAME_finish (SlCatalog *self, GAsyncResult *result,
 *                                      GError **error);
 *
 * PARAMS are SlCatalog *self and the parameters in the parenthesized @params
 * (see SL_CATALOG_PARAMS_ in sl-catalog.h); @nonnull names the pointer parameter that must not be NULL (self when there
 * is none: it is checked anyway). @args packs the parameters into the copy
 * the job owns and @args_free frees it. @kind (pointer, boolean or int64)
 * says which part of the job's value the functions return.
 *
 * The three shorthands below cover the operations that share a signature:
 * a list without parameters, one id, or one record or string (copied). */

#define SL_CATALOG_DEFINE_OPERATION(ReturnType, kind, name, params, nonnull, args, args_free)      \
  ReturnType sl_catalog_##name (SL_CATALOG_PARAMS_ params, GError **error)                         \
  {                                                                                                \
    g_return_val_if_fail (SL_IS_CATALOG (self), 0);                                                \
    g_return_val_if_fail (nonnull != NULL, 0);                                                     \
                                                                                                   \
    return sl_catalog_run_##kind (self, name##_job, args, (GDestroyNotify)(args_free), error);     \
  }                                                                                                \
                                                                                                   \
  void sl_catalog_##name##_async (SL_CATALOG_PARAMS_ params, GCancellable *cancellable,            \
                                  GAsyncReadyCallback callback, gpointer user_data)                \
  {                                                                                                \
    g_return_if_fail (SL_IS_CATALOG (self));                                                       \
    g_return_if_fail (nonnull != NULL);                                                            \
                                                                                                   \
    sl_catalog_run_async (self, name##_job, args, (GDestroyNotify)(args_free), cancellable,        \
                          callback, user_data, sl_catalog_##name##_async);                         \
  }                                                                                                \
                                                                                                   \
  ReturnType sl_catalog_##name##_finish (SlCatalog *self, GAsyncResult *result, GError **error)    \
  {                                                                                                \
    return sl_catalog_finish_##kind (self, result, sl_catalog_##name##_async, error);              \
  }

/* GPtrArray *sl_catalog_NAME (SlCatalog *self, GError **error) */
#define SL_CATALOG_DEFINE_LIST_OPERATION(name)                                                     \
  SL_CATALOG_DEFINE_OPERATION (GPtrArray *, pointer, name, (), self, NULL, NULL)

/* ReturnType sl_catalog_NAME (SlCatalog *self, gint64 id, GError **error) */
#define SL_CATALOG_DEFINE_ID_OPERATION(ReturnType, kind, name, id)                                 \
  SL_CATALOG_DEFINE_OPERATION (ReturnType, kind, name, (gint64 id), self,                          \
                               sl_catalog_box_int64 (id), g_free)

/* ReturnType sl_catalog_NAME (SlCatalog *self, const ParamType *param, GError **error);
 * the job gets @copy (@param), freed with @param_free. */
#define SL_CATALOG_DEFINE_POINTER_OPERATION(ReturnType, kind, name, ParamType, param, copy,        \
                                            param_free)                                            \
  SL_CATALOG_DEFINE_OPERATION (ReturnType, kind, name, (const ParamType *param), param,            \
                               copy (param), param_free)

/* ---- SQLite helpers (sl-catalog-schema.c), worker thread only ---------- */

/* Opens (creating if needed) and migrates the catalog at @path. */
sqlite3 *sl_catalog_schema_open (const char *path, GError **error);

/* Sets @error (SL_ERROR_CATALOG) to "@what (SQLite's reason); hint." */
void sl_catalog_set_error (sqlite3 *db, const char *what, GError **error);
sqlite3_stmt *sl_catalog_prepare (sqlite3 *db, const char *sql, const char *what, GError **error);
gboolean sl_catalog_exec (sqlite3 *db, const char *sql, const char *what, GError **error);
/* Steps a statement that returns no row. A UNIQUE violation becomes
 * SL_ERROR_EXISTS with @exists_message when that is not NULL. */
gboolean sl_catalog_step_done (
    sqlite3 *db, sqlite3_stmt *stmt, const char *what, const char *exists_message, GError **error);
/* Steps an INSERT as sl_catalog_step_done() does and sets @id to the id of
 * the new row. */
gboolean sl_catalog_step_insert (sqlite3 *db,
                                 sqlite3_stmt *stmt,
                                 const char *what,
                                 const char *exists_message,
                                 gint64 *id,
                                 GError **error);
/* Prepares @sql, binds @id to ?1 and steps it once, expecting no row. */
gboolean
sl_catalog_exec_with_id (sqlite3 *db, const char *sql, gint64 id, const char *what, GError **error);
/* Steps a statement that returns one row and reads its first column. */
gboolean sl_catalog_step_int64 (
    sqlite3 *db, sqlite3_stmt *stmt, const char *what, gint64 *number, GError **error);
/* Reads one row of a statement into a new record. */
typedef gpointer (*SlCatalogRowFunc) (sqlite3_stmt *stmt);
/* Steps a statement through all its rows, reading each with @read_row, into
 * an array that frees them with @row_free; NULL on error. */
GPtrArray *sl_catalog_read_rows (sqlite3 *db,
                                 sqlite3_stmt *stmt,
                                 SlCatalogRowFunc read_row,
                                 GDestroyNotify row_free,
                                 const char *what,
                                 GError **error);
/* A list job's query without parameters: prepares @sql and makes its rows,
 * read as by sl_catalog_read_rows(), the job's value. */
gboolean sl_catalog_list_rows (sqlite3 *db,
                               const char *sql,
                               SlCatalogRowFunc read_row,
                               GDestroyNotify row_free,
                               const char *what,
                               SlCatalogValue *value,
                               GError **error);
/* Write transactions: BEGIN IMMEDIATE, so a second process waits at the
 * start (busy timeout) instead of failing to upgrade its lock midway. */
gboolean sl_catalog_begin (sqlite3 *db, const char *what, GError **error);
/* Commits when @ok, rolls back otherwise; returns whether everything succeeded. */
gboolean sl_catalog_end (sqlite3 *db, gboolean ok, const char *what, GError **error);
char *sl_catalog_column_dup (sqlite3_stmt *stmt, int column);
/* @a - @b, clamped to the gint64 range. */
gint64 sl_catalog_subtract_clamped (gint64 a, gint64 b);

/* ---- Rows ------------------------------------------------------------- */

/* Every column of a segment row, for sl_catalog_segment_from_row(); the
 * table is aliased "s". */
#define SL_CATALOG_SEGMENT_COLUMNS                                                                 \
  "s.id, s.camera_id, s.stream, s.start_us, s.end_us, s.path, s.bytes, s.frames, s.key_frames, "   \
  "s.type, s.codec, s.width, s.height "

SlSegment *sl_catalog_segment_from_row (sqlite3_stmt *stmt);
SlRecordingType sl_catalog_recording_type_from_column (sqlite3_stmt *stmt, int column);

/* Every column of a bookmark row, for sl_catalog_bookmark_from_row(). */
#define SL_CATALOG_BOOKMARK_COLUMNS "id, camera_id, start_us, end_us, name, description, locked "

SlBookmark *sl_catalog_bookmark_from_row (sqlite3_stmt *stmt);

/* The storage root of a segment "s" joined (LEFT JOIN) to its camera "c":
 * the camera's root, or the first root when it has none or was removed. */
#define SL_CATALOG_SEGMENT_ROOT                                                                    \
  "coalesce (nullif (c.storage_id, 0), (SELECT min (id) FROM storage_roots))"

/* ---- Exposed for the tests ---------------------------------------------- */

/* The two timeline queries (parameters: ?1 camera, ?2 from, ?3 to, ?4 the
 * lowest start to look at); test-catalog checks that they read only covering
 * indexes. */
extern const char sl_catalog_timeline_segments_sql[];
extern const char sl_catalog_timeline_gaps_sql[];

/* The coverage query (parameters: ?1 camera, ?2 from, ?3 to; segments: ?4 as
 * above). Segments and gaps come from covering indexes; events and bookmarks
 * are found by their (camera_id, time) indexes and then read from their
 * tables: the type, name and lock are not in an index. */
extern const char sl_catalog_coverage_segments_sql[];
extern const char sl_catalog_coverage_events_sql[];
extern const char sl_catalog_coverage_bookmarks_sql[];

G_END_DECLS
