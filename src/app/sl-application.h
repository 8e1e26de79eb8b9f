// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <adwaita.h>

#include "sl-recorder.h"
#include "sl-catalog.h"

G_BEGIN_DECLS

/**
 * SlRecorderStatus:
 * @SL_RECORDER_STATUS_STARTING: taking the data folder lock, opening the catalog
 * @SL_RECORDER_STATUS_RUNNING: recording the cameras of the catalog
 * @SL_RECORDER_STATUS_FAILED: not recording; see sl_application_get_recorder_error()
 * @SL_RECORDER_STATUS_STOPPING: closing and indexing the segments being written
 * @SL_RECORDER_STATUS_STOPPED: stopped, the application is about to quit
 *
 * What the recorder hosted by the application is doing.
 */
typedef enum
{
  SL_RECORDER_STATUS_STARTING,
  SL_RECORDER_STATUS_RUNNING,
  SL_RECORDER_STATUS_FAILED,
  SL_RECORDER_STATUS_STOPPING,
  SL_RECORDER_STATUS_STOPPED,
} SlRecorderStatus;

#define SL_TYPE_RECORDER_STATUS (sl_recorder_status_get_type ())
GType sl_recorder_status_get_type (void);

#define SL_TYPE_APPLICATION (sl_application_get_type ())

G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, AdwApplication)

SlApplication *sl_application_new (void);
const char *sl_application_get_data_dir (SlApplication *self);
SlRecorderStatus sl_application_get_recorder_status (SlApplication *self);
const char *sl_application_get_recorder_error (SlApplication *self);
GListModel *sl_application_get_cameras (SlApplication *self);
SlRecorder *sl_application_get_recorder (SlApplication *self);
/* The recorder's catalog while it runs, NULL otherwise. */
SlCatalog *sl_application_get_catalog (SlApplication *self);

G_END_DECLS
