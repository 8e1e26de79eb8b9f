// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-sequence-player.h"
#include "sl-split-view.h"

struct _SlSequencePlayer
{
  GtkWidget parent_instance;

  /* Template children */
  GtkOverlay *overlay;
  GtkButton *play_button;
  GtkLabel *position_label;

  /* Owned */
  SlViewStore *store;
  SlSequence *sequence;

  gint64 view_id; /* the sequence of the view tree it follows, or 0 */
  guint depth;
  guint position;
  gboolean playing;
  guint dwell_id;
};

enum
{
  PROP_0,
  PROP_POSITION,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlSequencePlayer, sl_sequence_player, GTK_TYPE_WIDGET)

static void show_item (SlSequencePlayer *self, guint position);

static gboolean
dwell_over_cb (gpointer user_data)
{
  SlSequencePlayer *self = user_data;

  self->dwell_id = 0;
  sl_sequence_player_next (self);
  return G_SOURCE_REMOVE;
}

/* The clock of the current item runs only while playing and on screen. */
static void
update_clock (SlSequencePlayer *self)
{
  gboolean run = self->playing && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                 sl_sequence_get_n_items (self->sequence) > 1;

  g_clear_handle_id (&self->dwell_id, g_source_remove);
  if (run)
    {
      const SlSequenceItem *item = sl_sequence_get_item (self->sequence, self->position);

      self->dwell_id = g_timeout_add_seconds (item->dwell_seconds, dwell_over_cb, self);
    }
}

static void
update_controls (SlSequencePlayer *self)
{
  guint n_items = sl_sequence_get_n_items (self->sequence);
  g_autofree char *position = NULL;
  const char *name = NULL;

  if (n_items > 0)
    {
      const SlSequenceItem *item = sl_sequence_get_item (self->sequence, self->position);
      g_autofree char *reference = g_strdup_printf (
          "%s:%" G_GINT64_FORMAT, item->content == SL_FRAME_CAMERA ? "camera" : "view", item->id);

      name = sl_view_store_get_reference_name (self->store, reference);
      /* TRANSLATORS: item of a sequence: position, count, name of the camera or view */
      position = g_strdup_printf (_ ("%u of %u · %s"), self->position + 1, n_items,
                                  name != NULL ? name : _ ("Removed"));
    }
  gtk_label_set_text (self->position_label, position != NULL ? position : _ ("Empty sequence"));

  gtk_button_set_icon_name (self->play_button, self->playing ? "media-playback-pause-symbolic"
                                                             : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->playing ? _ ("Pause") : _ ("Play"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->playing ? _ ("Pause") : _ ("Play"), -1);
}

static void
show_item (SlSequencePlayer *self, guint position)
{
  guint n_items = sl_sequence_get_n_items (self->sequence);
  GtkWidget *content;

  if (n_items == 0)
    {
      content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (content, "sl-empty-frame");
      gtk_overlay_set_child (self->overlay, content);
      update_controls (self);
      return;
    }

  position %= n_items;
  if (position != self->position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }

  {
    const SlSequenceItem *item = sl_sequence_get_item (self->sequence, position);

    content = sl_split_view_create_content (self->store, item->content, item->id, self->depth);
  }
  gtk_overlay_set_child (self->overlay, content);
  update_controls (self);
  update_clock (self);
}

/* Where the item shown at @position is in @sequence, the nearest one if it is
 * there more than once; -1 if it is gone. */
static int
find_item (const SlSequenceItem *shown, const SlSequence *sequence, guint position)
{
  int found = -1;
  guint best = G_MAXUINT;

  for (guint i = 0; i < sl_sequence_get_n_items (sequence); i++)
    {
      const SlSequenceItem *item = sl_sequence_get_item (sequence, i);
      guint distance = i > position ? i - position : position - i;

      if (item->content == shown->content && item->id == shown->id && distance < best)
        {
          found = i;
          best = distance;
        }
    }
  return found;
}

/* The sequence was edited: the item on screen stays (its tile keeps
 * decoding) if the sequence still has it, with its new dwell time. */
static void
store_changed_cb (SlSequencePlayer *self)
{
  const SlViewRecord *view = sl_view_store_lookup_view (self->store, self->view_id);
  g_autoptr (SlSequence) sequence = NULL;
  g_autofree char *old_json = NULL;
  g_autofree char *new_json = NULL;
  SlSequenceItem shown = { 0 };
  gboolean had_item;
  int found;

  if (view == NULL || view->kind != SL_VIEW_KIND_SEQUENCE)
    return; /* the tab or frame showing it goes */
  sequence = sl_sequence_new_from_json (view->definition, NULL);
  if (sequence == NULL)
    return;
  old_json = sl_sequence_to_json (self->sequence);
  new_json = sl_sequence_to_json (sequence);
  if (g_str_equal (old_json, new_json))
    {
      update_controls (self); /* names may have changed */
      return;
    }

  had_item = sl_sequence_get_n_items (self->sequence) > 0;
  if (had_item)
    shown = *sl_sequence_get_item (self->sequence, self->position);
  found = had_item ? find_item (&shown, sequence, self->position) : -1;
  sl_sequence_free (self->sequence);
  self->sequence = g_steal_pointer (&sequence);
  g_debug ("Sequence %" G_GINT64_FORMAT " changed: %u items, the shown one %s", self->view_id,
           sl_sequence_get_n_items (self->sequence), found >= 0 ? "stays" : "went");
  if (found < 0)
    {
      guint n_items = sl_sequence_get_n_items (self->sequence);

      show_item (self, n_items > 0 ? MIN (self->position, n_items - 1) : 0);
      return;
    }
  if ((guint)found != self->position)
    {
      self->position = found;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  update_controls (self);
  update_clock (self);
}

static void
player_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlSequencePlayer *self = SL_SEQUENCE_PLAYER (widget);

  if (g_str_equal (action_name, "sequence.next"))
    sl_sequence_player_next (self);
  else if (g_str_equal (action_name, "sequence.previous"))
    sl_sequence_player_previous (self);
  else
    sl_sequence_player_set_playing (self, !self->playing);
}

static void
sl_sequence_player_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sl_sequence_player_parent_class)->map (widget);
  update_clock (SL_SEQUENCE_PLAYER (widget));
}

static void
sl_sequence_player_unmap (GtkWidget *widget)
{
  SlSequencePlayer *self = SL_SEQUENCE_PLAYER (widget);

  g_clear_handle_id (&self->dwell_id, g_source_remove);
  GTK_WIDGET_CLASS (sl_sequence_player_parent_class)->unmap (widget);
}

static void
sl_sequence_player_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlSequencePlayer *self = SL_SEQUENCE_PLAYER (object);

  switch (prop_id)
    {
      case PROP_POSITION:
        g_value_set_uint (value, self->position);
        break;

      case PROP_PLAYING:
        g_value_set_boolean (value, self->playing);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_sequence_player_dispose (GObject *object)
{
  SlSequencePlayer *self = SL_SEQUENCE_PLAYER (object);

  g_clear_handle_id (&self->dwell_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SEQUENCE_PLAYER);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_sequence_player_parent_class)->dispose (object);
}

static void
sl_sequence_player_finalize (GObject *object)
{
  SlSequencePlayer *self = SL_SEQUENCE_PLAYER (object);

  g_clear_pointer (&self->sequence, sl_sequence_free);

  G_OBJECT_CLASS (sl_sequence_player_parent_class)->finalize (object);
}

static void
sl_sequence_player_class_init (SlSequencePlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_sequence_player_get_property;
  object_class->dispose = sl_sequence_player_dispose;
  object_class->finalize = sl_sequence_player_finalize;
  widget_class->map = sl_sequence_player_map;
  widget_class->unmap = sl_sequence_player_unmap;

  properties[PROP_POSITION] =
      g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
      g_param_spec_boolean ("playing", NULL, NULL, TRUE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "sequence.next", NULL, player_action_cb);
  gtk_widget_class_install_action (widget_class, "sequence.previous", NULL, player_action_cb);
  gtk_widget_class_install_action (widget_class, "sequence.play-pause", NULL, player_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sequence-player.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSequencePlayer, overlay);
  gtk_widget_class_bind_template_child (widget_class, SlSequencePlayer, play_button);
  gtk_widget_class_bind_template_child (widget_class, SlSequencePlayer, position_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sequenceplayer");
}

static void
sl_sequence_player_init (SlSequencePlayer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->playing = TRUE;
}

/**
 * sl_sequence_player_new:
 * @store: the views and cameras of the items
 * @sequence: the items (copied)
 * @depth: how many split views are around the player
 *
 * Returns: (transfer floating): a player showing the first item, playing
 */
GtkWidget *
sl_sequence_player_new (SlViewStore *store, const SlSequence *sequence, guint depth)
{
  SlSequencePlayer *self;

  g_return_val_if_fail (SL_IS_VIEW_STORE (store), NULL);
  g_return_val_if_fail (sequence != NULL, NULL);

  self = g_object_new (SL_TYPE_SEQUENCE_PLAYER, NULL);
  self->store = g_object_ref (store);
  self->sequence = sl_sequence_copy (sequence);
  self->depth = depth;
  show_item (self, 0);
  return GTK_WIDGET (self);
}

const SlSequence *
sl_sequence_player_get_sequence (SlSequencePlayer *self)
{
  g_return_val_if_fail (SL_IS_SEQUENCE_PLAYER (self), NULL);

  return self->sequence;
}

guint
sl_sequence_player_get_position (SlSequencePlayer *self)
{
  g_return_val_if_fail (SL_IS_SEQUENCE_PLAYER (self), 0);

  return self->position;
}

gboolean
sl_sequence_player_get_playing (SlSequencePlayer *self)
{
  g_return_val_if_fail (SL_IS_SEQUENCE_PLAYER (self), FALSE);

  return self->playing;
}

void
sl_sequence_player_set_playing (SlSequencePlayer *self, gboolean playing)
{
  g_return_if_fail (SL_IS_SEQUENCE_PLAYER (self));

  playing = !!playing;
  if (self->playing == playing)
    return;
  self->playing = playing;
  update_controls (self);
  update_clock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
sl_sequence_player_next (SlSequencePlayer *self)
{
  g_return_if_fail (SL_IS_SEQUENCE_PLAYER (self));

  show_item (self, self->position + 1);
}

void
sl_sequence_player_previous (SlSequencePlayer *self)
{
  guint n_items;

  g_return_if_fail (SL_IS_SEQUENCE_PLAYER (self));

  n_items = sl_sequence_get_n_items (self->sequence);
  show_item (self, n_items > 0 ? (self->position + n_items - 1) % n_items : 0);
}

/**
 * sl_sequence_player_follow_view:
 * @self: a #SlSequencePlayer
 * @view_id: the sequence of the store that @self plays
 *
 * Makes @self play the sequence as it is edited: when the store's copy of
 * @view_id changes, the player takes the new items and dwell times, keeping
 * the item on screen if it is still there.
 */
void
sl_sequence_player_follow_view (SlSequencePlayer *self, gint64 view_id)
{
  g_return_if_fail (SL_IS_SEQUENCE_PLAYER (self));

  if (self->view_id == 0 && view_id != 0)
    g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  self->view_id = view_id;
  if (view_id != 0)
    store_changed_cb (self);
}

gint64
sl_sequence_player_get_view_id (SlSequencePlayer *self)
{
  g_return_val_if_fail (SL_IS_SEQUENCE_PLAYER (self), 0);

  return self->view_id;
}

GtkWidget *
sl_sequence_player_get_content (SlSequencePlayer *self)
{
  g_return_val_if_fail (SL_IS_SEQUENCE_PLAYER (self), NULL);

  return gtk_overlay_get_child (self->overlay);
}
