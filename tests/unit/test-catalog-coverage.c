// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "sl-catalog-private.h"
#include "sl-error.h"
#include "test-catalog-fixture.h"

/* The timeline's coverage query on real SQLite files: runs merged to the
 * bucket by recording type, gaps with their reasons, bookmarks and events. */

#define WAIT_SECS 10

/* Segments of @camera from @start to @end, @length each, of one type, added
 * through a second connection in one transaction (as many as a week holds
 * would take minutes one synced transaction at a time). */
static void
add_segments (Fixture *fixture,
              gint64 camera,
              const char *stream,
              gint64 start,
              gint64 end,
              gint64 length,
              SlRecordingType type)
{
  sqlite3 *db = raw_open (fixture->path);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO segments (camera_id, stream, start_us, end_us, "
                                       "path, type) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (gint64 t = start; t < end; t += length)
    {
      g_autofree char *path = g_strdup_printf (
          "/r/%" G_GINT64_FORMAT "/%s/%" G_GINT64_FORMAT ".mkv", camera, stream, t);

      sqlite3_bind_int64 (stmt, 1, camera);
      sqlite3_bind_text (stmt, 2, stream, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, t);
      sqlite3_bind_int64 (stmt, 4, MIN (t + length, end));
      sqlite3_bind_text (stmt, 5, path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, sl_recording_type_to_string (type), -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
}

/* Nothing in the catalog writes events yet: the rules will. */
static void
add_event (Fixture *fixture, gint64 camera, gint64 time, const char *type)
{
  sqlite3 *db = raw_open (fixture->path);
  g_autofree char *sql =
      g_strdup_printf ("INSERT INTO events (camera_id, time_us, type) VALUES (%" G_GINT64_FORMAT
                       ", %" G_GINT64_FORMAT ", '%s')",
                       camera, time, type);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
add_gap (Fixture *fixture, gint64 camera, gint64 start, gint64 end, SlGapReason reason)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (sl_catalog_add_gap (fixture->catalog, camera, start, end, reason, &error), >, 0);
  g_assert_no_error (error);
}

static gint64
add_bookmark (
    Fixture *fixture, gint64 camera, gint64 start, gint64 end, const char *name, gboolean locked)
{
  g_autoptr (GError) error = NULL;
  SlBookmark bookmark = {
    .camera_id = camera,
    .start_us = start,
    .end_us = end,
    .name = (char *)name,
    .description = (char *)"",
    .locked = locked,
  };
  gint64 id = sl_catalog_add_bookmark (fixture->catalog, &bookmark, &error);

  g_assert_no_error (error);
  return id;
}

static GPtrArray *
query (Fixture *fixture, const gint64 *cameras, guint n, gint64 from, gint64 to, gint64 bucket)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *result =
      sl_catalog_query_coverage (fixture->catalog, cameras, n, from, to, bucket, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->len, ==, n);
  return result;
}

static SlCoverage *
query_one (Fixture *fixture, gint64 camera, gint64 from, gint64 to, gint64 bucket, GPtrArray **keep)
{
  *keep = query (fixture, &camera, 1, from, to, bucket);
  return (*keep)->pdata[0];
}

#define RUN(coverage, i) (&g_array_index ((coverage)->runs, SlCoverageRun, (i)))
#define GAP(coverage, i) (&g_array_index ((coverage)->gaps, SlGap, (i)))

static void
assert_run (SlCoverage *coverage, guint i, gint64 start, gint64 end, SlRecordingType type)
{
  g_assert_cmpuint (i, <, coverage->runs->len);
  g_assert_cmpint (RUN (coverage, i)->start_us, ==, start);
  g_assert_cmpint (RUN (coverage, i)->end_us, ==, end);
  g_assert_cmpint (RUN (coverage, i)->type, ==, type);
}

/* 10:00-11:00 continuous, 11:00-11:30 connection lost (stored as two pieces),
 * 11:30-12:00 continuous, 12:00-12:05 motion, 12:05-12:30 continuous, on
 * both streams. */
static void
add_morning (Fixture *fixture, gint64 camera)
{
  const char *const streams[] = { "main", "sub" };

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      add_segments (fixture, camera, streams[i], T0 + 10 * HOUR, T0 + 11 * HOUR, MINUTE,
                    SL_RECORDING_CONTINUOUS);
      add_segments (fixture, camera, streams[i], T0 + 11 * HOUR + 30 * MINUTE, T0 + 12 * HOUR,
                    MINUTE, SL_RECORDING_CONTINUOUS);
      add_segments (fixture, camera, streams[i], T0 + 12 * HOUR, T0 + 12 * HOUR + 5 * MINUTE,
                    MINUTE, SL_RECORDING_MOTION);
      add_segments (fixture, camera, streams[i], T0 + 12 * HOUR + 5 * MINUTE,
                    T0 + 12 * HOUR + 30 * MINUTE, MINUTE, SL_RECORDING_CONTINUOUS);
    }
  add_gap (fixture, camera, T0 + 11 * HOUR, T0 + 11 * HOUR + 10 * MINUTE, SL_GAP_CONNECTION_LOST);
  add_gap (fixture, camera, T0 + 11 * HOUR + 10 * MINUTE, T0 + 11 * HOUR + 30 * MINUTE,
           SL_GAP_CONNECTION_LOST);
}

static void
test_runs_and_gaps (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) keep = NULL;
  SlCoverage *coverage;

  add_morning (fixture, 1);

  /* At one second a pixel, every change shows. */
  coverage = query_one (fixture, 1, T0 + 9 * HOUR, T0 + 13 * HOUR, SECOND, &keep);
  g_assert_cmpint (coverage->camera_id, ==, 1);
  g_assert_cmpuint (coverage->runs->len, ==, 4);
  assert_run (coverage, 0, T0 + 10 * HOUR, T0 + 11 * HOUR, SL_RECORDING_CONTINUOUS);
  assert_run (coverage, 1, T0 + 11 * HOUR + 30 * MINUTE, T0 + 12 * HOUR, SL_RECORDING_CONTINUOUS);
  assert_run (coverage, 2, T0 + 12 * HOUR, T0 + 12 * HOUR + 5 * MINUTE, SL_RECORDING_MOTION);
  assert_run (coverage, 3, T0 + 12 * HOUR + 5 * MINUTE, T0 + 12 * HOUR + 30 * MINUTE,
              SL_RECORDING_CONTINUOUS);
  /* The two pieces of the gap are one gap, with its reason. */
  g_assert_cmpuint (coverage->gaps->len, ==, 1);
  g_assert_cmpint (GAP (coverage, 0)->start_us, ==, T0 + 11 * HOUR);
  g_assert_cmpint (GAP (coverage, 0)->end_us, ==, T0 + 11 * HOUR + 30 * MINUTE);
  g_assert_cmpint (GAP (coverage, 0)->reason, ==, SL_GAP_CONNECTION_LOST);
  g_assert_cmpint (GAP (coverage, 0)->camera_id, ==, 1);
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Clipped to the range. */
  coverage = query_one (fixture, 1, T0 + 10 * HOUR + 30 * MINUTE, T0 + 11 * HOUR + 15 * MINUTE,
                        SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 1);
  assert_run (coverage, 0, T0 + 10 * HOUR + 30 * MINUTE, T0 + 11 * HOUR, SL_RECORDING_CONTINUOUS);
  g_assert_cmpuint (coverage->gaps->len, ==, 1);
  g_assert_cmpint (GAP (coverage, 0)->start_us, ==, T0 + 11 * HOUR);
  g_assert_cmpint (GAP (coverage, 0)->end_us, ==, T0 + 11 * HOUR + 15 * MINUTE);
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Ten minutes a pixel: the five minutes of motion are narrower than a
   * pixel but stay a run of their own, drawn over the continuous recording. */
  coverage = query_one (fixture, 1, T0, T0 + DAY, 10 * MINUTE, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 4);
  assert_run (coverage, 2, T0 + 12 * HOUR, T0 + 12 * HOUR + 5 * MINUTE, SL_RECORDING_MOTION);
  g_assert_cmpuint (coverage->gaps->len, ==, 1);
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Forty minutes a pixel: the 30-minute gap is narrower than a pixel, so the
   * runs around it are one and the gap is not reported; the motion still
   * shows, and takes the narrow continuous run after it. */
  coverage = query_one (fixture, 1, T0, T0 + DAY, 40 * MINUTE, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 2);
  assert_run (coverage, 0, T0 + 10 * HOUR, T0 + 12 * HOUR, SL_RECORDING_CONTINUOUS);
  assert_run (coverage, 1, T0 + 12 * HOUR, T0 + 12 * HOUR + 30 * MINUTE, SL_RECORDING_MOTION);
  g_assert_cmpuint (coverage->gaps->len, ==, 0);
}

/* The segment being written (journalled, not indexed yet) shows up to now,
 * joined to the indexed segments before it; the sub stream's does not count. */
static void
test_segment_being_written (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) keep = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 start = now - 10 * MINUTE;
  SlCoverage *coverage;

  add_segments (fixture, 1, "main", start, now - 30 * SECOND, 30 * SECOND, SL_RECORDING_CONTINUOUS);
  g_assert_cmpint (sl_catalog_begin_segment (fixture->catalog, 1, "sub", "/r/1/sub.mkv",
                                             now - 20 * SECOND, &error),
                   >, 0);
  coverage = query_one (fixture, 1, start - HOUR, now + HOUR, SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 1);
  assert_run (coverage, 0, start, now - 30 * SECOND, SL_RECORDING_CONTINUOUS);
  g_clear_pointer (&keep, g_ptr_array_unref);

  g_assert_cmpint (sl_catalog_begin_segment (fixture->catalog, 1, "main", "/r/1/main.mkv",
                                             now - 30 * SECOND, &error),
                   >, 0);
  g_assert_no_error (error);
  coverage = query_one (fixture, 1, start - HOUR, now + HOUR, SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 1);
  g_assert_cmpint (RUN (coverage, 0)->start_us, ==, start);
  g_assert_cmpint (RUN (coverage, 0)->end_us, >=, now);
  g_assert_cmpint (RUN (coverage, 0)->end_us, <=, g_get_real_time ());
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Outside the range asked for, it is not there. */
  coverage = query_one (fixture, 1, start - 2 * HOUR, start - HOUR, SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 0);
}

/* Recorders leave small holes between segments (a key frame interval): they
 * vanish once a pixel is wider than them. */
static void
test_small_holes (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) keep = NULL;
  SlCoverage *coverage;

  for (int i = 0; i < 10; i++)
    add_segment (fixture->catalog, 3, "main", T0 + i * MINUTE, T0 + (i + 1) * MINUTE - 2 * SECOND);

  coverage = query_one (fixture, 3, T0, T0 + HOUR, SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 10);
  g_clear_pointer (&keep, g_ptr_array_unref);

  coverage = query_one (fixture, 3, T0, T0 + HOUR, 3 * SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 1);
  assert_run (coverage, 0, T0, T0 + 10 * MINUTE - 2 * SECOND, SL_RECORDING_CONTINUOUS);
}

/* A type change wider than a pixel splits a run; narrow pieces of a lower
 * priority are absorbed; overlapping types keep the higher priority. */
static void
test_types (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) keep = NULL;
  SlCoverage *coverage;

  add_segments (fixture, 5, "main", T0, T0 + 10 * MINUTE, MINUTE, SL_RECORDING_MANUAL);
  add_segments (fixture, 5, "main", T0 + 10 * MINUTE, T0 + 20 * MINUTE, MINUTE, SL_RECORDING_RULE);
  /* A minute of continuous recording between rule recordings. */
  add_segments (fixture, 5, "main", T0 + 20 * MINUTE, T0 + 21 * MINUTE, MINUTE,
                SL_RECORDING_CONTINUOUS);
  add_segments (fixture, 5, "main", T0 + 21 * MINUTE, T0 + 30 * MINUTE, MINUTE, SL_RECORDING_RULE);
  /* The sub stream recorded motion over the main stream's continuous. */
  add_segments (fixture, 5, "main", T0 + 30 * MINUTE, T0 + 40 * MINUTE, MINUTE,
                SL_RECORDING_CONTINUOUS);
  add_segments (fixture, 5, "sub", T0 + 32 * MINUTE, T0 + 38 * MINUTE, 6 * MINUTE,
                SL_RECORDING_MOTION);

  coverage = query_one (fixture, 5, T0, T0 + HOUR, SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 7);
  assert_run (coverage, 0, T0, T0 + 10 * MINUTE, SL_RECORDING_MANUAL);
  assert_run (coverage, 1, T0 + 10 * MINUTE, T0 + 20 * MINUTE, SL_RECORDING_RULE);
  assert_run (coverage, 2, T0 + 20 * MINUTE, T0 + 21 * MINUTE, SL_RECORDING_CONTINUOUS);
  assert_run (coverage, 3, T0 + 21 * MINUTE, T0 + 30 * MINUTE, SL_RECORDING_RULE);
  assert_run (coverage, 4, T0 + 30 * MINUTE, T0 + 32 * MINUTE, SL_RECORDING_CONTINUOUS);
  assert_run (coverage, 5, T0 + 32 * MINUTE, T0 + 38 * MINUTE, SL_RECORDING_MOTION);
  assert_run (coverage, 6, T0 + 38 * MINUTE, T0 + 40 * MINUTE, SL_RECORDING_CONTINUOUS);
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Five minutes a pixel: narrow pieces go to the neighbour of higher
   * priority. The minute of continuous and the three minutes before the
   * motion join the rule recordings; the two after it join the motion. */
  coverage = query_one (fixture, 5, T0, T0 + HOUR, 5 * MINUTE, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 3);
  assert_run (coverage, 0, T0, T0 + 10 * MINUTE, SL_RECORDING_MANUAL);
  assert_run (coverage, 1, T0 + 10 * MINUTE, T0 + 33 * MINUTE, SL_RECORDING_RULE);
  assert_run (coverage, 2, T0 + 33 * MINUTE, T0 + 40 * MINUTE, SL_RECORDING_MOTION);
}

static void
test_gaps (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) keep = NULL;
  SlCoverage *coverage;

  /* Three days without recording, stored in pieces. */
  add_gap (fixture, 6, T0 + HOUR, T0 + 3 * DAY + HOUR, SL_GAP_RECORDER_STOPPED);
  add_segments (fixture, 6, "main", T0 + 3 * DAY + HOUR, T0 + 3 * DAY + 2 * HOUR, MINUTE,
                SL_RECORDING_CONTINUOUS);
  /* Two short losses of one reason, 30 s apart with nothing recorded
   * between (merged at a minute a pixel), then one of another reason. */
  add_gap (fixture, 6, T0 + 3 * DAY + 2 * HOUR, T0 + 3 * DAY + 2 * HOUR + 5 * MINUTE,
           SL_GAP_CONNECTION_LOST);
  add_gap (fixture, 6, T0 + 3 * DAY + 2 * HOUR + 5 * MINUTE + 30 * SECOND,
           T0 + 3 * DAY + 2 * HOUR + 10 * MINUTE, SL_GAP_CONNECTION_LOST);
  add_gap (fixture, 6, T0 + 3 * DAY + 2 * HOUR + 10 * MINUTE, T0 + 3 * DAY + 2 * HOUR + 20 * MINUTE,
           SL_GAP_AUTH_REFUSED);

  /* Deep inside the long gap. */
  coverage = query_one (fixture, 6, T0 + 2 * DAY, T0 + 2 * DAY + HOUR, SECOND, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 0);
  g_assert_cmpuint (coverage->gaps->len, ==, 1);
  g_assert_cmpint (GAP (coverage, 0)->start_us, ==, T0 + 2 * DAY);
  g_assert_cmpint (GAP (coverage, 0)->end_us, ==, T0 + 2 * DAY + HOUR);
  g_assert_cmpint (GAP (coverage, 0)->reason, ==, SL_GAP_RECORDER_STOPPED);
  g_clear_pointer (&keep, g_ptr_array_unref);

  coverage = query_one (fixture, 6, T0, T0 + 4 * DAY, MINUTE, &keep);
  g_assert_cmpuint (coverage->runs->len, ==, 1);
  g_assert_cmpuint (coverage->gaps->len, ==, 3);
  g_assert_cmpint (GAP (coverage, 0)->start_us, ==, T0 + HOUR);
  g_assert_cmpint (GAP (coverage, 0)->end_us, ==, T0 + 3 * DAY + HOUR);
  g_assert_cmpint (GAP (coverage, 1)->start_us, ==, T0 + 3 * DAY + 2 * HOUR);
  g_assert_cmpint (GAP (coverage, 1)->end_us, ==, T0 + 3 * DAY + 2 * HOUR + 10 * MINUTE);
  g_assert_cmpint (GAP (coverage, 1)->reason, ==, SL_GAP_CONNECTION_LOST);
  g_assert_cmpint (GAP (coverage, 2)->reason, ==, SL_GAP_AUTH_REFUSED);
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* At 10 s a pixel the two losses stay apart. */
  coverage = query_one (fixture, 6, T0 + 3 * DAY, T0 + 4 * DAY, 10 * SECOND, &keep);
  g_assert_cmpuint (coverage->gaps->len, ==, 4);
  g_assert_cmpint (GAP (coverage, 0)->start_us, ==, T0 + 3 * DAY);
  g_assert_cmpint (GAP (coverage, 2)->start_us, ==,
                   T0 + 3 * DAY + 2 * HOUR + 5 * MINUTE + 30 * SECOND);
}

static void
test_markers (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) keep = NULL;
  SlCoverage *coverage;
  SlCoverageEvent *event;
  SlBookmark *bookmark;
  gint64 point, range, locked;

  add_bookmark (fixture, 7, T0 - HOUR, T0 - HOUR, "Before", FALSE);
  point = add_bookmark (fixture, 7, T0 + 10 * MINUTE, T0 + 10 * MINUTE, "Van at the gate", FALSE);
  /* Starts before the range and ends in it. */
  range = add_bookmark (fixture, 7, T0 - 5 * MINUTE, T0 + 5 * MINUTE, "Delivery", FALSE);
  locked = add_bookmark (fixture, 7, T0 + 20 * MINUTE, T0 + 21 * MINUTE, "Break-in", TRUE);
  add_bookmark (fixture, 8, T0 + 10 * MINUTE, T0 + 10 * MINUTE, "Other camera", FALSE);
  add_bookmark (fixture, 7, T0 + HOUR, T0 + HOUR, "At the end: excluded", FALSE);

  add_event (fixture, 7, T0 + 30 * MINUTE, "motion");
  add_event (fixture, 7, T0 + 30 * MINUTE + 10 * SECOND, "motion");
  add_event (fixture, 7, T0 + 30 * MINUTE + 20 * SECOND, "tampering");
  add_event (fixture, 7, T0 + 30 * MINUTE + 50 * SECOND, "motion");
  add_event (fixture, 7, T0 + 45 * MINUTE, "motion");
  add_event (fixture, 7, T0 + 2 * HOUR, "motion");
  add_event (fixture, 8, T0 + 30 * MINUTE, "motion");

  coverage = query_one (fixture, 7, T0, T0 + HOUR, SECOND, &keep);
  g_assert_cmpuint (coverage->bookmarks->len, ==, 3);
  bookmark = coverage->bookmarks->pdata[0];
  g_assert_cmpint (bookmark->id, ==, range);
  g_assert_cmpstr (bookmark->name, ==, "Delivery");
  bookmark = coverage->bookmarks->pdata[1];
  g_assert_cmpint (bookmark->id, ==, point);
  g_assert_cmpint (bookmark->start_us, ==, T0 + 10 * MINUTE);
  g_assert_false (bookmark->locked);
  bookmark = coverage->bookmarks->pdata[2];
  g_assert_cmpint (bookmark->id, ==, locked);
  g_assert_true (bookmark->locked);
  g_assert_cmpstr (bookmark->name, ==, "Break-in");

  g_assert_cmpuint (coverage->events->len, ==, 5);
  event = coverage->events->pdata[2];
  g_assert_cmpstr (event->type, ==, "tampering");
  g_assert_cmpint (event->time_us, ==, T0 + 30 * MINUTE + 20 * SECOND);
  g_assert_cmpuint (event->count, ==, 1);
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* A minute a pixel: the three motion events of 00:30 are one marker. */
  coverage = query_one (fixture, 7, T0, T0 + HOUR, MINUTE, &keep);
  g_assert_cmpuint (coverage->events->len, ==, 3);
  event = coverage->events->pdata[0];
  g_assert_cmpstr (event->type, ==, "motion");
  g_assert_cmpint (event->time_us, ==, T0 + 30 * MINUTE);
  g_assert_cmpuint (event->count, ==, 3);
  g_assert_cmpint (event->id, >, 0);
  event = coverage->events->pdata[1];
  g_assert_cmpstr (event->type, ==, "tampering");
  event = coverage->events->pdata[2];
  g_assert_cmpint (event->time_us, ==, T0 + 45 * MINUTE);
  g_assert_cmpuint (event->count, ==, 1);
}

static void
test_cameras_in_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) result = NULL;
  g_autoptr (GError) error = NULL;
  const gint64 cameras[] = { 12, 11, 99 };
  SlCoverage *coverage;

  add_segment (fixture->catalog, 11, "main", T0, T0 + MINUTE);
  add_segment (fixture->catalog, 12, "main", T0 + MINUTE, T0 + 3 * MINUTE);

  result = query (fixture, cameras, G_N_ELEMENTS (cameras), T0, T0 + HOUR, SECOND);
  coverage = result->pdata[0];
  g_assert_cmpint (coverage->camera_id, ==, 12);
  assert_run (coverage, 0, T0 + MINUTE, T0 + 3 * MINUTE, SL_RECORDING_CONTINUOUS);
  coverage = result->pdata[1];
  g_assert_cmpint (coverage->camera_id, ==, 11);
  assert_run (coverage, 0, T0, T0 + MINUTE, SL_RECORDING_CONTINUOUS);
  /* A camera without recordings has an empty coverage. */
  coverage = result->pdata[2];
  g_assert_cmpint (coverage->camera_id, ==, 99);
  g_assert_cmpuint (coverage->runs->len, ==, 0);
  g_assert_cmpuint (coverage->gaps->len, ==, 0);
  g_assert_cmpuint (coverage->bookmarks->len, ==, 0);
  g_assert_cmpuint (coverage->events->len, ==, 0);
  g_clear_pointer (&result, g_ptr_array_unref);

  result = query (fixture, NULL, 0, T0, T0 + HOUR, SECOND);

  g_assert_null (sl_catalog_query_coverage (fixture->catalog, cameras, 1, T0, T0, SECOND, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (
      sl_catalog_query_coverage (fixture->catalog, cameras, 1, T0, T0 + HOUR, 0, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_async (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) coverages = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  gint64 deadline = g_get_monotonic_time () + WAIT_SECS * G_USEC_PER_SEC;
  gint64 cameras[] = { 1 };
  SlCoverage *coverage;

  add_morning (fixture, 1);
  sl_catalog_query_coverage_async (fixture->catalog, cameras, 1, T0, T0 + DAY, MINUTE, NULL,
                                   on_done, &result);
  /* The arguments were copied. */
  cameras[0] = 2;
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);

  coverages = sl_catalog_query_coverage_finish (fixture->catalog, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverages->len, ==, 1);
  coverage = coverages->pdata[0];
  g_assert_cmpint (coverage->camera_id, ==, 1);
  g_assert_cmpuint (coverage->runs->len, ==, 4);
  g_assert_cmpuint (coverage->gaps->len, ==, 1);
  g_clear_object (&result);
  g_clear_pointer (&coverages, g_ptr_array_unref);

  /* A stale query, cancelled before it ran, says so. */
  g_cancellable_cancel (cancellable);
  sl_catalog_query_coverage_async (fixture->catalog, cameras, 1, T0, T0 + DAY, MINUTE, cancellable,
                                   on_done, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  g_assert_null (sl_catalog_query_coverage_finish (fixture->catalog, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* What SQLite does with each query of the coverage. */
static char *
query_plan (sqlite3 *db, const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GString *plan = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  g_test_message ("%s: %s", sql, plan->str);
  return g_string_free (plan, FALSE);
}

static void
test_query_plans (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = raw_open (fixture->path);
  g_autofree char *segments = query_plan (db, sl_catalog_coverage_segments_sql);
  g_autofree char *gaps = query_plan (db, sl_catalog_timeline_gaps_sql);
  g_autofree char *events = query_plan (db, sl_catalog_coverage_events_sql);
  g_autofree char *bookmarks = query_plan (db, sl_catalog_coverage_bookmarks_sql);

  /* Segments and gaps, the many rows, come from covering indexes alone. */
  g_assert_nonnull (strstr (segments, "USING COVERING INDEX segments_timeline"));
  g_assert_nonnull (strstr (gaps, "USING COVERING INDEX gaps_timeline"));
  /* Events and bookmarks search their time indexes, in order. */
  g_assert_nonnull (strstr (events, "USING INDEX events_time (camera_id=? AND time_us>? AND "
                                    "time_us<?)"));
  g_assert_nonnull (strstr (bookmarks, "USING INDEX bookmarks_time (camera_id=? AND start_us<?)"));
  for (const char *const *plan = (const char *const[]){ segments, gaps, events, bookmarks, NULL };
       *plan != NULL; plan++)
    {
      g_assert_null (strstr (*plan, "SCAN"));
      g_assert_null (strstr (*plan, "TEMP B-TREE"));
    }
  sqlite3_close (db);
}

/* A week of one-minute segments merges to at most a few runs a pixel. */
static void
test_week_at_full_zoom_out (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) keep = NULL;
  SlCoverage *coverage;
  gint64 bucket = 7 * DAY / 1600;
  gint64 started;

  add_segments (fixture, 9, "main", T0, T0 + 7 * DAY, MINUTE, SL_RECORDING_CONTINUOUS);
  /* Motion for a minute every 2 hours (one segment's type), and a gap. */
  for (gint64 t = T0 + HOUR; t < T0 + 7 * DAY; t += 2 * HOUR)
    {
      sqlite3 *db = raw_open (fixture->path);
      g_autofree char *sql = g_strdup_printf ("UPDATE segments SET type = 'motion' WHERE camera_id "
                                              "= 9 AND start_us = %" G_GINT64_FORMAT,
                                              t);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }

  started = g_get_monotonic_time ();
  coverage = query_one (fixture, 9, T0, T0 + 7 * DAY, bucket, &keep);
  g_test_message ("a week of one-minute segments at %" G_GINT64_FORMAT
                  " s a pixel: %" G_GINT64_FORMAT " ms, %u runs",
                  bucket / SECOND, (g_get_monotonic_time () - started) / 1000, coverage->runs->len);
  /* 84 motion minutes, each between two continuous runs. */
  g_assert_cmpuint (coverage->runs->len, ==, 2 * 84 + 1);
  g_assert_cmpint (RUN (coverage, 0)->start_us, ==, T0);
  g_assert_cmpint (RUN (coverage, coverage->runs->len - 1)->end_us, ==, T0 + 7 * DAY);
  for (guint i = 1; i < coverage->runs->len; i++)
    {
      g_assert_cmpint (RUN (coverage, i)->start_us, ==, RUN (coverage, i - 1)->end_us);
      g_assert_cmpint (RUN (coverage, i)->type, ==,
                       i % 2 ? SL_RECORDING_MOTION : SL_RECORDING_CONTINUOUS);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/catalog/coverage/runs-and-gaps", test_runs_and_gaps);
  ADD ("/catalog/coverage/small-holes", test_small_holes);
  ADD ("/catalog/coverage/segment-being-written", test_segment_being_written);
  ADD ("/catalog/coverage/types", test_types);
  ADD ("/catalog/coverage/gaps", test_gaps);
  ADD ("/catalog/coverage/markers", test_markers);
  ADD ("/catalog/coverage/cameras-in-order", test_cameras_in_order);
  ADD ("/catalog/coverage/async", test_async);
  ADD ("/catalog/coverage/query-plans", test_query_plans);
  ADD ("/catalog/coverage/week-at-full-zoom-out", test_week_at_full_zoom_out);

  return g_test_run ();
}
