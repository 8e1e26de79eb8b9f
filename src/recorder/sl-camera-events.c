// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sl-camera-events.h"
#include "sl-credentials.h"

/* VAPIX event streaming over WebSocket, as the devices of the seeds (and
 * sightline-camsim, whose src/camsim/README.md shows the messages) speak
 * it: the client sends events:configure with topic filters and receives an
 * events:notify per change, after the current state of stateful topics.
 * Digital ports share one topic whether they are inputs or outputs, so the
 * port directions are read first from param.cgi (group IOPort). */

#define EVENT_STREAM_PATH "vapix/ws-data-stream?sources=events"
#define IO_PORTS_PATH     "axis-cgi/param.cgi?action=list&group=IOPort"
#define TOPIC_MOTION      "tnsaxis:CameraApplicationPlatform/VMD/"
#define TOPIC_PORT        "tns1:Device/tnsaxis:IO/Port"
#define KEEPALIVE_S       10
#define HTTP_TIMEOUT_S    10

static const guint retry_delays_s[] = { 1, 2, 4, 8, 15 };

struct _SlCameraEvents
{
  GObject parent_instance;

  /* Owned. */
  SlCatalog *catalog;
  SlCamera *camera;
  gint64 camera_id;
  char *camera_name;
  char *base_url; /* http://host:port/ */
  char *username;
  char *password;

  SoupSession *session;
  SoupWebsocketConnection *connection;
  GCancellable *cancellable;
  guint retry_id;
  guint attempt;
  gboolean running;
  gboolean connected;

  GHashTable *input_ports;   /* port number (string) -> itself; NULL: all ports */
  GHashTable *active_motion; /* VMD topic -> itself, while it reports motion */
  GHashTable *active_inputs; /* port -> itself, while the input is active */
};

enum
{
  PROP_0,
  PROP_CONNECTED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_EVENT,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlCameraEvents, sl_camera_events, G_TYPE_OBJECT)

static void connect_now (SlCameraEvents *self);

/* ---- Events ---------------------------------------------------------------- */

static void
event_added_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (sl_catalog_add_event_finish (SL_CATALOG (source), result, &error) <= 0)
    g_warning (_ ("Cannot store a camera event: %s"), error->message);
}

static void
record_event (SlCameraEvents *self, const char *type, const char *source, SlEventPhase phase)
{
  SlEvent event = {
    .camera_id = self->camera_id,
    .time_us = g_get_real_time (),
    .type = (char *)type,
    .source = (char *)source,
    .phase = phase,
  };

  g_debug ("Camera '%s': %s %s %s", self->camera_name, type, source ? source : "",
           sl_event_phase_to_string (phase));
  sl_catalog_add_event_async (self->catalog, &event, NULL, event_added_cb, NULL);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, &event);
}

static void
set_motion_topic (SlCameraEvents *self, const char *topic, gboolean active)
{
  gboolean was_active = g_hash_table_size (self->active_motion) > 0;
  gboolean is_active;

  if (active)
    g_hash_table_add (self->active_motion, g_strdup (topic));
  else
    g_hash_table_remove (self->active_motion, topic);
  is_active = g_hash_table_size (self->active_motion) > 0;
  if (is_active == was_active)
    return;
  record_event (self, SL_EVENT_TYPE_MOTION, NULL, is_active ? SL_EVENT_START : SL_EVENT_END);
  sl_camera_set_motion (self->camera, is_active);
}

static void
set_input (SlCameraEvents *self, const char *port, gboolean active)
{
  if (self->input_ports != NULL && !g_hash_table_contains (self->input_ports, port))
    return; /* an output port */
  if (active == g_hash_table_contains (self->active_inputs, port))
    return; /* the state announced at subscription, or a repeat */
  if (active)
    g_hash_table_add (self->active_inputs, g_strdup (port));
  else
    g_hash_table_remove (self->active_inputs, port);
  record_event (self, SL_EVENT_TYPE_INPUT, port, active ? SL_EVENT_START : SL_EVENT_END);
}

/* What was active when the channel closed ends now: a range left open
 * would run to the end of the timeline. */
static void
end_active (SlCameraEvents *self)
{
  g_autofree gpointer *ports = NULL;
  guint n_ports = 0;

  if (g_hash_table_size (self->active_motion) > 0)
    {
      g_hash_table_remove_all (self->active_motion);
      record_event (self, SL_EVENT_TYPE_MOTION, NULL, SL_EVENT_END);
    }
  sl_camera_set_motion (self->camera, FALSE);

  ports = g_hash_table_get_keys_as_array (self->active_inputs, &n_ports);
  for (guint i = 0; i < n_ports; i++)
    {
      g_autofree char *port = g_strdup (ports[i]);

      set_input (self, port, FALSE);
    }
}

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
handle_notification (SlCameraEvents *self, JsonObject *notification)
{
  const char *topic = member_string (notification, "topic");
  JsonObject *message = member_object (notification, "message");
  JsonObject *source = member_object (message, "source");
  JsonObject *data = member_object (message, "data");

  if (topic == NULL || data == NULL)
    return;
  if (g_str_has_prefix (topic, TOPIC_MOTION))
    {
      const char *active = member_string (data, "active");

      if (active != NULL)
        set_motion_topic (self, topic, g_str_equal (active, "1"));
    }
  else if (g_str_equal (topic, TOPIC_PORT))
    {
      const char *port = member_string (source, "port");
      const char *state = member_string (data, "state");

      if (port != NULL && state != NULL)
        set_input (self, port, g_str_equal (state, "1"));
    }
}

/* ---- The WebSocket --------------------------------------------------------- */

static void
set_connected (SlCameraEvents *self, gboolean connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
retry_cb (gpointer user_data)
{
  SlCameraEvents *self = user_data;

  self->retry_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SlCameraEvents *self)
{
  guint delay_s = retry_delays_s[MIN (self->attempt, G_N_ELEMENTS (retry_delays_s) - 1)];

  if (!self->running || self->retry_id != 0)
    return;
  self->attempt++;
  g_debug ("Camera '%s': event channel retries in %u s", self->camera_name, delay_s);
  self->retry_id = g_timeout_add_seconds (delay_s, retry_cb, self);
}

static void
message_cb (SoupWebsocketConnection *connection, int type, GBytes *bytes, gpointer user_data)
{
  SlCameraEvents *self = user_data;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);
  JsonObject *reply;
  const char *method;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !json_parser_load_from_data (parser, text, size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  reply = json_node_get_object (json_parser_get_root (parser));
  method = member_string (reply, "method");
  if (member_object (reply, "error") != NULL)
    {
      g_warning (_ ("Camera '%s' refused the event subscription: %s"), self->camera_name,
                 member_string (member_object (reply, "error"), "message"));
      return;
    }
  if (g_strcmp0 (method, "events:configure") == 0)
    {
      self->attempt = 0;
      set_connected (self, TRUE);
    }
  else if (g_strcmp0 (method, "events:notify") == 0)
    handle_notification (self, member_object (member_object (reply, "params"), "notification"));
}

static void
drop_connection (SlCameraEvents *self)
{
  if (self->connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
}

static void
closed_cb (SoupWebsocketConnection *connection, gpointer user_data)
{
  SlCameraEvents *self = user_data;

  g_debug ("Camera '%s': event channel closed", self->camera_name);
  drop_connection (self);
  set_connected (self, FALSE);
  end_active (self);
  schedule_retry (self);
}

static void
websocket_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlCameraEvents *self = user_data;
  g_autoptr (GError) error = NULL;
  SoupWebsocketConnection *connection =
      soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Camera '%s': no event channel: %s", self->camera_name, error->message);
          schedule_retry (self);
        }
      g_object_unref (self);
      return;
    }

  self->connection = connection;
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_S);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  soup_websocket_connection_send_text (
      connection,
      "{\"apiVersion\":\"1.0\",\"context\":\"sightline\",\"method\":\"events:configure\","
      "\"params\":{\"eventFilterList\":["
      "{\"topicFilter\":\"tnsaxis:CameraApplicationPlatform/VMD//.\"},"
      "{\"topicFilter\":\"tns1:Device/tnsaxis:IO/Port\"}]}}");
  g_object_unref (self);
}

static gboolean
authenticate_cb (SoupMessage *msg, SoupAuth *auth, gboolean retrying, gpointer user_data)
{
  SlCameraEvents *self = user_data;

  if (retrying || self->username == NULL || soup_auth_is_for_proxy (auth))
    return FALSE;
  soup_auth_authenticate (auth, self->username, self->password ? self->password : "");
  return TRUE;
}

static SoupMessage *
new_message (SlCameraEvents *self, const char *path)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessage *msg = soup_message_new ("GET", url);

  if (msg != NULL)
    g_signal_connect_object (msg, "authenticate", G_CALLBACK (authenticate_cb), self, 0);
  return msg;
}

static void
open_websocket (SlCameraEvents *self)
{
  g_autoptr (SoupMessage) msg = new_message (self, EVENT_STREAM_PATH);

  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, websocket_connected_cb,
                                        g_object_ref (self));
}

/* Lines "root.IOPort.I0.Direction=input": port I0 is port 1 of the events. */
static GHashTable *
parse_input_ports (const char *text)
{
  g_autoptr (GHashTable) inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean any = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 index;
      char *end = NULL;
      const char *line = g_strstrip (lines[i]);

      if (!g_str_has_prefix (line, "root.IOPort.I"))
        continue;
      index = g_ascii_strtoull (line + strlen ("root.IOPort.I"), &end, 10);
      if (end == NULL || !g_str_equal (end, ".Direction=input"))
        {
          any |= end != NULL && g_str_has_prefix (end, ".Direction=");
          continue;
        }
      any = TRUE;
      g_hash_table_add (inputs, g_strdup_printf ("%" G_GUINT64_FORMAT, index + 1));
    }
  return any ? g_steal_pointer (&inputs) : NULL;
}

static void
io_ports_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlCameraEvents *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (body == NULL)
    {
      /* Unreachable: the WebSocket would fail the same way. */
      g_debug ("Camera '%s': no port list: %s", self->camera_name, error->message);
      schedule_retry (self);
      g_object_unref (self);
      return;
    }
  /* Without a port list (an old firmware, a viewer account), every port
   * counts as an input. */
  g_clear_pointer (&self->input_ports, g_hash_table_unref);
  if (soup_message_get_status (msg) == SOUP_STATUS_OK)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      self->input_ports = parse_input_ports (text);
    }
  open_websocket (self);
  g_object_unref (self);
}

static void
connect_now (SlCameraEvents *self)
{
  g_autoptr (SoupMessage) msg = new_message (self, IO_PORTS_PATH);

  if (msg == NULL)
    {
      g_warning (_ ("Camera '%s' has no usable address for its events: %s"), self->camera_name,
                 self->base_url);
      return;
    }
  g_debug ("Camera '%s': connecting the event channel", self->camera_name);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    io_ports_cb, g_object_ref (self));
}

/* ---- GObject --------------------------------------------------------------- */

static void
sl_camera_events_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlCameraEvents *self = SL_CAMERA_EVENTS (object);

  switch (prop_id)
    {
      case PROP_CONNECTED:
        g_value_set_boolean (value, self->connected);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_camera_events_dispose (GObject *object)
{
  SlCameraEvents *self = SL_CAMERA_EVENTS (object);

  if (self->camera != NULL)
    sl_camera_events_stop (self);
  g_clear_object (&self->session);
  g_clear_object (&self->camera);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sl_camera_events_parent_class)->dispose (object);
}

static void
sl_camera_events_finalize (GObject *object)
{
  SlCameraEvents *self = SL_CAMERA_EVENTS (object);

  g_free (self->camera_name);
  g_free (self->base_url);
  g_free (self->username);
  sl_credentials_free_password (self->password);
  g_clear_pointer (&self->input_ports, g_hash_table_unref);
  g_hash_table_unref (self->active_motion);
  g_hash_table_unref (self->active_inputs);

  G_OBJECT_CLASS (sl_camera_events_parent_class)->finalize (object);
}

static void
sl_camera_events_class_init (SlCameraEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_camera_events_get_property;
  object_class->dispose = sl_camera_events_dispose;
  object_class->finalize = sl_camera_events_finalize;

  properties[PROP_CONNECTED] =
      g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
sl_camera_events_init (SlCameraEvents *self)
{
  self->active_motion = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->active_inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---- Public API ------------------------------------------------------------ */

SlCameraEvents *
sl_camera_events_new (SlCatalog *catalog,
                      SlCamera *camera,
                      const SlCameraRecord *record,
                      const char *password)
{
  SlCameraEvents *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (SL_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (record != NULL && record->address != NULL, NULL);

  self = g_object_new (SL_TYPE_CAMERA_EVENTS, NULL);
  self->catalog = g_object_ref (catalog);
  self->camera = g_object_ref (camera);
  self->camera_id = record->id;
  self->camera_name = g_strdup (record->name);
  self->base_url = g_strdup_printf ("http://%s/", record->address);
  self->username = g_strdup (record->username);
  self->password = g_strdup (password);
  self->session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_S, NULL);
  return self;
}

void
sl_camera_events_start (SlCameraEvents *self)
{
  g_return_if_fail (SL_IS_CAMERA_EVENTS (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->attempt = 0;
  self->cancellable = g_cancellable_new ();
  connect_now (self);
}

void
sl_camera_events_stop (SlCameraEvents *self)
{
  g_return_if_fail (SL_IS_CAMERA_EVENTS (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  set_connected (self, FALSE);
  end_active (self);
}

gboolean
sl_camera_events_get_connected (SlCameraEvents *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_EVENTS (self), FALSE);

  return self->connected;
}

SlCamera *
sl_camera_events_get_camera (SlCameraEvents *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_EVENTS (self), NULL);

  return self->camera;
}
