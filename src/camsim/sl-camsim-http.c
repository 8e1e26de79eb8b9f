// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include "sl-camsim-http-private.h"

/* The HTTP side of one simulated camera: a SoupServer on its own port with
 * digest and basic authentication, role checks, the device API routes of
 * sl-camsim-vapix.c, the event WebSocket and the unauthenticated /sim/ test
 * control plane (loopback clients only). */

struct _SlCamsimHttp
{
  GObject parent_instance;

  SlCamsimDevice *device;
  SlCamsimRtsp *rtsp;
  SoupServer *server;
  SoupAuthDomain *digest;
  SoupAuthDomain *basic;
  SlCamsimEventStream *events;
  GPtrArray *streams; /* SoupServerMessage answering with an endless body */
  guint port;
};

G_DEFINE_FINAL_TYPE (SlCamsimHttp, sl_camsim_http, G_TYPE_OBJECT)

void
sl_camsim_reply_text (SoupServerMessage *msg, guint status, const char *format, ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_TAKE, text, strlen (text));
}

void
sl_camsim_reply_json (SoupServerMessage *msg, guint status, JsonNode *node)
{
  char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

JsonObject *
sl_camsim_request_json (SoupServerMessage *msg, JsonParser *parser)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  JsonNode *root;

  if (body->length == 0 || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

SlCamsimDevice *
sl_camsim_http_get_device (SlCamsimHttp *self)
{
  return self->device;
}

SlCamsimRtsp *
sl_camsim_http_get_rtsp (SlCamsimHttp *self)
{
  return self->rtsp;
}

static void
stream_finished_cb (SoupServerMessage *msg, SlCamsimHttp *self)
{
  g_ptr_array_remove (self->streams, msg);
}

void
sl_camsim_http_track_stream (SlCamsimHttp *self, SoupServerMessage *msg)
{
  g_ptr_array_add (self->streams, msg);
  g_signal_connect_object (msg, "finished", G_CALLBACK (stream_finished_cb), self, 0);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (stream_finished_cb), self, 0);
}

static gboolean
is_loopback_client (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  return G_IS_INET_SOCKET_ADDRESS (address) &&
         g_inet_address_get_is_loopback (
             g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

static void
close_connection (SoupServerMessage *msg)
{
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream)
    g_io_stream_close (stream, NULL, NULL);
}

/* ---- authentication --------------------------------------------------- */

static gboolean
needs_auth_cb (SoupAuthDomain *domain, SoupServerMessage *msg, gpointer user_data)
{
  SlCamsimHttp *self = user_data;
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (sl_camsim_device_get_anonymous (self->device) || g_str_has_prefix (path, "/sim/"))
    return FALSE;
  if (g_str_equal (path, "/axis-cgi/systemready.cgi"))
    return FALSE;
  /* Only the first administrator may be created without credentials. */
  if (sl_camsim_device_get_factory_default (self->device) &&
      g_str_equal (path, "/axis-cgi/pwdgrp.cgi"))
    return FALSE;
  return TRUE;
}

static char *
digest_auth_cb (SoupAuthDomain *domain,
                SoupServerMessage *msg,
                const char *username,
                gpointer user_data)
{
  SlCamsimHttp *self = user_data;
  const char *password = sl_camsim_device_lookup_password (self->device, username, NULL);

  if (password == NULL)
    return NULL;
  return soup_auth_domain_digest_encode_password (username, soup_auth_domain_get_realm (domain),
                                                  password);
}

static gboolean
basic_auth_cb (SoupAuthDomain *domain,
               SoupServerMessage *msg,
               const char *username,
               const char *password,
               gpointer user_data)
{
  SlCamsimHttp *self = user_data;
  const char *expected = sl_camsim_device_lookup_password (self->device, username, NULL);

  return expected != NULL && g_strcmp0 (expected, password) == 0;
}

static char *
authenticated_user (SlCamsimHttp *self, SoupServerMessage *msg)
{
  char *user = soup_auth_domain_accepts (self->digest, msg);

  return user ? user : soup_auth_domain_accepts (self->basic, msg);
}

/* ---- /sim/ test control ----------------------------------------------- */

static gboolean
parse_switch (const char *value, gboolean *on)
{
  if (g_strcmp0 (value, "on") == 0 || g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "up") == 0 ||
      g_strcmp0 (value, "active") == 0)
    *on = TRUE;
  else if (g_strcmp0 (value, "off") == 0 || g_strcmp0 (value, "0") == 0 ||
           g_strcmp0 (value, "down") == 0 || g_strcmp0 (value, "inactive") == 0)
    *on = FALSE;
  else
    return FALSE;
  return TRUE;
}

static void
reply_state (SlCamsimHttp *self, SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  SlCamsimPtz ptz = sl_camsim_device_get_ptz (self->device);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sl_camsim_device_get_name (self->device));
  json_builder_set_member_name (builder, "network");
  json_builder_add_string_value (builder,
                                 sl_camsim_device_get_network_up (self->device) ? "up" : "down");
  json_builder_set_member_name (builder, "motion");
  json_builder_add_boolean_value (builder, sl_camsim_device_get_motion (self->device));
  json_builder_set_member_name (builder, "inputs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < SL_CAMSIM_N_INPUTS; i++)
    json_builder_add_boolean_value (builder, sl_camsim_device_get_input (self->device, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "outputs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < SL_CAMSIM_N_OUTPUTS; i++)
    json_builder_add_boolean_value (builder, sl_camsim_device_get_output (self->device, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "clock_offset_ms");
  json_builder_add_int_value (builder, sl_camsim_device_get_clock_offset (self->device));
  json_builder_set_member_name (builder, "pan");
  json_builder_add_double_value (builder, ptz.pan);
  json_builder_set_member_name (builder, "tilt");
  json_builder_add_double_value (builder, ptz.tilt);
  json_builder_set_member_name (builder, "zoom");
  json_builder_add_double_value (builder, ptz.zoom);
  json_builder_set_member_name (builder, "factory_default");
  json_builder_add_boolean_value (builder, sl_camsim_device_get_factory_default (self->device));
  json_builder_set_member_name (builder, "rtsp_sessions");
  json_builder_add_int_value (builder, sl_camsim_rtsp_get_n_sessions (self->rtsp));
  json_builder_set_member_name (builder, "boot_id");
  json_builder_add_string_value (builder, sl_camsim_device_get_boot_id (self->device));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  sl_camsim_reply_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_sim (SlCamsimHttp *self, SoupServerMessage *msg, const char *path, GHashTable *params)
{
  const char *command = path + strlen ("/sim/");
  const char *value;
  gboolean on;
  gint64 number;

  if (!is_loopback_client (msg))
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_FORBIDDEN, "The test control is for loopback only\n");
      return;
    }

  if (g_str_equal (command, "state"))
    {
      reply_state (self, msg);
      return;
    }
  else if (g_str_equal (command, "motion"))
    {
      if (!parse_switch (g_hash_table_lookup (params, "state"), &on))
        goto bad_request;
      sl_camsim_device_set_motion (self->device, on);
    }
  else if (g_str_equal (command, "input"))
    {
      value = g_hash_table_lookup (params, "port");
      if (value == NULL)
        value = "1";
      if (!g_ascii_string_to_signed (value, 10, 1, SL_CAMSIM_N_INPUTS, &number, NULL) ||
          !parse_switch (g_hash_table_lookup (params, "state"), &on))
        goto bad_request;
      sl_camsim_device_set_input (self->device, number - 1, on);
    }
  else if (g_str_equal (command, "network"))
    {
      if (!parse_switch (g_hash_table_lookup (params, "state"), &on))
        goto bad_request;
      sl_camsim_device_set_network_up (self->device, on);
    }
  else if (g_str_equal (command, "clock"))
    {
      if ((value = g_hash_table_lookup (params, "offset_ms")) &&
          g_ascii_string_to_signed (value, 10, G_MININT64 / 2, G_MAXINT64 / 2, &number, NULL))
        sl_camsim_device_set_clock_offset (self->device, number);
      else if ((value = g_hash_table_lookup (params, "shift_ms")) &&
               g_ascii_string_to_signed (value, 10, G_MININT64 / 2, G_MAXINT64 / 2, &number, NULL))
        sl_camsim_device_set_clock_offset (
            self->device, sl_camsim_device_get_clock_offset (self->device) + number);
      else
        goto bad_request;
    }
  else if (g_str_equal (command, "restart"))
    {
      number = 3000;
      if ((value = g_hash_table_lookup (params, "downtime_ms")) &&
          !g_ascii_string_to_signed (value, 10, 0, 600000, &number, NULL))
        goto bad_request;
      sl_camsim_device_restart (self->device, number);
    }
  else if (g_str_equal (command, "factory_reset"))
    sl_camsim_device_factory_reset (self->device);
  else
    {
      sl_camsim_reply_text (msg, SOUP_STATUS_NOT_FOUND, "No test control named %s\n", command);
      return;
    }

  reply_state (self, msg);
  return;

bad_request:
  sl_camsim_reply_text (msg, SOUP_STATUS_BAD_REQUEST, "Bad parameters for /sim/%s\n", command);
}

/* ---- dispatch --------------------------------------------------------- */

static GHashTable *
collect_params (SoupServerMessage *msg, GHashTable *query)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  GHashTableIter iter;
  gpointer key, value;

  if (query)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (params, g_strdup (key), g_strdup (value));
    }
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") == 0)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autofree char *text = g_strndup (body->data, body->length);
      g_autoptr (GHashTable) form = soup_form_decode (text);

      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (params, g_strdup (key), g_strdup (value));
    }
  return params;
}

static void
dispatch_cb (SoupServer *server,
             SoupServerMessage *msg,
             const char *path,
             GHashTable *query,
             gpointer user_data)
{
  SlCamsimHttp *self = user_data;
  g_autoptr (GHashTable) params = collect_params (msg, query);
  g_autofree char *user = NULL;
  const SlCamsimRoute *routes;
  guint n_routes;
  SlCamsimRole role = SL_CAMSIM_ROLE_ADMINISTRATOR;

  if (g_str_has_prefix (path, "/sim/"))
    {
      handle_sim (self, msg, path, params);
      return;
    }
  if (!sl_camsim_device_get_network_up (self->device))
    {
      /* The device is unreachable: drop the connection without a reply. */
      close_connection (msg);
      return;
    }

  routes = sl_camsim_vapix_get_routes (&n_routes);
  for (guint i = 0; i < n_routes; i++)
    {
      if (!g_str_equal (routes[i].path, path))
        continue;

      if (!sl_camsim_device_get_anonymous (self->device) && needs_auth_cb (NULL, msg, self))
        {
          user = authenticated_user (self, msg);
          if (user == NULL || sl_camsim_device_lookup_password (self->device, user, &role) == NULL)
            {
              sl_camsim_reply_text (msg, SOUP_STATUS_UNAUTHORIZED, "Unauthorized\n");
              return;
            }
        }
      if (role < routes[i].role)
        {
          sl_camsim_reply_text (msg, SOUP_STATUS_FORBIDDEN, "The account %s may not use %s\n", user,
                                path);
          return;
        }
      routes[i].handler (self, msg, params, user);
      return;
    }
  sl_camsim_reply_text (msg, SOUP_STATUS_NOT_FOUND, "No such resource: %s\n", path);
}

/* ---- lifecycle -------------------------------------------------------- */

static void
network_changed_cb (SlCamsimHttp *self, gboolean up, SlCamsimDevice *device)
{
  if (up)
    return;
  sl_camsim_event_stream_close_all (self->events);
  while (self->streams->len > 0)
    {
      SoupServerMessage *msg = self->streams->pdata[self->streams->len - 1];
      GSocket *socket = soup_server_message_get_socket (msg);

      g_ptr_array_remove_index (self->streams, self->streams->len - 1);
      if (socket)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
}

static void
sl_camsim_http_dispose (GObject *object)
{
  SlCamsimHttp *self = SL_CAMSIM_HTTP (object);

  sl_camsim_http_stop (self);
  if (self->device)
    g_signal_handlers_disconnect_by_data (self->device, self);
  g_clear_pointer (&self->events, sl_camsim_event_stream_free);
  g_clear_object (&self->server);
  g_clear_object (&self->digest);
  g_clear_object (&self->basic);
  g_clear_object (&self->rtsp);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (sl_camsim_http_parent_class)->dispose (object);
}

static void
sl_camsim_http_finalize (GObject *object)
{
  SlCamsimHttp *self = SL_CAMSIM_HTTP (object);

  g_ptr_array_unref (self->streams);

  G_OBJECT_CLASS (sl_camsim_http_parent_class)->finalize (object);
}

static void
sl_camsim_http_class_init (SlCamsimHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_camsim_http_dispose;
  object_class->finalize = sl_camsim_http_finalize;
}

static void
sl_camsim_http_init (SlCamsimHttp *self)
{
  self->streams = g_ptr_array_new ();
}

SlCamsimHttp *
sl_camsim_http_new (SlCamsimDevice *device, SlCamsimRtsp *rtsp)
{
  SlCamsimHttp *self = g_object_new (SL_CAMSIM_TYPE_HTTP, NULL);
  g_autofree char *realm = g_strdup_printf ("AXIS_%s", sl_camsim_device_get_serial (device));

  self->device = g_object_ref (device);
  self->rtsp = g_object_ref (rtsp);
  self->server = soup_server_new ("server-header", "sightline-camsim/" PACKAGE_VERSION, NULL);

  self->digest = soup_auth_domain_digest_new ("realm", realm, NULL);
  soup_auth_domain_digest_set_auth_callback (self->digest, digest_auth_cb, self, NULL);
  self->basic = soup_auth_domain_basic_new ("realm", realm, NULL);
  soup_auth_domain_basic_set_auth_callback (self->basic, basic_auth_cb, self, NULL);
  for (guint i = 0; i < 2; i++)
    {
      SoupAuthDomain *domain = i == 0 ? self->digest : self->basic;

      soup_auth_domain_add_path (domain, "/");
      soup_auth_domain_remove_path (domain, "/sim");
      soup_auth_domain_set_filter (domain, needs_auth_cb, self, NULL);
      soup_server_add_auth_domain (self->server, domain);
    }

  soup_server_add_handler (self->server, NULL, dispatch_cb, self, NULL);
  self->events = sl_camsim_event_stream_new (self->server, device);
  g_signal_connect_swapped (device, "network-changed", G_CALLBACK (network_changed_cb), self);
  return self;
}

gboolean
sl_camsim_http_start (SlCamsimHttp *self, guint port, GError **error)
{
  g_autoptr (GInetAddress) inet =
      g_inet_address_new_from_string (sl_camsim_device_get_bind_address (self->device));
  g_autoptr (GSocketAddress) address = NULL;
  GSList *listeners;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s is not an IP address",
                   sl_camsim_device_get_bind_address (self->device));
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->server, address, 0, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->server);
  if (listeners)
    {
      g_autoptr (GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (local)
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);
  return TRUE;
}

void
sl_camsim_http_stop (SlCamsimHttp *self)
{
  if (self->events)
    sl_camsim_event_stream_close_all (self->events);
  if (self->server)
    soup_server_disconnect (self->server);
}

guint
sl_camsim_http_get_port (SlCamsimHttp *self)
{
  return self->port;
}
