// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gst/video/video.h>

#include "sl-camsim-picture.h"
#include "sl-time-strip.h"

/* The moving picture of a live simulated camera: a bouncing ball on a
 * background of the camera's own colour, a grid that follows pan, tilt and
 * zoom, a box that moves while motion is injected, the camera name and device
 * time as text, and the machine-readable time strip along the bottom edge. */

typedef struct
{
  SlCamsimDevice *device;
  GstElement *label; /* borrowed: lives in the same bin as the probe */
  GstVideoInfo info;
  gboolean have_info;
  guint64 frame;
} Painter;

static const guint32 background_colours[] = {
  0xff1c3d5a, 0xff2d4a22, 0xff5a1c2a, 0xff3f2a5a, 0xff5a4a1c, 0xff1c5a55,
};

static void
painter_free (gpointer data)
{
  Painter *painter = data;

  g_object_unref (painter->device);
  g_free (painter);
}

static void
paint_line (
    guint8 *luma, gsize stride, guint width, guint height, gboolean vertical, int at, guint8 value)
{
  if (vertical)
    {
      if (at < 0 || at + 1 >= (int)width)
        return;
      for (guint y = 0; y < height; y++)
        luma[y * stride + at] = luma[y * stride + at + 1] = value;
    }
  else
    {
      if (at < 0 || at + 1 >= (int)height)
        return;
      memset (luma + at * stride, value, width);
      memset (luma + (at + 1) * stride, value, width);
    }
}

static void
paint_ptz_grid (guint8 *luma, gsize stride, guint width, guint height, SlCamsimPtz ptz)
{
  /* Zoom 1..9999 magnifies 1x..20x; pan and tilt slide the grid so a viewer
   * sees the camera turn. */
  double magnification = 1.0 + (ptz.zoom - 1.0) / 9998.0 * 19.0;
  double spacing = width / 10.0 * magnification;
  double x0 = fmod (-ptz.pan / 360.0 * width * 4.0 * magnification, spacing);
  double y0 = fmod (ptz.tilt / 180.0 * height * 2.0 * magnification, spacing);

  if (x0 < 0)
    x0 += spacing;
  if (y0 < 0)
    y0 += spacing;
  for (double x = x0; x < width; x += spacing)
    paint_line (luma, stride, width, height, TRUE, (int)x, 96);
  for (double y = y0; y < height; y += spacing)
    paint_line (luma, stride, width, height, FALSE, (int)y, 96);
  paint_line (luma, stride, width, height, TRUE, width / 2, 200);
}

static void
paint_motion_box (guint8 *luma, gsize stride, guint width, guint height, guint64 frame)
{
  guint box = MAX (width, height) / 6;
  guint span = width > box ? width - box : 1;
  guint x = (frame * 8) % (2 * span);
  guint y = height / 3;

  if (x >= span)
    x = 2 * span - x;
  for (guint row = y; row < MIN (height, y + box); row++)
    memset (luma + row * stride + x, 235, MIN (box, width - x));
}

static GstPadProbeReturn
paint_probe_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Painter *painter = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstVideoFrame frame;
  gint64 now_ms = sl_camsim_device_now_ms (painter->device);
  SlCamsimPtz ptz = sl_camsim_device_get_ptz (painter->device);
  g_autofree char *name = sl_camsim_device_dup_name (painter->device);
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *text = NULL;
  guint width, height;

  if (!painter->have_info)
    {
      g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);

      if (caps == NULL || !gst_video_info_from_caps (&painter->info, caps))
        return GST_PAD_PROBE_OK;
      painter->have_info = TRUE;
    }

  buffer = gst_buffer_make_writable (buffer);
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_video_frame_map (&frame, &painter->info, buffer, GST_MAP_READWRITE))
    return GST_PAD_PROBE_OK;

  width = GST_VIDEO_FRAME_WIDTH (&frame);
  height = GST_VIDEO_FRAME_HEIGHT (&frame);
  paint_ptz_grid (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0), GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                  width, height - sl_time_strip_height (height), ptz);
  if (sl_camsim_device_get_motion (painter->device))
    paint_motion_box (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                      GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), width,
                      height - sl_time_strip_height (height), painter->frame);
  sl_time_strip_paint_luma (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                            GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), width, height, now_ms);
  for (guint plane = 1; plane < 3; plane++)
    sl_time_strip_paint_chroma (GST_VIDEO_FRAME_PLANE_DATA (&frame, plane),
                                GST_VIDEO_FRAME_PLANE_STRIDE (&frame, plane),
                                GST_VIDEO_FRAME_COMP_WIDTH (&frame, plane),
                                GST_VIDEO_FRAME_COMP_HEIGHT (&frame, plane), height);
  gst_video_frame_unmap (&frame);
  painter->frame++;

  local = g_date_time_new_from_unix_local (now_ms / 1000);
  stamp = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  text = g_strdup_printf ("%s\n%s.%03d\nP %.1f  T %.1f  Z %.0f", name, stamp, (int)(now_ms % 1000),
                          ptz.pan, ptz.tilt, ptz.zoom);
  g_object_set (painter->label, "text", text, NULL);
  return GST_PAD_PROBE_OK;
}

GstElement *
sl_camsim_picture_new_source (
    SlCamsimDevice *device, guint width, guint height, guint fps, gboolean live, gint num_buffers)
{
  GstElement *bin = gst_bin_new (NULL);
  GstElement *source = gst_element_factory_make ("videotestsrc", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *label = gst_element_factory_make ("textoverlay", NULL);
  guint index = sl_camsim_device_get_index (device);
  g_autoptr (GstCaps) caps = NULL;
  g_autoptr (GstPad) pad = NULL;
  Painter *painter;

  g_object_set (source, "is-live", live, "pattern", 18 /* ball */, "num-buffers", num_buffers,
                "background-color",
                background_colours[(index - 1) % G_N_ELEMENTS (background_colours)], NULL);
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420", "width", G_TYPE_INT,
                              width, "height", G_TYPE_INT, height, "framerate", GST_TYPE_FRACTION,
                              fps, 1, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (label, "valignment", 2 /* top */, "halignment", 0 /* left */, "shaded-background",
                TRUE, "font-desc", height >= 720 ? "Sans 20" : "Sans 11", NULL);

  gst_bin_add_many (GST_BIN (bin), source, filter, label, NULL);
  gst_element_link_many (source, filter, label, NULL);

  painter = g_new0 (Painter, 1);
  painter->device = g_object_ref (device);
  painter->label = label;
  pad = gst_element_get_static_pad (filter, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, paint_probe_cb, painter, painter_free);

  {
    g_autoptr (GstPad) src = gst_element_get_static_pad (label, "src");

    gst_element_add_pad (bin, gst_ghost_pad_new ("src", src));
  }
  return bin;
}
