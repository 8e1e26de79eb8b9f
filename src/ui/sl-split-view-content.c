// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-live-tile.h"
#include "sl-sequence-player.h"
#include "sl-sequence.h"
#include "sl-split-view-private.h"

/* What a frame of a split view (or a sequence) holds: a live tile, a nested
 * split view, a sequence player, or an empty frame saying why. */

/* Split views inside split views: deeper than this shows nothing, so that a
 * view holding itself ends. */
#define MAX_DEPTH 3

static GtkWidget *
empty_frame_new (const char *message)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_add_css_class (box, "sl-empty-frame");
  if (message != NULL)
    {
      GtkWidget *label = gtk_label_new (message);

      gtk_widget_set_vexpand (label, TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "sl-frame-message");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static GtkWidget *
view_content_new (SlViewStore *store, gint64 view_id, guint depth)
{
  const SlViewRecord *view = sl_view_store_lookup_view (store, view_id);
  g_autoptr (GError) error = NULL;

  if (view == NULL)
    return empty_frame_new (_ ("This view was deleted"));

  switch (view->kind)
    {
      case SL_VIEW_KIND_CAMERA:
        return sl_split_view_create_content (store, SL_FRAME_CAMERA, view->camera_id, depth);

      case SL_VIEW_KIND_SEQUENCE:
        return sl_split_view_create_content (store, SL_FRAME_SEQUENCE, view->id, depth);

      case SL_VIEW_KIND_SPLIT:
        {
          g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_json (view->definition, &error);
          SlSplitView *nested;

          if (layout == NULL)
            return empty_frame_new (error->message);
          nested = SL_SPLIT_VIEW (sl_split_view_new (store));
          sl_split_view_set_depth (nested, depth + 1);
          sl_split_view_set_layout (nested, layout);
          return GTK_WIDGET (nested);
        }

      case SL_VIEW_KIND_FOLDER:
      default:
        return empty_frame_new (NULL);
    }
}

/**
 * sl_split_view_create_content:
 * @store: the views and cameras
 * @content: what the frame holds
 * @id: the camera, view or sequence
 * @depth: how many split views are around the frame
 *
 * Returns: (transfer floating): a live tile, a split view, a sequence player or
 *   an empty frame saying why it is empty
 */
GtkWidget *
sl_split_view_create_content (SlViewStore *store, SlFrameContent content, gint64 id, guint depth)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (store), NULL);

  if (depth > MAX_DEPTH)
    return empty_frame_new (_ ("Views nested too deep"));

  switch (content)
    {
      case SL_FRAME_CAMERA:
        {
          SlCamera *camera = sl_view_store_lookup_camera (store, id);

          return camera != NULL ? sl_live_tile_new (camera)
                                : empty_frame_new (_ ("This camera was removed"));
        }

      case SL_FRAME_VIEW:
        return view_content_new (store, id, depth);

      case SL_FRAME_SEQUENCE:
        {
          const SlViewRecord *view = sl_view_store_lookup_view (store, id);
          g_autoptr (SlSequence) sequence = NULL;
          g_autoptr (GError) error = NULL;

          if (view == NULL || view->kind != SL_VIEW_KIND_SEQUENCE)
            return empty_frame_new (_ ("This sequence was deleted"));
          sequence = sl_sequence_new_from_json (view->definition, &error);
          if (sequence == NULL)
            return empty_frame_new (error->message);
          {
            GtkWidget *player = sl_sequence_player_new (store, sequence, depth + 1);

            sl_sequence_player_follow_view (SL_SEQUENCE_PLAYER (player), id);
            return player;
          }
        }

      case SL_FRAME_EMPTY:
      default:
        return empty_frame_new (NULL);
    }
}
