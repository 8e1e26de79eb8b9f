// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-live-tile.h"

G_BEGIN_DECLS

/* What sl-live-tile.c (video, state, stream choice) shares with
 * sl-live-tile-input.c (menu, keys, zoom). */
struct _SlLiveTile
{
  GtkWidget parent_instance;

  /* Template children */
  GtkPicture *picture;
  GtkLabel *message_label;
  GtkWidget *recording_badge;
  GtkWidget *motion_badge;
  GtkLabel *zoom_label;
  GtkLabel *name_label;
  GtkWidget *state_dot;
  GtkLabel *state_label;
  GMenuModel *context_menu;
  GMenu *camera_section;

  /* Borrowed */
  GdkToplevel *toplevel; /* watched for minimising while mapped */

  /* Owned */
  SlCamera *camera;
  SlVideoPaintable *paintable;
  GSimpleActionGroup *actions;
  GtkWidget *popover;

  GHashTable *overlay_images; /* child widget -> OverlayImage (sl-live-tile-input.c) */

  SlStreamProfile profile;
  gboolean motion;

  /* The viewer whose frames are shown, and the one replacing it until its
   * first frame comes; each pushes with its own source token. */
  guint viewer_id;
  SlCameraStream viewer_stream;
  guint viewer_token;
  guint next_viewer_id;
  SlCameraStream next_stream;
  guint next_token;
  guint last_token;
  int box_width; /* the frame size asked of the viewers */
  int box_height;

  guint stall_check_id;
  guint64 frames_seen;
  gint64 last_frame_us;
  gboolean video_flowing;

  /* Pointer and drags, in tile coordinates */
  double pointer_x;
  double pointer_y;
  gboolean drawing_area;
  graphene_rect_t area; /* the rectangle being drawn to zoom into */
  double pan_center_x;
  double pan_center_y;
};

/* sl-live-tile.c */
void sl_live_tile_update_viewer (SlLiveTile *self);
SlCameraStream sl_live_tile_get_shown_stream (SlLiveTile *self);

/* sl-live-tile-input.c */
void sl_live_tile_class_init_input (GtkWidgetClass *widget_class);
void sl_live_tile_init_input (SlLiveTile *self);
void sl_live_tile_zoom_changed (SlLiveTile *self);

G_END_DECLS
