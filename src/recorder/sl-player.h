// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "sl-camera.h"
#include "sl-catalog.h"

G_BEGIN_DECLS

/* Jumps of previous/next: to the start of a recording (a run of segments
 * without a gap) or to an event. */
typedef enum
{
  SL_PLAYER_JUMP_RECORDING,
  SL_PLAYER_JUMP_EVENT,
} SlPlayerJump;

#define SL_PLAYER_MIN_RATE 0.125
#define SL_PLAYER_MAX_RATE 16.0

#define SL_TYPE_PLAYER (sl_player_get_type ())
G_DECLARE_FINAL_TYPE (SlPlayer, sl_player, SL, PLAYER, GObject)

/* Plays the recordings of one camera (its main-stream segments) from the
 * catalog, forward, at 1/8x to 16x. Decoded frames (GstSample, BGRA, as live
 * viewers get them) go to the frame function on the player's own thread;
 * everything else (properties, signals, calls) is on the main thread, which
 * never waits: the player's thread reads the catalog and the files.
 *
 * Positions are wall-clock times (UTC microseconds). A seek shows the frame
 * recorded at that time (decoded from the key frame before it). Playing
 * crosses segment boundaries without a pause (the next segment is decoded
 * ahead) and skips gaps in the recordings to the next recording; a seek into
 * a gap while paused shows no picture and sets "at-gap" ("No recording").
 * At the end of the recordings (the segment being written included) playback
 * stops and "ended" is emitted, so the caller can switch to live.
 *
 * Players added to an SlPlayerGroup share its clock and play in sync; drive
 * them through the group. Properties: "camera-id", "position" (notified at
 * most once per main-loop turn), "playing", "rate", "at-gap". Signal:
 * "ended". */
SlPlayer *sl_player_new (SlCatalog *catalog, gint64 camera_id);

gint64 sl_player_get_camera_id (SlPlayer *self);
/* @func is called on the player's thread with each frame shown. */
void sl_player_set_frame_func (SlPlayer *self,
                               SlCameraFrameFunc func,
                               gpointer user_data,
                               GDestroyNotify destroy);

void sl_player_seek (SlPlayer *self, gint64 time_us);
void sl_player_play (SlPlayer *self);
void sl_player_pause (SlPlayer *self);
void sl_player_set_rate (SlPlayer *self, double rate);
/* While paused: shows the frame @frames (+1, -1, ...) away. */
void sl_player_step (SlPlayer *self, int frames);
/* Seeks to the start of the previous (ongoing or earlier, as the seeds
 * describe) or next recording or event; does nothing when there is none. */
void sl_player_jump (SlPlayer *self, SlPlayerJump jump, gboolean forward);

gint64 sl_player_get_position (SlPlayer *self);
gboolean sl_player_get_playing (SlPlayer *self);
double sl_player_get_rate (SlPlayer *self);
gboolean sl_player_get_at_gap (SlPlayer *self);
/* The wall-clock time of the frame shown, 0 for none. */
gint64 sl_player_get_frame_time (SlPlayer *self);

#define SL_TYPE_PLAYER_GROUP (sl_player_group_get_type ())
G_DECLARE_FINAL_TYPE (SlPlayerGroup, sl_player_group, SL, PLAYER_GROUP, GObject)

/* Several players in sync (a split view): one clock, one position. Gaps are
 * skipped only when no camera of the group has a recording; a camera without
 * one at the position shows "at-gap". Same calls and properties as a player;
 * "ended" once every camera has reached the end of its recordings. */
SlPlayerGroup *sl_player_group_new (SlCatalog *catalog);
/* Adds a player that has not started yet (never seeked); it joins at the
 * group's position. */
void sl_player_group_add (SlPlayerGroup *self, SlPlayer *player);
GPtrArray *sl_player_group_get_players (SlPlayerGroup *self); /* borrowed SlPlayer */

void sl_player_group_seek (SlPlayerGroup *self, gint64 time_us);
void sl_player_group_play (SlPlayerGroup *self);
void sl_player_group_pause (SlPlayerGroup *self);
void sl_player_group_set_rate (SlPlayerGroup *self, double rate);
void sl_player_group_step (SlPlayerGroup *self, int frames);
void sl_player_group_jump (SlPlayerGroup *self, SlPlayerJump jump, gboolean forward);
gint64 sl_player_group_get_position (SlPlayerGroup *self);
gboolean sl_player_group_get_playing (SlPlayerGroup *self);
double sl_player_group_get_rate (SlPlayerGroup *self);

G_END_DECLS
