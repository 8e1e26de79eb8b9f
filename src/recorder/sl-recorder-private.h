// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-camera.h"
#include "sl-credentials.h"
#include "sl-data-lock.h"
#include "sl-recorder.h"

G_BEGIN_DECLS

/* Shared by sl-recorder.c (start, stop, recovery, retention, event channels)
 * and sl-recorder-changes.c (cameras added, removed, enabled, disabled or
 * renamed while the recorder runs). */
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
  guint changes_running; /* live camera changes under way (sl-recorder-changes.c) */
};

enum
{
  SL_RECORDER_CAMERA_ADDED,
  SL_RECORDER_CAMERA_REMOVED,
  SL_RECORDER_CAMERA_RENAMED,
  SL_RECORDER_N_SIGNALS,
};

extern guint sl_recorder_signals[SL_RECORDER_N_SIGNALS];

/* What a new SlCamera needs: its row, password, storage path and the end of
 * its last segment. */
typedef struct
{
  SlCameraRecord *record;
  char *password;
  char *storage_path;
  SlGapReason reason_since_last;
  gint64 last_end_us;
} CameraPlan;

void sl_recorder_camera_plan_free (gpointer data);
char *sl_recorder_storage_path_for (GPtrArray *roots, gint64 storage_id);
void sl_recorder_start_event_channel (SlRecorder *self, SlCamera *camera, CameraPlan *plan);
void sl_recorder_stop_event_channel_of (SlRecorder *self, SlCamera *camera);
/* Completes sl_recorder_stop_async() once cameras and changes are done. */
void sl_recorder_maybe_complete_stop (SlRecorder *self);
/* sl-recorder-changes.c: the row each running camera was started from. */
void sl_recorder_remember_record (SlRecorder *self, const SlCameraRecord *record);

G_END_DECLS
