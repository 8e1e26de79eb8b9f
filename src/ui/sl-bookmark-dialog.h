// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

#define SL_TYPE_BOOKMARK_DIALOG (sl_bookmark_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlBookmarkDialog, sl_bookmark_dialog, SL, BOOKMARK_DIALOG, AdwWindow)

/* Adds or edits a bookmark: camera, time, seconds before and after, name,
 * description and "Prevent deletion". Save checks the input and says what
 * is wrong under the fields; the catalog is written asynchronously and the
 * dialog closes once it is saved.
 *
 * Signals:
 *   "saved" (SlBookmarkDialog *self, gint64 bookmark_id): the bookmark is in
 *     the catalog. */

/* @camera_id 0: the first camera; @time_us 0: now. */
SlBookmarkDialog *sl_bookmark_dialog_new_add (GtkWindow *parent,
                                              SlCatalog *catalog,
                                              gint64 camera_id,
                                              gint64 time_us);
/* The time shown is the bookmark's start; "after" is its length. */
SlBookmarkDialog *
sl_bookmark_dialog_new_edit (GtkWindow *parent, SlCatalog *catalog, const SlBookmark *bookmark);

/* Local time as the bookmark widgets show and read it: "2026-11-21 10:00:00".
 * Parsing also accepts ISO 8601 with a time zone and leaving out the
 * seconds or the time. */
char *sl_bookmark_format_time (gint64 time_us);
gboolean sl_bookmark_parse_time (const char *text, gint64 *time_us);

G_END_DECLS
