// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"
#include "sl-player.h"

G_BEGIN_DECLS

#define SL_TYPE_PLAYBACK_VIEW (sl_playback_view_get_type ())
G_DECLARE_FINAL_TYPE (SlPlaybackView, sl_playback_view, SL, PLAYBACK_VIEW, GtkWidget)

/* The recordings of one camera or several (a split view), played in sync:
 * a grid of pictures with the cameras' names, a slot for the timeline and a
 * transport bar (previous/next recording and event, step back/forward, play
 * and pause, speed 1/8x to 16x, the date and time, Go to Live).
 *
 * Actions (widget actions, so buttons and shortcuts inside the view reach
 * them): playback.play-pause (Space), playback.step-back (comma, or Left
 * while paused), playback.step-forward (period, or Right while paused),
 * playback.previous-recording, playback.next-recording (Page Up/Down),
 * playback.previous-event, playback.next-event, playback.rate (the "rate"
 * property, d: 0.125 to 16),
 * playback.go-live (emits "go-live").
 *
 * Properties: "position" (gint64 wall-clock µs, for the timeline's
 * playhead), "playing", "rate". Signal: "go-live", also emitted when playback reaches
 * the end of the recordings. */
GtkWidget *sl_playback_view_new (SlCatalog *catalog);
/* Instant replay: @camera_id from @seconds ago (0: the "instant-replay-seconds"
 * setting), playing. */
GtkWidget *sl_playback_view_new_instant_replay (SlCatalog *catalog,
                                                gint64 camera_id,
                                                const char *name,
                                                int seconds);

/* The cameras to play; set them before the first seek. */
void sl_playback_view_add_camera (SlPlaybackView *self, gint64 camera_id, const char *name);
void sl_playback_view_remove_cameras (SlPlaybackView *self);

/* Where the lead puts the SlTimeline (replaces what the slot held). */
void sl_playback_view_set_timeline (SlPlaybackView *self, GtkWidget *timeline);

void sl_playback_view_seek (SlPlaybackView *self, gint64 time_us);
void sl_playback_view_play (SlPlaybackView *self);
void sl_playback_view_pause (SlPlaybackView *self);
gint64 sl_playback_view_get_position (SlPlaybackView *self);
gboolean sl_playback_view_get_playing (SlPlaybackView *self);
SlPlayerGroup *sl_playback_view_get_group (SlPlaybackView *self);
/* What the first camera's picture shows (for snapshots); borrowed. */
GdkPaintable *sl_playback_view_get_paintable (SlPlaybackView *self);

G_END_DECLS
