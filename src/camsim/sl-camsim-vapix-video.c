// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <stdio.h>

#include <gst/app/gstappsink.h>

#include "sl-camsim-http-private.h"
#include "sl-camsim-picture.h"

/* The video endpoints of the simulated camera's VAPIX HTTP API: the JPEG
 * snapshot and the MJPEG stream (documented in src/camsim/README.md). Their
 * routes are listed with the others in sl-camsim-vapix.c. */

#define MJPEG_BOUNDARY "slcamsimboundary"

static gboolean
parse_resolution (SlCamsimDevice *device, const char *value, guint *width, guint *height)
{
  g_auto (GStrv) modes =
      g_strsplit (sl_camsim_device_get_param (device, "Properties.Image.Resolution"), ",", -1);

  if (value == NULL)
    value = sl_camsim_device_get_param (device, "Image.I0.Appearance.Resolution");
  if (!g_strv_contains ((const char *const *)modes, value))
    return FALSE;
  return sscanf (value, "%ux%u", width, height) == 2;
}

/* ---- /axis-cgi/jpg/image.cgi ------------------------------------------ */

typedef struct
{
  SlCamsimDevice *device;
  guint width;
  guint height;
} SnapshotRequest;

static void
snapshot_request_free (gpointer data)
{
  SnapshotRequest *request = data;

  g_object_unref (request->device);
  g_free (request);
}

static GstElement *
make_jpeg_pipeline (
    SlCamsimDevice *device, guint width, guint height, guint fps, gboolean live, GstElement **sink)
{
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *source =
      sl_camsim_picture_new_source (device, width, height, fps, live, live ? -1 : 1);
  GstElement *encoder = gst_element_factory_make ("jpegenc", NULL);

  *sink = gst_element_factory_make ("appsink", NULL);
  g_object_set (*sink, "sync", FALSE, "max-buffers", 2, "drop", TRUE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, encoder, *sink, NULL);
  gst_element_link_many (source, encoder, *sink, NULL);
  return pipeline;
}

static void
snapshot_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SnapshotRequest *request = task_data;
  GstElement *sink;
  g_autoptr (GstElement) pipeline =
      make_jpeg_pipeline (request->device, request->width, request->height, 15, FALSE, &sink);
  g_autoptr (GstSample) sample = NULL;
  GstMapInfo map;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (sample == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "No picture");
      return;
    }
  gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ);
  g_task_return_pointer (task, g_bytes_new (map.data, map.size), (GDestroyNotify)g_bytes_unref);
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
}

static void
snapshot_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SoupServerMessage) msg = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) jpeg = g_task_propagate_pointer (G_TASK (result), &error);

  if (jpeg == NULL)
    sl_camsim_reply_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "# Error: %s\n", error->message);
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
    }
  soup_server_message_unpause (msg);
}

void
sl_camsim_vapix_handle_image (SlCamsimHttp *http,
                              SoupServerMessage *msg,
                              GHashTable *params,
                              const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  SnapshotRequest *request = g_new0 (SnapshotRequest, 1);
  g_autoptr (GTask) task = NULL;

  request->device = g_object_ref (device);
  if (!sl_camsim_vapix_check_camera (msg, params) ||
      !parse_resolution (device, g_hash_table_lookup (params, "resolution"), &request->width,
                         &request->height))
    {
      if (soup_server_message_get_status (msg) == 0 || soup_server_message_get_status (msg) == 200)
        sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: Unsupported resolution\n");
      snapshot_request_free (request);
      return;
    }

  /* Encoding takes a few milliseconds: do it off the main thread. */
  soup_server_message_pause (msg);
  task = g_task_new (NULL, NULL, snapshot_done_cb, g_object_ref (msg));
  g_task_set_task_data (task, request, snapshot_request_free);
  g_task_run_in_thread (task, snapshot_thread);
}

/* ---- /axis-cgi/mjpg/video.cgi ----------------------------------------- */

/* One MJPEG client. The connection holds one reference until the response
 * finishes; each part on its way from the streaming thread holds another. */
typedef struct
{
  gatomicrefcount ref_count;
  SoupServerMessage *msg;
  GstElement *pipeline;
  gsize pending_bytes;
  gboolean closed;
} MjpegStream;

static MjpegStream *
mjpeg_stream_ref (MjpegStream *stream)
{
  g_atomic_ref_count_inc (&stream->ref_count);
  return stream;
}

static void
mjpeg_stream_unref (gpointer data)
{
  MjpegStream *stream = data;

  if (!g_atomic_ref_count_dec (&stream->ref_count))
    return;
  gst_element_set_state (stream->pipeline, GST_STATE_NULL);
  g_clear_object (&stream->pipeline);
  g_clear_object (&stream->msg);
  g_free (stream);
}

typedef struct
{
  MjpegStream *stream;
  GstSample *sample;
} MjpegPart;

static void
mjpeg_part_free (gpointer data)
{
  MjpegPart *part = data;

  mjpeg_stream_unref (part->stream);
  gst_sample_unref (part->sample);
  g_free (part);
}

static gboolean
mjpeg_write_part_cb (gpointer data)
{
  MjpegPart *part = data;
  MjpegStream *stream = part->stream;
  SoupMessageBody *body;
  GstBuffer *buffer = gst_sample_get_buffer (part->sample);
  GstMapInfo map;
  g_autofree char *header = NULL;

  if (stream->closed)
    return G_SOURCE_REMOVE;

  gst_buffer_map (buffer, &map, GST_MAP_READ);
  /* A slow client gets fewer frames instead of an ever-growing queue. */
  if (stream->pending_bytes > 3 * map.size)
    {
      gst_buffer_unmap (buffer, &map);
      return G_SOURCE_REMOVE;
    }
  body = soup_server_message_get_response_body (stream->msg);
  header = g_strdup_printf ("--" MJPEG_BOUNDARY "\r\nContent-Type: image/jpeg\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                            map.size);
  soup_message_body_append (body, SOUP_MEMORY_COPY, header, strlen (header));
  soup_message_body_append (body, SOUP_MEMORY_COPY, map.data, map.size);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "\r\n", 2);
  stream->pending_bytes += strlen (header) + map.size + 2;
  gst_buffer_unmap (buffer, &map);
  soup_server_message_unpause (stream->msg);
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
mjpeg_new_sample_cb (GstAppSink *sink, gpointer user_data)
{
  MjpegStream *stream = user_data;
  MjpegPart *part = g_new0 (MjpegPart, 1);

  part->stream = mjpeg_stream_ref (stream);
  part->sample = gst_app_sink_pull_sample (sink);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, mjpeg_write_part_cb, part, mjpeg_part_free);
  return GST_FLOW_OK;
}

static void
mjpeg_wrote_body_data_cb (SoupServerMessage *msg, guint chunk_size, MjpegStream *stream)
{
  stream->pending_bytes -= MIN (stream->pending_bytes, chunk_size);
}

static void
mjpeg_finished_cb (SoupServerMessage *msg, MjpegStream *stream)
{
  if (stream->closed)
    return;
  stream->closed = TRUE;
  g_signal_handlers_disconnect_by_data (msg, stream);
  /* Stopping the pipeline first means no streaming thread still uses it. */
  gst_element_set_state (stream->pipeline, GST_STATE_NULL);
  mjpeg_stream_unref (stream);
}

void
sl_camsim_vapix_handle_mjpeg (SlCamsimHttp *http,
                              SoupServerMessage *msg,
                              GHashTable *params,
                              const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *fps_text = g_hash_table_lookup (params, "fps");
  guint64 fps = 15;
  guint width, height;
  MjpegStream *stream;
  GstElement *sink;
  GstAppSinkCallbacks callbacks = { .new_sample = mjpeg_new_sample_cb };

  if (!sl_camsim_vapix_check_camera (msg, params))
    return;
  if (!parse_resolution (device, g_hash_table_lookup (params, "resolution"), &width, &height) ||
      (fps_text && !g_ascii_string_to_unsigned (fps_text, 10, 0, 30, &fps, NULL)))
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST,
                            "# Error: Unsupported resolution or frame rate\n");
      return;
    }

  stream = g_new0 (MjpegStream, 1);
  g_atomic_ref_count_init (&stream->ref_count);
  stream->msg = g_object_ref (msg);
  stream->pipeline = make_jpeg_pipeline (device, width, height, fps ? fps : 30, TRUE, &sink);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, stream, NULL);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type",
                                "multipart/x-mixed-replace;boundary=" MJPEG_BOUNDARY);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (mjpeg_wrote_body_data_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (mjpeg_finished_cb), stream);
  g_signal_connect (msg, "disconnected", G_CALLBACK (mjpeg_finished_cb), stream);
  sl_camsim_http_track_stream (http, msg);
  soup_server_message_pause (msg);
  gst_element_set_state (stream->pipeline, GST_STATE_PLAYING);
}
