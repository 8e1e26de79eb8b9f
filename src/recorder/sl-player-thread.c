// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include "sl-error.h"
#include "sl-player-private.h"

/* The player's thread (see sl-player.c): seeks, steps, the frames shown on
 * time, segment boundaries, gaps and the segment being written. Everything
 * here runs on that thread; the fields it shares with the main thread are
 * under the player's lock. */

#define TOUCHING_US      100000 /* closer than this, two segments touch */
#define KEY_FRAMES_ABOVE 4.0    /* faster than this, decode key frames only */
#define IDLE_WAKE_US     (G_USEC_PER_SEC / 2)
#define FOLLOW_RETRY_US  (G_USEC_PER_SEC / 4)
#define LIVE_MARGIN_US   (2 * G_USEC_PER_SEC)

static gboolean
segment_contains (const SlSegment *segment, gint64 time_us)
{
  return segment->start_us <= time_us && time_us < segment->end_us;
}

static void
present (SlPlayer *self, SlPlayerFrame *frame)
{
  self->shown_time = frame->time_us;
  self->shown_duration = frame->duration_us;
  /* Under its own lock, so that once sl_player_set_frame_func() returns, the
   * old function is not running and will not run again. */
  g_mutex_lock (&self->frame_lock);
  if (self->frame_func != NULL)
    self->frame_func (frame->sample, self->frame_data);
  g_mutex_unlock (&self->frame_lock);
  sl_player_frame_clear (frame);
}

/* Closing a pipeline takes milliseconds: readers replaced by a seek are
 * closed once the new frame is out. */
static void
retire (SlPlayer *self, SlPlayerReader **reader)
{
  if (*reader != NULL)
    g_ptr_array_add (self->retired, g_steal_pointer (reader));
}

static void
close_retired (SlPlayer *self)
{
  g_ptr_array_set_size (self->retired, 0);
  /* And a reader ready for the next seek. */
  if (self->spare == NULL)
    {
      g_autoptr (GError) error = NULL;
      const char *codec = self->reader != NULL ? sl_player_reader_get_codec (self->reader) : "h264";

      self->spare = sl_player_reader_new (codec, &error);
      if (self->spare == NULL)
        g_warning ("%s", error->message);
    }
}

static void
drop_readers (SlPlayer *self)
{
  g_ptr_array_set_size (self->retired, 0);
  g_clear_pointer (&self->spare, sl_player_reader_free);
  g_clear_pointer (&self->reader, sl_player_reader_free);
  g_clear_pointer (&self->next_reader, sl_player_reader_free);
  g_clear_pointer (&self->next_segment, sl_segment_free);
  self->next_looked_up = FALSE;
  sl_player_frame_clear (&self->pending);
}

/* A reader decoding @segment from @time_us, or NULL (with a warning; with
 * @unwritten set instead when the file being written cannot be read yet). */
static SlPlayerReader *
open_reader_full (SlPlayer *self, const SlSegment *segment, gint64 time_us, gboolean *unwritten)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlayerReader) reader = NULL;
  const char *codec = segment->codec != NULL ? segment->codec : "h264";

  if (self->spare != NULL && g_str_equal (sl_player_reader_get_codec (self->spare), codec))
    reader = g_steal_pointer (&self->spare);
  else
    reader = sl_player_reader_new (codec, &error);
  if (reader != NULL)
    sl_player_reader_set_segment (reader, segment);
  if (reader == NULL || !sl_player_reader_seek (reader, time_us, &error))
    {
      /* The file being written is empty until the muxer gets its first
       * GOP. */
      *unwritten = reader != NULL && segment->end_us == G_MAXINT64;
      if (*unwritten)
        g_debug ("Camera %" G_GINT64_FORMAT ": %s", self->camera_id, error->message);
      else
        g_warning ("Camera %" G_GINT64_FORMAT ": %s", self->camera_id, error->message);
      return NULL;
    }
  sl_player_reader_set_key_frames_only (reader, self->key_frames_only);
  *unwritten = FALSE;
  return g_steal_pointer (&reader);
}

static SlPlayerReader *
open_reader (SlPlayer *self, const SlSegment *segment, gint64 time_us)
{
  gboolean unwritten;

  return open_reader_full (self, segment, time_us, &unwritten);
}

static SlSegment *
find_segment (SlPlayer *self, gint64 time_us)
{
  g_autoptr (GError) error = NULL;
  SlSegment *segment =
      sl_catalog_find_playback_segment (self->catalog, self->camera_id, time_us, &error);

  if (segment == NULL && !g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    g_warning ("%s", error->message);
  return segment;
}

/* Looks up the segment after the current one and starts decoding it. */
static void
prepare_next (SlPlayer *self)
{
  const SlSegment *current;

  if (self->next_looked_up || self->reader == NULL)
    return;
  current = sl_player_reader_get_segment (self->reader);
  if (current->end_us == G_MAXINT64)
    return; /* being written: nothing follows yet */
  self->next_looked_up = TRUE;
  g_clear_pointer (&self->next_segment, sl_segment_free);
  g_clear_pointer (&self->next_reader, sl_player_reader_free);
  self->next_segment = find_segment (self, current->end_us);
  if (self->next_segment != NULL)
    self->next_reader = open_reader (self, self->next_segment, self->next_segment->start_us);
  if (self->next_reader != NULL)
    sl_player_reader_set_waiting (self->next_reader, TRUE);
}

/* No picture from @from until @until (G_MAXINT64: no more recordings). */
static void
enter_gap (SlPlayer *self, gint64 from, gint64 until)
{
  retire (self, &self->reader);
  self->gap_from = from;
  self->gap_until = until;
  /* A seek that found no frame to show: the clock must not wait for one. */
  if (self->need_first)
    {
      self->need_first = FALSE;
      self->step_position = FALSE;
      sl_player_clock_release (self->clock, self);
    }
}

/* Opens the file being written at @time_us again a little later, once the
 * muxer has written more: it gets a whole GOP at once. */
static void
follow_later (SlPlayer *self, gint64 time_us)
{
  self->follow_from = time_us;
  self->follow_at = g_get_monotonic_time () + FOLLOW_RETRY_US;
  self->wake_at = self->follow_at;
  /* Time to spare: a seek waiting for its frame retires a reader per try. */
  close_retired (self);
}

static void
start_reader (SlPlayer *self, gint64 time_us, gboolean exact)
{
  g_autoptr (SlSegment) segment = NULL;
  gboolean unwritten;

  retire (self, &self->reader);
  self->gap_until = 0;
  sl_player_clock_wait_until (self->clock, self, 0);

  /* The segment decoding ahead is the one wanted, most of the time. */
  if (self->next_reader != NULL &&
      segment_contains (sl_player_reader_get_segment (self->next_reader), time_us))
    {
      const SlSegment *next = sl_player_reader_get_segment (self->next_reader);

      self->reader = g_steal_pointer (&self->next_reader);
      sl_player_reader_set_waiting (self->reader, FALSE);
      g_clear_pointer (&self->next_segment, sl_segment_free);
      self->next_looked_up = FALSE;
      /* After a gap the clock may be a little past the start: playing on
       * from the first frame is right. A seek wants its exact frame. */
      if (time_us - next->start_us > (exact ? 1000 : TOUCHING_US))
        {
          g_autoptr (GError) error = NULL;

          if (!sl_player_reader_seek (self->reader, time_us, &error))
            g_warning ("%s", error->message);
        }
      return;
    }

  retire (self, &self->next_reader);
  g_clear_pointer (&self->next_segment, sl_segment_free);
  self->next_looked_up = FALSE;
  segment = find_segment (self, time_us);
  if (segment == NULL)
    {
      enter_gap (self, time_us, G_MAXINT64);
      return;
    }
  if (segment->start_us > time_us)
    {
      /* In a gap: decode the next recording ahead, ready when it comes. */
      enter_gap (self, time_us, segment->start_us);
      self->next_segment = g_steal_pointer (&segment);
      self->next_reader = open_reader (self, self->next_segment, self->next_segment->start_us);
      if (self->next_reader != NULL)
        sl_player_reader_set_waiting (self->next_reader, TRUE);
      self->next_looked_up = TRUE;
      return;
    }
  self->reader = open_reader_full (self, segment, time_us, &unwritten);
  if (unwritten)
    follow_later (self, time_us);
  else if (self->reader == NULL)
    enter_gap (self, time_us, MAX (segment->end_us, time_us + 1));
}

static void
do_seek (SlPlayer *self, gint64 time_us)
{
  sl_player_frame_clear (&self->pending);
  self->follow_from = 0;
  self->need_first = TRUE;
  self->first_wanted = time_us;
  self->shown_time = self->shown_duration = 0; /* until the frame is out */

  if (self->reader != NULL &&
      segment_contains (sl_player_reader_get_segment (self->reader), time_us))
    {
      g_autoptr (GError) error = NULL;

      if (sl_player_reader_seek (self->reader, time_us, &error))
        return;
      g_warning ("%s", error->message);
    }
  start_reader (self, time_us, TRUE);
}

static void
do_step (SlPlayer *self, int frames)
{
  gint64 duration = self->shown_duration > 0 ? self->shown_duration : 66667;
  gint64 target = self->shown_time + frames * duration + duration / 2;

  if (self->shown_time == 0)
    return;
  if (frames > 0 && self->reader != NULL)
    {
      /* Forward: the frames decoded next, one after another. */
      for (int i = 0; i < frames; i++)
        {
          gboolean at_end = FALSE;

          if (self->pending.sample == NULL &&
              !sl_player_reader_next (self->reader, G_USEC_PER_SEC, &self->pending, &at_end))
            break;
          if (i < frames - 1)
            {
              sl_player_frame_clear (&self->pending);
              continue;
            }
          sl_player_clock_set_position (self->clock, self->pending.time_us);
          present (self, &self->pending);
          sl_player_report (self, FALSE, FALSE);
          return;
        }
    }
  /* Backward, or forward past the end of the segment: an accurate seek to
   * the middle of the wanted frame shows it. */
  sl_player_clock_hold (self->clock, self);
  self->step_position = TRUE;
  do_seek (self, target);
}

/* The file being written ran dry: read on at the time wanted once more has
 * been written, or, when playback has caught up with live, end there. */
static void
segment_ran_dry (SlPlayer *self, const SlSegment *segment, gint64 last_end)
{
  gint64 position = sl_player_clock_get_position (self->clock);
  gint64 now = g_get_real_time ();
  gint64 wanted;
  gboolean caught_up;

  if (self->need_first)
    {
      /* A seek waits for its frame, unless it lies in the future. */
      wanted = self->first_wanted;
      caught_up = wanted > now;
    }
  else
    {
      /* Playback goes on with the frame after the last one shown (or from
       * the clock when none of this segment was). */
      wanted =
          self->shown_time >= segment->start_us ? last_end + self->shown_duration / 2 : position;
      caught_up = position >= now - LIVE_MARGIN_US;
    }
  g_debug ("Player %" G_GINT64_FORMAT ": the segment being written ran dry %.1f s behind live",
           self->camera_id, (now - wanted) / 1e6);
  retire (self, &self->reader);
  self->wake_at = g_get_monotonic_time ();
  if (caught_up)
    enter_gap (self, self->shown_time >= segment->start_us ? last_end : wanted, G_MAXINT64);
  else
    follow_later (self, MAX (wanted, segment->start_us));
}

/* The current segment has no more frames. */
static void
reader_ended (SlPlayer *self)
{
  const SlSegment *segment = sl_player_reader_get_segment (self->reader);
  gint64 last_end =
      self->shown_time > 0 ? self->shown_time + self->shown_duration : segment->end_us;

  if (segment->end_us == G_MAXINT64)
    {
      segment_ran_dry (self, segment, last_end);
      return;
    }

  if (!self->next_looked_up || self->next_segment == NULL)
    {
      self->next_looked_up = FALSE;
      prepare_next (self);
    }
  if (self->next_segment == NULL)
    enter_gap (self, last_end, G_MAXINT64);
  else if (self->next_segment->start_us - MAX (last_end, segment->end_us) <= TOUCHING_US &&
           self->next_reader != NULL)
    {
      /* Touching segments: carry on with the one decoded ahead. */
      retire (self, &self->reader);
      self->reader = g_steal_pointer (&self->next_reader);
      sl_player_reader_set_waiting (self->reader, FALSE);
      g_clear_pointer (&self->next_segment, sl_segment_free);
      self->next_looked_up = FALSE;
    }
  else
    enter_gap (self, last_end, self->next_segment->start_us);
  self->wake_at = g_get_monotonic_time ();
}

/* Reopens a growing file where it ran dry (or, should it have been closed
 * meanwhile, whatever the catalog now holds there). */
static void
follow (SlPlayer *self)
{
  gint64 from = self->follow_from;

  self->follow_from = 0;
  start_reader (self, from, self->need_first);
}

static void
tick_gap (SlPlayer *self)
{
  gint64 position = sl_player_clock_get_position (self->clock);
  gboolean ended;

  if (self->gap_until == 0)
    return; /* not started */
  if (position < self->gap_from)
    {
      /* The last frame is still on screen. */
      self->wake_at = sl_player_clock_get_due_time (self->clock, self->gap_from);
      return;
    }
  ended = sl_player_clock_wait_until (self->clock, self, self->gap_until);
  position = sl_player_clock_get_position (self->clock);
  if (position >= self->gap_until)
    {
      start_reader (self, position, FALSE);
      sl_player_report (self, self->reader == NULL, FALSE);
      self->wake_at = g_get_monotonic_time ();
      return;
    }
  sl_player_report (self, TRUE, ended);
  close_retired (self);
  self->wake_at = sl_player_clock_get_due_time (self->clock, self->gap_until);
}

static void
tick (SlPlayer *self)
{
  gint64 now = g_get_monotonic_time ();
  gboolean key_frames_only = sl_player_clock_get_rate (self->clock) > KEY_FRAMES_ABOVE;
  gint64 due;

  if (key_frames_only != self->key_frames_only)
    {
      self->key_frames_only = key_frames_only;
      if (self->reader != NULL)
        sl_player_reader_set_key_frames_only (self->reader, key_frames_only);
      if (self->next_reader != NULL)
        sl_player_reader_set_key_frames_only (self->next_reader, key_frames_only);
    }

  if (self->follow_from > 0 && self->reader == NULL)
    {
      if (now >= self->follow_at)
        follow (self);
      self->wake_at = self->reader != NULL ? now : self->follow_at;
      return;
    }
  if (self->reader == NULL)
    {
      tick_gap (self);
      return;
    }

  if (self->pending.sample == NULL)
    {
      gboolean at_end;

      if (!sl_player_reader_next (self->reader, 20000, &self->pending, &at_end))
        {
          if (at_end)
            reader_ended (self);
          else
            self->wake_at = now;
          return;
        }
      /* Frames a growing file gave again after reopening. */
      if (self->pending.time_us <= self->shown_time && !self->need_first)
        {
          sl_player_frame_clear (&self->pending);
          self->wake_at = now;
          return;
        }
    }

  if (self->need_first)
    {
      self->need_first = FALSE;
      if (self->step_position)
        {
          self->step_position = FALSE;
          sl_player_clock_set_position (self->clock, self->pending.time_us);
        }
      present (self, &self->pending);
      sl_player_clock_release (self->clock, self);
      sl_player_report (self, FALSE, FALSE);
      close_retired (self);
      self->wake_at = g_get_monotonic_time ();
      return;
    }

  due = sl_player_clock_get_due_time (self->clock, self->pending.time_us);
  if (due > now)
    {
      /* Time to spare: close what a seek replaced, start decoding the
       * next segment. */
      close_retired (self);
      if (!self->next_looked_up)
        {
          prepare_next (self);
          self->wake_at = g_get_monotonic_time ();
          return;
        }
      self->wake_at = due;
      return;
    }
  present (self, &self->pending);
  sl_player_report (self, FALSE, FALSE);
  self->wake_at = now;
}

gpointer
sl_player_thread (gpointer data)
{
  SlPlayer *self = data;

  for (;;)
    {
      gboolean seek;
      gint64 seek_to;
      int step;

      g_mutex_lock (&self->lock);
      while (!self->quit && !self->seek_pending && self->step_pending == 0 && !self->woken &&
             g_get_monotonic_time () < self->wake_at)
        g_cond_wait_until (&self->cond, &self->lock,
                           MIN (self->wake_at, g_get_monotonic_time () + IDLE_WAKE_US));
      if (self->quit)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      seek = self->seek_pending;
      seek_to = self->seek_to;
      step = self->step_pending;
      self->seek_pending = FALSE;
      self->step_pending = 0;
      self->woken = FALSE;
      g_mutex_unlock (&self->lock);

      /* Sleep until woken unless the tick says otherwise. */
      self->wake_at = G_MAXINT64;
      if (seek)
        do_seek (self, seek_to);
      else if (step != 0)
        do_step (self, step);
      tick (self);
    }

  drop_readers (self);
  return NULL;
}
