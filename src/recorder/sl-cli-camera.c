// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "sl-cli-private.h"
#include "sl-device-admin.h"
#include "sl-error.h"
#include "sl-stream-test.h"
#include "sl-vapix.h"

/* sightline-recorder camera add | list | remove | set */

#define DRIVER_RTSP  SL_DRIVER_RTSP
#define DRIVER_VAPIX SL_DRIVER_VAPIX
#define DRIVER_FILE  SL_DRIVER_FILE

/* ---- camera add ---------------------------------------------------------- */

static void
stream_tested_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* Any web page has an http:// address: only an MJPEG stream is added. The
 * command waits for the stream test (it has nothing else to do). */
static gboolean
check_mjpeg_stream (const char *url, const char *username, const char *password, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *description = NULL;

  if (!gst_init_check (NULL, NULL, error))
    return FALSE;
  g_main_context_push_thread_default (context);
  sl_stream_test_async (url, username, password, NULL, stream_tested_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  description = sl_stream_test_finish (result, error);
  return description != NULL;
}

int
sl_cli_camera_add (SlCli *cli, int argc, char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sub_url = NULL;
  g_autofree char *vapix = NULL;
  g_autofree char *file = NULL;
  g_autofree char *username = NULL;
  g_autofree char *transport_text = NULL;
  g_autofree char *retention_text = NULL;
  gboolean password_stdin = FALSE;
  gboolean disabled = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("The camera's name, unique in the catalog"),
      N_ ("NAME") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_ ("Record the RTSP or HTTP MJPEG stream at URL"),
      N_ ("URL") },
    { "sub-url", 0, 0, G_OPTION_ARG_STRING, &sub_url,
      N_ ("With --url: a smaller stream of the same camera, for small tiles"), N_ ("URL") },
    { "vapix", 0, 0, G_OPTION_ARG_STRING, &vapix,
      N_ ("Ask the AXIS (VAPIX) device at HOST for its model and streams"), N_ ("HOST[:PORT]") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_ ("Play the Matroska file PATH as a camera"),
      N_ ("PATH") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_ ("The user name on the camera"),
      N_ ("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_ ("Read the password from one line of standard input"), NULL },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &transport_text,
      N_ ("RTSP transport: tcp, udp, tcp-then-udp (the default) or udp-then-tcp"), N_ ("T") },
    { "retention-days", 0, 0, G_OPTION_ARG_STRING, &retention_text,
      N_ ("Delete recordings older than N days (0: when the storage needs room)"), N_ ("N") },
    { "disabled", 0, 0, G_OPTION_ARG_NONE, &disabled, N_ ("Add the camera without recording it"),
      NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlVapixDevice) device = NULL;
  g_autofree char *url_username = NULL;
  g_autofree char *sub_username = NULL;
  g_autoptr (SlCliSecret) password = NULL;
  g_autoptr (SlCliSecret) url_password = NULL;
  g_autoptr (SlCliSecret) sub_password = NULL;
  g_autofree char *clean_url = NULL;
  g_autofree char *clean_sub_url = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *trimmed_name = NULL;
  SlCameraRecord record = { 0 };
  SlTransport transport = SL_TRANSPORT_TCP_THEN_UDP;
  SlCatalog *catalog;
  SlCredentials *credentials;
  int retention_days = 0;
  int status = SL_CLI_EXIT_OK;
  gint64 id;

  if (!sl_cli_parse_options (cli, entries, NULL,
                             _ ("Adds a camera and prints its ID. A password goes to the secret "
                                "store, never to the catalog."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  if (name == NULL)
    return sl_cli_usage_error (cli, _ ("give the camera a name with --name"));
  if ((url != NULL) + (vapix != NULL) + (file != NULL) != 1)
    return sl_cli_usage_error (cli, _ ("give exactly one of --url, --vapix and --file"));
  if (sub_url != NULL && url == NULL)
    return sl_cli_usage_error (cli, _ ("--sub-url goes with --url"));
  if (file != NULL && (username != NULL || password_stdin))
    return sl_cli_usage_error (cli, _ ("a file played as a camera needs no user name or password"));

  if (!sl_device_admin_check_name (name, &error) ||
      (transport_text != NULL && !sl_cli_parse_transport (transport_text, &transport, &error)) ||
      (retention_text != NULL && !sl_cli_parse_days (retention_text, &retention_days, &error)))
    return sl_cli_fail (error);
  trimmed_name = g_strstrip (g_strdup (name));

  if (url != NULL)
    {
      clean_url = sl_device_admin_take_stream_url (_ ("The --url value"), url, &url_username,
                                                   &url_password, &error);
      if (clean_url == NULL)
        return sl_cli_fail (error);
      if (sub_url != NULL)
        {
          clean_sub_url = sl_device_admin_take_stream_url (_ ("The --sub-url value"), sub_url,
                                                           &sub_username, &sub_password, &error);
          if (clean_sub_url == NULL)
            return sl_cli_fail (error);
          /* The live-only sub stream is read with RTSP. */
          if (g_strcmp0 (sl_device_admin_stream_driver (clean_sub_url), SL_DRIVER_RTSP) != 0)
            return sl_cli_fail_printf (_ ("The --sub-url value must be an rtsp:// stream."));
        }
      if (username == NULL)
        username = g_strdup (url_username ? url_username : sub_username);
      if (!password_stdin)
        password = g_strdup (url_password ? url_password : sub_password);
    }
  if (username != NULL && username[0] == '\0')
    g_clear_pointer (&username, g_free);

  if (password_stdin)
    {
      if (username == NULL)
        return sl_cli_usage_error (cli, _ ("--password-stdin needs a user name: give --username"));
      password = sl_cli_read_password (username, &error);
      if (password == NULL)
        return sl_cli_fail (error);
    }
  if (password != NULL && username == NULL)
    return sl_cli_fail_printf (_ ("The URL has a password but no user name; give the user name "
                                  "with --username."));

  if (file != NULL)
    {
      file_path = g_canonicalize_filename (file, NULL);
      if (!sl_device_admin_check_media_file (file_path, &error))
        return sl_cli_fail (error);
    }

  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL || !sl_device_admin_check_name_unused (catalog, trimmed_name, 0, &error))
    return sl_cli_fail (error);

  if (vapix != NULL)
    {
      device = sl_vapix_probe (vapix, username, password, NULL, &error);
      if (device == NULL)
        return sl_cli_fail (error);
    }
  if (clean_url != NULL &&
      g_str_equal (sl_device_admin_stream_driver (clean_url), SL_DRIVER_HTTP) &&
      !check_mjpeg_stream (clean_url, username, password, &error))
    return sl_cli_fail (error);

  record.name = trimmed_name;
  record.username = username;
  record.enabled = !disabled;
  record.retention_days = retention_days;
  record.transport = transport;
  if (device != NULL)
    {
      record.driver = (char *)DRIVER_VAPIX;
      record.address = device->address;
      record.model = device->model;
      record.serial = device->serial;
      record.main_url = device->main_url;
      record.sub_url = device->sub_url;
    }
  else if (file_path != NULL)
    {
      record.driver = (char *)DRIVER_FILE;
      record.address = file_path;
      record.main_url = file_path;
    }
  else
    {
      record.driver = (char *)sl_device_admin_stream_driver (clean_url);
      record.main_url = clean_url;
      record.sub_url = clean_sub_url;
    }

  credentials = NULL;
  if (password != NULL)
    {
      credentials = sl_cli_get_credentials (cli, &error);
      if (credentials == NULL)
        return sl_cli_fail (error);
    }
  id = sl_device_admin_add_camera (catalog, credentials, &record, password, &error);
  if (id <= 0)
    return sl_cli_fail (error);

  g_print ("%" G_GINT64_FORMAT "\n", id);
  return SL_CLI_EXIT_OK;
}

/* ---- camera list --------------------------------------------------------- */

/* Where the camera is: the device address, the file, or the RTSP server. */
static char *
camera_address (const SlCameraRecord *camera)
{
  if (g_strcmp0 (camera->driver, DRIVER_RTSP) != 0 && camera->address != NULL)
    return g_strdup (camera->address);
  if (g_strcmp0 (camera->driver, DRIVER_FILE) == 0)
    return g_strdup (camera->main_url);
  return sl_cli_url_address (camera->main_url);
}

static void
add_camera_json (JsonBuilder *builder, const SlCameraRecord *camera)
{
  g_autofree char *address = camera_address (camera);
  g_autofree char *main_url = sl_cli_url_without_credentials (camera->main_url);
  g_autofree char *sub_url = sl_cli_url_without_credentials (camera->sub_url);

  json_builder_begin_object (builder);
  sl_cli_json_add_int (builder, "id", camera->id);
  sl_cli_json_add_string (builder, "name", camera->name);
  sl_cli_json_add_string (builder, "driver", camera->driver);
  sl_cli_json_add_string (builder, "address", address);
  sl_cli_json_add_string (builder, "username", camera->username);
  sl_cli_json_add_string (builder, "model", camera->model);
  sl_cli_json_add_string (builder, "serial", camera->serial);
  sl_cli_json_add_string (builder, "main_url", main_url);
  sl_cli_json_add_string (builder, "sub_url", sub_url);
  sl_cli_json_add_boolean (builder, "enabled", camera->enabled);
  sl_cli_json_add_int (builder, "retention_days", camera->retention_days);
  sl_cli_json_add_optional_int (builder, "storage_id", camera->storage_id > 0, camera->storage_id);
  sl_cli_json_add_string (builder, "transport", sl_transport_to_string (camera->transport));
  json_builder_end_object (builder);
}

int
sl_cli_camera_list (SlCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array for scripts"), NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  SlCatalog *catalog;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, NULL, _ ("Lists the cameras of the catalog."), &argc,
                             &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL)
    return sl_cli_fail (error);
  cameras = sl_catalog_list_cameras (catalog, &error);
  if (cameras == NULL)
    return sl_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < cameras->len; i++)
        add_camera_json (builder, cameras->pdata[i]);
      json_builder_end_array (builder);
      sl_cli_print_json (builder);
    }
  else if (cameras->len == 0)
    {
      g_print ("%s\n", _ ("No cameras yet; add one with 'sightline-recorder camera add'."));
    }
  else
    {
      g_autoptr (GPtrArray) rows =
          g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

      g_ptr_array_add (rows, sl_cli_table_row (_ ("ID"), _ ("NAME"), _ ("DRIVER"), _ ("ADDRESS"),
                                               _ ("MODEL"), _ ("ENABLED"), _ ("RETENTION"),
                                               _ ("TRANSPORT"), NULL));
      for (guint i = 0; i < cameras->len; i++)
        {
          const SlCameraRecord *camera = cameras->pdata[i];
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, camera->id);
          g_autofree char *address = camera_address (camera);
          g_autofree char *retention = sl_cli_format_retention (camera->retention_days);

          g_ptr_array_add (
              rows, sl_cli_table_row (id, camera->name, camera->driver ? camera->driver : "-",
                                      address ? address : "-", camera->model ? camera->model : "-",
                                      camera->enabled ? _ ("yes") : _ ("no"), retention,
                                      sl_transport_to_string (camera->transport), NULL));
        }
      sl_cli_print_table (rows);
    }
  return SL_CLI_EXIT_OK;
}

/* ---- camera remove ------------------------------------------------------- */

int
sl_cli_camera_remove (SlCli *cli, int argc, char **argv)
{
  gboolean delete = FALSE;
  const GOptionEntry entries[] = {
    { "delete-recordings", 0, 0, G_OPTION_ARG_NONE, &delete,
      N_ ("Also delete every recording of the camera now"), NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCameraRecord) camera = NULL;
  g_autoptr (SlDataLock) lock = NULL;
  SlCatalog *catalog;
  SlCredentials *credentials;
  guint n_files = 0;
  gint64 n_bytes = 0;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, _ ("NAME|ID"),
                             _ ("Removes a camera from the catalog and forgets its password. Its "
                                "recordings are kept unless --delete-recordings is given."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 1, 1, _ ("a camera name or ID"), &status))
    return status;

  camera = sl_cli_find_camera (cli, argv[1], &catalog, &error);
  if (camera == NULL)
    return sl_cli_fail (error);

  if (delete)
    {
      /* A running recorder could be writing the files about to go. */
      lock = sl_cli_lock_data_dir (cli, &error);
      if (lock == NULL ||
          !sl_device_admin_delete_recordings (catalog, camera->id, &n_files, &n_bytes, &error))
        return sl_cli_fail (error);
    }

  if (!sl_catalog_remove_camera (catalog, camera->id, &error))
    return sl_cli_fail (error);

  if (camera->username != NULL)
    {
      credentials = sl_cli_get_credentials (cli, &error);
      if (credentials == NULL || !sl_credentials_forget (credentials, camera->id, &error))
        {
          sl_cli_fail_printf (_ ("Removed camera '%s', but could not forget its password: %s"),
                              camera->name, error->message);
          return SL_CLI_EXIT_FAILED;
        }
    }

  if (delete)
    {
      g_autofree char *size = sl_cli_format_size (n_bytes);

      g_print (g_dngettext (
                   GETTEXT_PACKAGE, "Removed camera '%s' and deleted its %u recording file (%s).\n",
                   "Removed camera '%s' and deleted its %u recording files (%s).\n", n_files),
               camera->name, n_files, size);
    }
  else
    {
      g_print (_ ("Removed camera '%s'. Its recordings stay on disk and are deleted as the storage "
                  "needs room; --delete-recordings deletes them at once.\n"),
               camera->name);
    }
  return SL_CLI_EXIT_OK;
}

/* ---- camera set ---------------------------------------------------------- */

int
sl_cli_camera_set (SlCli *cli, int argc, char **argv)
{
  gboolean enable = FALSE;
  gboolean disable = FALSE;
  gboolean password_stdin = FALSE;
  g_autofree char *retention_text = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *transport_text = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *username = NULL;
  const GOptionEntry entries[] = {
    { "enable", 0, 0, G_OPTION_ARG_NONE, &enable, N_ ("Record the camera"), NULL },
    { "disable", 0, 0, G_OPTION_ARG_NONE, &disable, N_ ("Stop recording the camera"), NULL },
    { "retention-days", 0, 0, G_OPTION_ARG_STRING, &retention_text,
      N_ ("Delete recordings older than N days (0: when the storage needs room)"), N_ ("N") },
    { "storage", 0, 0, G_OPTION_ARG_FILENAME, &storage,
      N_ ("Record new segments on this storage location"), N_ ("PATH|ID") },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &transport_text,
      N_ ("RTSP transport: tcp, udp, tcp-then-udp or udp-then-tcp"), N_ ("T") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &new_name, N_ ("Rename the camera"), N_ ("NEW") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username,
      N_ ("With --password-stdin: the user name on the camera"), N_ ("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_ ("Read a new password from one line of standard input"), NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCameraRecord) camera = NULL;
  g_autoptr (SlCameraRecord) changed = NULL;
  g_autoptr (SlStorageRoot) root = NULL;
  g_autoptr (SlCliSecret) password = NULL;
  SlCatalog *catalog;
  SlCredentials *credentials;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, _ ("NAME|ID"),
                             _ ("Changes the settings of a camera. A running recorder uses them "
                                "from its next start."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 1, 1, _ ("a camera name or ID"), &status))
    return status;

  if (enable && disable)
    return sl_cli_usage_error (cli, _ ("give --enable or --disable, not both"));
  if (username != NULL && !password_stdin)
    return sl_cli_usage_error (
        cli, _ ("--username needs --password-stdin: the password is stored with the user name"));
  if (!enable && !disable && !password_stdin && retention_text == NULL && storage == NULL &&
      transport_text == NULL && new_name == NULL)
    return sl_cli_usage_error (
        cli, _ ("nothing to change; give an option such as --disable or --retention-days"));

  camera = sl_cli_find_camera (cli, argv[1], &catalog, &error);
  if (camera == NULL)
    return sl_cli_fail (error);
  changed = sl_camera_record_copy (camera);

  if (enable || disable)
    changed->enabled = enable;
  if (retention_text != NULL &&
      !sl_cli_parse_days (retention_text, &changed->retention_days, &error))
    return sl_cli_fail (error);
  if (transport_text != NULL &&
      !sl_cli_parse_transport (transport_text, &changed->transport, &error))
    return sl_cli_fail (error);
  if (storage != NULL)
    {
      root = sl_cli_find_storage_root (cli, storage, &error);
      if (root == NULL)
        return sl_cli_fail (error);
      changed->storage_id = root->id;
    }
  if (new_name != NULL)
    {
      if (!sl_device_admin_check_name (new_name, &error))
        return sl_cli_fail (error);
      g_free (changed->name);
      changed->name = g_strstrip (g_strdup (new_name));
      if (!sl_device_admin_check_name_unused (catalog, changed->name, camera->id, &error))
        return sl_cli_fail (error);
    }
  if (password_stdin)
    {
      if (g_strcmp0 (camera->driver, DRIVER_FILE) == 0)
        return sl_cli_fail_printf (_ ("Camera '%s' plays a file and needs no password."),
                                   camera->name);
      if (username != NULL && username[0] != '\0')
        {
          g_free (changed->username);
          changed->username = g_strdup (username);
        }
      if (changed->username == NULL)
        return sl_cli_usage_error (cli, _ ("--password-stdin needs a user name: give --username"));
      password = sl_cli_read_password (changed->username, &error);
      if (password == NULL)
        return sl_cli_fail (error);
    }

  if (!sl_catalog_update_camera (catalog, changed, &error))
    return sl_cli_fail (error);

  if (password != NULL)
    {
      credentials = sl_cli_get_credentials (cli, &error);
      if (credentials == NULL ||
          !sl_credentials_store (credentials, camera->id, changed->username, password, &error))
        return sl_cli_fail (error);
    }

  g_print (_ ("Updated camera '%s'.\n"), changed->name);
  return SL_CLI_EXIT_OK;
}
