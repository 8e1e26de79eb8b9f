// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "sl-credentials-file.h"
#include "sl-credentials-private.h"
#include "sl-error.h"

/**
 * SlCredentials:
 *
 * Where camera passwords live: the Secret Service (GNOME Keyring, KWallet) through
 * libsecret, or, where no Secret Service answers (a headless server), a
 * `credentials` file in the data folder that is used only while its mode is 0600
 * and it belongs to the user. Passwords never reach the catalog or a log, not even
 * a debug message.
 *
 * `SL_CREDENTIALS_BACKEND=file` or `=secret-service` picks one store; without it
 * the Secret Service is tried first and the file takes over once the Secret
 * Service turns out to be unreachable.
 */

#define SL_CREDENTIALS_FILE_NAME "credentials"

typedef enum
{
  BACKEND_AUTOMATIC,
  BACKEND_SECRET_SERVICE,
  BACKEND_FILE,
  BACKEND_UNKNOWN,
} Backend;

struct _SlCredentials
{
  GObject parent_instance;

  char *data_dir;
  SlCredentialsFile *file;
  /* SL_CREDENTIALS_BACKEND, read once at construction. */
  Backend backend;
  char *backend_name;
  /* Atomic: set when the automatic choice found no Secret Service. */
  int secret_service_unreachable;
};

enum
{
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlCredentials, sl_credentials, G_TYPE_OBJECT)

static const SecretSchema device_schema = {
  "org.sightline.Sightline.Device",
  SECRET_SCHEMA_NONE,
  {
      { "camera-id", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
  },
};

typedef struct
{
  gint64 camera_id;
  char *username;
  char *password;
} Request;

static Request *
request_new (gint64 camera_id, const char *username, const char *password)
{
  Request *request = g_new0 (Request, 1);

  request->camera_id = camera_id;
  request->username = g_strdup (username);
  request->password = g_strdup (password);
  return request;
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->username);
  sl_credentials_free_password (request->password);
  g_free (request);
}

static void
format_camera_id (char buffer[32], gint64 camera_id)
{
  g_snprintf (buffer, 32, "%" G_GINT64_FORMAT, camera_id);
}

/* Integer attributes go over D-Bus as decimal text, so the table form keeps the
 * whole gint64 range, where the varargs form would cut it to an int. */
static GHashTable *
build_attributes (gint64 camera_id, const char *username)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (char *)"camera-id",
                       g_strdup_printf ("%" G_GINT64_FORMAT, camera_id));
  if (username != NULL)
    g_hash_table_insert (attributes, (char *)"username", g_strdup (username));
  return attributes;
}

gboolean
sl_credentials_check_backend (SlCredentials *self, GError **error)
{
  if (self->backend != BACKEND_UNKNOWN)
    return TRUE;

  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
               _ ("SL_CREDENTIALS_BACKEND is '%s'; set it to 'file' or 'secret-service', or unset "
                  "it."),
               self->backend_name);
  return FALSE;
}

static gboolean
check_text (const char *username, const char *password, GError **error)
{
  if (username != NULL && !g_utf8_validate (username, -1, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The user name is not valid text; type it again."));
      return FALSE;
    }

  if (password != NULL && !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The password is not valid text; type it again."));
      return FALSE;
    }

  return TRUE;
}

gboolean
sl_credentials_uses_secret_service (SlCredentials *self)
{
  return self->backend == BACKEND_SECRET_SERVICE ||
         (self->backend == BACKEND_AUTOMATIC &&
          !g_atomic_int_get (&self->secret_service_unreachable));
}

/* The errors of a session without a Secret Service: no session bus at all (the
 * GIO errors of connecting), nobody owning or activating org.freedesktop.secrets,
 * or an owner that does not answer. */
static gboolean
is_unreachable (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    return error->code != G_IO_ERROR_CANCELLED;

  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  switch (error->code)
    {
      case G_DBUS_ERROR_SERVICE_UNKNOWN:
      case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
      case G_DBUS_ERROR_NO_REPLY:
      case G_DBUS_ERROR_NO_SERVER:
      case G_DBUS_ERROR_NO_NETWORK:
      case G_DBUS_ERROR_ACCESS_DENIED:
      case G_DBUS_ERROR_DISCONNECTED:
      case G_DBUS_ERROR_TIMEOUT:
      case G_DBUS_ERROR_TIMED_OUT:
      case G_DBUS_ERROR_FILE_NOT_FOUND:
      case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
      case G_DBUS_ERROR_SPAWN_FORK_FAILED:
      case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
      case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
      case G_DBUS_ERROR_SPAWN_FAILED:
      case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
      case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
      case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
      case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
      case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
      case G_DBUS_ERROR_SPAWN_FILE_INVALID:
      case G_DBUS_ERROR_SPAWN_NO_MEMORY:
        return TRUE;
      default:
        return FALSE;
    }
}

/* In automatic mode a Secret Service that cannot be reached hands over to the
 * file for good; returns TRUE, with @error cleared, when the caller should retry
 * with the file. */
gboolean
sl_credentials_fall_back_to_file (SlCredentials *self, GError **error)
{
  if (self->backend != BACKEND_AUTOMATIC || error == NULL || *error == NULL ||
      !is_unreachable (*error))
    return FALSE;

  g_debug ("No Secret Service (%s); camera passwords are in %s", (*error)->message,
           sl_credentials_file_get_path (self->file));
  g_atomic_int_set (&self->secret_service_unreachable, TRUE);
  g_clear_error (error);
  return TRUE;
}

/* The failures every operation shares: a cancellation goes back as it is, an
 * unreachable Secret Service gets a message that tells what to do about it.
 * Returns TRUE when it took @cause. */
gboolean
sl_credentials_propagate_common_error (GError **error, GError *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return TRUE;
    }

  if (!is_unreachable (cause))
    return FALSE;

  g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
               _ ("Cannot reach the Secret Service (%s); start a keyring such as GNOME Keyring, or "
                  "set SL_CREDENTIALS_BACKEND=file to keep passwords in a file."),
               cause->message);
  g_error_free (cause);
  return TRUE;
}

/* The Secret Service: one item per camera, in the default collection. */

static char *
build_label (gint64 camera_id, const char *username)
{
  char id[32];

  format_camera_id (id, camera_id);
  /* Translators: the name of a password in the keyring, such as
   * "Sightline camera 12 (root)"; the second %s is the user name. */
  return g_strdup_printf (_ ("Sightline camera %s (%s)"), id, username);
}

typedef enum
{
  KEYRING_STORE,
  KEYRING_LOOKUP,
  KEYRING_FORGET,
} KeyringOperation;

static void
set_keyring_error (GError **error, GError *cause, gint64 camera_id, KeyringOperation operation)
{
  char id[32];

  if (sl_credentials_propagate_common_error (error, cause))
    return;

  format_camera_id (id, camera_id);
  /* One literal message each, so that translators and -Wformat see them whole. */
  switch (operation)
    {
      case KEYRING_STORE:
        g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                     _ ("Cannot save the password of camera %s in the keyring (%s); unlock the "
                        "keyring, or set SL_CREDENTIALS_BACKEND=file on a computer without a "
                        "desktop session."),
                     id, cause->message);
        break;
      case KEYRING_LOOKUP:
        g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                     _ ("Cannot read the password of camera %s from the keyring (%s); unlock the "
                        "keyring, or set SL_CREDENTIALS_BACKEND=file on a computer without a "
                        "desktop session."),
                     id, cause->message);
        break;
      case KEYRING_FORGET:
        g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                     _ ("Cannot remove the password of camera %s from the keyring (%s); unlock the "
                        "keyring, or set SL_CREDENTIALS_BACKEND=file on a computer without a "
                        "desktop session."),
                     id, cause->message);
        break;
      default:
        g_assert_not_reached ();
    }
  g_error_free (cause);
}

/* A store that fails without saying why: libsecret does so when a prompt to
 * unlock the keyring was dismissed. */
static void
set_not_stored_error (GError **error, gint64 camera_id)
{
  char id[32];

  format_camera_id (id, camera_id);
  g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
               _ ("The keyring did not save the password of camera %s; unlock the keyring, or set "
                  "SL_CREDENTIALS_BACKEND=file on a computer without a desktop session."),
               id);
}

static void
file_store_in_thread (GTask *task,
                      gpointer source_object,
                      gpointer task_data,
                      GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (sl_credentials_file_store (SL_CREDENTIALS (source_object)->file, request->camera_id,
                                 request->username, request->password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
file_lookup_in_thread (GTask *task,
                       gpointer source_object,
                       gpointer task_data,
                       GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  char *password = sl_credentials_file_lookup (SL_CREDENTIALS (source_object)->file,
                                               request->camera_id, request->username, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, sl_credentials_free_password);
}

/* How every asynchronous call starts: a task holding @request that fails at once
 * on a bad backend or text, or runs @file_in_thread when the file keeps the
 * passwords. Returns the task when the Secret Service is to be asked, %NULL
 * when the task is already on its way. */
static GTask *
start_task (SlCredentials *self,
            gpointer source_tag,
            Request *request,
            GTaskThreadFunc file_in_thread,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, request_free);

  if (!sl_credentials_check_backend (self, &error) ||
      !check_text (request->username, request->password, &error))
    {
      g_task_return_error (task, error);
      return NULL;
    }

  if (!sl_credentials_uses_secret_service (self))
    {
      g_task_run_in_thread (task, file_in_thread);
      return NULL;
    }

  return g_steal_pointer (&task);
}

static void
secret_store_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SlCredentials *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  GError *cause = NULL;

  if (secret_password_store_finish (result, &cause))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (sl_credentials_fall_back_to_file (self, &cause))
    {
      g_task_run_in_thread (task, file_store_in_thread);
      return;
    }

  if (cause != NULL)
    set_keyring_error (&error, cause, request->camera_id, KEYRING_STORE);
  else
    set_not_stored_error (&error, request->camera_id);
  g_task_return_error (task, error);
}

/* A camera has one password: the items of its other user names go first. */
static void
secret_clear_before_store_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SlCredentials *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *error = NULL;
  GError *cause = NULL;

  secret_password_clear_finish (result, &cause);
  if (sl_credentials_fall_back_to_file (self, &cause))
    {
      g_task_run_in_thread (task, file_store_in_thread);
      return;
    }
  if (cause != NULL)
    {
      set_keyring_error (&error, cause, request->camera_id, KEYRING_STORE);
      g_task_return_error (task, error);
      return;
    }

  attributes = build_attributes (request->camera_id, request->username);
  label = build_label (request->camera_id, request->username);
  secret_password_storev (&device_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                          request->password, g_task_get_cancellable (task), secret_store_done,
                          g_object_ref (task));
}

static void
secret_lookup_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SlCredentials *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  GError *cause = NULL;
  char *password = secret_password_lookup_finish (result, &cause);

  if (cause == NULL)
    {
      g_debug ("%s the password of camera %" G_GINT64_FORMAT " in the Secret Service",
               password != NULL ? "Found" : "Did not find", request->camera_id);
      g_task_return_pointer (task, password, sl_credentials_free_password);
      return;
    }

  if (sl_credentials_fall_back_to_file (self, &cause))
    {
      g_task_run_in_thread (task, file_lookup_in_thread);
      return;
    }

  set_keyring_error (&error, cause, request->camera_id, KEYRING_LOOKUP);
  g_task_return_error (task, error);
}

static void
sl_credentials_finalize (GObject *object)
{
  SlCredentials *self = SL_CREDENTIALS (object);

  g_free (self->data_dir);
  g_clear_pointer (&self->file, sl_credentials_file_free);
  g_free (self->backend_name);

  G_OBJECT_CLASS (sl_credentials_parent_class)->finalize (object);
}

static void
sl_credentials_constructed (GObject *object)
{
  SlCredentials *self = SL_CREDENTIALS (object);
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (sl_credentials_parent_class)->constructed (object);

  path = g_build_filename (self->data_dir, SL_CREDENTIALS_FILE_NAME, NULL);
  self->file = sl_credentials_file_new (path);
}

static void
sl_credentials_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlCredentials *self = SL_CREDENTIALS (object);

  switch (prop_id)
    {
      case PROP_DATA_DIR:
        g_value_set_string (value, self->data_dir);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_credentials_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlCredentials *self = SL_CREDENTIALS (object);

  switch (prop_id)
    {
      case PROP_DATA_DIR:
        self->data_dir = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_credentials_class_init (SlCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_credentials_finalize;
  object_class->constructed = sl_credentials_constructed;
  object_class->get_property = sl_credentials_get_property;
  object_class->set_property = sl_credentials_set_property;

  /**
   * SlCredentials:data-dir:
   *
   * The data folder, which holds the credentials file when there is one.
   */
  properties[PROP_DATA_DIR] =
      g_param_spec_string ("data-dir", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_credentials_init (SlCredentials *self)
{
  const char *backend = g_getenv ("SL_CREDENTIALS_BACKEND");

  if (backend == NULL || backend[0] == '\0')
    self->backend = BACKEND_AUTOMATIC;
  else if (g_str_equal (backend, "secret-service"))
    self->backend = BACKEND_SECRET_SERVICE;
  else if (g_str_equal (backend, "file"))
    self->backend = BACKEND_FILE;
  else
    {
      self->backend = BACKEND_UNKNOWN;
      self->backend_name = g_utf8_make_valid (backend, -1);
    }
}

/**
 * sl_credentials_new:
 * @data_dir: the data folder (see sl_data_dir_resolve())
 *
 * Returns: (transfer full): the password store of the recorder that uses @data_dir
 */
SlCredentials *
sl_credentials_new (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_object_new (SL_TYPE_CREDENTIALS, "data-dir", data_dir, NULL);
}

/**
 * sl_credentials_get_data_dir:
 * @self: a #SlCredentials
 *
 * Returns: (transfer none): the data folder
 */
const char *
sl_credentials_get_data_dir (SlCredentials *self)
{
  g_return_val_if_fail (SL_IS_CREDENTIALS (self), NULL);

  return self->data_dir;
}

SlCredentialsFile *
sl_credentials_get_file (SlCredentials *self)
{
  g_return_val_if_fail (SL_IS_CREDENTIALS (self), NULL);

  return self->file;
}

/**
 * sl_credentials_store:
 * @self: a #SlCredentials
 * @camera_id: the camera's id in the catalog
 * @username: the user name the camera knows
 * @password: the password
 * @error: return location for an error in the %SL_ERROR domain
 *
 * Keeps @password for @camera_id and @username, replacing what was kept for the
 * camera before, whatever its user name. Blocks: for the command line; the
 * application uses sl_credentials_store_async().
 *
 * Returns: %TRUE once the password is stored
 */
gboolean
sl_credentials_store (SlCredentials *self,
                      gint64 camera_id,
                      const char *username,
                      const char *password,
                      GError **error)
{
  g_autoptr (GHashTable) camera = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *cause = NULL;

  g_return_val_if_fail (SL_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (camera_id >= 0, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sl_credentials_check_backend (self, error) || !check_text (username, password, error))
    return FALSE;

  if (!sl_credentials_uses_secret_service (self))
    return sl_credentials_file_store (self->file, camera_id, username, password, error);

  g_debug ("Storing the password of camera %" G_GINT64_FORMAT " in the Secret Service", camera_id);

  camera = build_attributes (camera_id, NULL);
  secret_password_clearv_sync (&device_schema, camera, NULL, &cause);
  if (cause == NULL)
    {
      attributes = build_attributes (camera_id, username);
      label = build_label (camera_id, username);
      if (secret_password_storev_sync (&device_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                                       password, NULL, &cause))
        return TRUE;
    }

  if (sl_credentials_fall_back_to_file (self, &cause))
    return sl_credentials_file_store (self->file, camera_id, username, password, error);

  if (cause != NULL)
    set_keyring_error (error, cause, camera_id, KEYRING_STORE);
  else
    set_not_stored_error (error, camera_id);
  return FALSE;
}

/**
 * sl_credentials_lookup:
 * @self: a #SlCredentials
 * @camera_id: the camera's id in the catalog
 * @username: (nullable): the user name, or %NULL for whichever is stored
 * @error: return location for an error in the %SL_ERROR domain
 *
 * Finds the password kept for @camera_id and @username. Blocks: for the command
 * line; the application uses sl_credentials_lookup_async().
 *
 * Returns: (transfer full) (nullable): the password, to free with g_free(), or
 *   %NULL: with @error set on failure, without when none is kept
 */
char *
sl_credentials_lookup (SlCredentials *self, gint64 camera_id, const char *username, GError **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  GError *cause = NULL;
  char *password;

  g_return_val_if_fail (SL_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (camera_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sl_credentials_check_backend (self, error) || !check_text (username, NULL, error))
    return NULL;

  if (!sl_credentials_uses_secret_service (self))
    return sl_credentials_file_lookup (self->file, camera_id, username, error);

  attributes = build_attributes (camera_id, username);
  password = secret_password_lookupv_sync (&device_schema, attributes, NULL, &cause);
  if (cause == NULL)
    {
      g_debug ("%s the password of camera %" G_GINT64_FORMAT " in the Secret Service",
               password != NULL ? "Found" : "Did not find", camera_id);
      return password;
    }

  if (sl_credentials_fall_back_to_file (self, &cause))
    return sl_credentials_file_lookup (self->file, camera_id, username, error);

  set_keyring_error (error, cause, camera_id, KEYRING_LOOKUP);
  return NULL;
}

/**
 * sl_credentials_forget:
 * @self: a #SlCredentials
 * @camera_id: the camera's id in the catalog
 * @error: return location for an error in the %SL_ERROR domain
 *
 * Removes the password kept for @camera_id, whatever its user name. Forgetting a
 * camera without a password succeeds. Blocks.
 *
 * Returns: %TRUE when no password is kept for the camera any more
 */
gboolean
sl_credentials_forget (SlCredentials *self, gint64 camera_id, GError **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  GError *cause = NULL;

  g_return_val_if_fail (SL_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (camera_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sl_credentials_check_backend (self, error))
    return FALSE;

  if (!sl_credentials_uses_secret_service (self))
    return sl_credentials_file_forget (self->file, camera_id, error);

  g_debug ("Forgetting the password of camera %" G_GINT64_FORMAT " in the Secret Service",
           camera_id);

  attributes = build_attributes (camera_id, NULL);
  /* FALSE without an error only says that there was nothing to remove. */
  secret_password_clearv_sync (&device_schema, attributes, NULL, &cause);
  if (cause == NULL)
    return TRUE;

  if (sl_credentials_fall_back_to_file (self, &cause))
    return sl_credentials_file_forget (self->file, camera_id, error);

  set_keyring_error (error, cause, camera_id, KEYRING_FORGET);
  return FALSE;
}

/**
 * sl_credentials_store_async:
 * @self: a #SlCredentials
 * @camera_id: the camera's id in the catalog
 * @username: the user name the camera knows
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller when done
 * @user_data: data for @callback
 *
 * Does what sl_credentials_store() does without blocking the caller.
 */
void
sl_credentials_store_async (SlCredentials *self,
                            gint64 camera_id,
                            const char *username,
                            const char *password,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) camera = NULL;

  g_return_if_fail (SL_IS_CREDENTIALS (self));
  g_return_if_fail (camera_id >= 0);
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_task (self, sl_credentials_store_async, request_new (camera_id, username, password),
                     file_store_in_thread, cancellable, callback, user_data);
  if (task == NULL)
    return;

  g_debug ("Storing the password of camera %" G_GINT64_FORMAT " in the Secret Service", camera_id);

  camera = build_attributes (camera_id, NULL);
  secret_password_clearv (&device_schema, camera, cancellable, secret_clear_before_store_done,
                          g_steal_pointer (&task));
}

/**
 * sl_credentials_store_finish:
 * @self: a #SlCredentials
 * @result: the result given to the callback
 * @error: return location for an error in the %SL_ERROR domain, or
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE once the password is stored
 */
gboolean
sl_credentials_store_finish (SlCredentials *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_credentials_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sl_credentials_lookup_async:
 * @self: a #SlCredentials
 * @camera_id: the camera's id in the catalog
 * @username: (nullable): the user name, or %NULL for whichever is stored
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller when done
 * @user_data: data for @callback
 *
 * Does what sl_credentials_lookup() does without blocking the caller.
 */
void
sl_credentials_lookup_async (SlCredentials *self,
                             gint64 camera_id,
                             const char *username,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) attributes = NULL;

  g_return_if_fail (SL_IS_CREDENTIALS (self));
  g_return_if_fail (camera_id >= 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_task (self, sl_credentials_lookup_async, request_new (camera_id, username, NULL),
                     file_lookup_in_thread, cancellable, callback, user_data);
  if (task == NULL)
    return;

  attributes = build_attributes (camera_id, username);
  secret_password_lookupv (&device_schema, attributes, cancellable, secret_lookup_done,
                           g_steal_pointer (&task));
}

/**
 * sl_credentials_lookup_finish:
 * @self: a #SlCredentials
 * @result: the result given to the callback
 * @error: return location for an error in the %SL_ERROR domain, or
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the password, to free with g_free(), or
 *   %NULL: with @error set on failure, without when none is kept
 */
char *
sl_credentials_lookup_finish (SlCredentials *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_credentials_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
