// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#include "recording-fixture.h"

/* The recorder under faults: network loss, a refused password, kill -9 in the
 * middle of a segment, a full disk. */

static const char *const with_password[] = { "--username", "root", "--password", "pass", NULL };
static const char *self_path;

static SlGap *
only_gap (DataDir *dir, gint64 camera_id)
{
  g_autoptr (GPtrArray) gaps = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (
      sl_catalog_query_timeline (dir->catalog, camera_id, 0, G_MAXINT64, NULL, &gaps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaps->len, ==, 1);
  return g_memdup2 (gaps->pdata[0], sizeof (SlGap));
}

static void
test_network_down (Recording *f, gconstpointer args)
{
  g_autofree SlGap *gap = NULL;
  gint64 id = data_dir_add_camera (f->dir, f->sim, 0, "sub", "pass");
  SlCamera *camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_RECORDING, 15000);
  gint64 up_at, resumed_at;

  run_for (4);

  camsim_control (f->sim, 0, "network?state=down");
  g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECONNECTING, 10000));
  run_for (10);
  camsim_control (f->sim, 0, "network?state=up");
  up_at = g_get_monotonic_time ();
  g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECORDING, 10000));
  resumed_at = g_get_monotonic_time ();
  g_test_message ("Recording resumed %.2f s after the network came back",
                  (resumed_at - up_at) / 1e6);
  g_assert_cmpint (resumed_at - up_at, <, 3 * G_USEC_PER_SEC);
  run_for (4);
  stop_recorder (f->recorder);

  gap = only_gap (f->dir, id);
  g_test_message ("Gap of %.2f s: %s", (gap->end_us - gap->start_us) / 1e6,
                  sl_gap_reason_to_string (gap->reason));
  g_assert_cmpint (gap->reason, ==, SL_GAP_CONNECTION_LOST);
  g_assert_cmpint (gap->end_us - gap->start_us, >, 9 * G_USEC_PER_SEC);
  g_assert_cmpint (gap->end_us - gap->start_us, <, 14 * G_USEC_PER_SEC);
}

static void
test_wrong_password (Recording *f, gconstpointer args)
{
  g_autoptr (GPtrArray) logs = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = data_dir_add_camera (f->dir, f->sim, 0, "sub", "not-the-password");
  SlCamera *camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_AUTH_FAILED, 15000);
  guint attempts = 0, refusals = 0;

  g_assert_nonnull (strstr (sl_camera_get_last_error (camera), "password"));

  /* No retry storm: the camera stays refused without trying again. */
  run_for (6);
  g_assert_cmpint (sl_camera_get_state (camera), ==, SL_CAMERA_STATE_AUTH_FAILED);
  g_object_get (camera, "attempts", &attempts, NULL);
  g_assert_cmpuint (attempts, ==, 1);
  stop_recorder (f->recorder);

  logs = sl_catalog_list_logs (f->dir->catalog, id, 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < logs->len; i++)
    {
      SlLogEntry *entry = logs->pdata[i];

      if (g_strcmp0 (entry->type, "auth-refused") == 0)
        {
          refusals++;
          g_assert_cmpint (entry->kind, ==, SL_LOG_ALARM);
        }
    }
  g_assert_cmpuint (refusals, ==, 1);
}

/* ---- kill -9 ------------------------------------------------------------- */

static int
run_child_recorder (const char *data_dir)
{
  g_autoptr (SlRecorder) recorder = sl_recorder_new (data_dir, "test-record-faults child");
  g_autoptr (GError) error = NULL;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  if (!sl_recorder_start (recorder, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  DataDir *dir;
  GStatBuf st;
  char *path;
} OpenSegmentWait;

static gboolean
segment_half_written (gpointer data)
{
  OpenSegmentWait *wait = data;
  g_autoptr (GPtrArray) open = sl_catalog_list_open_segments (wait->dir->catalog, NULL);

  if (open == NULL || open->len == 0)
    return FALSE;
  g_free (wait->path);
  wait->path = g_strdup (((SlOpenSegment *)open->pdata[0])->path);
  return g_stat (wait->path, &wait->st) == 0 && wait->st.st_size > 64 * 1024;
}

static void
test_kill_recovery (Recording *f, gconstpointer args)
{
  DataDir *dir = f->dir;
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = data_dir_add_camera (dir, f->sim, 0, "sub", "pass");
  OpenSegmentWait wait = { dir };
  gboolean recovered = FALSE, crash_gap = FALSE;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--child-record",
                            dir->data_dir, NULL);
  g_assert_no_error (error);
  g_assert_true (wait_until (segment_half_written, &wait, 30000));
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, NULL);

  /* The next start indexes what the half-written file holds. */
  record_for (f->recorder, id, 3);

  open = sl_catalog_list_open_segments (dir->catalog, &error);
  g_assert_cmpuint (open->len, ==, 0);
  all = sl_catalog_list_all_segments (dir->catalog, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SlSegment *segment = all->pdata[i];
      GStatBuf st;

      /* What check verifies: every file is there, with the indexed size. */
      g_assert_cmpint (g_stat (segment->path, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, segment->bytes);
      if (g_str_equal (segment->path, wait.path))
        {
          recovered = TRUE;
          g_assert_cmpint (segment->frames, >, 0);
          g_assert_cmpint (segment->end_us, >, segment->start_us);
        }
    }
  g_assert_true (recovered);

  /* The hole between the recovered segment and the next start is a gap
   * "recorder crashed" — unless nothing was lost: segment files are written
   * unbuffered, so when the recorder restarts within a frame of the last
   * frame written the two segments touch (the recorder's CONTIGUOUS_US,
   * 100 ms) and there is no hole to explain. */
  g_assert_true (
      sl_catalog_query_timeline (dir->catalog, id, 0, G_MAXINT64, &segments, &gaps, &error));
  for (guint i = 0; i < gaps->len; i++)
    crash_gap |= ((SlGap *)gaps->pdata[i])->reason == SL_GAP_RECORDER_CRASHED;
  if (!crash_gap)
    {
      SlSegment *first = all->pdata[0];
      SlSegment *next = all->len > 1 ? all->pdata[1] : NULL;

      g_assert_true (g_str_equal (first->path, wait.path));
      g_assert_nonnull (next);
      g_test_message ("No crash gap: the recovered segment ends %.3f s before the next starts",
                      (next->start_us - first->end_us) / 1e6);
      g_assert_cmpint (next->start_us - first->end_us, <=, 100000);
    }
  g_free (wait.path);
}

/* ---- full disk ----------------------------------------------------------- */

static void
test_disk_full (Recording *f, gconstpointer args)
{
  DataDir *dir = f->dir;
  g_autofree char *small = g_build_filename (dir->data_dir, "small-disk", NULL);
  g_autoptr (SlCameraRecord) record = NULL;
  g_autoptr (GPtrArray) logs = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id, storage;
  SlCamera *camera;
  gboolean alarm = FALSE;

  g_mkdir (small, 0750);
  if (mount ("tmpfs", small, "tmpfs", 0, "size=256k") < 0)
    {
      g_test_skip ("Mounting a small tmpfs needs root");
      return;
    }
  storage = sl_catalog_add_storage_root (dir->catalog, small, 0, 0, &error);
  g_assert_no_error (error);
  id = data_dir_add_camera (dir, f->sim, 0, "main", "pass");
  record = data_dir_get_camera (dir, id);
  record->storage_id = storage;
  data_dir_update_camera (dir, record);

  camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_STORAGE_ERROR, 60000);
  g_test_message ("Full disk: %s", sl_camera_get_last_error (camera));

  /* Space returns: recording resumes by itself. */
  g_assert_cmpint (mount ("tmpfs", small, "tmpfs", MS_REMOUNT, "size=64m"), ==, 0);
  g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECORDING, 30000));
  run_for (2);
  stop_recorder (f->recorder);
  g_clear_object (&f->recorder);

  logs = sl_catalog_list_logs (dir->catalog, id, 20, &error);
  for (guint i = 0; i < logs->len; i++)
    alarm |= ((SlLogEntry *)logs->pdata[i])->kind == SL_LOG_ALARM;
  g_assert_true (alarm);
  umount2 (small, MNT_DETACH);
}

/* ---- audio --------------------------------------------------------------- */

static guint
count_audio_buffers (const char *path)
{
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) pipeline =
      play_file (path,
                 "matroskademux name=demux demux.audio_0 ! queue ! appsink name=sink sync=false "
                 "demux.video_0 ! queue ! fakesink sync=false",
                 &sink);
  g_autoptr (GstSample) first = NULL;
  guint count = 0;

  first = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND);
  if (first)
    {
      g_assert_cmpstr (
          gst_structure_get_name (gst_caps_get_structure (gst_sample_get_caps (first), 0)), ==,
          "audio/x-mulaw");
      count++;
      while (gst_app_sink_try_pull_sample (GST_APP_SINK (sink), GST_SECOND))
        count++;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return count;
}

static void
test_audio (Recording *f, gconstpointer args)
{
  g_autoptr (SlCameraRecord) record = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 id = data_dir_add_camera (f->dir, f->sim, 0, "sub", "pass");

  /* The camera sends G.711 with its video: both are recorded. */
  record = data_dir_get_camera (f->dir, id);
  url = g_strconcat (record->main_url, "&audio=1", NULL);
  g_free (record->main_url);
  record->main_url = g_steal_pointer (&url);
  data_dir_update_camera (f->dir, record);

  record_for (f->recorder, id, 5);

  segments = sl_catalog_list_all_segments (f->dir->catalog, &error);
  g_assert_cmpuint (segments->len, ==, 1);
  g_assert_cmpuint (count_audio_buffers (((SlSegment *)segments->pdata[0])->path), >, 10);
}

/* ---- file camera --------------------------------------------------------- */

static void
test_file_camera (Recording *f, gconstpointer args)
{
  DataDir *dir = f->dir;
  g_autofree char *clip = g_build_filename (dir->data_dir, "clip.mkv", NULL);
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (SlSegment) segment = NULL;
  g_autoptr (GError) error = NULL;
  SlCameraRecord record = { 0 };
  gint64 id;

  camsim_make_clip (clip);

  /* A 2 s clip played as a live camera for 5 s: it loops, time goes on. */
  record.name = (char *)"Lobby file";
  record.driver = (char *)"file";
  record.address = clip;
  record.main_url = clip;
  record.enabled = TRUE;
  id = sl_catalog_add_camera (dir->catalog, &record, &error);
  g_assert_no_error (error);

  record_for (f->recorder, id, 5);

  segments = sl_catalog_list_all_segments (dir->catalog, &error);
  g_assert_cmpuint (segments->len, ==, 1);
  segment = sl_segment_copy (segments->pdata[0]);
  g_test_message ("File camera: %.2f s, %" G_GINT64_FORMAT " frames",
                  (segment->end_us - segment->start_us) / 1e6, segment->frames);
  g_assert_cmpint (segment->end_us - segment->start_us, >, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (segment->frames, >, 45);
  g_assert_cmpstr (segment->codec, ==, "h264");
}

/* ---- live viewers -------------------------------------------------------- */

typedef struct
{
  gint frames;
  gint width;
  gint height;
  gint destroyed;
} ViewerCount;

static void
count_frame_cb (GstSample *sample, gpointer user_data)
{
  ViewerCount *count = user_data;
  GstStructure *s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);

  /* Streaming thread. */
  g_assert_cmpstr (gst_structure_get_string (s, "format"), ==, "BGRA");
  gst_structure_get_int (s, "width", &count->width);
  gst_structure_get_int (s, "height", &count->height);
  g_atomic_int_inc (&count->frames);
}

static gboolean
ten_frames (gpointer data)
{
  return g_atomic_int_get (&((ViewerCount *)data)->frames) >= 10;
}

static void
test_live_viewer (Recording *f, gconstpointer args)
{
  gint64 id = data_dir_add_camera (f->dir, f->sim, 0, "sub", "pass");
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GError) error = NULL;
  ViewerCount count = { 0 };
  SlCamera *camera;
  guint viewer;
  gint after_removal;

  camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_RECORDING, 15000);
  g_assert_cmpuint (sl_camera_get_n_viewers (camera), ==, 0);

  /* A viewer gets decoded frames from the recording pipeline... */
  viewer = sl_camera_add_viewer (camera, count_frame_cb, &count, NULL);
  g_assert_true (wait_until (ten_frames, &count, 10000));
  g_assert_cmpint (count.width, ==, 640);
  g_assert_cmpint (count.height, ==, 360);

  /* ...and once it leaves, decoding stops while recording goes on. */
  sl_camera_remove_viewer (camera, viewer);
  g_assert_cmpuint (sl_camera_get_n_viewers (camera), ==, 0);
  run_for (0.5);
  after_removal = g_atomic_int_get (&count.frames);
  run_for (1.5);
  g_assert_cmpint (g_atomic_int_get (&count.frames), ==, after_removal);
  g_assert_cmpint (sl_camera_get_state (camera), ==, SL_CAMERA_STATE_RECORDING);
  stop_recorder (f->recorder);

  segments = sl_catalog_list_all_segments (f->dir->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 1);
  g_assert_cmpint (((SlSegment *)segments->pdata[0])->frames, >, 30);
}

static void
viewer_destroyed_cb (gpointer user_data)
{
  g_atomic_int_inc (&((ViewerCount *)user_data)->destroyed);
}

static gboolean
three_frames (gpointer data)
{
  return g_atomic_int_get (&((ViewerCount *)data)->frames) >= 3;
}

/* camsim's URL of camera 0 at @size, with a key frame every 5 frames: a
 * decoding branch joining the stream starts at a key frame, and the test
 * waits less for one. */
static char *
stream_url (Camsim *sim, const char *size)
{
  const char *url = camsim_rtsp_url (sim, 0, "sub");
  const char *resolution = strstr (url, "resolution=");
  g_autofree char *head = NULL;

  g_assert_nonnull (resolution);
  head = g_strndup (url, resolution - url);
  return g_strdup_printf ("%sresolution=%s%s&videokeyframeinterval=5", head, size,
                          resolution + strcspn (resolution, "&"));
}

#define SWAPS 4

/* The last viewer of @stream leaves and another comes in the same main-loop
 * pass, as when a view with a camera is replaced by another view with the
 * same camera: the old decoding branch goes from an idle while the new one
 * joins the same tee. Each new viewer gets frames (at its size, when it
 * asks for one), and the old one is let go. Then several swaps in one pass. */
static void
swap_viewers (SlCamera *camera, SlCameraStream stream, int width, int height)
{
  ViewerCount counts[2 * SWAPS + 1] = { 0 };
  ViewerCount *last;
  guint viewer;
  gint frames;

  viewer =
      sl_camera_add_stream_viewer (camera, stream, count_frame_cb, &counts[0], viewer_destroyed_cb);
  g_assert_true (wait_until (three_frames, &counts[0], 10000));
  for (guint i = 1; i <= SWAPS; i++)
    {
      /* Every other viewer wants the picture at half size. */
      gboolean half = i % 2 == 1;

      sl_camera_remove_viewer (camera, viewer);
      viewer = sl_camera_add_stream_viewer (camera, stream, count_frame_cb, &counts[i],
                                            viewer_destroyed_cb);
      if (half)
        sl_camera_set_viewer_max_size (camera, viewer, width / 2, height / 2);
      g_assert_cmpuint (sl_camera_get_n_stream_viewers (camera, stream), ==, 1);
      g_assert_true (wait_until (three_frames, &counts[i], 10000));
      g_assert_cmpint (g_atomic_int_get (&counts[i - 1].destroyed), ==, 1);
      g_assert_cmpint (counts[i].width, ==, half ? width / 2 : width);
      g_assert_cmpint (counts[i].height, ==, half ? height / 2 : height);
    }

  for (guint i = SWAPS + 1; i <= 2 * SWAPS; i++)
    {
      sl_camera_remove_viewer (camera, viewer);
      viewer = sl_camera_add_stream_viewer (camera, stream, count_frame_cb, &counts[i],
                                            viewer_destroyed_cb);
    }
  last = &counts[2 * SWAPS];
  g_assert_true (wait_until (three_frames, last, 10000));
  g_assert_cmpint (last->width, ==, width);
  for (guint i = 0; i < 2 * SWAPS; i++)
    g_assert_cmpint (g_atomic_int_get (&counts[i].destroyed), ==, 1);

  /* The branches of the viewers gone are gone too: no frames for them. */
  frames = g_atomic_int_get (&counts[SWAPS].frames);
  sl_camera_remove_viewer (camera, viewer);
  g_assert_cmpuint (sl_camera_get_n_stream_viewers (camera, stream), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&last->destroyed), ==, 1);
  run_for (0.3);
  g_assert_cmpint (g_atomic_int_get (&counts[SWAPS].frames), ==, frames);
}

static void
test_live_viewer_swap (Recording *f, gconstpointer args)
{
  gint64 id = data_dir_add_camera (f->dir, f->sim, 0, "main", "pass");
  g_autoptr (SlCameraRecord) record = data_dir_get_camera (f->dir, id);
  SlCamera *camera;

  g_free (record->main_url);
  record->main_url = stream_url (f->sim, "640x360");
  record->sub_url = stream_url (f->sim, "320x180");
  data_dir_update_camera (f->dir, record);

  camera = start_recorder (f->recorder, id, SL_CAMERA_STATE_RECORDING, 15000);
  g_assert_true (sl_camera_has_sub_stream (camera));
  swap_viewers (camera, SL_CAMERA_STREAM_MAIN, 640, 360);
  swap_viewers (camera, SL_CAMERA_STREAM_SUB, 320, 180);
  g_assert_true (sl_camera_is_sub_stream_running (camera));
  g_assert_cmpint (sl_camera_get_state (camera), ==, SL_CAMERA_STATE_RECORDING);
  stop_recorder (f->recorder);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child-record"))
    {
      gst_init (NULL, NULL);
      return run_child_recorder (argv[2]);
    }

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  self_path = argv[0];
  recording_test_add ("/gst/record/network-down", with_password, test_network_down);
  recording_test_add ("/gst/record/wrong-password", with_password, test_wrong_password);
  recording_test_add ("/gst/record/kill-recovery", with_password, test_kill_recovery);
  recording_test_add ("/gst/record/disk-full", with_password, test_disk_full);
  recording_test_add ("/gst/record/audio", with_password, test_audio);
  recording_test_add ("/gst/record/live-viewer", with_password, test_live_viewer);
  recording_test_add ("/gst/record/live-viewer-swap", with_password, test_live_viewer_swap);
  /* A file camera needs no simulator. */
  recording_test_add ("/gst/record/file-camera", NULL, test_file_camera);
  return g_test_run ();
}
