// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#include "recording-fixture.h"

void
remove_tree (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (
      file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)))
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

DataDir *
data_dir_new (void)
{
  DataDir *dir = g_new0 (DataDir, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *catalog = NULL;

  /* The keyring is tested in the unit suite; here the 0600 file keeps the
   * passwords. */
  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  dir->data_dir = g_dir_make_tmp ("sl-gst-XXXXXX", &error);
  g_assert_no_error (error);
  catalog = g_build_filename (dir->data_dir, SL_CATALOG_FILE_NAME, NULL);
  dir->catalog = sl_catalog_open (catalog, &error);
  g_assert_no_error (error);
  dir->credentials = sl_credentials_new (dir->data_dir);
  return dir;
}

void
data_dir_free (DataDir *dir)
{
  g_clear_object (&dir->catalog);
  g_clear_object (&dir->credentials);
  if (g_getenv ("SL_KEEP_DATA") == NULL)
    remove_tree (dir->data_dir);
  else
    g_test_message ("Data kept in %s", dir->data_dir);
  g_free (dir->data_dir);
  g_free (dir);
}

gint64
data_dir_add_camera (
    DataDir *dir, Camsim *sim, guint index, const char *profile, const char *password)
{
  JsonObject *camera = camsim_camera (sim, index);
  SlCameraRecord record = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id;

  record.name = (char *)json_object_get_string_member (camera, "name");
  record.driver = (char *)"rtsp";
  record.main_url = (char *)camsim_rtsp_url (sim, index, profile);
  record.username = password ? (char *)"root" : NULL;
  record.enabled = TRUE;
  record.transport = SL_TRANSPORT_TCP_THEN_UDP;
  id = sl_catalog_add_camera (dir->catalog, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (password)
    {
      sl_credentials_store (dir->credentials, id, "root", password, &error);
      g_assert_no_error (error);
    }
  return id;
}

SlCameraRecord *
data_dir_get_camera (DataDir *dir, gint64 camera_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, camera_id);
  g_autoptr (GError) error = NULL;
  SlCameraRecord *record = sl_catalog_find_camera (dir->catalog, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

void
data_dir_update_camera (DataDir *dir, const SlCameraRecord *record)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sl_catalog_update_camera (dir->catalog, record, &error));
  g_assert_no_error (error);
}

static void
recording_set_up (Recording *fixture, gconstpointer camsim_args)
{
  g_autofree char *owner = g_path_get_basename (g_get_prgname ());

  if (camsim_args != NULL)
    fixture->sim = camsim_start (camsim_args);
  fixture->dir = data_dir_new ();
  fixture->recorder = sl_recorder_new (fixture->dir->data_dir, owner);
}

static void
recording_tear_down (Recording *fixture, gconstpointer camsim_args)
{
  g_clear_object (&fixture->recorder);
  g_clear_pointer (&fixture->dir, data_dir_free);
  g_clear_pointer (&fixture->sim, camsim_stop);
}

void
recording_test_add (const char *path,
                    const char *const *camsim_args,
                    void (*test) (Recording *fixture, gconstpointer camsim_args))
{
  g_test_add (path, Recording, camsim_args, recording_set_up, test, recording_tear_down);
}

SlCamera *
find_camera (SlRecorder *recorder, gint64 camera_id)
{
  GPtrArray *cameras = sl_recorder_get_cameras (recorder);

  for (guint i = 0; i < cameras->len; i++)
    if (sl_camera_get_id (cameras->pdata[i]) == camera_id)
      return cameras->pdata[i];
  g_assert_not_reached ();
}

typedef struct
{
  SlCamera *camera;
  SlCameraState state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return sl_camera_get_state (wait->camera) == wait->state;
}

gboolean
wait_for_state (SlCamera *camera, SlCameraState state, guint timeout_ms)
{
  StateWait wait = { camera, state };

  return wait_until (state_reached, &wait, timeout_ms);
}

SlCamera *
start_recorder (SlRecorder *recorder, gint64 camera_id, SlCameraState state, guint timeout_ms)
{
  g_autoptr (GError) error = NULL;
  SlCamera *camera;

  g_assert_true (sl_recorder_start (recorder, &error));
  g_assert_no_error (error);
  camera = find_camera (recorder, camera_id);
  g_assert_true (wait_for_state (camera, state, timeout_ms));
  return camera;
}

static void
stopped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sl_recorder_stop_finish (SL_RECORDER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

void
stop_recorder (SlRecorder *recorder)
{
  gboolean stopped = FALSE;

  sl_recorder_stop_async (recorder, NULL, stopped_cb, &stopped);
  g_assert_true (wait_until (flag_set, &stopped, 20000));
}

void
record_for (SlRecorder *recorder, gint64 camera_id, double seconds)
{
  start_recorder (recorder, camera_id, SL_CAMERA_STATE_RECORDING, 15000);
  run_for (seconds);
  stop_recorder (recorder);
}

GstElement *
play_file (const char *path, const char *elements, GstElement **sink)
{
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! %s", path, elements);
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (description, &error);

  g_assert_no_error (error);
  *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  return pipeline;
}

guint
read_segment_strips (const char *path, gint64 *first_ms, gint64 *last_ms)
{
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) pipeline =
      play_file (path,
                 "matroskademux ! h264parse ! avdec_h264 ! videoconvert ! "
                 "video/x-raw,format=I420 ! appsink name=sink sync=false",
                 &sink);
  guint frames = 0;

  *first_ms = *last_ms = -1;
  for (;;)
    {
      g_autoptr (GstSample) sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND);
      gint64 strip;

      if (sample == NULL)
        break;
      frames++;
      if (camsim_sample_time_strip (sample, &strip))
        {
          if (*first_ms < 0)
            *first_ms = strip;
          *last_ms = strip;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return frames;
}

/* ---- exports ------------------------------------------------------------- */

#define STRIP_SLACK_US (100 * 1000) /* the recorder's time strip accuracy */

/* Plays @path to the end through decodebin, as a player would. */
void
decode_exported_file (const char *path, Decoded *decoded)
{
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) pipeline =
      play_file (path,
                 "decodebin name=d d. ! queue ! videoconvert ! video/x-raw,format=I420 ! "
                 "appsink name=sink sync=false",
                 &sink);
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr (GstMessage) error = NULL;
  GstClockTime previous = GST_CLOCK_TIME_NONE;

  *decoded = (Decoded){ 0, GST_CLOCK_TIME_NONE, 0, 0, -1, -1, 0 };
  for (;;)
    {
      g_autoptr (GstSample) sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND);
      GstClockTime pts;
      gint64 strip;

      if (sample == NULL)
        break;
      pts = GST_BUFFER_PTS (gst_sample_get_buffer (sample));
      decoded->frames++;
      if (!GST_CLOCK_TIME_IS_VALID (decoded->first_pts))
        decoded->first_pts = pts;
      if (GST_CLOCK_TIME_IS_VALID (previous))
        decoded->max_step = MAX (decoded->max_step, pts - previous);
      previous = pts;
      decoded->last_pts = pts;
      if (camsim_sample_time_strip (sample, &strip))
        {
          if (decoded->first_strip_ms < 0)
            decoded->first_strip_ms = strip;
          decoded->last_strip_ms = strip;
          decoded->max_drift_us =
              MAX (decoded->max_drift_us,
                   ABS ((strip - decoded->first_strip_ms) * 1000 - (gint64)pts / 1000));
        }
    }
  g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  error = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_assert_null (error);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

void
check_exported_range (
    const char *path, gint64 from_us, gint64 to_us, gint64 gop_us, gint64 frame_us)
{
  Decoded decoded;
  gint64 range_us = to_us - from_us;
  gint64 duration_us;

  decode_exported_file (path, &decoded);
  g_test_message ("%s: %u frames, %.3f s, first strip %" G_GINT64_FORMAT
                  " ms (range from %" G_GINT64_FORMAT " ms), last %" G_GINT64_FORMAT
                  " ms (to %" G_GINT64_FORMAT " ms)",
                  path, decoded.frames, (decoded.last_pts - decoded.first_pts) / 1e9,
                  decoded.first_strip_ms, from_us / 1000, decoded.last_strip_ms, to_us / 1000);

  /* Starts at the key frame at or before the range start (within a GOP),
   * ends at the last frame at or before its end (within a frame), and the
   * segment boundaries inside leave no hole. */
  g_assert_cmpuint (decoded.first_pts, ==, 0);
  duration_us = (gint64)(decoded.last_pts - decoded.first_pts) / 1000 + frame_us;
  g_assert_cmpint (duration_us, >=, range_us - frame_us - STRIP_SLACK_US);
  g_assert_cmpint (duration_us, <=, range_us + gop_us + frame_us + STRIP_SLACK_US);
  g_assert_cmpuint (decoded.max_step, <, 3 * frame_us * 1000);
  g_assert_cmpint (decoded.frames, >=, (range_us / frame_us) * 9 / 10);

  g_assert_cmpint (decoded.first_strip_ms * 1000, <=, from_us + STRIP_SLACK_US);
  g_assert_cmpint (decoded.first_strip_ms * 1000, >=, from_us - gop_us - STRIP_SLACK_US);
  g_assert_cmpint (decoded.last_strip_ms * 1000, <=, to_us + STRIP_SLACK_US);
  g_assert_cmpint (decoded.last_strip_ms * 1000, >=, to_us - frame_us - STRIP_SLACK_US);
}
