// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_EXPORT_DIALOG (sl_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlExportDialog, sl_export_dialog, SL, EXPORT_DIALOG, AdwWindow)

/* The export dialog of @application, whose data folder is @data_dir: an
 * export list, format, folder, notes, and the progress of the export that
 * the application's SlExportManager runs. */
GtkWidget *sl_export_dialog_new (GtkApplication *application, const char *data_dir);
/* Adds a range to the list (as the timeline does with app.export-range). */
void
sl_export_dialog_add_range (SlExportDialog *self, gint64 camera_id, gint64 from_us, gint64 to_us);
/* The folder the export goes into (a new subfolder is made there). */
void sl_export_dialog_set_folder (SlExportDialog *self, const char *folder);

/* Asks for an export folder, verifies it in a thread, and shows "valid" or
 * the list of problems. */
void sl_export_verify_interactive (GtkWindow *parent);

G_END_DECLS
