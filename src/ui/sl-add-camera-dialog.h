// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-discovery.h"
#include "sl-recorder.h"

G_BEGIN_DECLS

#define SL_TYPE_ADD_CAMERA_DIALOG (sl_add_camera_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlAddCameraDialog, sl_add_camera_dialog, SL, ADD_CAMERA_DIALOG, AdwWindow)

/* The "Add Cameras" dialog of the seeds: (a) search IP ranges and ports or
 * host names for devices, with their Status column, entering or setting
 * passwords; (b) an RTSP stream URL, tested before adding; (c) a prerecorded
 * video file. Cameras are added through @recorder (catalog, secret store) and
 * record at once; the dialog closes when all of them were added and emits
 * ::cameras-added (guint n). Errors stay inline. @recorder may be %NULL
 * while the recorder does not run: adding then says so. */
GtkWidget *sl_add_camera_dialog_new (GtkWindow *parent, SlRecorder *recorder);

void sl_add_camera_dialog_set_file (SlAddCameraDialog *self, const char *path);

/* For tests: the search of the dialog (its devices list is the results list). */
SlDiscovery *sl_add_camera_dialog_get_discovery (SlAddCameraDialog *self);
GtkSelectionModel *sl_add_camera_dialog_get_selection (SlAddCameraDialog *self);

G_END_DECLS
