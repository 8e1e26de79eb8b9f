// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>
#include <gst/rtsp/rtsp.h>

#include "sl-camera.h"
#include "sl-clip.h"

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
  GPtrArray *viewers;    /* SlCameraViewer, read by the live branch's thread */
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

typedef struct
{
  gatomicrefcount ref_count;
  guint id;
  SlCameraFrameFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
} SlCameraViewer;

struct _SlCamera
{
  GObject parent_instance;

  SlCatalog *catalog;
  SlCameraRecord *record;
  char *password;
  char *storage_path;

  SlCameraState state;
  double bitrate;
  double frame_rate;
  char *last_error;

  GstElement *pipeline;
  GstElement *splitmux;
  guint bus_watch;
  SlCameraShared shared;
  GHashTable *fragment_starts; /* path -> running time (boxed guint64), main thread */

  guint retry_id;
  guint retry_ms;
  GstRTSPLowerTrans protocol; /* the transport of the next attempt */
  gboolean failing;           /* this pipeline already reported its interruption */
  gboolean reached_recording; /* this pipeline got as far as writing a segment */
  guint finish_timeout_id;
  guint release_id; /* lets video go if an announced stream never comes */
  SlClip *clip;     /* driver "file": the video, loaded once */
  GCancellable *clip_cancellable;

  /* Live video: a tee after the parser feeds the muxer and, while viewers
   * are attached, a decoding branch (sl-camera-live.c). Borrowed from the
   * pipeline; reset with it. */
  GstElement *tee;
  GstElement *live_branch;
  GstPad *live_tee_pad;
  guint next_viewer_id;
  guint attempts; /* connection attempts since start */
  guint probe_id; /* while reconnecting: is the camera reachable yet? */
  GCancellable *probe_cancellable;
  guint stats_id;
  guint64 stats_bytes;
  guint64 stats_frames;
  gint64 stats_time;

  gint64 last_end_us;             /* end of the newest indexed segment */
  SlGapReason pending_reason;     /* why the current or last session ended */
  SlGapReason session_gap_reason; /* why nothing was recorded before this session */
  gboolean session_first;         /* the next closed segment is this session's first */
  gboolean stopping;
  guint pending_writes; /* segments being synced and indexed */
  GTask *stop_task;
};

/* sl-camera-live.c */
gboolean sl_camera_link_video (SlCamera *self, GstPad *out, GstPad *mux_pad);
void sl_camera_video_linked (SlCamera *self, GstElement *tee);
void sl_camera_live_reset (SlCamera *self);
void sl_camera_live_finalize (SlCamera *self);

G_END_DECLS
