// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-camera.h"
#include "sl-video-paintable.h"

G_BEGIN_DECLS

#define SL_TYPE_LIVE_TILE (sl_live_tile_get_type ())
G_DECLARE_FINAL_TYPE (SlLiveTile, sl_live_tile, SL, LIVE_TILE, GtkWidget)

/* One camera's live video with its name, state and recording indicator. The
 * camera decodes for the tile only while the tile is on screen. */
GtkWidget *sl_live_tile_new (SlCamera *camera);
SlCamera *sl_live_tile_get_camera (SlLiveTile *self);
void sl_live_tile_set_camera (SlLiveTile *self, SlCamera *camera);
SlVideoPaintable *sl_live_tile_get_paintable (SlLiveTile *self);

G_END_DECLS
