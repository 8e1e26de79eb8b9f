// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-views"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sl-error.h"
#include "sl-sequence.h"

struct _SlSequence
{
  GArray *items; /* SlSequenceItem */
};

G_DEFINE_BOXED_TYPE (SlSequence, sl_sequence, sl_sequence_copy, sl_sequence_free)

SlSequence *
sl_sequence_new (void)
{
  SlSequence *self = g_new0 (SlSequence, 1);

  self->items = g_array_new (FALSE, TRUE, sizeof (SlSequenceItem));
  return self;
}

SlSequence *
sl_sequence_copy (const SlSequence *self)
{
  SlSequence *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sl_sequence_new ();
  g_array_append_vals (copy->items, self->items->data, self->items->len);
  return copy;
}

void
sl_sequence_free (SlSequence *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->items);
  g_free (self);
}

guint
sl_sequence_get_n_items (const SlSequence *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

const SlSequenceItem *
sl_sequence_get_item (const SlSequence *self, guint index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, SlSequenceItem, index);
}

gboolean
sl_sequence_add_item (
    SlSequence *self, SlFrameContent content, gint64 id, guint dwell_seconds, GError **error)
{
  SlSequenceItem item = { content, id, dwell_seconds };

  g_return_val_if_fail (self != NULL, FALSE);

  if ((content != SL_FRAME_CAMERA && content != SL_FRAME_VIEW) || id <= 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A sequence shows cameras and views only."));
      return FALSE;
    }
  if (dwell_seconds < 1 || dwell_seconds > SL_SEQUENCE_MAX_DWELL_SECONDS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("A dwell time is 1 to %d seconds, not %u."), SL_SEQUENCE_MAX_DWELL_SECONDS,
                   dwell_seconds);
      return FALSE;
    }
  g_array_append_val (self->items, item);
  return TRUE;
}

void
sl_sequence_remove_item (SlSequence *self, guint index)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->items->len);

  g_array_remove_index (self->items, index);
}

void
sl_sequence_move_item (SlSequence *self, guint from, guint to)
{
  SlSequenceItem item;

  g_return_if_fail (self != NULL);
  g_return_if_fail (from < self->items->len && to < self->items->len);

  item = g_array_index (self->items, SlSequenceItem, from);
  g_array_remove_index (self->items, from);
  g_array_insert_val (self->items, to, item);
}

/* {"items": [{"camera": 3, "dwell": 10}, {"view": 7, "dwell": 5}]} */
char *
sl_sequence_to_json (const SlSequence *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    {
      const SlSequenceItem *item = sl_sequence_get_item (self, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, item->content == SL_FRAME_CAMERA ? "camera" : "view");
      json_builder_add_int_value (builder, item->id);
      json_builder_set_member_name (builder, "dwell");
      json_builder_add_int_value (builder, item->dwell_seconds);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

SlSequence *
sl_sequence_new_from_json (const char *json, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (SlSequence) self = sl_sequence_new ();
  g_autoptr (GError) parse_error = NULL;
  JsonNode *items_node;
  JsonArray *items;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &parse_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("The sequence cannot be read (%s)."),
                   parse_error != NULL ? parse_error->message : _ ("not an object"));
      return NULL;
    }

  items_node =
      json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "items");
  items = items_node != NULL && JSON_NODE_HOLDS_ARRAY (items_node)
              ? json_node_get_array (items_node)
              : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gboolean is_camera = item != NULL && json_object_has_member (item, "camera");
      gint64 id, dwell;

      if (item == NULL)
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                               _ ("An item of the sequence is not an object."));
          return NULL;
        }
      id = json_object_get_int_member_with_default (item, is_camera ? "camera" : "view", 0);
      dwell = json_object_get_int_member_with_default (item, "dwell",
                                                       SL_SEQUENCE_DEFAULT_DWELL_SECONDS);
      if (!sl_sequence_add_item (self, is_camera ? SL_FRAME_CAMERA : SL_FRAME_VIEW, id,
                                 (guint)CLAMP (dwell, 0, G_MAXUINT), error))
        return NULL;
    }
  return g_steal_pointer (&self);
}
