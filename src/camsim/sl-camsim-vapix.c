// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <stdio.h>

#include "sl-camsim-http-private.h"

/* The device API of the simulated camera, in the wire formats of the VAPIX
 * HTTP API of the devices in the seeds (documented in src/camsim/README.md).
 * Every wire format of the simulator's HTTP API lives in this file and in
 * sl-camsim-vapix-video.c (the JPEG snapshot and the MJPEG stream). */

#define API_VERSION "1.0"

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

gboolean
sl_camsim_vapix_check_camera (SoupServerMessage *msg, GHashTable *params)
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

  if (!sl_camsim_vapix_check_camera (msg, params))
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
  { "/axis-cgi/jpg/image.cgi", SL_CAMSIM_ROLE_VIEWER, sl_camsim_vapix_handle_image },
  { "/axis-cgi/mjpg/video.cgi", SL_CAMSIM_ROLE_VIEWER, sl_camsim_vapix_handle_mjpeg },
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
