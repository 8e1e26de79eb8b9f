// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/sdp/sdp.h>

#include "sl-camera-private.h"
#include "sl-codec.h"

/* What feeds an SlCamera's muxer from an RTSP camera: the streams its SDP
 * announces, a depayloader (and parser) for each stream Sightline stores,
 * and the muxer pads they link to. Runs on rtspsrc's threads. */

void
sl_camera_caps_notify_cb (GstPad *pad, GParamSpec *pspec, SlCameraShared *shared)
{
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;

  if (s == NULL)
    return;
  g_mutex_lock (&shared->lock);
  gst_structure_get_int (s, "width", &shared->width);
  gst_structure_get_int (s, "height", &shared->height);
  g_mutex_unlock (&shared->lock);
}

static gboolean
make_depayloader (const char *media, const char *encoding, GstElement **depay, GstElement **parse);

/* The encoding of an SDP media section: its rtpmap, or a static payload. */
static char *
sdp_encoding (const GstSDPMedia *media)
{
  const char *rtpmap = gst_sdp_media_get_attribute_val (media, "rtpmap");
  const char *format =
      gst_sdp_media_formats_len (media) > 0 ? gst_sdp_media_get_format (media, 0) : NULL;

  if (rtpmap && strchr (rtpmap, ' '))
    {
      const char *name = strchr (rtpmap, ' ') + 1;

      return g_strndup (name, strcspn (name, "/"));
    }
  if (g_strcmp0 (format, "0") == 0)
    return g_strdup ("PCMU");
  if (g_strcmp0 (format, "8") == 0)
    return g_strdup ("PCMA");
  return NULL;
}

void
sl_camera_on_sdp_cb (GstElement *rtspsrc, GstSDPMessage *sdp, gpointer user_data)
{
  SlCameraShared *shared = user_data;
  guint expected = 0;

  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      g_autofree char *encoding = sdp_encoding (media);
      GstElement *depay = NULL, *parse = NULL;

      if (make_depayloader (gst_sdp_media_get_media (media), encoding, &depay, &parse))
        expected++;
      g_clear_object (&depay);
      g_clear_object (&parse);
    }
  g_mutex_lock (&shared->lock);
  shared->expected_streams = expected;
  g_mutex_unlock (&shared->lock);
}

static GstPadProbeReturn
hold_video_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return GST_PAD_PROBE_OK;
}

void
sl_camera_release_video (SlCameraShared *shared)
{
  GstPad *pad;
  gulong id;

  g_mutex_lock (&shared->lock);
  pad = g_steal_pointer (&shared->blocked_pad);
  id = shared->block_id;
  shared->block_id = 0;
  g_mutex_unlock (&shared->lock);
  if (pad)
    {
      gst_pad_remove_probe (pad, id);
      gst_object_unref (pad);
    }
}

/* The depayloader (and parser) of a stream the recorder stores as it comes:
 * H.264 or H.265 video; G.711 or AAC audio. */
static gboolean
make_depayloader (const char *media, const char *encoding, GstElement **depay, GstElement **parse)
{
  static const struct
  {
    const char *media, *encoding, *depay, *parse;
  } kinds[] = {
    { "video", "H264", "rtph264depay", "h264parse" },
    { "video", "H265", "rtph265depay", "h265parse" },
    { "audio", "PCMU", "rtppcmudepay", NULL },
    { "audio", "PCMA", "rtppcmadepay", NULL },
    { "audio", "MPEG4-GENERIC", "rtpmp4gdepay", "aacparse" },
    { "audio", "MP4A-LATM", "rtpmp4adepay", "aacparse" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (media, kinds[i].media) == 0 &&
        g_ascii_strcasecmp (encoding ? encoding : "", kinds[i].encoding) == 0)
      {
        *depay = gst_element_factory_make (kinds[i].depay, NULL);
        *parse = kinds[i].parse ? gst_element_factory_make (kinds[i].parse, NULL) : NULL;
        return *depay != NULL;
      }
  return FALSE;
}

/* The muxer's video pad, requested first: splitmuxsink needs its video pad
 * before any audio pad. Called from rtspsrc's thread. */
GstPad *
sl_camera_dup_video_mux_pad (SlCamera *self)
{
  GstPad *pad;

  g_mutex_lock (&self->shared.lock);
  if (self->shared.video_mux_pad == NULL)
    self->shared.video_mux_pad = gst_element_request_pad_simple (self->splitmux, "video");
  pad = gst_object_ref (self->shared.video_mux_pad);
  g_mutex_unlock (&self->shared.lock);
  return pad;
}

void
sl_camera_pad_added_cb (GstElement *rtspsrc, GstPad *pad, gpointer user_data)
{
  SlCamera *self = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;
  const char *media = s ? gst_structure_get_string (s, "media") : NULL;
  const char *encoding = s ? gst_structure_get_string (s, "encoding-name") : NULL;
  gboolean video = g_strcmp0 (media, "video") == 0;
  GstElement *depay = NULL, *parse = NULL;
  g_autoptr (GstPad) out = NULL;
  g_autoptr (GstPad) mux_pad = NULL;
  g_autoptr (GstPad) depay_sink = NULL;
  int clock_rate = 0;
  gboolean complete;

  if (self->splitmux == NULL)
    return;
  if (!make_depayloader (media, encoding, &depay, &parse))
    {
      if (video)
        {
          GstMessage *message = gst_message_new_error (
              GST_OBJECT (rtspsrc),
              g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND,
                           _ ("The camera sends %s video, which Sightline cannot record yet"),
                           encoding),
              NULL);

          gst_element_post_message (rtspsrc, message);
        }
      else
        g_debug ("Camera %s: not recording its %s stream (%s)", self->record->name, media,
                 encoding);
      return;
    }

  gst_bin_add (GST_BIN (self->pipeline), depay);
  out = gst_element_get_static_pad (depay, "src");
  if (parse)
    {
      gst_bin_add (GST_BIN (self->pipeline), parse);
      gst_element_link (depay, parse);
      gst_object_unref (out);
      out = gst_element_get_static_pad (parse, "src");
    }
  mux_pad = video ? sl_camera_dup_video_mux_pad (self)
                  : gst_element_request_pad_simple (self->splitmux, "audio_%u");
  if (mux_pad == NULL || (video ? !sl_camera_link_video (self, out, mux_pad)
                                : GST_PAD_LINK_FAILED (gst_pad_link (out, mux_pad))))
    g_warning ("Camera %s: cannot record its %s stream (%s)", self->record->name, media, encoding);

  if (video)
    {
      gst_structure_get_int (s, "clock-rate", &clock_rate);
      g_mutex_lock (&self->shared.lock);
      self->shared.clock_rate = clock_rate;
      g_free (self->shared.codec);
      self->shared.codec = g_ascii_strdown (encoding, -1);
      g_mutex_unlock (&self->shared.lock);
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, sl_camera_rtp_probe, &self->shared, NULL);
      gst_pad_add_probe (out, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                         sl_camera_frame_probe, &self->shared, NULL);
      g_signal_connect (out, "notify::caps", G_CALLBACK (sl_camera_caps_notify_cb), &self->shared);
    }
  g_mutex_lock (&self->shared.lock);
  self->shared.linked_streams++;
  complete = self->shared.linked_streams >= self->shared.expected_streams;
  if (video && !complete && self->shared.blocked_pad == NULL)
    {
      self->shared.blocked_pad = gst_object_ref (out);
      self->shared.block_id = gst_pad_add_probe (
          out, GST_PAD_PROBE_TYPE_BLOCK | GST_PAD_PROBE_TYPE_BUFFER, hold_video_cb, NULL, NULL);
    }
  g_mutex_unlock (&self->shared.lock);
  if (complete)
    sl_camera_release_video (&self->shared);

  if (parse)
    gst_element_sync_state_with_parent (parse);
  gst_element_sync_state_with_parent (depay);
  depay_sink = gst_element_get_static_pad (depay, "sink");
  gst_pad_link (pad, depay_sink);
}

/* ---- HTTP MJPEG -------------------------------------------------------- */

/* jpegparse leaves the DTS unset after its first second, and splitmuxsink
 * then waits forever for the decoding time to pass the next key frame: a
 * JPEG is decoded when it is shown. */
static GstPadProbeReturn
dts_from_pts_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (!GST_BUFFER_DTS_IS_VALID (buffer) && GST_BUFFER_PTS_IS_VALID (buffer))
    {
      buffer = gst_buffer_make_writable (buffer);
      GST_BUFFER_DTS (buffer) = GST_BUFFER_PTS (buffer);
      GST_PAD_PROBE_INFO_DATA (info) = buffer;
    }
  return GST_PAD_PROBE_OK;
}

/* Streaming thread: the part stream of the multipart reply. */
static void
http_pad_added_cb (GstElement *demux, GstPad *pad, gpointer user_data)
{
  SlCamera *self = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;
  GstElement *parse;
  g_autoptr (GstPad) parse_sink = NULL;
  g_autoptr (GstPad) out = NULL;
  g_autoptr (GstPad) mux_pad = NULL;

  if (self->splitmux == NULL)
    return;
  if (s == NULL || !gst_structure_has_name (s, "image/jpeg"))
    {
      GstMessage *message =
          gst_message_new_error (GST_OBJECT (demux),
                                 g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND,
                                              _ ("The camera sends %s parts, not JPEG pictures"),
                                              s ? gst_structure_get_name (s) : "?"),
                                 NULL);

      gst_element_post_message (demux, message);
      return;
    }
  parse = gst_element_factory_make ("jpegparse", NULL);
  gst_bin_add (GST_BIN (self->pipeline), parse);
  out = gst_element_get_static_pad (parse, "src");
  gst_pad_add_probe (out, GST_PAD_PROBE_TYPE_BUFFER, dts_from_pts_probe, NULL, NULL);
  mux_pad = sl_camera_dup_video_mux_pad (self);
  if (mux_pad == NULL || !sl_camera_link_video (self, out, mux_pad))
    g_warning ("Camera %s: cannot record its MJPEG stream", self->record->name);
  gst_pad_add_probe (out, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     sl_camera_frame_probe, &self->shared, NULL);
  g_signal_connect (out, "notify::caps", G_CALLBACK (sl_camera_caps_notify_cb), &self->shared);
  g_mutex_lock (&self->shared.lock);
  self->shared.linked_streams++;
  g_mutex_unlock (&self->shared.lock);
  gst_element_sync_state_with_parent (parse);
  parse_sink = gst_element_get_static_pad (parse, "sink");
  gst_pad_link (pad, parse_sink);
}

/* An HTTP MJPEG camera: souphttpsrc → multipartdemux → jpegparse, then the
 * tee and muxer as for RTSP. Every JPEG is a key frame, so segments are cut
 * on time alone. Each picture carries its arrival time on the pipeline's
 * realtime clock (there are no RTCP reports): the session's wall clock stays
 * the local one. No retries inside souphttpsrc: the camera's own reconnects
 * back off and record the gap. */
gboolean
sl_camera_link_http_source (SlCamera *self)
{
  GstElement *demux =
      sl_codec_add_mjpeg_http_source (GST_BIN (self->pipeline), self->record->main_url,
                                      self->record->username, self->password, 5, TRUE);

  if (demux == NULL)
    return FALSE;
  g_signal_connect (demux, "pad-added", G_CALLBACK (http_pad_added_cb), self);
  g_mutex_lock (&self->shared.lock);
  g_free (self->shared.codec);
  self->shared.codec = g_strdup ("mjpeg");
  g_mutex_unlock (&self->shared.lock);
  return TRUE;
}
