// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <adwaita.h>

#include "sl-recorder.h"

G_BEGIN_DECLS

#define SL_TYPE_PREFERENCES_WINDOW (sl_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (
    SlPreferencesWindow, sl_preferences_window, SL, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *sl_preferences_window_new (GtkWindow *parent);
void sl_preferences_window_set_recorder (SlPreferencesWindow *self,
                                         SlRecorder *recorder,
                                         GListModel *cameras);
void sl_preferences_window_show_cameras (SlPreferencesWindow *self);

G_END_DECLS
