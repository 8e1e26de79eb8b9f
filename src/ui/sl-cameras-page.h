// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-recorder.h"

G_BEGIN_DECLS

#define SL_TYPE_CAMERAS_PAGE (sl_cameras_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCamerasPage, sl_cameras_page, SL, CAMERAS_PAGE, AdwPreferencesPage)

/* The cameras of the configuration area (the seeds' Cameras page): one row
 * per camera with its name, address, model and live state, a switch that
 * enables or disables it, and, expanded, rename, test connection (result
 * inline) and remove (which asks what happens to its recordings). Changes go
 * through @recorder and apply at once. @cameras is the list of SlCamera the
 * recorder runs (SlApplication's), which follows its camera-added/removed
 * signals. */
GtkWidget *sl_cameras_page_new (void);
void sl_cameras_page_set_recorder (SlCamerasPage *self, SlRecorder *recorder, GListModel *cameras);

G_END_DECLS
