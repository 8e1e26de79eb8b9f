// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include "sl-player-private.h"

/* The clock that players sharing it follow: see sl-player-private.h. */

typedef struct
{
  gpointer player;
  SlPlayerClockWakeFunc wake;
  gboolean holding;
  gint64 wait_until_us; /* 0: not waiting */
} ClockPlayer;

struct _SlPlayerClock
{
  gatomicrefcount ref_count;
  GMutex lock;
  gint64 anchor_us;   /* position at anchor_mono */
  gint64 anchor_mono; /* g_get_monotonic_time () */
  double rate;
  gboolean playing;
  GArray *players; /* ClockPlayer */
};

static gboolean
running_locked (SlPlayerClock *clock)
{
  if (!clock->playing)
    return FALSE;
  for (guint i = 0; i < clock->players->len; i++)
    if (g_array_index (clock->players, ClockPlayer, i).holding)
      return FALSE;
  return TRUE;
}

static gint64
position_locked (SlPlayerClock *clock, gint64 now)
{
  if (!running_locked (clock))
    return clock->anchor_us;
  return clock->anchor_us + (gint64)((now - clock->anchor_mono) * clock->rate);
}

/* Re-anchors at the current position, before a change of how it runs. */
static void
anchor_locked (SlPlayerClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  clock->anchor_us = position_locked (clock, now);
  clock->anchor_mono = now;
}

/* Calls every player's wake function, outside the lock. */
static void
wake_players (SlPlayerClock *clock)
{
  g_autoptr (GArray) players = NULL;

  g_mutex_lock (&clock->lock);
  players = g_array_copy (clock->players);
  g_mutex_unlock (&clock->lock);
  for (guint i = 0; i < players->len; i++)
    {
      ClockPlayer *entry = &g_array_index (players, ClockPlayer, i);

      entry->wake (entry->player);
    }
}

static ClockPlayer *
find_player_locked (SlPlayerClock *clock, gpointer player)
{
  for (guint i = 0; i < clock->players->len; i++)
    if (g_array_index (clock->players, ClockPlayer, i).player == player)
      return &g_array_index (clock->players, ClockPlayer, i);
  return NULL;
}

SlPlayerClock *
sl_player_clock_new (void)
{
  SlPlayerClock *clock = g_new0 (SlPlayerClock, 1);

  g_atomic_ref_count_init (&clock->ref_count);
  g_mutex_init (&clock->lock);
  clock->rate = 1.0;
  clock->players = g_array_new (FALSE, TRUE, sizeof (ClockPlayer));
  return clock;
}

SlPlayerClock *
sl_player_clock_ref (SlPlayerClock *clock)
{
  g_atomic_ref_count_inc (&clock->ref_count);
  return clock;
}

void
sl_player_clock_unref (SlPlayerClock *clock)
{
  if (!g_atomic_ref_count_dec (&clock->ref_count))
    return;
  g_array_unref (clock->players);
  g_mutex_clear (&clock->lock);
  g_free (clock);
}

void
sl_player_clock_add_player (SlPlayerClock *clock, gpointer player, SlPlayerClockWakeFunc wake)
{
  ClockPlayer entry = { player, wake, FALSE, 0 };

  g_mutex_lock (&clock->lock);
  g_array_append_val (clock->players, entry);
  g_mutex_unlock (&clock->lock);
}

void
sl_player_clock_remove_player (SlPlayerClock *clock, gpointer player)
{
  g_mutex_lock (&clock->lock);
  anchor_locked (clock);
  for (guint i = 0; i < clock->players->len; i++)
    if (g_array_index (clock->players, ClockPlayer, i).player == player)
      {
        g_array_remove_index (clock->players, i);
        break;
      }
  g_mutex_unlock (&clock->lock);
  wake_players (clock);
}

gint64
sl_player_clock_get_position (SlPlayerClock *clock)
{
  gint64 position;

  g_mutex_lock (&clock->lock);
  position = position_locked (clock, g_get_monotonic_time ());
  g_mutex_unlock (&clock->lock);
  return position;
}

gint64
sl_player_clock_get_due_time (SlPlayerClock *clock, gint64 position_us)
{
  gint64 due = G_MAXINT64;

  g_mutex_lock (&clock->lock);
  if (running_locked (clock))
    due = clock->anchor_mono + (gint64)((position_us - clock->anchor_us) / clock->rate);
  g_mutex_unlock (&clock->lock);
  return due;
}

gboolean
sl_player_clock_get_playing (SlPlayerClock *clock)
{
  gboolean playing;

  g_mutex_lock (&clock->lock);
  playing = clock->playing;
  g_mutex_unlock (&clock->lock);
  return playing;
}

gboolean
sl_player_clock_is_running (SlPlayerClock *clock)
{
  gboolean running;

  g_mutex_lock (&clock->lock);
  running = running_locked (clock);
  g_mutex_unlock (&clock->lock);
  return running;
}

double
sl_player_clock_get_rate (SlPlayerClock *clock)
{
  double rate;

  g_mutex_lock (&clock->lock);
  rate = clock->rate;
  g_mutex_unlock (&clock->lock);
  return rate;
}

void
sl_player_clock_set_position (SlPlayerClock *clock, gint64 position_us)
{
  g_mutex_lock (&clock->lock);
  clock->anchor_us = position_us;
  clock->anchor_mono = g_get_monotonic_time ();
  for (guint i = 0; i < clock->players->len; i++)
    g_array_index (clock->players, ClockPlayer, i).wait_until_us = 0;
  g_mutex_unlock (&clock->lock);
  wake_players (clock);
}

void
sl_player_clock_set_playing (SlPlayerClock *clock, gboolean playing)
{
  g_mutex_lock (&clock->lock);
  anchor_locked (clock);
  clock->playing = playing;
  g_mutex_unlock (&clock->lock);
  wake_players (clock);
}

void
sl_player_clock_set_rate (SlPlayerClock *clock, double rate)
{
  g_return_if_fail (rate > 0);

  g_mutex_lock (&clock->lock);
  anchor_locked (clock);
  clock->rate = rate;
  g_mutex_unlock (&clock->lock);
  wake_players (clock);
}

static void
set_holding (SlPlayerClock *clock, gpointer player, gboolean holding)
{
  ClockPlayer *entry;
  gboolean changed = FALSE;

  g_mutex_lock (&clock->lock);
  entry = find_player_locked (clock, player);
  if (entry != NULL && entry->holding != holding)
    {
      anchor_locked (clock);
      entry->holding = holding;
      changed = TRUE;
    }
  g_mutex_unlock (&clock->lock);
  if (changed)
    wake_players (clock);
}

void
sl_player_clock_hold (SlPlayerClock *clock, gpointer player)
{
  set_holding (clock, player, TRUE);
}

void
sl_player_clock_release (SlPlayerClock *clock, gpointer player)
{
  set_holding (clock, player, FALSE);
}

gboolean
sl_player_clock_wait_until (SlPlayerClock *clock, gpointer player, gint64 until_us)
{
  ClockPlayer *entry;
  gint64 now = g_get_monotonic_time ();
  gint64 position, earliest = G_MAXINT64;
  gboolean all_wait = TRUE, skipped = FALSE, ended = FALSE;

  g_mutex_lock (&clock->lock);
  entry = find_player_locked (clock, player);
  if (entry != NULL)
    entry->wait_until_us = until_us;
  position = position_locked (clock, now);
  for (guint i = 0; i < clock->players->len; i++)
    {
      ClockPlayer *other = &g_array_index (clock->players, ClockPlayer, i);

      if (other->wait_until_us == 0 || other->wait_until_us <= position)
        all_wait = FALSE;
      else
        earliest = MIN (earliest, other->wait_until_us);
    }
  /* Nobody has anything to show until later: skip the gap at once, or stop
   * at the end of the recordings. */
  if (all_wait && running_locked (clock))
    {
      if (earliest == G_MAXINT64)
        {
          clock->anchor_us = position;
          clock->playing = FALSE;
          ended = TRUE;
        }
      else
        {
          clock->anchor_us = earliest;
          skipped = TRUE;
        }
      clock->anchor_mono = now;
    }
  g_mutex_unlock (&clock->lock);
  if (skipped || ended)
    wake_players (clock);
  return ended;
}
