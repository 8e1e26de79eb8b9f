// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <gst/app/gstappsink.h>

#include "sl-camera-private.h"

/* Live video of an SlCamera. The parser's output goes through a tee: one
 * branch is the muxer (recording), the other, present only while viewers are
 * attached, decodes:
 *
 *   tee ─ queue (leaky, 2 s) ─ decoder ─ videoconvert ─ BGRA ─ appsink
 *
 * The queue drops compressed data rather than ever blocking the tee, so a
 * slow decoder costs the viewers frames, never the recording. */

#define LIVE_QUEUE_TIME (2 * GST_SECOND)

static SlCameraViewer *
viewer_ref (SlCameraViewer *viewer)
{
  g_atomic_ref_count_inc (&viewer->ref_count);
  return viewer;
}

static void
viewer_unref (gpointer data)
{
  SlCameraViewer *viewer = data;

  if (!g_atomic_ref_count_dec (&viewer->ref_count))
    return;
  if (viewer->destroy)
    viewer->destroy (viewer->user_data);
  g_free (viewer);
}

/* Streaming thread of the rtspsrc (or the file source). */
gboolean
sl_camera_link_video (SlCamera *self, GstPad *out, GstPad *mux_pad)
{
  GstElement *tee = gst_element_factory_make ("tee", NULL);
  g_autoptr (GstPad) tee_sink = NULL;
  g_autoptr (GstPad) tee_record = NULL;

  /* The recording branch must never wait for a missing viewer branch. */
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  gst_bin_add (GST_BIN (self->pipeline), tee);
  tee_sink = gst_element_get_static_pad (tee, "sink");
  tee_record = gst_element_request_pad_simple (tee, "src_%u");
  if (GST_PAD_LINK_FAILED (gst_pad_link (tee_record, mux_pad)) ||
      GST_PAD_LINK_FAILED (gst_pad_link (out, tee_sink)))
    return FALSE;
  gst_element_sync_state_with_parent (tee);
  /* The main thread learns of the tee, and attaches the viewers' branch. */
  gst_element_post_message (
      tee,
      gst_message_new_application (GST_OBJECT (tee), gst_structure_new_empty ("sl-video-linked")));
  return TRUE;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink, gpointer user_data)
{
  SlCameraShared *shared = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr (GPtrArray) viewers = g_ptr_array_new_with_free_func (viewer_unref);

  if (sample == NULL)
    return GST_FLOW_EOS;
  g_mutex_lock (&shared->lock);
  for (guint i = 0; i < shared->viewers->len; i++)
    g_ptr_array_add (viewers, viewer_ref (shared->viewers->pdata[i]));
  g_mutex_unlock (&shared->lock);

  for (guint i = 0; i < viewers->len; i++)
    {
      SlCameraViewer *viewer = viewers->pdata[i];

      viewer->func (sample, viewer->user_data);
    }
  return GST_FLOW_OK;
}

static GstElement *
make_live_branch (SlCamera *self)
{
  GstElement *bin = gst_bin_new ("live");
  GstElement *queue = gst_element_factory_make ("queue", NULL);
  GstElement *decoder;
  GstElement *convert = gst_element_factory_make ("videoconvert", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr (GstCaps) caps = gst_caps_from_string ("video/x-raw,format=BGRA");
  g_autoptr (GstPad) queue_sink = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  gboolean h265;

  g_mutex_lock (&self->shared.lock);
  h265 = g_strcmp0 (self->shared.codec, "h265") == 0;
  g_mutex_unlock (&self->shared.lock);
  decoder = gst_element_factory_make (h265 ? "avdec_h265" : "avdec_h264", NULL);

  g_object_set (queue, "leaky", 2 /* downstream */, "max-size-buffers", 0, "max-size-bytes", 0,
                "max-size-time", (guint64)LIVE_QUEUE_TIME, NULL);
  g_object_set (filter, "caps", caps, NULL);
  /* Show each frame as soon as it is decoded; keep only the newest. */
  g_object_set (sink, "sync", FALSE, "max-buffers", 1, "drop", TRUE, "enable-last-sample", FALSE,
                "async", FALSE, NULL);
  /* A sink joining a playing pipeline would make it lose its state until
   * the sink prerolls: the pipeline would go to PAUSED, and rtspsrc would
   * pause the camera's stream, and the recording with it. The branch keeps
   * its state changes to itself. */
  g_object_set (bin, "async-handling", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, &self->shared, NULL);

  gst_bin_add_many (GST_BIN (bin), queue, decoder, convert, filter, sink, NULL);
  gst_element_link_many (queue, decoder, convert, filter, sink, NULL);
  queue_sink = gst_element_get_static_pad (queue, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", queue_sink));
  return bin;
}

static void
attach_branch (SlCamera *self)
{
  g_autoptr (GstPad) branch_sink = NULL;

  if (self->tee == NULL || self->live_branch != NULL || self->pipeline == NULL)
    return;
  self->live_branch = make_live_branch (self);
  gst_bin_add (GST_BIN (self->pipeline), self->live_branch);
  /* Playing before linked: a tee pad pushing into an inactive pad gets
   * FLUSHING, which would stop the camera's stream, recording included. */
  gst_element_sync_state_with_parent (self->live_branch);
  self->live_tee_pad = gst_element_request_pad_simple (self->tee, "src_%u");
  branch_sink = gst_element_get_static_pad (self->live_branch, "sink");
  gst_pad_link (self->live_tee_pad, branch_sink);
  g_debug ("Camera %s: decoding for %u viewers", self->record->name, self->shared.viewers->len);
}

typedef struct
{
  GstElement *pipeline;
  GstElement *tee;
  GstElement *branch;
} Detach;

static gboolean
remove_branch_cb (gpointer data)
{
  Detach *detach = data;

  gst_element_set_state (detach->branch, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (detach->pipeline), detach->branch);
  gst_object_unref (detach->branch);
  gst_object_unref (detach->tee);
  gst_object_unref (detach->pipeline);
  g_free (detach);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
unlink_branch_cb (GstPad *tee_pad, GstPadProbeInfo *info, gpointer data)
{
  Detach *detach = data;
  GstPad *peer = gst_pad_get_peer (tee_pad);

  /* The tee is between two buffers: unlink here, dispose on the main thread. */
  if (peer)
    {
      gst_pad_unlink (tee_pad, peer);
      gst_object_unref (peer);
    }
  gst_element_release_request_pad (detach->tee, tee_pad);
  g_idle_add (remove_branch_cb, detach);
  return GST_PAD_PROBE_REMOVE;
}

static void
detach_branch (SlCamera *self)
{
  Detach *detach;

  if (self->live_branch == NULL)
    return;
  detach = g_new0 (Detach, 1);
  detach->pipeline = gst_object_ref (self->pipeline);
  detach->tee = gst_object_ref (self->tee);
  detach->branch = gst_object_ref (self->live_branch);
  gst_pad_add_probe (self->live_tee_pad, GST_PAD_PROBE_TYPE_IDLE, unlink_branch_cb, detach, NULL);
  gst_clear_object (&self->live_tee_pad);
  self->live_branch = NULL;
  g_debug ("Camera %s: no viewers, decoding stops", self->record->name);
}

void
sl_camera_video_linked (SlCamera *self, GstElement *tee)
{
  if (self->pipeline == NULL || GST_OBJECT_PARENT (tee) != GST_OBJECT (self->pipeline))
    return;
  self->tee = tee;
  if (sl_camera_get_n_viewers (self) > 0)
    attach_branch (self);
}

void
sl_camera_live_reset (SlCamera *self)
{
  /* The pipeline takes its elements with it. */
  self->tee = NULL;
  self->live_branch = NULL;
  gst_clear_object (&self->live_tee_pad);
}

void
sl_camera_live_finalize (SlCamera *self)
{
  g_ptr_array_set_free_func (self->shared.viewers, viewer_unref);
  g_ptr_array_unref (self->shared.viewers);
}

guint
sl_camera_add_viewer (SlCamera *self,
                      SlCameraFrameFunc func,
                      gpointer user_data,
                      GDestroyNotify destroy)
{
  SlCameraViewer *viewer;

  g_return_val_if_fail (SL_IS_CAMERA (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  viewer = g_new0 (SlCameraViewer, 1);
  g_atomic_ref_count_init (&viewer->ref_count);
  viewer->id = ++self->next_viewer_id;
  viewer->func = func;
  viewer->user_data = user_data;
  viewer->destroy = destroy;
  g_mutex_lock (&self->shared.lock);
  g_ptr_array_add (self->shared.viewers, viewer);
  g_mutex_unlock (&self->shared.lock);
  attach_branch (self);
  return viewer->id;
}

void
sl_camera_remove_viewer (SlCamera *self, guint viewer_id)
{
  SlCameraViewer *removed = NULL;
  guint left;

  g_return_if_fail (SL_IS_CAMERA (self));

  g_mutex_lock (&self->shared.lock);
  for (guint i = 0; i < self->shared.viewers->len; i++)
    if (((SlCameraViewer *)self->shared.viewers->pdata[i])->id == viewer_id)
      {
        removed = g_ptr_array_steal_index (self->shared.viewers, i);
        break;
      }
  left = self->shared.viewers->len;
  g_mutex_unlock (&self->shared.lock);

  if (removed)
    viewer_unref (removed);
  if (left == 0)
    detach_branch (self);
}

guint
sl_camera_get_n_viewers (SlCamera *self)
{
  guint n;

  g_return_val_if_fail (SL_IS_CAMERA (self), 0);
  g_mutex_lock (&self->shared.lock);
  n = self->shared.viewers->len;
  g_mutex_unlock (&self->shared.lock);
  return n;
}
