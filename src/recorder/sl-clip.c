// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <gst/app/gstappsrc.h>
#include <gst/app/gstappsink.h>

#include "sl-clip.h"

struct _SlClip
{
  GstCaps *caps;           /* video/x-h264, stream-format=avc, alignment=au */
  GPtrArray *access_units; /* GstBuffer, starting with a key frame */
  GstClockTime first_pts;
  GstClockTime first_dts;
  GstClockTime duration; /* of one pass, including the last frame */
  guint width;
  guint height;
};

/* A feed paces one appsrc: it pushes each access unit when its time comes on
 * the pipeline clock, from one main-context timer per feed. Only timestamps
 * change between passes; the media payload is shared, never copied. */
typedef struct
{
  gatomicrefcount ref_count;
  SlClip *clip;
  GstElement *appsrc;
  guint index;
  GstClockTime pass_offset;
  GstClockTime start;
  gint stopped;
} Feed;

static Feed *
feed_ref (Feed *feed)
{
  g_atomic_ref_count_inc (&feed->ref_count);
  return feed;
}

static void
feed_unref (gpointer data)
{
  Feed *feed = data;

  if (g_atomic_ref_count_dec (&feed->ref_count))
    g_free (feed);
}

SlClip *
sl_clip_load (const char *path, GError **error)
{
  g_autoptr (SlClip) clip = g_new0 (SlClip, 1);
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstElement) source = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  GstClockTime last_pts = 0, frame_duration = 0;

  clip->access_units = g_ptr_array_new_with_free_func ((GDestroyNotify)gst_buffer_unref);
  pipeline = gst_parse_launch ("filesrc name=source ! parsebin ! h264parse ! "
                               "video/x-h264,stream-format=avc,alignment=au ! "
                               "appsink name=sink sync=false",
                               error);
  if (pipeline == NULL)
    return NULL;
  source = gst_bin_get_by_name (GST_BIN (pipeline), "source");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (source, "location", path, NULL);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
                   "Cannot read the clip %s", path);
      return NULL;
    }

  for (;;)
    {
      g_autoptr (GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
      GstBuffer *buffer;

      if (sample == NULL)
        break;
      buffer = gst_sample_get_buffer (sample);
      if (clip->caps == NULL)
        {
          GstStructure *s;

          /* A loop must start on a key frame. */
          if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
            continue;
          clip->caps = gst_caps_copy (gst_sample_get_caps (sample));
          s = gst_caps_get_structure (clip->caps, 0);
          gst_structure_get_int (s, "width", (int *)&clip->width);
          gst_structure_get_int (s, "height", (int *)&clip->height);
          clip->first_pts = GST_BUFFER_PTS (buffer);
          clip->first_dts = GST_BUFFER_DTS_OR_PTS (buffer);
        }
      if (!GST_BUFFER_PTS_IS_VALID (buffer))
        continue;
      if (GST_BUFFER_DURATION_IS_VALID (buffer))
        frame_duration = GST_BUFFER_DURATION (buffer);
      last_pts = MAX (last_pts, GST_BUFFER_PTS (buffer));
      g_ptr_array_add (clip->access_units, gst_buffer_ref (buffer));
    }

  bus = gst_element_get_bus (pipeline);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (message != NULL)
    {
      g_autoptr (GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DEMUX,
                   "Cannot use %s as a loop clip (it must hold H.264 in Matroska or MP4): %s", path,
                   gst_error->message);
      return NULL;
    }
  if (clip->access_units->len < 2)
    {
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DEMUX,
                   "The clip %s has no H.264 video with a key frame", path);
      return NULL;
    }
  if (frame_duration == 0)
    frame_duration = (last_pts - clip->first_pts) / (clip->access_units->len - 1);
  clip->duration = last_pts - clip->first_pts + frame_duration;
  return g_steal_pointer (&clip);
}

void
sl_clip_free (SlClip *clip)
{
  g_clear_pointer (&clip->caps, gst_caps_unref);
  g_clear_pointer (&clip->access_units, g_ptr_array_unref);
  g_free (clip);
}

guint
sl_clip_get_width (SlClip *clip)
{
  return clip->width;
}

guint
sl_clip_get_height (SlClip *clip)
{
  return clip->height;
}

static GstClockTime
running_time_now (GstElement *element)
{
  g_autoptr (GstClock) clock = gst_element_get_clock (element);

  if (clock == NULL)
    return GST_CLOCK_TIME_NONE;
  return gst_clock_get_time (clock) - gst_element_get_base_time (element);
}

static GstClockTime
due_time (Feed *feed, GstBuffer *unit)
{
  return feed->start + feed->pass_offset + GST_BUFFER_DTS_OR_PTS (unit) - feed->clip->first_dts;
}

static gboolean feed_tick_cb (gpointer user_data);

static void
feed_schedule (Feed *feed, GstClockTime delay)
{
  GSource *source = g_timeout_source_new (MAX (1, GST_TIME_AS_MSECONDS (delay)));

  g_source_set_callback (source, feed_tick_cb, feed_ref (feed), feed_unref);
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_attach (source, NULL);
  g_source_unref (source);
}

static gboolean
feed_tick_cb (gpointer user_data)
{
  Feed *feed = user_data;
  GPtrArray *units = feed->clip->access_units;
  GstClockTime now;

  if (g_atomic_int_get (&feed->stopped))
    return G_SOURCE_REMOVE;

  now = GST_STATE (feed->appsrc) == GST_STATE_PLAYING ? running_time_now (feed->appsrc)
                                                      : GST_CLOCK_TIME_NONE;
  if (!GST_CLOCK_TIME_IS_VALID (now))
    {
      feed_schedule (feed, 20 * GST_MSECOND);
      return G_SOURCE_REMOVE;
    }
  if (!GST_CLOCK_TIME_IS_VALID (feed->start))
    feed->start = now;

  while (due_time (feed, units->pdata[feed->index]) <= now)
    {
      GstBuffer *unit = units->pdata[feed->index];
      GstBuffer *out = gst_buffer_copy (unit); /* shares the memory */
      GstClockTime shift = feed->start + feed->pass_offset;

      GST_BUFFER_PTS (out) = shift + GST_BUFFER_PTS (unit) - feed->clip->first_pts;
      GST_BUFFER_DTS (out) = shift + GST_BUFFER_DTS_OR_PTS (unit) - feed->clip->first_dts;
      if (gst_app_src_push_buffer (GST_APP_SRC (feed->appsrc), out) != GST_FLOW_OK)
        {
          g_atomic_int_set (&feed->stopped, TRUE);
          return G_SOURCE_REMOVE;
        }
      if (++feed->index == units->len)
        {
          feed->index = 0;
          feed->pass_offset += feed->clip->duration;
        }
    }
  feed_schedule (feed, due_time (feed, units->pdata[feed->index]) - now);
  return G_SOURCE_REMOVE;
}

static void
appsrc_finalized_cb (gpointer data, GObject *where_the_object_was)
{
  Feed *feed = data;

  g_atomic_int_set (&feed->stopped, TRUE);
  feed_unref (feed);
}

GstElement *
sl_clip_new_source (SlClip *clip)
{
  GstElement *appsrc = gst_element_factory_make ("appsrc", NULL);
  Feed *feed = g_new0 (Feed, 1);

  g_object_set (appsrc, "caps", clip->caps, "format", GST_FORMAT_TIME, "is-live", TRUE,
                "do-timestamp", FALSE, "max-bytes", (guint64)4 * 1024 * 1024, NULL);

  g_atomic_ref_count_init (&feed->ref_count);
  feed->clip = clip;
  feed->appsrc = appsrc; /* weak: the feed stops when the appsrc goes */
  feed->start = GST_CLOCK_TIME_NONE;
  g_object_weak_ref (G_OBJECT (appsrc), appsrc_finalized_cb, feed_ref (feed));
  feed_schedule (feed, 20 * GST_MSECOND);
  feed_unref (feed);
  return appsrc;
}
