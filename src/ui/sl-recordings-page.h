// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

#define SL_TYPE_RECORDINGS_PAGE (sl_recordings_page_get_type ())
G_DECLARE_FINAL_TYPE (SlRecordingsPage, sl_recordings_page, SL, RECORDINGS_PAGE, AdwBin)

/* A recordings tab: the playback of one camera or several in sync
 * (SlPlaybackView) with the timeline (SlTimeline) under it and the
 * bookmarks panel (SlBookmarkList) beside it, wired together: the timeline
 * seeks the players and follows them, playback pauses while the playhead is
 * dragged, a bookmark jumps there, the timeline's "Add Bookmark Here…" and
 * "Export Selection…" open their dialogs for the cameras of the page, and
 * Ctrl+Shift+S saves a snapshot of the picture shown.
 *
 * Signal "go-live" (gint64 camera_id): the user asked for live video, or
 * playback reached the end of the recordings. */
GtkWidget *sl_recordings_page_new (SlCatalog *catalog,
                                   const gint64 *camera_ids,
                                   const char *const *names,
                                   guint n_cameras,
                                   gint64 start_us);

/* @seconds before now (instant replay), playing. */
GtkWidget *
sl_recordings_page_new_replay (SlCatalog *catalog, gint64 camera_id, const char *name, int seconds);

GtkWidget *sl_recordings_page_get_playback_view (SlRecordingsPage *self);
GtkWidget *sl_recordings_page_get_timeline (SlRecordingsPage *self);
GtkWidget *sl_recordings_page_get_bookmark_list (SlRecordingsPage *self);

G_END_DECLS
