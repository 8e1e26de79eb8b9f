// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#include "sl-codec.h"
#include "sl-error.h"
#include "sl-segment-file.h"

/* Reads what can be read of a segment file (a truncated Matroska file stays
 * readable up to its last complete block) without decoding. */
gboolean
sl_segment_file_inspect (SlSegment *segment, GError **error)
{
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) source = NULL;
  g_autoptr (GstElement) sink = NULL;
  GstClockTime first = GST_CLOCK_TIME_NONE, last = 0, last_duration = 0;
  gint64 frames = 0, key_frames = 0;

  pipeline = gst_parse_launch ("filesrc name=source ! matroskademux name=demux "
                               "demux.video_0 ! appsink name=sink sync=false",
                               error);
  if (pipeline == NULL)
    return FALSE;
  source = gst_bin_get_by_name (GST_BIN (pipeline), "source");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (source, "location", segment->path, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  for (;;)
    {
      g_autoptr (GstSample) sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
      GstBuffer *buffer;

      if (sample == NULL)
        break;
      buffer = gst_sample_get_buffer (sample);
      if (frames == 0)
        {
          GstStructure *s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
          g_free (segment->codec);
          segment->codec =
              g_strdup (sl_codec_canonical (sl_codec_from_caps (gst_sample_get_caps (sample))));
          gst_structure_get_int (s, "width", &segment->width);
          gst_structure_get_int (s, "height", &segment->height);
        }
      frames++;
      if (!GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
        key_frames++;
      if (GST_BUFFER_PTS_IS_VALID (buffer))
        {
          if (!GST_CLOCK_TIME_IS_VALID (first) || GST_BUFFER_PTS (buffer) < first)
            first = GST_BUFFER_PTS (buffer);
          if (GST_BUFFER_PTS (buffer) >= last)
            {
              last = GST_BUFFER_PTS (buffer);
              last_duration =
                  GST_BUFFER_DURATION_IS_VALID (buffer) ? GST_BUFFER_DURATION (buffer) : 0;
            }
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (frames == 0 || !GST_CLOCK_TIME_IS_VALID (first))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("No readable video in %s"), segment->path);
      return FALSE;
    }
  if (last_duration == 0 && frames > 1)
    last_duration = (last - first) / (frames - 1);
  segment->frames = frames;
  segment->key_frames = key_frames;
  segment->end_us = segment->start_us + (gint64)(last - first + last_duration) / 1000;
  return TRUE;
}

gboolean
sl_segment_file_recover (SlCatalog *catalog,
                         const SlOpenSegment *row,
                         gint64 *end_us,
                         GError **error)
{
  g_autoptr (SlSegment) segment = g_new0 (SlSegment, 1);
  GStatBuf st;

  segment->camera_id = row->camera_id;
  segment->stream = g_strdup (row->stream);
  segment->path = g_strdup (row->path);
  segment->start_us = row->start_us;
  segment->type = SL_RECORDING_CONTINUOUS;

  if (g_stat (row->path, &st) == 0 && st.st_size > 0 && sl_segment_file_inspect (segment, error))
    {
      segment->bytes = st.st_size;
      if (sl_catalog_add_segment (catalog, row->id, segment, error) > 0)
        {
          *end_us = segment->end_us;
          return TRUE;
        }
      return FALSE;
    }
  if (error && *error == NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("The file %s is empty or missing"),
                 row->path);
  /* Nothing to keep: the journal row goes, and an empty file with it. */
  if (g_stat (row->path, &st) == 0 && st.st_size == 0)
    g_unlink (row->path);
  sl_catalog_drop_open_segment (catalog, row->id, NULL);
  return FALSE;
}
