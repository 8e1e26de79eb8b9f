// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sl-credentials.h"
#include "sl-error.h"
#include "sl-vapix.h"

/* The `vapix` driver's device probe: what the device is (basicdeviceinfo.cgi,
 * or the Brand group of param.cgi on older firmware), where its RTSP server
 * listens (Network.RTSP.Port) and which stream URLs to record (its stream
 * profiles, or the image settings). Every VAPIX wire format of the recorder
 * lives in this file. */

#define BASIC_DEVICE_INFO_PATH    "/axis-cgi/basicdeviceinfo.cgi"
#define BASIC_DEVICE_INFO_REQUEST "{\"apiVersion\":\"1.0\",\"method\":\"getAllProperties\"}"
#define PARAM_PATH                "/axis-cgi/param.cgi"
#define MEDIA_PATH                "/axis-media/media.amp"
#define DEFAULT_RTSP_PORT         554
#define SUB_STREAM_RESOLUTION     "640x360"
#define SYSTEM_READY_PATH         "/axis-cgi/systemready.cgi"
#define SYSTEM_READY_REQUEST      "{\"apiVersion\":\"1.0\",\"method\":\"systemready\"}"
#define ACCOUNTS_PATH             "/axis-cgi/pwdgrp.cgi"
#define ADMIN_GROUPS              "admin:operator:viewer:ptz"

typedef struct
{
  char *address; /* host[:port], as shown to the user */
  char *host;    /* without brackets */
  int port;      /* -1: the default HTTP port */
  char *username;
  char *password;
  SoupSession *session;
  /* Cancelled by the caller's cancellable or by the deadline. */
  GCancellable *cancellable;
  GCancellable *user_cancellable;
  gulong user_cancelled_id;
  GSource *deadline;
  gboolean timed_out;
  GQueue groups;      /* param.cgi groups still to list (static strings) */
  GHashTable *params; /* "Group.Param" -> value */
  char *model;
  char *serial;
} Probe;

typedef struct
{
  guint index;
  const char *name;
} StreamProfile;

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  if (probe->deadline != NULL)
    {
      g_source_destroy (probe->deadline);
      g_source_unref (probe->deadline);
    }
  if (probe->user_cancellable != NULL)
    {
      g_cancellable_disconnect (probe->user_cancellable, probe->user_cancelled_id);
      g_object_unref (probe->user_cancellable);
    }
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->session);
  g_queue_clear (&probe->groups);
  g_clear_pointer (&probe->params, g_hash_table_unref);
  g_free (probe->address);
  g_free (probe->host);
  g_free (probe->username);
  sl_credentials_free_password (probe->password);
  g_free (probe->model);
  g_free (probe->serial);
  g_free (probe);
}

static char *
dup_non_empty (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return copy[0] != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* The host as it appears in a URL: IPv6 literals go in brackets. */
static char *
host_for_url (const char *host)
{
  return strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
}

static gboolean
is_valid_host (const char *host)
{
  if (host == NULL || host[0] == '\0')
    return FALSE;
  if (strchr (host, ':') != NULL)
    return g_hostname_is_ip_address (host);
  for (const char *p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        return FALSE;
    }
  return TRUE;
}

/* Accepts "host", "host:port", "[v6]:port", a bare IPv6 address, or an
 * http:// URL of the device's root, as printed by the simulator. */
static gboolean
parse_address (const char *text, char **host_out, int *port_out, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *host = NULL;
  const char *port_text = NULL;
  guint64 port = 0;

  if (strstr (trimmed, "://") != NULL)
    {
      g_autoptr (GUri) uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
      const char *path = uri ? g_uri_get_path (uri) : NULL;

      if (uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 &&
          g_uri_get_userinfo (uri) == NULL && g_uri_get_query (uri) == NULL &&
          (path[0] == '\0' || g_str_equal (path, "/")))
        {
          host = g_strdup (g_uri_get_host (uri));
          port = g_uri_get_port (uri) > 0 ? (guint64)g_uri_get_port (uri) : 0;
        }
    }
  else if (trimmed[0] == '[')
    {
      char *close = strchr (trimmed, ']');

      if (close != NULL && (close[1] == '\0' || close[1] == ':'))
        {
          host = g_strndup (trimmed + 1, close - trimmed - 1);
          port_text = close[1] == ':' ? close + 2 : NULL;
        }
    }
  else
    {
      char *colon = strchr (trimmed, ':');

      if (colon != NULL && strchr (colon + 1, ':') == NULL)
        {
          host = g_strndup (trimmed, colon - trimmed);
          port_text = colon + 1;
        }
      else
        {
          host = g_strdup (trimmed);
        }
    }

  if (port_text != NULL && !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    g_clear_pointer (&host, g_free);

  if (!is_valid_host (host))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not a camera address; give a host name or IP address, optionally "
                      "followed by :PORT."),
                   text);
      return FALSE;
    }

  *host_out = g_steal_pointer (&host);
  *port_out = port > 0 ? (int)port : -1;
  return TRUE;
}

static gboolean
authenticate_cb (SoupMessage *msg, SoupAuth *auth, gboolean retrying, gpointer user_data)
{
  Probe *probe = user_data;

  /* A second request for the same message means the device refused what we
   * sent: let the 401 through instead of trying again. */
  if (retrying || probe->username == NULL || soup_auth_is_for_proxy (auth))
    return FALSE;

  soup_auth_authenticate (auth, probe->username, probe->password ? probe->password : "");
  return TRUE;
}

static SoupMessage *
new_message (Probe *probe, const char *method, const char *path, const char *query)
{
  g_autoptr (GUri) uri =
      g_uri_build (G_URI_FLAGS_ENCODED, "http", NULL, probe->host, probe->port, path, query, NULL);
  SoupMessage *msg = soup_message_new_from_uri (method, uri);

  g_signal_connect (msg, "authenticate", G_CALLBACK (authenticate_cb), probe);
  return msg;
}

static void
return_unreachable (GTask *task, const GError *cause)
{
  Probe *probe = g_task_get_task_data (task);
  g_autofree char *reason = NULL;
  gsize len;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !probe->timed_out)
    {
      g_task_return_error (task, g_error_copy (cause));
      return;
    }

  if (probe->timed_out)
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_FAILED,
                               _ ("Cannot reach %s: it did not answer within %d seconds."),
                               probe->address, SL_VAPIX_PROBE_TIMEOUT_SECONDS);
      return;
    }

  reason = g_strdup (cause->message);
  len = strlen (reason);
  if (len > 0 && reason[len - 1] == '.')
    reason[len - 1] = '\0';
  g_task_return_new_error (task, SL_ERROR, SL_ERROR_FAILED, _ ("Cannot reach %s: %s."),
                           probe->address, reason);
}

static void
return_refused (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);

  if (probe->username == NULL)
    g_task_return_new_error (task, SL_ERROR, SL_ERROR_CREDENTIALS,
                             _ ("The camera at %s asks for a user name and password."),
                             probe->address);
  else
    g_task_return_new_error (task, SL_ERROR, SL_ERROR_CREDENTIALS,
                             _ ("The camera at %s refused the user name or password."),
                             probe->address);
}

static void
return_unsupported (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);

  g_task_return_new_error (task, SL_ERROR, SL_ERROR_NOT_SUPPORTED,
                           _ ("%s does not answer like a supported camera."), probe->address);
}

/* basicdeviceinfo.cgi: {"data":{"propertyList":{"ProdShortName":…}}} */
static void
read_device_info (Probe *probe, GBytes *bytes)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;
  JsonObject *object;
  JsonNode *node;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize)size, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  node = json_object_get_member (object, "data");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  node = json_object_get_member (json_node_get_object (node), "propertyList");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);

  probe->model =
      dup_non_empty (json_object_get_string_member_with_default (object, "ProdShortName", NULL));
  if (probe->model == NULL)
    probe->model =
        dup_non_empty (json_object_get_string_member_with_default (object, "ProdNbr", NULL));
  probe->serial =
      dup_non_empty (json_object_get_string_member_with_default (object, "SerialNumber", NULL));
}

/* param.cgi?action=list: lines "root.Group.Param=value"; "# Error: …" for a
 * group the device does not have. */
static void
read_params (Probe *probe, GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (data == NULL)
    return;
  text = g_utf8_make_valid (data, (gssize)size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      char *equals = strchr (line, '=');
      const char *name = line;

      if (line[0] == '#' || equals == NULL)
        continue;
      *equals = '\0';
      if (g_str_has_prefix (name, "root."))
        name += strlen ("root.");
      if (name[0] != '\0' && !g_hash_table_contains (probe->params, name))
        g_hash_table_insert (probe->params, g_strdup (name), g_strdup (equals + 1));
    }
}

static int
compare_profiles (gconstpointer a, gconstpointer b)
{
  const StreamProfile *pa = a;
  const StreamProfile *pb = b;

  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

/* StreamProfile.S<n>.Name, in the order of n. */
static GArray *
list_stream_profiles (Probe *probe)
{
  GArray *profiles = g_array_new (FALSE, FALSE, sizeof (StreamProfile));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, probe->params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = key;
      const char *digits = name + strlen ("StreamProfile.S");
      char *end = NULL;
      StreamProfile profile;

      if (!g_str_has_prefix (name, "StreamProfile.S") || !g_ascii_isdigit (*digits))
        continue;
      profile.index = (guint)g_ascii_strtoull (digits, &end, 10);
      if (g_strcmp0 (end, ".Name") != 0 || ((const char *)value)[0] == '\0')
        continue;
      profile.name = value;
      g_array_append_val (profiles, profile);
    }
  g_array_sort (profiles, compare_profiles);
  return profiles;
}

/* The profile called @wanted, else the first one that is not @taken. */
static const char *
pick_profile (GArray *profiles, const char *wanted, const char *taken)
{
  for (guint i = 0; i < profiles->len; i++)
    {
      const char *name = g_array_index (profiles, StreamProfile, i).name;

      if (g_ascii_strcasecmp (name, wanted) == 0 && g_strcmp0 (name, taken) != 0)
        return name;
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      const char *name = g_array_index (profiles, StreamProfile, i).name;

      if (g_strcmp0 (name, taken) != 0)
        return name;
    }
  return NULL;
}

static char *
stream_url (Probe *probe, guint rtsp_port, const char *query)
{
  g_autofree char *host = host_for_url (probe->host);

  return g_strdup_printf ("rtsp://%s:%u%s?%s", host, rtsp_port, MEDIA_PATH, query);
}

static char *
profile_url (Probe *probe, guint rtsp_port, const char *profile)
{
  g_autofree char *escaped = g_uri_escape_string (profile, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("camera=1&streamprofile=%s", escaped);

  return stream_url (probe, rtsp_port, query);
}

static char *
settings_url (Probe *probe, guint rtsp_port, const char *resolution)
{
  const char *fps = g_hash_table_lookup (probe->params, "Image.I0.Stream.FPS");
  g_autoptr (GString) query = g_string_new ("camera=1");
  guint width, height;
  guint64 rate;

  if (resolution != NULL && sscanf (resolution, "%ux%u", &width, &height) == 2)
    g_string_append_printf (query, "&resolution=%ux%u", width, height);
  if (fps != NULL && g_ascii_string_to_unsigned (fps, 10, 0, 1000, &rate, NULL))
    g_string_append_printf (query, "&fps=%u", (guint)rate);

  return stream_url (probe, rtsp_port, query->str);
}

static void
return_device (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (SlVapixDevice) device = g_new0 (SlVapixDevice, 1);
  g_autoptr (GArray) profiles = NULL;
  const char *port_text = g_hash_table_lookup (probe->params, "Network.RTSP.Port");
  const char *main_profile;
  const char *sub_profile;
  guint64 port = DEFAULT_RTSP_PORT;

  if (probe->model == NULL)
    probe->model = dup_non_empty (g_hash_table_lookup (probe->params, "Brand.ProdShortName"));
  if (probe->model == NULL)
    probe->model = dup_non_empty (g_hash_table_lookup (probe->params, "Brand.ProdNbr"));
  if (probe->serial == NULL)
    probe->serial =
        dup_non_empty (g_hash_table_lookup (probe->params, "Properties.System.SerialNumber"));
  if (probe->model == NULL)
    {
      return_unsupported (task);
      return;
    }

  if (port_text == NULL || !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    port = DEFAULT_RTSP_PORT;

  device->address = g_strdup (probe->address);
  device->model = g_strdup (probe->model);
  device->serial = g_strdup (probe->serial);
  device->rtsp_port = (guint)port;

  profiles = list_stream_profiles (probe);
  main_profile = pick_profile (profiles, "main", NULL);
  sub_profile = main_profile ? pick_profile (profiles, "sub", main_profile) : NULL;
  if (main_profile != NULL)
    device->main_url = profile_url (probe, device->rtsp_port, main_profile);
  else
    device->main_url =
        settings_url (probe, device->rtsp_port,
                      g_hash_table_lookup (probe->params, "Image.I0.Appearance.Resolution"));
  if (sub_profile != NULL)
    device->sub_url = profile_url (probe, device->rtsp_port, sub_profile);
  else
    device->sub_url = settings_url (probe, device->rtsp_port, SUB_STREAM_RESOLUTION);

  g_debug ("VAPIX device at %s: %s, serial %s, RTSP port %u", device->address, device->model,
           device->serial ? device->serial : "unknown", device->rtsp_port);
  g_task_return_pointer (task, g_steal_pointer (&device), (GDestroyNotify)sl_vapix_device_free);
}

static void param_group_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
request_next_group (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  const char *group = g_queue_pop_head (&probe->groups);
  g_autofree char *query = NULL;
  g_autoptr (SoupMessage) msg = NULL;

  if (group == NULL)
    {
      return_device (task);
      g_object_unref (task);
      return;
    }

  query = g_strdup_printf ("action=list&group=%s", group);
  msg = new_message (probe, SOUP_METHOD_GET, PARAM_PATH, query);
  soup_session_send_and_read_async (probe->session, msg, G_PRIORITY_DEFAULT, probe->cancellable,
                                    param_group_cb, task);
}

/* The body of the answer to the request of @task, and its status; %NULL once
 * @task has failed because the device could not be reached or asked for
 * another account. */
static GBytes *
finish_request (GTask *task, GObject *source, GAsyncResult *result, guint *status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (bytes == NULL)
    {
      return_unreachable (task, error);
      return NULL;
    }

  *status = soup_message_get_status (
      soup_session_get_async_result_message (SOUP_SESSION (source), result));
  if (*status == SOUP_STATUS_UNAUTHORIZED)
    {
      return_refused (task);
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

static void
param_group_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  guint status = 0;
  g_autoptr (GBytes) bytes = finish_request (task, source, result, &status);

  if (bytes == NULL)
    return;
  /* A group the device lacks or hides from this account: use the defaults. */
  if (status == SOUP_STATUS_OK)
    read_params (probe, bytes);
  else
    g_debug ("param.cgi at %s answered %u", probe->address, status);

  request_next_group (g_steal_pointer (&task));
}

static void
device_info_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  guint status = 0;
  g_autoptr (GBytes) bytes = finish_request (task, source, result, &status);

  if (bytes == NULL)
    return;
  if (status == SOUP_STATUS_FORBIDDEN)
    {
      return_refused (task);
      return;
    }
  if (status == SOUP_STATUS_OK)
    read_device_info (probe, bytes);

  /* Firmware without basicdeviceinfo.cgi has the same facts in param.cgi. */
  if (probe->model == NULL)
    {
      g_debug ("basicdeviceinfo.cgi at %s answered %u without a model; trying param.cgi",
               probe->address, status);
      g_queue_push_tail (&probe->groups, (gpointer) "Brand");
      g_queue_push_tail (&probe->groups, (gpointer) "Properties.System");
    }
  g_queue_push_tail (&probe->groups, (gpointer) "Network.RTSP");
  g_queue_push_tail (&probe->groups, (gpointer) "Image.I0");
  g_queue_push_tail (&probe->groups, (gpointer) "StreamProfile");

  request_next_group (g_steal_pointer (&task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
user_cancelled_cb (GCancellable *user_cancellable, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

SlVapixDevice *
sl_vapix_device_copy (const SlVapixDevice *device)
{
  SlVapixDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);

  copy = g_new0 (SlVapixDevice, 1);
  copy->address = g_strdup (device->address);
  copy->model = g_strdup (device->model);
  copy->serial = g_strdup (device->serial);
  copy->rtsp_port = device->rtsp_port;
  copy->main_url = g_strdup (device->main_url);
  copy->sub_url = g_strdup (device->sub_url);
  return copy;
}

void
sl_vapix_device_free (SlVapixDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->address);
  g_free (device->model);
  g_free (device->serial);
  g_free (device->main_url);
  g_free (device->sub_url);
  g_free (device);
}

/* A task whose data is a Probe of @host_port, with its session and deadline;
 * %NULL once the task has failed on an unusable address. */
static GTask *
start_probe (const char *host_port,
             const char *username,
             const char *password,
             GCancellable *cancellable,
             GAsyncReadyCallback callback,
             gpointer user_data,
             gpointer source_tag)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url_host = NULL;
  Probe *probe;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  probe = g_new0 (Probe, 1);
  g_queue_init (&probe->groups);
  probe->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, probe, probe_free);

  if (!parse_address (host_port, &probe->host, &probe->port, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  url_host = host_for_url (probe->host);
  probe->address = probe->port > 0 ? g_strdup_printf ("%s:%d", url_host, probe->port)
                                   : g_steal_pointer (&url_host);
  probe->username = dup_non_empty (username);
  probe->password = g_strdup (password);

  probe->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      probe->user_cancellable = g_object_ref (cancellable);
      probe->user_cancelled_id =
          g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                 g_object_ref (probe->cancellable), g_object_unref);
    }
  probe->deadline = g_timeout_source_new_seconds (SL_VAPIX_PROBE_TIMEOUT_SECONDS);
  g_source_set_callback (probe->deadline, deadline_cb, probe, NULL);
  g_source_attach (probe->deadline, g_task_get_context (task));

  probe->session = soup_session_new_with_options ("timeout", SL_VAPIX_PROBE_TIMEOUT_SECONDS,
                                                  "user-agent", "Sightline/" PACKAGE_VERSION, NULL);
  return g_steal_pointer (&task);
}

static SoupMessage *
new_json_message (Probe *probe, const char *path, const char *request)
{
  SoupMessage *msg = new_message (probe, SOUP_METHOD_POST, path, NULL);
  g_autoptr (GBytes) body = g_bytes_new_static (request, strlen (request));

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

/**
 * sl_vapix_probe_async:
 * @host_port: the device's address: host, host:port, [IPv6]:port or http://host:port/
 * @username: (nullable): the account to use, or %NULL for anonymous access
 * @password: (nullable): its password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Asks a VAPIX device what it is and which RTSP URLs serve its main and sub
 * streams. Digest and basic authentication are both answered. The whole
 * probe fails after %SL_VAPIX_PROBE_TIMEOUT_SECONDS.
 */
void
sl_vapix_probe_async (const char *host_port,
                      const char *username,
                      const char *password,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  Probe *probe;

  g_return_if_fail (host_port != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_probe (host_port, username, password, cancellable, callback, user_data,
                      sl_vapix_probe_async);
  if (task == NULL)
    return;
  g_task_set_name (task, "sl_vapix_probe");
  probe = g_task_get_task_data (task);

  msg = new_json_message (probe, BASIC_DEVICE_INFO_PATH, BASIC_DEVICE_INFO_REQUEST);
  soup_session_send_and_read_async (probe->session, msg, G_PRIORITY_DEFAULT, probe->cancellable,
                                    device_info_cb, g_steal_pointer (&task));
}

/**
 * sl_vapix_probe_finish:
 * @result: the result passed to the callback
 * @error: return location for an error: %SL_ERROR_CREDENTIALS when the device
 *   refused the account, %SL_ERROR_INVALID_ARGUMENT for an unusable address,
 *   %SL_ERROR_NOT_SUPPORTED when it answers but not like a supported camera,
 *   %SL_ERROR_FAILED when it cannot be reached
 *
 * Returns: (transfer full) (nullable): what the device is and its stream URLs
 */
SlVapixDevice *
sl_vapix_probe_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_vapix_probe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * sl_vapix_probe:
 *
 * The blocking form of sl_vapix_probe_async(), for the command line and for
 * threads other than the main thread. Returns after at most
 * %SL_VAPIX_PROBE_TIMEOUT_SECONDS.
 *
 * Returns: (transfer full) (nullable): what the device is and its stream URLs
 */
SlVapixDevice *
sl_vapix_probe (const char *host_port,
                const char *username,
                const char *password,
                GCancellable *cancellable,
                GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  GAsyncResult *result = NULL;
  SlVapixDevice *device;

  g_main_context_push_thread_default (context);
  sl_vapix_probe_async (host_port, username, password, cancellable, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  device = sl_vapix_probe_finish (result, error);
  g_object_unref (result);
  /* Let the session close its connections before the context goes. */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  return device;
}

/* ---- factory-default devices ------------------------------------------- */

/* systemready.cgi: {"data":{"systemready":"yes","needsetup":"yes"}}. */
static gboolean
read_needs_setup (GBytes *bytes)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;
  JsonNode *node;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize)size, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  node = json_object_get_member (json_node_get_object (root), "data");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  return g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                "needsetup", NULL),
                    "yes") == 0;
}

static void
system_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status;

  if (bytes == NULL)
    {
      return_unreachable (task, error);
      return;
    }
  status = soup_message_get_status (
      soup_session_get_async_result_message (SOUP_SESSION (source), result));
  /* Firmware without the call has no setup step. */
  g_task_return_boolean (task, status == SOUP_STATUS_OK && read_needs_setup (bytes));
}

/**
 * sl_vapix_query_setup_async:
 * @host_port: the device's address, as for sl_vapix_probe_async()
 *
 * Asks a device, without an account, whether it is in its factory-default
 * state and waits for its first administrator (systemready.cgi).
 */
void
sl_vapix_query_setup_async (const char *host_port,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  Probe *probe;

  g_return_if_fail (host_port != NULL);

  task = start_probe (host_port, NULL, NULL, cancellable, callback, user_data,
                      sl_vapix_query_setup_async);
  if (task == NULL)
    return;
  probe = g_task_get_task_data (task);
  msg = new_json_message (probe, SYSTEM_READY_PATH, SYSTEM_READY_REQUEST);
  soup_session_send_and_read_async (probe->session, msg, G_PRIORITY_DEFAULT, probe->cancellable,
                                    system_ready_cb, g_steal_pointer (&task));
}

/* Returns whether the device needs its first administrator. */
gboolean
sl_vapix_query_setup_finish (GAsyncResult *result, gboolean *needs_setup, GError **error)
{
  GError *local_error = NULL;
  gboolean needs;

  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_vapix_query_setup_async,
                        FALSE);

  needs = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *needs_setup = needs;
  return TRUE;
}

static void
create_admin_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *text = NULL;
  gsize size = 0;
  const char *data;
  guint status;

  if (bytes == NULL)
    {
      return_unreachable (task, error);
      return;
    }
  status = soup_message_get_status (
      soup_session_get_async_result_message (SOUP_SESSION (source), result));
  data = g_bytes_get_data (bytes, &size);
  text = g_strstrip (g_utf8_make_valid (data ? data : "", (gssize)size));
  if (status == SOUP_STATUS_OK && g_str_has_prefix (text, "Created account"))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_task_return_new_error (task, SL_ERROR, SL_ERROR_CREDENTIALS,
                             _ ("The camera at %s already has a password; enter it instead."),
                             probe->address);
  else
    g_task_return_new_error (task, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                             _ ("The camera at %s refused the new account: %s"), probe->address,
                             text[0] != '\0' ? text : soup_status_get_phrase (status));
}

/**
 * sl_vapix_create_admin_async:
 * @host_port: the address of a device in its factory-default state
 * @username: the administrator to create ("root" on older firmware)
 * @password: its password: 1 to 64 printable ASCII characters
 *
 * Creates the first administrator of a factory-default device, the one call
 * such a device accepts without an account (pwdgrp.cgi?action=add).
 */
void
sl_vapix_create_admin_async (const char *host_port,
                             const char *username,
                             const char *password,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char *user_escaped = NULL;
  g_autofree char *password_escaped = NULL;
  g_autofree char *query = NULL;
  Probe *probe;

  g_return_if_fail (host_port != NULL && username != NULL && password != NULL);

  task = start_probe (host_port, NULL, NULL, cancellable, callback, user_data,
                      sl_vapix_create_admin_async);
  if (task == NULL)
    return;
  probe = g_task_get_task_data (task);
  user_escaped = g_uri_escape_string (username, NULL, FALSE);
  password_escaped = g_uri_escape_string (password, NULL, FALSE);
  query = g_strdup_printf ("action=add&user=%s&pwd=%s&grp=root&sgrp=" ADMIN_GROUPS, user_escaped,
                           password_escaped);
  msg = new_message (probe, SOUP_METHOD_GET, ACCOUNTS_PATH, query);
  if (query != NULL)
    memset (query, 0, strlen (query));
  soup_session_send_and_read_async (probe->session, msg, G_PRIORITY_DEFAULT, probe->cancellable,
                                    create_admin_cb, g_steal_pointer (&task));
}

gboolean
sl_vapix_create_admin_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_vapix_create_admin_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
