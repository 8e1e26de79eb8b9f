// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-sequence.h"
#include "sl-view-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SEQUENCE_PLAYER (sl_sequence_player_get_type ())
G_DECLARE_FINAL_TYPE (SlSequencePlayer, sl_sequence_player, SL, SEQUENCE_PLAYER, GtkWidget)

/* Plays a sequence: shows each item (a camera or a view) for its dwell time,
 * then the next, round and round; play/pause, next and previous from its
 * controls (sequence.* actions), in a tab or inside a frame. The clock runs
 * only while the player is on screen. */
GtkWidget *sl_sequence_player_new (SlViewStore *store, const SlSequence *sequence, guint depth);
const SlSequence *sl_sequence_player_get_sequence (SlSequencePlayer *self);
guint sl_sequence_player_get_position (SlSequencePlayer *self);
gboolean sl_sequence_player_get_playing (SlSequencePlayer *self);
void sl_sequence_player_set_playing (SlSequencePlayer *self, gboolean playing);
void sl_sequence_player_next (SlSequencePlayer *self);
void sl_sequence_player_previous (SlSequencePlayer *self);
/* Follows the edits of the sequence @view_id of the store (0: none). */
void sl_sequence_player_follow_view (SlSequencePlayer *self, gint64 view_id);
gint64 sl_sequence_player_get_view_id (SlSequencePlayer *self);
/* What the current item shows. */
GtkWidget *sl_sequence_player_get_content (SlSequencePlayer *self);

G_END_DECLS
