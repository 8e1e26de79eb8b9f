// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>

#include "export-fixture.h"
#include "sl-segment-file.h"

/* Exports of segment files made here with GStreamer rather than recorded
 * (no camera needed): what the fast copies (MKV clusters, MP4 frames) take
 * and what they leave to the remux — segments joined, tracks that differ,
 * files written as a stream, B-frames, AAC and Opus audio. Each export is
 * decoded to the end and verified. */

#define FRAME_US (G_USEC_PER_SEC / 15)

static struct
{
  DataDir *dir;
  char *work;
} lab;

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
  g_autofree char *dir = g_build_filename (lab.work, name, NULL);
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
  camera_id = sl_catalog_add_camera (lab.dir->catalog, &camera, &error);
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
      open_id = sl_catalog_begin_segment (lab.dir->catalog, camera_id, "main", segment->path,
                                          start_us, &error);
      g_assert_no_error (error);
      sl_catalog_add_segment (lab.dir->catalog, open_id, segment, &error);
      g_assert_no_error (error);
      start_us = segment->end_us;
    }

  export = sl_export_new (lab.dir->catalog, lab.dir->credentials, dir, format);
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

  first = g_build_filename (lab.work, "lab-audio.mkv", NULL);
  second = g_build_filename (lab.work, "lab-silent.mkv", NULL);
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

  path = g_build_filename (lab.work, "b-frames.mkv", NULL);
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

  path = g_build_filename (lab.work, "stream.mkv", NULL);
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

  first = g_build_filename (lab.work, "clip.mkv", NULL);
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

  first = g_build_filename (lab.work, "aac.mkv", NULL);
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

  path = g_build_filename (lab.work, "opus.mkv", NULL);
  encode_file (path, 30, OPUS_AUDIO, "", "");
  g_assert_cmpuint (
      export_files ("Opus", (const char *const[]){ path, NULL }, 30, SL_EXPORT_FORMAT_MP4, NULL),
      ==, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  lab.dir = data_dir_new ();
  lab.work = g_dir_make_tmp ("sl-export-files-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_add_func ("/gst/export-files/copy-files", test_copy_files);
  g_test_add_func ("/gst/export-files/copy-tracks-differ", test_copy_tracks_differ);
  g_test_add_func ("/gst/export-files/copy-unknown-sizes", test_copy_unknown_sizes);
  g_test_add_func ("/gst/export-files/copy-mp4-b-frames", test_copy_mp4_b_frames);
  g_test_add_func ("/gst/export-files/copy-mp4-aac", test_copy_mp4_aac);
  g_test_add_func ("/gst/export-files/copy-mp4-opus", test_copy_mp4_opus);
  status = g_test_run ();

  remove_tree (lab.work);
  g_free (lab.work);
  g_clear_pointer (&lab.dir, data_dir_free);
  return status;
}
