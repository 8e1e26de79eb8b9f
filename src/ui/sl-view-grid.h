// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_VIEW_GRID (sl_view_grid_get_type ())
G_DECLARE_FINAL_TYPE (SlViewGrid, sl_view_grid, SL, VIEW_GRID, GtkWidget)

/* A split view of live tiles in a square template that fits the cameras:
 * 1, 2×2, 3×3 up to 6×6; frames without a camera stay empty. */
GtkWidget *sl_view_grid_new (void);
GListModel *sl_view_grid_get_cameras (SlViewGrid *self);
void sl_view_grid_set_cameras (SlViewGrid *self, GListModel *cameras);
guint sl_view_grid_get_columns (SlViewGrid *self);

/* The number of rows and columns of the template for @n_cameras. */
guint sl_view_grid_columns_for (guint n_cameras);

#define SL_VIEW_GRID_MAX_COLUMNS 6

G_END_DECLS
