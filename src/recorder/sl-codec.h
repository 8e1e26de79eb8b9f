// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* The video codecs Sightline records, by the names of the catalog's codec
 * column ("h264", "h265", "mjpeg"), and the elements that parse and decode
 * each: the one place that maps a codec to elements. An unknown or missing
 * codec is taken as H.264, what older segments hold. */

/* "h264", "h265" or "mjpeg" for video/x-h264, video/x-h265 or image/jpeg
 * caps; NULL for anything else. */
const char *sl_codec_from_caps (const GstCaps *caps);
/* @codec when it is one of these, else "h264". */
const char *sl_codec_canonical (const char *codec);
const char *sl_codec_parser (const char *codec);
const char *sl_codec_decoder (const char *codec);

/* Receiving an HTTP MJPEG stream: souphttpsrc ! multipartdemux for @url,
 * added to @bin and linked, authenticating as @username (when not empty)
 * with @password, giving up after @timeout seconds without data and never
 * retrying (callers back off themselves); with @do_timestamp, each part
 * carries its arrival time. The JPEG parts come through the returned
 * demuxer's "pad-added". NULL when the elements are missing. */
GstElement *sl_codec_add_mjpeg_http_source (GstBin *bin,
                                            const char *url,
                                            const char *username,
                                            const char *password,
                                            guint timeout,
                                            gboolean do_timestamp);

G_END_DECLS
