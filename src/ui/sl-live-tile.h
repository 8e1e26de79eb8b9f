// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-camera.h"
#include "sl-video-paintable.h"

G_BEGIN_DECLS

/* The stream profile of a tile, as in the seeds: High is the main stream;
 * Medium the main stream scaled after decoding to at most half its width and
 * height (a quarter of the pixels to convert, upload and draw); Low the sub
 * stream. Automatic (the default) shows the main stream when the tile is
 * tall enough to use it, the sub stream otherwise (see sl-live-tile.c).
 * Whatever the profile, frames are scaled after decoding to no more than
 * the tile's size in device pixels (times the digital zoom). */
typedef enum
{
  SL_STREAM_PROFILE_AUTOMATIC,
  SL_STREAM_PROFILE_HIGH,
  SL_STREAM_PROFILE_MEDIUM,
  SL_STREAM_PROFILE_LOW,
} SlStreamProfile;

#define SL_TYPE_STREAM_PROFILE (sl_stream_profile_get_type ())
GType sl_stream_profile_get_type (void);
const char *sl_stream_profile_to_string (SlStreamProfile profile);
gboolean sl_stream_profile_from_string (const char *text, SlStreamProfile *profile);

#define SL_TYPE_LIVE_TILE (sl_live_tile_get_type ())
G_DECLARE_FINAL_TYPE (SlLiveTile, sl_live_tile, SL, LIVE_TILE, GtkWidget)

/* One camera's live video with its name, state, recording and motion
 * indicators, a context menu (snapshot, digital zoom, stream profile, new
 * window, full screen, recordings, bookmark) and the keys of the same. The
 * camera decodes for the tile only while the tile is on screen. */
GtkWidget *sl_live_tile_new (SlCamera *camera);
SlCamera *sl_live_tile_get_camera (SlLiveTile *self);
void sl_live_tile_set_camera (SlLiveTile *self, SlCamera *camera);
SlVideoPaintable *sl_live_tile_get_paintable (SlLiveTile *self);
SlStreamProfile sl_live_tile_get_profile (SlLiveTile *self);
void sl_live_tile_set_profile (SlLiveTile *self, SlStreamProfile profile);
/* The stream the tile shows, or switches to until its first frame comes. */
SlCameraStream sl_live_tile_get_stream (SlLiveTile *self);
void sl_live_tile_set_motion (SlLiveTile *self, gboolean motion);
gboolean sl_live_tile_get_motion (SlLiveTile *self);

G_END_DECLS
