// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* The alarm, event and audit logs. */

static SlLogEntry *
log_entry_args_new (SlLogKind kind, gint64 camera_id, const char *type, const char *message)
{
  SlLogEntry *entry = g_new0 (SlLogEntry, 1);

  /* The time of the call, not of the moment the worker gets to it. */
  entry->time_us = g_get_real_time ();
  entry->kind = kind;
  entry->camera_id = camera_id;
  entry->type = g_strdup (type);
  entry->message = g_strdup (message);
  return entry;
}

static gboolean
add_log_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlLogEntry *entry = data;
  const char *what = _ ("Cannot write to the log in the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (sl_log_kind_to_string (entry->kind) == NULL || entry->type == NULL || entry->message == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A log entry needs a known kind, a type and a message."));
      return FALSE;
    }

  stmt = sl_catalog_prepare (db,
                             "INSERT INTO logs (time_us, kind, camera_id, type, message) "
                             "VALUES (?1, ?2, nullif (?3, 0), ?4, ?5)",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->time_us);
  sqlite3_bind_text (stmt, 2, sl_log_kind_to_string (entry->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entry->camera_id);
  sqlite3_bind_text (stmt, 4, entry->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entry->message, -1, SQLITE_STATIC);
  return sl_catalog_step_insert (db, stmt, what, NULL, &value->number, error);
}

/**
 * sl_catalog_add_log:
 * @self: the catalog
 * @kind: alarm, event or audit
 * @camera_id: the camera it is about, or 0
 * @type: a stable name such as "auth-failed"
 * @message: the translated sentence
 * @error: return location for an error
 *
 * Logs an entry stamped with the time of the call.
 *
 * Returns: the id of the entry, or 0 on error
 */
SL_CATALOG_DEFINE_OPERATION (
    gint64,
    int64,
    add_log,
    (SlLogKind kind, gint64 camera_id, const char *type, const char *message),
    self,
    log_entry_args_new (kind, camera_id, type, message),
    sl_log_entry_free)

typedef struct
{
  gint64 camera_id;
  guint limit;
} ListLogsArgs;

static ListLogsArgs *
list_logs_args_new (gint64 camera_id, guint limit)
{
  ListLogsArgs *args = g_new0 (ListLogsArgs, 1);

  args->camera_id = camera_id;
  args->limit = limit;
  return args;
}

static SlLogEntry *
log_entry_from_row (sqlite3_stmt *stmt)
{
  SlLogEntry *entry = g_new0 (SlLogEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time_us = sqlite3_column_int64 (stmt, 1);
  if (!sl_log_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &entry->kind))
    entry->kind = SL_LOG_EVENT;
  entry->camera_id = sqlite3_column_int64 (stmt, 3); /* NULL reads as 0 */
  entry->type = sl_catalog_column_dup (stmt, 4);
  entry->message = sl_catalog_column_dup (stmt, 5);
  return entry;
}

static gboolean
list_logs_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const ListLogsArgs *args = data;
  const char *what = _ ("Cannot read the log from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (args->camera_id != 0)
    stmt = sl_catalog_prepare (db,
                               "SELECT id, time_us, kind, camera_id, type, message FROM logs "
                               "WHERE camera_id = ?1 ORDER BY time_us DESC, id DESC LIMIT ?2",
                               what, error);
  else
    stmt = sl_catalog_prepare (db,
                               "SELECT id, time_us, kind, camera_id, type, message FROM logs "
                               "ORDER BY time_us DESC, id DESC LIMIT ?2",
                               what, error);
  if (stmt == NULL)
    return FALSE;
  if (args->camera_id != 0)
    sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_int64 (stmt, 2, args->limit == 0 ? -1 : (gint64)args->limit);

  return sl_catalog_value_take_rows (
      value, sl_catalog_read_rows (db, stmt, (SlCatalogRowFunc)log_entry_from_row,
                                   (GDestroyNotify)sl_log_entry_free, what, error));
}

/**
 * sl_catalog_list_logs:
 * @self: the catalog
 * @camera_id: one camera, or 0 for every entry
 * @limit: the most entries to return, 0 for all
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SlLogEntry): the entries,
 *   newest first
 */
SL_CATALOG_DEFINE_OPERATION (GPtrArray *,
                             pointer,
                             list_logs,
                             (gint64 camera_id, guint limit),
                             self,
                             list_logs_args_new (camera_id, limit),
                             g_free)
