// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-views"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sl-error.h"
#include "sl-view-layout.h"

struct _SlViewLayout
{
  guint columns;
  guint rows;
  GArray *frames; /* SlViewFrame, reading order */
  int hotspot;
};

G_DEFINE_BOXED_TYPE (SlViewLayout, sl_view_layout, sl_view_layout_copy, sl_view_layout_free)

static const char *const template_names[] = {
  [SL_VIEW_TEMPLATE_1] = "1",
  [SL_VIEW_TEMPLATE_2X2] = "2x2",
  [SL_VIEW_TEMPLATE_3X3] = "3x3",
  [SL_VIEW_TEMPLATE_4X4] = "4x4",
  [SL_VIEW_TEMPLATE_5X5] = "5x5",
  [SL_VIEW_TEMPLATE_6X6] = "6x6",
  [SL_VIEW_TEMPLATE_1_PLUS_5] = "1+5",
  [SL_VIEW_TEMPLATE_1_PLUS_7] = "1+7",
  [SL_VIEW_TEMPLATE_1_PLUS_12] = "1+12",
  [SL_VIEW_TEMPLATE_2_PLUS_8] = "2+8",
};

G_STATIC_ASSERT (G_N_ELEMENTS (template_names) == SL_VIEW_N_TEMPLATES);

static const char *const content_names[] = {
  [SL_FRAME_EMPTY] = NULL,
  [SL_FRAME_CAMERA] = "camera",
  [SL_FRAME_VIEW] = "view",
  [SL_FRAME_SEQUENCE] = "sequence",
};

const char *
sl_view_template_to_string (SlViewTemplate template)
{
  g_return_val_if_fail (template <SL_VIEW_N_TEMPLATES, NULL);

  return template_names[template];
}

gboolean
sl_view_template_from_string (const char *text, SlViewTemplate *template)
{
  for (guint i = 0; i < SL_VIEW_N_TEMPLATES; i++)
    {
      if (g_strcmp0 (text, template_names[i]) == 0)
        {
          *template = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * sl_view_template_for_cameras:
 * @n_cameras: a number of cameras
 *
 * Gets the square template with the fewest frames that holds @n_cameras: 1 for
 * one, 2×2 for two to four, 3×3 for five to nine, up to 6×6 (which shows the
 * first 36 of more).
 *
 * Returns: the template
 */
SlViewTemplate
sl_view_template_for_cameras (guint n_cameras)
{
  for (guint side = 1; side < 6; side++)
    {
      if (n_cameras <= side * side)
        return SL_VIEW_TEMPLATE_1 + (side - 1);
    }
  return SL_VIEW_TEMPLATE_6X6;
}

/* ---- Helpers ------------------------------------------------------------- */

static gboolean
overlaps (const SlViewFrame *a, const SlViewFrame *b)
{
  return a->column < b->column + b->column_span && b->column < a->column + a->column_span &&
         a->row < b->row + b->row_span && b->row < a->row + a->row_span;
}

static int
compare_frames (gconstpointer a, gconstpointer b)
{
  const SlViewFrame *fa = a;
  const SlViewFrame *fb = b;

  if (fa->row != fb->row)
    return fa->row < fb->row ? -1 : 1;
  if (fa->column != fb->column)
    return fa->column < fb->column ? -1 : 1;
  return 0;
}

static SlViewFrame *
frame_at (const SlViewLayout *self, guint index)
{
  return &g_array_index (self->frames, SlViewFrame, index);
}

/* Sorts the frames into reading order, keeping the hotspot on its frame. */
static int
sort_frames (SlViewLayout *self, const SlViewFrame *follow)
{
  SlViewFrame hotspot = { 0 };
  gboolean has_hotspot = self->hotspot >= 0;
  int followed = -1;

  if (has_hotspot)
    hotspot = *frame_at (self, self->hotspot);
  g_array_sort (self->frames, compare_frames);
  self->hotspot = -1;
  for (guint i = 0; i < self->frames->len; i++)
    {
      const SlViewFrame *frame = frame_at (self, i);

      if (has_hotspot && frame->column == hotspot.column && frame->row == hotspot.row)
        self->hotspot = i;
      if (follow != NULL && frame->column == follow->column && frame->row == follow->row)
        followed = i;
    }
  return followed;
}

static gboolean
check_rectangle (const SlViewLayout *self,
                 guint column,
                 guint row,
                 guint column_span,
                 guint row_span,
                 GError **error)
{
  if (column_span == 0 || row_span == 0 || column + column_span > self->columns ||
      row + row_span > self->rows)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("A frame at column %u, row %u spanning %u × %u cells does not fit in a "
                      "grid of %u × %u."),
                   column + 1, row + 1, column_span, row_span, self->columns, self->rows);
      return FALSE;
    }
  return TRUE;
}

/* ---- Life cycle ------------------------------------------------------------ */

/**
 * sl_view_layout_new:
 * @columns: 1 to %SL_VIEW_LAYOUT_MAX_CELLS
 * @rows: 1 to %SL_VIEW_LAYOUT_MAX_CELLS
 *
 * Returns: (transfer full): a grid without frames
 */
SlViewLayout *
sl_view_layout_new (guint columns, guint rows)
{
  SlViewLayout *self;

  g_return_val_if_fail (columns >= 1 && columns <= SL_VIEW_LAYOUT_MAX_CELLS, NULL);
  g_return_val_if_fail (rows >= 1 && rows <= SL_VIEW_LAYOUT_MAX_CELLS, NULL);

  self = g_new0 (SlViewLayout, 1);
  self->columns = columns;
  self->rows = rows;
  self->frames = g_array_new (FALSE, TRUE, sizeof (SlViewFrame));
  self->hotspot = -1;
  return self;
}

static void
add_cells (SlViewLayout *self)
{
  for (guint row = 0; row < self->rows; row++)
    {
      for (guint column = 0; column < self->columns; column++)
        {
          if (sl_view_layout_find_frame (self, column, row) < 0)
            sl_view_layout_add_frame (self, column, row, 1, 1, NULL);
        }
    }
}

/**
 * sl_view_layout_new_from_template:
 * @template: a template
 *
 * Returns: (transfer full): the empty frames of @template
 */
SlViewLayout *
sl_view_layout_new_from_template (SlViewTemplate template)
{
  SlViewLayout *self;

  g_return_val_if_fail (template <SL_VIEW_N_TEMPLATES, NULL);

  switch (template)
    {
      case SL_VIEW_TEMPLATE_1_PLUS_5:
        self = sl_view_layout_new (3, 3);
        sl_view_layout_add_frame (self, 0, 0, 2, 2, NULL);
        break;

      case SL_VIEW_TEMPLATE_1_PLUS_7:
        self = sl_view_layout_new (4, 4);
        sl_view_layout_add_frame (self, 0, 0, 3, 3, NULL);
        break;

      case SL_VIEW_TEMPLATE_1_PLUS_12:
        self = sl_view_layout_new (4, 4);
        sl_view_layout_add_frame (self, 1, 1, 2, 2, NULL);
        break;

      case SL_VIEW_TEMPLATE_2_PLUS_8:
        self = sl_view_layout_new (4, 4);
        sl_view_layout_add_frame (self, 0, 0, 2, 2, NULL);
        sl_view_layout_add_frame (self, 2, 0, 2, 2, NULL);
        break;

      default:
        self = sl_view_layout_new (template - SL_VIEW_TEMPLATE_1 + 1,
                                   template - SL_VIEW_TEMPLATE_1 + 1);
        break;
    }

  add_cells (self);
  return self;
}

SlViewLayout *
sl_view_layout_copy (const SlViewLayout *self)
{
  SlViewLayout *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sl_view_layout_new (self->columns, self->rows);
  g_array_append_vals (copy->frames, self->frames->data, self->frames->len);
  copy->hotspot = self->hotspot;
  return copy;
}

void
sl_view_layout_free (SlViewLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->frames);
  g_free (self);
}

gboolean
sl_view_layout_equal (const SlViewLayout *a, const SlViewLayout *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->columns != b->columns || a->rows != b->rows || a->hotspot != b->hotspot ||
      a->frames->len != b->frames->len)
    return FALSE;
  for (guint i = 0; i < a->frames->len; i++)
    {
      const SlViewFrame *fa = frame_at (a, i);
      const SlViewFrame *fb = frame_at (b, i);

      if (fa->column != fb->column || fa->row != fb->row || fa->column_span != fb->column_span ||
          fa->row_span != fb->row_span || fa->content != fb->content || fa->id != fb->id)
        return FALSE;
    }
  return TRUE;
}

/* ---- Frames ------------------------------------------------------------------ */

guint
sl_view_layout_get_columns (const SlViewLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->columns;
}

guint
sl_view_layout_get_rows (const SlViewLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows;
}

guint
sl_view_layout_get_n_frames (const SlViewLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->frames->len;
}

const SlViewFrame *
sl_view_layout_get_frame (const SlViewLayout *self, guint index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->frames->len, NULL);

  return frame_at (self, index);
}

int
sl_view_layout_find_frame (const SlViewLayout *self, guint column, guint row)
{
  SlViewFrame cell = { column, row, 1, 1, SL_FRAME_EMPTY, 0 };

  g_return_val_if_fail (self != NULL, -1);

  for (guint i = 0; i < self->frames->len; i++)
    {
      if (overlaps (frame_at (self, i), &cell))
        return i;
    }
  return -1;
}

int
sl_view_layout_add_frame (
    SlViewLayout *self, guint column, guint row, guint column_span, guint row_span, GError **error)
{
  SlViewFrame frame = { column, row, column_span, row_span, SL_FRAME_EMPTY, 0 };

  g_return_val_if_fail (self != NULL, -1);

  if (!check_rectangle (self, column, row, column_span, row_span, error))
    return -1;
  for (guint i = 0; i < self->frames->len; i++)
    {
      if (overlaps (frame_at (self, i), &frame))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _ ("A frame at column %u, row %u would cover another frame."), column + 1,
                       row + 1);
          return -1;
        }
    }

  g_array_append_val (self->frames, frame);
  return sort_frames (self, &frame);
}

void
sl_view_layout_set_frame_content (SlViewLayout *self,
                                  guint index,
                                  SlFrameContent content,
                                  gint64 id)
{
  SlViewFrame *frame;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->frames->len);
  g_return_if_fail (content <= SL_FRAME_SEQUENCE);

  frame = frame_at (self, index);
  frame->content = id > 0 ? content : SL_FRAME_EMPTY;
  frame->id = frame->content != SL_FRAME_EMPTY ? id : 0;
}

void
sl_view_layout_swap_frames (SlViewLayout *self, guint a, guint b)
{
  SlViewFrame *fa;
  SlViewFrame *fb;
  SlFrameContent content;
  gint64 id;

  g_return_if_fail (self != NULL);
  g_return_if_fail (a < self->frames->len && b < self->frames->len);

  fa = frame_at (self, a);
  fb = frame_at (self, b);
  content = fa->content;
  id = fa->id;
  fa->content = fb->content;
  fa->id = fb->id;
  fb->content = content;
  fb->id = id;
}

guint
sl_view_layout_fill_cameras (SlViewLayout *self, const gint64 *camera_ids, guint n)
{
  guint placed = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->frames->len && placed < n; i++)
    {
      if (frame_at (self, i)->content == SL_FRAME_EMPTY)
        sl_view_layout_set_frame_content (self, i, SL_FRAME_CAMERA, camera_ids[placed++]);
    }
  return placed;
}

int
sl_view_layout_merge (
    SlViewLayout *self, guint column, guint row, guint column_span, guint row_span, GError **error)
{
  SlViewFrame merged = { column, row, column_span, row_span, SL_FRAME_EMPTY, 0 };
  gboolean was_hotspot = FALSE;

  g_return_val_if_fail (self != NULL, -1);

  if (!check_rectangle (self, column, row, column_span, row_span, error))
    return -1;

  for (guint i = 0; i < self->frames->len; i++)
    {
      const SlViewFrame *frame = frame_at (self, i);

      if (overlaps (frame, &merged) && (frame->column < column || frame->row < row ||
                                        frame->column + frame->column_span > column + column_span ||
                                        frame->row + frame->row_span > row + row_span))
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                               _ ("The cells to merge cut through a larger frame; include all "
                                  "of it or none of it."));
          return -1;
        }
    }

  for (guint i = self->frames->len; i-- > 0;)
    {
      const SlViewFrame *frame = frame_at (self, i);

      if (!overlaps (frame, &merged))
        continue;
      if (frame->content != SL_FRAME_EMPTY)
        {
          merged.content = frame->content;
          merged.id = frame->id;
        }
      if ((int)i == self->hotspot)
        was_hotspot = TRUE;
      if (self->hotspot > (int)i)
        self->hotspot--;
      else if (self->hotspot == (int)i)
        self->hotspot = -1;
      g_array_remove_index (self->frames, i);
    }

  g_array_append_val (self->frames, merged);
  if (was_hotspot)
    self->hotspot = self->frames->len - 1;
  return sort_frames (self, &merged);
}

int
sl_view_layout_split (SlViewLayout *self, guint index)
{
  SlViewFrame frame;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (index < self->frames->len, -1);

  frame = *frame_at (self, index);
  frame_at (self, index)->column_span = 1;
  frame_at (self, index)->row_span = 1;
  for (guint row = frame.row; row < frame.row + frame.row_span; row++)
    {
      for (guint column = frame.column; column < frame.column + frame.column_span; column++)
        {
          if (row != frame.row || column != frame.column)
            sl_view_layout_add_frame (self, column, row, 1, 1, NULL);
        }
    }
  return sl_view_layout_find_frame (self, frame.column, frame.row);
}

int
sl_view_layout_get_hotspot (const SlViewLayout *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->hotspot;
}

void
sl_view_layout_set_hotspot (SlViewLayout *self, int index)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < (int)self->frames->len);

  self->hotspot = MAX (index, -1);
}

gboolean
sl_view_layout_validate (const SlViewLayout *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->columns < 1 || self->columns > SL_VIEW_LAYOUT_MAX_CELLS || self->rows < 1 ||
      self->rows > SL_VIEW_LAYOUT_MAX_CELLS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("A split view has 1 to %d columns and rows, not %u × %u."),
                   SL_VIEW_LAYOUT_MAX_CELLS, self->columns, self->rows);
      return FALSE;
    }

  for (guint i = 0; i < self->frames->len; i++)
    {
      const SlViewFrame *frame = frame_at (self, i);

      if (!check_rectangle (self, frame->column, frame->row, frame->column_span, frame->row_span,
                            error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        {
          if (overlaps (frame_at (self, j), frame))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("Two frames of the split view cover column %u, row %u."),
                           MAX (frame->column, frame_at (self, j)->column) + 1,
                           MAX (frame->row, frame_at (self, j)->row) + 1);
              return FALSE;
            }
        }
    }

  if (self->hotspot >= (int)self->frames->len)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The hotspot of the split view is not one of its frames."));
      return FALSE;
    }
  return TRUE;
}

/* ---- JSON -------------------------------------------------------------------- */

/* {"columns": 3, "rows": 3, "hotspot": 0,
 *  "frames": [{"column": 0, "row": 0, "column-span": 2, "row-span": 2, "camera": 4}, …]} */
char *
sl_view_layout_to_json (const SlViewLayout *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_add_int_value (builder, self->columns);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, self->rows);
  if (self->hotspot >= 0)
    {
      json_builder_set_member_name (builder, "hotspot");
      json_builder_add_int_value (builder, self->hotspot);
    }
  json_builder_set_member_name (builder, "frames");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->frames->len; i++)
    {
      const SlViewFrame *frame = frame_at (self, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, frame->column);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, frame->row);
      json_builder_set_member_name (builder, "column-span");
      json_builder_add_int_value (builder, frame->column_span);
      json_builder_set_member_name (builder, "row-span");
      json_builder_add_int_value (builder, frame->row_span);
      if (frame->content != SL_FRAME_EMPTY)
        {
          json_builder_set_member_name (builder, content_names[frame->content]);
          json_builder_add_int_value (builder, frame->id);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
read_uint (JsonObject *object, const char *name, guint fallback, guint *value, GError **error)
{
  gint64 number;

  if (!json_object_has_member (object, name))
    {
      *value = fallback;
      return TRUE;
    }
  number = json_object_get_int_member_with_default (object, name, -1);
  if (number < 0 || number > G_MAXINT)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The split view's '%s' is not a number of cells."), name);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

static gboolean
read_frame (SlViewLayout *self, JsonNode *node, GError **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  SlViewFrame frame = { 0 };

  if (object == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A frame of the split view is not an object."));
      return FALSE;
    }
  if (!read_uint (object, "column", 0, &frame.column, error) ||
      !read_uint (object, "row", 0, &frame.row, error) ||
      !read_uint (object, "column-span", 1, &frame.column_span, error) ||
      !read_uint (object, "row-span", 1, &frame.row_span, error))
    return FALSE;
  for (guint c = SL_FRAME_CAMERA; c <= SL_FRAME_SEQUENCE; c++)
    {
      if (json_object_has_member (object, content_names[c]))
        {
          frame.content = c;
          frame.id = json_object_get_int_member_with_default (object, content_names[c], 0);
        }
    }
  if (frame.id <= 0)
    {
      frame.content = SL_FRAME_EMPTY;
      frame.id = 0;
    }
  g_array_append_val (self->frames, frame);
  return TRUE;
}

SlViewLayout *
sl_view_layout_new_from_json (const char *json, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (SlViewLayout) self = NULL;
  g_autoptr (GError) parse_error = NULL;
  JsonObject *object;
  JsonNode *frames_node;
  JsonArray *frames;
  guint columns, rows;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &parse_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The split view cannot be read (%s)."),
                   parse_error != NULL ? parse_error->message : _ ("not an object"));
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if (!read_uint (object, "columns", 0, &columns, error) ||
      !read_uint (object, "rows", 0, &rows, error))
    return NULL;
  if (columns < 1 || columns > SL_VIEW_LAYOUT_MAX_CELLS || rows < 1 ||
      rows > SL_VIEW_LAYOUT_MAX_CELLS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("A split view has 1 to %d columns and rows, not %u × %u."),
                   SL_VIEW_LAYOUT_MAX_CELLS, columns, rows);
      return NULL;
    }

  self = sl_view_layout_new (columns, rows);
  self->hotspot = json_object_get_int_member_with_default (object, "hotspot", -1);
  frames_node = json_object_get_member (object, "frames");
  frames = frames_node != NULL && JSON_NODE_HOLDS_ARRAY (frames_node)
               ? json_node_get_array (frames_node)
               : NULL;
  for (guint i = 0; frames != NULL && i < json_array_get_length (frames); i++)
    {
      if (!read_frame (self, json_array_get_element (frames, i), error))
        return NULL;
    }
  if (self->hotspot < -1)
    self->hotspot = self->frames->len; /* invalid, reported below */
  if (!sl_view_layout_validate (self, error))
    return NULL;
  sort_frames (self, NULL);
  return g_steal_pointer (&self);
}
