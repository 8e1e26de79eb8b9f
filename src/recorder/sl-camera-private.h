// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

#include "sl-camera.h"

G_BEGIN_DECLS

/* What the streaming threads share with the main thread, under lock. */
typedef struct
{
  GMutex lock;

  /* Wall clock of the session: wall_ns = running_time + offset_ns. Starts at
   * the pipeline's base time (local clock: the realtime system clock) and is
   * refined from the camera's first RTCP sender report until the first
   * segment of the session is indexed, then frozen so that segments stay
   * contiguous. */
  gint64 offset_ns;
  gboolean offset_from_rtcp;
  gboolean offset_frozen;

  /* Last RTP packet of the video stream, to map RTCP sender reports. */
  guint32 ssrc;
  guint clock_rate;
  guint32 last_rtp_time;
  GstClockTime last_rtp_running_time;
  gboolean have_rtp;

  /* Frames that entered the muxer, for per-segment frame counts. */
  GArray *frames; /* FrameMark */
  guint64 bytes_total;
  guint64 frames_total;

  /* Segment files being written: path -> open-segment id in the catalog. */
  GHashTable *open_segments;

  gboolean flowing;      /* video reached the muxer in this session */
  GstPad *video_mux_pad; /* requested before any audio pad */
  /* The muxer writes its headers with the first buffer, so video waits until
   * every stream the SDP announced is linked (or a short timeout). */
  guint expected_streams;
  guint linked_streams;
  GstPad *blocked_pad;
  gulong block_id;
  gboolean ended; /* EOS reached the muxer: the next closed segment is the last */
  GstClockTime last_frame_end;

  char *codec;
  int width;
  int height;
} SlCameraShared;

typedef struct
{
  GstClockTime running_time;
  gboolean key;
} FrameMark;

G_END_DECLS
