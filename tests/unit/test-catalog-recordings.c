// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "sl-catalog-private.h"
#include "sl-error.h"
#include "test-catalog-fixture.h"

/* The catalog's recording side on real SQLite files: segments, the timeline,
 * retention, logs, asynchronous calls and concurrent callers. */

#define WAIT_SECS 10

/* ---- Recording index ---------------------------------------------------- */

static void
test_open_segments (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (SlSegment) full = NULL;
  SlOpenSegment *row;
  SlSegment segment = {
    .camera_id = 1,
    .stream = (char *)"main",
    .start_us = T0,
    .end_us = T0 + MINUTE,
    .path = (char *)"/recordings/1/a.mkv",
    .bytes = 4096,
    .type = SL_RECORDING_MOTION,
    .codec = (char *)"h264",
  };
  gint64 first, second, id;

  first = sl_catalog_begin_segment (fixture->catalog, 1, "main", "/recordings/1/a.mkv", T0, &error);
  g_assert_no_error (error);
  second = sl_catalog_begin_segment (fixture->catalog, 1, "sub", "/recordings/1/b.mkv", T0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_begin_segment (fixture->catalog, 1, "third", "/x.mkv", T0, &error),
                   ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  open = sl_catalog_list_open_segments (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  row = open->pdata[0];
  g_assert_cmpint (row->id, ==, first);
  g_assert_cmpint (row->camera_id, ==, 1);
  g_assert_cmpstr (row->stream, ==, "main");
  g_assert_cmpstr (row->path, ==, "/recordings/1/a.mkv");
  g_assert_cmpint (row->start_us, ==, T0);

  id = sl_catalog_add_segment (fixture->catalog, first, &segment, &error);
  g_assert_no_error (error);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = sl_catalog_list_open_segments (fixture->catalog, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (((SlOpenSegment *)open->pdata[0])->id, ==, second);

  full = sl_catalog_get_segment (fixture->catalog, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (full->path, ==, "/recordings/1/a.mkv");
  g_assert_cmpint (full->bytes, ==, 4096);
  g_assert_cmpint (full->type, ==, SL_RECORDING_MOTION);
  g_assert_cmpstr (full->codec, ==, "h264");

  /* Atomic: when the segment cannot be added (its path is indexed already),
   * the open row stays for recovery to look at. */
  g_assert_cmpint (sl_catalog_add_segment (fixture->catalog, second, &segment, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = sl_catalog_list_open_segments (fixture->catalog, &error);
  g_assert_cmpuint (open->len, ==, 1);

  g_assert_true (sl_catalog_drop_open_segment (fixture->catalog, second, &error));
  g_assert_true (sl_catalog_drop_open_segment (fixture->catalog, second, &error));
  g_assert_no_error (error);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = sl_catalog_list_open_segments (fixture->catalog, &error);
  g_assert_cmpuint (open->len, ==, 0);

  g_assert_null (sl_catalog_get_segment (fixture->catalog, 12345, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

static void
test_segment_too_long (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  SlSegment segment = {
    .camera_id = 1,
    .stream = (char *)"main",
    .start_us = T0,
    .end_us = T0 + SL_CATALOG_MAX_SEGMENT_US + 1,
    .path = (char *)"/recordings/1/long.mkv",
  };

  g_assert_cmpint (sl_catalog_add_segment (fixture->catalog, 0, &segment, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  segment.end_us = T0 - 1;
  g_assert_cmpint (sl_catalog_add_segment (fixture->catalog, 0, &segment, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
}

static void
test_timeline (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  gint64 from = T0 + 10 * MINUTE, to = T0 + 20 * MINUTE;
  gint64 before, ending_at_from, across_from, inside, sub_inside, across_to;
  SlSegment *segment;
  SlGap *gap;

  before = add_segment (fixture->catalog, 1, "main", T0, T0 + MINUTE);
  ending_at_from = add_segment (fixture->catalog, 1, "main", from - MINUTE, from);
  across_from = add_segment (fixture->catalog, 1, "main", from - 30 * SECOND, from + 30 * SECOND);
  inside = add_segment (fixture->catalog, 1, "main", from + 5 * MINUTE, from + 6 * MINUTE);
  sub_inside = add_segment (fixture->catalog, 1, "sub", from + 7 * MINUTE, from + 8 * MINUTE);
  across_to = add_segment (fixture->catalog, 1, "main", to - 10 * SECOND, to + 50 * SECOND);
  add_segment (fixture->catalog, 1, "main", to, to + MINUTE); /* starts at "to" */
  add_segment (fixture->catalog, 2, "main", from, to);        /* another camera */

  /* A gap is added out of order: results are by start. */
  sl_catalog_add_gap (fixture->catalog, 1, from + 2 * MINUTE, from + 3 * MINUTE,
                      SL_GAP_STORAGE_FULL, &error);
  g_assert_no_error (error);
  sl_catalog_add_gap (fixture->catalog, 1, from - 5 * MINUTE, from + SECOND, SL_GAP_CONNECTION_LOST,
                      &error);
  g_assert_no_error (error);
  sl_catalog_add_gap (fixture->catalog, 1, from - 3 * MINUTE, from, SL_GAP_AUTH_REFUSED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_add_gap (fixture->catalog, 1, from, from, SL_GAP_CLOCK_STEP, &error),
                   ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (
      sl_catalog_query_timeline (fixture->catalog, 1, from, to, &segments, &gaps, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (segments->len, ==, 4);
  g_assert_cmpint (((SlSegment *)segments->pdata[0])->id, ==, across_from);
  g_assert_cmpint (((SlSegment *)segments->pdata[1])->id, ==, inside);
  g_assert_cmpint (((SlSegment *)segments->pdata[2])->id, ==, sub_inside);
  g_assert_cmpint (((SlSegment *)segments->pdata[3])->id, ==, across_to);
  for (guint i = 0; i < segments->len; i++)
    {
      segment = segments->pdata[i];
      g_assert_cmpint (segment->id, !=, before);
      g_assert_cmpint (segment->id, !=, ending_at_from);
    }

  /* Only the indexed columns are filled in. */
  segment = segments->pdata[2];
  g_assert_cmpint (segment->camera_id, ==, 1);
  g_assert_cmpstr (segment->stream, ==, "sub");
  g_assert_cmpint (segment->start_us, ==, from + 7 * MINUTE);
  g_assert_cmpint (segment->end_us, ==, from + 8 * MINUTE);
  g_assert_cmpint (segment->type, ==, SL_RECORDING_CONTINUOUS);
  g_assert_null (segment->path);
  g_assert_null (segment->codec);
  g_assert_cmpint (segment->bytes, ==, 0);

  g_assert_cmpuint (gaps->len, ==, 2);
  gap = gaps->pdata[0];
  g_assert_cmpint (gap->start_us, ==, from - 5 * MINUTE);
  g_assert_cmpint (gap->end_us, ==, from + SECOND);
  g_assert_cmpint (gap->reason, ==, SL_GAP_CONNECTION_LOST);
  gap = gaps->pdata[1];
  g_assert_cmpint (gap->camera_id, ==, 1);
  g_assert_cmpint (gap->reason, ==, SL_GAP_STORAGE_FULL);

  /* Either array may be skipped. */
  g_clear_pointer (&gaps, g_ptr_array_unref);
  g_assert_true (sl_catalog_query_timeline (fixture->catalog, 1, from, to, NULL, &gaps, &error));
  g_assert_cmpuint (gaps->len, ==, 2);

  g_assert_cmpint (sl_catalog_get_last_segment_end (fixture->catalog, 1, &error), ==, to + MINUTE);
  g_assert_cmpint (sl_catalog_get_last_segment_end (fixture->catalog, 3, &error), ==, 0);
  g_assert_no_error (error);
}

static void
assert_covering (sqlite3 *db, const char *sql, const char *index)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autofree char *expected = g_strdup_printf ("USING COVERING INDEX %s ", index);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GString) plan = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, 1);
  sqlite3_bind_int64 (stmt, 2, T0);
  sqlite3_bind_int64 (stmt, 3, T0 + HOUR);
  sqlite3_bind_int64 (stmt, 4, T0 - HOUR);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));

  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, expected));
  /* The range on start_us is part of the index search. */
  g_assert_nonnull (strstr (plan->str, "start_us>? AND start_us<?"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
  g_assert_null (strstr (plan->str, "SCAN"));
}

static void
test_timeline_covering_indexes (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = raw_open (fixture->path);

  assert_covering (db, sl_catalog_timeline_segments_sql, "segments_timeline");
  assert_covering (db, sl_catalog_timeline_gaps_sql, "gaps_timeline");
  sqlite3_close (db);
}

static void
test_long_gap (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  gint64 start = T0 + 5 * MINUTE, end = T0 + 3 * DAY + HOUR;
  gint64 id;
  SlGap *gap;
  sqlite3 *db;

  id = sl_catalog_add_gap (fixture->catalog, 4, start, end, SL_GAP_RECORDER_STOPPED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  db = raw_open (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM gaps"), ==, 4);
  g_assert_cmpint (raw_int (db, "SELECT max (end_us - start_us) FROM gaps"), <=,
                   SL_CATALOG_MAX_GAP_PIECE_US);
  sqlite3_close (db);

  /* A window deep inside the gap, far from its start, still finds it; the
   * pieces come back as one gap. */
  g_assert_true (sl_catalog_query_timeline (fixture->catalog, 4, T0 + 2 * DAY + 10 * HOUR,
                                            T0 + 2 * DAY + 11 * HOUR, NULL, &gaps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaps->len, ==, 1);
  gap = gaps->pdata[0];
  g_assert_cmpint (gap->reason, ==, SL_GAP_RECORDER_STOPPED);
  g_assert_cmpint (gap->start_us, <=, T0 + 2 * DAY + 10 * HOUR);
  g_assert_cmpint (gap->end_us, >=, T0 + 2 * DAY + 11 * HOUR);

  g_clear_pointer (&gaps, g_ptr_array_unref);
  g_assert_true (
      sl_catalog_query_timeline (fixture->catalog, 4, T0, T0 + 4 * DAY, NULL, &gaps, &error));
  g_assert_cmpuint (gaps->len, ==, 1);
  gap = gaps->pdata[0];
  g_assert_cmpint (gap->id, ==, id);
  g_assert_cmpint (gap->start_us, ==, start);
  g_assert_cmpint (gap->end_us, ==, end);
}

/* ---- Retention ---------------------------------------------------------- */

static void
assert_ids (GPtrArray *segments, const gint64 *ids, guint n_ids)
{
  g_assert_cmpuint (segments->len, ==, n_ids);
  for (guint i = 0; i < n_ids; i++)
    g_assert_cmpint (((SlSegment *)segments->pdata[i])->id, ==, ids[i]);
}

static void
test_deletable_segments (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 first_root, second_root, gate, yard, removed;
  gint64 s[8], other_root, removed_segment;
  SlBookmark lock = {
    .start_us = T0 + 20 * MINUTE,
    .end_us = T0 + 21 * MINUTE,
    .name = (char *)"Incident",
    .locked = TRUE,
  };
  SlBookmark unlocked = {
    .start_us = T0,
    .end_us = T0 + HOUR,
    .locked = FALSE,
  };

  first_root = sl_catalog_add_storage_root (fixture->catalog, "/srv/a", 0, 5, &error);
  second_root = sl_catalog_add_storage_root (fixture->catalog, "/srv/b", 0, 5, &error);
  g_assert_no_error (error);
  gate = add_camera (fixture->catalog, "Gate", 0); /* the first root */
  yard = add_camera (fixture->catalog, "Yard", first_root);
  removed = add_camera (fixture->catalog, "Old", second_root);
  other_root = add_camera (fixture->catalog, "Dock", second_root);

  /* Gate, one-minute segments; the locked range is 20:00-21:00, widened to
   * 17:30-23:30. */
  s[0] = add_segment (fixture->catalog, gate, "main", T0 + 15 * MINUTE, T0 + 16 * MINUTE);
  s[1] = add_segment (fixture->catalog, gate, "main", T0 + 16 * MINUTE + 30 * SECOND,
                      T0 + 17 * MINUTE + 30 * SECOND); /* ends at the widened start */
  s[2] = add_segment (fixture->catalog, gate, "main", T0 + 17 * MINUTE, T0 + 18 * MINUTE);
  s[3] = add_segment (fixture->catalog, gate, "sub", T0 + 20 * MINUTE, T0 + 21 * MINUTE);
  s[4] = add_segment (fixture->catalog, gate, "main", T0 + 23 * MINUTE, T0 + 24 * MINUTE);
  s[5] = add_segment (fixture->catalog, gate, "main", T0 + 23 * MINUTE + 30 * SECOND,
                      T0 + 24 * MINUTE + 30 * SECOND); /* starts at the widened end */
  s[6] = add_segment (fixture->catalog, yard, "main", T0 + 20 * MINUTE, T0 + 21 * MINUTE);
  s[7] = add_segment (fixture->catalog, yard, "main", T0 + 5 * MINUTE, T0 + 6 * MINUTE);
  add_segment (fixture->catalog, other_root, "main", T0, T0 + MINUTE);
  /* A camera removed from the configuration: its recordings count as on the
   * first root. */
  removed_segment = add_segment (fixture->catalog, removed, "main", T0 + MINUTE, T0 + 2 * MINUTE);
  g_assert_true (sl_catalog_remove_camera (fixture->catalog, removed, &error));

  lock.camera_id = gate;
  sl_catalog_add_bookmark (fixture->catalog, &lock, &error);
  g_assert_no_error (error);
  /* An unlocked bookmark protects nothing; a lock on another camera does not
   * protect this one's recordings. */
  unlocked.camera_id = gate;
  sl_catalog_add_bookmark (fixture->catalog, &unlocked, &error);
  lock.camera_id = 999;
  sl_catalog_add_bookmark (fixture->catalog, &lock, &error);
  g_assert_no_error (error);

  list =
      sl_catalog_list_deletable_segments (fixture->catalog, first_root, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  {
    const gint64 expected[] = { removed_segment, s[7], s[0], s[1], s[6], s[5] };

    assert_ids (list, expected, G_N_ELEMENTS (expected));
  }
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Full rows come back. */
  list = sl_catalog_list_deletable_segments (fixture->catalog, first_root, gate, G_MAXINT64, 2,
                                             &error);
  {
    const gint64 expected[] = { s[0], s[1] };

    assert_ids (list, expected, G_N_ELEMENTS (expected));
    g_assert_nonnull (((SlSegment *)list->pdata[0])->path);
    g_assert_cmpint (((SlSegment *)list->pdata[0])->bytes, ==, 1000);
  }
  g_clear_pointer (&list, g_ptr_array_unref);

  list = sl_catalog_list_deletable_segments (fixture->catalog, first_root, 0, T0 + 15 * MINUTE, 0,
                                             &error);
  {
    const gint64 expected[] = { removed_segment, s[7] };

    assert_ids (list, expected, G_N_ELEMENTS (expected));
  }
  g_clear_pointer (&list, g_ptr_array_unref);

  list =
      sl_catalog_list_deletable_segments (fixture->catalog, second_root, 0, G_MAXINT64, 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((SlSegment *)list->pdata[0])->camera_id, ==, other_root);

  g_assert_cmpint (sl_catalog_get_storage_bytes (fixture->catalog, first_root, &error), ==,
                   9 * 1000);
  g_assert_cmpint (sl_catalog_get_storage_bytes (fixture->catalog, second_root, &error), ==, 1000);
  g_assert_no_error (error);
}

static void
test_retire_and_garbage (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) garbage = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (SlSegment) doomed = NULL;
  gint64 root, first, second;

  root = sl_catalog_add_storage_root (fixture->catalog, "/srv/a", 0, 5, &error);
  first = add_segment (fixture->catalog, 1, "main", T0, T0 + MINUTE);
  second = add_segment (fixture->catalog, 1, "main", T0 + MINUTE, T0 + 2 * MINUTE);
  g_assert_cmpint (sl_catalog_get_storage_bytes (fixture->catalog, root, &error), ==, 2000);
  doomed = sl_catalog_get_segment (fixture->catalog, first, &error);
  g_assert_no_error (error);

  g_assert_true (sl_catalog_retire_segment (fixture->catalog, first, &error));
  g_assert_no_error (error);
  g_assert_false (sl_catalog_retire_segment (fixture->catalog, first, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  all = sl_catalog_list_all_segments (fixture->catalog, &error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpint (((SlSegment *)all->pdata[0])->id, ==, second);
  g_assert_cmpint (sl_catalog_get_storage_bytes (fixture->catalog, root, &error), ==, 1000);

  garbage = sl_catalog_list_garbage (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (garbage->len, ==, 1);
  g_assert_cmpstr (garbage->pdata[0], ==, doomed->path);

  g_assert_true (sl_catalog_forget_garbage (fixture->catalog, doomed->path, &error));
  g_assert_true (sl_catalog_forget_garbage (fixture->catalog, doomed->path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&garbage, g_ptr_array_unref);
  garbage = sl_catalog_list_garbage (fixture->catalog, &error);
  g_assert_cmpuint (garbage->len, ==, 0);
}

/* ---- Logs --------------------------------------------------------------- */

static void
test_logs (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  SlLogEntry *entry;
  gint64 before = g_get_real_time ();

  sl_catalog_add_log (fixture->catalog, SL_LOG_AUDIT, 0, "camera-added", "Camera added", &error);
  sl_catalog_add_log (fixture->catalog, SL_LOG_ALARM, 3, "auth-failed", "Wrong password", &error);
  sl_catalog_add_log (fixture->catalog, SL_LOG_EVENT, 4, "connection-lost", "Lost", &error);
  sl_catalog_add_log (fixture->catalog, SL_LOG_EVENT, 3, "connection-lost", "Lost 3", &error);
  g_assert_no_error (error);

  entries = sl_catalog_list_logs (fixture->catalog, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->message, ==, "Lost 3");
  entry = entries->pdata[3];
  g_assert_cmpstr (entry->type, ==, "camera-added");
  g_assert_cmpint (entry->kind, ==, SL_LOG_AUDIT);
  g_assert_cmpint (entry->camera_id, ==, 0);
  g_assert_cmpint (entry->time_us, >=, before);
  g_assert_cmpint (entry->time_us, <=, g_get_real_time ());
  for (guint i = 1; i < entries->len; i++)
    g_assert_cmpint (((SlLogEntry *)entries->pdata[i - 1])->time_us, >=,
                     ((SlLogEntry *)entries->pdata[i])->time_us);

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = sl_catalog_list_logs (fixture->catalog, 3, 1, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((SlLogEntry *)entries->pdata[0])->message, ==, "Lost 3");
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = sl_catalog_list_logs (fixture->catalog, 3, 0, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (((SlLogEntry *)entries->pdata[1])->kind, ==, SL_LOG_ALARM);
}

/* ---- Async -------------------------------------------------------------- */

typedef struct
{
  GThread *thread;
  GAsyncResult *result;
  guint calls;
} AsyncWait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncWait *wait = data;

  /* Called in the thread that started the operation. */
  g_assert_true (g_thread_self () == wait->thread);
  g_assert_null (wait->result);
  wait->result = g_object_ref (result);
  wait->calls++;
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the thread-default context until the callback came, or fails
 * after a deadline. */
static GAsyncResult *
wait_for (AsyncWait *wait)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  GSource *timeout = g_timeout_source_new_seconds (WAIT_SECS);
  gboolean expired = FALSE;

  g_source_set_callback (timeout, on_timeout, &expired, NULL);
  g_source_attach (timeout, context);
  while (wait->result == NULL && !expired)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_unref (context);

  g_assert_false (expired);
  return g_steal_pointer (&wait->result);
}

static void
test_async (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  AsyncWait wait = {
    g_thread_self (),
  };
  char *name = g_strdup ("Gate");
  SlCameraRecord camera = camera_template (name);
  gint64 id;

  /* The arguments are copied: the caller's are gone before the job runs. */
  sl_catalog_add_camera_async (fixture->catalog, &camera, NULL, on_done, &wait);
  memset (name, 'X', strlen (name));
  g_free (name);
  result = wait_for (&wait);
  id = sl_catalog_add_camera_finish (fixture->catalog, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&result);

  camera.name = (char *)"gate";
  sl_catalog_add_camera_async (fixture->catalog, &camera, NULL, on_done, &wait);
  result = wait_for (&wait);
  g_assert_cmpint (sl_catalog_add_camera_finish (fixture->catalog, result, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_object (&result);

  sl_catalog_list_cameras_async (fixture->catalog, NULL, on_done, &wait);
  result = wait_for (&wait);
  cameras = sl_catalog_list_cameras_finish (fixture->catalog, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 1);
  g_assert_cmpstr (((SlCameraRecord *)cameras->pdata[0])->name, ==, "Gate");
  g_clear_object (&result);

  add_segment (fixture->catalog, id, "main", T0, T0 + MINUTE);
  sl_catalog_query_timeline_async (fixture->catalog, id, T0, T0 + HOUR, NULL, on_done, &wait);
  result = wait_for (&wait);
  g_assert_true (
      sl_catalog_query_timeline_finish (fixture->catalog, result, &segments, &gaps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 1);
  g_assert_cmpuint (gaps->len, ==, 0);
  g_clear_object (&result);

  sl_catalog_find_camera_async (fixture->catalog, "nobody", NULL, on_done, &wait);
  result = wait_for (&wait);
  g_assert_null (sl_catalog_find_camera_finish (fixture->catalog, result, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_cmpuint (wait.calls, ==, 5);
}

typedef struct
{
  Fixture *fixture;
  gboolean ok;
} ThreadContextData;

/* An operation started in a thread with its own thread-default context
 * calls back there, not in the global default context. */
static gpointer
async_in_thread (gpointer data)
{
  ThreadContextData *thread_data = data;
  GMainContext *context = g_main_context_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  AsyncWait wait = {
    g_thread_self (),
  };

  g_main_context_push_thread_default (context);
  sl_catalog_add_log_async (thread_data->fixture->catalog, SL_LOG_EVENT, 0, "test", "From a thread",
                            NULL, on_done, &wait);
  result = wait_for (&wait);
  thread_data->ok = sl_catalog_add_log_finish (thread_data->fixture->catalog, result, &error) > 0;
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return NULL;
}

static void
test_async_thread_context (Fixture *fixture, gconstpointer data)
{
  ThreadContextData thread_data = {
    fixture,
  };

  g_thread_join (g_thread_new ("caller", async_in_thread, &thread_data));
  g_assert_true (thread_data.ok);
  /* Nothing was left for the global default context. */
  g_assert_false (g_main_context_pending (NULL));
}

static void
test_async_open_and_cancel (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (SlCatalog) catalog = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = g_dir_make_tmp ("sl-catalog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, SL_CATALOG_FILE_NAME, NULL);
  g_autofree char *missing = g_build_filename (dir, "nowhere", SL_CATALOG_FILE_NAME, NULL);
  AsyncWait wait = {
    g_thread_self (),
  };

  sl_catalog_open_async (path, NULL, on_done, &wait);
  result = wait_for (&wait);
  catalog = sl_catalog_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (SL_IS_CATALOG (catalog));
  g_clear_object (&result);

  sl_catalog_open_async (missing, NULL, on_done, &wait);
  result = wait_for (&wait);
  g_assert_null (sl_catalog_open_finish (result, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CATALOG);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it runs: it does not run. */
  g_cancellable_cancel (cancellable);
  sl_catalog_add_log_async (catalog, SL_LOG_EVENT, 0, "test", "Never", cancellable, on_done, &wait);
  result = wait_for (&wait);
  g_assert_cmpint (sl_catalog_add_log_finish (catalog, result, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  {
    g_autoptr (GPtrArray) entries = sl_catalog_list_logs (catalog, 0, 0, NULL);

    g_assert_cmpuint (entries->len, ==, 0);
  }

  g_clear_object (&catalog);
  remove_tree (dir);
}

/* Dropping the catalog while jobs are queued: the jobs finish, their
 * callbacks run, and the worker stops (possibly disposing the catalog on
 * the worker itself, when a finished task held the last reference). */
static void
test_async_unref_while_busy (Fixture *fixture, gconstpointer data)
{
  AsyncWait waits[20];

  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      waits[i] = (AsyncWait){
        g_thread_self (),
      };
      sl_catalog_add_log_async (fixture->catalog, SL_LOG_EVENT, 0, "test", "Queued", NULL, on_done,
                                &waits[i]);
    }
  g_clear_object (&fixture->catalog);

  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      g_autoptr (GAsyncResult) result = wait_for (&waits[i]);
      g_autoptr (GError) error = NULL;
      SlCatalog *catalog = SL_CATALOG (g_async_result_get_source_object (result));

      g_assert_cmpint (sl_catalog_add_log_finish (catalog, result, &error), >, 0);
      g_assert_no_error (error);
      g_object_unref (catalog);
    }

  /* The file is closed and complete. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SlCatalog) again = sl_catalog_open (fixture->path, &error);
    g_autoptr (GPtrArray) entries = NULL;

    g_assert_no_error (error);
    entries = sl_catalog_list_logs (again, 0, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (waits));
  }
}

/* ---- Concurrency -------------------------------------------------------- */

#define N_THREADS           4
#define SEGMENTS_PER_THREAD 50

typedef struct
{
  SlCatalog *catalog;
  int index;
} Worker;

static gpointer
blocking_worker (gpointer data)
{
  Worker *worker = data;
  g_autofree char *name = g_strdup_printf ("Camera %d", worker->index);
  gint64 camera = add_camera (worker->catalog, name, 0);

  for (int i = 0; i < SEGMENTS_PER_THREAD; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) segments = NULL;
      g_autofree char *path = g_strdup_printf ("/rec/%d/%d.mkv", worker->index, i);
      gint64 start = T0 + i * MINUTE;
      gint64 open = sl_catalog_begin_segment (worker->catalog, camera, "main", path, start, &error);
      SlSegment segment = {
        .camera_id = camera,
        .stream = (char *)"main",
        .start_us = start,
        .end_us = start + MINUTE,
        .path = path,
        .bytes = 10,
      };

      g_assert_no_error (error);
      g_assert_cmpint (sl_catalog_add_segment (worker->catalog, open, &segment, &error), >, 0);
      g_assert_no_error (error);
      g_assert_true (sl_catalog_query_timeline (worker->catalog, camera, T0, start + MINUTE,
                                                &segments, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (segments->len, ==, i + 1);
      sl_catalog_add_log (worker->catalog, SL_LOG_EVENT, camera, "segment", path, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_concurrent_blocking_calls (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GPtrArray) logs = NULL;
  GThread *threads[N_THREADS];
  Worker workers[N_THREADS];
  sqlite3 *db;
  g_autofree char *check = NULL;

  for (int i = 0; i < N_THREADS; i++)
    {
      workers[i] = (Worker){ fixture->catalog, i };
      threads[i] = g_thread_new ("blocking", blocking_worker, &workers[i]);
    }
  for (int i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  all = sl_catalog_list_all_segments (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, N_THREADS * SEGMENTS_PER_THREAD);
  open = sl_catalog_list_open_segments (fixture->catalog, &error);
  g_assert_cmpuint (open->len, ==, 0);
  cameras = sl_catalog_list_cameras (fixture->catalog, &error);
  g_assert_cmpuint (cameras->len, ==, N_THREADS);
  logs = sl_catalog_list_logs (fixture->catalog, 0, 0, &error);
  g_assert_cmpuint (logs->len, ==, N_THREADS * SEGMENTS_PER_THREAD);

  db = raw_open (fixture->path);
  check = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (raw_int (db, "SELECT sum (bytes) FROM segment_totals"), ==,
                   N_THREADS * SEGMENTS_PER_THREAD * 10);
  sqlite3_close (db);
}

void
test_catalog_add_recordings_tests (void)
{
  ADD ("/catalog/segments/open-and-add", test_open_segments);
  ADD ("/catalog/segments/too-long", test_segment_too_long);
  ADD ("/catalog/timeline/overlap", test_timeline);
  ADD ("/catalog/timeline/covering-indexes", test_timeline_covering_indexes);
  ADD ("/catalog/timeline/long-gap", test_long_gap);
  ADD ("/catalog/retention/deletable", test_deletable_segments);
  ADD ("/catalog/retention/retire-and-garbage", test_retire_and_garbage);
  ADD ("/catalog/logs", test_logs);
  ADD ("/catalog/async/main-context", test_async);
  ADD ("/catalog/async/thread-context", test_async_thread_context);
  g_test_add_func ("/catalog/async/open-and-cancel", test_async_open_and_cancel);
  ADD ("/catalog/async/unref-while-busy", test_async_unref_while_busy);
  ADD ("/catalog/concurrency/blocking-calls", test_concurrent_blocking_calls);
}
