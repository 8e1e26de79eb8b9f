// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Snapshots of live or recorded video: PNG files in the snapshot folder of
 * the preferences (GSettings key snapshot-folder; empty: Pictures/Sightline),
 * named after the camera and the time of the frame. */

/* The folder snapshots go to. */
char *sl_snapshot_dup_folder (void);

/* Writes @texture at its own size in a thread; the result is the GFile
 * written. */
void sl_snapshot_save_async (GdkTexture *texture,
                             const char *camera_name,
                             gint64 time_us,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
GFile *sl_snapshot_save_finish (GAsyncResult *result, GError **error);

/* Saves @texture and tells the user in a toast of the AdwToastOverlay around
 * @widget, with a button that opens the picture (or why it failed). */
void
sl_snapshot_take (GtkWidget *widget, GdkTexture *texture, const char *camera_name, gint64 time_us);

G_END_DECLS
