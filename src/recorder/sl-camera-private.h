// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>
#include <gst/rtsp/rtsp.h>
#include <gst/sdp/sdp.h>

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

  /* Frames each segment file holds, counted at the video pad of its own
   * muxer (sl-camera-segments.c): path -> FragmentFrames, stored when that
   * pad gets EOS, before splitmuxsink reports the file closed. */
  GHashTable *fragment_frames;
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

  /* The live-only sub stream (sl-camera-substream.c) */
  char *sub_codec;
  int sub_width;
  int sub_height;
} SlCameraShared;

typedef struct
{
  gint64 frames;
  gint64 key_frames;
  GstClockTime end; /* running time: the end of the last frame */
} FragmentFrames;

typedef struct _SlLiveBranch SlLiveBranch;
typedef struct _SlSubStream SlSubStream;

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
   * are attached, decoding branches (sl-camera-live.c). The tee is borrowed
   * from the pipeline and reset with it. */
  GstElement *tee;
  GPtrArray *live_branches; /* SlLiveBranch, one per stream and size */
  SlSubStream *sub;         /* the live-only sub stream, while wanted */
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

  gboolean motion; /* set by the event channel (sl-camera-events.c) */
  /* Main thread: the name after a rename (NULL: record->name, which the
   * streaming threads read and which therefore never changes). */
  char *display_name;
};

/* sl-camera.c */
void sl_camera_log_event (SlCamera *self, SlLogKind kind, const char *type, const char *message);
void sl_camera_set_state (SlCamera *self, SlCameraState state, const char *error);
void sl_camera_count_attempt (SlCamera *self);
/* An MJPEG camera over HTTP (sl-camera-inputs.c), whatever its driver. */
gboolean sl_camera_is_http_camera (SlCamera *self);
void sl_camera_stop_probing (SlCamera *self);
void sl_camera_interrupted (SlCamera *self, SlGapReason reason, const char *message);
void sl_camera_teardown_pipeline (SlCamera *self);
gboolean sl_camera_bus_cb (GstBus *bus, GstMessage *message, gpointer user_data);
gboolean sl_camera_release_video_cb (gpointer user_data);

/* sl-camera-pipeline.c: builds and starts the recording pipeline (or, for
 * a file camera, first loads the clip off the main thread). */
void sl_camera_start_pipeline (SlCamera *self);

/* sl-camera-segments.c: time, frame counts and segment files. Probes and
 * format-location run on streaming threads; the rest on the main thread. */
GstPadProbeReturn sl_camera_rtp_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data);
void sl_camera_new_manager_cb (GstElement *rtspsrc, GstElement *manager, gpointer user_data);
GstPadProbeReturn sl_camera_frame_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data);
void sl_camera_muxer_added_cb (GstElement *splitmux, GstElement *muxer, gpointer user_data);
char *sl_camera_format_location (GstElement *splitmux,
                                 guint fragment_id,
                                 GstSample *first_sample,
                                 gpointer user_data);
void sl_camera_fragment_opened (SlCamera *self, const GstStructure *s);
void sl_camera_fragment_closed (SlCamera *self, const GstStructure *s);
void sl_camera_maybe_finish_stop (SlCamera *self);

/* sl-camera-inputs.c: the streams of an RTSP or HTTP camera, linked to the muxer. */
void sl_camera_caps_notify_cb (GstPad *pad, GParamSpec *pspec, SlCameraShared *shared);
void sl_camera_on_sdp_cb (GstElement *rtspsrc, GstSDPMessage *sdp, gpointer user_data);
void sl_camera_release_video (SlCameraShared *shared);
GstPad *sl_camera_dup_video_mux_pad (SlCamera *self);
void sl_camera_pad_added_cb (GstElement *rtspsrc, GstPad *pad, gpointer user_data);
/* The source of an http(s):// camera (MJPEG), added to the pipeline. */
gboolean sl_camera_link_http_source (SlCamera *self);

/* sl-camera-live.c: decoding branches and their viewers */
gboolean sl_camera_link_video (SlCamera *self, GstPad *out, GstPad *mux_pad);
void sl_camera_video_linked (SlCamera *self, GstElement *tee);
void sl_camera_live_init (SlCamera *self);
void sl_camera_live_reset (SlCamera *self);
void sl_camera_live_stop (SlCamera *self);
void sl_camera_live_resume (SlCamera *self);
void sl_camera_live_dispose (SlCamera *self);
void sl_camera_live_finalize (SlCamera *self);
/* The tee of @stream's pipeline changed (NULL: gone); attach the branches. */
void sl_camera_live_tee_changed (SlCamera *self, SlCameraStream stream);
GstElement *sl_camera_live_make_decoder (const char *codec, int width, int height);

/* sl-camera-substream.c: the live-only pipeline of the sub stream:
 * rtspsrc → depay → parse → tee, without a muxer. */
SlSubStream *sl_sub_stream_new (SlCamera *camera);
void sl_sub_stream_free (SlSubStream *sub);
/* Keeps the connection while @wanted; closes it a few seconds after not. */
void sl_sub_stream_set_wanted (SlSubStream *sub, gboolean wanted);
GstElement *sl_sub_stream_get_tee (SlSubStream *sub);
GstElement *sl_sub_stream_get_pipeline (SlSubStream *sub);
gboolean sl_sub_stream_is_running (SlSubStream *sub);

G_END_DECLS
