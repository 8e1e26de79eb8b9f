// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-view-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SIDEBAR (sl_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (SlSidebar, sl_sidebar, SL, SIDEBAR, GtkWidget)

/* The view tree: folders, split views, sequences and camera views, then
 * "Cameras" with every camera of the recorder. Rows drag their reference
 * ("view:ID", "camera:ID") into split view frames; activating a row emits
 * "open" with the reference and its name; a row's context menu (right click,
 * Menu key, Shift+F10) names win.* actions: open-reference, show-on-monitor,
 * rename-view, delete-view, show-recordings. */
GtkWidget *sl_sidebar_new (void);
void sl_sidebar_set_store (SlSidebar *self, SlViewStore *store);
SlViewStore *sl_sidebar_get_store (SlSidebar *self);

/* "Show on Monitor" items for @reference, one per monitor of @display,
 * naming win.show-on-monitor ((reference, monitor index)). */
GMenuModel *sl_monitor_menu_new (GdkDisplay *display, const char *reference);

G_END_DECLS
