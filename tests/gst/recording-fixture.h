// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

#include "camsim-fixture.h"
#include "sl-catalog.h"
#include "sl-credentials.h"
#include "sl-recorder.h"

G_BEGIN_DECLS

/* A temporary data directory with a catalog, and the cameras of a running
 * simulator added to it. */
typedef struct
{
  char *data_dir;
  SlCatalog *catalog;
  SlCredentials *credentials;
} DataDir;

DataDir *data_dir_new (void);
void data_dir_free (DataDir *dir);
gint64 data_dir_add_camera (
    DataDir *dir, Camsim *sim, guint index, const char *profile, const char *password);

/* Runs the default main context for @seconds. */
void run_for (double seconds);
SlCamera *find_camera (SlRecorder *recorder, gint64 camera_id);
gboolean wait_for_state (SlCamera *camera, SlCameraState state, guint timeout_ms);
void stop_recorder (SlRecorder *recorder);

/* Decodes a recorded segment and reads the time strips of its first and last
 * frames (milliseconds since the epoch); returns the number of frames. */
guint read_segment_strips (const char *path, gint64 *first_ms, gint64 *last_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DataDir, data_dir_free)

G_END_DECLS
