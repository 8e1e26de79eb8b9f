// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <stdio.h>

#include <gst/app/gstappsink.h>

#include "sl-camsim-http-private.h"
#include "sl-camsim-picture.h"

/* The device API of the simulated camera, in the wire formats of the VAPIX
 * HTTP API of the devices in the seeds (documented in src/camsim/README.md).
 * Every wire format of the simulator's HTTP API lives in this file. */

#define MJPEG_BOUNDARY "slcamsimboundary"
#define API_VERSION    "1.0"

static SlCamsimRole
role_of (SlCamsimHttp *http, const char *user)
{
  SlCamsimRole role = SL_CAMSIM_ROLE_ADMINISTRATOR;

  if (user != NULL)
    sl_camsim_device_lookup_password (sl_camsim_http_get_device (http), user, &role);
  return role;
}

static gboolean
require_role (SlCamsimHttp *http, SoupServerMessage *msg, const char *user, SlCamsimRole role)
{
  if (role_of (http, user) >= role)
    return TRUE;
  sl_camsim_reply_text (msg, SOUP_STATUS_FORBIDDEN, "The account %s may not do this\n", user);
  return FALSE;
}

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

static gboolean
check_camera (SoupServerMessage *msg, GHashTable *params)
{
  const char *camera = g_hash_table_lookup (params, "camera");

  if (camera == NULL || g_str_equal (camera, "1"))
    return TRUE;
  sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: No such camera: %s\n", camera);
  return FALSE;
}

static void
reply_json_error (SoupServerMessage *msg, const char *method, int code, const char *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, API_VERSION);
  if (method)
    {
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, method);
    }
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  sl_camsim_reply_json (msg, SOUP_STATUS_OK, root);
}

/* Opens the reply envelope of the JSON APIs, up to the inside of "data". */
static JsonBuilder *
begin_json_reply (const char *method)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, API_VERSION);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  return builder;
}

/* Closes "data" and the envelope, and sends the reply. */
static void
end_json_reply (SoupServerMessage *msg, JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = NULL;

  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  sl_camsim_reply_json (msg, SOUP_STATUS_OK, root);
  g_object_unref (builder);
}

/* ---- /axis-cgi/systemready.cgi ---------------------------------------- */

static void
handle_systemready (SlCamsimHttp *http,
                    SoupServerMessage *msg,
                    GHashTable *params,
                    const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  JsonBuilder *builder = begin_json_reply ("systemready");
  g_autofree char *uptime =
      g_strdup_printf ("%" G_GINT64_FORMAT, sl_camsim_device_get_uptime_seconds (device));

  json_builder_set_member_name (builder, "systemready");
  json_builder_add_string_value (builder, "yes");
  json_builder_set_member_name (builder, "needsetup");
  json_builder_add_string_value (builder,
                                 sl_camsim_device_get_factory_default (device) ? "yes" : "no");
  json_builder_set_member_name (builder, "uptime");
  json_builder_add_string_value (builder, uptime);
  json_builder_set_member_name (builder, "bootid");
  json_builder_add_string_value (builder, sl_camsim_device_get_boot_id (device));
  end_json_reply (msg, builder);
}

/* ---- /axis-cgi/pwdgrp.cgi --------------------------------------------- */

static SlCamsimRole
role_from_groups (const char *sgrp)
{
  g_auto (GStrv) groups = g_strsplit (sgrp ? sgrp : "", ":", -1);

  if (g_strv_contains ((const char *const *)groups, "admin"))
    return SL_CAMSIM_ROLE_ADMINISTRATOR;
  if (g_strv_contains ((const char *const *)groups, "operator"))
    return SL_CAMSIM_ROLE_OPERATOR;
  if (g_strv_contains ((const char *const *)groups, "viewer"))
    return SL_CAMSIM_ROLE_VIEWER;
  return SL_CAMSIM_ROLE_NONE;
}

static void
append_group (GString *out, SlCamsimDevice *device, const char *group, SlCamsimRole role)
{
  g_auto (GStrv) names = sl_camsim_device_dup_account_names (device, role);
  g_autofree char *joined = g_strjoinv (",", names);

  g_string_append_printf (out, "%s=\"%s\"\n", group, joined);
}

static void
handle_pwdgrp (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  const char *action = g_hash_table_lookup (params, "action");
  const char *name = g_hash_table_lookup (params, "user");
  const char *password = g_hash_table_lookup (params, "pwd");
  SlCamsimRole role = role_from_groups (g_hash_table_lookup (params, "sgrp"));
  g_autoptr (GError) error = NULL;

  if (sl_camsim_device_get_factory_default (device) && g_strcmp0 (action, "add") != 0)
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_UNAUTHORIZED,
                            "Create the first administrator account first\n");
      return;
    }

  if (g_strcmp0 (action, "get") == 0)
    {
      g_autoptr (GString) out = g_string_new (NULL);

      append_group (out, device, "admin", SL_CAMSIM_ROLE_ADMINISTRATOR);
      append_group (out, device, "operator", SL_CAMSIM_ROLE_OPERATOR);
      append_group (out, device, "viewer", SL_CAMSIM_ROLE_VIEWER);
      sl_camsim_reply_text (msg, SOUP_STATUS_OK, "%s", out->str);
      return;
    }
  if (g_strcmp0 (action, "add") == 0)
    {
      if (role == SL_CAMSIM_ROLE_NONE)
        {
          sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST,
                                "Error: sgrp must name admin, operator or viewer\n");
          return;
        }
      if (sl_camsim_device_add_account (
              device, name, password, role,
              strstr (g_hash_table_lookup (params, "sgrp"), "ptz") != NULL, &error))
        sl_camsim_reply_text (msg, SOUP_STATUS_OK, "Created account %s.\n", name);
    }
  else if (g_strcmp0 (action, "update") == 0)
    {
      if (sl_camsim_device_update_account (device, name, password, role, &error))
        sl_camsim_reply_text (msg, SOUP_STATUS_OK, "Modified account %s.\n", name);
    }
  else if (g_strcmp0 (action, "remove") == 0)
    {
      if (sl_camsim_device_remove_account (device, name, &error))
        sl_camsim_reply_text (msg, SOUP_STATUS_OK, "Removed account %s.\n", name);
    }
  else
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "Error: unknown action %s\n", action);
      return;
    }
  if (error)
    sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "Error: %s\n", error->message);
}

/* ---- /axis-cgi/basicdeviceinfo.cgi ------------------------------------ */

static void
add_property (JsonBuilder *builder, JsonArray *wanted, const char *name, const char *value)
{
  if (wanted != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (wanted) && !found; i++)
        found = g_strcmp0 (json_array_get_string_element (wanted, i), name) == 0;
      if (!found)
        return;
    }
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
handle_basicdeviceinfo (SlCamsimHttp *http,
                        SoupServerMessage *msg,
                        GHashTable *params,
                        const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonBuilder *builder;
  JsonObject *request = sl_camsim_request_json (msg, parser);
  const char *method =
      request ? json_object_get_string_member_with_default (request, "method", "") : "";
  JsonArray *wanted = NULL;
  gboolean restricted = TRUE;

  if (g_str_equal (method, "getProperties"))
    {
      JsonObject *args = json_object_get_object_member (request, "params");

      wanted = args ? json_object_get_array_member (args, "propertyList") : NULL;
      if (wanted == NULL)
        {
          reply_json_error (msg, method, 4002, "params.propertyList is required");
          return;
        }
    }
  else if (g_str_equal (method, "getAllUnrestrictedProperties"))
    restricted = FALSE;
  else if (g_str_equal (method, "getSupportedVersions"))
    {
      builder = begin_json_reply (method);
      json_builder_set_member_name (builder, "apiVersions");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, API_VERSION);
      json_builder_end_array (builder);
      end_json_reply (msg, builder);
      return;
    }
  else if (!g_str_equal (method, "getAllProperties"))
    {
      reply_json_error (msg, method, 4002, "Unknown or missing method");
      return;
    }

  builder = begin_json_reply (method);
  json_builder_set_member_name (builder, "propertyList");
  json_builder_begin_object (builder);
  add_property (builder, wanted, "Brand", sl_camsim_device_get_param (device, "Brand.Brand"));
  add_property (builder, wanted, "ProdFullName",
                sl_camsim_device_get_param (device, "Brand.ProdFullName"));
  add_property (builder, wanted, "ProdNbr", sl_camsim_device_get_param (device, "Brand.ProdNbr"));
  add_property (builder, wanted, "ProdShortName", sl_camsim_device_get_model (device));
  add_property (builder, wanted, "ProdType", sl_camsim_device_get_param (device, "Brand.ProdType"));
  add_property (builder, wanted, "ProdVariant", "");
  add_property (builder, wanted, "SerialNumber", sl_camsim_device_get_serial (device));
  add_property (builder, wanted, "Version", sl_camsim_device_get_firmware (device));
  add_property (builder, wanted, "BuildDate", "Nov 21 2026 00:00");
  add_property (builder, wanted, "HardwareID", "7A1");
  add_property (builder, wanted, "WebURL", "https://www.axis.com/");
  if (restricted)
    {
      add_property (builder, wanted, "Architecture", "aarch64");
      add_property (builder, wanted, "Soc", "Axis Artpec-8");
      add_property (builder, wanted, "SocSerialNumber", sl_camsim_device_get_serial (device));
    }
  json_builder_end_object (builder);
  end_json_reply (msg, builder);
}

/* ---- /axis-cgi/apidiscovery.cgi --------------------------------------- */

static void
handle_apidiscovery (SlCamsimHttp *http,
                     SoupServerMessage *msg,
                     GHashTable *params,
                     const char *user)
{
  static const char *const apis[][3] = {
    { "basic-device-info", "1.1", "Basic Device Information" },
    { "systemready", "1.1", "Systemready" },
    { "user-management", "1.1", "User Management" },
    { "event-streaming-over-websocket", "1.0", "Event streaming over WebSocket" },
    { "ptz-control", "1.0", "PTZ Control" },
    { "io-port-management", "1.0", "IO Port Management" },
  };
  JsonBuilder *builder = begin_json_reply ("getApiList");

  json_builder_set_member_name (builder, "apiList");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (apis); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, apis[i][0]);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, apis[i][1]);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, apis[i][2]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  end_json_reply (msg, builder);
}

/* ---- /axis-cgi/param.cgi ---------------------------------------------- */

static const char *
strip_root (const char *name)
{
  return g_str_has_prefix (name, "root.") ? name + strlen ("root.") : name;
}

static void
handle_param (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  const char *action = g_hash_table_lookup (params, "action");
  g_autoptr (GString) out = g_string_new (NULL);

  if (g_strcmp0 (action, "list") == 0)
    {
      const char *group = g_hash_table_lookup (params, "group");
      g_auto (GStrv) groups = g_strsplit (group ? group : "", ",", -1);

      for (guint i = 0; groups[i] || i == 0; i++)
        {
          const char *wanted = groups[i] ? strip_root (groups[i]) : "";
          g_autoptr (GPtrArray) names = sl_camsim_device_list_params (device, wanted);

          if (names->len == 0)
            g_string_append_printf (out, "# Error: Error -1 getting param in group '%s'\n",
                                    groups[i]);
          for (guint j = 0; j < names->len; j++)
            g_string_append_printf (out, "root.%s=%s\n", (char *)names->pdata[j],
                                    sl_camsim_device_get_param (device, names->pdata[j]));
          if (groups[i] == NULL)
            break;
        }
      sl_camsim_reply_text (msg, SOUP_STATUS_OK, "%s", out->str);
      return;
    }
  if (g_strcmp0 (action, "update") == 0)
    {
      GHashTableIter iter;
      gpointer key, value;
      gboolean ok = TRUE;

      if (!require_role (http, msg, user, SL_CAMSIM_ROLE_OPERATOR))
        return;
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autoptr (GError) error = NULL;

          if (g_str_equal (key, "action"))
            continue;
          if (!sl_camsim_device_set_param (device, strip_root (key), value, &error))
            {
              g_string_append_printf (out, "# Error: %s\n", error->message);
              ok = FALSE;
            }
        }
      sl_camsim_reply_text (msg, SOUP_STATUS_OK, "%s", ok ? "OK\n" : out->str);
      return;
    }
  sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: action must be list or update\n");
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

static void
handle_image (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  SnapshotRequest *request = g_new0 (SnapshotRequest, 1);
  g_autoptr (GTask) task = NULL;

  request->device = g_object_ref (device);
  if (!check_camera (msg, params) ||
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

static void
handle_mjpeg (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *fps_text = g_hash_table_lookup (params, "fps");
  guint64 fps = 15;
  guint width, height;
  MjpegStream *stream;
  GstElement *sink;
  GstAppSinkCallbacks callbacks = { .new_sample = mjpeg_new_sample_cb };

  if (!check_camera (msg, params))
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

/* ---- /axis-cgi/io/port.cgi -------------------------------------------- */

/* Port numbers count the inputs first, then the outputs, from 1. */
static gboolean
port_state (SlCamsimDevice *device, guint64 port)
{
  if (port <= SL_CAMSIM_N_INPUTS)
    return sl_camsim_device_get_input (device, port - 1);
  return sl_camsim_device_get_output (device, port - SL_CAMSIM_N_INPUTS - 1);
}

typedef struct
{
  SlCamsimDevice *device;
  guint output;
} Pulse;

static gboolean
pulse_end_cb (gpointer data)
{
  Pulse *pulse = data;

  sl_camsim_device_set_output (pulse->device, pulse->output, FALSE);
  g_object_unref (pulse->device);
  g_free (pulse);
  return G_SOURCE_REMOVE;
}

static gboolean
apply_port_action (SlCamsimDevice *device, const char *action, GError **error)
{
  guint64 port, pulse_ms = 0;
  char *end = NULL;
  gboolean activate;

  port = g_ascii_strtoull (action, &end, 10);
  if (end == action || *end != ':' || port < 1 || port > SL_CAMSIM_N_INPUTS + SL_CAMSIM_N_OUTPUTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Invalid action '%s'", action);
      return FALSE;
    }
  if (port <= SL_CAMSIM_N_INPUTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Port %" G_GUINT64_FORMAT " is an input", port);
      return FALSE;
    }
  end++;
  if (*end == '/')
    activate = TRUE;
  else if (*end == '\\')
    activate = FALSE;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Invalid action '%s'", action);
      return FALSE;
    }
  end++;
  /* "n:/300\" activates for 300 ms, then deactivates. */
  if (activate && g_ascii_isdigit (*end))
    {
      pulse_ms = g_ascii_strtoull (end, &end, 10);
      if (*end != '\\')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Invalid pulse '%s'",
                       action);
          return FALSE;
        }
    }

  sl_camsim_device_set_output (device, port - SL_CAMSIM_N_INPUTS - 1, activate);
  if (pulse_ms > 0)
    {
      Pulse *pulse = g_new0 (Pulse, 1);

      pulse->device = g_object_ref (device);
      pulse->output = port - SL_CAMSIM_N_INPUTS - 1;
      g_timeout_add (MIN (pulse_ms, 600000), pulse_end_cb, pulse);
    }
  return TRUE;
}

static void
handle_port (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  const char *check = g_hash_table_lookup (params, "checkactive");
  const char *action = g_hash_table_lookup (params, "action");
  g_autoptr (GString) out = g_string_new (NULL);

  if (check != NULL)
    {
      g_auto (GStrv) ports = g_strsplit (check, ",", -1);

      for (guint i = 0; ports[i]; i++)
        {
          guint64 port;

          if (!g_ascii_string_to_unsigned (ports[i], 10, 1,
                                           SL_CAMSIM_N_INPUTS + SL_CAMSIM_N_OUTPUTS, &port, NULL))
            {
              sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: No port %s\n",
                                    ports[i]);
              return;
            }
          g_string_append_printf (out, "port%" G_GUINT64_FORMAT "=%s\n", port,
                                  port_state (device, port) ? "active" : "inactive");
        }
      sl_camsim_reply_text (msg, SOUP_STATUS_OK, "%s", out->str);
      return;
    }
  if (action != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!require_role (http, msg, user, SL_CAMSIM_ROLE_OPERATOR))
        return;
      if (!apply_port_action (device, action, &error))
        {
          sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: %s\n", error->message);
          return;
        }
      sl_camsim_reply_text (msg, SOUP_STATUS_OK, "OK\n");
      return;
    }
  sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: use checkactive= or action=\n");
}

/* ---- /axis-cgi/com/ptz.cgi and ptzconfig.cgi -------------------------- */

static gboolean
param_double (GHashTable *params, const char *name, double *value)
{
  const char *text = g_hash_table_lookup (params, name);
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

static gboolean
apply_move (SlCamsimDevice *device, const char *move, SlCamsimPtz *ptz)
{
  /* A step moves a quarter of the field of view, smaller when zoomed in. */
  double step = 22.5 / (1.0 + (ptz->zoom - 1.0) / 9998.0 * 19.0);

  if (g_str_equal (move, "home"))
    return sl_camsim_device_goto_preset (device, "Home") &&
           (*ptz = sl_camsim_device_get_ptz (device), TRUE);
  if (g_str_equal (move, "stop"))
    {
      sl_camsim_device_move_ptz_continuous (device, 0, 0, 0);
      *ptz = sl_camsim_device_get_ptz (device);
      return TRUE;
    }
  if (strstr (move, "left"))
    ptz->pan -= step;
  if (strstr (move, "right"))
    ptz->pan += step;
  if (g_str_has_prefix (move, "up"))
    ptz->tilt += step;
  if (g_str_has_prefix (move, "down"))
    ptz->tilt -= step;
  return strstr (move, "left") || strstr (move, "right") || g_str_has_prefix (move, "up") ||
         g_str_has_prefix (move, "down");
}

static void
handle_ptz (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  SlCamsimPtz ptz = sl_camsim_device_get_ptz (device);
  const char *query = g_hash_table_lookup (params, "query");
  const char *text;
  double value, x, y;
  gboolean changed = FALSE;

  if (!check_camera (msg, params))
    return;
  if (g_strcmp0 (query, "position") == 0)
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_OK, "pan=%.2f\ntilt=%.2f\nzoom=%.0f\n", ptz.pan,
                            ptz.tilt, ptz.zoom);
      return;
    }
  if (g_strcmp0 (query, "presetposall") == 0)
    {
      g_auto (GStrv) names = sl_camsim_device_dup_preset_names (device);
      g_autoptr (GString) out = g_string_new ("presetposno1=Home\n");

      for (guint i = 0; names[i]; i++)
        g_string_append_printf (out, "presetposno%u=%s\n", i + 2, names[i]);
      sl_camsim_reply_text (msg, SOUP_STATUS_OK, "%s", out->str);
      return;
    }
  if (query != NULL)
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: unknown query %s\n", query);
      return;
    }

  if (param_double (params, "pan", &value))
    ptz.pan = value, changed = TRUE;
  if (param_double (params, "tilt", &value))
    ptz.tilt = value, changed = TRUE;
  if (param_double (params, "zoom", &value))
    ptz.zoom = value, changed = TRUE;
  if (param_double (params, "rpan", &value))
    ptz.pan += value, changed = TRUE;
  if (param_double (params, "rtilt", &value))
    ptz.tilt += value, changed = TRUE;
  if (param_double (params, "rzoom", &value))
    ptz.zoom += value, changed = TRUE;
  if ((text = g_hash_table_lookup (params, "move")))
    {
      if (!apply_move (device, text, &ptz))
        {
          sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: unknown move %s\n", text);
          return;
        }
      changed = TRUE;
    }
  if (changed)
    sl_camsim_device_set_ptz (device, ptz);

  if ((text = g_hash_table_lookup (params, "continuouspantiltmove")))
    {
      if (sscanf (text, "%lf,%lf", &x, &y) != 2)
        {
          sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: expected x,y speeds\n");
          return;
        }
      sl_camsim_device_move_ptz_continuous (device, x, y, 0);
      changed = TRUE;
    }
  if (param_double (params, "continuouszoommove", &value))
    {
      sl_camsim_device_move_ptz_continuous (device, 0, 0, value);
      changed = TRUE;
    }
  if ((text = g_hash_table_lookup (params, "gotoserverpresetname")))
    {
      if (!sl_camsim_device_goto_preset (device, text))
        {
          sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: no preset named %s\n",
                                text);
          return;
        }
      changed = TRUE;
    }

  if (!changed)
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: nothing to do\n");
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_ptzconfig (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);
  const char *name;

  if ((name = g_hash_table_lookup (params, "setserverpresetname")) && *name)
    sl_camsim_device_save_preset (device, name);
  else if ((name = g_hash_table_lookup (params, "removeserverpresetname")))
    {
      if (!sl_camsim_device_remove_preset (device, name))
        {
          sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "# Error: no preset named %s\n",
                                name);
          return;
        }
    }
  else
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST,
                            "# Error: use setserverpresetname= or removeserverpresetname=\n");
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* ---- maintenance ------------------------------------------------------ */

static gboolean
restart_later_cb (gpointer data)
{
  sl_camsim_device_restart (data, 3000);
  return G_SOURCE_REMOVE;
}

static void
handle_restart (SlCamsimHttp *http, SoupServerMessage *msg, GHashTable *params, const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);

  /* Reply first, then go down, as the device does. */
  sl_camsim_reply_text (msg, SOUP_STATUS_OK, "Restarting...\n");
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, restart_later_cb, g_object_ref (device),
                      g_object_unref);
}

static void
handle_factorydefault (SlCamsimHttp *http,
                       SoupServerMessage *msg,
                       GHashTable *params,
                       const char *user)
{
  SlCamsimDevice *device = sl_camsim_http_get_device (http);

  sl_camsim_reply_text (msg, SOUP_STATUS_OK, "OK\n");
  sl_camsim_device_factory_reset (device);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, restart_later_cb, g_object_ref (device),
                      g_object_unref);
}

/* ---- routes ----------------------------------------------------------- */

static const SlCamsimRoute routes[] = {
  { "/axis-cgi/systemready.cgi", SL_CAMSIM_ROLE_NONE, handle_systemready },
  { "/axis-cgi/pwdgrp.cgi", SL_CAMSIM_ROLE_ADMINISTRATOR, handle_pwdgrp },
  { "/axis-cgi/basicdeviceinfo.cgi", SL_CAMSIM_ROLE_VIEWER, handle_basicdeviceinfo },
  { "/axis-cgi/apidiscovery.cgi", SL_CAMSIM_ROLE_VIEWER, handle_apidiscovery },
  { "/axis-cgi/param.cgi", SL_CAMSIM_ROLE_VIEWER, handle_param },
  { "/axis-cgi/jpg/image.cgi", SL_CAMSIM_ROLE_VIEWER, handle_image },
  { "/axis-cgi/mjpg/video.cgi", SL_CAMSIM_ROLE_VIEWER, handle_mjpeg },
  { "/axis-cgi/io/port.cgi", SL_CAMSIM_ROLE_VIEWER, handle_port },
  { "/axis-cgi/com/ptz.cgi", SL_CAMSIM_ROLE_OPERATOR, handle_ptz },
  { "/axis-cgi/com/ptzconfig.cgi", SL_CAMSIM_ROLE_OPERATOR, handle_ptzconfig },
  { "/axis-cgi/restart.cgi", SL_CAMSIM_ROLE_ADMINISTRATOR, handle_restart },
  { "/axis-cgi/factorydefault.cgi", SL_CAMSIM_ROLE_ADMINISTRATOR, handle_factorydefault },
};

const SlCamsimRoute *
sl_camsim_vapix_get_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
