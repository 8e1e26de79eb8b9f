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
const char *sl_camera_get_name (SlCamera *self);
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

/* Live video. A viewer gets the decoded frames of the camera's main stream
 * (GstSample, video/x-raw, format=BGRA, alpha 255) through @func, called on
 * a GStreamer streaming thread: copy nothing there, keep a reference to the
 * sample and hand it to the main thread. Decoding runs only while at least
 * one viewer is attached, on a branch of the recording pipeline (no second
 * connection to the camera); a slow viewer loses frames, recording never
 * waits for it. Viewers survive reconnections. Main thread only. */
typedef void (*SlCameraFrameFunc) (GstSample *sample, gpointer user_data);

guint sl_camera_add_viewer (SlCamera *self,
                            SlCameraFrameFunc func,
                            gpointer user_data,
                            GDestroyNotify destroy);
void sl_camera_remove_viewer (SlCamera *self, guint viewer_id);
guint sl_camera_get_n_viewers (SlCamera *self);

G_END_DECLS
