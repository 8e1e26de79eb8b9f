// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#include "playback-fixture.h"
#include "sl-error.h"
#include "sl-export.h"

/* Export over a real recording: camsim (640x360, 15 fps, a key frame every
 * 2 s, G.711 audio) recorded for a few seconds, its segment cut into pieces
 * of a few seconds as the recorder cuts its one-minute segments (audio
 * included), so that a range across several boundaries is exported to MKV
 * and MP4 without recording for minutes; each export is decoded to the end,
 * and its first and last frames' time strips compared with the range. Then
 * the signed manifest is verified, and tampered with. One recording serves
 * every test case. (A 60 s range over one-minute segments is exported in
 * test-record-long, which records minutes anyway.) */

#define RECORD_SECONDS 16
#define PIECE_SECONDS  4
#define RANGE_US       (G_GINT64_CONSTANT (10) * G_USEC_PER_SEC)
#define GOP_US         (G_GINT64_CONSTANT (2) * G_USEC_PER_SEC)
#define FRAME_US       (G_USEC_PER_SEC / 15)

static const char *const camsim_args[] = { "--username", "root", "--password", "pass", NULL };

typedef struct
{
  Camsim *sim;
  DataDir *dir;
  gint64 camera_id;
  gint64 from_us;
  gint64 to_us;
  char *work;
} Shared;

static Shared shared;

static void
record_once (void)
{
  g_autoptr (SlRecorder) recorder = NULL;
  g_autoptr (SlCameraRecord) record = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *owner = g_path_get_basename (g_get_prgname ());
  gint64 first_us = G_MAXINT64;
  guint n_boundaries = 0;

  if (shared.dir != NULL)
    return;

  shared.sim = camsim_start (camsim_args);
  shared.dir = data_dir_new ();
  shared.camera_id = data_dir_add_camera (shared.dir, shared.sim, 0, "sub", "pass");
  record = data_dir_get_camera (shared.dir, shared.camera_id);
  url = g_strconcat (record->main_url, "&audio=1", NULL);
  g_free (record->main_url);
  record->main_url = g_steal_pointer (&url);
  g_free (record->name);
  record->name = g_strdup ("Front gate: north/east");
  data_dir_update_camera (shared.dir, record);

  recorder = sl_recorder_new (shared.dir->data_dir, owner);
  record_for (recorder, shared.camera_id, RECORD_SECONDS);
  playback_split_segments (shared.dir, shared.camera_id, PIECE_SECONDS);

  segments = sl_catalog_list_all_segments (shared.dir->catalog, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < segments->len; i++)
    {
      const SlSegment *segment = segments->pdata[i];

      if (g_str_equal (segment->stream, "main"))
        first_us = MIN (first_us, segment->start_us);
    }

  /* From between two key frames of the first piece, across the next ones. */
  shared.from_us = first_us + GOP_US / 2 + G_USEC_PER_SEC;
  shared.to_us = shared.from_us + RANGE_US;
  for (guint i = 0; i < segments->len; i++)
    {
      const SlSegment *segment = segments->pdata[i];

      if (g_str_equal (segment->stream, "main") && segment->start_us > shared.from_us &&
          segment->start_us < shared.to_us)
        n_boundaries++;
    }
  g_assert_cmpuint (n_boundaries, >=, 2);
  shared.work = g_dir_make_tmp ("sl-export-XXXXXX", &error);
  g_assert_no_error (error);
}

/* ---- Running an export --------------------------------------------------- */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
  guint progress_updates;
  gint64 last_done;
  gint64 total;
  GCancellable *cancel_on_progress;
} ExportWait;

static void
progress_cb (SlExport *export, gint64 done_us, gint64 total_us, gpointer user_data)
{
  ExportWait *wait = user_data;

  g_assert_cmpint (done_us, >=, wait->last_done);
  g_assert_cmpint (done_us, <=, total_us);
  wait->progress_updates++;
  wait->last_done = done_us;
  wait->total = total_us;
  if (wait->cancel_on_progress != NULL)
    g_cancellable_cancel (wait->cancel_on_progress);
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ExportWait *wait = user_data;

  wait->ok = sl_export_run_finish (SL_EXPORT (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
export_finished (gpointer data)
{
  return ((ExportWait *)data)->done;
}

static void
run_export (SlExport *export, GCancellable *cancellable, ExportWait *wait)
{
  g_signal_connect (export, "progress", G_CALLBACK (progress_cb), wait);
  sl_export_run_async (export, cancellable, export_done_cb, wait);
  g_assert_true (wait_until (export_finished, wait, 60000));
}

static char *
export_range (SlExportFormat format, const char *notes)
{
  g_autofree char *dir = g_build_filename (shared.work, sl_export_format_to_string (format), NULL);
  g_autoptr (SlExport) export =
      sl_export_new (shared.dir->catalog, shared.dir->credentials, dir, format);
  g_auto (GStrv) files = NULL;
  ExportWait wait = { 0 };

  sl_export_add_range (export, shared.camera_id, shared.from_us, shared.to_us);
  sl_export_set_notes (export, notes);
  run_export (export, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  /* Progress reached the whole range, coalesced into a few updates. */
  g_assert_cmpuint (wait.progress_updates, >, 0);
  g_assert_cmpint (wait.last_done, ==, wait.total);
  g_assert_cmpfloat (sl_export_get_fraction (export), ==, 1.0);
  g_assert_nonnull (sl_export_get_fingerprint (export));

  files = sl_export_dup_files (export);
  g_assert_cmpuint (g_strv_length (files), ==, notes ? 4 : 3);
  g_assert_true (g_str_has_suffix (files[0], format == SL_EXPORT_FORMAT_MP4 ? ".mp4" : ".mkv"));
  /* The camera's name, made safe for any file system. */
  g_assert_true (g_str_has_prefix (files[0], "Front_gate__north_east_"));
  if (format == SL_EXPORT_FORMAT_MP4)
    {
      g_auto (GStrv) warnings = sl_export_dup_warnings (export);

      g_assert_cmpuint (g_strv_length (warnings), ==, 1);
      g_assert_nonnull (strstr (warnings[0], "audio/x-mulaw"));
    }
  return g_build_filename (dir, files[0], NULL);
}

/* ---- Looking at the result ----------------------------------------------- */

/* The audio of the Matroska file at @path: the time its buffers span and the
 * longest time between two of them. */
static guint
read_audio (const char *path, GstClockTime *span, GstClockTime *max_step)
{
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) pipeline = play_file (
      path, "matroskademux name=d d.audio_0 ! queue ! appsink name=sink sync=false", &sink);
  GstClockTime first = GST_CLOCK_TIME_NONE, previous = GST_CLOCK_TIME_NONE;
  guint count = 0;

  *span = *max_step = 0;
  for (;;)
    {
      g_autoptr (GstSample) sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
      GstBuffer *buffer;

      if (sample == NULL)
        break;
      buffer = gst_sample_get_buffer (sample);
      count++;
      g_assert_true (GST_BUFFER_PTS_IS_VALID (buffer));
      if (!GST_CLOCK_TIME_IS_VALID (first))
        first = GST_BUFFER_PTS (buffer);
      if (GST_CLOCK_TIME_IS_VALID (previous))
        *max_step = MAX (*max_step, GST_BUFFER_PTS (buffer) - previous);
      previous = GST_BUFFER_PTS (buffer);
      *span = previous - first;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return count;
}

static void
test_export_mkv (void)
{
  g_autofree char *path = NULL;
  GstClockTime audio_span, audio_step;
  guint n_audio;

  record_once ();
  path = export_range (SL_EXPORT_FORMAT_MKV, "Handed to the police, case 2026-114.");
  check_exported_range (path, shared.from_us, shared.to_us, GOP_US, FRAME_US);
  /* Matroska keeps the G.711 audio, across the boundaries of the pieces. */
  n_audio = read_audio (path, &audio_span, &audio_step);
  g_test_message ("%u audio buffers over %.3f s, at most %.3f s apart", n_audio, audio_span / 1e9,
                  audio_step / 1e9);
  g_assert_cmpuint (n_audio, >, RANGE_US / G_USEC_PER_SEC);
  g_assert_cmpuint (audio_span / 1000, >=, RANGE_US - G_USEC_PER_SEC);
  g_assert_cmpuint (audio_step, <, GST_SECOND / 2);
}

static void
test_export_mp4 (void)
{
  g_autofree char *path = NULL;

  record_once ();
  path = export_range (SL_EXPORT_FORMAT_MP4, NULL);
  check_exported_range (path, shared.from_us, shared.to_us, GOP_US, FRAME_US);
}

/* ---- Verification -------------------------------------------------------- */

/* Verifies @dir; with @kind >= 0 expects exactly one problem of that kind
 * naming @file, else none. */
static void
expect_verify (const char *dir, int kind, const char *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr (GPtrArray) problems = sl_export_verify (dir, &fingerprint, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", ((SlExportProblem *)problems->pdata[i])->message);
  if (kind < 0)
    {
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpuint (strlen (fingerprint), ==, 64);
      return;
    }
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((SlExportProblem *)problems->pdata[0])->kind, ==, kind);
  g_assert_cmpstr (((SlExportProblem *)problems->pdata[0])->file, ==, file);
  g_assert_nonnull (strstr (((SlExportProblem *)problems->pdata[0])->message, file));
}

static void
flip_byte (const char *path, gsize offset)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (offset, <, length);
  contents[offset] ^= 0x01;
  g_assert_true (g_file_set_contents (path, contents, (gssize)length, &error));
}

static void
test_verify (void)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;
  char *edit;

  record_once ();
  dir = g_build_filename (shared.work, "mkv", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_free (export_range (SL_EXPORT_FORMAT_MKV, "Handed to the police, case 2026-114."));
  {
    g_autoptr (GDir) folder = g_dir_open (dir, 0, NULL);
    const char *entry;

    while ((entry = g_dir_read_name (folder)))
      if (g_str_has_suffix (entry, ".mkv"))
        name = g_strdup (entry);
  }
  path = g_build_filename (dir, name, NULL);
  expect_verify (dir, -1, NULL);

  /* One byte flipped in the middle of the video. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  flip_byte (path, (gsize)st.st_size / 2);
  expect_verify (dir, SL_EXPORT_PROBLEM_ALTERED, name);
  flip_byte (path, (gsize)st.st_size / 2);
  expect_verify (dir, -1, NULL);

  /* A file removed. */
  notes = g_build_filename (dir, SL_EXPORT_NOTES_NAME, NULL);
  moved = g_build_filename (shared.work, "notes-moved.txt", NULL);
  g_assert_cmpint (g_rename (notes, moved), ==, 0);
  expect_verify (dir, SL_EXPORT_PROBLEM_MISSING, SL_EXPORT_NOTES_NAME);
  g_assert_cmpint (g_rename (moved, notes), ==, 0);

  /* A file added. */
  extra = g_build_filename (dir, "extra.mkv", NULL);
  g_assert_true (g_file_set_contents (extra, "not part of it", -1, &error));
  expect_verify (dir, SL_EXPORT_PROBLEM_EXTRA, "extra.mkv");
  g_assert_cmpint (g_unlink (extra), ==, 0);

  /* The manifest edited: one character of the camera name. */
  manifest = g_build_filename (dir, SL_EXPORT_MANIFEST_NAME, NULL);
  g_assert_true (g_file_get_contents (manifest, &contents, NULL, &error));
  edit = strstr (contents, "Front gate");
  g_assert_nonnull (edit);
  edit[0] = 'B';
  g_assert_true (g_file_set_contents (manifest, contents, -1, &error));
  expect_verify (dir, SL_EXPORT_PROBLEM_SIGNATURE, SL_EXPORT_MANIFEST_NAME);
  edit[0] = 'F';
  g_assert_true (g_file_set_contents (manifest, contents, -1, &error));
  expect_verify (dir, -1, NULL);
}

/* ---- Cancelling ---------------------------------------------------------- */

static void
test_cancel (void)
{
  g_autofree char *dir = NULL;
  g_autoptr (SlExport) export = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  ExportWait wait = { 0 };

  record_once ();
  dir = g_build_filename (shared.work, "cancelled", NULL);
  export = sl_export_new (shared.dir->catalog, shared.dir->credentials, dir, SL_EXPORT_FORMAT_MKV);
  sl_export_add_range (export, shared.camera_id, shared.from_us, shared.to_us);
  wait.cancel_on_progress = cancellable;
  run_export (export, cancellable, &wait);

  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (wait.ok);
  /* The folder the export made is gone with what it held. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_clear_error (&wait.error);
}

static void
test_not_empty (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autoptr (SlExport) export = NULL;
  ExportWait wait = { 0 };

  record_once ();
  dir = g_build_filename (shared.work, "busy", NULL);
  file = g_build_filename (dir, "holiday.jpg", NULL);
  g_mkdir (dir, 0755);
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  export = sl_export_new (shared.dir->catalog, shared.dir->credentials, dir, SL_EXPORT_FORMAT_MKV);
  sl_export_add_range (export, shared.camera_id, shared.from_us, shared.to_us);
  run_export (export, NULL, &wait);
  g_assert_error (wait.error, SL_ERROR, SL_ERROR_EXISTS);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  g_clear_error (&wait.error);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gst/export/mkv", test_export_mkv);
  g_test_add_func ("/gst/export/mp4", test_export_mp4);
  g_test_add_func ("/gst/export/verify", test_verify);
  g_test_add_func ("/gst/export/cancel", test_cancel);
  g_test_add_func ("/gst/export/not-empty", test_not_empty);
  status = g_test_run ();

  if (shared.work != NULL)
    remove_tree (shared.work);
  g_free (shared.work);
  g_clear_pointer (&shared.dir, data_dir_free);
  g_clear_pointer (&shared.sim, camsim_stop);
  return status;
}
