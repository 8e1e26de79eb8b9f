// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include "sl-camsim-http-private.h"

/* The event channel of the simulated camera: VAPIX "event streaming over
 * WebSocket" at /vapix/ws-data-stream?sources=events. A client sends
 * events:configure with a topic filter list and then receives events:notify
 * messages. The upgrade request passes through the server's authentication. */

typedef struct
{
  SoupWebsocketConnection *connection;
  GStrv filters; /* NULL until configured */
} Subscriber;

struct _SlCamsimEventStream
{
  SlCamsimDevice *device;
  GPtrArray *subscribers;
  gulong event_handler;
};

static void
subscriber_free (gpointer data)
{
  Subscriber *subscriber = data;

  g_signal_handlers_disconnect_matched (subscriber->connection, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                        NULL, subscriber);
  g_object_unref (subscriber->connection);
  g_strfreev (subscriber->filters);
  g_free (subscriber);
}

static char *
normalize_topic (const char *topic)
{
  g_auto (GStrv) parts = g_strsplit (topic, "/", -1);

  /* Clients may write the MQTT-style prefixes; the stream uses tns1/tnsaxis. */
  for (guint i = 0; parts[i]; i++)
    {
      char *renamed = NULL;

      if (g_str_has_prefix (parts[i], "onvif:"))
        renamed = g_strconcat ("tns1:", parts[i] + strlen ("onvif:"), NULL);
      else if (g_str_has_prefix (parts[i], "axis:"))
        renamed = g_strconcat ("tnsaxis:", parts[i] + strlen ("axis:"), NULL);
      if (renamed)
        {
          g_free (parts[i]);
          parts[i] = renamed;
        }
    }
  return g_strjoinv ("/", parts);
}

static gboolean
topic_matches (const Subscriber *subscriber, const char *topic)
{
  if (subscriber->filters == NULL)
    return FALSE;
  for (guint i = 0; subscriber->filters[i]; i++)
    {
      const char *filter = subscriber->filters[i];

      if (g_str_has_suffix (filter, "//."))
        {
          g_autofree char *prefix = g_strndup (filter, strlen (filter) - 3);

          if (g_str_has_prefix (topic, prefix))
            return TRUE;
        }
      else if (g_str_equal (filter, topic))
        return TRUE;
    }
  return FALSE;
}

static void
send_json (SoupWebsocketConnection *connection, JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (connection, text);
}

static void
add_items (JsonBuilder *builder, const char *member, const char *key, const char *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  if (key != NULL)
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
}

static void
notify (Subscriber *subscriber,
        const char *topic,
        const char *source_key,
        const char *source_value,
        const char *data_key,
        const char *data_value,
        gint64 time_ms)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "1.0");
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, "events:notify");
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "notification");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, topic);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_int_value (builder, time_ms);
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  add_items (builder, "source", source_key, source_value);
  add_items (builder, "key", NULL, NULL);
  add_items (builder, "data", data_key, data_value);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  send_json (subscriber->connection, builder);
}

static void
device_event_cb (SlCamsimDevice *device,
                 const char *topic,
                 const char *source_key,
                 const char *source_value,
                 const char *data_key,
                 const char *data_value,
                 gint64 time_ms,
                 SlCamsimEventStream *stream)
{
  for (guint i = 0; i < stream->subscribers->len; i++)
    {
      Subscriber *subscriber = stream->subscribers->pdata[i];

      if (topic_matches (subscriber, topic))
        notify (subscriber, topic, source_key, source_value, data_key, data_value, time_ms);
    }
}

static void
send_current_state (SlCamsimEventStream *stream, Subscriber *subscriber)
{
  gint64 now = sl_camsim_device_now_ms (stream->device);

  /* Stateful properties are announced once at subscription, so that a client
   * knows the state without waiting for a change. */
  if (topic_matches (subscriber, SL_CAMSIM_TOPIC_MOTION))
    notify (subscriber, SL_CAMSIM_TOPIC_MOTION, NULL, NULL, "active",
            sl_camsim_device_get_motion (stream->device) ? "1" : "0", now);
  if (topic_matches (subscriber, SL_CAMSIM_TOPIC_PORT))
    for (guint i = 0; i < SL_CAMSIM_N_INPUTS + SL_CAMSIM_N_OUTPUTS; i++)
      {
        g_autofree char *port = g_strdup_printf ("%u", i + 1);
        gboolean active =
            i < SL_CAMSIM_N_INPUTS
                ? sl_camsim_device_get_input (stream->device, i)
                : sl_camsim_device_get_output (stream->device, i - SL_CAMSIM_N_INPUTS);

        notify (subscriber, SL_CAMSIM_TOPIC_PORT, "port", port, "state", active ? "1" : "0", now);
      }
}

static void
reply (Subscriber *subscriber,
       const char *method,
       const char *context,
       int error_code,
       const char *error_message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "1.0");
  if (context)
    {
      json_builder_set_member_name (builder, "context");
      json_builder_add_string_value (builder, context);
    }
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  if (error_code)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_int_value (builder, error_code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error_message);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "data");
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  send_json (subscriber->connection, builder);
}

static void
message_cb (SoupWebsocketConnection *connection, int type, GBytes *message, gpointer user_data)
{
  Subscriber *subscriber = user_data;
  SlCamsimEventStream *stream = g_object_get_data (G_OBJECT (connection), "sl-event-stream");
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonObject *request, *params;
  JsonArray *filters;
  const char *method, *context;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !json_parser_load_from_data (parser, data, size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      reply (subscriber, "", NULL, 4000, "Invalid JSON");
      return;
    }
  request = json_node_get_object (json_parser_get_root (parser));
  method = json_object_get_string_member_with_default (request, "method", "");
  context = json_object_get_string_member_with_default (request, "context", NULL);
  if (!g_str_equal (method, "events:configure"))
    {
      reply (subscriber, method, context, 2002, "Method not supported");
      return;
    }
  params = json_object_get_object_member (request, "params");
  filters = params ? json_object_get_array_member (params, "eventFilterList") : NULL;
  if (filters == NULL || json_array_get_length (filters) == 0)
    {
      reply (subscriber, method, context, 2104, "Invalid parameter: empty eventFilterList");
      return;
    }
  for (guint i = 0; i < json_array_get_length (filters); i++)
    {
      JsonObject *filter = json_array_get_object_element (filters, i);
      const char *topic =
          filter ? json_object_get_string_member_with_default (filter, "topicFilter", NULL) : NULL;

      if (topic)
        {
          g_autofree char *normalized = normalize_topic (topic);

          g_strv_builder_add (builder, normalized);
        }
    }
  g_strfreev (subscriber->filters);
  subscriber->filters = g_strv_builder_end (builder);
  reply (subscriber, method, context, 0, NULL);
  send_current_state (stream, subscriber);
}

static void
closed_cb (SoupWebsocketConnection *connection, gpointer user_data)
{
  SlCamsimEventStream *stream = g_object_get_data (G_OBJECT (connection), "sl-event-stream");

  g_ptr_array_remove (stream->subscribers, user_data);
}

static void
websocket_cb (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              SoupWebsocketConnection *connection,
              gpointer user_data)
{
  SlCamsimEventStream *stream = user_data;
  Subscriber *subscriber;

  if (!sl_camsim_device_get_network_up (stream->device))
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }
  subscriber = g_new0 (Subscriber, 1);
  subscriber->connection = g_object_ref (connection);
  g_object_set_data (G_OBJECT (connection), "sl-event-stream", stream);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), subscriber);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), subscriber);
  g_ptr_array_add (stream->subscribers, subscriber);
}

SlCamsimEventStream *
sl_camsim_event_stream_new (SoupServer *server, SlCamsimDevice *device)
{
  SlCamsimEventStream *stream = g_new0 (SlCamsimEventStream, 1);

  stream->device = g_object_ref (device);
  stream->subscribers = g_ptr_array_new_with_free_func (subscriber_free);
  stream->event_handler = g_signal_connect (device, "event", G_CALLBACK (device_event_cb), stream);
  soup_server_add_websocket_handler (server, SL_CAMSIM_EVENT_STREAM_PATH, NULL, NULL, websocket_cb,
                                     stream, NULL);
  return stream;
}

void
sl_camsim_event_stream_close_all (SlCamsimEventStream *stream)
{
  g_autoptr (GPtrArray) subscribers = g_ptr_array_copy (stream->subscribers, NULL, NULL);

  /* The copy inherits the free function; it must not free the subscribers. */
  g_ptr_array_set_free_func (subscribers, NULL);
  for (guint i = 0; i < subscribers->len; i++)
    {
      Subscriber *subscriber = subscribers->pdata[i];

      if (soup_websocket_connection_get_state (subscriber->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (subscriber->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "network down");
    }
}

void
sl_camsim_event_stream_free (SlCamsimEventStream *stream)
{
  g_clear_signal_handler (&stream->event_handler, stream->device);
  g_ptr_array_unref (stream->subscribers);
  g_object_unref (stream->device);
  g_free (stream);
}
