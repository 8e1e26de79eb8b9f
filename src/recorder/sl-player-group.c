// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include "sl-error.h"
#include "sl-player-private.h"

/* SlPlayerGroup: players on one clock (a split view played in sync), and the
 * previous/next lookups that players and groups share. */

/* "Previous" from just after a start goes to the one before, as a second
 * press would otherwise land on the same start. */
#define PREVIOUS_MARGIN_US (G_USEC_PER_SEC)

struct _SlPlayerGroup
{
  GObject parent_instance;

  SlCatalog *catalog;
  SlPlayerClock *clock;
  GPtrArray *players; /* SlPlayer, owned */
  GCancellable *cancellable;

  gint64 position;
  gboolean playing;
  double rate;
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
  SIGNAL_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlPlayerGroup, sl_player_group, G_TYPE_OBJECT)

/* ---- previous / next ---------------------------------------------------- */

typedef struct
{
  SlPlayerJump jump;
  gboolean forward;
  guint waiting;
  gint64 best;
  SlPlayerJumpFunc callback;
  gpointer user_data;
} JumpSearch;

static void
jump_answer_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  JumpSearch *search = data;
  g_autoptr (GError) error = NULL;
  gint64 found;

  if (search->jump == SL_PLAYER_JUMP_RECORDING)
    found = sl_catalog_find_recording_start_finish (SL_CATALOG (source), result, &error);
  else
    {
      g_autoptr (SlEvent) event =
          sl_catalog_find_adjacent_event_finish (SL_CATALOG (source), result, &error);

      found = event != NULL ? event->time_us : 0;
    }
  if (error == NULL)
    {
      if (search->best == G_MININT64)
        search->best = found;
      else
        search->best = search->forward ? MIN (search->best, found) : MAX (search->best, found);
    }
  else if (!g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s", error->message);

  if (--search->waiting > 0)
    return;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    search->callback (search->best, search->user_data);
  else
    search->callback (G_MININT64, search->user_data);
  g_free (search);
}

void
sl_player_find_jump (SlCatalog *catalog,
                     GArray *camera_ids,
                     gint64 time_us,
                     SlPlayerJump jump,
                     gboolean forward,
                     GCancellable *cancellable,
                     SlPlayerJumpFunc callback,
                     gpointer user_data)
{
  JumpSearch *search;
  gint64 from = forward ? time_us : time_us - PREVIOUS_MARGIN_US;

  if (camera_ids->len == 0)
    {
      callback (G_MININT64, user_data);
      return;
    }
  search = g_new0 (JumpSearch, 1);
  search->jump = jump;
  search->forward = forward;
  search->waiting = camera_ids->len;
  search->best = G_MININT64;
  search->callback = callback;
  search->user_data = user_data;
  for (guint i = 0; i < camera_ids->len; i++)
    {
      gint64 camera_id = g_array_index (camera_ids, gint64, i);

      if (jump == SL_PLAYER_JUMP_RECORDING)
        sl_catalog_find_recording_start_async (catalog, camera_id, from, forward, cancellable,
                                               jump_answer_cb, search);
      else
        sl_catalog_find_adjacent_event_async (catalog, camera_id, from, forward, cancellable,
                                              jump_answer_cb, search);
    }
}

/* ---- following the players ---------------------------------------------- */

static void
update_state (SlPlayerGroup *self)
{
  gint64 position = sl_player_clock_get_position (self->clock);
  gboolean playing = sl_player_clock_get_playing (self->clock);
  double rate = sl_player_clock_get_rate (self->clock);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  if (self->playing != playing)
    {
      self->playing = playing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
    }
  if (self->rate != rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
player_notify_cb (GObject *player, GParamSpec *pspec, gpointer data)
{
  update_state (SL_PLAYER_GROUP (data));
}

static void
player_ended_cb (SlPlayer *player, gpointer data)
{
  SlPlayerGroup *self = data;

  update_state (self);
  if (!self->playing)
    g_signal_emit (self, signals[SIGNAL_ENDED], 0);
}

/* ---- GObject ------------------------------------------------------------ */

static void
sl_player_group_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlPlayerGroup *self = SL_PLAYER_GROUP (object);

  switch (prop_id)
    {
      case PROP_POSITION:
        g_value_set_int64 (value, self->position);
        break;
      case PROP_PLAYING:
        g_value_set_boolean (value, self->playing);
        break;
      case PROP_RATE:
        g_value_set_double (value, self->rate);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_player_group_dispose (GObject *object)
{
  SlPlayerGroup *self = SL_PLAYER_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  if (self->players != NULL)
    for (guint i = 0; i < self->players->len; i++)
      g_signal_handlers_disconnect_by_data (self->players->pdata[i], self);
  g_clear_pointer (&self->players, g_ptr_array_unref);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sl_player_group_parent_class)->dispose (object);
}

static void
sl_player_group_finalize (GObject *object)
{
  SlPlayerGroup *self = SL_PLAYER_GROUP (object);

  g_clear_object (&self->cancellable);
  sl_player_clock_unref (self->clock);

  G_OBJECT_CLASS (sl_player_group_parent_class)->finalize (object);
}

static void
sl_player_group_class_init (SlPlayerGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_player_group_get_property;
  object_class->dispose = sl_player_group_dispose;
  object_class->finalize = sl_player_group_finalize;

  properties[PROP_POSITION] =
      g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
      g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RATE] =
      g_param_spec_double ("rate", NULL, NULL, SL_PLAYER_MIN_RATE, SL_PLAYER_MAX_RATE, 1.0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlPlayerGroup::ended:
   *
   * Every camera of the group reached the end of its recordings.
   */
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_player_group_init (SlPlayerGroup *self)
{
  self->clock = sl_player_clock_new ();
  self->players = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->rate = 1.0;
}

/* ---- public API --------------------------------------------------------- */

SlPlayerGroup *
sl_player_group_new (SlCatalog *catalog)
{
  SlPlayerGroup *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  self = g_object_new (SL_TYPE_PLAYER_GROUP, NULL);
  self->catalog = g_object_ref (catalog);
  return self;
}

void
sl_player_group_add (SlPlayerGroup *self, SlPlayer *player)
{
  g_return_if_fail (SL_IS_PLAYER_GROUP (self));
  g_return_if_fail (SL_IS_PLAYER (player));

  sl_player_set_clock (player, self->clock);
  g_ptr_array_add (self->players, g_object_ref (player));
  g_signal_connect_object (player, "notify::position", G_CALLBACK (player_notify_cb), self, 0);
  g_signal_connect_object (player, "notify::playing", G_CALLBACK (player_notify_cb), self, 0);
  g_signal_connect_object (player, "ended", G_CALLBACK (player_ended_cb), self, 0);
  /* Joining a group that already has a position: show it there too. */
  if (self->position > 0)
    sl_player_request_seek (player, sl_player_clock_get_position (self->clock));
}

GPtrArray *
sl_player_group_get_players (SlPlayerGroup *self)
{
  g_return_val_if_fail (SL_IS_PLAYER_GROUP (self), NULL);
  return self->players;
}

void
sl_player_group_seek (SlPlayerGroup *self, gint64 time_us)
{
  g_return_if_fail (SL_IS_PLAYER_GROUP (self));

  sl_player_clock_set_position (self->clock, time_us);
  for (guint i = 0; i < self->players->len; i++)
    sl_player_request_seek (self->players->pdata[i], time_us);
  update_state (self);
}

void
sl_player_group_play (SlPlayerGroup *self)
{
  g_return_if_fail (SL_IS_PLAYER_GROUP (self));

  sl_player_clock_set_playing (self->clock, TRUE);
  update_state (self);
}

void
sl_player_group_pause (SlPlayerGroup *self)
{
  g_return_if_fail (SL_IS_PLAYER_GROUP (self));

  sl_player_clock_set_playing (self->clock, FALSE);
  update_state (self);
}

void
sl_player_group_set_rate (SlPlayerGroup *self, double rate)
{
  g_return_if_fail (SL_IS_PLAYER_GROUP (self));

  sl_player_clock_set_rate (self->clock, CLAMP (rate, SL_PLAYER_MIN_RATE, SL_PLAYER_MAX_RATE));
  update_state (self);
}

void
sl_player_group_step (SlPlayerGroup *self, int frames)
{
  g_return_if_fail (SL_IS_PLAYER_GROUP (self));

  sl_player_clock_set_playing (self->clock, FALSE);
  for (guint i = 0; i < self->players->len; i++)
    sl_player_request_step (self->players->pdata[i], frames);
  update_state (self);
}

static void
group_jump_found_cb (gint64 target_us, gpointer user_data)
{
  g_autoptr (SlPlayerGroup) self = user_data;

  if (target_us != G_MININT64 && self->players != NULL)
    sl_player_group_seek (self, target_us);
}

void
sl_player_group_jump (SlPlayerGroup *self, SlPlayerJump jump, gboolean forward)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_if_fail (SL_IS_PLAYER_GROUP (self));

  for (guint i = 0; i < self->players->len; i++)
    {
      gint64 id = sl_player_get_camera_id (self->players->pdata[i]);

      g_array_append_val (ids, id);
    }
  sl_player_find_jump (self->catalog, ids, sl_player_clock_get_position (self->clock), jump,
                       forward, self->cancellable, group_jump_found_cb, g_object_ref (self));
}

gint64
sl_player_group_get_position (SlPlayerGroup *self)
{
  g_return_val_if_fail (SL_IS_PLAYER_GROUP (self), 0);
  return self->position;
}

gboolean
sl_player_group_get_playing (SlPlayerGroup *self)
{
  g_return_val_if_fail (SL_IS_PLAYER_GROUP (self), FALSE);
  return self->playing;
}

double
sl_player_group_get_rate (SlPlayerGroup *self)
{
  g_return_val_if_fail (SL_IS_PLAYER_GROUP (self), 1.0);
  return self->rate;
}
