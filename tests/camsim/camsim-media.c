// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <gst/video/video.h>

#include "camsim-fixture.h"
#include "sl-time-strip.h"

/* Media the suites share: the clip that the loop source and the file camera
 * play, and the time strip of a decoded frame. In a file of its own, so that
 * programs that only start the simulator do not link GStreamer code. */

void
camsim_make_clip (const char *path)
{
  g_autofree char *description =
      g_strdup_printf ("videotestsrc num-buffers=30 pattern=ball ! "
                       "video/x-raw,format=I420,width=320,height=240,framerate=15/1 ! "
                       "x264enc key-int-max=15 speed-preset=ultrafast ! h264parse ! matroskamux ! "
                       "filesink location=\"%s\"",
                       path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

gboolean
camsim_sample_time_strip (GstSample *sample, gint64 *time_ms)
{
  GstVideoFrame frame;
  GstVideoInfo info;
  gboolean found;

  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
  found = sl_time_strip_decode_luma (
      GST_VIDEO_FRAME_PLANE_DATA (&frame, 0), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
      GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame), time_ms);
  gst_video_frame_unmap (&frame);
  return found;
}
