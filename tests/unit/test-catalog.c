// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>

#include "sl-catalog-private.h"
#include "sl-error.h"
#include "test-catalog-fixture.h"

/* The catalog on real SQLite files in temporary folders: opening, cameras,
 * storage roots and names. The recording side is in test-catalog-recordings.c,
 * the shared fixture and helpers in test-catalog-fixture.c. */

/* ---- Opening ------------------------------------------------------------ */

static void
test_open_creates_schema (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = raw_open (fixture->path);
  g_autofree char *mode = raw_text (db, "PRAGMA journal_mode");

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (sl_catalog_get_path (fixture->catalog), ==, fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, SL_CATALOG_SCHEMA_VERSION);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name "
                                "IN ('storage_roots', 'devices', 'cameras', 'streams', "
                                "'segments', 'open_segments', 'gaps', 'events', 'bookmarks', "
                                "'logs', 'garbage')"),
                   ==, 11);
  sqlite3_close (db);
}

static void
test_open_reopen (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  sqlite3 *db;
  gint64 tables;

  add_camera (fixture->catalog, "Gate", 0);
  g_clear_object (&fixture->catalog);

  db = raw_open (fixture->path);
  tables = raw_int (db, "SELECT count(*) FROM sqlite_schema");
  sqlite3_close (db);

  fixture->catalog = sl_catalog_open (fixture->path, &error);
  g_assert_no_error (error);
  cameras = sl_catalog_list_cameras (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 1);

  db = raw_open (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema"), ==, tables);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, SL_CATALOG_SCHEMA_VERSION);
  sqlite3_close (db);
}

static void
test_open_newer_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCatalog) catalog = NULL;
  sqlite3 *db;

  g_clear_object (&fixture->catalog);
  db = raw_open (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  catalog = sl_catalog_open (fixture->path, &error);
  g_assert_null (catalog);
  g_assert_error (error, SL_ERROR, SL_ERROR_CATALOG);
  g_assert_nonnull (strstr (error->message, "newer version of Sightline"));
  g_assert_nonnull (strstr (error->message, fixture->path));

  /* Nothing was written to it. */
  db = raw_open (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 99);
  sqlite3_close (db);
}

static void
test_open_foreign_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-catalog-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "catalog.db", NULL);
  SlCatalog *catalog;
  sqlite3 *db;

  g_assert_true (g_file_set_contents (junk, "this is not a database, not at all", -1, NULL));
  catalog = sl_catalog_open (junk, &error);
  g_assert_null (catalog);
  g_assert_error (error, SL_ERROR, SL_ERROR_CATALOG);
  g_clear_error (&error);

  db = raw_open (other);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (text)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  catalog = sl_catalog_open (other, &error);
  g_assert_null (catalog);
  g_assert_error (error, SL_ERROR, SL_ERROR_CATALOG);
  g_assert_nonnull (strstr (error->message, "is not a Sightline catalog"));
  g_clear_error (&error);

  catalog = sl_catalog_open (missing, &error);
  g_assert_null (catalog);
  g_assert_error (error, SL_ERROR, SL_ERROR_CATALOG);
  g_assert_nonnull (strstr (error->message, "folder exists"));

  remove_tree (dir);
}

/* ---- Configuration ------------------------------------------------------ */

static void
test_cameras (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (SlCameraRecord) found = NULL;
  g_autoptr (SlCameraRecord) by_id = NULL;
  g_autofree char *id_text = NULL;
  SlCameraRecord camera = camera_template ("Gate");
  gint64 gate, yard;

  camera.address = (char *)"192.0.2.10";
  camera.username = (char *)"root";
  camera.model = (char *)"P1448-LE";
  camera.serial = (char *)"ACCC8E000001";
  gate = sl_catalog_add_camera (fixture->catalog, &camera, &error);
  g_assert_no_error (error);
  yard = add_camera (fixture->catalog, "Yard", 0);
  g_assert_cmpint (yard, !=, gate);

  /* Names are unique whatever their case. */
  camera.name = (char *)"GATE";
  g_assert_cmpint (sl_catalog_add_camera (fixture->catalog, &camera, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "A camera named 'GATE' already exists");
  g_clear_error (&error);

  camera.name = (char *)"  ";
  g_assert_cmpint (sl_catalog_add_camera (fixture->catalog, &camera, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  found = sl_catalog_find_camera (fixture->catalog, "gAtE", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, gate);
  g_assert_cmpstr (found->name, ==, "Gate");
  g_assert_cmpstr (found->driver, ==, "rtsp");
  g_assert_cmpstr (found->address, ==, "192.0.2.10");
  g_assert_cmpstr (found->username, ==, "root");
  g_assert_cmpstr (found->model, ==, "P1448-LE");
  g_assert_cmpstr (found->serial, ==, "ACCC8E000001");
  g_assert_cmpstr (found->main_url, ==, "rtsp://192.0.2.10/main");
  g_assert_cmpstr (found->sub_url, ==, "rtsp://192.0.2.10/sub");
  g_assert_true (found->enabled);
  g_assert_cmpint (found->retention_days, ==, 30);
  g_assert_cmpint (found->storage_id, ==, 0);
  g_assert_cmpint (found->transport, ==, SL_TRANSPORT_TCP);

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, yard);
  by_id = sl_catalog_find_camera (fixture->catalog, id_text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_id->name, ==, "Yard");

  g_assert_null (sl_catalog_find_camera (fixture->catalog, "Garage", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No camera named 'Garage'");
  g_clear_error (&error);

  /* Update: rename, drop the sub stream, change settings. */
  g_free (found->name);
  found->name = g_strdup ("Front gate");
  g_clear_pointer (&found->sub_url, g_free);
  found->enabled = FALSE;
  found->transport = SL_TRANSPORT_UDP_THEN_TCP;
  found->storage_id = 7;
  g_assert_true (sl_catalog_update_camera (fixture->catalog, found, &error));
  g_assert_no_error (error);
  {
    g_autoptr (SlCameraRecord) again =
        sl_catalog_find_camera (fixture->catalog, "front GATE", &error);

    g_assert_no_error (error);
    g_assert_cmpint (again->id, ==, gate);
    g_assert_null (again->sub_url);
    g_assert_false (again->enabled);
    g_assert_cmpint (again->transport, ==, SL_TRANSPORT_UDP_THEN_TCP);
    g_assert_cmpint (again->storage_id, ==, 7);
  }

  /* Renaming onto another camera's name fails and changes nothing. */
  g_free (found->name);
  found->name = g_strdup ("yard");
  g_assert_false (sl_catalog_update_camera (fixture->catalog, found, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_clear_error (&error);

  cameras = sl_catalog_list_cameras (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 2);
  g_assert_cmpstr (((SlCameraRecord *)cameras->pdata[0])->name, ==, "Front gate");
  g_assert_cmpstr (((SlCameraRecord *)cameras->pdata[1])->name, ==, "Yard");

  g_assert_true (sl_catalog_remove_camera (fixture->catalog, gate, &error));
  g_assert_no_error (error);
  g_assert_false (sl_catalog_remove_camera (fixture->catalog, gate, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&cameras, g_ptr_array_unref);
  cameras = sl_catalog_list_cameras (fixture->catalog, &error);
  g_assert_cmpuint (cameras->len, ==, 1);

  /* Its name is free again; the device and streams went with it. */
  add_camera (fixture->catalog, "Gate", 0);
  {
    sqlite3 *db = raw_open (fixture->path);

    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM devices"), ==, 2);
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM streams"), ==, 4);
    sqlite3_close (db);
  }
}

static void
test_storage_roots (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  SlStorageRoot *root;
  gint64 first, second;

  first = sl_catalog_add_storage_root (fixture->catalog, "/srv/video", 0, 5, &error);
  g_assert_no_error (error);
  second = sl_catalog_add_storage_root (fixture->catalog, "/mnt/nas", 1000000, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);

  g_assert_cmpint (sl_catalog_add_storage_root (fixture->catalog, "/srv/video", 0, 5, &error), ==,
                   0);
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "/srv/video"));
  g_clear_error (&error);

  g_assert_cmpint (sl_catalog_add_storage_root (fixture->catalog, "video", 0, 5, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  roots = sl_catalog_list_storage_roots (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roots->len, ==, 2);
  root = roots->pdata[1];
  g_assert_cmpint (root->id, ==, second);
  g_assert_cmpstr (root->path, ==, "/mnt/nas");
  g_assert_cmpint (root->max_bytes, ==, 1000000);
  g_assert_cmpfloat (root->min_free_percent, ==, 10);

  root->max_bytes = 2000000;
  g_assert_true (sl_catalog_update_storage_root (fixture->catalog, root, &error));
  g_assert_no_error (error);
  g_free (root->path);
  root->path = g_strdup ("/srv/video");
  g_assert_false (sl_catalog_update_storage_root (fixture->catalog, root, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_clear_error (&error);
  root->id = 999;
  g_assert_false (sl_catalog_update_storage_root (fixture->catalog, root, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&roots, g_ptr_array_unref);
  roots = sl_catalog_list_storage_roots (fixture->catalog, &error);
  g_assert_cmpint (((SlStorageRoot *)roots->pdata[1])->max_bytes, ==, 2000000);
  g_assert_cmpstr (((SlStorageRoot *)roots->pdata[1])->path, ==, "/mnt/nas");
}

/* ---- Names -------------------------------------------------------------- */

static void
test_names (void)
{
  SlGapReason reason;
  SlTransport transport;
  SlRecordingType type;
  SlLogKind kind;

  for (int i = SL_GAP_CONNECTION_LOST; i <= SL_GAP_OUTSIDE_SCHEDULE; i++)
    {
      g_assert_true (sl_gap_reason_from_string (sl_gap_reason_to_string (i), &reason));
      g_assert_cmpint (reason, ==, i);
      g_assert_nonnull (sl_gap_reason_describe (i));
    }
  for (int i = SL_TRANSPORT_TCP_THEN_UDP; i <= SL_TRANSPORT_UDP; i++)
    {
      g_assert_true (sl_transport_from_string (sl_transport_to_string (i), &transport));
      g_assert_cmpint (transport, ==, i);
    }
  for (int i = SL_RECORDING_CONTINUOUS; i <= SL_RECORDING_RULE; i++)
    {
      g_assert_true (sl_recording_type_from_string (sl_recording_type_to_string (i), &type));
      g_assert_cmpint (type, ==, i);
    }
  for (int i = SL_LOG_ALARM; i <= SL_LOG_AUDIT; i++)
    {
      g_assert_true (sl_log_kind_from_string (sl_log_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_cmpstr (sl_gap_reason_to_string (SL_GAP_RECORDER_CRASHED), ==, "recorder-crashed");
  g_assert_cmpstr (sl_transport_to_string (SL_TRANSPORT_TCP_THEN_UDP), ==, "tcp-then-udp");
  g_assert_false (sl_transport_from_string ("carrier-pigeon", &transport));
  g_assert_false (sl_gap_reason_from_string (NULL, &reason));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/catalog/open/creates-schema", test_open_creates_schema);
  ADD ("/catalog/open/reopen", test_open_reopen);
  ADD ("/catalog/open/newer-refused", test_open_newer_refused);
  g_test_add_func ("/catalog/open/foreign-refused", test_open_foreign_refused);
  ADD ("/catalog/cameras", test_cameras);
  ADD ("/catalog/storage-roots", test_storage_roots);
  test_catalog_add_recordings_tests ();
  test_catalog_add_bookmarks_tests ();
  g_test_add_func ("/catalog/names", test_names);

  return g_test_run ();
}
