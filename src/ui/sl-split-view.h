// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

#include "sl-camera.h"
#include "sl-view-layout.h"
#include "sl-view-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SPLIT_VIEW (sl_split_view_get_type ())
G_DECLARE_FINAL_TYPE (SlSplitView, sl_split_view, SL, SPLIT_VIEW, GtkWidget)

/* A split view: the frames of an SlViewLayout on a grid, each showing a live
 * tile, another split view or a sequence. Cameras and views dropped from the
 * sidebar land in the frame under the pointer; in edit mode each frame has a
 * handle to drag it onto another (swapping them) and a menu to merge, split,
 * clear or make it the hotspot. A click on a frame shows its camera in the
 * hotspot frame. "layout-changed" says the user changed the layout: its
 * owner saves it. */
GtkWidget *sl_split_view_new (SlViewStore *store);
void sl_split_view_set_layout (SlSplitView *self, const SlViewLayout *layout);
const SlViewLayout *sl_split_view_get_layout (SlSplitView *self);
gboolean sl_split_view_get_editing (SlSplitView *self);
void sl_split_view_set_editing (SlSplitView *self, gboolean editing);

/* The widget of frame @index (its position and size are the frame's) and
 * what it shows (an SlLiveTile, SlSplitView, SlSequencePlayer or an empty box). */
guint sl_split_view_get_n_frames (SlSplitView *self);
GtkWidget *sl_split_view_get_frame (SlSplitView *self, guint index);
GtkWidget *sl_split_view_get_frame_content (SlSplitView *self, guint index);

/* What a drop does: @reference ("camera:ID", "view:ID") into frame @index;
 * a frame dragged by its handle onto another swaps them. Both emit
 * "layout-changed". */
gboolean sl_split_view_drop_reference (SlSplitView *self, guint index, const char *reference);
void sl_split_view_swap_frames (SlSplitView *self, guint a, guint b);

/* Shows @camera in the hotspot frame (what a click on a frame does). */
void sl_split_view_show_in_hotspot (SlSplitView *self, SlCamera *camera);
SlCamera *sl_split_view_get_hotspot_camera (SlSplitView *self);

/* The widget for a frame's content; @depth counts the split views around
 * it, so that a view that contains itself stops somewhere. */
GtkWidget *
sl_split_view_create_content (SlViewStore *store, SlFrameContent content, gint64 id, guint depth);

G_END_DECLS
