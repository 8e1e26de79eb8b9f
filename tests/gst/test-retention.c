// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>

#include "recording-fixture.h"

/* Retention over real files and a real catalog: the oldest unlocked segments
 * go first, a locked bookmark keeps its range, per-camera retention removes
 * what is older than its days. */

#define MINUTE   ((gint64)60 * G_USEC_PER_SEC)
#define SEG_SIZE (100 * 1024)

static gint64
add_segment_file (DataDir *dir, const char *root, gint64 camera_id, gint64 start_us)
{
  g_autofree char *name =
      g_strdup_printf ("camera-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ".mkv", camera_id, start_us);
  g_autofree char *path = g_build_filename (root, name, NULL);
  g_autofree char *data = g_malloc0 (SEG_SIZE);
  SlSegment segment = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 open_id, id;

  open_id = sl_catalog_begin_segment (dir->catalog, camera_id, "main", path, start_us, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, data, SEG_SIZE, &error));
  segment.camera_id = camera_id;
  segment.stream = (char *)"main";
  segment.path = path;
  segment.start_us = start_us;
  segment.end_us = start_us + MINUTE;
  segment.bytes = SEG_SIZE;
  segment.frames = 900;
  segment.key_frames = 30;
  segment.codec = (char *)"h264";
  id = sl_catalog_add_segment (dir->catalog, open_id, &segment, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_camera (DataDir *dir, const char *name, int retention_days)
{
  SlCameraRecord record = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id;

  record.name = (char *)name;
  record.driver = (char *)"rtsp";
  record.main_url = (char *)"rtsp://127.0.0.1:9/axis-media/media.amp";
  record.enabled = FALSE; /* retention runs without recording */
  record.retention_days = retention_days;
  id = sl_catalog_add_camera (dir->catalog, &record, &error);
  g_assert_no_error (error);
  return id;
}

/* The folder "recordings" of @dir as its storage root, with a size cap. */
static char *
add_storage_root (DataDir *dir, gint64 max_bytes, gint64 *root_id)
{
  char *root = g_build_filename (dir->data_dir, "recordings", NULL);
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_mkdir_with_parents (root, 0750);
  id = sl_catalog_add_storage_root (dir->catalog, root, max_bytes, 0, &error);
  g_assert_no_error (error);
  if (root_id != NULL)
    *root_id = id;
  return root;
}

static void
test_size_cap_keeps_locked (Recording *f, gconstpointer data)
{
  DataDir *dir = f->dir;
  g_autofree char *root = NULL;
  g_autoptr (GPtrArray) left = NULL;
  g_autoptr (GPtrArray) garbage = NULL;
  g_autoptr (GError) error = NULL;
  SlBookmark bookmark = { 0 };
  gint64 t0 = g_get_real_time () - 60 * MINUTE;
  gint64 camera, segments[6];
  gint64 root_id;

  /* Room for three and a half segments, and no free-space rule. */
  root = add_storage_root (dir, 3 * SEG_SIZE + SEG_SIZE / 2, &root_id);
  camera = add_camera (dir, "Gate", 0);
  for (guint i = 0; i < 6; i++)
    segments[i] = add_segment_file (dir, root, camera, t0 + i * MINUTE);

  /* A locked bookmark in the oldest segment protects 150 s around it:
   * segments 0, 1 and 2. */
  bookmark.camera_id = camera;
  bookmark.start_us = t0 + 10 * G_USEC_PER_SEC;
  bookmark.end_us = t0 + 20 * G_USEC_PER_SEC;
  bookmark.name = (char *)"Evidence";
  bookmark.locked = TRUE;
  sl_catalog_add_bookmark (dir->catalog, &bookmark, &error);
  g_assert_no_error (error);

  g_assert_true (sl_recorder_start (f->recorder, &error));
  g_assert_no_error (error);
  /* Start runs retention in the background; once a pass has run (this one,
   * or that one first), another finds nothing left to delete. */
  sl_recorder_apply_retention (f->recorder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_recorder_apply_retention (f->recorder, &error), ==, 0);
  g_assert_no_error (error);
  stop_recorder (f->recorder);

  left = sl_catalog_list_all_segments (dir->catalog, &error);
  g_assert_cmpuint (left->len, ==, 3);
  for (guint i = 0; i < 6; i++)
    {
      gboolean kept = FALSE;

      for (guint j = 0; j < left->len; j++)
        kept |= ((SlSegment *)left->pdata[j])->id == segments[i];
      /* The locked range stays; the newest unlocked ones had to go. */
      g_assert_cmpint (kept, ==, i < 3);
    }
  for (guint j = 0; j < left->len; j++)
    g_assert_true (g_file_test (((SlSegment *)left->pdata[j])->path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sl_catalog_get_storage_bytes (dir->catalog, root_id, &error), ==, 3 * SEG_SIZE);
  garbage = sl_catalog_list_garbage (dir->catalog, &error);
  g_assert_cmpuint (garbage->len, ==, 0);
}

/* Storage over its cap on every segment: retention deletes all it may. A
 * locked moment keeps the segments within 2.5 minutes either side of it and
 * its neighbours go; an unlocked bookmark keeps nothing; unlocking the
 * locked one (as the bookmark dialog does) releases its range. */
static void
test_locked_bookmark_keeps_range (Recording *f, gconstpointer data)
{
  DataDir *dir = f->dir;
  g_autofree char *root = NULL;
  g_autoptr (GPtrArray) left = NULL;
  g_autoptr (GPtrArray) after_unlock = NULL;
  g_autoptr (SlBookmark) locked = NULL;
  g_autoptr (GError) error = NULL;
  SlBookmark bookmark = { 0 };
  gint64 t0 = g_get_real_time () - 60 * MINUTE;
  gint64 camera, segments[10], locked_id;

  root = add_storage_root (dir, 1, NULL);
  camera = add_camera (dir, "Gate", 0);
  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    segments[i] = add_segment_file (dir, root, camera, t0 + i * MINUTE);

  /* Unlocked, in segment 1: protects nothing. */
  bookmark.camera_id = camera;
  bookmark.start_us = bookmark.end_us = t0 + MINUTE + 30 * G_USEC_PER_SEC;
  bookmark.name = (char *)"Passer-by";
  sl_catalog_add_bookmark (dir->catalog, &bookmark, &error);
  g_assert_no_error (error);
  /* Locked, at 5:30: [3:00, 8:00] must stay, so segments 3 to 7. */
  bookmark.start_us = bookmark.end_us = t0 + 5 * MINUTE + 30 * G_USEC_PER_SEC;
  bookmark.name = (char *)"Break-in";
  bookmark.locked = TRUE;
  locked_id = sl_catalog_add_bookmark (dir->catalog, &bookmark, &error);
  g_assert_no_error (error);

  g_assert_true (sl_recorder_start (f->recorder, &error));
  sl_recorder_apply_retention (f->recorder, &error);
  g_assert_no_error (error);

  left = sl_catalog_list_all_segments (dir->catalog, &error);
  g_assert_cmpuint (left->len, ==, 5);
  for (guint j = 0; j < left->len; j++)
    {
      SlSegment *segment = left->pdata[j];

      g_assert_cmpint (segment->id, ==, segments[3 + j]);
      g_assert_true (g_file_test (segment->path, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf (
          "camera-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ".mkv", camera, t0 + i * MINUTE);
      g_autofree char *path = g_build_filename (root, name, NULL);

      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  locked = sl_catalog_get_bookmark (dir->catalog, locked_id, &error);
  g_assert_no_error (error);
  locked->locked = FALSE;
  g_assert_true (sl_catalog_update_bookmark (dir->catalog, locked, &error));
  sl_recorder_apply_retention (f->recorder, &error);
  g_assert_no_error (error);
  stop_recorder (f->recorder);
  after_unlock = sl_catalog_list_all_segments (dir->catalog, &error);
  g_assert_cmpuint (after_unlock->len, ==, 0);
}

static void
test_retention_days (Recording *f, gconstpointer data)
{
  DataDir *dir = f->dir;
  g_autoptr (GPtrArray) left = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 week = add_camera (dir, "Week", 7);
  gint64 forever = add_camera (dir, "Forever", 0);
  g_autofree char *root = add_storage_root (dir, 0, NULL);
  gint64 old_week, new_week, old_forever;

  old_week = add_segment_file (dir, root, week, now - (gint64)8 * 24 * 60 * MINUTE);
  new_week = add_segment_file (dir, root, week, now - (gint64)6 * 24 * 60 * MINUTE);
  old_forever = add_segment_file (dir, root, forever, now - (gint64)30 * 24 * 60 * MINUTE);

  g_assert_true (sl_recorder_start (f->recorder, &error));
  stop_recorder (f->recorder);

  left = sl_catalog_list_all_segments (dir->catalog, &error);
  g_assert_cmpuint (left->len, ==, 2);
  for (guint j = 0; j < left->len; j++)
    {
      gint64 id = ((SlSegment *)left->pdata[j])->id;

      g_assert_true (id == new_week || id == old_forever);
      g_assert_cmpint (id, !=, old_week);
    }
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  /* Retention needs no camera that sends: no simulator. */
  recording_test_add ("/retention/size-cap-keeps-locked", NULL, test_size_cap_keeps_locked);
  recording_test_add ("/retention/locked-bookmark-keeps-range", NULL,
                      test_locked_bookmark_keeps_range);
  recording_test_add ("/retention/days", NULL, test_retention_days);
  return g_test_run ();
}
