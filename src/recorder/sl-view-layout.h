// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The frames of a split view, without GTK: a grid of columns × rows cells in
 * which each frame covers a rectangle of cells (its span) and holds nothing, a
 * camera, another view or a sequence. One frame may be the hotspot, where a
 * click on another frame shows that frame's camera. Stored in the catalog as
 * JSON (SlViewRecord.definition). */

#define SL_VIEW_LAYOUT_MAX_CELLS 8

typedef enum
{
  SL_VIEW_TEMPLATE_1,
  SL_VIEW_TEMPLATE_2X2,
  SL_VIEW_TEMPLATE_3X3,
  SL_VIEW_TEMPLATE_4X4,
  SL_VIEW_TEMPLATE_5X5,
  SL_VIEW_TEMPLATE_6X6,
  SL_VIEW_TEMPLATE_1_PLUS_5,  /* 3×3: one 2×2 frame top left, five around it */
  SL_VIEW_TEMPLATE_1_PLUS_7,  /* 4×4: one 3×3 frame top left, seven around it */
  SL_VIEW_TEMPLATE_1_PLUS_12, /* 4×4: one 2×2 frame in the middle, twelve around it */
  SL_VIEW_TEMPLATE_2_PLUS_8,  /* 4×4: two 2×2 frames on top, eight below */
  SL_VIEW_N_TEMPLATES,
} SlViewTemplate;

typedef enum
{
  SL_FRAME_EMPTY,
  SL_FRAME_CAMERA,
  SL_FRAME_VIEW,
  SL_FRAME_SEQUENCE,
} SlFrameContent;

typedef struct
{
  guint column;
  guint row;
  guint column_span;
  guint row_span;
  SlFrameContent content;
  gint64 id; /* camera, view or sequence id; 0 when empty */
} SlViewFrame;

/* "1", "2x2", … "1+5", "2+8": stable names for the command line and JSON. */
const char *sl_view_template_to_string (SlViewTemplate template);
gboolean sl_view_template_from_string (const char *text, SlViewTemplate *template);
/* The template that shows @n_cameras in the fewest frames (2×2 for 4). */
SlViewTemplate sl_view_template_for_cameras (guint n_cameras);

typedef struct _SlViewLayout SlViewLayout;

#define SL_TYPE_VIEW_LAYOUT (sl_view_layout_get_type ())
GType sl_view_layout_get_type (void);

/* An empty grid: add frames with sl_view_layout_add_frame(). */
SlViewLayout *sl_view_layout_new (guint columns, guint rows);
SlViewLayout *sl_view_layout_new_from_template (SlViewTemplate template);
SlViewLayout *sl_view_layout_copy (const SlViewLayout *self);
void sl_view_layout_free (SlViewLayout *self);
gboolean sl_view_layout_equal (const SlViewLayout *a, const SlViewLayout *b);

guint sl_view_layout_get_columns (const SlViewLayout *self);
guint sl_view_layout_get_rows (const SlViewLayout *self);
/* Frames are kept in reading order of their top left cell. */
guint sl_view_layout_get_n_frames (const SlViewLayout *self);
const SlViewFrame *sl_view_layout_get_frame (const SlViewLayout *self, guint index);
/* The frame covering a cell, or -1. */
int sl_view_layout_find_frame (const SlViewLayout *self, guint column, guint row);

/* Adds an empty frame; fails (SL_ERROR_INVALID_ARGUMENT) outside the grid or
 * over another frame. Returns its index, or -1. */
int sl_view_layout_add_frame (
    SlViewLayout *self, guint column, guint row, guint column_span, guint row_span, GError **error);
void sl_view_layout_set_frame_content (SlViewLayout *self,
                                       guint index,
                                       SlFrameContent content,
                                       gint64 id);
/* Exchanges what two frames hold (dragging one frame onto another). */
void sl_view_layout_swap_frames (SlViewLayout *self, guint a, guint b);
/* Puts @n ids of cameras into the empty frames in order; returns how many fit. */
guint sl_view_layout_fill_cameras (SlViewLayout *self, const gint64 *camera_ids, guint n);

/* Custom spans: merging makes one frame of the frames inside a rectangle
 * (keeping the first content), and fails when a frame sticks out of it;
 * splitting makes one-cell frames of a spanned frame. Both return the index
 * of the frame at the rectangle's top left, or -1. */
int sl_view_layout_merge (
    SlViewLayout *self, guint column, guint row, guint column_span, guint row_span, GError **error);
int sl_view_layout_split (SlViewLayout *self, guint index);

/* -1: none. */
int sl_view_layout_get_hotspot (const SlViewLayout *self);
void sl_view_layout_set_hotspot (SlViewLayout *self, int index);

/* Grid size within 1..SL_VIEW_LAYOUT_MAX_CELLS, frames inside it without
 * overlap, a hotspot that is one of the frames. */
gboolean sl_view_layout_validate (const SlViewLayout *self, GError **error);

char *sl_view_layout_to_json (const SlViewLayout *self);
/* Validates what it reads (SL_ERROR_INVALID_ARGUMENT). */
SlViewLayout *sl_view_layout_new_from_json (const char *json, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlViewLayout, sl_view_layout_free)

G_END_DECLS
