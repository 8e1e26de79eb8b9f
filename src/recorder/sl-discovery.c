// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-credentials.h"
#include "sl-discovery.h"
#include "sl-error.h"

#define NOTIFY_INTERVAL_MS 100
#define DEFAULT_HTTP_PORT  80

struct _SlDiscovery
{
  GObject parent_instance;

  GListStore *devices;       /* SlDiscoveredDevice */
  GHashTable *known_address; /* "host:port", lower case */
  GHashTable *known_serial;
  GSocketClient *client;

  /* The search under way. */
  GTask *run_task;
  SlAddressRange *range;
  SlAddressRangeIter iter;
  gboolean exhausted;
  char *username;
  char *password;
  guint in_flight;
  guint n_probed;
  guint n_total;
  guint n_no_device;
  guint notify_id;
};

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_N_PROBED,
  PROP_N_TOTAL,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* One host:port of a search. */
typedef struct
{
  SlDiscovery *self;
  char *host;
  guint16 port;
  char *address;
  GCancellable *cancellable;
  GError *refused; /* why the probe failed with credentials, while asking systemready */
} Job;

/* One device probed again with an account. */
typedef struct
{
  SlDiscoveredDevice *device;
  char *username;
  char *password;
} Retry;

G_DEFINE_FINAL_TYPE (SlDiscovery, sl_discovery, G_TYPE_OBJECT)

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_free (job->host);
  g_free (job->address);
  g_clear_object (&job->cancellable);
  g_clear_error (&job->refused);
  g_free (job);
}

static void
retry_free (Retry *retry)
{
  g_object_unref (retry->device);
  g_free (retry->username);
  sl_credentials_free_password (retry->password);
  g_free (retry);
}

static char *
address_key (const char *host, guint port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%u", lower, port);
}

/* A camera's VAPIX address "host[:port]" as a key; %NULL for other drivers. */
static char *
camera_address_key (const SlCameraRecord *camera)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port = DEFAULT_HTTP_PORT;

  if (g_strcmp0 (camera->driver, "vapix") != 0 || camera->address == NULL)
    return NULL;
  colon = strrchr (camera->address, ':');
  if (colon != NULL && strchr (camera->address, ':') == colon &&
      g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    host = g_strndup (camera->address, colon - camera->address);
  else
    host = g_strdup (camera->address);
  return address_key (host, (guint)port);
}

static gboolean
is_known (SlDiscovery *self, SlDiscoveredDevice *device)
{
  g_autofree char *key =
      address_key (sl_discovered_device_get_host (device), sl_discovered_device_get_port (device));
  const char *serial = sl_discovered_device_get_serial (device);

  return g_hash_table_contains (self->known_address, key) ||
         (serial != NULL && g_hash_table_contains (self->known_serial, serial));
}

/* The row of a device that answered the probe. */
static void
set_found (SlDiscovery *self, SlDiscoveredDevice *device, const SlVapixDevice *info)
{
  sl_discovered_device_set_result (device, SL_DISCOVERY_STATUS_COMMUNICATING, info, NULL);
  if (is_known (self, device))
    sl_discovered_device_set_result (device, SL_DISCOVERY_STATUS_ALREADY_ADDED, info,
                                     _ ("This camera is already in the list of cameras."));
}

static SlDiscoveryStatus
status_for_error (const GError *error)
{
  if (g_error_matches (error, SL_ERROR, SL_ERROR_CREDENTIALS))
    return SL_DISCOVERY_STATUS_ENTER_PASSWORD;
  if (g_error_matches (error, SL_ERROR, SL_ERROR_NOT_SUPPORTED))
    return SL_DISCOVERY_STATUS_MODEL_NOT_SUPPORTED;
  return SL_DISCOVERY_STATUS_COMMUNICATION_ERROR;
}

/* ---- the search -------------------------------------------------------- */

static gboolean
notify_progress_cb (gpointer user_data)
{
  SlDiscovery *self = user_data;

  self->notify_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBED]);
  return G_SOURCE_REMOVE;
}

static void
queue_progress (SlDiscovery *self)
{
  if (self->notify_id == 0)
    self->notify_id = g_timeout_add (NOTIFY_INTERVAL_MS, notify_progress_cb, self);
}

static void start_jobs (SlDiscovery *self);

static void
finish_run (SlDiscovery *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->run_task);

  g_clear_handle_id (&self->notify_id, g_source_remove);
  g_clear_pointer (&self->range, sl_address_range_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, sl_credentials_free_password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_debug ("Search done: %u probed, %u devices, %u addresses without one", self->n_probed,
           g_list_model_get_n_items (G_LIST_MODEL (self->devices)), self->n_no_device);

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
job_done (Job *job)
{
  SlDiscovery *self = g_object_ref (job->self);

  job_free (job);
  self->in_flight--;
  self->n_probed++;
  queue_progress (self);
  start_jobs (self);
  if (self->in_flight == 0 && self->run_task != NULL)
    finish_run (self);
  g_object_unref (self);
}

static void
add_row (Job *job, SlDiscoveryStatus status, const SlVapixDevice *info, const char *message)
{
  g_autoptr (SlDiscoveredDevice) device = sl_discovered_device_new (job->host, job->port);

  if (info != NULL)
    {
      sl_discovered_device_set_account (device, job->self->username, job->self->password);
      set_found (job->self, device, info);
    }
  else
    {
      sl_discovered_device_set_result (device, status, NULL, message);
    }
  g_list_store_append (job->self->devices, device);
}

static void
setup_queried_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  gboolean needs_setup = FALSE;

  if (sl_vapix_query_setup_finish (result, &needs_setup, NULL) && needs_setup)
    add_row (job, SL_DISCOVERY_STATUS_SET_PASSWORD, NULL,
             _ ("This camera has no administrator yet: set its password to add it."));
  else if (!g_cancellable_is_cancelled (job->cancellable))
    add_row (job, SL_DISCOVERY_STATUS_ENTER_PASSWORD, NULL, job->refused->message);
  job_done (job);
}

static void
probed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlVapixDevice) info = sl_vapix_probe_finish (result, &error);

  if (info != NULL)
    {
      add_row (job, SL_DISCOVERY_STATUS_COMMUNICATING, info, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The search was cancelled: no row. */
    }
  else if (g_error_matches (error, SL_ERROR, SL_ERROR_CREDENTIALS))
    {
      /* A factory-default device refuses everything too: ask it. */
      job->refused = g_steal_pointer (&error);
      sl_vapix_query_setup_async (job->address, job->cancellable, setup_queried_cb, job);
      return;
    }
  else
    {
      add_row (job, status_for_error (error), NULL, error->message);
    }
  job_done (job);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) connection =
      g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Nothing at %s: %s", job->address, error->message);
          job->self->n_no_device++;
        }
      job_done (job);
      return;
    }
  /* Something listens: ask it in HTTP. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  sl_vapix_probe_async (job->address, job->self->username, job->self->password, job->cancellable,
                        probed_cb, job);
}

static void
start_jobs (SlDiscovery *self)
{
  GCancellable *cancellable;
  const char *host;
  guint16 port;

  if (self->run_task == NULL)
    return;
  cancellable = g_task_get_cancellable (self->run_task);
  while (self->in_flight < SL_DISCOVERY_MAX_IN_FLIGHT && !self->exhausted &&
         !g_cancellable_is_cancelled (cancellable))
    {
      Job *job;

      if (!sl_address_range_iter_next (&self->iter, &host, &port))
        {
          self->exhausted = TRUE;
          break;
        }
      job = g_new0 (Job, 1);
      job->self = g_object_ref (self);
      job->host = g_strdup (host);
      job->port = port;
      job->address = g_strdup_printf ("%s:%u", host, port);
      job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
      self->in_flight++;
      g_socket_client_connect_to_host_async (self->client, host, port, job->cancellable,
                                             connected_cb, job);
    }
}

/* ---- enter password, set password -------------------------------------- */

static void
retry_probed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SlDiscovery *self = g_task_get_source_object (task);
  Retry *retry = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlVapixDevice) info = sl_vapix_probe_finish (result, &error);

  if (info == NULL)
    {
      sl_discovered_device_set_result (retry->device, status_for_error (error), NULL,
                                       error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sl_discovered_device_set_account (retry->device, retry->username, retry->password);
  set_found (self, retry->device, info);
  g_task_return_boolean (task, TRUE);
}

static void
probe_with_account (GTask *task)
{
  Retry *retry = g_task_get_task_data (task);

  sl_vapix_probe_async (sl_discovered_device_get_address (retry->device), retry->username,
                        retry->password, g_task_get_cancellable (task), retry_probed_cb, task);
}

static GTask *
new_retry_task (SlDiscovery *self,
                SlDiscoveredDevice *device,
                const char *username,
                const char *password,
                GCancellable *cancellable,
                GAsyncReadyCallback callback,
                gpointer user_data,
                gpointer source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Retry *retry = g_new0 (Retry, 1);

  g_task_set_source_tag (task, source_tag);
  retry->device = g_object_ref (device);
  retry->username = g_strdup (username);
  retry->password = g_strdup (password);
  g_task_set_task_data (task, retry, (GDestroyNotify)retry_free);
  sl_discovered_device_set_result (device, SL_DISCOVERY_STATUS_PROBING, NULL, NULL);
  return task;
}

static void
admin_created_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Retry *retry = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!sl_vapix_create_admin_finish (result, &error))
    {
      sl_discovered_device_set_result (retry->device,
                                       g_error_matches (error, SL_ERROR, SL_ERROR_CREDENTIALS)
                                           ? SL_DISCOVERY_STATUS_ENTER_PASSWORD
                                           : SL_DISCOVERY_STATUS_SET_PASSWORD,
                                       NULL, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  probe_with_account (g_steal_pointer (&task));
}

/* ---- GObject ----------------------------------------------------------- */

static void
sl_discovery_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlDiscovery *self = SL_DISCOVERY (object);

  switch (prop_id)
    {
      case PROP_RUNNING:
        g_value_set_boolean (value, self->run_task != NULL);
        break;
      case PROP_N_PROBED:
        g_value_set_uint (value, self->n_probed);
        break;
      case PROP_N_TOTAL:
        g_value_set_uint (value, self->n_total);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_discovery_dispose (GObject *object)
{
  SlDiscovery *self = SL_DISCOVERY (object);

  /* Jobs hold a reference: a search under way keeps the object alive. */
  g_clear_handle_id (&self->notify_id, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sl_discovery_parent_class)->dispose (object);
}

static void
sl_discovery_finalize (GObject *object)
{
  SlDiscovery *self = SL_DISCOVERY (object);

  g_clear_object (&self->devices);
  g_clear_pointer (&self->known_address, g_hash_table_unref);
  g_clear_pointer (&self->known_serial, g_hash_table_unref);
  g_clear_pointer (&self->range, sl_address_range_free);
  g_free (self->username);
  sl_credentials_free_password (self->password);

  G_OBJECT_CLASS (sl_discovery_parent_class)->finalize (object);
}

static void
sl_discovery_class_init (SlDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_discovery_get_property;
  object_class->dispose = sl_discovery_dispose;
  object_class->finalize = sl_discovery_finalize;

  properties[PROP_RUNNING] =
      g_param_spec_boolean ("running", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_PROBED] =
      g_param_spec_uint ("n-probed", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_TOTAL] =
      g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_discovery_init (SlDiscovery *self)
{
  self->devices = g_list_store_new (SL_TYPE_DISCOVERED_DEVICE);
  self->known_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known_serial = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->client = g_socket_client_new ();
  g_socket_client_set_timeout (self->client, SL_DISCOVERY_CONNECT_TIMEOUT_S);
  /* The devices are on the local network: a proxy would only answer for them. */
  g_socket_client_set_enable_proxy (self->client, FALSE);
}

/* ---- public API -------------------------------------------------------- */

SlDiscovery *
sl_discovery_new (void)
{
  return g_object_new (SL_TYPE_DISCOVERY, NULL);
}

void
sl_discovery_set_known_cameras (SlDiscovery *self, GPtrArray *cameras)
{
  g_return_if_fail (SL_IS_DISCOVERY (self));

  g_hash_table_remove_all (self->known_address);
  g_hash_table_remove_all (self->known_serial);
  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      const SlCameraRecord *camera = cameras->pdata[i];
      char *key = camera_address_key (camera);

      if (key != NULL)
        g_hash_table_add (self->known_address, key);
      if (camera->serial != NULL)
        g_hash_table_add (self->known_serial, g_strdup (camera->serial));
    }
}

void
sl_discovery_run_async (SlDiscovery *self,
                        SlAddressRange *range,
                        const char *username,
                        const char *password,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_return_if_fail (SL_IS_DISCOVERY (self));
  g_return_if_fail (range != NULL);

  if (self->run_task != NULL)
    {
      sl_address_range_free (range);
      g_task_report_new_error (self, callback, user_data, sl_discovery_run_async, G_IO_ERROR,
                               G_IO_ERROR_PENDING, _ ("A search is already running."));
      return;
    }

  self->run_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->run_task, sl_discovery_run_async);
  self->range = range;
  sl_address_range_iter_init (&self->iter, self->range);
  self->exhausted = FALSE;
  self->username = username && username[0] ? g_strdup (username) : NULL;
  self->password = self->username ? g_strdup (password) : NULL;
  self->n_probed = 0;
  self->n_no_device = 0;
  self->n_total = sl_address_range_get_n_probes (range);
  g_list_store_remove_all (self->devices);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  start_jobs (self);
  if (self->in_flight == 0 && self->run_task != NULL)
    finish_run (self);
}

gboolean
sl_discovery_run_finish (SlDiscovery *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sl_discovery_get_running (SlDiscovery *self)
{
  return self->run_task != NULL;
}

guint
sl_discovery_get_n_probed (SlDiscovery *self)
{
  return self->n_probed;
}

guint
sl_discovery_get_n_total (SlDiscovery *self)
{
  return self->n_total;
}

guint
sl_discovery_get_n_no_device (SlDiscovery *self)
{
  return self->n_no_device;
}

GListModel *
sl_discovery_get_devices (SlDiscovery *self)
{
  return G_LIST_MODEL (self->devices);
}

void
sl_discovery_authenticate_async (SlDiscovery *self,
                                 SlDiscoveredDevice *device,
                                 const char *username,
                                 const char *password,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (SL_IS_DISCOVERY (self));
  g_return_if_fail (SL_IS_DISCOVERED_DEVICE (device));

  probe_with_account (new_retry_task (self, device, username, password, cancellable, callback,
                                      user_data, sl_discovery_authenticate_async));
}

gboolean
sl_discovery_authenticate_finish (SlDiscovery *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sl_discovery_set_password_async (SlDiscovery *self,
                                 SlDiscoveredDevice *device,
                                 const char *username,
                                 const char *password,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_DISCOVERY (self));
  g_return_if_fail (SL_IS_DISCOVERED_DEVICE (device));

  task = new_retry_task (self, device, username, password, cancellable, callback, user_data,
                         sl_discovery_set_password_async);
  sl_vapix_create_admin_async (sl_discovered_device_get_address (device), username, password,
                               cancellable, admin_created_cb, task);
}

gboolean
sl_discovery_set_password_finish (SlDiscovery *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
