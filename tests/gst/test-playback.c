// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include <sqlite3.h>

#include "playback-fixture.h"

/* Playback of recordings made from camsim: one camera recorded with its
 * network down for a few seconds in the middle (a gap), its segments cut into
 * pieces of about two seconds (boundaries without a gap). Every frame carries
 * its capture time in the time strip, which is the ground truth. */

#define FRAME_MS     67  /* 15 fps */
#define TOLERANCE_MS 25  /* capture jitter of the time strips */
#define STALL_MS     200 /* the longest pause between two frames shown */

static PlaybackRecording *recording;
static GPtrArray *segments;   /* SlSegment */
static guint gap_after;       /* index of the segment before the gap */
static GArray *strip_offsets; /* gint64 ms: first time strip - segment start */

typedef struct
{
  gint64 strip_ms;
  gint64 shown_us; /* monotonic */
} Shown;

typedef struct
{
  SlPlayer *player;
  GMutex lock;
  GArray *frames; /* Shown */
} Watcher;

static void
frame_cb (GstSample *sample, gpointer data)
{
  Watcher *watcher = data;
  Shown shown = { -1, g_get_monotonic_time () };

  g_assert_true (bgra_sample_time_strip (sample, &shown.strip_ms));
  g_mutex_lock (&watcher->lock);
  g_array_append_val (watcher->frames, shown);
  g_mutex_unlock (&watcher->lock);
}

static Watcher *
watcher_new (SlPlayer *player)
{
  Watcher *watcher = g_new0 (Watcher, 1);

  watcher->player = g_object_ref (player);
  g_mutex_init (&watcher->lock);
  watcher->frames = g_array_new (FALSE, TRUE, sizeof (Shown));
  sl_player_set_frame_func (player, frame_cb, watcher, NULL);
  return watcher;
}

static void
watcher_free (Watcher *watcher)
{
  /* No frame comes in once this returns. */
  sl_player_set_frame_func (watcher->player, NULL, NULL, NULL);
  g_object_unref (watcher->player);
  g_array_unref (watcher->frames);
  g_mutex_clear (&watcher->lock);
  g_free (watcher);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watcher, watcher_free)

static guint
watcher_count (Watcher *watcher)
{
  guint n;

  g_mutex_lock (&watcher->lock);
  n = watcher->frames->len;
  g_mutex_unlock (&watcher->lock);
  return n;
}

static Shown
watcher_last (Watcher *watcher)
{
  Shown shown;

  g_mutex_lock (&watcher->lock);
  g_assert_cmpuint (watcher->frames->len, >, 0);
  shown = g_array_index (watcher->frames, Shown, watcher->frames->len - 1);
  g_mutex_unlock (&watcher->lock);
  return shown;
}

static void
watcher_clear (Watcher *watcher)
{
  g_mutex_lock (&watcher->lock);
  g_array_set_size (watcher->frames, 0);
  g_mutex_unlock (&watcher->lock);
}

typedef struct
{
  Watcher *watcher;
  guint count;
} FrameWait;

static gboolean
frames_arrived (gpointer data)
{
  FrameWait *wait = data;

  return watcher_count (wait->watcher) >= wait->count;
}

static void
wait_frames (Watcher *watcher, guint count)
{
  FrameWait wait = { watcher, count };

  g_assert_true (wait_until (frames_arrived, &wait, 10000));
}

/* Seeks while paused and returns the time strip of the frame shown. */
static gint64
seek_and_read (SlPlayer *player, Watcher *watcher, gint64 time_us)
{
  watcher_clear (watcher);
  sl_player_seek (player, time_us);
  wait_frames (watcher, 1);
  run_for (0.1); /* a second frame would be a mistake */
  g_assert_cmpuint (watcher_count (watcher), ==, 1);
  return watcher_last (watcher).strip_ms;
}

/* The time strip expected at @time_us, from the offset of its segment. */
static gint64
expected_strip (gint64 time_us)
{
  for (guint i = 0; i < segments->len; i++)
    if (time_us < ((SlSegment *)segments->pdata[i])->end_us)
      return time_us / 1000 + g_array_index (strip_offsets, gint64, i);
  g_assert_not_reached ();
}

static void
assert_shows (gint64 strip_ms, gint64 time_us, const char *what)
{
  gint64 diff = strip_ms - expected_strip (time_us);

  g_test_message ("%s: frame at %+" G_GINT64_FORMAT " ms from the time asked", what, diff);
  /* The frame at or just before the time. */
  g_assert_cmpint (diff, <=, TOLERANCE_MS);
  g_assert_cmpint (diff, >, -FRAME_MS - TOLERANCE_MS);
}

static SlSegment *
segment_at (guint i)
{
  return segments->pdata[i];
}

static gboolean
player_at_gap (gpointer data)
{
  return sl_player_get_at_gap (data);
}

static void
test_seek (void)
{
  g_autoptr (SlPlayer) player = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (Watcher) watcher = watcher_new (player);
  SlSegment *first = segment_at (0);
  SlSegment *boundary = segment_at (2);
  SlSegment *after_gap = segment_at (gap_after + 1);
  gint64 t;

  t = first->start_us + (first->end_us - first->start_us) / 2 + 7000;
  assert_shows (seek_and_read (player, watcher, t), t, "mid-segment");
  /* Into the next segment, which is already decoding from its start. */
  t = segment_at (1)->start_us + 150000;
  assert_shows (seek_and_read (player, watcher, t), t, "into the segment decoded ahead");
  t = boundary->start_us + 20000;
  assert_shows (seek_and_read (player, watcher, t), t, "just after a boundary");
  t = boundary->start_us - 20000;
  assert_shows (seek_and_read (player, watcher, t), t, "just before a boundary");
  t = after_gap->start_us + 20000;
  assert_shows (seek_and_read (player, watcher, t), t, "just after the gap");
  t = after_gap->start_us + 1500000 + 33000;
  assert_shows (seek_and_read (player, watcher, t), t, "between key frames");
  g_assert_false (sl_player_get_at_gap (player));

  /* Into the gap while paused: no picture, "No recording". */
  watcher_clear (watcher);
  sl_player_seek (player, (segment_at (gap_after)->end_us + after_gap->start_us) / 2);
  g_assert_true (wait_until (player_at_gap, player, 5000));
  run_for (0.2);
  g_assert_cmpuint (watcher_count (watcher), ==, 0);
  g_assert_false (sl_player_get_playing (player));
}

typedef struct
{
  SlPlayer *player;
  gint64 until_us;
} PositionWait;

static gboolean
position_reached (gpointer data)
{
  PositionWait *wait = data;

  return sl_player_get_position (wait->player) >= wait->until_us;
}

/* Plays from @from to @to at @rate and checks that frames came in order,
 * none missing (except in a gap), without a pause longer than STALL_MS. */
static void
play_through (
    SlPlayer *player, Watcher *watcher, gint64 from, gint64 to, double rate, gint64 gap_ms)
{
  PositionWait wait = { player, to };
  gint64 longest_pause = 0, largest_jump = 0, pause_at = 0;
  g_autoptr (GArray) frames = NULL;

  sl_player_pause (player);
  sl_player_set_rate (player, rate);
  seek_and_read (player, watcher, from);
  sl_player_play (player);
  g_assert_true (wait_until (position_reached, &wait, (guint)((to - from) / 1000 / rate) + 5000));
  sl_player_pause (player);

  g_mutex_lock (&watcher->lock);
  frames = g_array_copy (watcher->frames);
  g_mutex_unlock (&watcher->lock);
  g_assert_cmpuint (frames->len, >, ((to - from) / 1000 - gap_ms) / FRAME_MS / 2);
  /* From the second frame: the first one is the seek's, shown before
   * playing started. */
  for (guint i = 2; i < frames->len; i++)
    {
      Shown *a = &g_array_index (frames, Shown, i - 1);
      Shown *b = &g_array_index (frames, Shown, i);
      gint64 jump = b->strip_ms - a->strip_ms;

      g_assert_cmpint (jump, >, 0);
      if (jump > 2 * FRAME_MS + TOLERANCE_MS)
        {
          /* Only the gap may be skipped. */
          g_assert_cmpint (gap_ms, >, 0);
          g_assert_cmpint (jump, >, gap_ms - 300);
          g_assert_cmpint (jump, <, gap_ms + 300);
          gap_ms = 0;
        }
      else
        largest_jump = MAX (largest_jump, jump);
      if ((b->shown_us - a->shown_us) / 1000 > longest_pause)
        {
          longest_pause = (b->shown_us - a->shown_us) / 1000;
          pause_at = b->strip_ms;
        }
    }
  g_test_message ("%u frames at %gx, largest step %" G_GINT64_FORMAT
                  " ms, longest pause %" G_GINT64_FORMAT " ms (%+" G_GINT64_FORMAT
                  " ms from the start)",
                  frames->len, rate, largest_jump, longest_pause, pause_at - from / 1000);
  g_assert_cmpint (gap_ms, ==, 0); /* the gap was crossed */
  g_assert_cmpint (longest_pause, <, STALL_MS);
}

static void
test_play_across (void)
{
  g_autoptr (SlPlayer) player = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (Watcher) watcher = watcher_new (player);
  SlSegment *boundary = segment_at (2);
  SlSegment *before_gap = segment_at (gap_after);
  SlSegment *after_gap = segment_at (gap_after + 1);

  /* Two boundaries at 1x. */
  play_through (player, watcher, boundary->start_us - 1000000, segment_at (3)->start_us + 500000,
                1.0, 0);
  /* The gap at 2x: skipped at once. */
  play_through (player, watcher, before_gap->end_us - 1000000, after_gap->start_us + 1000000, 2.0,
                (after_gap->start_us - before_gap->end_us) / 1000);
}

static void
test_step (void)
{
  g_autoptr (SlPlayer) player = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (Watcher) watcher = watcher_new (player);
  SlSegment *boundary = segment_at (3);
  gint64 t = boundary->start_us + 40000;
  gint64 at, forward, back, across;

  at = seek_and_read (player, watcher, t);
  assert_shows (at, t, "before stepping");

  sl_player_step (player, 1);
  wait_frames (watcher, 2);
  forward = watcher_last (watcher).strip_ms;
  g_test_message ("step +1: %+" G_GINT64_FORMAT " ms", forward - at);
  g_assert_cmpint (forward - at, >=, FRAME_MS - TOLERANCE_MS);
  g_assert_cmpint (forward - at, <=, FRAME_MS + TOLERANCE_MS);

  sl_player_step (player, -1);
  wait_frames (watcher, 3);
  back = watcher_last (watcher).strip_ms;
  g_test_message ("step -1: %+" G_GINT64_FORMAT " ms", back - forward);
  g_assert_cmpint (back, ==, at);

  /* Back across the boundary into the previous segment. */
  sl_player_step (player, -1);
  wait_frames (watcher, 4);
  g_test_message ("step -1: %+" G_GINT64_FORMAT " ms", watcher_last (watcher).strip_ms - back);
  sl_player_step (player, -1);
  wait_frames (watcher, 5);
  across = watcher_last (watcher).strip_ms;
  g_test_message ("two more steps back: %+" G_GINT64_FORMAT " ms", across - back);
  g_assert_cmpint (across - back, <=, -2 * FRAME_MS + TOLERANCE_MS);
  g_assert_cmpint (across - back, >=, -2 * FRAME_MS - TOLERANCE_MS);
  g_assert_cmpint (across * 1000, <, boundary->start_us + TOLERANCE_MS * 1000);
  g_assert_false (sl_player_get_playing (player));
}

static void
ended_cb (SlPlayer *player, gpointer data)
{
  *(gboolean *)data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

static void
test_end (void)
{
  g_autoptr (SlPlayer) player = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (Watcher) watcher = watcher_new (player);
  SlSegment *last = segment_at (segments->len - 1);
  gboolean ended = FALSE;

  g_signal_connect (player, "ended", G_CALLBACK (ended_cb), &ended);
  seek_and_read (player, watcher, last->end_us - 500000);
  sl_player_play (player);
  g_assert_true (wait_until (flag_set, &ended, 5000));
  g_assert_false (sl_player_get_playing (player));
  g_assert_cmpint (watcher_last (watcher).strip_ms, >=,
                   last->end_us / 1000 - 2 * FRAME_MS - TOLERANCE_MS);
}

static void
add_event (gint64 time_us)
{
  g_autofree char *sql =
      g_strdup_printf ("INSERT INTO events (camera_id, time_us, type) VALUES (%" G_GINT64_FORMAT
                       ", %" G_GINT64_FORMAT ", 'motion')",
                       recording->camera_id, time_us);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (sl_catalog_get_path (recording->dir->catalog), &db), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

typedef struct
{
  SlPlayer *player;
  gint64 position;
} SeekWait;

static gboolean
position_is (gpointer data)
{
  SeekWait *wait = data;

  return sl_player_get_position (wait->player) == wait->position;
}

static void
jump_and_check (SlPlayer *player, SlPlayerJump jump, gboolean forward, gint64 expected)
{
  SeekWait wait = { player, expected };

  sl_player_jump (player, jump, forward);
  g_assert_true (wait_until (position_is, &wait, 5000));
}

static void
test_jump (void)
{
  g_autoptr (SlPlayer) player = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (Watcher) watcher = watcher_new (player);
  gint64 first_start = segment_at (0)->start_us;
  gint64 second_start = segment_at (gap_after + 1)->start_us;
  gint64 event = segment_at (1)->start_us + 300000;

  add_event (event);
  seek_and_read (player, watcher, segment_at (1)->start_us);
  /* Next recording: the one after the gap (the pieces before it are one). */
  jump_and_check (player, SL_PLAYER_JUMP_RECORDING, TRUE, second_start);
  /* Previous from its start: the one before. */
  jump_and_check (player, SL_PLAYER_JUMP_RECORDING, FALSE, first_start);
  jump_and_check (player, SL_PLAYER_JUMP_EVENT, TRUE, event);
  sl_player_seek (player, second_start + 3000000);
  jump_and_check (player, SL_PLAYER_JUMP_RECORDING, FALSE, second_start);
  jump_and_check (player, SL_PLAYER_JUMP_EVENT, FALSE, event);
}

static void
test_group_sync (void)
{
  g_autoptr (SlPlayerGroup) group = sl_player_group_new (recording->dir->catalog);
  g_autoptr (SlPlayer) a = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (SlPlayer) b = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (Watcher) wa = watcher_new (a);
  g_autoptr (Watcher) wb = watcher_new (b);
  gint64 start = segment_at (1)->start_us + 100000;
  gint64 worst = 0;

  sl_player_group_add (group, a);
  sl_player_group_add (group, b);
  sl_player_group_seek (group, start);
  wait_frames (wa, 1);
  wait_frames (wb, 1);
  sl_player_group_play (group);
  run_for (2.0);
  sl_player_group_pause (group);
  g_assert_cmpint (sl_player_group_get_position (group), >, start + 1500000);

  /* At every frame of one player, the other shows the same instant. */
  g_mutex_lock (&wa->lock);
  g_mutex_lock (&wb->lock);
  for (guint i = 0; i < wa->frames->len; i++)
    {
      Shown *x = &g_array_index (wa->frames, Shown, i);
      Shown *closest = NULL;

      for (guint j = 0; j < wb->frames->len; j++)
        {
          Shown *y = &g_array_index (wb->frames, Shown, j);

          if (closest == NULL ||
              ABS (y->shown_us - x->shown_us) < ABS (closest->shown_us - x->shown_us))
            closest = y;
        }
      g_assert_nonnull (closest);
      worst = MAX (worst, ABS (closest->strip_ms - x->strip_ms));
    }
  g_test_message ("%u and %u frames, largest difference %" G_GINT64_FORMAT " ms", wa->frames->len,
                  wb->frames->len, worst);
  g_assert_cmpuint (wa->frames->len, >, 20);
  g_assert_cmpint (worst, <=, FRAME_MS + TOLERANCE_MS);
  g_mutex_unlock (&wb->lock);
  g_mutex_unlock (&wa->lock);
}

/* Fast: only key frames are decoded, in order, without stalling. */
static void
test_fast (void)
{
  g_autoptr (SlPlayer) player = sl_player_new (recording->dir->catalog, recording->camera_id);
  g_autoptr (Watcher) watcher = watcher_new (player);
  PositionWait wait = { player, segment_at (gap_after)->end_us - 500000 };
  g_autoptr (GArray) frames = NULL;

  seek_and_read (player, watcher, segment_at (0)->start_us + 200000);
  sl_player_set_rate (player, 8.0);
  sl_player_play (player);
  g_assert_true (wait_until (position_reached, &wait, 5000));
  sl_player_pause (player);

  g_mutex_lock (&watcher->lock);
  frames = g_array_copy (watcher->frames);
  g_mutex_unlock (&watcher->lock);
  g_test_message ("%u frames at 8x", frames->len);
  g_assert_cmpuint (frames->len, >=, 3);
  for (guint i = 1; i < frames->len; i++)
    g_assert_cmpint (g_array_index (frames, Shown, i).strip_ms, >,
                     g_array_index (frames, Shown, i - 1).strip_ms);
}

typedef struct
{
  gint64 from;
  SlSegment *segment;
} OpenSegment;

/* The catalog lists the segment being written, started after @from. */
static gboolean
segment_opened (gpointer data)
{
  OpenSegment *open = data;

  g_clear_pointer (&open->segment, sl_segment_free);
  open->segment = sl_catalog_find_playback_segment (recording->dir->catalog, recording->camera_id,
                                                    open->from, NULL);
  return open->segment != NULL && open->segment->end_us == G_MAXINT64;
}

/* Instant replay: the last seconds are in the segment being written, which
 * the player reads while it grows. First a seek just after recording started,
 * while the file is still empty (the muxer waits for a whole GOP): the frame
 * asked for shows once the file holds it. */
static void
test_instant_replay (void)
{
  g_autofree char *owner = g_path_get_basename (g_get_prgname ());
  g_autoptr (SlRecorder) recorder = sl_recorder_new (recording->dir->data_dir, owner);
  g_autoptr (SlPlayer) player = NULL;
  g_autoptr (Watcher) watcher = NULL;
  OpenSegment open = { 0 };
  GStatBuf status;
  gint64 asked, seeked;
  Shown first;
  guint before;
  gboolean ended = FALSE;

  open.from = g_get_real_time (); /* the recording made before ended earlier */
  start_recorder (recorder, recording->camera_id, SL_CAMERA_STATE_RECORDING, 15000);
  g_assert_true (wait_until (segment_opened, &open, 10000));
  player = sl_player_new (recording->dir->catalog, recording->camera_id);
  watcher = watcher_new (player);
  seeked = g_get_real_time ();
  asked = MAX (seeked - G_USEC_PER_SEC / 5, open.segment->start_us + G_USEC_PER_SEC / 10);
  /* The catalog lists the segment before the muxer creates its file. */
  g_test_message ("seek %.1f s after the segment opened, its file %" G_GINT64_FORMAT
                  " bytes (-1: not created yet)",
                  (seeked - open.segment->start_us) / 1e6,
                  g_stat (open.segment->path, &status) == 0 ? (gint64)status.st_size : -1);
  sl_player_seek (player, asked);
  wait_frames (watcher, 1);
  first = watcher_last (watcher);
  g_test_message ("seek into the segment being written: frame %+" G_GINT64_FORMAT
                  " ms from the time asked, shown %.1f s after the seek",
                  first.strip_ms - asked / 1000, (g_get_real_time () - seeked) / 1e6);
  g_assert_cmpint (ABS (first.strip_ms - asked / 1000), <, 300);
  /* About a GOP (1 s here), the RTSP latency and the first key frame. */
  g_assert_cmpint (g_get_real_time () - seeked, <, 5 * G_USEC_PER_SEC);
  g_clear_pointer (&open.segment, sl_segment_free);
  run_for (2);

  watcher_clear (watcher);
  asked = g_get_real_time () - 3 * G_USEC_PER_SEC;
  sl_player_seek (player, asked);
  sl_player_play (player);
  wait_frames (watcher, 1);
  first = watcher_last (watcher);
  g_test_message ("instant replay: first frame %+" G_GINT64_FORMAT " ms from the time asked",
                  first.strip_ms - asked / 1000);
  g_assert_cmpint (ABS (first.strip_ms - asked / 1000), <, 300);
  /* It keeps playing as the file grows. */
  before = watcher_count (watcher);
  run_for (2);
  g_test_message ("%u frames in 2 s", watcher_count (watcher) - before);
  g_assert_cmpuint (watcher_count (watcher) - before, >, 15);
  g_assert_cmpint (watcher_last (watcher).strip_ms - first.strip_ms, >, 1500);
  /* Faster than live, it catches up with what is being written, and ends
   * there for the view to go live. */
  g_signal_connect (player, "ended", G_CALLBACK (ended_cb), &ended);
  sl_player_set_rate (player, 2.0);
  g_assert_true (wait_until (flag_set, &ended, 10000));
  g_test_message ("ended %.1f s behind live",
                  (g_get_real_time () - sl_player_get_position (player)) / 1e6);
  g_assert_cmpint (g_get_real_time () - sl_player_get_position (player), <, 4 * G_USEC_PER_SEC);
  g_clear_pointer (&watcher, watcher_free);
  g_clear_object (&player);
  stop_recorder (recorder);
}

/* A segment whose file is gone (a disk fault, retention at that moment):
 * "No recording" there, and playing goes on with the next segment. */
static void
test_missing_file (void)
{
  SlCatalog *catalog = recording->dir->catalog;
  SlCameraRecord record = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlayer) player = NULL;
  g_autoptr (Watcher) watcher = NULL;
  g_autofree char *missing = g_build_filename (recording->dir->data_dir, "missing.mkv", NULL);
  SlSegment row = *segment_at (1);
  gint64 camera_id, open_id, start = segment_at (1)->start_us - G_USEC_PER_SEC;

  record.name = (char *)"Missing";
  record.driver = (char *)"rtsp";
  record.main_url = (char *)"rtsp://127.0.0.1:9/axis-media/media.amp";
  camera_id = sl_catalog_add_camera (catalog, &record, &error);
  g_assert_no_error (error);
  /* A second of nothing on disk, then a real segment. */
  row.camera_id = camera_id;
  row.path = missing;
  row.start_us = start;
  row.end_us = segment_at (1)->start_us;
  open_id = sl_catalog_begin_segment (catalog, camera_id, "main", missing, start, &error);
  sl_catalog_add_segment (catalog, open_id, &row, &error);
  g_assert_no_error (error);
  row = *segment_at (1);
  row.camera_id = camera_id;
  row.path = g_strconcat (segment_at (1)->path, ".copy.mkv", NULL);
  g_assert_cmpint (link (segment_at (1)->path, row.path), ==, 0);
  open_id = sl_catalog_begin_segment (catalog, camera_id, "main", row.path, row.start_us, &error);
  sl_catalog_add_segment (catalog, open_id, &row, &error);
  g_free (row.path);
  g_assert_no_error (error);

  player = sl_player_new (catalog, camera_id);
  watcher = watcher_new (player);
  g_test_expect_message ("sl-recorder", G_LOG_LEVEL_WARNING, "*Cannot play the recording*");
  sl_player_seek (player, start + 300000);
  g_assert_true (wait_until (player_at_gap, player, 3000));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (watcher_count (watcher), ==, 0);
  sl_player_play (player);
  wait_frames (watcher, 1);
  assert_shows (watcher_last (watcher).strip_ms, segment_at (1)->start_us,
                "after the missing file");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  recording = playback_recording_new (6, 4, 5);
  playback_split_segments (recording->dir, recording->camera_id, 1.5);
  segments = playback_recording_segments (recording);
  for (guint i = 0; i + 1 < segments->len; i++)
    {
      if (segment_at (i + 1)->start_us - segment_at (i)->end_us > G_USEC_PER_SEC)
        gap_after = i;
    }
  /* The recorder maps camera time to wall-clock time within tens of
   * milliseconds; the player is checked against the catalog's times, so
   * each segment's own offset is measured first. */
  strip_offsets = g_array_new (FALSE, TRUE, sizeof (gint64));
  for (guint i = 0; i < segments->len; i++)
    {
      gint64 first_ms, last_ms, offset;
      guint n = read_segment_strips (segment_at (i)->path, &first_ms, &last_ms);

      offset = first_ms - segment_at (i)->start_us / 1000;
      g_array_append_val (strip_offsets, offset);
      g_test_message ("segment %u: %.3f s, %u frames, time strips %+" G_GINT64_FORMAT
                      " ms from the catalog's times",
                      i, (segment_at (i)->end_us - segment_at (i)->start_us) / 1e6, n, offset);
    }
  g_assert_cmpuint (gap_after, >=, 3);
  g_assert_cmpuint (segments->len, >=, gap_after + 3);

  g_test_add_func ("/gst/playback/seek", test_seek);
  g_test_add_func ("/gst/playback/play-across", test_play_across);
  g_test_add_func ("/gst/playback/step", test_step);
  g_test_add_func ("/gst/playback/end", test_end);
  g_test_add_func ("/gst/playback/jump", test_jump);
  g_test_add_func ("/gst/playback/group-sync", test_group_sync);
  g_test_add_func ("/gst/playback/fast", test_fast);
  g_test_add_func ("/gst/playback/missing-file", test_missing_file);
  g_test_add_func ("/gst/playback/instant-replay", test_instant_replay);
  status = g_test_run ();

  g_array_unref (strip_offsets);
  g_ptr_array_unref (segments);
  playback_recording_free (recording);
  return status;
}
