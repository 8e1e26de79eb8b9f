// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#include "export-fixture.h"
#include "sl-error.h"
#include "sl-export.h"
#include "sl-segment-file.h"

/* Export over a real recording: camsim (640x360, 15 fps, a key frame every
 * 2 s, G.711 audio) recorded for a few seconds, its segment cut into pieces
 * of a few seconds as the recorder cuts its one-minute segments (audio
 * included), so that a range across several boundaries is exported to MKV
 * and MP4 without recording for minutes; each export is decoded to the end,
 * and its first and last frames' time strips compared with the range. Then
 * the signed manifest is verified, and tampered with. Exports copy from the
 * segment files (the fast paths: MKV copies the clusters, MP4 the H.264
 * frames): their files must play, hold what the remux would have made, keep
 * a gap as a gap and end a segment cut short at its last complete frame.
 * One recording serves every test case; the last two cut it. (A 60 s range
 * over one-minute segments is exported in test-record-long, which records
 * minutes anyway; segment files made without a camera, with other tracks,
 * in test-export-files.) */

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

/* Exports the shared range into the folder @subdir of the work folder;
 * returns the media file's path, and in @n_copied how many files were
 * written by copying clusters. */
static char *
export_to (const char *subdir, SlExportFormat format, const char *notes, guint *n_copied)
{
  g_autofree char *dir = g_build_filename (shared.work, subdir, NULL);
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
  *n_copied = sl_export_get_n_copied (export);
  return g_build_filename (dir, files[0], NULL);
}

static char *
export_range (SlExportFormat format, const char *notes)
{
  guint n_copied;
  char *path = export_to (sl_export_format_to_string (format), format, notes, &n_copied);

  /* Both formats take their fast path. */
  g_assert_cmpuint (n_copied, ==, 1);
  return path;
}

/* The same range through the remux only (the fallback path). */
static char *
export_remuxed (const char *subdir, SlExportFormat format)
{
  guint n_copied;
  char *path;

  g_setenv ("SL_EXPORT_REMUX_ONLY", "1", TRUE);
  path = export_to (subdir, format, NULL, &n_copied);
  g_unsetenv ("SL_EXPORT_REMUX_ONLY");
  g_assert_cmpuint (n_copied, ==, 0);
  return path;
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
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;
  guint32 ftyp_size;

  record_once ();
  path = export_range (SL_EXPORT_FORMAT_MP4, NULL);
  check_exported_range (path, shared.from_us, shared.to_us, GOP_US, FRAME_US);

  /* ftyp, then moov before the media: the file plays as it downloads. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 64);
  g_assert_cmpmem (contents + 4, 4, "ftyp", 4);
  ftyp_size = GUINT32_FROM_BE (*(guint32 *)contents);
  g_assert_cmpuint (ftyp_size + 8, <, length);
  g_assert_cmpmem (contents + ftyp_size + 4, 4, "moov", 4);
}

/* ---- Verification -------------------------------------------------------- */

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

/* Cancelled before it starts: nothing stays, not even the folder. */
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
  g_cancellable_cancel (cancellable);
  run_export (export, cancellable, &wait);

  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (wait.ok);
  /* The folder the export made is gone with what it held. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_clear_error (&wait.error);
}

/* Cancelled at its first progress update, which may come after the export
 * is done (the cluster copy takes milliseconds): either it is cancelled and
 * nothing stays, or it is complete and valid. */
static void
test_cancel_running (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  record_once ();
  for (SlExportFormat format = SL_EXPORT_FORMAT_MKV; format <= SL_EXPORT_FORMAT_MP4; format++)
    {
      g_autofree char *name = g_strconcat ("cancelled-", sl_export_format_to_string (format), NULL);
      g_autofree char *dir = g_build_filename (shared.work, name, NULL);
      g_autoptr (SlExport) export =
          sl_export_new (shared.dir->catalog, shared.dir->credentials, dir, format);
      ExportWait wait = { 0 };

      g_cancellable_reset (cancellable);
      sl_export_add_range (export, shared.camera_id, shared.from_us, shared.to_us);
      wait.cancel_on_progress = cancellable;
      run_export (export, cancellable, &wait);
      g_test_message ("%s: %s", name, wait.ok ? "done before the cancellation" : "cancelled");
      if (wait.ok)
        expect_verify (dir, -1, NULL);
      else
        {
          g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
          g_clear_error (&wait.error);
        }
    }
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

/* ---- The fast MKV path against the remux -------------------------------- */

/* The copied file says and holds what the remux makes of the same range:
 * from the key frame before the range start to the last frame in it. */
static void
test_copy_like_remux (gconstpointer data)
{
  SlExportFormat format = GPOINTER_TO_INT (data);
  const char *name = sl_export_format_to_string (format);
  g_autofree char *copy_dir = g_strconcat (name, "-copied", NULL);
  g_autofree char *remux_dir = g_strconcat (name, "-remuxed", NULL);
  g_autofree char *copied = NULL;
  g_autofree char *remuxed = NULL;
  g_autoptr (JsonObject) copy_item = NULL;
  g_autoptr (JsonObject) remux_item = NULL;
  GstClockTime copy_duration, remux_duration;
  Decoded copy_frames, remux_frames;
  gint64 duration_us;
  guint n_copied;

  record_once ();
  copied = export_to (copy_dir, format, NULL, &n_copied);
  g_assert_cmpuint (n_copied, ==, 1);
  remuxed = export_remuxed (remux_dir, format);
  copy_item = read_manifest_item (copied);
  remux_item = read_manifest_item (remuxed);

  assert_same_member (copy_item, remux_item, "first_frame_us");
  assert_same_member (copy_item, remux_item, "last_frame_us");
  assert_same_member (copy_item, remux_item, "frames");
  assert_same_member (copy_item, remux_item, "segments");
  /* MKV keeps the G.711 audio, MP4 cannot hold it. */
  g_assert_cmpstr (json_object_get_string_member (copy_item, "audio"), ==,
                   format == SL_EXPORT_FORMAT_MKV ? "kept" : "dropped");
  g_assert_cmpstr (json_object_get_string_member (copy_item, "audio"), ==,
                   json_object_get_string_member (remux_item, "audio"));
  g_assert_cmpstr (json_object_get_string_member (copy_item, "audio_codec"), ==,
                   json_object_get_string_member (remux_item, "audio_codec"));
  duration_us = json_object_get_int_member (copy_item, "duration_us");
  g_assert_cmpint (ABS (duration_us - json_object_get_int_member (remux_item, "duration_us")), <=,
                   1000);
  /* Starts at the key frame at or before the range start. */
  g_assert_cmpint (json_object_get_int_member (copy_item, "first_frame_us"), <=, shared.from_us);
  g_assert_cmpint (json_object_get_int_member (copy_item, "first_frame_us"), >,
                   shared.from_us - GOP_US);
  g_assert_cmpint (json_object_get_int_member (copy_item, "last_frame_us"), <=, shared.to_us);
  g_assert_cmpint (json_object_get_int_member (copy_item, "last_frame_us"), >,
                   shared.to_us - 2 * FRAME_US);

  /* Both play to the end in GStreamer, for as long as the manifest says. */
  copy_duration = play_to_end (copied);
  remux_duration = play_to_end (remuxed);
  g_test_message ("duration: copy %.3f s, remux %.3f s, manifest %.3f s", copy_duration / 1e9,
                  remux_duration / 1e9, duration_us / 1e6);
  g_assert_cmpint (ABS ((gint64)copy_duration / 1000 - duration_us), <=, FRAME_US);
  g_assert_cmpint (ABS ((gint64)copy_duration - (gint64)remux_duration) / 1000, <=, FRAME_US);

  /* The same frames at the same times. */
  decode_exported_file (copied, &copy_frames);
  decode_exported_file (remuxed, &remux_frames);
  g_test_message ("copy: %u frames, drift %" G_GINT64_FORMAT " us; remux: %u frames",
                  copy_frames.frames, copy_frames.max_drift_us, remux_frames.frames);
  g_assert_cmpuint (copy_frames.frames, ==, remux_frames.frames);
  g_assert_cmpint (copy_frames.first_strip_ms, ==, remux_frames.first_strip_ms);
  g_assert_cmpint (copy_frames.max_drift_us, <=, 100 * 1000);
  g_assert_cmpuint (copy_frames.max_step, <, 3 * FRAME_US * 1000);
}

/* The main-stream segment that holds @time_us. */
static SlSegment *
find_piece (gint64 time_us)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) segments = sl_catalog_list_all_segments (shared.dir->catalog, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < segments->len; i++)
    {
      const SlSegment *segment = segments->pdata[i];

      if (segment->camera_id == shared.camera_id && g_str_equal (segment->stream, "main") &&
          segment->start_us <= time_us && time_us < segment->end_us)
        return sl_segment_copy (segment);
    }
  g_assert_not_reached ();
}

/* A piece inside the range removed: the copy keeps the hole in time. */
static void
test_copy_gap (void)
{
  g_autoptr (SlSegment) piece = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  guint n_copied;
  gint64 hole_us;
  Decoded frames;

  record_once ();
  piece = find_piece (shared.from_us + RANGE_US / 2);
  g_assert_cmpint (piece->start_us, >, shared.from_us);
  g_assert_cmpint (piece->end_us, <, shared.to_us);
  g_assert_true (sl_catalog_retire_segment (shared.dir->catalog, piece->id, &error));
  g_assert_no_error (error);
  hole_us = piece->end_us - piece->start_us;

  for (SlExportFormat format = SL_EXPORT_FORMAT_MKV; format <= SL_EXPORT_FORMAT_MP4; format++)
    {
      g_autofree char *subdir = g_strconcat (sl_export_format_to_string (format), "-gap", NULL);

      path = export_to (subdir, format, NULL, &n_copied);
      g_assert_cmpuint (n_copied, ==, 1);
      decode_exported_file (path, &frames);
      g_test_message (
          "%s: %u frames, longest step %.3f s (hole %.3f s), drift %" G_GINT64_FORMAT " us", subdir,
          frames.frames, frames.max_step / 1e9, hole_us / 1e6, frames.max_drift_us);
      g_assert_cmpint ((gint64)frames.max_step / 1000, >=, hole_us - FRAME_US);
      g_assert_cmpint ((gint64)frames.max_step / 1000, <=, hole_us + 2 * FRAME_US);
      g_assert_cmpint (frames.max_drift_us, <=, 100 * 1000);
      play_to_end (path);
      g_clear_pointer (&path, g_free);
    }
}

/* The last segment of the range cut short (as after a crash, or while it is
 * being written): the copy holds what the remux makes of it, up to the last
 * complete frame. */
static void
test_copy_truncated (void)
{
  g_autoptr (SlSegment) piece = NULL;
  g_autoptr (JsonObject) remux_item = NULL;
  g_autofree char *remuxed = NULL;
  guint n_copied;
  GStatBuf st;
  Decoded copy_frames, remux_frames;

  record_once ();
  piece = find_piece (shared.to_us);
  g_assert_cmpint (g_stat (piece->path, &st), ==, 0);
  g_assert_cmpint (truncate (piece->path, st.st_size * 6 / 10), ==, 0);

  remuxed = export_remuxed ("mkv-truncated-remuxed", SL_EXPORT_FORMAT_MKV);
  remux_item = read_manifest_item (remuxed);
  decode_exported_file (remuxed, &remux_frames);
  /* Both copies against the remux's MKV: the same frames at the same times. */
  for (SlExportFormat format = SL_EXPORT_FORMAT_MKV; format <= SL_EXPORT_FORMAT_MP4; format++)
    {
      g_autofree char *subdir =
          g_strconcat (sl_export_format_to_string (format), "-truncated", NULL);
      g_autofree char *copied = export_to (subdir, format, NULL, &n_copied);
      g_autoptr (JsonObject) copy_item = read_manifest_item (copied);
      g_autofree char *dir = g_path_get_dirname (copied);

      g_assert_cmpuint (n_copied, ==, 1);
      assert_same_member (copy_item, remux_item, "first_frame_us");
      assert_same_member (copy_item, remux_item, "last_frame_us");
      assert_same_member (copy_item, remux_item, "frames");
      /* The cut, not the range, ends it. */
      g_assert_cmpint (json_object_get_int_member (copy_item, "last_frame_us"), <,
                       shared.to_us - GOP_US / 4);

      decode_exported_file (copied, &copy_frames);
      g_assert_cmpuint (copy_frames.frames, ==, remux_frames.frames);
      g_assert_cmpint (copy_frames.first_strip_ms, ==, remux_frames.first_strip_ms);
      g_assert_cmpint (copy_frames.max_drift_us, <=, 100 * 1000);
      play_to_end (copied);
      expect_verify (dir, -1, NULL);
    }
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
  g_test_add_func ("/gst/export/cancel-running", test_cancel_running);
  g_test_add_func ("/gst/export/not-empty", test_not_empty);
  g_test_add_data_func ("/gst/export/copy-like-remux", GINT_TO_POINTER (SL_EXPORT_FORMAT_MKV),
                        test_copy_like_remux);
  g_test_add_data_func ("/gst/export/copy-like-remux-mp4", GINT_TO_POINTER (SL_EXPORT_FORMAT_MP4),
                        test_copy_like_remux);
  /* These two cut the recording: last. */
  g_test_add_func ("/gst/export/copy-gap", test_copy_gap);
  g_test_add_func ("/gst/export/copy-truncated", test_copy_truncated);
  status = g_test_run ();

  if (shared.work != NULL)
    remove_tree (shared.work);
  g_free (shared.work);
  g_clear_pointer (&shared.dir, data_dir_free);
  g_clear_pointer (&shared.sim, camsim_stop);
  return status;
}
