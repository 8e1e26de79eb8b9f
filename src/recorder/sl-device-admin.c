// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-device-admin.h"
#include "sl-error.h"

/* A name that commands can find: printable, and not all digits (those are
 * taken as camera ids). */
gboolean
sl_device_admin_check_name (const char *name, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  gboolean digits_only = TRUE;

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The camera name is empty; give the camera a name."));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The camera name is not valid text."));
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

gboolean
sl_device_admin_check_name_unused (SlCatalog *catalog,
                                   const char *name,
                                   gint64 except_id,
                                   GError **error)
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

/* Checks an RTSP or HTTP (MJPEG) URL typed with @option and takes any user name and password
 * out of it: they go to the secret store, never to the catalog. Messages
 * never repeat a URL that may hold a password. */
char *
sl_device_admin_take_stream_url (
    const char *what, const char *text, char **username, char **password, GError **error)
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
                   _ ("%s is not a URL; give the address of the stream, such as "
                      "rtsp://192.0.2.10/stream."),
                   what);
      return NULL;
    }

  clean = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), g_uri_get_path (uri), g_uri_get_query (uri),
                       g_uri_get_fragment (uri));
  shown = g_uri_to_string (clean);
  scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "rtsp") != 0 && g_ascii_strcasecmp (scheme, "rtsps") != 0 &&
      g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not a stream URL; give an address that starts with rtsp:// or "
                      "rtsps:// (RTSP), or http:// or https:// (MJPEG)."),
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
                   _ ("The user name or password in %s is not valid text; give them "
                      "separately."),
                   what);
      return NULL;
    }

  return g_steal_pointer (&shown);
}

const char *
sl_device_admin_stream_driver (const char *url)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);

  if (scheme != NULL &&
      (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0))
    return SL_DRIVER_HTTP;
  return SL_DRIVER_RTSP;
}

gboolean
sl_device_admin_check_media_file (const char *path, GError **error)
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
gboolean
sl_device_admin_delete_recordings (
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

gint64
sl_device_admin_add_camera (SlCatalog *catalog,
                            SlCredentials *credentials,
                            const SlCameraRecord *record,
                            const char *password,
                            GError **error)
{
  gint64 id;

  g_return_val_if_fail (record != NULL && record->name != NULL, 0);

  if (!sl_device_admin_check_name (record->name, error) ||
      !sl_device_admin_check_name_unused (catalog, record->name, 0, error))
    return 0;

  id = sl_catalog_add_camera (catalog, record, error);
  if (id <= 0)
    return 0;

  if (password != NULL && record->username != NULL &&
      !sl_credentials_store (credentials, id, record->username, password, error))
    {
      g_autoptr (GError) remove_error = NULL;

      /* Without its password the camera would only fail to connect. */
      if (!sl_catalog_remove_camera (catalog, id, &remove_error))
        g_debug ("Cannot take camera %" G_GINT64_FORMAT " back out: %s", id, remove_error->message);
      return 0;
    }
  return id;
}
