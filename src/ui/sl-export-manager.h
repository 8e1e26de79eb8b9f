// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"
#include "sl-export.h"

G_BEGIN_DECLS

/* The exports of the application: they run in the background, outlive the
 * dialog that started them, and end with a notification whose action opens
 * the result folder. One per application, with its own catalog connection
 * on the application's data folder. */

#define SL_TYPE_EXPORT_MANAGER (sl_export_manager_get_type ())
G_DECLARE_FINAL_TYPE (SlExportManager, sl_export_manager, SL, EXPORT_MANAGER, GObject)

/* The manager of @application (made on first use), for @data_dir. It adds
 * the action "app.open-export-folder" (a folder path) to @application. */
SlExportManager *sl_export_manager_get_for_application (GtkApplication *application,
                                                        const char *data_dir);

/* The catalog, once open (NULL before, or when it cannot be opened; see
 * sl_export_manager_get_error()). "notify::catalog" tells when it is. */
SlCatalog *sl_export_manager_get_catalog (SlExportManager *self);
const char *sl_export_manager_get_error (SlExportManager *self);

/* Starts @export (made with sl_export_manager_new_export()); the manager
 * keeps it until it ends. "notify::running" and "notify::fraction" follow
 * the newest export; "export-finished" (SlExport, GError or NULL) tells its
 * end. */
SlExport *
sl_export_manager_new_export (SlExportManager *self, const char *output_dir, SlExportFormat format);
void sl_export_manager_start (SlExportManager *self, SlExport *export);
void sl_export_manager_cancel (SlExportManager *self);
gboolean sl_export_manager_get_running (SlExportManager *self);
double sl_export_manager_get_fraction (SlExportManager *self);

/* Opens @folder in the file manager. */
void sl_export_manager_open_folder (GtkWindow *parent, const char *folder);

G_END_DECLS
