// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-sequence.h"
#include "sl-view-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SEQUENCE_DIALOG (sl_sequence_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlSequenceDialog, sl_sequence_dialog, SL, SEQUENCE_DIALOG, AdwWindow)

/* Edits a sequence of the view tree: its name and its items (cameras and
 * views) with their dwell times; add, remove, reorder (buttons, Alt+Up and
 * Alt+Down, Delete), dwell 1 to 3600 s checked as it is typed. Save writes
 * through the store and closes the dialog; a failure stays in the dialog.
 * Its actions: items.add ("s": a reference), items.move-up, items.move-down
 * and items.remove ("u": the item's index), sequence.save. */
SlSequenceDialog *sl_sequence_dialog_new (GtkWindow *parent, SlViewStore *store, gint64 view_id);
gint64 sl_sequence_dialog_get_view_id (SlSequenceDialog *self);
/* The items as they are now in the dialog. */
const SlSequence *sl_sequence_dialog_get_sequence (SlSequenceDialog *self);
/* Whether every dwell time typed is valid and there is something to save. */
gboolean sl_sequence_dialog_get_valid (SlSequenceDialog *self);

G_END_DECLS
