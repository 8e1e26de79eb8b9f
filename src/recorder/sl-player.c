// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include "sl-error.h"
#include "sl-player-private.h"

/* SlPlayer: the recordings of one camera, played on the player's own thread.
 *
 * The main thread only posts requests (seek, step) and moves the clock
 * (play, pause, rate); the player's thread looks segments up in the catalog
 * (blocking calls, allowed off the main thread), decodes them with an
 * SlPlayerReader and hands each frame out when the clock reaches its time.
 * While a segment plays, the next one is already decoding its first frames,
 * so a boundary costs nothing; a gap makes the player wait on the clock,
 * which skips it at once unless another player of its group has something
 * to show. What the main thread shows (position, at-gap, ended) is posted
 * back as one coalesced update per main-loop turn. This file has the object
 * and what runs on the main thread; sl-player-thread.c the player's thread. */

enum
{
  PROP_0,
  PROP_CAMERA_ID,
  PROP_POSITION,
  PROP_PLAYING,
  PROP_RATE,
  PROP_AT_GAP,
  N_PROPS
};

enum
{
  SIGNAL_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlPlayer, sl_player, G_TYPE_OBJECT)

/* ---- reports to the main thread ----------------------------------------- */

static gboolean
deliver_report_cb (gpointer data)
{
  SlPlayer *self = data;
  gint64 position, frame_time;
  gboolean at_gap, ended, playing;

  /* A report posted while the player was being disposed. */
  if (self->clock == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->lock);
  position = self->report_position;
  frame_time = self->report_frame_time;
  at_gap = self->report_at_gap;
  ended = self->report_ended;
  self->report_ended = FALSE;
  self->report_queued = FALSE;
  g_mutex_unlock (&self->lock);

  g_object_freeze_notify (G_OBJECT (self));
  self->frame_time = frame_time;
  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  if (self->at_gap != at_gap)
    {
      self->at_gap = at_gap;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_GAP]);
    }
  playing = sl_player_clock_get_playing (self->clock);
  if (self->playing != playing)
    {
      self->playing = playing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  if (ended)
    g_signal_emit (self, signals[SIGNAL_ENDED], 0);
  return G_SOURCE_REMOVE;
}

/* Player's thread: posts what the main thread shows, coalesced. */
void
sl_player_report (SlPlayer *self, gboolean at_gap, gboolean ended)
{
  gboolean queue;

  g_mutex_lock (&self->lock);
  self->report_position = sl_player_clock_get_position (self->clock);
  self->report_frame_time = self->shown_time;
  self->report_at_gap = at_gap;
  self->report_ended |= ended;
  queue = !self->report_queued;
  self->report_queued = TRUE;
  g_mutex_unlock (&self->lock);

  if (queue)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_report_cb, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

/* ---- waking the player's thread (sl-player-thread.c) -------------------- */

static void
wake_cb (gpointer player)
{
  SlPlayer *self = player;

  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* ---- internals for the group -------------------------------------------- */

static void
ensure_thread (SlPlayer *self)
{
  if (self->thread == NULL)
    self->thread = g_thread_new ("sl-player", sl_player_thread, self);
}

SlPlayerClock *
sl_player_get_clock (SlPlayer *self)
{
  return self->clock;
}

void
sl_player_set_clock (SlPlayer *self, SlPlayerClock *clock)
{
  g_return_if_fail (self->thread == NULL);

  sl_player_clock_remove_player (self->clock, self);
  sl_player_clock_unref (self->clock);
  self->clock = sl_player_clock_ref (clock);
  sl_player_clock_add_player (self->clock, self, wake_cb);
}

void
sl_player_request_seek (SlPlayer *self, gint64 time_us)
{
  /* Held from now: the clock must not run before the frame is there. */
  sl_player_clock_hold (self->clock, self);
  ensure_thread (self);
  g_mutex_lock (&self->lock);
  self->seek_pending = TRUE;
  self->seek_to = time_us;
  self->step_pending = 0;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
sl_player_request_step (SlPlayer *self, int frames)
{
  ensure_thread (self);
  g_mutex_lock (&self->lock);
  self->step_pending += frames;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* ---- GObject ------------------------------------------------------------ */

static void
sl_player_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlPlayer *self = SL_PLAYER (object);

  switch (prop_id)
    {
      case PROP_CAMERA_ID:
        g_value_set_int64 (value, self->camera_id);
        break;
      case PROP_POSITION:
        g_value_set_int64 (value, self->position);
        break;
      case PROP_PLAYING:
        g_value_set_boolean (value, self->playing);
        break;
      case PROP_RATE:
        g_value_set_double (value, self->rate);
        break;
      case PROP_AT_GAP:
        g_value_set_boolean (value, self->at_gap);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_player_dispose (GObject *object)
{
  SlPlayer *self = SL_PLAYER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->thread != NULL)
    {
      /* The thread stops within one pull (20 ms) and closes its files. */
      g_mutex_lock (&self->lock);
      self->quit = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->clock != NULL)
    {
      sl_player_clock_remove_player (self->clock, self);
      g_clear_pointer (&self->clock, sl_player_clock_unref);
    }
  if (self->frame_destroy != NULL)
    self->frame_destroy (self->frame_data);
  self->frame_destroy = NULL;
  self->frame_func = NULL;
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sl_player_parent_class)->dispose (object);
}

static void
sl_player_finalize (GObject *object)
{
  SlPlayer *self = SL_PLAYER (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->retired);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->frame_lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (sl_player_parent_class)->finalize (object);
}

static void
sl_player_class_init (SlPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_player_get_property;
  object_class->dispose = sl_player_dispose;
  object_class->finalize = sl_player_finalize;

  properties[PROP_CAMERA_ID] =
      g_param_spec_int64 ("camera-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POSITION] =
      g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
      g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RATE] =
      g_param_spec_double ("rate", NULL, NULL, SL_PLAYER_MIN_RATE, SL_PLAYER_MAX_RATE, 1.0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AT_GAP] =
      g_param_spec_boolean ("at-gap", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlPlayer::ended:
   *
   * Playback reached the end of the camera's recordings and stopped.
   */
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_player_init (SlPlayer *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->frame_lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->rate = 1.0;
  self->wake_at = G_MAXINT64;
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_player_reader_free);
  self->clock = sl_player_clock_new ();
  sl_player_clock_add_player (self->clock, self, wake_cb);
}

/* ---- public API --------------------------------------------------------- */

SlPlayer *
sl_player_new (SlCatalog *catalog, gint64 camera_id)
{
  SlPlayer *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  self = g_object_new (SL_TYPE_PLAYER, NULL);
  self->catalog = g_object_ref (catalog);
  self->camera_id = camera_id;
  return self;
}

gint64
sl_player_get_camera_id (SlPlayer *self)
{
  g_return_val_if_fail (SL_IS_PLAYER (self), 0);
  return self->camera_id;
}

void
sl_player_set_frame_func (SlPlayer *self,
                          SlCameraFrameFunc func,
                          gpointer user_data,
                          GDestroyNotify destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (SL_IS_PLAYER (self));

  g_mutex_lock (&self->frame_lock);
  old_destroy = self->frame_destroy;
  old_data = self->frame_data;
  self->frame_func = func;
  self->frame_data = user_data;
  self->frame_destroy = destroy;
  g_mutex_unlock (&self->frame_lock);
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/* Main thread: the clock changed here, tell the properties at once. */
static void
clock_changed (SlPlayer *self)
{
  gboolean playing = sl_player_clock_get_playing (self->clock);
  double rate = sl_player_clock_get_rate (self->clock);
  gint64 position = sl_player_clock_get_position (self->clock);

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
  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
}

void
sl_player_seek (SlPlayer *self, gint64 time_us)
{
  g_return_if_fail (SL_IS_PLAYER (self));

  sl_player_clock_set_position (self->clock, time_us);
  sl_player_request_seek (self, time_us);
  clock_changed (self);
}

void
sl_player_play (SlPlayer *self)
{
  g_return_if_fail (SL_IS_PLAYER (self));

  ensure_thread (self);
  sl_player_clock_set_playing (self->clock, TRUE);
  clock_changed (self);
}

void
sl_player_pause (SlPlayer *self)
{
  g_return_if_fail (SL_IS_PLAYER (self));

  sl_player_clock_set_playing (self->clock, FALSE);
  clock_changed (self);
}

void
sl_player_set_rate (SlPlayer *self, double rate)
{
  g_return_if_fail (SL_IS_PLAYER (self));

  sl_player_clock_set_rate (self->clock, CLAMP (rate, SL_PLAYER_MIN_RATE, SL_PLAYER_MAX_RATE));
  clock_changed (self);
}

void
sl_player_step (SlPlayer *self, int frames)
{
  g_return_if_fail (SL_IS_PLAYER (self));

  sl_player_clock_set_playing (self->clock, FALSE);
  clock_changed (self);
  if (frames != 0)
    sl_player_request_step (self, frames);
}

static void
jump_found_cb (gint64 target_us, gpointer user_data)
{
  g_autoptr (SlPlayer) self = user_data;

  if (target_us != G_MININT64 && self->catalog != NULL)
    sl_player_seek (self, target_us);
}

void
sl_player_jump (SlPlayer *self, SlPlayerJump jump, gboolean forward)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_if_fail (SL_IS_PLAYER (self));

  g_array_append_val (ids, self->camera_id);
  sl_player_find_jump (self->catalog, ids, sl_player_clock_get_position (self->clock), jump,
                       forward, self->cancellable, jump_found_cb, g_object_ref (self));
}

gint64
sl_player_get_position (SlPlayer *self)
{
  g_return_val_if_fail (SL_IS_PLAYER (self), 0);
  return self->position;
}

gboolean
sl_player_get_playing (SlPlayer *self)
{
  g_return_val_if_fail (SL_IS_PLAYER (self), FALSE);
  return self->playing;
}

double
sl_player_get_rate (SlPlayer *self)
{
  g_return_val_if_fail (SL_IS_PLAYER (self), 1.0);
  return self->rate;
}

gboolean
sl_player_get_at_gap (SlPlayer *self)
{
  g_return_val_if_fail (SL_IS_PLAYER (self), FALSE);
  return self->at_gap;
}

gint64
sl_player_get_frame_time (SlPlayer *self)
{
  g_return_val_if_fail (SL_IS_PLAYER (self), 0);
  return self->frame_time;
}
