// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-playback-view-tile.h"
#include "sl-playback-view.h"
#include "sl-snapshot.h"
#include "sl-view-layout.h"

#define SETTINGS_SCHEMA "org.sightline.Sightline"

struct _SlPlaybackView
{
  GtkWidget parent_instance;

  /* Template children */
  GtkGrid *grid;
  GtkBox *timeline_slot;
  GtkLabel *time_label;
  GtkButton *play_button;
  GtkMenuButton *rate_button;

  /* Owned */
  SlCatalog *catalog;
  SlPlayerGroup *group;
  GPtrArray *tiles; /* SlPlaybackViewTile, borrowed from the grid */
};

enum
{
  PROP_0,
  PROP_POSITION,
  PROP_PLAYING,
  PROP_RATE,
  N_PROPS
};

enum
{
  SIGNAL_GO_LIVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlPlaybackView, sl_playback_view, GTK_TYPE_WIDGET)

/* ---- showing the state -------------------------------------------------- */

static char *
format_rate (double rate)
{
  if (rate < 1.0)
    return g_strdup_printf ("1/%d×", (int)(1.0 / rate + 0.5));
  return g_strdup_printf ("%d×", (int)(rate + 0.5));
}

static void
update_time_label (SlPlaybackView *self)
{
  gint64 position = sl_player_group_get_position (self->group);
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (position <= 0)
    {
      gtk_label_set_label (self->time_label, "");
      return;
    }
  utc = g_date_time_new_from_unix_utc (position / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  /* Translators: the date and time of the video shown, e.g. "11/21/26 14:03:12" */
  text = g_date_time_format (local, _ ("%x %H:%M:%S"));
  gtk_label_set_label (self->time_label, text);
}

static void
position_cb (SlPlaybackView *self)
{
  update_time_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
playing_cb (SlPlaybackView *self)
{
  gboolean playing = sl_player_group_get_playing (self->group);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _ ("Pause (Space)") : _ ("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _ ("Pause") : _ ("Play"), -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
rate_cb (SlPlaybackView *self)
{
  g_autofree char *label = format_rate (sl_player_group_get_rate (self->group));

  gtk_menu_button_set_label (self->rate_button, label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

static void
ended_cb (SlPlaybackView *self)
{
  g_signal_emit (self, signals[SIGNAL_GO_LIVE], 0);
}

static void
new_group (SlPlaybackView *self)
{
  if (self->group != NULL)
    g_signal_handlers_disconnect_by_data (self->group, self);
  g_clear_object (&self->group);
  self->group = sl_player_group_new (self->catalog);
  g_signal_connect_object (self->group, "notify::position", G_CALLBACK (position_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group, "notify::playing", G_CALLBACK (playing_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group, "notify::rate", G_CALLBACK (rate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group, "ended", G_CALLBACK (ended_cb), self, G_CONNECT_SWAPPED);
}

/* Lays the tiles out in the split view's square template. */
static void
layout_tiles (SlPlaybackView *self)
{
  g_autoptr (SlViewLayout) template =
      sl_view_layout_new_from_template (sl_view_template_for_cameras (self->tiles->len));
  guint columns = sl_view_layout_get_columns (template);

  for (guint i = 0; i < self->tiles->len; i++)
    {
      GtkWidget *tile = self->tiles->pdata[i];

      if (gtk_widget_get_parent (tile) != NULL)
        {
          g_object_ref (tile);
          gtk_grid_remove (self->grid, tile);
        }
      else
        g_object_ref_sink (tile);
      gtk_grid_attach (self->grid, tile, i % columns, i / columns, 1, 1);
      g_object_unref (tile);
    }
}

/* ---- actions ------------------------------------------------------------ */

static void
play_pause_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlPlaybackView *self = SL_PLAYBACK_VIEW (widget);

  if (sl_player_group_get_playing (self->group))
    sl_player_group_pause (self->group);
  else
    sl_player_group_play (self->group);
}

static void
step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlPlaybackView *self = SL_PLAYBACK_VIEW (widget);

  sl_player_group_step (self->group, g_str_equal (action_name, "playback.step-back") ? -1 : 1);
}

static void
jump_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlPlaybackView *self = SL_PLAYBACK_VIEW (widget);
  gboolean forward = g_str_has_prefix (action_name, "playback.next-");
  SlPlayerJump jump =
      g_str_has_suffix (action_name, "-event") ? SL_PLAYER_JUMP_EVENT : SL_PLAYER_JUMP_RECORDING;

  sl_player_group_jump (self->group, jump, forward);
}

/* The first camera's picture at its decoded size, as a live tile's snapshot;
 * named after the camera and the time of the frame shown. */
static void
snapshot_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlPlaybackView *self = SL_PLAYBACK_VIEW (widget);
  SlPlaybackViewTile *tile = self->tiles->len > 0 ? self->tiles->pdata[0] : NULL;
  GdkTexture *texture =
      tile != NULL ? sl_video_paintable_get_texture (sl_playback_view_tile_get_paintable (tile))
                   : NULL;
  SlPlayer *player = tile != NULL ? sl_playback_view_tile_get_player (tile) : NULL;
  gint64 time_us = player != NULL ? sl_player_get_frame_time (player) : 0;

  if (texture == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  sl_snapshot_take (widget, texture, sl_playback_view_tile_get_name (tile),
                    time_us > 0 ? time_us : sl_player_group_get_position (self->group));
}

static void
go_live_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlPlaybackView *self = SL_PLAYBACK_VIEW (widget);

  sl_player_group_pause (self->group);
  g_signal_emit (self, signals[SIGNAL_GO_LIVE], 0);
}

/* ---- GObject ------------------------------------------------------------ */

static void
sl_playback_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlPlaybackView *self = SL_PLAYBACK_VIEW (object);

  switch (prop_id)
    {
      case PROP_POSITION:
        g_value_set_int64 (value, sl_playback_view_get_position (self));
        break;
      case PROP_PLAYING:
        g_value_set_boolean (value, sl_playback_view_get_playing (self));
        break;
      case PROP_RATE:
        g_value_set_double (value, sl_player_group_get_rate (self->group));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_playback_view_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  SlPlaybackView *self = SL_PLAYBACK_VIEW (object);

  switch (prop_id)
    {
      case PROP_RATE:
        sl_player_group_set_rate (self->group, g_value_get_double (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_playback_view_dispose (GObject *object)
{
  GtkWidget *child;
  SlPlaybackView *self = SL_PLAYBACK_VIEW (object);

  if (self->group != NULL)
    g_signal_handlers_disconnect_by_data (self->group, self);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PLAYBACK_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* The tiles are gone with the grid: the players stop with the group. */
  g_clear_object (&self->group);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sl_playback_view_parent_class)->dispose (object);
}

static void
sl_playback_view_class_init (SlPlaybackViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_playback_view_get_property;
  object_class->set_property = sl_playback_view_set_property;
  object_class->dispose = sl_playback_view_dispose;

  properties[PROP_POSITION] =
      g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
      g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The speed menu's radio items (playback.rate) set it. */
  properties[PROP_RATE] =
      g_param_spec_double ("rate", NULL, NULL, SL_PLAYER_MIN_RATE, SL_PLAYER_MAX_RATE, 1.0,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlPlaybackView::go-live:
   *
   * The user asked for live video, or playback reached the end of the
   * recordings.
   */
  signals[SIGNAL_GO_LIVE] = g_signal_new ("go-live", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/playback-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackView, grid);
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackView, timeline_slot);
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackView, time_label);
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackView, play_button);
  gtk_widget_class_bind_template_child (widget_class, SlPlaybackView, rate_button);

  gtk_widget_class_install_action (widget_class, "playback.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "playback.step-back", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "playback.step-forward", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "playback.previous-recording", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "playback.next-recording", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "playback.previous-event", NULL, jump_action);
  gtk_widget_class_install_action (widget_class, "playback.next-event", NULL, jump_action);
  gtk_widget_class_install_property_action (widget_class, "playback.rate", "rate");
  gtk_widget_class_install_action (widget_class, "playback.go-live", NULL, go_live_action);
  gtk_widget_class_install_action (widget_class, "playback.snapshot", NULL, snapshot_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "playback.snapshot", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "playback.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "playback.step-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "playback.step-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "playback.step-forward",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "playback.step-forward",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "playback.previous-recording", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "playback.next-recording", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "playbackview");
}

static void
sl_playback_view_init (SlPlaybackView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tiles = g_ptr_array_new ();
  /* Clicking the video gives the view the keyboard (Space, comma, period). */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
}

/* ---- public API --------------------------------------------------------- */

/**
 * sl_playback_view_new:
 * @catalog: the catalog to play recordings from
 *
 * Returns: (transfer floating): a recordings view without cameras
 */
GtkWidget *
sl_playback_view_new (SlCatalog *catalog)
{
  SlPlaybackView *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  self = g_object_new (SL_TYPE_PLAYBACK_VIEW, NULL);
  self->catalog = g_object_ref (catalog);
  new_group (self);
  return GTK_WIDGET (self);
}

/**
 * sl_playback_view_new_instant_replay:
 * @catalog: the catalog
 * @camera_id: the camera
 * @name: its name
 * @seconds: how far back to start, 1 to 600; 0 for the
 *   "instant-replay-seconds" setting
 *
 * Returns: (transfer floating): a view playing @camera_id's last @seconds
 */
GtkWidget *
sl_playback_view_new_instant_replay (SlCatalog *catalog,
                                     gint64 camera_id,
                                     const char *name,
                                     int seconds)
{
  GtkWidget *view = sl_playback_view_new (catalog);

  if (seconds <= 0)
    {
      g_autoptr (GSettings) settings = g_settings_new (SETTINGS_SCHEMA);

      seconds = g_settings_get_int (settings, "instant-replay-seconds");
    }
  seconds = CLAMP (seconds, 1, 600);
  sl_playback_view_add_camera (SL_PLAYBACK_VIEW (view), camera_id, name);
  sl_playback_view_seek (SL_PLAYBACK_VIEW (view),
                         g_get_real_time () - (gint64)seconds * G_USEC_PER_SEC);
  sl_playback_view_play (SL_PLAYBACK_VIEW (view));
  return view;
}

void
sl_playback_view_add_camera (SlPlaybackView *self, gint64 camera_id, const char *name)
{
  g_autoptr (SlPlayer) player = NULL;

  g_return_if_fail (SL_IS_PLAYBACK_VIEW (self));

  player = sl_player_new (self->catalog, camera_id);
  sl_player_group_add (self->group, player);
  g_ptr_array_add (self->tiles, sl_playback_view_tile_new (player, name));
  layout_tiles (self);
}

void
sl_playback_view_remove_cameras (SlPlaybackView *self)
{
  g_return_if_fail (SL_IS_PLAYBACK_VIEW (self));

  for (guint i = 0; i < self->tiles->len; i++)
    gtk_grid_remove (self->grid, self->tiles->pdata[i]);
  g_ptr_array_set_size (self->tiles, 0);
  new_group (self);
  update_time_label (self);
}

/**
 * sl_playback_view_set_timeline:
 * @self: a #SlPlaybackView
 * @timeline: (transfer floating): the timeline widget
 *
 * Puts @timeline between the pictures and the transport bar. The caller
 * binds its position to the view's "position" and calls
 * sl_playback_view_seek() and sl_playback_view_pause() from its signals.
 */
void
sl_playback_view_set_timeline (SlPlaybackView *self, GtkWidget *timeline)
{
  GtkWidget *child;

  g_return_if_fail (SL_IS_PLAYBACK_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (timeline));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline_slot))) != NULL)
    gtk_box_remove (self->timeline_slot, child);
  gtk_box_append (self->timeline_slot, timeline);
}

void
sl_playback_view_seek (SlPlaybackView *self, gint64 time_us)
{
  g_return_if_fail (SL_IS_PLAYBACK_VIEW (self));
  sl_player_group_seek (self->group, time_us);
}

void
sl_playback_view_play (SlPlaybackView *self)
{
  g_return_if_fail (SL_IS_PLAYBACK_VIEW (self));
  sl_player_group_play (self->group);
}

void
sl_playback_view_pause (SlPlaybackView *self)
{
  g_return_if_fail (SL_IS_PLAYBACK_VIEW (self));
  sl_player_group_pause (self->group);
}

gint64
sl_playback_view_get_position (SlPlaybackView *self)
{
  g_return_val_if_fail (SL_IS_PLAYBACK_VIEW (self), 0);
  return self->group ? sl_player_group_get_position (self->group) : 0;
}

gboolean
sl_playback_view_get_playing (SlPlaybackView *self)
{
  g_return_val_if_fail (SL_IS_PLAYBACK_VIEW (self), FALSE);
  return self->group ? sl_player_group_get_playing (self->group) : FALSE;
}

SlPlayerGroup *
sl_playback_view_get_group (SlPlaybackView *self)
{
  g_return_val_if_fail (SL_IS_PLAYBACK_VIEW (self), NULL);
  return self->group;
}

GdkPaintable *
sl_playback_view_get_paintable (SlPlaybackView *self)
{
  g_return_val_if_fail (SL_IS_PLAYBACK_VIEW (self), NULL);

  if (self->tiles->len == 0)
    return NULL;
  return GDK_PAINTABLE (sl_playback_view_tile_get_paintable (self->tiles->pdata[0]));
}
