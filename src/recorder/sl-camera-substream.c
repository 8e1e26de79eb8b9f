// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <gst/rtsp/rtsp.h>

#include "sl-camera-private.h"

/* The sub stream of an SlCamera, for live view only (never recorded):
 *
 *   rtspsrc (video only) ─ depay ─ parse ─ tee ─ decoding branches (sl-camera-live.c)
 *
 * It connects when the first viewer of the sub stream comes and disconnects
 * a few seconds after the last one left, so that a tile switching streams as
 * it resizes, or a view flipping pages, does not reconnect each time. While
 * viewers wait, a failed connection is retried with a backoff. Main thread,
 * but for the pad callbacks. */

#define LINGER_SECONDS 5
#define FIRST_RETRY_MS 2000
#define MAX_RETRY_MS   15000

struct _SlSubStream
{
  SlCamera *camera; /* borrowed: the camera owns the sub stream */
  GstElement *pipeline;
  GstElement *tee; /* borrowed from the pipeline, once the video is linked */
  guint bus_watch;
  gboolean wanted;
  guint linger_id;
  guint retry_id;
  guint retry_ms;
};

static void start (SlSubStream *sub);

static void
stop_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  /* A live RTSP source can take a moment to go down: not on the main thread. */
  gst_element_set_state (task_data, GST_STATE_NULL);
  g_task_return_boolean (task, TRUE);
}

static void
teardown (SlSubStream *sub)
{
  g_autoptr (GTask) task = NULL;
  GstElement *pipeline = g_steal_pointer (&sub->pipeline);

  if (pipeline == NULL)
    return;
  g_clear_handle_id (&sub->bus_watch, g_source_remove);
  sub->tee = NULL;
  sl_camera_live_tee_changed (sub->camera, SL_CAMERA_STREAM_SUB);
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, pipeline, gst_object_unref);
  g_task_run_in_thread (task, stop_thread);
}

static gboolean
retry_cb (gpointer user_data)
{
  SlSubStream *sub = user_data;

  sub->retry_id = 0;
  if (sub->wanted)
    start (sub);
  return G_SOURCE_REMOVE;
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  SlSubStream *sub = user_data;
  SlCamera *camera = sub->camera;

  switch (GST_MESSAGE_TYPE (message))
    {
      case GST_MESSAGE_APPLICATION:
        if (gst_message_has_name (message, "sl-sub-linked") &&
            GST_OBJECT_PARENT (GST_MESSAGE_SRC (message)) == GST_OBJECT (sub->pipeline))
          {
            sub->tee = GST_ELEMENT (GST_MESSAGE_SRC (message));
            sub->retry_ms = 0;
            sl_camera_live_tee_changed (camera, SL_CAMERA_STREAM_SUB);
          }
        break;
      case GST_MESSAGE_ERROR:
      case GST_MESSAGE_EOS:
        {
          g_autoptr (GError) error = NULL;

          if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
            gst_message_parse_error (message, &error, NULL);
          sub->retry_ms =
              sub->retry_ms == 0 ? FIRST_RETRY_MS : MIN (sub->retry_ms * 2, MAX_RETRY_MS);
          g_debug ("Camera %s: sub stream interrupted (%s), retrying in %u ms",
                   camera->record->name, error ? error->message : "end of stream", sub->retry_ms);
          teardown (sub);
          g_clear_handle_id (&sub->retry_id, g_source_remove);
          sub->retry_id = g_timeout_add (sub->retry_ms, retry_cb, sub);
          return G_SOURCE_REMOVE;
        }
      default:
        break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
select_stream_cb (GstElement *rtspsrc, guint num, GstCaps *caps, gpointer user_data)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);

  /* Live view has no sound yet: only the video is set up. */
  return g_strcmp0 (gst_structure_get_string (s, "media"), "video") == 0;
}

static void
caps_notify_cb (GstPad *pad, GParamSpec *pspec, SlCameraShared *shared)
{
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;

  if (s == NULL)
    return;
  g_mutex_lock (&shared->lock);
  gst_structure_get_int (s, "width", &shared->sub_width);
  gst_structure_get_int (s, "height", &shared->sub_height);
  g_mutex_unlock (&shared->lock);
}

/* rtspsrc's streaming thread. */
static void
pad_added_cb (GstElement *rtspsrc, GstPad *pad, gpointer user_data)
{
  SlCamera *camera = user_data;
  GstElement *pipeline = GST_ELEMENT (GST_OBJECT_PARENT (rtspsrc));
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;
  const char *encoding = s ? gst_structure_get_string (s, "encoding-name") : NULL;
  gboolean h265 = g_ascii_strcasecmp (encoding ? encoding : "", "H265") == 0;
  GstElement *depay, *parse, *tee;
  g_autoptr (GstPad) depay_sink = NULL;
  g_autoptr (GstPad) parse_src = NULL;

  if (!h265 && g_ascii_strcasecmp (encoding ? encoding : "", "H264") != 0)
    {
      g_debug ("Camera %s: cannot show a sub stream in %s", camera->record->name, encoding);
      return;
    }
  depay = gst_element_factory_make (h265 ? "rtph265depay" : "rtph264depay", NULL);
  parse = gst_element_factory_make (h265 ? "h265parse" : "h264parse", NULL);
  tee = gst_element_factory_make ("tee", NULL);
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), depay, parse, tee, NULL);
  gst_element_link_many (depay, parse, tee, NULL);

  parse_src = gst_element_get_static_pad (parse, "src");
  g_signal_connect (parse_src, "notify::caps", G_CALLBACK (caps_notify_cb), &camera->shared);
  g_mutex_lock (&camera->shared.lock);
  g_free (camera->shared.sub_codec);
  camera->shared.sub_codec = g_strdup (h265 ? "h265" : "h264");
  g_mutex_unlock (&camera->shared.lock);

  gst_element_sync_state_with_parent (tee);
  gst_element_sync_state_with_parent (parse);
  gst_element_sync_state_with_parent (depay);
  depay_sink = gst_element_get_static_pad (depay, "sink");
  gst_pad_link (pad, depay_sink);
  gst_element_post_message (tee, gst_message_new_application (
                                     GST_OBJECT (tee), gst_structure_new_empty ("sl-sub-linked")));
}

static void
start (SlSubStream *sub)
{
  SlCamera *camera = sub->camera;
  g_autofree char *name = g_strdup_printf ("%s (sub)", camera->record->name);
  g_autoptr (GstBus) bus = NULL;
  GstElement *source;
  GstRTSPLowerTrans protocols = camera->record->transport == SL_TRANSPORT_UDP ||
                                        camera->record->transport == SL_TRANSPORT_UDP_THEN_TCP
                                    ? GST_RTSP_LOWER_TRANS_UDP | GST_RTSP_LOWER_TRANS_TCP
                                    : GST_RTSP_LOWER_TRANS_TCP;

  if (sub->pipeline != NULL)
    return;
  g_debug ("Camera %s: opening the sub stream", camera->record->name);
  sub->pipeline = gst_pipeline_new (name);
  source = gst_element_factory_make ("rtspsrc", NULL);
  /* Live view wants the picture soon rather than smooth: a short jitter buffer. */
  g_object_set (source, "location", camera->record->sub_url, "protocols", protocols, "latency", 200,
                "tcp-timeout", (guint64)5 * G_USEC_PER_SEC, "timeout", (guint64)5 * G_USEC_PER_SEC,
                "drop-on-latency", TRUE, NULL);
  if (camera->record->username)
    g_object_set (source, "user-id", camera->record->username, "user-pw", camera->password, NULL);
  g_signal_connect (source, "select-stream", G_CALLBACK (select_stream_cb), NULL);
  g_signal_connect (source, "pad-added", G_CALLBACK (pad_added_cb), camera);
  gst_bin_add (GST_BIN (sub->pipeline), source);

  bus = gst_pipeline_get_bus (GST_PIPELINE (sub->pipeline));
  sub->bus_watch = gst_bus_add_watch (bus, bus_cb, sub);
  if (gst_element_set_state (sub->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      teardown (sub);
      sub->retry_ms = MAX_RETRY_MS;
      sub->retry_id = g_timeout_add (sub->retry_ms, retry_cb, sub);
    }
}

static gboolean
linger_cb (gpointer user_data)
{
  SlSubStream *sub = user_data;

  sub->linger_id = 0;
  g_debug ("Camera %s: closing the sub stream", sub->camera->record->name);
  g_clear_handle_id (&sub->retry_id, g_source_remove);
  sub->retry_ms = 0;
  teardown (sub);
  return G_SOURCE_REMOVE;
}

SlSubStream *
sl_sub_stream_new (SlCamera *camera)
{
  SlSubStream *sub = g_new0 (SlSubStream, 1);

  sub->camera = camera;
  return sub;
}

void
sl_sub_stream_free (SlSubStream *sub)
{
  g_clear_handle_id (&sub->linger_id, g_source_remove);
  g_clear_handle_id (&sub->retry_id, g_source_remove);
  teardown (sub);
  g_free (sub);
}

void
sl_sub_stream_set_wanted (SlSubStream *sub, gboolean wanted)
{
  sub->wanted = wanted;
  if (wanted)
    {
      g_clear_handle_id (&sub->linger_id, g_source_remove);
      if (sub->retry_id == 0)
        start (sub);
    }
  else if ((sub->pipeline != NULL || sub->retry_id != 0) && sub->linger_id == 0)
    sub->linger_id = g_timeout_add_seconds (LINGER_SECONDS, linger_cb, sub);
}

GstElement *
sl_sub_stream_get_tee (SlSubStream *sub)
{
  return sub->tee;
}

GstElement *
sl_sub_stream_get_pipeline (SlSubStream *sub)
{
  return sub->pipeline;
}

gboolean
sl_sub_stream_is_running (SlSubStream *sub)
{
  return sub->pipeline != NULL || sub->retry_id != 0;
}
