// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-cli-private.h"
#include "sl-error.h"
#include "sl-vapix.h"

/* sightline-recorder camera add | list | remove | set */

#define DRIVER_RTSP  "rtsp"
#define DRIVER_VAPIX "vapix"
#define DRIVER_FILE  "file"

/* A name that commands can find: printable, and not all digits (those are
 * taken as camera ids). */
static gboolean
check_camera_name (const char *name, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  gboolean digits_only = TRUE;

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The camera name is empty; give it a name with --name."));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The camera name is not valid text; check the terminal's encoding."));
      return FALSE;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                               _ ("The camera name contains a control character; give a name of "
                                  "one line."));
          return FALSE;
        }
      digits_only &= g_ascii_isdigit (*p);
    }
  if (digits_only)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("A camera cannot be named '%s', because commands take a number as a camera "
                      "ID; add a word to the name."),
                   trimmed);
      return FALSE;
    }
  return TRUE;
}

/* Whether another camera than @except_id already has @name (any case). */
static gboolean
check_name_unused (SlCatalog *catalog, const char *name, gint64 except_id, GError **error)
{
  g_autoptr (GPtrArray) cameras = sl_catalog_list_cameras (catalog, error);
  g_autofree char *wanted = NULL;

  if (cameras == NULL)
    return FALSE;
  wanted = g_utf8_casefold (name, -1);
  for (guint i = 0; i < cameras->len; i++)
    {
      const SlCameraRecord *camera = cameras->pdata[i];
      g_autofree char *existing = g_utf8_casefold (camera->name, -1);

      if (camera->id != except_id && g_str_equal (existing, wanted))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_EXISTS,
                       _ ("A camera named '%s' already exists; choose another name."),
                       camera->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Checks an RTSP URL typed with @option and takes any user name and password
 * out of it: they go to the secret store, never to the catalog. Messages
 * never repeat a URL that may hold a password. */
static char *
take_stream_url (
    const char *option, const char *text, char **username, SlCliSecret **password, GError **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GUri) clean = NULL;
  g_autofree char *shown = NULL;
  const char *scheme;
  const char *user;
  const char *secret;
  gboolean valid = TRUE;

  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, NULL);
  if (uri == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The %s value is not a URL; give the address of the stream, such as "
                      "rtsp://192.0.2.10/stream."),
                   option);
      return NULL;
    }

  clean = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), g_uri_get_path (uri), g_uri_get_query (uri),
                       g_uri_get_fragment (uri));
  shown = g_uri_to_string (clean);
  scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Recording HTTP (MJPEG) streams such as '%s' comes in a later version; give "
                      "an rtsp:// URL."),
                   shown);
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "rtsp") != 0 && g_ascii_strcasecmp (scheme, "rtsps") != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not an RTSP URL; give an address that starts with rtsp:// or "
                      "rtsps://."),
                   shown);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' names no camera; give an address such as rtsp://192.0.2.10/stream."),
                   shown);
      return NULL;
    }

  user = g_uri_get_user (uri);
  secret = g_uri_get_password (uri);
  if (user != NULL && user[0] != '\0')
    {
      *username = g_uri_unescape_string (user, NULL);
      valid &= *username != NULL;
    }
  if (secret != NULL && secret[0] != '\0')
    {
      *password = g_uri_unescape_string (secret, NULL);
      valid &= *password != NULL;
    }
  if (!valid)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The user name or password in the %s value is not valid text; give them "
                      "with --username and --password-stdin."),
                   option);
      return NULL;
    }

  return g_steal_pointer (&shown);
}

static gboolean
check_media_file (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot use '%s' as a camera: %s."), display, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot use '%s' as a camera because it is not a file."), display);
      return FALSE;
    }
  if (g_access (path, R_OK) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot use '%s' as a camera because it cannot be read; check its "
                      "permissions."),
                   display);
      return FALSE;
    }
  return TRUE;
}

/* ---- camera add ---------------------------------------------------------- */

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
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_ ("Record the RTSP stream at URL"), N_ ("URL") },
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

  if (!check_camera_name (name, &error) ||
      (transport_text != NULL && !sl_cli_parse_transport (transport_text, &transport, &error)) ||
      (retention_text != NULL && !sl_cli_parse_days (retention_text, &retention_days, &error)))
    return sl_cli_fail (error);
  trimmed_name = g_strstrip (g_strdup (name));

  if (url != NULL)
    {
      clean_url = take_stream_url ("--url", url, &url_username, &url_password, &error);
      if (clean_url == NULL)
        return sl_cli_fail (error);
      if (sub_url != NULL)
        {
          clean_sub_url =
              take_stream_url ("--sub-url", sub_url, &sub_username, &sub_password, &error);
          if (clean_sub_url == NULL)
            return sl_cli_fail (error);
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
      if (!check_media_file (file_path, &error))
        return sl_cli_fail (error);
    }

  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL || !check_name_unused (catalog, trimmed_name, 0, &error))
    return sl_cli_fail (error);

  if (vapix != NULL)
    {
      device = sl_vapix_probe (vapix, username, password, NULL, &error);
      if (device == NULL)
        return sl_cli_fail (error);
    }

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
      record.driver = (char *)DRIVER_RTSP;
      record.main_url = clean_url;
      record.sub_url = clean_sub_url;
    }

  id = sl_catalog_add_camera (catalog, &record, &error);
  if (id <= 0)
    return sl_cli_fail (error);

  if (password != NULL)
    {
      credentials = sl_cli_get_credentials (cli, &error);
      if (credentials == NULL ||
          !sl_credentials_store (credentials, id, username, password, &error))
        {
          g_autoptr (GError) remove_error = NULL;

          /* Without its password the camera would only fail to connect. */
          if (!sl_catalog_remove_camera (catalog, id, &remove_error))
            g_debug ("Cannot take camera %" G_GINT64_FORMAT " back out: %s", id,
                     remove_error->message);
          return sl_cli_fail (error);
        }
    }

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

/* Removes the folder of a day, and then the camera's folder, once empty. */
static void
remove_empty_folders (GHashTable *folders)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, folders);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *parent = g_path_get_dirname (key);

      if (g_rmdir (key) == 0)
        g_rmdir (parent);
    }
}

/* Every segment of the camera goes through the garbage path (row first, then
 * the file), and so do its unfinished segments. */
static gboolean
delete_recordings (
    SlCatalog *catalog, gint64 camera_id, guint *n_files, gint64 *n_bytes, GError **error)
{
  g_autoptr (GPtrArray) segments = sl_catalog_list_all_segments (catalog, error);
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (segments == NULL)
    return FALSE;

  for (guint i = 0; i < segments->len; i++)
    {
      const SlSegment *segment = segments->pdata[i];

      if (segment->camera_id != camera_id)
        continue;
      if (!sl_catalog_retire_segment (catalog, segment->id, error))
        return FALSE;
      if (g_unlink (segment->path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (segment->path);

          g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                       _ ("Cannot delete the recording '%s' (%s); the recorder retries when it "
                          "starts."),
                       display, g_strerror (saved_errno));
          return FALSE;
        }
      if (!sl_catalog_forget_garbage (catalog, segment->path, error))
        return FALSE;
      g_hash_table_add (folders, g_path_get_dirname (segment->path));
      *n_files += 1;
      *n_bytes += segment->bytes;
    }

  open = sl_catalog_list_open_segments (catalog, error);
  if (open == NULL)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      const SlOpenSegment *segment = open->pdata[i];
      GStatBuf st;

      if (segment->camera_id != camera_id)
        continue;
      if (g_stat (segment->path, &st) == 0 && g_unlink (segment->path) == 0)
        {
          *n_files += 1;
          *n_bytes += st.st_size;
        }
      if (!sl_catalog_drop_open_segment (catalog, segment->id, error))
        return FALSE;
      g_hash_table_add (folders, g_path_get_dirname (segment->path));
    }

  remove_empty_folders (folders);
  return TRUE;
}

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
      if (lock == NULL || !delete_recordings (catalog, camera->id, &n_files, &n_bytes, &error))
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
      if (!check_camera_name (new_name, &error))
        return sl_cli_fail (error);
      g_free (changed->name);
      changed->name = g_strstrip (g_strdup (new_name));
      if (!check_name_unused (catalog, changed->name, camera->id, &error))
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
