// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "sl-catalog.h"
#include "sl-credentials.h"
#include "sl-export.h"
#include "sl-segment-file.h"

/* The export half of tests/bench/export-throughput: indexes the segment
 * files given on the command line (in order, contiguous) into a new catalog
 * in DATA_DIR, exports their whole range to OUTPUT_DIR in FORMAT, and prints
 * "seconds bytes-read bytes-written path" for the export alone, path being
 * "copy" (the MKV or MP4 copy) or "remux". */

static gboolean done;
static gboolean ok;
static GError *error;

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ok = sl_export_run_finish (SL_EXPORT (source), result, &error);
  done = TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (SlCatalog) catalog = NULL;
  g_autoptr (SlCredentials) credentials = NULL;
  g_autoptr (SlExport) export = NULL;
  g_autofree char *catalog_path = NULL;
  g_auto (GStrv) files = NULL;
  SlCameraRecord camera = { 0 };
  SlExportFormat format;
  gint64 camera_id, start_us, first_us, began, elapsed, read_bytes = 0, written = 0;

  gst_init (&argc, &argv);
  if (argc < 5 || !sl_export_format_from_string (argv[3], &format))
    {
      g_printerr ("Usage: %s DATA_DIR OUTPUT_DIR mkv|mp4 SEGMENT...\n", argv[0]);
      return 2;
    }
  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  catalog_path = g_build_filename (argv[1], SL_CATALOG_FILE_NAME, NULL);
  catalog = sl_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  credentials = sl_credentials_new (argv[1]);

  camera.name = (char *)"Bench";
  camera.driver = (char *)"rtsp";
  camera.main_url = (char *)"rtsp://127.0.0.1:9/bench";
  camera_id = sl_catalog_add_camera (catalog, &camera, &error);
  g_assert_no_error (error);

  first_us = start_us = (g_get_real_time () / G_USEC_PER_SEC - 86400) * G_USEC_PER_SEC;
  for (int i = 4; i < argc; i++)
    {
      g_autoptr (SlSegment) segment = g_new0 (SlSegment, 1);
      g_autofree char *path = g_canonicalize_filename (argv[i], NULL);
      GStatBuf st;
      gint64 open_id;

      segment->camera_id = camera_id;
      segment->stream = g_strdup ("main");
      segment->path = g_strdup (path);
      segment->start_us = start_us;
      g_assert_true (sl_segment_file_inspect (segment, &error));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      segment->bytes = st.st_size;
      read_bytes += st.st_size;
      open_id = sl_catalog_begin_segment (catalog, camera_id, "main", path, start_us, &error);
      g_assert_no_error (error);
      sl_catalog_add_segment (catalog, open_id, segment, &error);
      g_assert_no_error (error);
      start_us = segment->end_us;
    }

  export = sl_export_new (catalog, credentials, argv[2], format);
  sl_export_add_range (export, camera_id, first_us, start_us);
  began = g_get_monotonic_time ();
  sl_export_run_async (export, NULL, export_done_cb, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - began;
  g_assert_no_error (error);
  g_assert_true (ok);

  files = sl_export_dup_files (export);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (argv[2], files[i], NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        written += st.st_size;
    }
  g_print ("%.3f %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n", elapsed / 1e6, read_bytes,
           written, sl_export_get_n_copied (export) > 0 ? "copy" : "remux");
  return 0;
}
