// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <adwaita.h>

#include "sl-application.h"
#include "sl-view-store.h"

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())

G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, AdwApplicationWindow)

SlWindow *sl_window_new (SlApplication *application);
void sl_window_add_toast (SlWindow *self, AdwToast *toast);

/* Opens @widget in a new tab of the main area and selects it; the tab is not
 * remembered across restarts. For views that are not live views (recordings,
 * configuration). */
AdwTabPage *
sl_window_open_tab (SlWindow *self, const char *title, const char *icon_name, GtkWidget *widget);
AdwTabView *sl_window_get_tab_view (SlWindow *self);

/* The live views: the view tree of the catalog (NULL until the recorder
 * runs). */
SlViewStore *sl_window_get_view_store (SlWindow *self);

/* Actions: win.show-recordings(x) opens a camera's recordings in a tab,
 * win.show-view-recordings(x) a split view's cameras in sync,
 * win.instant-replay(x) a camera's last seconds (sl-window-recordings.c). */

G_END_DECLS
