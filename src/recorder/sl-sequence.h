// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-view-layout.h"

G_BEGIN_DECLS

/* A sequence: cameras and views shown one after the other, each for its own
 * dwell time. Stored in the catalog as JSON (SlViewRecord.definition). */

#define SL_SEQUENCE_DEFAULT_DWELL_SECONDS 10
#define SL_SEQUENCE_MAX_DWELL_SECONDS     3600

typedef struct
{
  SlFrameContent content; /* SL_FRAME_CAMERA or SL_FRAME_VIEW */
  gint64 id;
  guint dwell_seconds; /* 1 to SL_SEQUENCE_MAX_DWELL_SECONDS */
} SlSequenceItem;

typedef struct _SlSequence SlSequence;

#define SL_TYPE_SEQUENCE (sl_sequence_get_type ())
GType sl_sequence_get_type (void);

SlSequence *sl_sequence_new (void);
SlSequence *sl_sequence_copy (const SlSequence *self);
void sl_sequence_free (SlSequence *self);

guint sl_sequence_get_n_items (const SlSequence *self);
const SlSequenceItem *sl_sequence_get_item (const SlSequence *self, guint index);
/* Fails (SL_ERROR_INVALID_ARGUMENT) for another content or a dwell time out
 * of range. */
gboolean sl_sequence_add_item (
    SlSequence *self, SlFrameContent content, gint64 id, guint dwell_seconds, GError **error);
void sl_sequence_remove_item (SlSequence *self, guint index);
void sl_sequence_move_item (SlSequence *self, guint from, guint to);

char *sl_sequence_to_json (const SlSequence *self);
SlSequence *sl_sequence_new_from_json (const char *json, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSequence, sl_sequence_free)

G_END_DECLS
