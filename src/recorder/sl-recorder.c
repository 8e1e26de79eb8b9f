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
#include "sl-device-admin.h"
#include "sl-error.h"
#include "sl-recorder.h"
#include "sl-segment-file.h"

#define RETENTION_INTERVAL_S 60
#define DEFAULT_MIN_FREE     5.0

struct _SlRecorder
{
  GObject parent_instance;

  char *data_dir;
  char *owner;
  SlDataLock *lock;
  SlCatalog *catalog;
  SlCredentials *credentials;
  GPtrArray *cameras;        /* SlCamera */
  GPtrArray *event_channels; /* SlCameraEvents, of the enabled vapix cameras */
  GHashTable *records;       /* camera id -> SlCameraRecord, as the recorder runs it */
  guint retention_id;
  gboolean retention_running;
  GMutex retention_lock; /* one retention pass at a time */

  GTask *stop_task;
  guint cameras_stopping;
  guint changes_running; /* live camera changes under way (sl-recorder.c, "live changes") */
};

enum
{
  CAMERA_ADDED,
  CAMERA_REMOVED,
  CAMERA_RENAMED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

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

static void maybe_complete_stop (SlRecorder *self);

static void
retention_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SL_RECORDER (source)->retention_running = FALSE;
  maybe_complete_stop (SL_RECORDER (source));
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

static char *
storage_path_for (GPtrArray *roots, gint64 storage_id)
{
  for (guint i = 0; i < roots->len; i++)
    {
      SlStorageRoot *root = roots->pdata[i];

      if (root->id == storage_id)
        return g_strdup (root->path);
    }
  return g_strdup (((SlStorageRoot *)roots->pdata[0])->path);
}

typedef struct
{
  SlCameraRecord *record;
  char *password;
  char *storage_path;
  SlGapReason reason_since_last;
  gint64 last_end_us;
} CameraPlan;

static void
camera_plan_free (gpointer data)
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
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func (camera_plan_free);

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
      plan->storage_path = storage_path_for (roots, record->storage_id);
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
static void
start_event_channel (SlRecorder *self, SlCamera *camera, CameraPlan *plan)
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
static void
stop_event_channel_of (SlRecorder *self, SlCamera *camera)
{
  for (guint i = 0; i < self->event_channels->len; i++)
    if (sl_camera_events_get_camera (self->event_channels->pdata[i]) == camera)
      {
        sl_camera_events_stop (self->event_channels->pdata[i]);
        g_ptr_array_remove_index (self->event_channels, i);
        return;
      }
}
static void remember_record (SlRecorder *self, const SlCameraRecord *record);

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
      remember_record (self, plan->record);
      sl_camera_start (camera);
      start_event_channel (self, camera, plan);
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
static void
maybe_complete_stop (SlRecorder *self)
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
  maybe_complete_stop (self);
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
  maybe_complete_stop (self);
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

/* ---- live changes -------------------------------------------------------- */

/* Cameras added, removed, enabled, disabled or renamed while the recorder
 * runs. The catalog, the secret store and file deletions run in a thread
 * (their blocking calls); the SlCamera objects change on the main thread. An
 * enabled or disabled camera gets a new SlCamera (the old one is stopped
 * first): ::camera-removed, then ::camera-added. */

typedef enum
{
  CHANGE_ADD,
  CHANGE_REMOVE,
  CHANGE_ENABLE,
  CHANGE_RENAME,
} ChangeKind;

typedef struct
{
  ChangeKind kind;
  gint64 camera_id;
  SlCameraRecord *record; /* add: the new row; enable, rename: the row as changed */
  char *password;
  gboolean enabled;
  char *name;
  gboolean delete_recordings;
  SlCamera *old_camera;
  CameraPlan *plan; /* add, enable: the camera to start */
  guint n_files_deleted;
  gint64 n_bytes_deleted;
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_clear_pointer (&change->record, sl_camera_record_free);
  sl_credentials_free_password (change->password);
  g_free (change->name);
  g_clear_object (&change->old_camera);
  g_clear_pointer (&change->plan, camera_plan_free);
  g_free (change);
}

static void
remember_record (SlRecorder *self, const SlCameraRecord *record)
{
  gint64 *key = g_memdup2 (&record->id, sizeof record->id);

  g_hash_table_replace (self->records, key, sl_camera_record_copy (record));
}

static guint
find_camera_index (SlRecorder *self, gint64 camera_id, GError **error)
{
  for (guint i = 0; i < self->cameras->len; i++)
    if (sl_camera_get_id (self->cameras->pdata[i]) == camera_id)
      return i;
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("The camera is no longer there; another window may have removed it."));
  return G_MAXUINT;
}

static GTask *
new_change_task (SlRecorder *self,
                 Change *change,
                 GCancellable *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer user_data,
                 gpointer source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, change, change_free);
  /* A change under way holds off the end of sl_recorder_stop_async(). */
  self->changes_running++;
  return task;
}

static void
end_change (SlRecorder *self)
{
  self->changes_running--;
  maybe_complete_stop (self);
}

/* What a new SlCamera needs: storage path, password, the end of its last
 * segment. Blocking; worker thread. */
static CameraPlan *
plan_camera (SlRecorder *self,
             const SlCameraRecord *record,
             const char *password,
             SlGapReason reason,
             GError **error)
{
  g_autoptr (GPtrArray) roots = sl_catalog_list_storage_roots (self->catalog, error);
  CameraPlan *plan;

  if (roots == NULL)
    return NULL;
  if (roots->len == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_DATA_DIR,
                           _ ("The recorder has no storage to record on."));
      return NULL;
    }
  plan = g_new0 (CameraPlan, 1);
  plan->record = sl_camera_record_copy (record);
  plan->storage_path = storage_path_for (roots, record->storage_id);
  plan->last_end_us = sl_catalog_get_last_segment_end (self->catalog, record->id, NULL);
  plan->reason_since_last = reason;
  if (password != NULL)
    plan->password = g_strdup (password);
  else if (record->username != NULL)
    plan->password = sl_credentials_lookup (self->credentials, record->id, record->username, NULL);
  return plan;
}

static void
change_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SlRecorder *self = source;
  Change *change = task_data;
  GError *error = NULL;
  gint64 id;

  switch (change->kind)
    {
      case CHANGE_ADD:
        if (g_strcmp0 (change->record->driver, SL_DRIVER_FILE) == 0 &&
            !sl_device_admin_check_media_file (change->record->main_url, &error))
          break;
        id = sl_device_admin_add_camera (self->catalog, self->credentials, change->record,
                                         change->password, &error);
        if (id <= 0)
          break;
        change->record->id = id;
        change->plan =
            plan_camera (self, change->record, change->password, SL_GAP_RECORDER_STOPPED, &error);
        break;

      case CHANGE_REMOVE:
        if (change->delete_recordings &&
            !sl_device_admin_delete_recordings (self->catalog, change->camera_id,
                                                &change->n_files_deleted, &change->n_bytes_deleted,
                                                &error))
          break;
        if (!sl_catalog_remove_camera (self->catalog, change->camera_id, &error))
          break;
        if (change->record != NULL && change->record->username != NULL)
          {
            g_autoptr (GError) forget_error = NULL;

            if (!sl_credentials_forget (self->credentials, change->camera_id, &forget_error))
              g_warning ("Cannot forget the password of camera %" G_GINT64_FORMAT ": %s",
                         change->camera_id, forget_error->message);
          }
        break;

      case CHANGE_ENABLE:
        change->record->enabled = change->enabled;
        if (!sl_catalog_update_camera (self->catalog, change->record, &error))
          break;
        change->plan = plan_camera (self, change->record, NULL, SL_GAP_CAMERA_DISABLED, &error);
        break;

      case CHANGE_RENAME:
        if (!sl_device_admin_check_name (change->name, &error) ||
            !sl_device_admin_check_name_unused (self->catalog, change->name, change->camera_id,
                                                &error))
          break;
        g_free (change->record->name);
        change->record->name = g_strstrip (g_strdup (change->name));
        sl_catalog_update_camera (self->catalog, change->record, &error);
        break;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A new SlCamera from @plan, at @index (or at the end), started. */
static SlCamera *
launch_camera (SlRecorder *self, CameraPlan *plan, guint index)
{
  SlCamera *camera = sl_camera_new (self->catalog, plan->record, plan->password, plan->storage_path,
                                    plan->reason_since_last, plan->last_end_us);

  remember_record (self, plan->record);
  if (index < self->cameras->len)
    g_ptr_array_insert (self->cameras, (int)index, camera);
  else
    g_ptr_array_add (self->cameras, camera);
  sl_camera_start (camera);
  start_event_channel (self, camera, plan);
  g_signal_emit (self, signals[CAMERA_ADDED], 0, camera);
  return camera;
}

/* Runs the blocking part of @task's change in a thread, then @done. */
static void
run_change (GTask *task, GAsyncReadyCallback done)
{
  SlRecorder *self = g_task_get_source_object (task);
  /* A change that started completes; cancelling only tells the caller that
   * it no longer waits for the answer. */
  g_autoptr (GTask) thread_task = g_task_new (self, NULL, done, g_object_ref (task));

  g_task_set_task_data (thread_task, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (thread_task, change_thread);
}

/* Runs a change of the catalog row of @task's camera (on a copy of the row
 * the recorder knows), then @done; fails at once when the camera is gone. */
static void
run_record_change (GTask *task, GAsyncReadyCallback done)
{
  SlRecorder *self = g_task_get_source_object (task);
  Change *change = g_task_get_task_data (task);
  const SlCameraRecord *record = g_hash_table_lookup (self->records, &change->camera_id);

  if (record == NULL)
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_NOT_FOUND,
                               _ ("The camera is no longer there; another window may have "
                                  "removed it."));
      end_change (self);
      return;
    }
  change->record = sl_camera_record_copy (record);
  run_change (task, done);
}

/* -- add -- */

static void
added_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlRecorder *self = SL_RECORDER (source);
  g_autoptr (GTask) task = user_data;
  Change *change = g_task_get_task_data (task);
  GError *error = NULL;
  SlCamera *camera;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      end_change (self);
      return;
    }
  if (self->stop_task != NULL)
    {
      /* The recorder began to stop meanwhile: the camera records from the next start. */
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_FAILED,
                               _ ("The camera was added, but the recorder is stopping; it "
                                  "records from the next start."));
      end_change (self);
      return;
    }
  camera = launch_camera (self, change->plan, G_MAXUINT);
  g_task_return_pointer (task, g_object_ref (camera), g_object_unref);
  end_change (self);
}

/**
 * sl_recorder_add_camera_async:
 * @record: the camera to add (its id is ignored); a user name goes with @password
 * @password: (nullable): stored in the secret store, never in the catalog
 *
 * Adds a camera to the catalog (checking that its name is valid and unused)
 * and starts recording it at once; ::camera-added follows.
 */
void
sl_recorder_add_camera_async (SlRecorder *self,
                              const SlCameraRecord *record,
                              const char *password,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  Change *change = g_new0 (Change, 1);
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SL_IS_RECORDER (self));
  g_return_if_fail (record != NULL);

  change->kind = CHANGE_ADD;
  change->record = sl_camera_record_copy (record);
  change->record->id = 0;
  change->password = g_strdup (password);
  task = new_change_task (self, change, cancellable, callback, user_data,
                          sl_recorder_add_camera_async);
  if (self->catalog == NULL || self->stop_task != NULL)
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_FAILED,
                               _ ("The recorder is not running; start it before adding cameras."));
      end_change (self);
      return;
    }
  run_change (task, added_cb);
}

/* Returns: (transfer full): the camera, now recording */
SlCamera *
sl_recorder_add_camera_finish (SlRecorder *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- remove -- */

static void
removed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlRecorder *self = SL_RECORDER (source);
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  end_change (self);
}

static void
removed_camera_stopped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;

  /* The last segment is closed and indexed: the rest may go. */
  sl_camera_stop_finish (SL_CAMERA (source), result, NULL);
  run_change (task, removed_cb);
  g_object_unref (task);
}

/**
 * sl_recorder_remove_camera_async:
 * @delete_recordings: also delete its recordings now; otherwise they stay
 *   until retention deletes them
 *
 * Stops a camera and removes it from the catalog, forgetting its password;
 * ::camera-removed is emitted at once.
 */
void
sl_recorder_remove_camera_async (SlRecorder *self,
                                 gint64 camera_id,
                                 gboolean delete_recordings,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  Change *change = g_new0 (Change, 1);
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  const SlCameraRecord *record;
  guint index;

  g_return_if_fail (SL_IS_RECORDER (self));

  change->kind = CHANGE_REMOVE;
  change->camera_id = camera_id;
  change->delete_recordings = delete_recordings;
  task = new_change_task (self, change, cancellable, callback, user_data,
                          sl_recorder_remove_camera_async);
  index = find_camera_index (self, camera_id, &error);
  if (index == G_MAXUINT)
    {
      g_task_return_error (task, error);
      end_change (self);
      return;
    }
  record = g_hash_table_lookup (self->records, &camera_id);
  change->record = record ? sl_camera_record_copy (record) : NULL;
  change->old_camera = g_ptr_array_steal_index (self->cameras, index);
  g_hash_table_remove (self->records, &camera_id);
  stop_event_channel_of (self, change->old_camera);
  g_signal_emit (self, signals[CAMERA_REMOVED], 0, change->old_camera);
  sl_camera_stop_async (change->old_camera, SL_GAP_CAMERA_DISABLED, NULL, removed_camera_stopped_cb,
                        g_steal_pointer (&task));
}

/* @n_files_deleted: (out) (optional): recording files deleted */
gboolean
sl_recorder_remove_camera_finish (SlRecorder *self,
                                  GAsyncResult *result,
                                  guint *n_files_deleted,
                                  GError **error)
{
  Change *change;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  change = g_task_get_task_data (G_TASK (result));
  if (n_files_deleted != NULL)
    *n_files_deleted = change->n_files_deleted;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- enable, disable -- */

static void
replaced_camera_stopped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SlRecorder *self = g_task_get_source_object (task);
  Change *change = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  guint index;

  sl_camera_stop_finish (SL_CAMERA (source), result, NULL);
  index = find_camera_index (self, change->camera_id, &error);
  if (index == G_MAXUINT)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      end_change (self);
      return;
    }
  if (self->stop_task != NULL)
    {
      /* Stopping anyway: the catalog has the change for the next start. */
      g_task_return_boolean (task, TRUE);
      end_change (self);
      return;
    }
  g_ptr_array_remove_index (self->cameras, index);
  g_signal_emit (self, signals[CAMERA_REMOVED], 0, change->old_camera);
  launch_camera (self, change->plan, index);
  g_task_return_boolean (task, TRUE);
  end_change (self);
}

static void
enabled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlRecorder *self = SL_RECORDER (source);
  g_autoptr (GTask) task = user_data;
  Change *change = g_task_get_task_data (task);
  GError *error = NULL;
  guint index;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      (index = find_camera_index (self, change->camera_id, &error)) == G_MAXUINT)
    {
      g_task_return_error (task, error);
      end_change (self);
      return;
    }
  /* Stopping records the gap that follows as "camera disabled". */
  change->old_camera = g_object_ref (self->cameras->pdata[index]);
  stop_event_channel_of (self, change->old_camera);
  sl_camera_stop_async (change->old_camera, SL_GAP_CAMERA_DISABLED, NULL,
                        replaced_camera_stopped_cb, g_steal_pointer (&task));
}

/**
 * sl_recorder_set_camera_enabled_async:
 *
 * Enables (records from now on) or disables (stops recording and viewing) a
 * camera and saves it in the catalog. The time in between becomes a gap
 * "camera disabled". The camera gets a new SlCamera: ::camera-removed for the
 * old one, then ::camera-added.
 */
void
sl_recorder_set_camera_enabled_async (SlRecorder *self,
                                      gint64 camera_id,
                                      gboolean enabled,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  Change *change = g_new0 (Change, 1);
  g_autoptr (GTask) task = NULL;

  change->kind = CHANGE_ENABLE;
  change->camera_id = camera_id;
  change->enabled = enabled;
  task = new_change_task (self, change, cancellable, callback, user_data,
                          sl_recorder_set_camera_enabled_async);
  run_record_change (task, enabled_cb);
}

gboolean
sl_recorder_set_camera_enabled_finish (SlRecorder *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- rename -- */

static void
renamed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlRecorder *self = SL_RECORDER (source);
  g_autoptr (GTask) task = user_data;
  Change *change = g_task_get_task_data (task);
  GError *error = NULL;
  guint index;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      end_change (self);
      return;
    }
  remember_record (self, change->record);
  index = find_camera_index (self, change->camera_id, NULL);
  if (index != G_MAXUINT)
    {
      sl_camera_set_name (self->cameras->pdata[index], change->record->name);
      g_signal_emit (self, signals[CAMERA_RENAMED], 0, self->cameras->pdata[index],
                     change->record->name);
    }
  g_task_return_boolean (task, TRUE);
  end_change (self);
}

/**
 * sl_recorder_rename_camera_async:
 *
 * Renames a camera in the catalog (checking that the name is valid and
 * unused) without interrupting its recording; ::camera-renamed follows.
 */
void
sl_recorder_rename_camera_async (SlRecorder *self,
                                 gint64 camera_id,
                                 const char *name,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  Change *change = g_new0 (Change, 1);
  g_autoptr (GTask) task = NULL;

  change->kind = CHANGE_RENAME;
  change->camera_id = camera_id;
  change->name = g_strdup (name ? name : "");
  task = new_change_task (self, change, cancellable, callback, user_data,
                          sl_recorder_rename_camera_async);
  run_record_change (task, renamed_cb);
}

gboolean
sl_recorder_rename_camera_finish (SlRecorder *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sl_recorder_get_camera_record:
 *
 * Returns: (transfer none) (nullable): the catalog row of a camera the
 *   recorder runs, as last changed through the recorder (name, enabled)
 */
const SlCameraRecord *
sl_recorder_get_camera_record (SlRecorder *self, gint64 camera_id)
{
  g_return_val_if_fail (SL_IS_RECORDER (self), NULL);

  return g_hash_table_lookup (self->records, &camera_id);
}

/* Returns: (transfer none) (nullable): the camera with @camera_id */
SlCamera *
sl_recorder_find_camera (SlRecorder *self, gint64 camera_id)
{
  guint index = find_camera_index (self, camera_id, NULL);

  return index != G_MAXUINT ? self->cameras->pdata[index] : NULL;
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
  signals[CAMERA_ADDED] =
      g_signal_new ("camera-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, SL_TYPE_CAMERA);
  /**
   * SlRecorder::camera-removed:
   * @camera: the SlCamera that no longer records
   */
  signals[CAMERA_REMOVED] =
      g_signal_new ("camera-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, SL_TYPE_CAMERA);
  /**
   * SlRecorder::camera-renamed:
   * @camera: the SlCamera
   * @name: its new name
   */
  signals[CAMERA_RENAMED] =
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
