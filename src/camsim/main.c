// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "sl-clip.h"
#include "sl-camsim-device.h"
#include "sl-camsim-http.h"
#include "sl-camsim-rtsp.h"

/* sightline-camsim: one process standing in for N network cameras, each with
 * its own HTTP and RTSP port on loopback. See src/camsim/README.md. */

typedef struct
{
  SlCamsimDevice *device;
  SlCamsimRtsp *rtsp;
  SlCamsimHttp *http;
} Camera;

static int n_cameras = 1;
static int rtsp_port = 0;
static int http_port = 0;
static char *source = NULL;
static char *username = NULL;
static char *password = NULL;
static char *bind_address = NULL;
static gboolean factory_default = FALSE;
static gboolean print_json = FALSE;
static gboolean show_version = FALSE;

static const GOptionEntry entries[] = {
  { "cameras", 'n', 0, G_OPTION_ARG_INT, &n_cameras, "Number of cameras (1-64)", "N" },
  { "rtsp-port", 0, 0, G_OPTION_ARG_INT, &rtsp_port,
    "RTSP port of the first camera, the next ones count up (0: pick free ports)", "P" },
  { "http-port", 0, 0, G_OPTION_ARG_INT, &http_port,
    "HTTP port of the first camera, the next ones count up (0: pick free ports)", "P" },
  { "source", 0, 0, G_OPTION_ARG_STRING, &source,
    "live (encode a test picture) or loop:FILE (serve an H.264 clip without encoding)", "SOURCE" },
  { "username", 'u', 0, G_OPTION_ARG_STRING, &username, "Administrator account", "USER" },
  { "password", 'p', 0, G_OPTION_ARG_STRING, &password, "Administrator password", "PASSWORD" },
  { "factory-default", 0, 0, G_OPTION_ARG_NONE, &factory_default,
    "Start without accounts: every call is refused until an administrator is created", NULL },
  { "bind", 0, 0, G_OPTION_ARG_STRING, &bind_address, "Address to listen on (127.0.0.1)",
    "ADDRESS" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &print_json,
    "Print one JSON object per camera on stdout once all of them accept connections", NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, "Print the version and exit", NULL },
  { NULL },
};

static void
camera_clear (gpointer data)
{
  Camera *camera = data;

  if (camera->http)
    sl_camsim_http_stop (camera->http);
  if (camera->rtsp)
    sl_camsim_rtsp_stop (camera->rtsp);
  g_clear_object (&camera->http);
  g_clear_object (&camera->rtsp);
  g_clear_object (&camera->device);
}

static char *
stream_url (Camera *camera, const char *resolution, guint fps)
{
  return g_strdup_printf ("rtsp://%s:%u/axis-media/media.amp?camera=1&resolution=%s&fps=%u",
                          sl_camsim_device_get_bind_address (camera->device),
                          sl_camsim_rtsp_get_port (camera->rtsp), resolution, fps);
}

static void
print_camera (Camera *camera)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *http =
      g_strdup_printf ("http://%s:%u/", sl_camsim_device_get_bind_address (camera->device),
                       sl_camsim_http_get_port (camera->http));
  g_autofree char *main_url = stream_url (camera, "1280x720", 15);
  g_autofree char *sub_url = stream_url (camera, "640x360", 15);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sl_camsim_device_get_name (camera->device));
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, sl_camsim_device_get_model (camera->device));
  json_builder_set_member_name (builder, "serial");
  json_builder_add_string_value (builder, sl_camsim_device_get_serial (camera->device));
  json_builder_set_member_name (builder, "firmware");
  json_builder_add_string_value (builder, sl_camsim_device_get_firmware (camera->device));
  json_builder_set_member_name (builder, "http");
  json_builder_add_string_value (builder, http);
  json_builder_set_member_name (builder, "http_port");
  json_builder_add_int_value (builder, sl_camsim_http_get_port (camera->http));
  json_builder_set_member_name (builder, "rtsp_port");
  json_builder_add_int_value (builder, sl_camsim_rtsp_get_port (camera->rtsp));
  json_builder_set_member_name (builder, "rtsp");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "main");
  json_builder_add_string_value (builder, main_url);
  json_builder_set_member_name (builder, "sub");
  json_builder_add_string_value (builder, sub_url);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, factory_default ? NULL : username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, factory_default ? NULL : password);
  json_builder_set_member_name (builder, "factory_default");
  json_builder_add_boolean_value (builder, factory_default);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_print ("%s\n", text);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_port (const char *option, int port, GError **error)
{
  if (port == 0 || (port > 0 && port + n_cameras - 1 <= 65535))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s %d is not a usable port",
               option, port);
  return FALSE;
}

static gboolean
run (GError **error)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GArray) cameras = g_array_new (FALSE, TRUE, sizeof (Camera));
  g_autoptr (SlClip) clip = NULL;

  g_array_set_clear_func (cameras, camera_clear);

  if (n_cameras < 1 || n_cameras > 64)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--cameras must be between 1 and 64");
      return FALSE;
    }
  if (!check_port ("--rtsp-port", rtsp_port, error) ||
      !check_port ("--http-port", http_port, error))
    return FALSE;
  if ((username == NULL) != (password == NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--username and --password go together");
      return FALSE;
    }
  if (factory_default && username != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--factory-default starts without accounts: leave out --username");
      return FALSE;
    }
  if (source != NULL && g_str_has_prefix (source, "loop:"))
    {
      clip = sl_clip_load (source + strlen ("loop:"), error);
      if (clip == NULL)
        return FALSE;
    }
  else if (source != NULL && !g_str_equal (source, "live"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--source must be live or loop:FILE, not %s", source);
      return FALSE;
    }

  for (int i = 0; i < n_cameras; i++)
    {
      Camera camera = { 0 };

      camera.device = sl_camsim_device_new (i + 1, bind_address ? bind_address : "127.0.0.1");
      if (factory_default)
        sl_camsim_device_factory_reset (camera.device);
      else if (username != NULL &&
               !sl_camsim_device_add_account (camera.device, username, password,
                                              SL_CAMSIM_ROLE_ADMINISTRATOR, TRUE, error))
        {
          camera_clear (&camera);
          return FALSE;
        }
      camera.rtsp = sl_camsim_rtsp_new (camera.device, clip);
      camera.http = sl_camsim_http_new (camera.device, camera.rtsp);
      g_array_append_val (cameras, camera);

      if (!sl_camsim_rtsp_start (camera.rtsp, rtsp_port ? rtsp_port + i : 0, error) ||
          !sl_camsim_http_start (camera.http, http_port ? http_port + i : 0, error))
        {
          g_prefix_error (error, "Camera %d: ", i + 1);
          return FALSE;
        }
      {
        g_autofree char *port = g_strdup_printf ("%u", sl_camsim_rtsp_get_port (camera.rtsp));

        /* As on the devices, the HTTP API tells a client where RTSP is. */
        sl_camsim_device_set_param (camera.device, "Network.RTSP.Port", port, NULL);
      }
    }

  if (print_json)
    for (guint i = 0; i < cameras->len; i++)
      print_camera (&g_array_index (cameras, Camera, i));
  else
    for (guint i = 0; i < cameras->len; i++)
      {
        Camera *camera = &g_array_index (cameras, Camera, i);
        g_autofree char *url = stream_url (camera, "1280x720", 15);

        g_print ("%s: %s  http://%s:%u/\n", sl_camsim_device_get_name (camera->device), url,
                 sl_camsim_device_get_bind_address (camera->device),
                 sl_camsim_http_get_port (camera->http));
      }
  fflush (stdout);

  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_debug ("Shutting down %u cameras", cameras->len);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- simulated network cameras for Sightline");
  g_option_context_set_summary (context,
                                "Serves RTSP (H.264) and the cameras' HTTP API on loopback, with "
                                "a /sim/ test control plane.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sightline-camsim: %s\n", error->message);
      return 2;
    }
  if (show_version)
    {
      g_print ("sightline-camsim %s\n", PACKAGE_VERSION);
      return 0;
    }

  ok = run (&error);
  g_free (source);
  g_free (username);
  g_free (password);
  g_free (bind_address);
  if (!ok)
    {
      g_printerr ("sightline-camsim: %s\n", error->message);
      return 1;
    }
  return 0;
}
