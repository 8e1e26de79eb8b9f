// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include "sl-codec.h"

static const struct
{
  const char *codec, *media_type, *parser, *decoder;
} codecs[] = {
  { "h264", "video/x-h264", "h264parse", "avdec_h264" },
  { "h265", "video/x-h265", "h265parse", "avdec_h265" },
  { "mjpeg", "image/jpeg", "jpegparse", "jpegdec" },
};

static guint
codec_index (const char *codec)
{
  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    if (g_strcmp0 (codec, codecs[i].codec) == 0)
      return i;
  return 0;
}

const char *
sl_codec_from_caps (const GstCaps *caps)
{
  const GstStructure *s =
      caps != NULL && gst_caps_get_size (caps) > 0 ? gst_caps_get_structure (caps, 0) : NULL;

  for (guint i = 0; s != NULL && i < G_N_ELEMENTS (codecs); i++)
    if (gst_structure_has_name (s, codecs[i].media_type))
      return codecs[i].codec;
  return NULL;
}

const char *
sl_codec_canonical (const char *codec)
{
  return codecs[codec_index (codec)].codec;
}

const char *
sl_codec_parser (const char *codec)
{
  return codecs[codec_index (codec)].parser;
}

const char *
sl_codec_decoder (const char *codec)
{
  return codecs[codec_index (codec)].decoder;
}

GstElement *
sl_codec_add_mjpeg_http_source (GstBin *bin,
                                const char *url,
                                const char *username,
                                const char *password,
                                guint timeout,
                                gboolean do_timestamp)
{
  GstElement *source = gst_element_factory_make ("souphttpsrc", NULL);
  GstElement *demux = gst_element_factory_make ("multipartdemux", NULL);

  if (source == NULL || demux == NULL)
    {
      g_clear_object (&source);
      g_clear_object (&demux);
      return NULL;
    }
  g_object_set (source, "location", url, "is-live", TRUE, "do-timestamp", do_timestamp, "timeout",
                timeout, "retries", 0, NULL);
  if (username != NULL && username[0] != '\0')
    g_object_set (source, "user-id", username, "user-pw", password ? password : "", NULL);
  gst_bin_add_many (bin, source, demux, NULL);
  return gst_element_link (source, demux) ? demux : NULL;
}
