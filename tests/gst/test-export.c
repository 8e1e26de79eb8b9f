// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/pbutils/pbutils.h>
#include <json-glib/json-glib.h>

#include "playback-fixture.h"
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
 * a gap as a gap and end a segment cut short at its last complete frame. One recording serves every test case; the last two cut
 * it. (A 60 s range over one-minute segments is exported in
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

/* The first file entry of the manifest next to @media. */
static JsonObject *
read_manifest_item (const char *media)
{
  g_autofree char *dir = g_path_get_dirname (media);
  g_autofree char *path = g_build_filename (dir, SL_EXPORT_MANIFEST_NAME, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *files;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  files =
      json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "files");
  return json_object_ref (json_array_get_object_element (files, 0));
}

/* What one stream of a file played to the end gave its sink. */
typedef struct
{
  guint buffers;
  GstClockTime start; /* of the first buffer */
  GstClockTime end;   /* of the last one, with its duration */
} StreamSpan;

static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, gpointer data)
{
  StreamSpan *span = data;
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;
  if (span->buffers++ == 0)
    span->start = pts;
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    pts += GST_BUFFER_DURATION (buffer);
  span->end = MAX (span->end, pts);
}

/* Plays @path with playbin to the end, without errors, decoding both its
 * video and its audio; returns the duration it reports. */
static GstClockTime
play_streams (const char *path, StreamSpan *video, StreamSpan *audio)
{
  g_autoptr (GstElement) playbin = gst_element_factory_make ("playbin", NULL);
  g_autoptr (GstBus) bus = gst_element_get_bus (playbin);
  g_autoptr (GstMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = gst_filename_to_uri (path, &error);
  GstElement *video_sink = gst_element_factory_make ("fakesink", NULL);
  GstElement *audio_sink = gst_element_factory_make ("fakesink", NULL);
  gint64 duration = -1;

  g_assert_no_error (error);
  *video = (StreamSpan){ 0 };
  *audio = (StreamSpan){ 0 };
  g_object_set (video_sink, "sync", FALSE, "signal-handoffs", TRUE, NULL);
  g_object_set (audio_sink, "sync", FALSE, "signal-handoffs", TRUE, NULL);
  g_signal_connect (video_sink, "handoff", G_CALLBACK (on_handoff), video);
  g_signal_connect (audio_sink, "handoff", G_CALLBACK (on_handoff), audio);
  g_object_set (playbin, "uri", uri, "video-sink", video_sink, "audio-sink", audio_sink, NULL);
  gst_element_set_state (playbin, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) play_error = NULL;

      gst_message_parse_error (message, &play_error, NULL);
      g_error ("Playing %s: %s", path, play_error->message);
    }
  g_assert_true (gst_element_query_duration (playbin, GST_FORMAT_TIME, &duration));
  gst_element_set_state (playbin, GST_STATE_NULL);
  return (GstClockTime)duration;
}

/* Plays @path with playbin to the end, without errors; returns the
 * duration it reports. */
static GstClockTime
play_to_end (const char *path)
{
  StreamSpan video, audio;

  return play_streams (path, &video, &audio);
}

static void
assert_same_member (JsonObject *a, JsonObject *b, const char *name)
{
  g_assert_cmpint (json_object_get_int_member (a, name), ==, json_object_get_int_member (b, name));
}

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

/* The audio of encode_file(): G.711, or AAC (as Matroska A_AAC, the
 * AudioSpecificConfig in the CodecPrivate) from 24 ms to 2.008 s. */
#define G711_AUDIO                                                                                 \
  "audiotestsrc samplesperbuffer=800 num-buffers=20 ! audio/x-raw,rate=8000 ! mulawenc ! mux."
#define OPUS_AUDIO                                                                                 \
  "audiotestsrc num-buffers=20 ! audio/x-raw,rate=48000 ! audioconvert ! opusenc ! mux."
#define AAC_AUDIO                                                                                  \
  "audiotestsrc timestamp-offset=24000000 samplesperbuffer=1024 num-buffers=30 ! "                 \
  "audio/x-raw,rate=16000,channels=1 ! "                                                           \
  "audioconvert ! avenc_aac ! aacparse ! mux."

/* Encodes @frames frames of 15 fps H.264 into the Matroska file @path, with
 * the audio of @audio (a pipeline fragment ending in "mux.", or NULL), with
 * x264enc's @encoder_options and matroskamux's @mux_options. */
static void
encode_file (const char *path,
             guint frames,
             const char *audio,
             const char *encoder_options,
             const char *mux_options)
{
  g_autofree char *description = g_strdup_printf (
      "videotestsrc num-buffers=%u ! video/x-raw,width=160,height=90,framerate=15/1 ! "
      "x264enc speed-preset=ultrafast key-int-max=15 %s ! h264parse ! matroskamux name=mux %s ! "
      "filesink location=\"%s\" %s",
      frames, encoder_options, mux_options, path, audio != NULL ? audio : "");
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr (GstMessage) message = NULL;

  g_assert_no_error (error);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* A copy of the file @path, named @path then @suffix: the catalog indexes
 * a file once. */
static char *
duplicate_file (const char *path, const char *suffix)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  char *copy = g_strconcat (path, suffix, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy, contents, (gssize)length, &error));
  g_assert_no_error (error);
  return copy;
}

/* Indexes the segment files @paths (in order, back to back) as the
 * recordings of a new camera named @name; exports their whole range in
 * @format into the folder @name, checks it (@frames decoded, a valid
 * signature) and returns how many files were copied rather than remuxed,
 * and in @media (if not NULL) the exported file's path. */
static guint
export_files (
    const char *name, const char *const *paths, guint frames, SlExportFormat format, char **media)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (shared.work, name, NULL);
  g_autoptr (SlExport) export = NULL;
  g_auto (GStrv) files = NULL;
  g_autofree char *path = NULL;
  SlCameraRecord camera = { 0 };
  ExportWait wait = { 0 };
  gint64 camera_id, first_us, start_us;
  Decoded decoded;

  camera.name = (char *)name;
  camera.driver = (char *)"rtsp";
  camera.main_url = (char *)"rtsp://127.0.0.1:9/lab";
  camera_id = sl_catalog_add_camera (shared.dir->catalog, &camera, &error);
  g_assert_no_error (error);

  first_us = start_us = (g_get_real_time () / G_USEC_PER_SEC - 3600) * G_USEC_PER_SEC;
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (SlSegment) segment = g_new0 (SlSegment, 1);
      GStatBuf st;
      gint64 open_id;

      segment->camera_id = camera_id;
      segment->stream = g_strdup ("main");
      segment->path = g_strdup (paths[i]);
      segment->start_us = start_us;
      g_assert_true (sl_segment_file_inspect (segment, &error));
      g_assert_cmpint (g_stat (segment->path, &st), ==, 0);
      segment->bytes = st.st_size;
      open_id = sl_catalog_begin_segment (shared.dir->catalog, camera_id, "main", segment->path,
                                          start_us, &error);
      g_assert_no_error (error);
      sl_catalog_add_segment (shared.dir->catalog, open_id, segment, &error);
      g_assert_no_error (error);
      start_us = segment->end_us;
    }

  export = sl_export_new (shared.dir->catalog, shared.dir->credentials, dir, format);
  sl_export_add_range (export, camera_id, first_us, start_us);
  run_export (export, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  files = sl_export_dup_files (export);
  path = g_build_filename (dir, files[0], NULL);
  decode_exported_file (path, &decoded);
  g_assert_cmpuint (decoded.frames, ==, frames);
  expect_verify (dir, -1, NULL);
  if (media != NULL)
    *media = g_steal_pointer (&path);
  return sl_export_get_n_copied (export);
}

/* Two segments whose tracks differ (the first has audio, the second not):
 * neither copy can put them in one file, the remux exports both. */
static void
test_copy_tracks_differ (void)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_mp4 = NULL;
  g_autofree char *second_mp4 = NULL;

  record_once ();
  first = g_build_filename (shared.work, "lab-audio.mkv", NULL);
  second = g_build_filename (shared.work, "lab-silent.mkv", NULL);
  encode_file (first, 30, G711_AUDIO, "", "");
  encode_file (second, 30, NULL, "", "");
  first_mp4 = duplicate_file (first, "-mp4");
  second_mp4 = duplicate_file (second, "-mp4");
  g_assert_cmpuint (export_files ("Lab", (const char *const[]){ first, second, NULL }, 60,
                                  SL_EXPORT_FORMAT_MKV, NULL),
                    ==, 0);
  g_assert_cmpuint (export_files ("Lab MP4", (const char *const[]){ first_mp4, second_mp4, NULL },
                                  60, SL_EXPORT_FORMAT_MP4, NULL),
                    ==, 0);
}

/* B-frames (block timestamps not increasing): MP4 samples would need
 * composition offsets, so the MP4 copy leaves them to the remux. */
static void
test_copy_mp4_b_frames (void)
{
  g_autofree char *path = NULL;

  record_once ();
  path = g_build_filename (shared.work, "b-frames.mkv", NULL);
  encode_file (path, 30, NULL, "bframes=2 b-adapt=false", "");
  g_assert_cmpuint (export_files ("B-frames", (const char *const[]){ path, NULL }, 30,
                                  SL_EXPORT_FORMAT_MP4, NULL),
                    ==, 0);
}

/* A segment written as a stream (clusters and segment of unknown size, as
 * in a file being written): copied all the same. */
static void
test_copy_unknown_sizes (void)
{
  g_autofree char *path = NULL;
  g_autofree char *path_mp4 = NULL;

  record_once ();
  path = g_build_filename (shared.work, "stream.mkv", NULL);
  encode_file (path, 30, NULL, "", "streamable=true");
  path_mp4 = duplicate_file (path, "-mp4");
  g_assert_cmpuint (
      export_files ("Stream", (const char *const[]){ path, NULL }, 30, SL_EXPORT_FORMAT_MKV, NULL),
      ==, 1);
  g_assert_cmpuint (export_files ("Stream MP4", (const char *const[]){ path_mp4, NULL }, 30,
                                  SL_EXPORT_FORMAT_MP4, NULL),
                    ==, 1);
}

/* The same recording in two segments, back to back: copied. */
static void
test_copy_files (void)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_mp4 = NULL;
  g_autofree char *second_mp4 = NULL;

  record_once ();
  first = g_build_filename (shared.work, "clip.mkv", NULL);
  encode_file (first, 30, G711_AUDIO, "", "");
  second = duplicate_file (first, "-2");
  first_mp4 = duplicate_file (first, "-mp4");
  second_mp4 = duplicate_file (first, "-mp4-2");
  g_assert_cmpuint (export_files ("Clip", (const char *const[]){ first, second, NULL }, 60,
                                  SL_EXPORT_FORMAT_MKV, NULL),
                    ==, 1);
  g_assert_cmpuint (export_files ("Clip MP4", (const char *const[]){ first_mp4, second_mp4, NULL },
                                  60, SL_EXPORT_FORMAT_MP4, NULL),
                    ==, 1);
}

/* Two segments with AAC audio (starting 24 ms after the video: an empty
 * edit), back to back: the MP4 copy keeps the audio in its own track, and
 * plays as the remux of the same range does. */
static void
test_copy_mp4_aac (void)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_remux = NULL;
  g_autofree char *second_remux = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *remuxed = NULL;
  g_autoptr (JsonObject) copy_item = NULL;
  g_autoptr (JsonObject) remux_item = NULL;
  StreamSpan copy_video, copy_audio, remux_video, remux_audio;

  record_once ();
  first = g_build_filename (shared.work, "aac.mkv", NULL);
  encode_file (first, 30, AAC_AUDIO, "", "");
  second = duplicate_file (first, "-2");
  first_remux = duplicate_file (first, "-remux");
  second_remux = duplicate_file (first, "-remux-2");
  g_assert_cmpuint (export_files ("AAC", (const char *const[]){ first, second, NULL }, 60,
                                  SL_EXPORT_FORMAT_MP4, &copied),
                    ==, 1);
  g_setenv ("SL_EXPORT_REMUX_ONLY", "1", TRUE);
  g_assert_cmpuint (export_files ("AAC remuxed",
                                  (const char *const[]){ first_remux, second_remux, NULL }, 60,
                                  SL_EXPORT_FORMAT_MP4, &remuxed),
                    ==, 0);
  g_unsetenv ("SL_EXPORT_REMUX_ONLY");
  copy_item = read_manifest_item (copied);
  remux_item = read_manifest_item (remuxed);
  g_assert_cmpstr (json_object_get_string_member (copy_item, "audio"), ==, "kept");
  g_assert_cmpstr (json_object_get_string_member (remux_item, "audio"), ==, "kept");
  g_assert_cmpstr (json_object_get_string_member (copy_item, "audio_codec"), ==,
                   json_object_get_string_member (remux_item, "audio_codec"));
  assert_same_member (copy_item, remux_item, "frames");
  assert_same_member (copy_item, remux_item, "duration_us");

  play_streams (copied, &copy_video, &copy_audio);
  play_streams (remuxed, &remux_video, &remux_audio);
  g_test_message ("copy: video %u buffers to %.3f s, audio %u buffers %.3f-%.3f s; remux: video "
                  "%u buffers to %.3f s, audio %u buffers %.3f-%.3f s",
                  copy_video.buffers, copy_video.end / 1e9, copy_audio.buffers,
                  copy_audio.start / 1e9, copy_audio.end / 1e9, remux_video.buffers,
                  remux_video.end / 1e9, remux_audio.buffers, remux_audio.start / 1e9,
                  remux_audio.end / 1e9);
  g_assert_cmpuint (copy_video.buffers, ==, 60);
  g_assert_cmpuint (copy_video.buffers, ==, remux_video.buffers);
  g_assert_cmpuint (copy_audio.buffers, >, 0);
  /* The range is the two files' 4 s of video; the audio covers it too. */
  g_assert_cmpint (ABS ((gint64)copy_video.end - 4 * (gint64)GST_SECOND), <=, FRAME_US * 1000);
  g_assert_cmpint (ABS ((gint64)copy_audio.start - (gint64)copy_video.start), <=,
                   100 * GST_MSECOND);
  g_assert_cmpint (ABS ((gint64)copy_audio.end - (gint64)copy_video.end), <=, 100 * GST_MSECOND);
  /* As the remux of the same range. */
  g_assert_cmpint (ABS ((gint64)copy_video.end - (gint64)remux_video.end), <=, FRAME_US * 1000);
  g_assert_cmpint (ABS ((gint64)copy_audio.start - (gint64)remux_audio.start), <=,
                   10 * GST_MSECOND);
  g_assert_cmpint (ABS ((gint64)copy_audio.end - (gint64)remux_audio.end), <=, 10 * GST_MSECOND);
}

/* Opus audio, which MP4 keeps but the copy does not write: remuxed. */
static void
test_copy_mp4_opus (void)
{
  g_autofree char *path = NULL;

  record_once ();
  path = g_build_filename (shared.work, "opus.mkv", NULL);
  encode_file (path, 30, OPUS_AUDIO, "", "");
  g_assert_cmpuint (
      export_files ("Opus", (const char *const[]){ path, NULL }, 30, SL_EXPORT_FORMAT_MP4, NULL),
      ==, 0);
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
  g_test_add_func ("/gst/export/cancel-running", test_cancel_running);
  g_test_add_func ("/gst/export/not-empty", test_not_empty);
  g_test_add_data_func ("/gst/export/copy-like-remux", GINT_TO_POINTER (SL_EXPORT_FORMAT_MKV),
                        test_copy_like_remux);
  g_test_add_data_func ("/gst/export/copy-like-remux-mp4", GINT_TO_POINTER (SL_EXPORT_FORMAT_MP4),
                        test_copy_like_remux);
  g_test_add_func ("/gst/export/copy-files", test_copy_files);
  g_test_add_func ("/gst/export/copy-tracks-differ", test_copy_tracks_differ);
  g_test_add_func ("/gst/export/copy-unknown-sizes", test_copy_unknown_sizes);
  g_test_add_func ("/gst/export/copy-mp4-b-frames", test_copy_mp4_b_frames);
  g_test_add_func ("/gst/export/copy-mp4-aac", test_copy_mp4_aac);
  g_test_add_func ("/gst/export/copy-mp4-opus", test_copy_mp4_opus);
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
