// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include "sl-playback-view-tile.h"

struct _SlPlaybackViewTile
{
  GtkWidget parent_instance;

  /* Template children */
  GtkWidget *overlay;
  GtkPicture *picture;
  GtkWidget *message_label;
  GtkLabel *name_label;

  /* Owned */
  SlPlayer *player;
  SlVideoPaintable *paintable;
};

G_DEFINE_FINAL_TYPE (SlPlaybackViewTile, sl_playback_view_tile, GTK_TYPE_WIDGET)

/* The player's thread: frames go straight to the paintable, which shows the
 * newest one per main-loop turn. */
static void
frame_cb (GstSample *sample, gpointer user_data)
{
  sl_video_paintable_push_sample (SL_VIDEO_PAINTABLE (user_data), sample);
}

static void
at_gap_cb (SlPlaybackViewTile *self)
{
  gboolean at_gap = sl_player_get_at_gap (self->player);

  gtk_widget_set_visible (self->message_label, at_gap);
  if (at_gap)
    sl_video_paintable_clear (self->paintable);
}

static void
sl_playback_view_tile_dispose (GObject *object)
{
  GtkWidget *child;
  SlPlaybackViewTile *self = SL_PLAYBACK_VIEW_TILE (object);

  if (self->player != NULL)
    {
      /* No frame arrives once this returns. */
      sl_player_set_frame_func (self->player, NULL, NULL, NULL);
      g_signal_handlers_disconnect_by_data (self->player, self);
      g_clear_object (&self->player);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PLAYBACK_VIEW_TILE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (sl_playback_view_tile_parent_class)->dispose (object);
}

static void
sl_playback_view_tile_map (GtkWidget *widget)
{
  SlPlaybackViewTile *self = SL_PLAYBACK_VIEW_TILE (widget);

  GTK_WIDGET_CLASS (sl_playback_view_tile_parent_class)->map (widget);
  sl_video_paintable_follow_renderer (self->paintable, widget);
}

static void
sl_playback_view_tile_class_init (SlPlaybackViewTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_playback_view_tile_dispose;
  widget_class->map = sl_playback_view_tile_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/playback-view-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackViewTile, overlay);
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackViewTile, picture);
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackViewTile, message_label);
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackViewTile, name_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Styled as a live tile (style.css): same plates and colours. */
  gtk_widget_class_set_css_name (widget_class, "livetile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sl_playback_view_tile_init (SlPlaybackViewTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->paintable = sl_video_paintable_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));
}

/**
 * sl_playback_view_tile_new:
 * @player: the camera's player
 * @name: the camera's name
 *
 * Returns: (transfer floating): a tile showing what @player plays
 */
GtkWidget *
sl_playback_view_tile_new (SlPlayer *player, const char *name)
{
  SlPlaybackViewTile *self;

  g_return_val_if_fail (SL_IS_PLAYER (player), NULL);

  self = g_object_new (SL_TYPE_PLAYBACK_VIEW_TILE, NULL);
  self->player = g_object_ref (player);
  gtk_label_set_label (self->name_label, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  sl_player_set_frame_func (player, frame_cb, g_object_ref (self->paintable), g_object_unref);
  g_signal_connect_object (player, "notify::at-gap", G_CALLBACK (at_gap_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

SlPlayer *
sl_playback_view_tile_get_player (SlPlaybackViewTile *self)
{
  g_return_val_if_fail (SL_IS_PLAYBACK_VIEW_TILE (self), NULL);
  return self->player;
}

SlVideoPaintable *
sl_playback_view_tile_get_paintable (SlPlaybackViewTile *self)
{
  g_return_val_if_fail (SL_IS_PLAYBACK_VIEW_TILE (self), NULL);
  return self->paintable;
}

const char *
sl_playback_view_tile_get_name (SlPlaybackViewTile *self)
{
  g_return_val_if_fail (SL_IS_PLAYBACK_VIEW_TILE (self), NULL);

  return gtk_label_get_label (self->name_label);
}
