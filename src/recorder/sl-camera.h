// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  SL_CAMERA_STATE_DISABLED,
  SL_CAMERA_STATE_CONNECTING,
  SL_CAMERA_STATE_RECORDING,
  SL_CAMERA_STATE_RECONNECTING,
  SL_CAMERA_STATE_AUTH_FAILED,
  SL_CAMERA_STATE_STORAGE_ERROR,
} SlCameraState;

#define SL_TYPE_CAMERA_STATE (sl_camera_state_get_type ())
GType sl_camera_state_get_type (void);
const char *sl_camera_state_to_string (SlCameraState state);

#define SL_TYPE_CAMERA (sl_camera_get_type ())
G_DECLARE_FINAL_TYPE (SlCamera, sl_camera, SL, CAMERA, GObject)

/* One camera being recorded: its main stream goes through one GStreamer
 * pipeline (rtspsrc → depay → parse → splitmuxsink) into one-minute Matroska
 * segments under STORAGE/camera-ID/YYYY-MM-DD/, indexed in the catalog once
 * closed and synced. Reconnects with backoff; every interruption becomes a
 * gap with its reason. @last_end_us is the end of its newest indexed segment
 * (0 for none). Lives on the main thread. */
SlCamera *sl_camera_new (SlCatalog *catalog,
                         const SlCameraRecord *record,
                         const char *password,
                         const char *storage_path,
                         SlGapReason reason_since_last,
                         gint64 last_end_us);

gint64 sl_camera_get_id (SlCamera *self);
/* The "name" property; main thread. */
const char *sl_camera_get_name (SlCamera *self);
void sl_camera_set_name (SlCamera *self, const char *name);
SlCameraState sl_camera_get_state (SlCamera *self);
double sl_camera_get_bitrate (SlCamera *self); /* bits per second */
double sl_camera_get_frame_rate (SlCamera *self);
const char *sl_camera_get_last_error (SlCamera *self);
/* The "motion" property: whether the camera reports motion now. Set on the
 * main thread by the camera's event channel (SlCameraEvents). */
gboolean sl_camera_get_motion (SlCamera *self);
void sl_camera_set_motion (SlCamera *self, gboolean motion);

void sl_camera_start (SlCamera *self);
/* Closes and indexes the segment being written; the gap until the next start
 * is recorded with @reason. */
void sl_camera_stop_async (SlCamera *self,
                           SlGapReason reason,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
gboolean sl_camera_stop_finish (SlCamera *self, GAsyncResult *result, GError **error);

/* Live video. A viewer gets the decoded frames of one of the camera's
 * streams (GstSample, video/x-raw, format=BGRA, alpha 255) through @func,
 * called on a GStreamer streaming thread: copy nothing there, keep a
 * reference to the sample and hand it to the main thread. Decoding runs only
 * while at least one viewer of a stream is attached. The main stream is
 * decoded on a branch of the recording pipeline (no second connection to the
 * camera); a slow viewer loses frames, recording never waits for it. The sub
 * stream is live only: its own RTSP connection opens with its first viewer
 * and closes a few seconds after the last one left; a camera without a sub
 * stream gives its main stream instead. Viewers survive reconnections. Main
 * thread only. */
typedef void (*SlCameraFrameFunc) (GstSample *sample, gpointer user_data);

typedef enum
{
  SL_CAMERA_STREAM_MAIN,
  SL_CAMERA_STREAM_SUB,
} SlCameraStream;

/* A viewer of the main stream at its own size. */
guint sl_camera_add_viewer (SlCamera *self,
                            SlCameraFrameFunc func,
                            gpointer user_data,
                            GDestroyNotify destroy);
/* A viewer of @stream, at the decoded size until it asks for less. */
guint sl_camera_add_stream_viewer (SlCamera *self,
                                   SlCameraStream stream,
                                   SlCameraFrameFunc func,
                                   gpointer user_data,
                                   GDestroyNotify destroy);
/* The viewer needs no more than @max_width × @max_height pixels (0: the
 * decoded size): the frames of a stream are scaled down after decoding,
 * aspect ratio kept, to fit the largest box of its viewers. */
void sl_camera_set_viewer_max_size (SlCamera *self, guint viewer_id, int max_width, int max_height);
void sl_camera_remove_viewer (SlCamera *self, guint viewer_id);
guint sl_camera_get_n_viewers (SlCamera *self);
/* Viewers of @stream (after the fallback to the main stream). */
guint sl_camera_get_n_stream_viewers (SlCamera *self, SlCameraStream stream);
gboolean sl_camera_has_sub_stream (SlCamera *self);
/* The coded size of @stream, once it has been received; FALSE before. */
gboolean sl_camera_get_stream_size (SlCamera *self, SlCameraStream stream, int *width, int *height);
/* Whether the sub stream's own connection is open (or opening). */
gboolean sl_camera_is_sub_stream_running (SlCamera *self);

G_END_DECLS
