// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <stdlib.h>

#include "export-fixture.h"

/* Four cameras recorded for about 150 s: closed segments cover the run
 * without holes, every file plays, and the time strips burnt into the frames
 * agree with the catalog's times. Since one-minute segments are there, a
 * 60 s range across a boundary is exported and played too (test-export
 * checks the rest of exports over a short recording). */

#define N_CAMERAS       4
#define FRAME_INTERVAL  (G_USEC_PER_SEC / 15)
#define STRIP_TOLERANCE 100 /* ms */
#define GOP_US          (2 * G_USEC_PER_SEC)
#define RANGE_US        (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static const char *const args[] = {
  "--cameras", "4", "--username", "root", "--password", "pass", NULL,
};

static int
compare_start (gconstpointer a, gconstpointer b)
{
  const SlSegment *x = *(SlSegment **)a, *y = *(SlSegment **)b;

  return x->start_us < y->start_us ? -1 : x->start_us > y->start_us;
}

/* Exports 60 s of camera @camera_id ending 3 s after the start of its third
 * segment (the first one may be short) and checks the file. */
static void
export_minute (DataDir *dir, gint64 camera_id)
{
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlExport) export = NULL;
  g_autofree char *output = g_build_filename (dir->data_dir, "export", NULL);
  g_autofree char *path = NULL;
  g_auto (GStrv) files = NULL;
  ExportWait wait = { 0 };
  gint64 from_us, to_us;

  g_assert_true (
      sl_catalog_query_timeline (dir->catalog, camera_id, 0, G_MAXINT64, &segments, &gaps, &error));
  g_assert_no_error (error);
  if (segments->len < 3)
    {
      g_test_message ("Too short a run for a 60 s export across a boundary");
      return;
    }
  g_ptr_array_sort (segments, compare_start);
  to_us = ((SlSegment *)segments->pdata[2])->start_us + 3 * G_USEC_PER_SEC;
  from_us = to_us - RANGE_US;
  g_assert_cmpint (from_us, >, ((SlSegment *)segments->pdata[1])->start_us);

  export = sl_export_new (dir->catalog, dir->credentials, output, SL_EXPORT_FORMAT_MKV);
  sl_export_add_range (export, camera_id, from_us, to_us);
  run_export (export, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  /* Closed one-minute segments: the clusters are copied (the fast path). */
  g_assert_cmpuint (sl_export_get_n_copied (export), ==, 1);
  files = sl_export_dup_files (export);
  g_assert_true (g_str_has_suffix (files[0], ".mkv"));
  path = g_build_filename (output, files[0], NULL);
  check_exported_range (path, from_us, to_us, GOP_US, FRAME_INTERVAL);
}

static void
test_four_cameras (Recording *f, gconstpointer data)
{
  DataDir *dir = f->dir;
  g_autoptr (GError) error = NULL;
  const char *seconds_text = g_getenv ("SL_TEST_RECORD_SECONDS");
  double seconds = seconds_text ? g_ascii_strtod (seconds_text, NULL) : 150;
  gint64 ids[N_CAMERAS], started_us, stopped_us;

  for (guint i = 0; i < N_CAMERAS; i++)
    ids[i] = data_dir_add_camera (dir, f->sim, i, "sub", "pass");

  started_us = g_get_real_time ();
  start_recorder (f->recorder, ids[0], SL_CAMERA_STATE_RECORDING, 15000);
  for (guint i = 1; i < N_CAMERAS; i++)
    g_assert_true (
        wait_for_state (find_camera (f->recorder, ids[i]), SL_CAMERA_STATE_RECORDING, 15000));
  run_for (seconds);
  stopped_us = g_get_real_time ();
  stop_recorder (f->recorder);

  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autoptr (GPtrArray) segments = NULL;
      g_autoptr (GPtrArray) gaps = NULL;
      g_autoptr (GPtrArray) open = sl_catalog_list_open_segments (dir->catalog, &error);
      gint64 previous_end = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (open->len, ==, 0);
      g_assert_true (sl_catalog_query_timeline (dir->catalog, ids[i], 0, G_MAXINT64, &segments,
                                                &gaps, &error));
      g_assert_no_error (error);
      g_ptr_array_sort (segments, compare_start);
      g_test_message ("Camera %u: %u segments, %u gaps", i + 1, segments->len, gaps->len);
      g_assert_cmpuint (segments->len, >=, (guint)(seconds / 60));
      g_assert_cmpuint (gaps->len, ==, 0);

      for (guint s = 0; s < segments->len; s++)
        {
          SlSegment *row = segments->pdata[s];
          g_autoptr (SlSegment) segment = sl_catalog_get_segment (dir->catalog, row->id, &error);
          gint64 first_ms, last_ms;
          guint frames;

          g_assert_no_error (error);
          /* Contiguous: the next segment starts where the previous ended. */
          if (previous_end)
            g_assert_cmpint (ABS (segment->start_us - previous_end), <, FRAME_INTERVAL);
          previous_end = segment->end_us;

          /* Playable, with the frames the catalog counted, whose capture
           * times match the catalog's start and end. */
          frames = read_segment_strips (segment->path, &first_ms, &last_ms);
          g_assert_cmpuint (frames, >, 0);
          g_assert_cmpint (frames, ==, segment->frames);
          g_assert_cmpint (first_ms, >, 0);
          g_test_message ("  %s: %" G_GINT64_FORMAT " frames, start %+" G_GINT64_FORMAT
                          " ms, end %+" G_GINT64_FORMAT " ms against the time strips",
                          segment->path, segment->frames, segment->start_us / 1000 - first_ms,
                          (segment->end_us - FRAME_INTERVAL) / 1000 - last_ms);
          g_assert_cmpint (ABS (segment->start_us / 1000 - first_ms), <=, STRIP_TOLERANCE);
          g_assert_cmpint (ABS ((segment->end_us - FRAME_INTERVAL) / 1000 - last_ms), <=,
                           STRIP_TOLERANCE);
        }

      /* The union covers the run: from the first key frame after the start
       * to the stop. */
      g_assert_cmpint (((SlSegment *)segments->pdata[0])->start_us - started_us, <,
                       5 * G_USEC_PER_SEC);
      g_assert_cmpint (stopped_us - previous_end, <, 2 * G_USEC_PER_SEC);
    }

  export_minute (dir, ids[0]);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  recording_test_add ("/gst/record/four-cameras", args, test_four_cameras);
  return g_test_run ();
}
