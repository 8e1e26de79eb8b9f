// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-device-admin.h"
#include "sl-error.h"
#include "sl-recorder-private.h"

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
  g_clear_pointer (&change->plan, sl_recorder_camera_plan_free);
  g_free (change);
}

void
sl_recorder_remember_record (SlRecorder *self, const SlCameraRecord *record)
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
  sl_recorder_maybe_complete_stop (self);
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
  plan->storage_path = sl_recorder_storage_path_for (roots, record->storage_id);
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

  sl_recorder_remember_record (self, plan->record);
  if (index < self->cameras->len)
    g_ptr_array_insert (self->cameras, (int)index, camera);
  else
    g_ptr_array_add (self->cameras, camera);
  sl_camera_start (camera);
  sl_recorder_start_event_channel (self, camera, plan);
  g_signal_emit (self, sl_recorder_signals[SL_RECORDER_CAMERA_ADDED], 0, camera);
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
  sl_recorder_stop_event_channel_of (self, change->old_camera);
  g_signal_emit (self, sl_recorder_signals[SL_RECORDER_CAMERA_REMOVED], 0, change->old_camera);
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
  g_signal_emit (self, sl_recorder_signals[SL_RECORDER_CAMERA_REMOVED], 0, change->old_camera);
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
  sl_recorder_stop_event_channel_of (self, change->old_camera);
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
  sl_recorder_remember_record (self, change->record);
  index = find_camera_index (self, change->camera_id, NULL);
  if (index != G_MAXUINT)
    {
      sl_camera_set_name (self->cameras->pdata[index], change->record->name);
      g_signal_emit (self, sl_recorder_signals[SL_RECORDER_CAMERA_RENAMED], 0,
                     self->cameras->pdata[index], change->record->name);
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
