// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-tile-window.h"

struct _SlTileWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  GtkWidget *header_bar;
  AdwWindowTitle *window_title;
  SlLiveTile *tile;

  gboolean for_fullscreen;
  gboolean was_fullscreen;
};

G_DEFINE_FINAL_TYPE (SlTileWindow, sl_tile_window, ADW_TYPE_APPLICATION_WINDOW)

static void
fullscreened_cb (SlTileWindow *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));

  /* Full screen is the picture alone. */
  gtk_widget_set_visible (self->header_bar, !fullscreen);
  if (fullscreen)
    self->was_fullscreen = TRUE;
  else if (self->for_fullscreen && self->was_fullscreen)
    gtk_window_close (GTK_WINDOW (self));
}

static void
toggle_fullscreen_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sl_tile_window_toggle_fullscreen (SL_TILE_WINDOW (widget));
}

static void
leave_fullscreen_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlTileWindow *self = SL_TILE_WINDOW (widget);

  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_unfullscreen (GTK_WINDOW (self));
  else if (self->for_fullscreen)
    gtk_window_close (GTK_WINDOW (self));
}

static void
sl_tile_window_class_init (SlTileWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SL_TYPE_LIVE_TILE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/tile-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTileWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SlTileWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlTileWindow, tile);

  gtk_widget_class_install_action (widget_class, "tile-window.toggle-fullscreen", NULL,
                                   toggle_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "tile-window.leave-fullscreen", NULL,
                                   leave_fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0,
                                       "tile-window.toggle-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "tile-window.leave-fullscreen", NULL);
}

static void
sl_tile_window_init (SlTileWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (fullscreened_cb), NULL);
}

/**
 * sl_tile_window_new:
 * @application: (nullable): the application the window belongs to
 * @camera: the camera to show
 * @profile: the stream profile of the tile
 * @for_fullscreen: whether the window is the full screen view of a tile
 *
 * Returns: (transfer none): a new window, not yet shown
 */
GtkWidget *
sl_tile_window_new (GtkApplication *application,
                    SlCamera *camera,
                    SlStreamProfile profile,
                    gboolean for_fullscreen)
{
  SlTileWindow *self;

  g_return_val_if_fail (SL_IS_CAMERA (camera), NULL);

  self = g_object_new (SL_TYPE_TILE_WINDOW, "application", application, "title",
                       sl_camera_get_name (camera), NULL);
  adw_window_title_set_title (self->window_title, sl_camera_get_name (camera));
  sl_live_tile_set_camera (self->tile, camera);
  sl_live_tile_set_profile (self->tile, profile);
  self->for_fullscreen = for_fullscreen;
  if (for_fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->tile));
  return GTK_WIDGET (self);
}

/**
 * sl_tile_window_get_tile:
 * @self: a #SlTileWindow
 *
 * Returns: (transfer none): the tile of @self
 */
SlLiveTile *
sl_tile_window_get_tile (SlTileWindow *self)
{
  g_return_val_if_fail (SL_IS_TILE_WINDOW (self), NULL);

  return self->tile;
}

void
sl_tile_window_toggle_fullscreen (SlTileWindow *self)
{
  g_return_if_fail (SL_IS_TILE_WINDOW (self));

  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_unfullscreen (GTK_WINDOW (self));
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
}
