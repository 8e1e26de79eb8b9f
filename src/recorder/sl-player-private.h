// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

#include "sl-catalog.h"
#include "sl-player.h"

G_BEGIN_DECLS

/* Internals shared by the sl-player*.c files. */

/* ---- The playback clock (sl-player-clock.c) -----------------------------
 * The position of the players that share it, in wall-clock microseconds:
 * frozen while paused or while a player holds it (seeking, waiting for its
 * first frame), otherwise advancing at @rate from an anchor. Players that
 * share one clock play in sync. Each player registers a wake-up function that
 * the clock calls (on the caller's thread, without its lock) after every
 * change. Thread-safe. */
typedef struct _SlPlayerClock SlPlayerClock;
typedef void (*SlPlayerClockWakeFunc) (gpointer player);

SlPlayerClock *sl_player_clock_new (void);
SlPlayerClock *sl_player_clock_ref (SlPlayerClock *clock);
void sl_player_clock_unref (SlPlayerClock *clock);
void sl_player_clock_add_player (SlPlayerClock *clock, gpointer player, SlPlayerClockWakeFunc wake);
void sl_player_clock_remove_player (SlPlayerClock *clock, gpointer player);

gint64 sl_player_clock_get_position (SlPlayerClock *clock);
/* The monotonic time (g_get_monotonic_time) at which the clock reaches
 * @position_us, or G_MAXINT64 when it does not run. */
gint64 sl_player_clock_get_due_time (SlPlayerClock *clock, gint64 position_us);
gboolean sl_player_clock_get_playing (SlPlayerClock *clock);
gboolean sl_player_clock_is_running (SlPlayerClock *clock);
double sl_player_clock_get_rate (SlPlayerClock *clock);
void sl_player_clock_set_position (SlPlayerClock *clock, gint64 position_us);
void sl_player_clock_set_playing (SlPlayerClock *clock, gboolean playing);
void sl_player_clock_set_rate (SlPlayerClock *clock, double rate);
/* A player holds the clock from a seek until it shows its first frame. */
void sl_player_clock_hold (SlPlayerClock *clock, gpointer player);
void sl_player_clock_release (SlPlayerClock *clock, gpointer player);
/* A player with nothing to show before @until_us (a gap; G_MAXINT64: no more
 * recordings) says so; when every player of a running clock waits, the clock
 * skips to the earliest of those times, or, when none has more, stops and
 * returns TRUE (the recordings ended). 0 clears the player's wait. */
gboolean sl_player_clock_wait_until (SlPlayerClock *clock, gpointer player, gint64 until_us);

/* ---- One segment file being decoded (sl-player-reader.c) ----------------
 * filesrc ! matroskademux ! h264parse ! avdec_h264 ! videoconvert ! BGRA !
 * appsink, decoding a few frames ahead of what is shown. Used on the
 * player's thread only; its calls block (never the main thread's). */
typedef struct _SlPlayerReader SlPlayerReader;

typedef struct
{
  GstSample *sample;
  gint64 time_us;     /* wall-clock time of the frame */
  gint64 duration_us; /* frame interval */
} SlPlayerFrame;

void sl_player_frame_clear (SlPlayerFrame *frame);

/* A reader is built ahead of need (building a pipeline takes milliseconds),
 * then given its segment once. */
SlPlayerReader *sl_player_reader_new (const char *codec, GError **error);
const char *sl_player_reader_get_codec (SlPlayerReader *reader);
void sl_player_reader_set_segment (SlPlayerReader *reader, const SlSegment *segment);
void sl_player_reader_free (SlPlayerReader *reader);
const SlSegment *sl_player_reader_get_segment (SlPlayerReader *reader);
/* Starts decoding at the frame shown at @time_us (accurate seek: from the
 * key frame before it; the first frame out is the one at or just before). */
gboolean sl_player_reader_seek (SlPlayerReader *reader, gint64 time_us, GError **error);
/* The next decoded frame: TRUE with @frame filled, FALSE with @at_end set
 * when the file has no more (for a file being written: no more yet), or
 * FALSE after @timeout_us without one. */
gboolean sl_player_reader_next (SlPlayerReader *reader,
                                gint64 timeout_us,
                                SlPlayerFrame *frame,
                                gboolean *at_end);
/* Fast playback: only key frames reach the decoder; after turning it off,
 * decoding resumes at the next key frame. */
void sl_player_reader_set_key_frames_only (SlPlayerReader *reader, gboolean key_frames_only);
/* The next segment's reader decodes only its first frame until its turn. */
void sl_player_reader_set_waiting (SlPlayerReader *reader, gboolean waiting);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPlayerReader, sl_player_reader_free)

G_END_DECLS

G_BEGIN_DECLS

/* ---- The player (sl-player.c, sl-player-thread.c) ------------------------ */

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
  gboolean need_first;    /* after a seek: show the first frame at once... */
  gint64 first_wanted;    /* ...the one at this time */
  gboolean step_position; /* after a step: the clock goes to that frame */
  gint64 gap_from;        /* without a reader: nothing from here... */
  gint64 gap_until;       /* ...until here (G_MAXINT64: the end; 0: idle) */
  gint64 follow_from;     /* a growing file ran dry: reopen at this time... */
  gint64 follow_at;       /* ...at this monotonic time */
  gint64 wake_at;         /* monotonic time of the next tick */
  gboolean key_frames_only;
};

/* The player's thread (sl-player-thread.c). */
gpointer sl_player_thread (gpointer player);
/* Posts, from the player's thread, what the main thread shows (coalesced). */
void sl_player_report (SlPlayer *self, gboolean at_gap, gboolean ended);

/* Internals the group uses. */
SlPlayerClock *sl_player_get_clock (SlPlayer *self);
/* Makes @self follow @clock (before its first seek). */
void sl_player_set_clock (SlPlayer *self, SlPlayerClock *clock);
/* Asks the player's thread to show the frame at @time_us, without moving the
 * clock (the caller does). */
void sl_player_request_seek (SlPlayer *self, gint64 time_us);
void sl_player_request_step (SlPlayer *self, int frames);

/* Finds where previous/next goes for the cameras @camera_ids (gint64) from
 * @time_us, with the catalog's _async calls; @callback gets the target
 * (G_MININT64: none) on the main thread. */
typedef void (*SlPlayerJumpFunc) (gint64 target_us, gpointer user_data);
void sl_player_find_jump (SlCatalog *catalog,
                          GArray *camera_ids,
                          gint64 time_us,
                          SlPlayerJump jump,
                          gboolean forward,
                          GCancellable *cancellable,
                          SlPlayerJumpFunc callback,
                          gpointer user_data);

G_END_DECLS
