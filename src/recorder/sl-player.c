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
 * back as one coalesced update per main-loop turn. */

#define TOUCHING_US      100000 /* closer than this, two segments touch */
#define KEY_FRAMES_ABOVE 4.0    /* faster than this, decode key frames only */
#define IDLE_WAKE_US     (G_USEC_PER_SEC / 2)
#define FOLLOW_RETRY_US  (G_USEC_PER_SEC / 4)
#define LIVE_MARGIN_US   (2 * G_USEC_PER_SEC)

struct _SlPlayer
{
  GObject parent_instance;

  /* Owned, set once */
  SlCatalog *catalog;
  gint64 camera_id;
  GMainContext *context; /* where notifications go */
  GCancellable *cancellable;
  SlPlayerClock *clock;
  GThread *thread;

  /* The frame function, called on the player's thread under @frame_lock */
  GMutex frame_lock;
  SlCameraFrameFunc frame_func;
  gpointer frame_data;
  GDestroyNotify frame_destroy;

  /* Shared with the player's thread, under @lock */
  GMutex lock;
  GCond cond;
  gboolean quit;
  gboolean woken;
  gboolean seek_pending;
  gint64 seek_to;
  int step_pending;
  gint64 report_position;
  gint64 report_frame_time;
  gboolean report_at_gap;
  gboolean report_ended;
  gboolean report_queued;

  /* Main thread */
  gint64 position;
  gint64 frame_time;
  gboolean at_gap;
  gboolean playing;
  double rate;

  /* Player's thread only */
  SlPlayerReader *reader;
  SlPlayerReader *next_reader;
  GPtrArray *retired;      /* SlPlayerReader, to close when there is time */
  SlPlayerReader *spare;   /* built ahead, for the next segment to open */
  SlSegment *next_segment; /* what follows @reader's segment, once looked up */
  gboolean next_looked_up;
  SlPlayerFrame pending; /* decoded, not shown yet */
  gint64 shown_time;     /* the frame shown: time and duration (0: none) */
  gint64 shown_duration;
  gboolean need_first;    /* after a seek: show the first frame at once */
  gboolean step_position; /* after a step: the clock goes to that frame */
  gint64 gap_from;        /* without a reader: nothing from here... */
  gint64 gap_until;       /* ...until here (G_MAXINT64: the end; 0: idle) */
  gint64 follow_from;     /* a growing file ran dry: reopen from here... */
  gint64 follow_at;       /* ...at this monotonic time */
  gint64 wake_at;         /* monotonic time of the next tick */
  gboolean key_frames_only;
};

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
static void
report (SlPlayer *self, gboolean at_gap, gboolean ended)
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

/* ---- the player's thread ------------------------------------------------ */

static void
wake_cb (gpointer player)
{
  SlPlayer *self = player;

  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

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

/* A reader decoding @segment from @time_us, or NULL (with a warning). */
static SlPlayerReader *
open_reader (SlPlayer *self, const SlSegment *segment, gint64 time_us)
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
      g_warning ("Camera %" G_GINT64_FORMAT ": %s", self->camera_id, error->message);
      return NULL;
    }
  sl_player_reader_set_key_frames_only (reader, self->key_frames_only);
  return g_steal_pointer (&reader);
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
}

/* No picture from @from until @until (G_MAXINT64: no more recordings). */
static void
enter_gap (SlPlayer *self, gint64 from, gint64 until)
{
  retire (self, &self->reader);
  self->gap_from = from;
  self->gap_until = until;
}

static void
start_reader (SlPlayer *self, gint64 time_us)
{
  g_autoptr (SlSegment) segment = NULL;

  retire (self, &self->reader);
  self->gap_until = 0;
  sl_player_clock_wait_until (self->clock, self, 0);

  /* The segment decoding ahead is the one wanted, most of the time. */
  if (self->next_reader != NULL &&
      segment_contains (sl_player_reader_get_segment (self->next_reader), time_us))
    {
      const SlSegment *next = sl_player_reader_get_segment (self->next_reader);

      self->reader = g_steal_pointer (&self->next_reader);
      g_clear_pointer (&self->next_segment, sl_segment_free);
      self->next_looked_up = FALSE;
      if (time_us - next->start_us > self->shown_duration + TOUCHING_US)
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
      self->next_looked_up = TRUE;
      return;
    }
  self->reader = open_reader (self, segment, time_us);
  if (self->reader == NULL)
    enter_gap (self, time_us, MAX (segment->end_us, time_us + 1));
}

static void
do_seek (SlPlayer *self, gint64 time_us)
{
  sl_player_frame_clear (&self->pending);
  self->follow_from = 0;
  self->need_first = TRUE;

  if (self->reader != NULL &&
      segment_contains (sl_player_reader_get_segment (self->reader), time_us))
    {
      g_autoptr (GError) error = NULL;

      if (sl_player_reader_seek (self->reader, time_us, &error))
        return;
      g_warning ("%s", error->message);
    }
  start_reader (self, time_us);
  if (self->reader == NULL)
    {
      /* Nothing to show: the clock may go on. */
      self->need_first = FALSE;
      self->shown_time = self->shown_duration = 0;
      sl_player_clock_release (self->clock, self);
    }
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
          report (self, FALSE, FALSE);
          return;
        }
    }
  /* Backward, or forward past the end of the segment: an accurate seek to
   * the middle of the wanted frame shows it. */
  sl_player_clock_hold (self->clock, self);
  self->step_position = TRUE;
  do_seek (self, target);
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
      /* The file being written: near live, playback ends; otherwise read
       * again what has been written since. */
      gint64 position = sl_player_clock_get_position (self->clock);

      g_debug ("Player %" G_GINT64_FORMAT ": the segment being written ran dry %.1f s behind live",
               self->camera_id, (g_get_real_time () - position) / 1e6);
      retire (self, &self->reader);
      self->wake_at = g_get_monotonic_time ();
      if (position >= g_get_real_time () - LIVE_MARGIN_US)
        enter_gap (self, last_end, G_MAXINT64);
      else
        {
          self->follow_from = MAX (last_end, segment->start_us);
          self->follow_at = g_get_monotonic_time () + FOLLOW_RETRY_US;
          self->wake_at = self->follow_at;
        }
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
      g_clear_pointer (&self->next_segment, sl_segment_free);
      self->next_looked_up = FALSE;
    }
  else
    enter_gap (self, last_end, self->next_segment->start_us);
  self->wake_at = g_get_monotonic_time ();
}

/* Reopens a growing file where it ran dry. */
static void
follow (SlPlayer *self)
{
  g_autoptr (SlSegment) segment = find_segment (self, self->follow_from - 1);
  gint64 from = self->follow_from;

  self->follow_from = 0;
  if (segment == NULL)
    {
      enter_gap (self, from, G_MAXINT64);
      return;
    }
  self->reader =
      open_reader (self, segment, MAX (from + self->shown_duration / 2, segment->start_us));
  if (self->reader == NULL)
    enter_gap (self, from, G_MAXINT64);
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
      start_reader (self, position);
      report (self, self->reader == NULL, FALSE);
      self->wake_at = g_get_monotonic_time ();
      return;
    }
  report (self, TRUE, ended);
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
      report (self, FALSE, FALSE);
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
  report (self, FALSE, FALSE);
  self->wake_at = now;
}

static gpointer
player_thread (gpointer data)
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

/* ---- internals for the group -------------------------------------------- */

static void
ensure_thread (SlPlayer *self)
{
  if (self->thread == NULL)
    self->thread = g_thread_new ("sl-player", player_thread, self);
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
