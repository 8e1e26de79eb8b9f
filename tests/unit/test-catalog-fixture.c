// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>

#include "test-catalog-fixture.h"

void
remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sl-catalog-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, SL_CATALOG_FILE_NAME, NULL);
  fixture->catalog = sl_catalog_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->catalog);
}

void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->catalog);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A second connection, as another process would have. */
sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

gint64
raw_int (sqlite3 *db, const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

char *
raw_text (sqlite3 *db, const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

SlCameraRecord
camera_template (const char *name)
{
  SlCameraRecord camera = {
    .name = (char *)name,
    .driver = (char *)"rtsp",
    .main_url = (char *)"rtsp://192.0.2.10/main",
    .sub_url = (char *)"rtsp://192.0.2.10/sub",
    .enabled = TRUE,
    .retention_days = 30,
    .transport = SL_TRANSPORT_TCP,
  };

  return camera;
}

gint64
add_camera (SlCatalog *catalog, const char *name, gint64 storage_id)
{
  g_autoptr (GError) error = NULL;
  SlCameraRecord camera = camera_template (name);
  gint64 id;

  camera.storage_id = storage_id;
  id = sl_catalog_add_camera (catalog, &camera, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
add_segment (SlCatalog *catalog, gint64 camera_id, const char *stream, gint64 start, gint64 end)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/recordings/%" G_GINT64_FORMAT "/%s-%" G_GINT64_FORMAT
                                           "-%" G_GINT64_FORMAT ".mkv",
                                           camera_id, stream, start, end);
  SlSegment segment = {
    .camera_id = camera_id,
    .stream = (char *)stream,
    .start_us = start,
    .end_us = end,
    .path = path,
    .bytes = 1000,
    .frames = 1500,
    .key_frames = 60,
    .type = SL_RECORDING_CONTINUOUS,
    .codec = (char *)"h264",
    .width = 1920,
    .height = 1080,
  };
  gint64 id = sl_catalog_add_segment (catalog, 0, &segment, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}
