// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include <gst/app/gstappsink.h>

#include "playback-fixture.h"
#include "sl-device-admin.h"
#include "sl-error.h"
#include "sl-export.h"
#include "sl-stream-test.h"

/* HTTP MJPEG cameras over camsim's /axis-cgi/mjpg/video.cgi: recorded into
 * the same Matroska segments, watched live, played back a frame at a time;
 * a refused password; the stream test behind Add Camera. */

static const char *const with_password[] = { "--username", "root", "--password", "pass", NULL };

static char *
mjpeg_url (Camsim *sim, const char *cgi)
{
  return g_strdup_printf ("http://127.0.0.1:%" G_GINT64_FORMAT
                          "/axis-cgi/%s?resolution=320x180&fps=10",
                          json_object_get_int_member (camsim_camera (sim, 0), "http_port"), cgi);
}

static gint64
add_mjpeg_camera (Recording *f, const char *password)
{
  g_autofree char *url = mjpeg_url (f->sim, "mjpg/video.cgi");
  SlCameraRecord record = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id;

  record.name = (char *)"Web";
  record.driver = (char *)sl_device_admin_stream_driver (url);
  record.main_url = url;
  record.username = (char *)"root";
  record.enabled = TRUE;
  record.transport = SL_TRANSPORT_TCP_THEN_UDP;
  g_assert_cmpstr (record.driver, ==, SL_DRIVER_HTTP);
  id = sl_catalog_add_camera (f->dir->catalog, &record, &error);
  g_assert_no_error (error);
  g_assert_true (sl_credentials_store (f->dir->credentials, id, "root", password, &error));
  g_assert_no_error (error);
  return id;
}

typedef struct
{
  gint frames;
  int width, height;
  gint64 strip_ms; /* of the newest frame */
} Frames;

static void
count_frame_cb (GstSample *sample, gpointer user_data)
{
  Frames *frames = user_data;
  GstStructure *s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  gint64 strip_ms = -1;

  gst_structure_get_int (s, "width", &frames->width);
  gst_structure_get_int (s, "height", &frames->height);
  bgra_sample_time_strip (sample, &strip_ms);
  frames->strip_ms = strip_ms;
  g_atomic_int_inc (&frames->frames);
}

static gboolean
five_frames (gpointer data)
{
  return g_atomic_int_get (&((Frames *)data)->frames) >= 5;
}

static gboolean
two_frames (gpointer data)
{
  return g_atomic_int_get (&((Frames *)data)->frames) >= 2;
}

static gboolean
one_frame (gpointer data)
{
  return g_atomic_int_get (&((Frames *)data)->frames) >= 1;
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  if (sl_export_run_finish (SL_EXPORT (source), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static gboolean
error_set (gpointer data)
{
  return *(GError **)data != NULL;
}

/* Exports @segment's range without decoding it, and decodes what was
 * written (decodebin, as a media player would); returns the frame count, or
 * 0 and the export's @failure. */
static guint
export_and_decode (Recording *f, const SlSegment *segment, SlExportFormat format, GError **failure)
{
  g_autofree char *dir =
      g_build_filename (f->dir->data_dir, "export", sl_export_format_to_string (format), NULL);
  g_autoptr (SlExport) export = sl_export_new (f->dir->catalog, f->dir->credentials, dir, format);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autofree char *path = NULL;
  g_auto (GStrv) files = NULL;
  guint frames = 0;

  sl_export_add_range (export, segment->camera_id, segment->start_us, segment->end_us);
  sl_export_run_async (export, NULL, export_done_cb, &error);
  g_assert_true (wait_until (error_set, &error, 20000));
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (failure, g_steal_pointer (&error));
      return 0;
    }
  files = sl_export_dup_files (export);
  path = g_build_filename (dir, files[0], NULL);
  pipeline = play_file (path,
                        "decodebin ! videoconvert ! video/x-raw,format=I420 ! "
                        "appsink name=sink sync=false",
                        &sink);
  for (;;)
    {
      g_autoptr (GstSample) sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);

      if (sample == NULL)
        break;
      frames++;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_test_message ("%s: %u frames", files[0], frames);
  return frames;
}

static void
test_record (Recording *f, gconstpointer args)
{
  gint64 id = add_mjpeg_camera (f, "pass");
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (SlPlayer) player = NULL;
  g_autoptr (SlPlayer) replay = NULL;
  Frames live = { 0 }, played = { 0 }, replayed = { 0 };
  SlSegment *segment;
  SlCamera *camera;
  guint viewer, decoded = 0;
  gint64 asked_us, first_ms = -1;

  camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_RECORDING, 10000);

  /* The live viewer gets decoded (jpegdec) frames. */
  viewer = sl_camera_add_viewer (camera, count_frame_cb, &live, NULL);
  g_assert_true (wait_until (five_frames, &live, 5000));
  g_assert_cmpint (live.width, ==, 320);
  g_assert_cmpint (live.height, ==, 180);
  sl_camera_remove_viewer (camera, viewer);
  run_for (2);

  /* Instant replay: the segment being written, before any is indexed. */
  replay = sl_player_new (f->dir->catalog, id);
  sl_player_set_frame_func (replay, count_frame_cb, &replayed, NULL);
  sl_player_seek (replay, g_get_real_time () - G_USEC_PER_SEC);
  g_assert_true (wait_until (one_frame, &replayed, 5000));
  g_assert_cmpint (replayed.width, ==, 320);
  sl_player_set_frame_func (replay, NULL, NULL, NULL);
  g_clear_object (&replay);
  stop_recorder (f->recorder);

  /* One segment, indexed as MJPEG: every frame a key frame. */
  segments = sl_catalog_list_all_segments (f->dir->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 1);
  segment = segments->pdata[0];
  g_test_message ("%s: %.2f s, %" G_GINT64_FORMAT " frames, %dx%d", segment->codec,
                  (segment->end_us - segment->start_us) / 1e6, segment->frames, segment->width,
                  segment->height);
  g_assert_cmpstr (segment->codec, ==, "mjpeg");
  g_assert_cmpint (segment->width, ==, 320);
  g_assert_cmpint (segment->height, ==, 180);
  g_assert_cmpint (segment->frames, >=, 15);
  g_assert_cmpint (segment->key_frames, ==, segment->frames);

  /* Every stored frame decodes, and carries camsim's time strip. */
  pipeline = play_file (segment->path,
                        "matroskademux ! jpegparse ! jpegdec ! videoconvert ! "
                        "video/x-raw,format=I420 ! appsink name=sink sync=false",
                        &sink);
  for (;;)
    {
      g_autoptr (GstSample) sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);

      if (sample == NULL)
        break;
      if (decoded++ == 0)
        g_assert_true (camsim_sample_time_strip (sample, &first_ms));
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpint (decoded, ==, segment->frames);
  /* The segment starts when its first picture arrived (local clock). */
  g_test_message ("first frame captured %+" G_GINT64_FORMAT " ms from the segment start",
                  first_ms - segment->start_us / 1000);
  g_assert_cmpint (ABS (first_ms - segment->start_us / 1000), <, 500);

  /* SlPlayer shows the frame at a time, then one more per step. */
  player = sl_player_new (f->dir->catalog, id);
  sl_player_set_frame_func (player, count_frame_cb, &played, NULL);
  asked_us = (segment->start_us + segment->end_us) / 2;
  sl_player_seek (player, asked_us);
  g_assert_true (wait_until (one_frame, &played, 5000));
  run_for (0.3);
  g_assert_cmpint (g_atomic_int_get (&played.frames), ==, 1);
  g_test_message ("frame shown %+" G_GINT64_FORMAT " ms from the time asked",
                  played.strip_ms - asked_us / 1000);
  g_assert_cmpint (ABS (played.strip_ms - asked_us / 1000), <, 500);
  first_ms = played.strip_ms;
  sl_player_step (player, 1);
  g_assert_true (wait_until (two_frames, &played, 5000));
  run_for (0.3);
  g_assert_cmpint (g_atomic_int_get (&played.frames), ==, 2);
  g_assert_cmpint (played.strip_ms, >, first_ms);
  sl_player_set_frame_func (player, NULL, NULL, NULL);

  /* Exports hold the JPEGs as they are, in Matroska and in MP4. */
  g_assert_cmpuint (export_and_decode (f, segment, SL_EXPORT_FORMAT_MKV, &error), >=,
                    segment->frames - 1);
  g_assert_no_error (error);
  /* mp4mux takes no JPEG: the export says so rather than failing halfway. */
  g_assert_cmpuint (export_and_decode (f, segment, SL_EXPORT_FORMAT_MP4, &error), ==, 0);
  g_test_message ("MP4: %s", error->message);
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "MP4 files cannot hold the MJPEG video"));
}

static void
test_wrong_password (Recording *f, gconstpointer args)
{
  gint64 id = add_mjpeg_camera (f, "not-the-password");
  SlCamera *camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_AUTH_FAILED, 10000);

  g_assert_nonnull (strstr (sl_camera_get_last_error (camera), "password"));
  stop_recorder (f->recorder);
}

/* The network goes down: reconnecting, then recording again after a gap
 * with its reason. */
static void
test_network_down (Recording *f, gconstpointer args)
{
  gint64 id = add_mjpeg_camera (f, "pass");
  SlCamera *camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_RECORDING, 10000);
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  g_autoptr (GError) error = NULL;
  gint64 up_at;
  SlGap *gap;

  run_for (1.5);
  camsim_control (f->sim, 0, "network?state=down");
  g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECONNECTING, 5000));
  run_for (2);
  camsim_control (f->sim, 0, "network?state=up");
  up_at = g_get_monotonic_time ();
  g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECORDING, 5000));
  g_test_message ("Recording resumed %.2f s after the network came back",
                  (g_get_monotonic_time () - up_at) / 1e6);
  run_for (1.5);
  stop_recorder (f->recorder);

  g_assert_true (
      sl_catalog_query_timeline (f->dir->catalog, id, 0, G_MAXINT64, &segments, &gaps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 2);
  g_assert_cmpuint (gaps->len, ==, 1);
  gap = gaps->pdata[0];
  g_test_message ("Gap of %.2f s: %s", (gap->end_us - gap->start_us) / 1e6,
                  sl_gap_reason_to_string (gap->reason));
  /* camsim closes its MJPEG replies when its network goes down: over HTTP
   * that is the end of the stream (a silent network would time out as a lost
   * connection). */
  g_assert_cmpint (gap->reason, ==, SL_GAP_STREAM_ENDED);
  g_assert_cmpint (gap->end_us - gap->start_us, >, 1500000);
}

/* ---- the stream test of Add Camera ---------------------------------------- */

static void
tested_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;
  char *description = sl_stream_test_finish (result, error);

  if (description != NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, description);
  g_free (description);
}

/* The outcome of a stream test: a G_IO_ERROR_EXISTS "error" holds the
 * description of a stream that works. */
static GError *
stream_test (const char *url, const char *password)
{
  GError *error = NULL;

  sl_stream_test_async (url, "root", password, NULL, tested_cb, &error);
  g_assert_true (wait_until (error_set, &error, 12000));
  g_test_message ("%s: %s", url, error->message);
  return error;
}

static void
test_stream_test (Recording *f, gconstpointer args)
{
  g_autofree char *url = mjpeg_url (f->sim, "mjpg/video.cgi");
  g_autofree char *still = mjpeg_url (f->sim, "jpg/image.cgi");
  g_autoptr (GError) works = stream_test (url, "pass");
  g_autoptr (GError) refused = stream_test (url, "wrong");
  g_autoptr (GError) not_mjpeg = stream_test (still, "pass");

  g_assert_error (works, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpstr (works->message, ==, "MJPEG video");
  g_assert_error (refused, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_assert_error (not_mjpeg, SL_ERROR, SL_ERROR_FAILED);
  g_assert_nonnull (strstr (not_mjpeg->message, "MJPEG"));
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);

  recording_test_add ("/gst/mjpeg/record", with_password, test_record);
  recording_test_add ("/gst/mjpeg/wrong-password", with_password, test_wrong_password);
  recording_test_add ("/gst/mjpeg/network-down", with_password, test_network_down);
  recording_test_add ("/gst/mjpeg/stream-test", with_password, test_stream_test);
  return g_test_run ();
}
