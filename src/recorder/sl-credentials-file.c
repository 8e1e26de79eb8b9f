// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-credentials-file.h"
#include "sl-credentials.h"
#include "sl-error.h"

/* The credentials file of a recorder without a Secret Service: a key file with a
 * group per camera ("[camera 12]") holding "username" and "password", the
 * password in base64 so that any character survives. It is read only while its
 * mode is exactly 0600 and it belongs to the user, and always rewritten whole
 * and atomically, with mode 0600 from the start. */

/* A few hundred cameras fit in a few kilobytes; anything this big is not ours. */
#define SL_CREDENTIALS_FILE_MAX_SIZE (1024 * 1024)

struct _SlCredentialsFile
{
  char *path;
  /* One read-modify-write at a time: GTask threads share the file. */
  GMutex mutex;
};

/**
 * sl_credentials_free_password:
 * @password: (nullable): a password
 *
 * Overwrites @password before freeing it, so that it does not linger in freed
 * memory.
 */
void
sl_credentials_free_password (gpointer password)
{
  if (password == NULL)
    return;

  explicit_bzero (password, strlen (password));
  g_free (password);
}

static char *
file_group (gint64 camera_id)
{
  return g_strdup_printf ("camera %" G_GINT64_FORMAT, camera_id);
}

static char *
read_fd (int fd, gsize *length, GError **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  guint8 chunk[4096];

  for (;;)
    {
      ssize_t count = read (fd, chunk, sizeof chunk);

      if (count < 0 && errno == EINTR)
        continue;
      if (count < 0)
        {
          int saved_errno = errno;

          explicit_bzero (bytes->data, bytes->len);
          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      if (count == 0)
        break;
      if (bytes->len + (gsize)count > SL_CREDENTIALS_FILE_MAX_SIZE)
        {
          explicit_bzero (bytes->data, bytes->len);
          g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, g_strerror (EFBIG));
          return NULL;
        }
      g_byte_array_append (bytes, chunk, (guint)count);
    }

  explicit_bzero (chunk, sizeof chunk);
  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *)"", 1);
  return (char *)g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

/* Loads the file, or an empty key file when there is none yet. Call with
 * the mutex held. */
static GKeyFile *
load_file (SlCredentialsFile *self, GError **error)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *display = g_filename_display_name (self->path);
  g_autoptr (GError) local_error = NULL;
  char *contents;
  gsize length = 0;
  gboolean parsed;
  struct stat st;
  int fd;

  /* Opened once and checked through the descriptor, so the file that is read is
   * the file that was checked. */
  fd = g_open (self->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0);
  if (fd < 0 && errno == ENOENT)
    return g_steal_pointer (&key_file);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                   _ ("Cannot open the credentials file '%s' (%s); check that it is a file you "
                      "own, then run 'chmod 600 %s'."),
                   display, g_strerror (saved_errno), display);
      return NULL;
    }

  if (!S_ISREG (st.st_mode) || st.st_uid != getuid ())
    {
      close (fd);
      g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                   _ ("Refusing the credentials file '%s' because it is not a file of yours; "
                      "replace it with one you own and run 'chmod 600 %s'."),
                   display, display);
      return NULL;
    }

  if ((st.st_mode & 07777) != 0600)
    {
      close (fd);
      g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                   _ ("Refusing the credentials file '%s' because its mode is %04o, not 0600; "
                      "run 'chmod 600 %s'."),
                   display, (unsigned)(st.st_mode & 07777), display);
      return NULL;
    }

  contents = read_fd (fd, &length, &local_error);
  close (fd);
  if (contents == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                   _ ("Cannot read the credentials file '%s' (%s); check the disk and its "
                      "permissions."),
                   display, local_error->message);
      return NULL;
    }

  parsed = g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, NULL);
  explicit_bzero (contents, length);
  g_free (contents);

  /* The parser's message quotes the offending line, which may hold a password:
   * it stays out of the error. */
  if (!parsed)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                   _ ("The credentials file '%s' is damaged; fix it or remove it and store the "
                      "passwords again."),
                   display);
      return NULL;
    }

  return g_steal_pointer (&key_file);
}

/* Rewrites the file atomically (a new file renamed over the old one) with mode
 * 0600 from its creation on. Call with the mutex held. */
static gboolean
save_file (SlCredentialsFile *self, GKeyFile *key_file, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gsize length;
  char *contents = g_key_file_to_data (key_file, &length, NULL);
  gboolean saved;

  saved = g_file_set_contents_full (self->path, contents, (gssize)length,
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    0600, &local_error);
  explicit_bzero (contents, length);
  g_free (contents);

  if (!saved)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                   _ ("Cannot save the credentials file '%s' (%s); check that the data folder "
                      "is writable and the disk is not full."),
                   display, local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
sl_credentials_file_store (SlCredentialsFile *self,
                           gint64 camera_id,
                           const char *username,
                           const char *password,
                           GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (GKeyFile) key_file = load_file (self, error);
  g_autofree char *group = file_group (camera_id);
  char *encoded;

  if (key_file == NULL)
    return FALSE;

  g_debug ("Storing the password of camera %" G_GINT64_FORMAT " in %s", camera_id, self->path);

  g_key_file_remove_group (key_file, group, NULL);
  g_key_file_set_string (key_file, group, "username", username);
  encoded = g_base64_encode ((const guchar *)password, strlen (password));
  g_key_file_set_string (key_file, group, "password", encoded);
  sl_credentials_free_password (encoded);

  return save_file (self, key_file, error);
}

char *
sl_credentials_file_lookup (SlCredentialsFile *self,
                            gint64 camera_id,
                            const char *username,
                            GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (GKeyFile) key_file = load_file (self, error);
  g_autofree char *group = file_group (camera_id);
  g_autofree char *stored_username = NULL;
  char *encoded;
  guchar *decoded;
  gsize length;
  char *password;

  if (key_file == NULL)
    return NULL;

  stored_username = g_key_file_get_string (key_file, group, "username", NULL);
  if (stored_username == NULL || (username != NULL && g_strcmp0 (username, stored_username) != 0))
    return NULL;

  encoded = g_key_file_get_string (key_file, group, "password", NULL);
  if (encoded == NULL)
    return NULL;

  decoded = g_base64_decode (encoded, &length);
  sl_credentials_free_password (encoded);
  password = g_strndup ((const char *)decoded, length);
  explicit_bzero (decoded, length);
  g_free (decoded);

  if (strlen (password) != length || !g_utf8_validate (password, -1, NULL))
    {
      g_autofree char *display = g_filename_display_name (self->path);
      char id[32];

      sl_credentials_free_password (password);
      g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, camera_id);
      g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                   _ ("The password of camera %s in the credentials file '%s' is not base64 "
                      "text; store the password again."),
                   id, display);
      return NULL;
    }

  g_debug ("Found the password of camera %" G_GINT64_FORMAT " in %s", camera_id, self->path);
  return password;
}

gboolean
sl_credentials_file_forget (SlCredentialsFile *self, gint64 camera_id, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (GKeyFile) key_file = NULL;
  g_autofree char *group = file_group (camera_id);

  /* Forgetting what was never stored must not create the file. */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return TRUE;

  key_file = load_file (self, error);
  if (key_file == NULL)
    return FALSE;

  if (!g_key_file_remove_group (key_file, group, NULL))
    return TRUE;

  g_debug ("Forgetting the password of camera %" G_GINT64_FORMAT " in %s", camera_id, self->path);
  return save_file (self, key_file, error);
}

#define SIGNING_KEY_GROUP "export signing key"
#define SIGNING_KEY_NAME  "ed25519"

gboolean
sl_credentials_file_store_signing_key (SlCredentialsFile *self, const char *encoded, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (GKeyFile) key_file = load_file (self, error);

  if (key_file == NULL)
    return FALSE;

  g_debug ("Storing the export signing key in %s", self->path);
  g_key_file_set_string (key_file, SIGNING_KEY_GROUP, SIGNING_KEY_NAME, encoded);
  return save_file (self, key_file, error);
}

char *
sl_credentials_file_lookup_signing_key (SlCredentialsFile *self, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr (GKeyFile) key_file = load_file (self, error);

  if (key_file == NULL)
    return NULL;
  return g_key_file_get_string (key_file, SIGNING_KEY_GROUP, SIGNING_KEY_NAME, NULL);
}

SlCredentialsFile *
sl_credentials_file_new (const char *path)
{
  SlCredentialsFile *self = g_new0 (SlCredentialsFile, 1);

  self->path = g_strdup (path);
  g_mutex_init (&self->mutex);
  return self;
}

void
sl_credentials_file_free (SlCredentialsFile *self)
{
  if (self == NULL)
    return;

  g_mutex_clear (&self->mutex);
  g_free (self->path);
  g_free (self);
}

const char *
sl_credentials_file_get_path (SlCredentialsFile *self)
{
  return self->path;
}
