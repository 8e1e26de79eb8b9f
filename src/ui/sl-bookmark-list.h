// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

#define SL_TYPE_BOOKMARK_LIST (sl_bookmark_list_get_type ())
G_DECLARE_FINAL_TYPE (SlBookmarkList, sl_bookmark_list, SL, BOOKMARK_LIST, AdwBin)

/* The bookmarks panel: a search entry (name and description, any case), a
 * time filter (from, to), and the matching bookmarks newest first, each
 * with its camera, time, name and a lock icon when it prevents deletion.
 * Activating a row (double click, Enter) emits "jump"; each row's menu
 * edits (SlBookmarkDialog) or deletes (after asking) it; Delete and Ctrl+E
 * do the same for the selected row. The add button activates
 * app.add-bookmark((0, 0)). Reads the catalog asynchronously only; reloads
 * when its window becomes active again (after a bookmark dialog closed, for
 * instance) and on sl_bookmark_list_reload().
 *
 * Signals:
 *   "jump" (SlBookmarkList *self, gint64 camera_id, gint64 time_us): play
 *     that camera from that time (the bookmark's start).
 * Properties:
 *   "catalog" (SlCatalog *, construct): where the bookmarks are. */
GtkWidget *sl_bookmark_list_new (SlCatalog *catalog);
void sl_bookmark_list_reload (SlBookmarkList *self);
/* How many bookmarks the list shows now. */
guint sl_bookmark_list_get_n_shown (SlBookmarkList *self);

G_END_DECLS
