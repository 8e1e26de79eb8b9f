// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "sl-camera.h"
#include "sl-catalog.h"
#include "sl-credentials.h"

G_BEGIN_DECLS

#define SL_TYPE_RECORDER (sl_recorder_get_type ())
G_DECLARE_FINAL_TYPE (SlRecorder, sl_recorder, SL, RECORDER, GObject)

/* The recorder of one data directory: takes the directory lock, opens the
 * catalog, recovers what a crash left behind (segments being written,
 * pending deletions), records every enabled camera and applies retention.
 * The GTK application and `sightline-recorder run` both run it. */
SlRecorder *sl_recorder_new (const char *data_dir, const char *owner_description);

/* Blocking start, for the command line (the app runs it in a thread). Fails
 * with SL_ERROR_LOCKED when another recorder owns the directory. */
gboolean sl_recorder_start (SlRecorder *self, GError **error);
/* The same without blocking: the lock, catalog and recovery work runs in a
 * thread; the cameras start on the caller's main context. */
void sl_recorder_start_async (SlRecorder *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean sl_recorder_start_finish (SlRecorder *self, GAsyncResult *result, GError **error);
void sl_recorder_stop_async (SlRecorder *self,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
gboolean sl_recorder_stop_finish (SlRecorder *self, GAsyncResult *result, GError **error);

SlCatalog *sl_recorder_get_catalog (SlRecorder *self);
SlCredentials *sl_recorder_get_credentials (SlRecorder *self);
GPtrArray *sl_recorder_get_cameras (SlRecorder *self); /* SlCamera, borrowed */
/* The event channels (SlCameraEvents, borrowed) of the enabled vapix cameras. */
GPtrArray *sl_recorder_get_event_channels (SlRecorder *self);
/* Runs retention now (it also runs every minute); returns segments deleted. */
guint sl_recorder_apply_retention (SlRecorder *self, GError **error);

/* Live changes, on the main thread; the catalog and secret store work runs
 * in a thread. Signals: ::camera-added (SlCamera), ::camera-removed
 * (SlCamera), ::camera-renamed (SlCamera, const char *name). Enabling or
 * disabling replaces the camera's SlCamera (removed, then added). A change
 * that started completes even if @cancellable is cancelled; the callback then
 * only gets G_IO_ERROR_CANCELLED. */
void sl_recorder_add_camera_async (SlRecorder *self,
                                   const SlCameraRecord *record,
                                   const char *password,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
SlCamera *sl_recorder_add_camera_finish (SlRecorder *self, GAsyncResult *result, GError **error);
void sl_recorder_remove_camera_async (SlRecorder *self,
                                      gint64 camera_id,
                                      gboolean delete_recordings,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean sl_recorder_remove_camera_finish (SlRecorder *self,
                                           GAsyncResult *result,
                                           guint *n_files_deleted,
                                           GError **error);
void sl_recorder_set_camera_enabled_async (SlRecorder *self,
                                           gint64 camera_id,
                                           gboolean enabled,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean
sl_recorder_set_camera_enabled_finish (SlRecorder *self, GAsyncResult *result, GError **error);
void sl_recorder_rename_camera_async (SlRecorder *self,
                                      gint64 camera_id,
                                      const char *name,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean sl_recorder_rename_camera_finish (SlRecorder *self, GAsyncResult *result, GError **error);
SlCamera *sl_recorder_find_camera (SlRecorder *self, gint64 camera_id);
const SlCameraRecord *sl_recorder_get_camera_record (SlRecorder *self, gint64 camera_id);

/* The storage root used when none is configured: DATA_DIR/recordings. */
char *sl_recorder_default_storage_path (const char *data_dir);

G_END_DECLS
