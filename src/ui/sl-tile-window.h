// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-live-tile.h"

G_BEGIN_DECLS

#define SL_TYPE_TILE_WINDOW (sl_tile_window_get_type ())
G_DECLARE_FINAL_TYPE (SlTileWindow, sl_tile_window, SL, TILE_WINDOW, AdwApplicationWindow)

/* A window with one camera's live tile ("Open in New Window", "Full
 * Screen"). F11 toggles full screen, Esc leaves it; a window opened
 * @for_fullscreen starts full screen and closes when full screen ends. */
GtkWidget *sl_tile_window_new (GtkApplication *application,
                               SlCamera *camera,
                               SlStreamProfile profile,
                               gboolean for_fullscreen);
SlLiveTile *sl_tile_window_get_tile (SlTileWindow *self);
void sl_tile_window_toggle_fullscreen (SlTileWindow *self);

G_END_DECLS
