// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "sl-error.h"
#include "test-catalog-fixture.h"

/* What playback asks the catalog (sl-catalog-playback.c): the segment to play
 * at a time, where recordings start, the nearest event. One camera with two
 * touching main segments, a gap, one more, and a sub-stream segment in the
 * gap that playback must ignore. */

static gint64
add_recordings (SlCatalog *catalog)
{
  gint64 camera = add_camera (catalog, "Gate", 0);

  add_segment (catalog, camera, "main", T0, T0 + MINUTE);
  add_segment (catalog, camera, "main", T0 + MINUTE, T0 + 2 * MINUTE);
  add_segment (catalog, camera, "sub", T0 + 3 * MINUTE, T0 + 4 * MINUTE);
  add_segment (catalog, camera, "main", T0 + 5 * MINUTE, T0 + 6 * MINUTE);
  return camera;
}

static gint64
start_at (SlCatalog *catalog, gint64 camera, gint64 time_us)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSegment) segment =
      sl_catalog_find_playback_segment (catalog, camera, time_us, &error);

  g_assert_no_error (error);
  g_assert_nonnull (segment->path);
  g_assert_cmpstr (segment->stream, ==, "main");
  return segment->start_us;
}

static void
test_playback_segment (Fixture *f, gconstpointer data)
{
  gint64 camera = add_recordings (f->catalog);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSegment) open = NULL;
  g_autoptr (SlSegment) none = NULL;

  /* At a time: the segment recorded then; its end belongs to the next. */
  g_assert_cmpint (start_at (f->catalog, camera, T0 + 30 * SECOND), ==, T0);
  g_assert_cmpint (start_at (f->catalog, camera, T0 + MINUTE), ==, T0 + MINUTE);
  /* In the gap (with a sub-stream segment in it): the next main one. */
  g_assert_cmpint (start_at (f->catalog, camera, T0 + 3 * MINUTE + SECOND), ==, T0 + 5 * MINUTE);
  g_assert_cmpint (start_at (f->catalog, camera, T0 - DAY), ==, T0);

  /* After the last one: nothing... */
  none = sl_catalog_find_playback_segment (f->catalog, camera, T0 + 7 * MINUTE, &error);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  /* ...unless a segment is being written: it grows, so it has no end. */
  sl_catalog_begin_segment (f->catalog, camera, "main", "/recordings/open.mkv", T0 + 8 * MINUTE,
                            &error);
  g_assert_no_error (error);
  open = sl_catalog_find_playback_segment (f->catalog, camera, T0 + 7 * MINUTE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (open->id, ==, 0);
  g_assert_cmpint (open->start_us, ==, T0 + 8 * MINUTE);
  g_assert_cmpint (open->end_us, ==, G_MAXINT64);
  g_assert_cmpstr (open->path, ==, "/recordings/open.mkv");
}

static gint64
recording_start (SlCatalog *catalog, gint64 camera, gint64 time_us, gboolean forward)
{
  g_autoptr (GError) error = NULL;
  gint64 start = sl_catalog_find_recording_start (catalog, camera, time_us, forward, &error);

  if (start == 0)
    g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  return start;
}

static void
test_recording_start (Fixture *f, gconstpointer data)
{
  gint64 camera = add_recordings (f->catalog);

  /* The two touching segments are one recording. */
  g_assert_cmpint (recording_start (f->catalog, camera, T0 + 90 * SECOND, FALSE), ==, T0);
  g_assert_cmpint (recording_start (f->catalog, camera, T0 + 5 * MINUTE + SECOND, FALSE), ==,
                   T0 + 5 * MINUTE);
  g_assert_cmpint (recording_start (f->catalog, camera, T0 + 5 * MINUTE, FALSE), ==,
                   T0 + 5 * MINUTE);
  g_assert_cmpint (recording_start (f->catalog, camera, T0 - SECOND, FALSE), ==, 0);
  g_assert_cmpint (recording_start (f->catalog, camera, T0, TRUE), ==, T0 + 5 * MINUTE);
  g_assert_cmpint (recording_start (f->catalog, camera, T0 - DAY, TRUE), ==, T0);
  g_assert_cmpint (recording_start (f->catalog, camera, T0 + 5 * MINUTE, TRUE), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/catalog/playback/segment", test_playback_segment);
  ADD ("/catalog/playback/recording-start", test_recording_start);
  return g_test_run ();
}
