// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include "sl-codec.h"
#include "sl-error.h"
#include "sl-export-private.h"

/* One camera range into one file, without decoding: each main-stream segment
 * of the range is demuxed in turn (filesrc ! matroskademux ! appsink), and
 * its frames go, with new timestamps, into one output pipeline (appsrc !
 * matroskamux|mp4mux ! filesink). A frame's recording time is its segment's
 * start plus its offset from the segment's first video frame; the output's
 * time 0 is the first key frame at or before the range start, so a file
 * crossing segment boundaries is continuous, and a gap between segments stays
 * a gap in time. The appsink callbacks run on the demuxer's thread and push
 * straight into the output's appsrcs, which block when the muxer lags. */

#define POLL_INTERVAL (100 * GST_MSECOND)
#define SRC_MAX_BYTES (8 * 1024 * 1024)

typedef struct
{
  GstBuffer *buffer;
  gboolean audio;
  gint64 wall_ns;
} PendingFrame;

typedef struct
{
  SlExportItem *item;
  SlExportFormat format;
  GCancellable *cancellable;
  SlExportProgressFunc progress;
  gpointer progress_data;
  char *path;
  gint64 from_ns;
  gint64 to_ns;

  /* Touched on the demuxer's thread, then read by the export's thread once
   * the input pipeline is stopped. */
  GstElement *output;
  GstAppSrc *video_src;
  GstAppSrc *audio_src;
  GstCaps *video_caps;
  gboolean audio_ended;
  gint64 origin_ns; /* recording time of output time 0; -1 before the start */
  GArray *pending;  /* PendingFrame: the GOP that leads into the range */
  gint64 last_video_ns;
  gint64 last_video_duration;

  /* The current input file. */
  gint64 segment_start_ns;
  GstClockTime base_pts; /* first video PTS of the file */
  gboolean input_has_audio;
  GstCaps *input_audio_caps;
  guint input_buffers;

  int past_end; /* atomic */
  GMutex lock;
  GError *error; /* the first failure of a streaming thread */
} Remux;

static void
pending_frame_clear (gpointer data)
{
  PendingFrame *frame = data;

  gst_clear_buffer (&frame->buffer);
}

static void
remux_set_error (Remux *self, GError *error)
{
  g_mutex_lock (&self->lock);
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&self->lock);
}

static gboolean
remux_has_error (Remux *self)
{
  gboolean failed;

  g_mutex_lock (&self->lock);
  failed = self->error != NULL;
  g_mutex_unlock (&self->lock);
  return failed;
}

gboolean
sl_export_container_accepts (SlExportFormat format, const char *kind, GstCaps *caps)
{
  GstElementFactory *factory =
      gst_element_factory_find (format == SL_EXPORT_FORMAT_MP4 ? "mp4mux" : "matroskamux");
  gboolean accepted = FALSE;

  if (factory == NULL)
    return FALSE;
  for (const GList *l = gst_element_factory_get_static_pad_templates (factory); l; l = l->next)
    {
      GstStaticPadTemplate *templ = l->data;
      g_autoptr (GstCaps) template_caps = NULL;

      if (templ->direction != GST_PAD_SINK || !g_str_has_prefix (templ->name_template, kind))
        continue;
      template_caps = gst_static_pad_template_get_caps (templ);
      accepted |= gst_caps_can_intersect (template_caps, caps);
    }
  gst_object_unref (factory);
  return accepted;
}

static GstAppSrc *
make_source (GstCaps *caps)
{
  GstElement *src = gst_element_factory_make ("appsrc", NULL);

  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, "block", TRUE, "max-bytes",
                (guint64)SRC_MAX_BYTES, "emit-signals", FALSE, NULL);
  return GST_APP_SRC (src);
}

/* Links @src to a new pad of the muxer: gst_element_link() could pick a video
 * pad for audio, since appsrc does not answer caps queries before it starts. */
static gboolean
link_to_mux (GstElement *src, GstElement *mux, const char *pad_template)
{
  g_autoptr (GstPad) src_pad = gst_element_get_static_pad (src, "src");
  g_autoptr (GstPad) mux_pad = gst_element_request_pad_simple (mux, pad_template);

  return mux_pad != NULL && gst_pad_link (src_pad, mux_pad) == GST_PAD_LINK_OK;
}

/* Builds and starts the output pipeline at the first frame to export (on the
 * demuxer's thread). */
static gboolean
start_output (Remux *self, GstCaps *video_caps)
{
  const char *mux_name = self->format == SL_EXPORT_FORMAT_MP4 ? "mp4mux" : "matroskamux";
  GstElement *mux = gst_element_factory_make (mux_name, "mux");
  GstElement *sink = gst_element_factory_make ("filesink", NULL);
  gboolean audio = FALSE;

  if (mux == NULL || sink == NULL)
    {
      remux_set_error (self, g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                          _ ("The GStreamer element '%s' is missing; install "
                                             "the GStreamer 'good' plugins."),
                                          mux == NULL ? mux_name : "filesink"));
      if (mux)
        gst_object_unref (mux);
      if (sink)
        gst_object_unref (sink);
      return FALSE;
    }

  /* mp4mux of GStreamer 1.22 takes no JPEG video (qtmux's MOV would). */
  if (!sl_export_container_accepts (self->format, "video", video_caps))
    {
      const char *codec = sl_codec_from_caps (video_caps);
      g_autofree char *name = g_ascii_strup (
          codec ? codec : gst_structure_get_name (gst_caps_get_structure (video_caps, 0)), -1);
      g_autofree char *container = g_ascii_strup (sl_export_format_to_string (self->format), -1);

      remux_set_error (self, g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                          _ ("%s files cannot hold the %s video of camera '%s'; "
                                             "export it as MKV."),
                                          container, name, self->item->camera_name));
      gst_object_unref (mux);
      gst_object_unref (sink);
      return FALSE;
    }

  if (self->input_has_audio && self->input_audio_caps != NULL)
    {
      GstStructure *s = gst_caps_get_structure (self->input_audio_caps, 0);

      g_free (self->item->audio_codec);
      self->item->audio_codec = g_strdup (gst_structure_get_name (s));
      audio = sl_export_container_accepts (self->format, "audio", self->input_audio_caps);
      self->item->audio = audio ? "kept" : "dropped";
    }
  else
    self->item->audio = "none";

  self->output = gst_pipeline_new ("export-output");
  self->video_src = make_source (video_caps);
  gst_caps_replace (&self->video_caps, video_caps);
  g_object_set (sink, "location", self->path, NULL);
  if (self->format == SL_EXPORT_FORMAT_MKV)
    g_object_set (mux, "writing-app", "Sightline " PACKAGE_VERSION, NULL);
  gst_bin_add_many (GST_BIN (self->output), GST_ELEMENT (self->video_src), mux, sink, NULL);
  if (audio)
    {
      self->audio_src = make_source (self->input_audio_caps);
      gst_bin_add (GST_BIN (self->output), GST_ELEMENT (self->audio_src));
    }

  if (!link_to_mux (GST_ELEMENT (self->video_src), mux, "video_%u") ||
      !gst_element_link (mux, sink) ||
      (audio && !link_to_mux (GST_ELEMENT (self->audio_src), mux, "audio_%u")))
    {
      g_autofree char *caps = gst_caps_to_string (video_caps);

      remux_set_error (self, g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                          _ ("The recording's video (%s) cannot be put in a %s "
                                             "file; export it as MKV."),
                                          caps, sl_export_format_to_string (self->format)));
      return FALSE;
    }

  if (gst_element_set_state (self->output, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      remux_set_error (self, g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                          _ ("Cannot write '%s'; check that the folder is "
                                             "writable and the disk is not full."),
                                          display));
      return FALSE;
    }
  return TRUE;
}

static GstFlowReturn
push_frame (Remux *self, GstBuffer *buffer, gboolean audio, gint64 wall_ns)
{
  GstAppSrc *src = audio ? self->audio_src : self->video_src;
  GstBuffer *out;
  gint64 pts_ns = wall_ns - self->origin_ns;
  GstFlowReturn ret;

  if (src == NULL || (audio && self->audio_ended))
    return GST_FLOW_OK;
  if (pts_ns < 0)
    return GST_FLOW_OK; /* audio recorded before the first key frame */

  out = gst_buffer_copy (buffer); /* shares the memory */
  if (GST_BUFFER_DTS_IS_VALID (buffer) && GST_BUFFER_PTS_IS_VALID (buffer))
    {
      gint64 dts_ns = pts_ns - ((gint64)GST_BUFFER_PTS (buffer) - (gint64)GST_BUFFER_DTS (buffer));

      GST_BUFFER_DTS (out) = (GstClockTime)MAX (dts_ns, 0);
    }
  else
    GST_BUFFER_DTS (out) = (GstClockTime)pts_ns;
  GST_BUFFER_PTS (out) = (GstClockTime)pts_ns;
  GST_BUFFER_OFFSET (out) = GST_BUFFER_OFFSET_NONE;
  GST_BUFFER_OFFSET_END (out) = GST_BUFFER_OFFSET_NONE;

  ret = gst_app_src_push_buffer (src, out);
  if (ret != GST_FLOW_OK || audio)
    return ret;

  self->item->n_frames++;
  if (self->item->n_frames == 1)
    self->item->first_frame_us = wall_ns / 1000;
  self->item->last_frame_us = wall_ns / 1000;
  self->last_video_ns = wall_ns;
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    self->last_video_duration = (gint64)GST_BUFFER_DURATION (buffer);
  if (self->progress != NULL)
    self->progress (MAX (wall_ns - self->from_ns, 0) / 1000, self->progress_data);
  return GST_FLOW_OK;
}

/* The recording time of @buffer, or -1 before the file's first video frame. */
static gint64
wall_time (Remux *self, GstBuffer *buffer)
{
  if (!GST_CLOCK_TIME_IS_VALID (self->base_pts) || !GST_BUFFER_PTS_IS_VALID (buffer))
    return -1;
  return self->segment_start_ns + ((gint64)GST_BUFFER_PTS (buffer) - (gint64)self->base_pts);
}

static void
keep_pending (Remux *self, GstBuffer *buffer, gboolean audio, gint64 wall_ns)
{
  PendingFrame frame = { gst_buffer_ref (buffer), audio, wall_ns };

  g_array_append_val (self->pending, frame);
}

static GstFlowReturn
flush_pending (Remux *self)
{
  GstFlowReturn ret = GST_FLOW_OK;

  for (guint i = 0; i < self->pending->len && ret == GST_FLOW_OK; i++)
    {
      PendingFrame *frame = &g_array_index (self->pending, PendingFrame, i);

      ret = push_frame (self, frame->buffer, frame->audio, frame->wall_ns);
    }
  g_array_set_size (self->pending, 0);
  return ret;
}

static GstFlowReturn
video_sample_cb (GstAppSink *sink, gpointer user_data)
{
  Remux *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  GstCaps *caps = sample ? gst_sample_get_caps (sample) : NULL;
  gboolean key_frame;
  gint64 wall_ns;

  if (buffer == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_FLOW_OK;
  if (g_cancellable_is_cancelled (self->cancellable) || remux_has_error (self))
    return GST_FLOW_FLUSHING;

  self->input_buffers++;
  if (!GST_CLOCK_TIME_IS_VALID (self->base_pts))
    {
      self->base_pts = GST_BUFFER_PTS (buffer);
      self->item->n_segments++;
      /* A file without the audio that the first one had ends the audio. */
      if (self->audio_src != NULL && !self->input_has_audio && !self->audio_ended)
        {
          gst_app_src_end_of_stream (self->audio_src);
          self->audio_ended = TRUE;
        }
      if (self->output != NULL && caps != NULL && !gst_caps_is_equal (caps, self->video_caps))
        {
          gst_app_src_set_caps (self->video_src, caps);
          gst_caps_replace (&self->video_caps, caps);
        }
    }

  wall_ns = wall_time (self, buffer);
  if (wall_ns > self->to_ns)
    {
      g_atomic_int_set (&self->past_end, TRUE);
      return GST_FLOW_EOS;
    }

  if (self->output != NULL)
    return push_frame (self, buffer, FALSE, wall_ns);

  /* Before the range start: keep the GOP that leads into it. */
  key_frame = !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  if (key_frame && wall_ns <= self->from_ns)
    g_array_set_size (self->pending, 0);
  if (self->pending->len == 0 && !key_frame)
    return GST_FLOW_OK;
  keep_pending (self, buffer, FALSE, wall_ns);
  if (wall_ns < self->from_ns)
    return GST_FLOW_OK;

  self->origin_ns = g_array_index (self->pending, PendingFrame, 0).wall_ns;
  if (!start_output (self, caps))
    return GST_FLOW_ERROR;
  return flush_pending (self);
}

static GstFlowReturn
audio_sample_cb (GstAppSink *sink, gpointer user_data)
{
  Remux *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  gint64 wall_ns;

  if (buffer == NULL)
    return GST_FLOW_OK;
  if (g_cancellable_is_cancelled (self->cancellable) || remux_has_error (self))
    return GST_FLOW_FLUSHING;

  wall_ns = wall_time (self, buffer);
  if (wall_ns < 0 || wall_ns > self->to_ns)
    return GST_FLOW_OK;
  if (self->output != NULL)
    return push_frame (self, buffer, TRUE, wall_ns);
  if (self->pending->len > 0)
    keep_pending (self, buffer, TRUE, wall_ns);
  return GST_FLOW_OK;
}

static void
demux_pad_added_cb (GstElement *demux, GstPad *pad, gpointer user_data)
{
  Remux *self = user_data;
  g_autofree char *name = gst_pad_get_name (pad);
  gboolean video = g_str_has_prefix (name, "video");
  GstAppSinkCallbacks callbacks = { 0 };
  GstElement *sink;
  GstPad *sink_pad;

  if (!video && !g_str_has_prefix (name, "audio"))
    return;
  if (!video)
    {
      /* Only the first audio track is exported. */
      if (self->input_has_audio)
        return;
      self->input_has_audio = TRUE;
      gst_clear_caps (&self->input_audio_caps);
      self->input_audio_caps = gst_pad_get_current_caps (pad);
    }

  sink = gst_element_factory_make ("appsink", NULL);
  g_object_set (sink, "sync", FALSE, "enable-last-sample", FALSE, "emit-signals", FALSE, NULL);
  callbacks.new_sample = video ? video_sample_cb : audio_sample_cb;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  gst_bin_add (GST_BIN (GST_ELEMENT_PARENT (demux)), sink);
  gst_element_sync_state_with_parent (sink);
  sink_pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_link (pad, sink_pad);
  gst_object_unref (sink_pad);
}

static char *
describe_bus_error (GstMessage *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &error, &debug);
  g_debug ("%s (%s)", error->message, debug ? debug : "");
  return g_strdup (error->message);
}

/* Plays one segment file into the output. Returns FALSE on a failure that
 * ends the export (with @error set) or on cancellation. */
static gboolean
remux_segment (Remux *self, const SlSegment *segment, GError **error)
{
  g_autoptr (GstElement) input = gst_pipeline_new ("export-input");
  g_autoptr (GstBus) bus = gst_element_get_bus (input);
  g_autoptr (GstBus) output_bus = NULL;
  GstElement *source = gst_element_factory_make ("filesrc", NULL);
  GstElement *demux = gst_element_factory_make ("matroskademux", NULL);
  g_autofree char *display = g_filename_display_name (segment->path);
  g_autofree char *failure = NULL;
  gboolean done = FALSE;

  if (!g_file_test (segment->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The recording file '%s' is missing; run 'sightline-recorder check' to "
                      "repair the catalog, then export again."),
                   display);
      gst_clear_object (&source);
      gst_clear_object (&demux);
      return FALSE;
    }

  self->segment_start_ns = segment->start_us * 1000;
  self->base_pts = GST_CLOCK_TIME_NONE;
  self->input_has_audio = FALSE;
  self->input_buffers = 0;
  gst_clear_caps (&self->input_audio_caps);

  g_object_set (source, "location", segment->path, NULL);
  gst_bin_add_many (GST_BIN (input), source, demux, NULL);
  gst_element_link (source, demux);
  g_signal_connect (demux, "pad-added", G_CALLBACK (demux_pad_added_cb), self);
  gst_element_set_state (input, GST_STATE_PLAYING);

  while (!done)
    {
      g_autoptr (GstMessage) message =
          gst_bus_timed_pop_filtered (bus, POLL_INTERVAL, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

      if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        failure = describe_bus_error (message);
      done = message != NULL || g_cancellable_is_cancelled (self->cancellable) ||
             g_atomic_int_get (&self->past_end) || remux_has_error (self);

      if (output_bus == NULL && self->output != NULL)
        output_bus = gst_element_get_bus (self->output);
      if (output_bus != NULL)
        {
          g_autoptr (GstMessage) output_error =
              gst_bus_pop_filtered (output_bus, GST_MESSAGE_ERROR);

          if (output_error != NULL)
            {
              g_autofree char *text = describe_bus_error (output_error);

              remux_set_error (self, g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                                  _ ("Writing the export failed: %s"), text));
              done = TRUE;
            }
        }
    }

  /* The output first: that unblocks a demuxer waiting in a full appsrc. */
  if (remux_has_error (self) || g_cancellable_is_cancelled (self->cancellable))
    {
      if (self->output != NULL)
        gst_element_set_state (self->output, GST_STATE_NULL);
    }
  gst_element_set_state (input, GST_STATE_NULL);

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;
  if (remux_has_error (self))
    return FALSE;
  if (failure != NULL)
    {
      /* A file cut short by a crash still gives what it holds. */
      if (self->input_buffers > 0)
        {
          g_debug ("Exporting %s: %s; going on with the next file", segment->path, failure);
          return TRUE;
        }
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _ ("Cannot read the recording file '%s' (%s); run 'sightline-recorder check'."),
                   display, failure);
      return FALSE;
    }
  return TRUE;
}

/* Ends the output streams and waits until the muxer has closed the file. */
static gboolean
finish_output (Remux *self, GError **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (self->output);

  gst_app_src_end_of_stream (self->video_src);
  if (self->audio_src != NULL && !self->audio_ended)
    gst_app_src_end_of_stream (self->audio_src);

  for (;;)
    {
      g_autoptr (GstMessage) message =
          gst_bus_timed_pop_filtered (bus, POLL_INTERVAL, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        return FALSE;
      if (message == NULL)
        continue;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autofree char *text = describe_bus_error (message);

          g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Writing the export failed: %s"), text);
          return FALSE;
        }
      return TRUE;
    }
}

GPtrArray *
sl_export_list_segments (SlCatalog *catalog, const SlExportItem *item, GError **error)
{
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GPtrArray) segments = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_segment_free);

  if (!sl_catalog_query_timeline (catalog, item->camera_id, item->from_us, item->to_us + 1, &rows,
                                  NULL, error))
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      const SlSegment *row = rows->pdata[i];
      SlSegment *segment;

      if (g_strcmp0 (row->stream, "main") != 0)
        continue;
      segment = sl_catalog_get_segment (catalog, row->id, error);
      if (segment == NULL)
        return NULL;
      g_ptr_array_add (segments, segment);
    }
  return g_steal_pointer (&segments);
}

gboolean
sl_export_remux (SlCatalog *catalog,
                 SlExportItem *item,
                 const char *path,
                 SlExportFormat format,
                 GCancellable *cancellable,
                 SlExportProgressFunc progress,
                 gpointer progress_data,
                 GError **error)
{
  g_autoptr (GPtrArray) segments = NULL;
  Remux self = { 0 };
  gboolean ok = TRUE;

  segments = sl_export_list_segments (catalog, item, error);
  if (segments == NULL)
    return FALSE;
  if (segments->len == 0)
    {
      g_autoptr (GDateTime) from_time =
          g_date_time_new_from_unix_local (item->from_us / G_USEC_PER_SEC);
      g_autoptr (GDateTime) to_time =
          g_date_time_new_from_unix_local (item->to_us / G_USEC_PER_SEC);
      g_autofree char *from_text = g_date_time_format (from_time, "%Y-%m-%d %H:%M:%S");
      g_autofree char *to_text = g_date_time_format (to_time, "%Y-%m-%d %H:%M:%S");

      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("There are no recordings of camera '%s' from %s to %s; choose a range "
                      "with recordings."),
                   item->camera_name, from_text, to_text);
      return FALSE;
    }

  self.item = item;
  self.format = format;
  self.cancellable = cancellable;
  self.progress = progress;
  self.progress_data = progress_data;
  self.path = g_strdup (path);
  self.from_ns = item->from_us * 1000;
  self.to_ns = item->to_us * 1000;
  self.origin_ns = -1;
  self.pending = g_array_new (FALSE, TRUE, sizeof (PendingFrame));
  g_array_set_clear_func (self.pending, pending_frame_clear);
  g_mutex_init (&self.lock);

  for (guint i = 0; ok && i < segments->len && !g_atomic_int_get (&self.past_end); i++)
    ok = remux_segment (&self, segments->pdata[i], error);

  /* A failure on a streaming thread wins over what it caused here. */
  if (self.error != NULL)
    {
      if (error != NULL && *error != NULL)
        g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&self.error));
      ok = FALSE;
    }
  if (ok && self.output == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The recordings of camera '%s' hold no video in the chosen range; choose "
                      "another range."),
                   item->camera_name);
      ok = FALSE;
    }
  if (ok)
    ok = finish_output (&self, error);

  if (self.output != NULL)
    gst_element_set_state (self.output, GST_STATE_NULL);
  if (ok)
    item->duration_us = (self.last_video_ns + self.last_video_duration - self.origin_ns) / 1000;

  gst_clear_object (&self.output);
  gst_clear_caps (&self.video_caps);
  gst_clear_caps (&self.input_audio_caps);
  g_array_unref (self.pending);
  g_mutex_clear (&self.lock);
  g_free (self.path);
  return ok;
}
