// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <gst/app/gstappsink.h>

#include "sl-camera-private.h"
#include "sl-codec.h"

/* Live video of an SlCamera. Each stream's parser output goes through a tee:
 * on the main stream one branch is the muxer (recording); on the sub stream
 * (sl-camera-substream.c) nothing else. While viewers are attached, a
 * decoding branch per stream and size hangs on the tee:
 *
 *   tee ─ queue (leaky, 2 s) ─ decoder ─ videoscale ─ videoconvert ─ BGRA ─ appsink
 *
 * The queue drops compressed data rather than ever blocking the tee, so a
 * slow decoder costs the viewers frames, never the recording. The viewers of
 * a stream share its branch. The picture is scaled down in the branch to the
 * largest size its viewers asked for: a small tile then costs a small
 * conversion, upload and drawing, and the renderer draws it unscaled. */

#define LIVE_QUEUE_TIME (2 * GST_SECOND)

typedef struct
{
  gatomicrefcount ref_count;
  guint id;
  SlCameraFrameFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
  int max_width; /* 0: as decoded */
  int max_height;
} SlCameraViewer;

struct _SlLiveBranch
{
  gatomicrefcount ref_count;
  SlCameraStream stream;
  char *camera_name; /* for the log */

  GMutex lock;
  GPtrArray *viewers; /* SlCameraViewer, read by the appsink's thread */
  GstElement *filter; /* the size of the frames, in the current bin */
  int decoded_width;  /* from the decoder's caps */
  int decoded_height;
  int par_n;
  int par_d;
  int box_width; /* the largest size a viewer asked for; 0: as decoded */
  int box_height;

  /* Main thread: while attached to the stream's tee. */
  GstElement *bin;
  GstPad *tee_pad;
};

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

static SlLiveBranch *
branch_ref (SlLiveBranch *branch)
{
  g_atomic_ref_count_inc (&branch->ref_count);
  return branch;
}

static void
branch_unref (gpointer data)
{
  SlLiveBranch *branch = data;

  if (!g_atomic_ref_count_dec (&branch->ref_count))
    return;
  g_ptr_array_unref (branch->viewers);
  gst_clear_object (&branch->filter);
  g_free (branch->camera_name);
  g_mutex_clear (&branch->lock);
  g_free (branch);
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
  /* The main thread learns of the tee, and attaches the viewers' branches. */
  gst_element_post_message (
      tee,
      gst_message_new_application (GST_OBJECT (tee), gst_structure_new_empty ("sl-video-linked")));
  return TRUE;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink, gpointer user_data)
{
  SlLiveBranch *branch = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr (GPtrArray) viewers = NULL;

  if (sample == NULL)
    return GST_FLOW_EOS;
  /* The list is replaced, never changed, once published (replace_viewers()):
   * a reference is all a frame needs, no copy per frame. */
  g_mutex_lock (&branch->lock);
  viewers = g_ptr_array_ref (branch->viewers);
  g_mutex_unlock (&branch->lock);

  for (guint i = 0; i < viewers->len; i++)
    {
      SlCameraViewer *viewer = viewers->pdata[i];

      viewer->func (sample, viewer->user_data);
    }
  return GST_FLOW_OK;
}

/* The size the branch's frames get: the decoded picture scaled down to fit
 * the box of its viewers, aspect ratio kept, even sizes for 4:2:0. */
static void
update_frame_size (SlLiveBranch *branch)
{
  g_autoptr (GstCaps) caps = NULL;
  g_autoptr (GstElement) filter = NULL;
  double scale = 1.0;
  int width, height;

  g_mutex_lock (&branch->lock);
  if (branch->filter == NULL || branch->decoded_width <= 0 || branch->decoded_height <= 0)
    {
      g_mutex_unlock (&branch->lock);
      return;
    }
  filter = gst_object_ref (branch->filter);
  if (branch->box_width > 0 && branch->box_height > 0)
    {
      double display_width = (double)branch->decoded_width * branch->par_n / MAX (branch->par_d, 1);

      scale = MIN (1.0, MIN (branch->box_width / display_width,
                             (double)branch->box_height / branch->decoded_height));
    }
  width = MAX (2, (int)(branch->decoded_width * scale + 0.5) & ~1);
  height = MAX (2, (int)(branch->decoded_height * scale + 0.5) & ~1);
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA", "width", G_TYPE_INT,
                              width, "height", G_TYPE_INT, height, "pixel-aspect-ratio",
                              GST_TYPE_FRACTION, branch->par_n, MAX (branch->par_d, 1), NULL);
  g_debug ("Camera %s: %s stream decoded at %dx%d, shown at %dx%d", branch->camera_name,
           branch->stream == SL_CAMERA_STREAM_SUB ? "sub" : "main", branch->decoded_width,
           branch->decoded_height, width, height);
  g_mutex_unlock (&branch->lock);
  g_object_set (filter, "caps", caps, NULL);
}

/* The decoder's output caps: the size of the stream. */
static GstPadProbeReturn
decoded_caps_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  SlLiveBranch *branch = user_data;
  GstCaps *caps;
  GstStructure *s;
  int width = 0, height = 0, par_n = 1, par_d = 1;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  s = gst_caps_get_structure (caps, 0);
  if (!gst_structure_get_int (s, "width", &width) || !gst_structure_get_int (s, "height", &height))
    return GST_PAD_PROBE_OK;
  gst_structure_get_fraction (s, "pixel-aspect-ratio", &par_n, &par_d);
  g_mutex_lock (&branch->lock);
  branch->decoded_width = width;
  branch->decoded_height = height;
  branch->par_n = par_n;
  branch->par_d = par_d;
  g_mutex_unlock (&branch->lock);
  update_frame_size (branch);
  return GST_PAD_PROBE_OK;
}

/* Main thread: the box of the branch's viewers changed. */
static void
update_box (SlLiveBranch *branch)
{
  int width = 0, height = 0;
  gboolean unlimited = FALSE;

  g_mutex_lock (&branch->lock);
  for (guint i = 0; i < branch->viewers->len; i++)
    {
      SlCameraViewer *viewer = branch->viewers->pdata[i];

      if (viewer->max_width <= 0 || viewer->max_height <= 0)
        unlimited = TRUE;
      width = MAX (width, viewer->max_width);
      height = MAX (height, viewer->max_height);
    }
  if (unlimited)
    width = height = 0;
  if (width == branch->box_width && height == branch->box_height)
    {
      g_mutex_unlock (&branch->lock);
      return;
    }
  branch->box_width = width;
  branch->box_height = height;
  g_mutex_unlock (&branch->lock);
  update_frame_size (branch);
}

/* A branch joining a running stream starts at its next key frame: what
 * comes before refers to pictures the decoder never saw, and would show as
 * grey smears until then. */
static GstPadProbeReturn
wait_for_key_frame_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_REMOVE;
}

/* Up to 720p one thread decodes in a few milliseconds: frame threads would
 * only add a frame of latency each and thread switches. */
GstElement *
sl_camera_live_make_decoder (const char *codec, int width, int height)
{
  GstElement *decoder = gst_element_factory_make (sl_codec_decoder (codec), NULL);

  if (width > 0 && height > 0 && (gint64)width * height <= 1280 * 720 &&
      g_object_class_find_property (G_OBJECT_GET_CLASS (decoder), "max-threads"))
    g_object_set (decoder, "max-threads", 1, NULL);
  return decoder;
}

static GstElement *
make_branch_bin (SlCamera *self, SlLiveBranch *branch)
{
  GstElement *bin = gst_bin_new (NULL);
  GstElement *queue = gst_element_factory_make ("queue", NULL);
  GstElement *decoder;
  /* Scaling the decoder's 4:2:0 picture before converting it to BGRA costs
   * the least (videoconvertscale, in one pass, takes three times as long);
   * at the decoded size videoscale passes frames through. */
  GstElement *scale = gst_element_factory_make ("videoscale", NULL);
  GstElement *convert = gst_element_factory_make ("videoconvert", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr (GstCaps) caps = gst_caps_from_string ("video/x-raw,format=BGRA");
  g_autoptr (GstPad) queue_sink = NULL;
  g_autoptr (GstPad) decoder_src = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  g_autofree char *codec = NULL;
  gboolean sub = branch->stream == SL_CAMERA_STREAM_SUB;
  int width, height;

  g_mutex_lock (&self->shared.lock);
  codec = g_strdup (sub ? self->shared.sub_codec : self->shared.codec);
  width = sub ? self->shared.sub_width : self->shared.width;
  height = sub ? self->shared.sub_height : self->shared.height;
  g_mutex_unlock (&self->shared.lock);
  decoder = sl_camera_live_make_decoder (codec, width, height);

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
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, branch_ref (branch), branch_unref);

  gst_bin_add_many (GST_BIN (bin), queue, decoder, scale, convert, filter, sink, NULL);
  gst_element_link_many (queue, decoder, scale, convert, filter, sink, NULL);
  decoder_src = gst_element_get_static_pad (decoder, "src");
  gst_pad_add_probe (decoder_src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, decoded_caps_cb,
                     branch_ref (branch), branch_unref);
  g_mutex_lock (&branch->lock);
  gst_object_replace ((GstObject **)&branch->filter, GST_OBJECT (filter));
  branch->decoded_width = branch->decoded_height = 0;
  g_mutex_unlock (&branch->lock);
  queue_sink = gst_element_get_static_pad (queue, "sink");
  gst_pad_add_probe (queue_sink, GST_PAD_PROBE_TYPE_BUFFER, wait_for_key_frame_cb, NULL, NULL);
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", queue_sink));
  return bin;
}

static GstElement *
tee_of (SlCamera *self, SlCameraStream stream)
{
  if (stream == SL_CAMERA_STREAM_SUB)
    return self->sub != NULL ? sl_sub_stream_get_tee (self->sub) : NULL;
  return self->tee;
}

static void
attach_branch (SlCamera *self, SlLiveBranch *branch)
{
  GstElement *tee = tee_of (self, branch->stream);
  GstElement *pipeline;
  g_autoptr (GstPad) branch_sink = NULL;

  if (tee == NULL || branch->bin != NULL)
    return;
  pipeline = GST_ELEMENT (GST_OBJECT_PARENT (tee));
  branch->bin = make_branch_bin (self, branch);
  gst_bin_add (GST_BIN (pipeline), branch->bin);
  /* Playing before linked: a tee pad pushing into an inactive pad gets
   * FLUSHING, which would stop the camera's stream, recording included. */
  gst_element_sync_state_with_parent (branch->bin);
  branch->tee_pad = gst_element_request_pad_simple (tee, "src_%u");
  branch_sink = gst_element_get_static_pad (branch->bin, "sink");
  gst_pad_link (branch->tee_pad, branch_sink);
  g_debug ("Camera %s: decoding its %s stream for %u viewers", self->record->name,
           branch->stream == SL_CAMERA_STREAM_SUB ? "sub" : "main", branch->viewers->len);
}

typedef struct
{
  GstElement *pipeline;
  GstElement *tee;
  GstElement *bin;
} Detach;

static gboolean
remove_branch_cb (gpointer data)
{
  Detach *detach = data;

  gst_element_set_state (detach->bin, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (detach->pipeline), detach->bin);
  gst_object_unref (detach->bin);
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
detach_branch (SlCamera *self, SlLiveBranch *branch)
{
  Detach *detach;
  GstElement *tee;

  if (branch->bin == NULL)
    return;
  tee = GST_ELEMENT (GST_OBJECT_PARENT (branch->tee_pad));
  detach = g_new0 (Detach, 1);
  detach->pipeline = gst_object_ref (GST_OBJECT_PARENT (tee));
  detach->tee = gst_object_ref (tee);
  detach->bin = gst_object_ref (branch->bin);
  gst_pad_add_probe (branch->tee_pad, GST_PAD_PROBE_TYPE_IDLE, unlink_branch_cb, detach, NULL);
  gst_clear_object (&branch->tee_pad);
  branch->bin = NULL;
  g_debug ("Camera %s: no viewers of its %s stream, decoding stops", self->record->name,
           branch->stream == SL_CAMERA_STREAM_SUB ? "sub" : "main");
}

static gboolean
wants_sub_stream (SlCamera *self)
{
  for (guint i = 0; i < self->live_branches->len; i++)
    if (((SlLiveBranch *)self->live_branches->pdata[i])->stream == SL_CAMERA_STREAM_SUB)
      return TRUE;
  return FALSE;
}

static void
update_sub_stream (SlCamera *self)
{
  gboolean wanted = wants_sub_stream (self) && self->record->enabled && !self->stopping;

  if (wanted && self->sub == NULL)
    self->sub = sl_sub_stream_new (self);
  if (self->sub != NULL)
    sl_sub_stream_set_wanted (self->sub, wanted);
}

void
sl_camera_live_tee_changed (SlCamera *self, SlCameraStream stream)
{
  for (guint i = 0; i < self->live_branches->len; i++)
    {
      SlLiveBranch *branch = self->live_branches->pdata[i];

      if (branch->stream != stream)
        continue;
      /* The pipeline took the old branch with it. */
      branch->bin = NULL;
      gst_clear_object (&branch->tee_pad);
      attach_branch (self, branch);
    }
}

void
sl_camera_video_linked (SlCamera *self, GstElement *tee)
{
  if (self->pipeline == NULL || GST_OBJECT_PARENT (tee) != GST_OBJECT (self->pipeline))
    return;
  self->tee = tee;
  sl_camera_live_tee_changed (self, SL_CAMERA_STREAM_MAIN);
}

void
sl_camera_live_init (SlCamera *self)
{
  self->live_branches = g_ptr_array_new_with_free_func (branch_unref);
}

void
sl_camera_live_reset (SlCamera *self)
{
  /* The pipeline takes its elements with it. */
  self->tee = NULL;
  sl_camera_live_tee_changed (self, SL_CAMERA_STREAM_MAIN);
}

void
sl_camera_live_stop (SlCamera *self)
{
  if (self->sub != NULL)
    sl_sub_stream_set_wanted (self->sub, FALSE);
}

void
sl_camera_live_resume (SlCamera *self)
{
  update_sub_stream (self);
}

void
sl_camera_live_dispose (SlCamera *self)
{
  g_clear_pointer (&self->sub, sl_sub_stream_free);
  self->tee = NULL;
  for (guint i = 0; i < self->live_branches->len; i++)
    {
      SlLiveBranch *branch = self->live_branches->pdata[i];

      branch->bin = NULL;
      gst_clear_object (&branch->tee_pad);
    }
}

void
sl_camera_live_finalize (SlCamera *self)
{
  for (guint i = 0; i < self->live_branches->len; i++)
    {
      SlLiveBranch *branch = self->live_branches->pdata[i];

      g_mutex_lock (&branch->lock);
      g_ptr_array_unref (branch->viewers);
      branch->viewers = g_ptr_array_new_with_free_func (viewer_unref);
      g_mutex_unlock (&branch->lock);
    }
  g_ptr_array_unref (self->live_branches);
}

/* Main thread: the branch's viewers become a copy of them with @add added
 * (or NULL) and @remove left out (or 0). Frames being handed out keep the
 * list they started with. Returns the viewer removed, with its reference. */
static SlCameraViewer *
replace_viewers (SlLiveBranch *branch, SlCameraViewer *add, guint remove)
{
  g_autoptr (GPtrArray) old = NULL;
  GPtrArray *next = g_ptr_array_new_with_free_func (viewer_unref);
  SlCameraViewer *removed = NULL;

  g_mutex_lock (&branch->lock);
  for (guint i = 0; i < branch->viewers->len; i++)
    {
      SlCameraViewer *viewer = branch->viewers->pdata[i];

      if (remove != 0 && viewer->id == remove)
        removed = viewer_ref (viewer);
      else
        g_ptr_array_add (next, viewer_ref (viewer));
    }
  if (add != NULL)
    g_ptr_array_add (next, add);
  old = branch->viewers;
  branch->viewers = next;
  g_mutex_unlock (&branch->lock);
  return removed;
}

static SlLiveBranch *
find_branch (SlCamera *self, SlCameraStream stream)
{
  SlLiveBranch *branch;

  for (guint i = 0; i < self->live_branches->len; i++)
    {
      branch = self->live_branches->pdata[i];
      if (branch->stream == stream)
        return branch;
    }
  branch = g_new0 (SlLiveBranch, 1);
  g_atomic_ref_count_init (&branch->ref_count);
  branch->stream = stream;
  branch->camera_name = g_strdup (self->record->name);
  branch->par_n = branch->par_d = 1;
  g_mutex_init (&branch->lock);
  branch->viewers = g_ptr_array_new_with_free_func (viewer_unref);
  g_ptr_array_add (self->live_branches, branch);
  return branch;
}

guint
sl_camera_add_stream_viewer (SlCamera *self,
                             SlCameraStream stream,
                             SlCameraFrameFunc func,
                             gpointer user_data,
                             GDestroyNotify destroy)
{
  SlCameraViewer *viewer;
  SlLiveBranch *branch;

  g_return_val_if_fail (SL_IS_CAMERA (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  if (!sl_camera_has_sub_stream (self))
    stream = SL_CAMERA_STREAM_MAIN;
  viewer = g_new0 (SlCameraViewer, 1);
  g_atomic_ref_count_init (&viewer->ref_count);
  viewer->id = ++self->next_viewer_id;
  viewer->func = func;
  viewer->user_data = user_data;
  viewer->destroy = destroy;

  branch = find_branch (self, stream);
  replace_viewers (branch, viewer, 0);
  update_box (branch);
  if (stream == SL_CAMERA_STREAM_SUB)
    update_sub_stream (self);
  attach_branch (self, branch);
  return viewer->id;
}

guint
sl_camera_add_viewer (SlCamera *self,
                      SlCameraFrameFunc func,
                      gpointer user_data,
                      GDestroyNotify destroy)
{
  return sl_camera_add_stream_viewer (self, SL_CAMERA_STREAM_MAIN, func, user_data, destroy);
}

void
sl_camera_remove_viewer (SlCamera *self, guint viewer_id)
{
  g_return_if_fail (SL_IS_CAMERA (self));

  for (guint i = 0; i < self->live_branches->len; i++)
    {
      SlLiveBranch *branch = self->live_branches->pdata[i];
      SlCameraViewer *removed = NULL;
      guint left;

      removed = replace_viewers (branch, NULL, viewer_id);
      left = branch->viewers->len;
      if (removed == NULL)
        continue;

      viewer_unref (removed);
      update_box (branch);
      if (left == 0)
        {
          SlCameraStream stream = branch->stream;

          detach_branch (self, branch);
          g_ptr_array_remove_index (self->live_branches, i);
          if (stream == SL_CAMERA_STREAM_SUB)
            update_sub_stream (self);
        }
      return;
    }
}

void
sl_camera_set_viewer_max_size (SlCamera *self, guint viewer_id, int max_width, int max_height)
{
  g_return_if_fail (SL_IS_CAMERA (self));

  for (guint i = 0; i < self->live_branches->len; i++)
    {
      SlLiveBranch *branch = self->live_branches->pdata[i];
      gboolean found = FALSE;

      g_mutex_lock (&branch->lock);
      for (guint j = 0; j < branch->viewers->len && !found; j++)
        {
          SlCameraViewer *viewer = branch->viewers->pdata[j];

          if (viewer->id == viewer_id)
            {
              viewer->max_width = MAX (0, max_width);
              viewer->max_height = MAX (0, max_height);
              found = TRUE;
            }
        }
      g_mutex_unlock (&branch->lock);
      if (found)
        {
          update_box (branch);
          return;
        }
    }
}

guint
sl_camera_get_n_stream_viewers (SlCamera *self, SlCameraStream stream)
{
  guint n = 0;

  g_return_val_if_fail (SL_IS_CAMERA (self), 0);
  for (guint i = 0; i < self->live_branches->len; i++)
    {
      SlLiveBranch *branch = self->live_branches->pdata[i];

      if (branch->stream == stream)
        n += branch->viewers->len;
    }
  return n;
}

guint
sl_camera_get_n_viewers (SlCamera *self)
{
  return sl_camera_get_n_stream_viewers (self, SL_CAMERA_STREAM_MAIN) +
         sl_camera_get_n_stream_viewers (self, SL_CAMERA_STREAM_SUB);
}

gboolean
sl_camera_has_sub_stream (SlCamera *self)
{
  g_return_val_if_fail (SL_IS_CAMERA (self), FALSE);

  return self->record->sub_url != NULL && self->record->sub_url[0] != '\0';
}

gboolean
sl_camera_get_stream_size (SlCamera *self, SlCameraStream stream, int *width, int *height)
{
  gboolean known;

  g_return_val_if_fail (SL_IS_CAMERA (self), FALSE);
  g_mutex_lock (&self->shared.lock);
  *width = stream == SL_CAMERA_STREAM_SUB ? self->shared.sub_width : self->shared.width;
  *height = stream == SL_CAMERA_STREAM_SUB ? self->shared.sub_height : self->shared.height;
  g_mutex_unlock (&self->shared.lock);
  known = *width > 0 && *height > 0;
  return known;
}

gboolean
sl_camera_is_sub_stream_running (SlCamera *self)
{
  g_return_val_if_fail (SL_IS_CAMERA (self), FALSE);

  return self->sub != NULL && sl_sub_stream_is_running (self->sub);
}
