// SPDX-License-Identifier: GPL-3.0-or-later

/* A manual device search over loopback: cameras of sightline-camsim on their
 * own HTTP ports, one with a password the search does not know, one in its
 * factory-default state, and a port where nothing listens. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "camsim-fixture.h"
#include "sl-discovery.h"
#include "sl-error.h"
#include "sl-stream-test.h"

#define DEADLINE_MS 20000

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Wait *)data)->result != NULL;
}

static guint
http_port (Camsim *sim, guint index)
{
  return (guint)json_object_get_int_member (camsim_camera (sim, index), "http_port");
}

/* A loopback port where nothing listens (the kernel gave it, then it was closed). */
static guint
closed_port (void)
{
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* An HTTP server that is not a camera: every path is 404. */
static void
not_found_cb (SoupServer *server,
              SoupServerMessage *msg,
              const char *path,
              GHashTable *query,
              gpointer user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static SoupServer *
start_web_server (guint *port)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;

  soup_server_add_handler (server, NULL, not_found_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *port = (guint)g_uri_get_port (uris->data);
  return server;
}

/* A service that accepts connections and answers something else than HTTP. */
static gboolean
answer_garbage_cb (GSocketService *service,
                   GSocketConnection *connection,
                   GObject *source,
                   gpointer user_data)
{
  static const char banner[] = "SSH-2.0-OpenSSH_9.2\r\n";

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), banner,
                             strlen (banner), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static GSocketService *
start_other_service (guint *port)
{
  GSocketService *service = g_socket_service_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), any,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (answer_garbage_cb), NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return service;
}

static SlDiscoveredDevice *
find_device (SlDiscovery *discovery, guint port)
{
  GListModel *devices = sl_discovery_get_devices (discovery);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr (SlDiscoveredDevice) device = g_list_model_get_item (devices, i);

      if (sl_discovered_device_get_port (device) == port)
        return device;
    }
  return NULL;
}

static gboolean
run_search (SlDiscovery *discovery, const char *ports, GCancellable *cancellable, GError **error)
{
  g_autoptr (SlAddressRange) range = sl_address_range_parse ("127.0.0.1", ports, error);
  Wait wait = { 0 };
  gboolean ok;

  g_assert_nonnull (range);
  sl_discovery_run_async (discovery, g_steal_pointer (&range), NULL, NULL, cancellable,
                          store_result_cb, &wait);
  g_assert_true (wait_until (have_result, &wait, DEADLINE_MS));
  ok = sl_discovery_run_finish (discovery, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static void
count_progress (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *)user_data)++;
}

static void
test_statuses (void)
{
  const char *open_args[] = { "--cameras", "2", NULL };
  const char *password_args[] = { "--cameras",  "1",      "--username", "root",
                                  "--password", "secret", NULL };
  const char *factory_args[] = { "--cameras", "1", "--factory-default", NULL };
  g_autoptr (Camsim) open = camsim_start (open_args);
  g_autoptr (Camsim) locked = camsim_start (password_args);
  g_autoptr (Camsim) factory = camsim_start (factory_args);
  g_autoptr (SlDiscovery) discovery = sl_discovery_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *ports = NULL;
  guint nothing = closed_port ();
  guint web_port = 0;
  guint other_port = 0;
  g_autoptr (SoupServer) web = start_web_server (&web_port);
  g_autoptr (GSocketService) other = start_other_service (&other_port);
  guint notifications = 0;
  SlDiscoveredDevice *device;
  Wait wait = { 0 };

  ports = g_strdup_printf ("%u, %u, %u, %u, %u, %u, %u", http_port (open, 0), http_port (open, 1),
                           http_port (locked, 0), http_port (factory, 0), nothing, web_port,
                           other_port);
  g_signal_connect (discovery, "notify::n-probed", G_CALLBACK (count_progress), &notifications);
  g_assert_true (run_search (discovery, ports, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (sl_discovery_get_n_total (discovery), ==, 7);
  g_assert_cmpuint (sl_discovery_get_n_probed (discovery), ==, 7);
  g_assert_cmpuint (sl_discovery_get_n_no_device (discovery), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sl_discovery_get_devices (discovery)), ==, 6);
  g_assert_cmpuint (notifications, >=, 1);
  g_assert_false (sl_discovery_get_running (discovery));
  g_assert_null (find_device (discovery, nothing));

  for (guint i = 0; i < 2; i++)
    {
      device = find_device (discovery, http_port (open, i));
      g_assert_nonnull (device);
      g_assert_cmpstr (sl_discovery_status_to_string (sl_discovered_device_get_status (device)), ==,
                       "communicating");
      g_assert_cmpstr (sl_discovered_device_get_model (device), ==,
                       json_object_get_string_member (camsim_camera (open, i), "model"));
      g_assert_cmpstr (sl_discovered_device_get_serial (device), ==,
                       json_object_get_string_member (camsim_camera (open, i), "serial"));
      g_assert_nonnull (sl_discovered_device_get_info (device)->main_url);
    }

  /* A web server that is not a camera, and a service that is not HTTP. */
  device = find_device (discovery, web_port);
  g_assert_cmpstr (sl_discovery_status_to_string (sl_discovered_device_get_status (device)), ==,
                   "model-not-supported");
  g_test_message ("Web server: %s", sl_discovered_device_get_message (device));
  device = find_device (discovery, other_port);
  g_assert_cmpstr (sl_discovery_status_to_string (sl_discovered_device_get_status (device)), ==,
                   "communication-error");
  g_test_message ("Other service: %s", sl_discovered_device_get_message (device));

  device = find_device (discovery, http_port (locked, 0));
  g_assert_cmpstr (sl_discovery_status_to_string (sl_discovered_device_get_status (device)), ==,
                   "enter-password");
  g_assert_null (sl_discovered_device_get_model (device));

  /* A wrong password keeps the status and says why; the right one adds the model. */
  sl_discovery_authenticate_async (discovery, device, "root", "wrong", NULL, store_result_cb,
                                   &wait);
  g_assert_true (wait_until (have_result, &wait, DEADLINE_MS));
  g_assert_false (sl_discovery_authenticate_finish (discovery, wait.result, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_test_message ("Wrong password: %s", error->message);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  g_assert_cmpint (sl_discovered_device_get_status (device), ==,
                   SL_DISCOVERY_STATUS_ENTER_PASSWORD);
  g_assert_nonnull (sl_discovered_device_get_message (device));

  sl_discovery_authenticate_async (discovery, device, "root", "secret", NULL, store_result_cb,
                                   &wait);
  g_assert_true (wait_until (have_result, &wait, DEADLINE_MS));
  g_assert_true (sl_discovery_authenticate_finish (discovery, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (sl_discovered_device_get_status (device), ==, SL_DISCOVERY_STATUS_COMMUNICATING);
  g_assert_cmpstr (sl_discovered_device_get_username (device), ==, "root");
  g_assert_cmpstr (sl_discovered_device_get_password (device), ==, "secret");
  g_assert_nonnull (sl_discovered_device_get_model (device));

  /* The factory-default camera gets its first administrator. */
  device = find_device (discovery, http_port (factory, 0));
  g_assert_cmpstr (sl_discovery_status_to_string (sl_discovered_device_get_status (device)), ==,
                   "set-password");
  sl_discovery_set_password_async (discovery, device, "root", "first-pass", NULL, store_result_cb,
                                   &wait);
  g_assert_true (wait_until (have_result, &wait, DEADLINE_MS));
  g_assert_true (sl_discovery_set_password_finish (discovery, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (sl_discovered_device_get_status (device), ==, SL_DISCOVERY_STATUS_COMMUNICATING);
  g_assert_nonnull (sl_discovered_device_get_model (device));
}

static void
test_already_added (void)
{
  const char *args[] = { "--cameras", "2", NULL };
  g_autoptr (Camsim) sim = camsim_start (args);
  g_autoptr (SlDiscovery) discovery = sl_discovery_new ();
  g_autoptr (GPtrArray) known = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", http_port (sim, 0));
  g_autofree char *ports = g_strdup_printf ("%u,%u", http_port (sim, 0), http_port (sim, 1));
  SlCameraRecord by_address = { .name = (char *)"Gate",
                                .driver = (char *)"vapix",
                                .address = address };
  SlCameraRecord by_serial = {
    .name = (char *)"Yard",
    .driver = (char *)"rtsp",
    .serial = (char *)json_object_get_string_member (camsim_camera (sim, 1), "serial"),
  };

  g_ptr_array_add (known, &by_address);
  g_ptr_array_add (known, &by_serial);
  sl_discovery_set_known_cameras (discovery, known);

  g_assert_true (run_search (discovery, ports, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_discovered_device_get_status (find_device (discovery, http_port (sim, 0))),
                   ==, SL_DISCOVERY_STATUS_ALREADY_ADDED);
  g_assert_cmpint (sl_discovered_device_get_status (find_device (discovery, http_port (sim, 1))),
                   ==, SL_DISCOVERY_STATUS_ALREADY_ADDED);
}

/* A host name instead of an address. */
static void
test_host_name (void)
{
  const char *args[] = { "--cameras", "1", NULL };
  g_autoptr (Camsim) sim = camsim_start (args);
  g_autoptr (SlDiscovery) discovery = sl_discovery_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", http_port (sim, 0));
  g_autoptr (SlAddressRange) range = sl_address_range_parse ("localhost", port, &error);
  Wait wait = { 0 };
  g_autoptr (SlDiscoveredDevice) device = NULL;

  g_assert_no_error (error);
  sl_discovery_run_async (discovery, g_steal_pointer (&range), NULL, NULL, NULL, store_result_cb,
                          &wait);
  g_assert_true (wait_until (have_result, &wait, DEADLINE_MS));
  g_assert_true (sl_discovery_run_finish (discovery, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (sl_discovery_get_devices (discovery)), ==, 1);
  device = g_list_model_get_item (sl_discovery_get_devices (discovery), 0);
  g_assert_cmpstr (sl_discovered_device_get_host (device), ==, "localhost");
  g_assert_cmpint (sl_discovered_device_get_status (device), ==, SL_DISCOVERY_STATUS_COMMUNICATING);
}

static void
cancel_on_progress (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  SlDiscovery *discovery = SL_DISCOVERY (object);

  if (sl_discovery_get_n_probed (discovery) > 0)
    g_cancellable_cancel (user_data);
}

/* Cancelling a large search stops it within moments, without rows or errors. */
static void
test_cancel (void)
{
  g_autoptr (SlDiscovery) discovery = sl_discovery_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_signal_connect (discovery, "notify::n-probed", G_CALLBACK (cancel_on_progress), cancellable);
  g_assert_false (run_search (discovery, "1-65535", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (sl_discovery_get_n_probed (discovery), <, 65535);
  g_assert_false (sl_discovery_get_running (discovery));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static char *
test_stream (const char *url, const char *username, const char *password, GError **error)
{
  Wait wait = { 0 };
  char *description;

  sl_stream_test_async (url, username, password, NULL, store_result_cb, &wait);
  g_assert_true (wait_until (have_result, &wait, DEADLINE_MS));
  description = sl_stream_test_finish (wait.result, error);
  g_object_unref (wait.result);
  return description;
}

/* The "Test" button of a stream URL: the stream, a refused password, nothing there. */
static void
test_stream_url (void)
{
  const char *args[] = { "--cameras", "1", "--username", "root", "--password", "secret", NULL };
  g_autoptr (Camsim) sim = camsim_start (args);
  const char *url = camsim_rtsp_url (sim, 0, "sub");
  g_autofree char *closed = g_strdup_printf ("rtsp://127.0.0.1:%u/stream", closed_port ());
  g_autoptr (GError) error = NULL;
  g_autofree char *description = test_stream (url, "root", "secret", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (description, ==, "H264 video");

  g_assert_null (test_stream (url, "root", "wrong", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_clear_error (&error);

  g_assert_null (test_stream (closed, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_test_message ("Nothing there: %s", error->message);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/discovery/statuses", test_statuses);
  g_test_add_func ("/discovery/already-added", test_already_added);
  g_test_add_func ("/discovery/host-name", test_host_name);
  g_test_add_func ("/discovery/cancel", test_cancel);
  g_test_add_func ("/discovery/stream-url", test_stream_url);

  return g_test_run ();
}
