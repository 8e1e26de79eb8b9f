// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-player.h"
#include "sl-video-paintable.h"

G_BEGIN_DECLS

#define SL_TYPE_PLAYBACK_VIEW_TILE (sl_playback_view_tile_get_type ())
G_DECLARE_FINAL_TYPE (SlPlaybackViewTile, sl_playback_view_tile, SL, PLAYBACK_VIEW_TILE, GtkWidget)

/* One camera's recorded video in the recordings view: the frames of @player,
 * the camera's name, and "No recording" where it has none. */
GtkWidget *sl_playback_view_tile_new (SlPlayer *player, const char *name);
SlPlayer *sl_playback_view_tile_get_player (SlPlaybackViewTile *self);
SlVideoPaintable *sl_playback_view_tile_get_paintable (SlPlaybackViewTile *self);
const char *sl_playback_view_tile_get_name (SlPlaybackViewTile *self);

G_END_DECLS
