// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/rtsp/rtsp.h>

#include "sl-camera-private.h"
#include "sl-clip.h"

/* Building an SlCamera's recording pipeline: the source (rtspsrc, an
 * HTTP source or a looped file) into splitmuxsink, which writes segments. */

#define SEGMENT_SECONDS 60

/* One minute; tests shorten it with SL_SEGMENT_SECONDS, read once. */
static guint64
segment_duration (void)
{
  static guint64 duration;

  if (g_once_init_enter (&duration))
    {
      const char *text = g_getenv ("SL_SEGMENT_SECONDS");
      guint64 seconds = text ? g_ascii_strtoull (text, NULL, 10) : 0;

      g_once_init_leave (&duration, (seconds > 0 ? seconds : SEGMENT_SECONDS) * GST_SECOND);
    }
  return duration;
}

static gboolean
is_file_camera (SlCamera *self)
{
  return g_strcmp0 (self->record->driver, "file") == 0;
}

static void
clip_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  SlClip *clip = sl_clip_load (task_data, &error);

  if (clip == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, clip, (GDestroyNotify)sl_clip_free);
}

static void
clip_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlCamera *self = SL_CAMERA (source);
  g_autoptr (GError) error = NULL;
  SlClip *clip = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->clip_cancellable);
  if (clip == NULL)
    {
      g_autofree char *text =
          g_strdup_printf (_ ("Camera '%s' cannot play %s: %s"), self->record->name,
                           self->record->main_url, error->message);

      sl_camera_interrupted (self, SL_GAP_STREAM_ENDED, text);
      return;
    }
  self->clip = clip;
  sl_camera_start_pipeline (self);
}

/* Driver "file": a prerecorded H.264 video played in a loop as a live camera,
 * through the same muxer as a network camera. */
static gboolean
link_file_source (SlCamera *self)
{
  GstElement *source = sl_clip_new_source (self->clip);
  GstElement *parse = gst_element_factory_make ("h264parse", NULL);
  g_autoptr (GstPad) out = NULL;
  g_autoptr (GstPad) mux_pad = NULL;

  gst_bin_add_many (GST_BIN (self->pipeline), source, parse, NULL);
  if (!gst_element_link (source, parse))
    return FALSE;
  out = gst_element_get_static_pad (parse, "src");
  mux_pad = sl_camera_dup_video_mux_pad (self);
  if (!sl_camera_link_video (self, out, mux_pad))
    return FALSE;
  gst_pad_add_probe (out, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     sl_camera_frame_probe, &self->shared, NULL);
  g_signal_connect (out, "notify::caps", G_CALLBACK (sl_camera_caps_notify_cb), &self->shared);
  g_mutex_lock (&self->shared.lock);
  g_free (self->shared.codec);
  self->shared.codec = g_strdup ("h264");
  g_mutex_unlock (&self->shared.lock);
  return TRUE;
}

/* {properties, buffer-mode=unbuffered} for splitmuxsink's filesinks: the
 * property is an enum, so the value carries filesink's enum type. */
static GstStructure *
unbuffered_file_sink_properties (void)
{
  g_autoptr (GstElement) file_sink = gst_element_factory_make ("filesink", NULL);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (file_sink), "buffer-mode");
  g_autoptr (GEnumClass) modes = g_type_class_ref (pspec->value_type);
  g_auto (GValue) mode = G_VALUE_INIT;
  GstStructure *properties = gst_structure_new_empty ("properties");

  g_value_init (&mode, pspec->value_type);
  g_value_set_enum (&mode, g_enum_get_value_by_nick (modes, "unbuffered")->value);
  gst_structure_set_value (properties, "buffer-mode", &mode);
  return properties;
}

void
sl_camera_start_pipeline (SlCamera *self)
{
  g_autoptr (GstClock) clock = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstStructure) muxer_properties = NULL;
  g_autoptr (GstStructure) sink_properties = NULL;
  GstElement *source;
  GstRTSPLowerTrans protocols;

  if (self->pipeline != NULL || self->stopping)
    return;
  if (is_file_camera (self) && self->clip == NULL)
    {
      /* Reading the file into memory is not for the main thread. */
      if (self->clip_cancellable == NULL)
        {
          g_autoptr (GTask) task = NULL;

          self->clip_cancellable = g_cancellable_new ();
          sl_camera_set_state (self, SL_CAMERA_STATE_CONNECTING, NULL);
          task = g_task_new (self, self->clip_cancellable, clip_loaded_cb, NULL);
          g_task_set_task_data (task, g_strdup (self->record->main_url), g_free);
          g_task_run_in_thread (task, clip_thread);
        }
      return;
    }
  sl_camera_stop_probing (self);
  sl_camera_count_attempt (self);
  if (self->state != SL_CAMERA_STATE_RECONNECTING && self->state != SL_CAMERA_STATE_AUTH_FAILED &&
      self->state != SL_CAMERA_STATE_STORAGE_ERROR)
    sl_camera_set_state (self, SL_CAMERA_STATE_CONNECTING, NULL);

  switch (self->record->transport)
    {
      case SL_TRANSPORT_TCP:
        protocols = GST_RTSP_LOWER_TRANS_TCP;
        break;
      case SL_TRANSPORT_UDP:
        protocols = GST_RTSP_LOWER_TRANS_UDP;
        break;
      default:
        protocols = self->protocol;
        break;
    }
  self->failing = FALSE;
  self->reached_recording = FALSE;
  self->session_first = TRUE;
  self->session_gap_reason = self->pending_reason;

  self->pipeline = gst_pipeline_new (self->record->name);
  clock = g_object_new (GST_TYPE_SYSTEM_CLOCK, "clock-type", GST_CLOCK_TYPE_REALTIME, NULL);
  gst_pipeline_use_clock (GST_PIPELINE (self->pipeline), clock);

  self->splitmux = gst_element_factory_make ("splitmuxsink", NULL);
  muxer_properties = gst_structure_new ("properties", "offset-to-zero", G_TYPE_BOOLEAN, TRUE,
                                        "writing-app", G_TYPE_STRING, "Sightline", NULL);
  g_object_set (self->splitmux, "max-size-time", segment_duration (), "async-finalize", TRUE,
                "muxer-factory", "matroskamux", "muxer-properties", muxer_properties,
                "send-keyframe-requests", FALSE, NULL);
  /* Unbuffered: what the muxer writes reaches the page cache at once (a
   * stdio buffer holds 64 KB, many seconds of a low-bitrate stream), so the
   * segment being written can be played up to the last GOP splitmuxsink has
   * released (instant replay) and a kill -9 loses nothing the muxer wrote.
   * A few write() calls per frame cost nothing measurable. With
   * async-finalize splitmuxsink makes a sink per file from sink-factory and
   * sink-properties (its "sink" property is not used). */
  sink_properties = unbuffered_file_sink_properties ();
  g_object_set (self->splitmux, "sink-factory", "filesink", "sink-properties", sink_properties,
                NULL);
  g_signal_connect (self->splitmux, "format-location-full", G_CALLBACK (sl_camera_format_location),
                    self);
  g_signal_connect (self->splitmux, "muxer-added", G_CALLBACK (sl_camera_muxer_added_cb),
                    &self->shared);
  gst_bin_add (GST_BIN (self->pipeline), self->splitmux);
  if (sl_camera_is_http_camera (self))
    {
      if (!sl_camera_link_http_source (self))
        g_warning ("Camera %s: cannot read HTTP streams (souphttpsrc, multipartdemux)",
                   self->record->name);
    }
  else if (!is_file_camera (self))
    {
      source = gst_element_factory_make ("rtspsrc", NULL);
      g_object_set (source, "location", self->record->main_url, "protocols", protocols, "latency",
                    500, "tcp-timeout", (guint64)5 * G_USEC_PER_SEC, "timeout",
                    (guint64)5 * G_USEC_PER_SEC, "drop-on-latency", TRUE, NULL);
      if (self->record->username)
        g_object_set (source, "user-id", self->record->username, "user-pw", self->password, NULL);
      g_signal_connect (source, "pad-added", G_CALLBACK (sl_camera_pad_added_cb), self);
      g_signal_connect (source, "new-manager", G_CALLBACK (sl_camera_new_manager_cb),
                        &self->shared);
      g_signal_connect (source, "on-sdp", G_CALLBACK (sl_camera_on_sdp_cb), &self->shared);
      gst_bin_add (GST_BIN (self->pipeline), source);
    }

  g_mutex_lock (&self->shared.lock);
  self->shared.offset_ns = 0;
  self->shared.offset_from_rtcp = FALSE;
  self->shared.offset_frozen = FALSE;
  self->shared.have_rtp = FALSE;
  self->shared.flowing = FALSE;
  self->shared.ended = FALSE;
  g_clear_object (&self->shared.video_mux_pad);
  self->shared.expected_streams = 1;
  self->shared.linked_streams = 0;
  self->shared.last_frame_end = 0;
  g_hash_table_remove_all (self->shared.fragment_frames);
  g_mutex_unlock (&self->shared.lock);

  if (is_file_camera (self) && !link_file_source (self))
    g_warning ("Camera %s: cannot play %s", self->record->name, self->record->main_url);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, sl_camera_bus_cb, self);
  g_clear_handle_id (&self->release_id, g_source_remove);
  self->release_id = g_timeout_add_seconds (3, sl_camera_release_video_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autofree char *text =
          g_strdup_printf (_ ("Cannot start recording camera '%s'"), self->record->name);

      sl_camera_interrupted (self, SL_GAP_CONNECTION_LOST, text);
      sl_camera_teardown_pipeline (self);
      return;
    }
  /* Local clock until the camera's first RTCP sender report. */
  g_mutex_lock (&self->shared.lock);
  self->shared.offset_ns = (gint64)gst_element_get_base_time (self->pipeline);
  g_mutex_unlock (&self->shared.lock);
}
