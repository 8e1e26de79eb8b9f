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
 * edit-sequence, rename-view, move-view, delete-view, show-recordings. A view
 * dragged onto a folder goes into it, onto the upper or lower part of a row
 * before or after it; Alt+Up and Alt+Down move the focused view among its
 * neighbours. Both go through win.place-view ((view, folder, index)). */
GtkWidget *sl_sidebar_new (void);
void sl_sidebar_set_store (SlSidebar *self, SlViewStore *store);
SlViewStore *sl_sidebar_get_store (SlSidebar *self);
/* What a drop of @view_id on the row of @target_id does (0: the end of the
 * top level): into the folder, or before or after the row. */
void sl_sidebar_drop_view (
    SlSidebar *self, gint64 view_id, gint64 target_id, gboolean into, gboolean after);

/* "Show on Monitor" items for @reference, one per monitor of @display,
 * naming win.show-on-monitor ((reference, monitor index)). */
GMenuModel *sl_monitor_menu_new (GdkDisplay *display, const char *reference);

G_END_DECLS
