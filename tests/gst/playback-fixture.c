// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>

#include "playback-fixture.h"
#include "sl-time-strip.h"

static const char *const camsim_args[] = { NULL };

static int
compare_segments (gconstpointer a, gconstpointer b)
{
  const SlSegment *x = *(SlSegment *const *)a;
  const SlSegment *y = *(SlSegment *const *)b;

  return x->start_us < y->start_us ? -1 : x->start_us > y->start_us;
}

PlaybackRecording *
playback_recording_new (double before, double gap, double after)
{
  /* Small pictures keep the tests cheap; a key frame every second keeps
   * accurate seeks short. */
  return playback_recording_new_with_query (
      "camera=1&resolution=320x180&fps=15&videokeyframeinterval=15", before, gap, after);
}

PlaybackRecording *
playback_recording_new_with_query (const char *query, double before, double gap, double after)
{
  PlaybackRecording *recording = g_new0 (PlaybackRecording, 1);
  g_autofree char *owner = g_path_get_basename (g_get_prgname ());
  g_autoptr (SlRecorder) recorder = NULL;
  g_autoptr (SlCameraRecord) record = NULL;
  g_auto (GStrv) url = NULL;
  SlCamera *camera;

  recording->sim = camsim_start (camsim_args);
  recording->dir = data_dir_new ();
  recording->camera_id = data_dir_add_camera (recording->dir, recording->sim, 0, "main", NULL);
  record = data_dir_get_camera (recording->dir, recording->camera_id);
  url = g_strsplit (record->main_url, "?", 2);
  g_free (record->main_url);
  record->main_url =
      g_strdup_printf ("%s?camera=1&resolution=320x180&fps=15&videokeyframeinterval=15", url[0]);
  data_dir_update_camera (recording->dir, record);

  recorder = sl_recorder_new (recording->dir->data_dir, owner);
  camera = start_recorder (recorder, recording->camera_id, SL_CAMERA_STATE_RECORDING, 15000);
  run_for (before);
  if (gap > 0)
    {
      camsim_control (recording->sim, 0, "network?state=down");
      g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECONNECTING, 10000));
      run_for (gap);
      camsim_control (recording->sim, 0, "network?state=up");
      g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECORDING, 10000));
      run_for (after);
    }
  stop_recorder (recorder);
  return recording;
}

void
playback_recording_free (PlaybackRecording *recording)
{
  g_clear_pointer (&recording->dir, data_dir_free);
  g_clear_pointer (&recording->sim, camsim_stop);
  g_free (recording);
}

GPtrArray *
playback_recording_segments (PlaybackRecording *recording)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *all = sl_catalog_list_all_segments (recording->dir->catalog, &error);
  GPtrArray *segments = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_segment_free);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SlSegment *segment = all->pdata[i];

      if (segment->camera_id == recording->camera_id && g_str_equal (segment->stream, "main"))
        g_ptr_array_add (segments, sl_segment_copy (segment));
    }
  g_ptr_array_unref (all);
  g_ptr_array_sort (segments, compare_segments);
  return segments;
}

/* ---- splitting ------------------------------------------------------------ */

typedef struct
{
  char *path;
  guint64 running_time;
} Piece;

static void
piece_free (Piece *piece)
{
  g_free (piece->path);
  g_free (piece);
}

static gboolean
file_has_audio (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, &error);
  g_autofree char *uri = gst_filename_to_uri (path, &error);
  g_autoptr (GstDiscovererInfo) info = NULL;
  GList *audio;
  gboolean found;

  g_assert_no_error (error);
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  audio = gst_discoverer_info_get_audio_streams (info);
  found = audio != NULL;
  gst_discoverer_stream_info_list_free (audio);
  return found;
}

/* Cuts @segment's file with splitmuxsink, its audio too when it has some;
 * returns the pieces and where each starts in the file. */
static GPtrArray *
split_file (const SlSegment *segment, double piece)
{
  g_autofree char *stem = g_strndup (segment->path, strlen (segment->path) - strlen (".mkv"));
  g_autofree char *description = g_strdup_printf (
      "filesrc location=\"%s\" ! matroskademux name=d d.video_0 ! queue ! h264parse ! "
      "splitmuxsink name=split muxer=matroskamux max-size-time=%" G_GUINT64_FORMAT
      " location=\"%s-piece%%03d.mkv\" %s",
      segment->path, (guint64)(piece * GST_SECOND), stem,
      file_has_audio (segment->path) ? "d.audio_0 ! queue ! split.audio_%u" : "");
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify)piece_free);

  g_assert_no_error (error);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      g_autoptr (GstMessage) message = gst_bus_timed_pop_filtered (
          bus, 30 * GST_SECOND, GST_MESSAGE_ELEMENT | GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      const GstStructure *s;

      g_assert_nonnull (message);
      g_assert_cmpint (GST_MESSAGE_TYPE (message), !=, GST_MESSAGE_ERROR);
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        break;
      s = gst_message_get_structure (message);
      if (gst_structure_has_name (s, "splitmuxsink-fragment-opened"))
        {
          Piece *p = g_new0 (Piece, 1);

          p->path = g_strdup (gst_structure_get_string (s, "location"));
          g_assert_true (gst_structure_get_uint64 (s, "running-time", &p->running_time));
          g_ptr_array_add (pieces, p);
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return pieces;
}

void
playback_split_segments (DataDir *dir, gint64 camera_id, double piece)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sl_catalog_list_all_segments (dir->catalog, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SlSegment *segment = all->pdata[i];
      g_autoptr (GPtrArray) pieces = NULL;

      if (segment->camera_id != camera_id || !g_str_equal (segment->stream, "main"))
        continue;
      pieces = split_file (segment, piece);
      g_assert_cmpuint (pieces->len, >, 0);

      /* The pieces replace the segment: out of the catalog first. */
      g_assert_true (sl_catalog_retire_segment (dir->catalog, segment->id, &error));
      g_assert_no_error (error);
      g_assert_true (sl_catalog_forget_garbage (dir->catalog, segment->path, &error));
      g_remove (segment->path);

      for (guint j = 0; j < pieces->len; j++)
        {
          Piece *p = pieces->pdata[j];
          SlSegment row = *segment;
          gint64 open_id;

          row.id = 0;
          row.path = p->path;
          row.start_us = segment->start_us + (gint64)(p->running_time / 1000);
          row.end_us = j + 1 < pieces->len
                           ? segment->start_us +
                                 (gint64)(((Piece *)pieces->pdata[j + 1])->running_time / 1000)
                           : segment->end_us;
          row.frames = row.key_frames = 0;
          open_id = sl_catalog_begin_segment (dir->catalog, camera_id, "main", p->path,
                                              row.start_us, &error);
          g_assert_no_error (error);
          sl_catalog_add_segment (dir->catalog, open_id, &row, &error);
          g_assert_no_error (error);
        }
    }
}

/* ---- time strips of BGRA frames ---------------------------------------- */

gboolean
bgra_sample_time_strip (GstSample *sample, gint64 *time_ms)
{
  GstVideoFrame frame;
  GstVideoInfo info;
  g_autofree guint8 *luma = NULL;
  guint width, height;
  gboolean found;

  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
  width = GST_VIDEO_FRAME_WIDTH (&frame);
  height = GST_VIDEO_FRAME_HEIGHT (&frame);
  luma = g_malloc ((gsize)width * height);
  /* BT.601 limited-range luma, as the strip was painted. */
  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = (const guint8 *)GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
                          y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);

      for (guint x = 0; x < width; x++)
        {
          const guint8 *bgra = row + 4 * x;

          luma[y * width + x] = (guint8)(16 + (66 * bgra[2] + 129 * bgra[1] + 25 * bgra[0]) / 256);
        }
    }
  gst_video_frame_unmap (&frame);
  found = sl_time_strip_decode_luma (luma, width, width, height, time_ms);
  return found;
}
