// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* The catalog's connection: opening, the schema and its migrations, and the
 * small SQLite helpers the operations share. Everything here runs on the
 * catalog's worker thread. */

/* PRAGMA application_id: "SLCT", so that another program's database is not
 * mistaken for an empty catalog. */
#define SL_CATALOG_APPLICATION_ID 0x534c4354

#define BUSY_TIMEOUT_MS 5000

/* migrations[i] takes a catalog from schema version i to i + 1, in one
 * transaction. Never edit a released entry: append a new one and bump
 * SL_CATALOG_SCHEMA_VERSION.
 *
 * Enumerations are stored as their stable names (sl_*_to_string). Segments,
 * gaps, events, bookmarks and logs have no foreign key to cameras: the
 * recordings outlive the camera's configuration. The rowid (id) is part of
 * every index, so the timeline indexes cover "id" without naming it. */
static const char *const migrations[] = {
  /* 0 -> 1 */
  "CREATE TABLE storage_roots ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL UNIQUE,"
  "  max_bytes INTEGER NOT NULL DEFAULT 0,"
  "  min_free_percent REAL NOT NULL DEFAULT 5"
  ") STRICT;"
  "CREATE TABLE devices ("
  "  id INTEGER PRIMARY KEY,"
  "  driver TEXT NOT NULL,"
  "  address TEXT,"
  "  username TEXT,"
  "  model TEXT,"
  "  serial TEXT"
  ") STRICT;"
  "CREATE TABLE cameras ("
  "  id INTEGER PRIMARY KEY,"
  "  device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  retention_days INTEGER NOT NULL DEFAULT 0,"
  "  storage_id INTEGER NOT NULL DEFAULT 0,"
  "  transport TEXT NOT NULL DEFAULT 'tcp-then-udp'"
  ") STRICT;"
  "CREATE INDEX cameras_device ON cameras (device_id);"
  "CREATE TABLE streams ("
  "  id INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL REFERENCES cameras (id) ON DELETE CASCADE,"
  "  profile TEXT NOT NULL CHECK (profile IN ('main', 'sub')),"
  "  url TEXT NOT NULL,"
  "  UNIQUE (camera_id, profile)"
  ") STRICT;"
  "CREATE TABLE segments ("
  "  id INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL,"
  "  stream TEXT NOT NULL CHECK (stream IN ('main', 'sub')),"
  "  start_us INTEGER NOT NULL,"
  "  end_us INTEGER NOT NULL CHECK (end_us >= start_us),"
  "  path TEXT NOT NULL UNIQUE,"
  "  bytes INTEGER NOT NULL DEFAULT 0,"
  "  frames INTEGER NOT NULL DEFAULT 0,"
  "  key_frames INTEGER NOT NULL DEFAULT 0,"
  "  type TEXT NOT NULL,"
  "  codec TEXT,"
  "  width INTEGER NOT NULL DEFAULT 0,"
  "  height INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE INDEX segments_timeline ON segments (camera_id, start_us, end_us, type, stream);"
  /* Retention walks all cameras oldest first. */
  "CREATE INDEX segments_age ON segments (start_us);"
  /* The bytes recorded per camera, kept by triggers, so that the use of a
   * storage root is a sum over cameras, not over every segment. */
  "CREATE TABLE segment_totals ("
  "  camera_id INTEGER PRIMARY KEY,"
  "  bytes INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TRIGGER segments_total_insert AFTER INSERT ON segments BEGIN"
  "  INSERT INTO segment_totals (camera_id, bytes) VALUES (new.camera_id, new.bytes)"
  "    ON CONFLICT (camera_id) DO UPDATE SET bytes = bytes + excluded.bytes;"
  " END;"
  "CREATE TRIGGER segments_total_delete AFTER DELETE ON segments BEGIN"
  "  UPDATE segment_totals SET bytes = bytes - old.bytes WHERE camera_id = old.camera_id;"
  " END;"
  "CREATE TRIGGER segments_total_update AFTER UPDATE OF camera_id, bytes ON segments BEGIN"
  "  UPDATE segment_totals SET bytes = bytes - old.bytes WHERE camera_id = old.camera_id;"
  "  INSERT INTO segment_totals (camera_id, bytes) VALUES (new.camera_id, new.bytes)"
  "    ON CONFLICT (camera_id) DO UPDATE SET bytes = bytes + excluded.bytes;"
  " END;"
  "CREATE TABLE open_segments ("
  "  id INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL,"
  "  stream TEXT NOT NULL CHECK (stream IN ('main', 'sub')),"
  "  path TEXT NOT NULL,"
  "  start_us INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE gaps ("
  "  id INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL,"
  "  start_us INTEGER NOT NULL,"
  "  end_us INTEGER NOT NULL CHECK (end_us > start_us),"
  "  reason TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX gaps_timeline ON gaps (camera_id, start_us, end_us, reason);"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL,"
  "  time_us INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  data TEXT"
  ") STRICT;"
  "CREATE INDEX events_time ON events (camera_id, time_us);"
  "CREATE TABLE bookmarks ("
  "  id INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL,"
  "  start_us INTEGER NOT NULL,"
  "  end_us INTEGER NOT NULL CHECK (end_us >= start_us),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  description TEXT NOT NULL DEFAULT '',"
  "  locked INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE INDEX bookmarks_time ON bookmarks (camera_id, start_us);"
  "CREATE INDEX bookmarks_locked ON bookmarks (camera_id, start_us, end_us) WHERE locked;"
  "CREATE TABLE logs ("
  "  id INTEGER PRIMARY KEY,"
  "  time_us INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  camera_id INTEGER," /* NULL: not about one camera */
  "  type TEXT NOT NULL,"
  "  message TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX logs_time ON logs (time_us);"
  "CREATE INDEX logs_camera ON logs (camera_id, time_us);"
  "CREATE TABLE garbage ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL UNIQUE,"
  "  queued_us INTEGER NOT NULL"
  ") STRICT;"
  "PRAGMA application_id = 1397506900;",
  /* 1 -> 2: the views of the live view tree. A folder holds views (and
   * folders); a split view's frames and a sequence's items are JSON in
   * "definition" (sl-view-layout.c, sl-sequence.c), read and written whole;
   * a camera view names its camera. Removing a folder removes what is in it. */
  "CREATE TABLE views ("
  "  id INTEGER PRIMARY KEY,"
  "  parent_id INTEGER REFERENCES views (id) ON DELETE CASCADE," /* NULL: top level */
  "  kind TEXT NOT NULL CHECK (kind IN ('folder', 'split', 'sequence', 'camera')),"
  "  name TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  camera_id INTEGER NOT NULL DEFAULT 0,"
  "  definition TEXT NOT NULL DEFAULT ''"
  ") STRICT;"
  "CREATE INDEX views_parent ON views (parent_id, position);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SL_CATALOG_SCHEMA_VERSION);
G_STATIC_ASSERT (SL_CATALOG_APPLICATION_ID == 1397506900);

/* ---- Helpers ------------------------------------------------------------ */

static const char *
hint_for (int code)
{
  switch (code & 0xff)
    {
      case SQLITE_FULL:
        return _ ("free space on the disk that holds the catalog");
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return _ ("another program is using the catalog; close it and try again");
      case SQLITE_READONLY:
      case SQLITE_PERM:
      case SQLITE_CANTOPEN:
      case SQLITE_AUTH:
        return _ ("check that the catalog file and its folder are writable");
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return _ ("the catalog file is damaged; restore it from a backup or move it away");
      case SQLITE_IOERR:
        return _ ("check the disk that holds the catalog");
      default:
        return NULL;
    }
}

void
sl_catalog_set_error (sqlite3 *db, const char *what, GError **error)
{
  int code = sqlite3_extended_errcode (db);
  const char *hint = hint_for (code);

  if (hint != NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_CATALOG, _ ("%s (%s); %s."), what, sqlite3_errmsg (db),
                 hint);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_CATALOG, _ ("%s (%s)."), what, sqlite3_errmsg (db));
}

sqlite3_stmt *
sl_catalog_prepare (sqlite3 *db, const char *sql, const char *what, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sl_catalog_set_error (db, what, error);
      return NULL;
    }
  return stmt;
}

gboolean
sl_catalog_exec (sqlite3 *db, const char *sql, const char *what, GError **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_catalog_step_done (
    sqlite3 *db, sqlite3_stmt *stmt, const char *what, const char *exists_message, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  if (exists_message != NULL &&
      (rc == SQLITE_CONSTRAINT_UNIQUE || sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_UNIQUE))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_EXISTS, exists_message);
      return FALSE;
    }
  sl_catalog_set_error (db, what, error);
  return FALSE;
}

gboolean
sl_catalog_step_insert (sqlite3 *db,
                        sqlite3_stmt *stmt,
                        const char *what,
                        const char *exists_message,
                        gint64 *id,
                        GError **error)
{
  if (!sl_catalog_step_done (db, stmt, what, exists_message, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

gboolean
sl_catalog_exec_with_id (sqlite3 *db, const char *sql, gint64 id, const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sl_catalog_prepare (db, sql, what, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return sl_catalog_step_done (db, stmt, what, NULL, error);
}

gboolean
sl_catalog_step_int64 (
    sqlite3 *db, sqlite3_stmt *stmt, const char *what, gint64 *number, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  *number = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
sl_catalog_read_rows (sqlite3 *db,
                      sqlite3_stmt *stmt,
                      SlCatalogRowFunc read_row,
                      GDestroyNotify row_free,
                      const char *what,
                      GError **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      sl_catalog_set_error (db, what, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gboolean
sl_catalog_list_rows (sqlite3 *db,
                      const char *sql,
                      SlCatalogRowFunc read_row,
                      GDestroyNotify row_free,
                      const char *what,
                      SlCatalogValue *value,
                      GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sl_catalog_prepare (db, sql, what, error);

  return stmt != NULL &&
         sl_catalog_value_take_rows (
             value, sl_catalog_read_rows (db, stmt, read_row, row_free, what, error));
}

gboolean
sl_catalog_begin (sqlite3 *db, const char *what, GError **error)
{
  return sl_catalog_exec (db, "BEGIN IMMEDIATE", what, error);
}

gboolean
sl_catalog_end (sqlite3 *db, gboolean ok, const char *what, GError **error)
{
  if (ok)
    {
      if (sl_catalog_exec (db, "COMMIT", what, error))
        return TRUE;
      /* A failed COMMIT (disk full, I/O error) may leave the transaction open. */
    }
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

char *
sl_catalog_column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

gint64
sl_catalog_subtract_clamped (gint64 a, gint64 b)
{
  if (b > 0 && a < G_MININT64 + b)
    return G_MININT64;
  if (b < 0 && a > G_MAXINT64 + b)
    return G_MAXINT64;
  return a - b;
}

/* ---- Opening ------------------------------------------------------------ */

/* Runs a query returning one integer (a PRAGMA). */
static gboolean
query_int (sqlite3 *db, const char *sql, const char *what, gint64 *result, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sl_catalog_prepare (db, sql, what, error);

  return stmt != NULL && sl_catalog_step_int64 (db, stmt, what, result, error);
}

/* Refuses a database that is not a Sightline catalog, or one of a newer
 * Sightline, before anything is written to it. */
static gboolean
check_identity (sqlite3 *db, const char *display, GError **error)
{
  g_autofree char *what = g_strdup_printf (_ ("Cannot read the catalog '%s'"), display);
  gint64 version, application_id, tables;

  if (!query_int (db, "PRAGMA user_version", what, &version, error) ||
      !query_int (db, "PRAGMA application_id", what, &application_id, error) ||
      !query_int (db, "SELECT count(*) FROM sqlite_schema", what, &tables, error))
    return FALSE;

  if ((application_id != 0 && application_id != SL_CATALOG_APPLICATION_ID) ||
      (application_id == 0 && tables > 0))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CATALOG,
                   _ ("'%s' is not a Sightline catalog; move it away or choose another data "
                      "folder with --data-dir."),
                   display);
      return FALSE;
    }

  if (version > SL_CATALOG_SCHEMA_VERSION)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CATALOG,
                   _ ("The catalog '%s' was written by a newer version of Sightline (schema %d, "
                      "this version knows up to %d); install the newer version or choose "
                      "another data folder with --data-dir."),
                   display, (int)version, SL_CATALOG_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure (sqlite3 *db, const char *display, GError **error)
{
  g_autofree char *what = g_strdup_printf (_ ("Cannot set up the catalog '%s'"), display);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *mode;

  stmt = sl_catalog_prepare (db, "PRAGMA journal_mode = WAL", what, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  mode = (const char *)sqlite3_column_text (stmt, 0);
  /* Some file systems (network ones) cannot do WAL; SQLite then keeps the
   * rollback journal, which is slower but just as safe. */
  if (g_strcmp0 (mode, "wal") != 0)
    g_warning ("The catalog '%s' is not in WAL mode (journal mode '%s'); its file system "
               "may not support it",
               display, mode);

  /* synchronous=FULL syncs the WAL at every commit. The recorder commits a
   * few rows a minute per camera, so the cost is nil, and a power loss then
   * cannot lose the journal row of the segment being written (which would
   * leave up to a minute of video unindexed). */
  return sl_catalog_exec (db, "PRAGMA synchronous = FULL", what, error) &&
         sl_catalog_exec (db, "PRAGMA foreign_keys = ON", what, error);
}

static gboolean
migrate (sqlite3 *db, const char *display, GError **error)
{
  for (;;)
    {
      g_autofree char *what = NULL;
      g_autofree char *set_version = NULL;
      gint64 version;
      gboolean ok;

      what = g_strdup_printf (_ ("Cannot update the catalog '%s' to the current version"), display);
      if (!sl_catalog_begin (db, what, error))
        return FALSE;

      /* Read again inside the transaction: another process may have
       * migrated the file in the meantime. */
      ok = query_int (db, "PRAGMA user_version", what, &version, error);
      if (ok && version > SL_CATALOG_SCHEMA_VERSION)
        {
          sl_catalog_end (db, FALSE, what, NULL);
          return check_identity (db, display, error);
        }
      if (ok && version == SL_CATALOG_SCHEMA_VERSION)
        return sl_catalog_end (db, TRUE, what, error);

      if (ok)
        {
          g_debug ("Migrating '%s' from schema %d to %d", display, (int)version, (int)version + 1);
          set_version = g_strdup_printf ("PRAGMA user_version = %d", (int)version + 1);
          ok = sl_catalog_exec (db, migrations[version], what, error) &&
               sl_catalog_exec (db, set_version, what, error);
        }
      if (!sl_catalog_end (db, ok, what, error))
        return FALSE;
    }
}

sqlite3 *
sl_catalog_schema_open (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CATALOG,
                   _ ("Cannot open the catalog '%s' (%s); check that its folder exists and is "
                      "writable."),
                   display, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  /* Before the first read: another connection may hold a lock (closing the
   * last connection checkpoints the WAL under an exclusive lock). */
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (!check_identity (db, display, error) || !configure (db, display, error) ||
      !migrate (db, display, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  g_debug ("Opened the catalog '%s'", display);
  return db;
}
