// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#include "sl-camera-events.h"
#include "sl-credentials.h"
#include "sl-data-lock.h"
#include "sl-error.h"
#include "sl-recorder-private.h"
#include "sl-segment-file.h"

#define RETENTION_INTERVAL_S 60
#define DEFAULT_MIN_FREE     5.0

guint sl_recorder_signals[SL_RECORDER_N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlRecorder, sl_recorder, G_TYPE_OBJECT)

char *
sl_recorder_default_storage_path (const char *data_dir)
{
  return g_build_filename (data_dir, "recordings", NULL);
}

/* ---- recovery ---------------------------------------------------------- */

static void
remove_garbage (SlRecorder *self)
{
  g_autoptr (GPtrArray) garbage = sl_catalog_list_garbage (self->catalog, NULL);

  for (guint i = 0; garbage && i < garbage->len; i++)
    {
      const char *path = garbage->pdata[i];

      if (g_unlink (path) < 0 && errno != ENOENT)
        {
          g_warning ("Cannot delete %s: %s", path, g_strerror (errno));
          continue;
        }
      sl_catalog_forget_garbage (self->catalog, path, NULL);
    }
}

/* Indexes what the segments being written when the recorder last died hold.
 * Returns the ids of the cameras that had one (their next gap is "recorder
 * stopped unexpectedly"). */
static GHashTable *
recover_open_segments (SlRecorder *self)
{
  GHashTable *crashed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GPtrArray) open = sl_catalog_list_open_segments (self->catalog, NULL);

  for (guint i = 0; open && i < open->len; i++)
    {
      SlOpenSegment *row = open->pdata[i];
      g_autoptr (GError) error = NULL;
      gint64 end_us;

      g_hash_table_add (crashed, g_memdup2 (&row->camera_id, sizeof row->camera_id));
      if (sl_segment_file_recover (self->catalog, row, &end_us, &error))
        g_message (_ ("Recovered %.1f s of video from %s, which was being written when the "
                      "recorder stopped unexpectedly"),
                   (end_us - row->start_us) / 1e6, row->path);
      else
        g_message (_ ("Nothing could be recovered from %s: %s"), row->path, error->message);
    }
  return crashed;
}

/* ---- retention --------------------------------------------------------- */

static gboolean
delete_segment (SlRecorder *self, const SlSegment *segment, GError **error)
{
  /* Row first (into the garbage table), then the file, then the garbage row:
   * a crash in between leaves garbage that the next start removes. */
  if (!sl_catalog_retire_segment (self->catalog, segment->id, error))
    return FALSE;
  if (g_unlink (segment->path) < 0 && errno != ENOENT)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Cannot delete %s: %s"), segment->path,
                   g_strerror (errno));
      return FALSE;
    }
  return sl_catalog_forget_garbage (self->catalog, segment->path, error);
}

static gboolean
storage_over_limit (SlRecorder *self, const SlStorageRoot *root, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (root->path);
  g_autoptr (GFileInfo) info = NULL;
  gint64 used;

  if (root->max_bytes > 0)
    {
      used = sl_catalog_get_storage_bytes (self->catalog, root->id, error);
      if (used > root->max_bytes)
        return TRUE;
    }
  info = g_file_query_filesystem_info (
      file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE "," G_FILE_ATTRIBUTE_FILESYSTEM_SIZE, NULL, NULL);
  if (info != NULL)
    {
      guint64 size = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
      guint64 free_bytes =
          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
      if (size > 0 && free_bytes * 100.0 / size < root->min_free_percent)
        return TRUE;
    }
  return FALSE;
}

guint
sl_recorder_apply_retention (SlRecorder *self, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->retention_lock);
  g_autoptr (GPtrArray) roots = sl_catalog_list_storage_roots (self->catalog, error);
  g_autoptr (GPtrArray) cameras = NULL;
  gint64 now = g_get_real_time ();
  guint deleted = 0;

  if (roots == NULL)
    return 0;
  cameras = sl_catalog_list_cameras (self->catalog, error);
  if (cameras == NULL)
    return 0;

  for (guint r = 0; r < roots->len; r++)
    {
      SlStorageRoot *root = roots->pdata[r];

      /* Per camera: nothing older than its retention. */
      for (guint c = 0; c < cameras->len; c++)
        {
          SlCameraRecord *camera = cameras->pdata[c];
          gint64 before = now - (gint64)camera->retention_days * 86400 * G_USEC_PER_SEC;

          if (camera->retention_days <= 0)
            continue;
          for (;;)
            {
              g_autoptr (GPtrArray) old = sl_catalog_list_deletable_segments (
                  self->catalog, root->id, camera->id, before, 100, error);

              if (old == NULL || old->len == 0)
                break;
              for (guint i = 0; i < old->len; i++)
                if (!delete_segment (self, old->pdata[i], error))
                  return deleted;
              deleted += old->len;
            }
        }

      /* Size cap and free space: oldest unlocked segments first. */
      while (storage_over_limit (self, root, NULL))
        {
          g_autoptr (GPtrArray) oldest = sl_catalog_list_deletable_segments (
              self->catalog, root->id, 0, G_MAXINT64, 10, error);

          if (oldest == NULL || oldest->len == 0)
            {
              g_autofree char *text = g_strdup_printf (
                  _ ("Storage %s is full and holds nothing that may be deleted"), root->path);

              sl_catalog_add_log (self->catalog, SL_LOG_ALARM, 0, "storage-full", text, NULL);
              break;
            }
          for (guint i = 0; i < oldest->len; i++)
            if (!delete_segment (self, oldest->pdata[i], error))
              return deleted;
          deleted += oldest->len;
        }
    }
  if (deleted > 0)
    g_debug ("Retention deleted %u segments", deleted);
  return deleted;
}

static void
retention_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;

  sl_recorder_apply_retention (source, &error);
  if (error)
    g_warning ("Retention: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
retention_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SL_RECORDER (source)->retention_running = FALSE;
  sl_recorder_maybe_complete_stop (SL_RECORDER (source));
}

static gboolean
retention_cb (gpointer user_data)
{
  SlRecorder *self = user_data;
  g_autoptr (GTask) task = NULL;

  if (self->retention_running)
    return G_SOURCE_CONTINUE;
  self->retention_running = TRUE;
  task = g_task_new (self, NULL, retention_done_cb, NULL);
  g_task_run_in_thread (task, retention_thread);
  return G_SOURCE_CONTINUE;
}

/* ---- start and stop ---------------------------------------------------- */

char *
sl_recorder_storage_path_for (GPtrArray *roots, gint64 storage_id)
{
  for (guint i = 0; i < roots->len; i++)
    {
      SlStorageRoot *root = roots->pdata[i];

      if (root->id == storage_id)
        return g_strdup (root->path);
    }
  return g_strdup (((SlStorageRoot *)roots->pdata[0])->path);
}

void
sl_recorder_camera_plan_free (gpointer data)
{
  CameraPlan *plan = data;

  sl_camera_record_free (plan->record);
  sl_credentials_free_password (plan->password);
  g_free (plan->storage_path);
  g_free (plan);
}

/* The blocking half of starting: lock, catalog, recovery, credentials. Runs
 * on any thread; returns what to record (CameraPlan). */
static GPtrArray *
prepare (SlRecorder *self, GError **error)
{
  g_autofree char *catalog_path = g_build_filename (self->data_dir, SL_CATALOG_FILE_NAME, NULL);
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) crashed = NULL;
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func (sl_recorder_camera_plan_free);

  self->lock = sl_data_lock_acquire (self->data_dir, self->owner, error);
  if (self->lock == NULL)
    return NULL;
  self->catalog = sl_catalog_open (catalog_path, error);
  if (self->catalog == NULL)
    return NULL;
  self->credentials = sl_credentials_new (self->data_dir);

  roots = sl_catalog_list_storage_roots (self->catalog, error);
  if (roots == NULL)
    return NULL;
  if (roots->len == 0)
    {
      g_autofree char *path = sl_recorder_default_storage_path (self->data_dir);

      if (g_mkdir_with_parents (path, 0750) < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_DATA_DIR,
                       _ ("Cannot create the recordings folder %s: %s"), path, g_strerror (errno));
          return NULL;
        }
      if (sl_catalog_add_storage_root (self->catalog, path, 0, DEFAULT_MIN_FREE, error) <= 0)
        return NULL;
      g_ptr_array_unref (roots);
      roots = sl_catalog_list_storage_roots (self->catalog, error);
      if (roots == NULL || roots->len == 0)
        return NULL;
    }

  remove_garbage (self);
  crashed = recover_open_segments (self);

  records = sl_catalog_list_cameras (self->catalog, error);
  if (records == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      SlCameraRecord *record = records->pdata[i];
      CameraPlan *plan = g_new0 (CameraPlan, 1);
      g_autoptr (GError) local_error = NULL;

      plan->record = sl_camera_record_copy (record);
      plan->storage_path = sl_recorder_storage_path_for (roots, record->storage_id);
      /* Read here, off the main thread, like everything else in prepare. */
      plan->last_end_us = sl_catalog_get_last_segment_end (self->catalog, record->id, NULL);
      plan->reason_since_last = g_hash_table_contains (crashed, &record->id)
                                    ? SL_GAP_RECORDER_CRASHED
                                    : SL_GAP_RECORDER_STOPPED;
      if (record->username)
        {
          plan->password =
              sl_credentials_lookup (self->credentials, record->id, record->username, &local_error);
          if (local_error)
            g_warning (_ ("No password for camera '%s': %s"), record->name, local_error->message);
        }
      g_ptr_array_add (plans, plan);
    }
  return g_steal_pointer (&plans);
}

/* Motion and input events of a vapix camera (sl-camera-events.c). */
void
sl_recorder_start_event_channel (SlRecorder *self, SlCamera *camera, CameraPlan *plan)
{
  SlCameraEvents *channel;

  if (!plan->record->enabled || g_strcmp0 (plan->record->driver, "vapix") != 0 ||
      plan->record->address == NULL)
    return;
  channel = sl_camera_events_new (self->catalog, camera, plan->record, plan->password);
  g_ptr_array_add (self->event_channels, channel);
  sl_camera_events_start (channel);
}

static void
stop_event_channels (SlRecorder *self)
{
  for (guint i = 0; self->event_channels != NULL && i < self->event_channels->len; i++)
    sl_camera_events_stop (self->event_channels->pdata[i]);
}

/* A camera removed or replaced while the recorder runs: its event channel goes. */
void
sl_recorder_stop_event_channel_of (SlRecorder *self, SlCamera *camera)
{
  for (guint i = 0; i < self->event_channels->len; i++)
    if (sl_camera_events_get_camera (self->event_channels->pdata[i]) == camera)
      {
        sl_camera_events_stop (self->event_channels->pdata[i]);
        g_ptr_array_remove_index (self->event_channels, i);
        return;
      }
}
/* The main-thread half: the cameras and the retention timer. */
static void
launch (SlRecorder *self, GPtrArray *plans)
{
  for (guint i = 0; i < plans->len; i++)
    {
      CameraPlan *plan = plans->pdata[i];
      SlCamera *camera =
          sl_camera_new (self->catalog, plan->record, plan->password, plan->storage_path,
                         plan->reason_since_last, plan->last_end_us);

      g_ptr_array_add (self->cameras, camera);
      sl_recorder_remember_record (self, plan->record);
      sl_camera_start (camera);
      sl_recorder_start_event_channel (self, camera, plan);
    }
  retention_cb (self);
  self->retention_id = g_timeout_add_seconds (RETENTION_INTERVAL_S, retention_cb, self);
}

gboolean
sl_recorder_start (SlRecorder *self, GError **error)
{
  g_autoptr (GPtrArray) plans = NULL;

  g_return_val_if_fail (self->lock == NULL, FALSE);

  plans = prepare (self, error);
  if (plans == NULL)
    return FALSE;
  launch (self, plans);
  return TRUE;
}

static void
prepare_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *plans = prepare (source, &error);

  if (plans == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plans, (GDestroyNotify)g_ptr_array_unref);
}

void
sl_recorder_start_async (SlRecorder *self,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (self->lock == NULL);
  g_task_run_in_thread (task, prepare_thread);
}

gboolean
sl_recorder_start_finish (SlRecorder *self, GAsyncResult *result, GError **error)
{
  g_autoptr (GPtrArray) plans = g_task_propagate_pointer (G_TASK (result), error);

  if (plans == NULL)
    return FALSE;
  launch (self, plans);
  return TRUE;
}

/* Stopped once every camera has closed its segment and no retention pass is
 * deleting files. */
void
sl_recorder_maybe_complete_stop (SlRecorder *self)
{
  if (self->stop_task == NULL || self->cameras_stopping > 0 || self->retention_running ||
      self->changes_running > 0)
    return;
  g_clear_pointer (&self->lock, sl_data_lock_release);
  g_task_return_boolean (self->stop_task, TRUE);
  g_clear_object (&self->stop_task);
}

static void
camera_stopped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlRecorder *self = user_data;

  sl_camera_stop_finish (SL_CAMERA (source), result, NULL);
  self->cameras_stopping--;
  sl_recorder_maybe_complete_stop (self);
  g_object_unref (self);
}

void
sl_recorder_stop_async (SlRecorder *self,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_clear_handle_id (&self->retention_id, g_source_remove);
  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "Already stopping");
      return;
    }
  self->stop_task = g_steal_pointer (&task);
  stop_event_channels (self);
  self->cameras_stopping = self->cameras->len;
  for (guint i = 0; i < self->cameras->len; i++)
    sl_camera_stop_async (self->cameras->pdata[i], SL_GAP_RECORDER_STOPPED, NULL, camera_stopped_cb,
                          g_object_ref (self));
  sl_recorder_maybe_complete_stop (self);
}

gboolean
sl_recorder_stop_finish (SlRecorder *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns: (transfer none) (nullable): the secret store of the cameras' passwords, once started */
SlCredentials *
sl_recorder_get_credentials (SlRecorder *self)
{
  return self->credentials;
}

SlCatalog *
sl_recorder_get_catalog (SlRecorder *self)
{
  return self->catalog;
}

GPtrArray *
sl_recorder_get_cameras (SlRecorder *self)
{
  return self->cameras;
}

GPtrArray *
sl_recorder_get_event_channels (SlRecorder *self)
{
  return self->event_channels;
}

/* ---- GObject ----------------------------------------------------------- */

static void
sl_recorder_dispose (GObject *object)
{
  SlRecorder *self = SL_RECORDER (object);

  g_clear_handle_id (&self->retention_id, g_source_remove);
  stop_event_channels (self);
  g_clear_pointer (&self->event_channels, g_ptr_array_unref);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_object (&self->credentials);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->lock, sl_data_lock_release);

  G_OBJECT_CLASS (sl_recorder_parent_class)->dispose (object);
}

static void
sl_recorder_finalize (GObject *object)
{
  SlRecorder *self = SL_RECORDER (object);

  g_free (self->data_dir);
  g_free (self->owner);
  g_mutex_clear (&self->retention_lock);

  G_OBJECT_CLASS (sl_recorder_parent_class)->finalize (object);
}

static void
sl_recorder_class_init (SlRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_recorder_dispose;
  object_class->finalize = sl_recorder_finalize;

  /**
   * SlRecorder::camera-added:
   * @camera: the SlCamera that now records (or waits, disabled)
   *
   * A camera joined the recorder: added, or replaced after being enabled or
   * disabled (then ::camera-removed came first for the old object).
   */
  sl_recorder_signals[SL_RECORDER_CAMERA_ADDED] =
      g_signal_new ("camera-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, SL_TYPE_CAMERA);
  /**
   * SlRecorder::camera-removed:
   * @camera: the SlCamera that no longer records
   */
  sl_recorder_signals[SL_RECORDER_CAMERA_REMOVED] =
      g_signal_new ("camera-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, SL_TYPE_CAMERA);
  /**
   * SlRecorder::camera-renamed:
   * @camera: the SlCamera
   * @name: its new name
   */
  sl_recorder_signals[SL_RECORDER_CAMERA_RENAMED] =
      g_signal_new ("camera-renamed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, SL_TYPE_CAMERA, G_TYPE_STRING);
}

static void
sl_recorder_init (SlRecorder *self)
{
  self->cameras = g_ptr_array_new_with_free_func (g_object_unref);
  self->event_channels = g_ptr_array_new_with_free_func (g_object_unref);
  self->records = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify)sl_camera_record_free);
  g_mutex_init (&self->retention_lock);
}

SlRecorder *
sl_recorder_new (const char *data_dir, const char *owner_description)
{
  SlRecorder *self = g_object_new (SL_TYPE_RECORDER, NULL);

  self->data_dir = g_strdup (data_dir);
  self->owner = g_strdup (owner_description);
  return self;
}
