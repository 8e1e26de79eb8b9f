// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sl-data-lock.h"
#include "sl-error.h"

/* A helper process holds the lock; every wait for it has this deadline. */
#define DEADLINE_SECONDS   20
#define HOLD_LOCK_ARGUMENT "--hold-lock"

/* This test program, which is also the helper process. */
static char *program;

typedef struct
{
  char *data_dir;
  char *lock_path;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("sl-data-lock-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->lock_path = g_build_filename (fixture->data_dir, "recorder.lock", NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_unlink (fixture->lock_path);
  g_assert_cmpint (g_rmdir (fixture->data_dir), ==, 0);
  g_free (fixture->lock_path);
  g_free (fixture->data_dir);
}

static gboolean
deadline_passed (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
line_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;
  g_autoptr (GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("(end of output)");
}

/* Starts this program again as a process that holds the lock on @data_dir until
 * its standard input closes, which also happens when this process dies. */
static GSubprocess *
spawn_lock_holder (const char *data_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) holder = NULL;
  g_autoptr (GDataInputStream) output = NULL;
  g_autofree char *line = NULL;
  gboolean timed_out = FALSE;
  guint deadline;

  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             program, HOLD_LOCK_ARGUMENT, data_dir, NULL);
  g_assert_no_error (error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, NULL, line_read, &line);
  deadline = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_passed, &timed_out);
  while (line == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (deadline);

  g_assert_cmpstr (line, ==, "locked");
  return g_steal_pointer (&holder);
}

static void
process_ended (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *ended = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *ended = TRUE;
}

static void
kill_and_wait (GSubprocess *holder)
{
  gboolean ended = FALSE;
  gboolean timed_out = FALSE;
  guint deadline;

  g_subprocess_send_signal (holder, SIGKILL);
  g_subprocess_wait_async (holder, NULL, process_ended, &ended);
  deadline = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_passed, &timed_out);
  while (!ended && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (deadline);

  g_assert_true (g_subprocess_get_if_signaled (holder));
  g_assert_cmpint (g_subprocess_get_term_sig (holder), ==, SIGKILL);
}

static void
test_acquire_writes_owner (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataLock) lock = NULL;
  g_autoptr (GDateTime) since = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pid = g_strdup_printf ("%ld", (long)getpid ());
  g_auto (GStrv) lines = NULL;
  GStatBuf st;

  lock = sl_data_lock_acquire (fixture->data_dir, "sightline-recorder run", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);

  g_assert_cmpint (g_stat (fixture->lock_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  g_file_get_contents (fixture->lock_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, pid);
  g_assert_cmpstr (lines[1], ==, "sightline-recorder run");
  g_assert_cmpstr (lines[3], ==, "");

  since = g_date_time_new_from_iso8601 (lines[2], NULL);
  g_assert_nonnull (since);
  now = g_date_time_new_now_utc ();
  g_assert_cmpint (ABS (g_date_time_difference (now, since)), <, 60 * G_TIME_SPAN_SECOND);
}

static void
test_owner_on_one_line (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataLock) lock = NULL;
  g_autoptr (SlDataLock) second = NULL;
  g_autofree char *expected = g_strdup_printf ("(PID %ld, evil owner, since ", (long)getpid ());

  lock = sl_data_lock_acquire (fixture->data_dir, "evil\nowner", &error);
  g_assert_no_error (error);

  second = sl_data_lock_acquire (fixture->data_dir, "second", &error);
  g_assert_null (second);
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, expected));
}

static void
test_release_then_acquire (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataLock) again = NULL;
  g_autofree char *contents = NULL;
  SlDataLock *lock;

  lock = sl_data_lock_acquire (fixture->data_dir, "first", &error);
  g_assert_no_error (error);
  sl_data_lock_release (lock);

  /* Nobody would be named as the owner of a free folder. */
  g_file_get_contents (fixture->lock_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "");

  again = sl_data_lock_acquire (fixture->data_dir, "second", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  sl_data_lock_release (NULL);
}

/* A lock belongs to an open file, not to the process: a second recorder in the
 * same process is refused too. */
static void
test_second_in_process (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataLock) lock = NULL;
  g_autoptr (SlDataLock) second = NULL;
  g_autofree char *expected = NULL;

  lock = sl_data_lock_acquire (fixture->data_dir, "sightline", &error);
  g_assert_no_error (error);

  second = sl_data_lock_acquire (fixture->data_dir, "sightline-recorder run", &error);
  g_assert_null (second);
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
  expected = g_strdup_printf ("The data folder '%s' is in use by another recorder (PID %ld, "
                              "sightline, since ",
                              fixture->data_dir, (long)getpid ());
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_true (g_str_has_suffix (error->message, "); stop it first."));
}

static void
test_other_process (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) holder = spawn_lock_holder (fixture->data_dir);
  g_autoptr (SlDataLock) lock = NULL;
  g_autoptr (GRegex) since = NULL;
  g_autofree char *expected = NULL;

  lock = sl_data_lock_acquire (fixture->data_dir, "sightline", &error);
  g_assert_null (lock);
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
  g_test_message ("%s", error->message);

  expected =
      g_strdup_printf ("(PID %s, test lock holder, since ", g_subprocess_get_identifier (holder));
  g_assert_nonnull (strstr (error->message, expected));
  /* Started a moment ago, so today: a time of day without a date. */
  since = g_regex_new ("since [0-2][0-9]:[0-5][0-9]\\); stop it first\\.$", 0, 0, NULL);
  g_assert_true (g_regex_match (since, error->message, 0, NULL));
  g_clear_error (&error);

  /* kill -9 leaves no chance to clean up; the kernel drops the lock anyway. */
  kill_and_wait (holder);

  lock = sl_data_lock_acquire (fixture->data_dir, "sightline", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
}

static void
test_unreadable_owner (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) holder = spawn_lock_holder (fixture->data_dir);
  g_autoptr (SlDataLock) lock = NULL;
  g_autofree char *expected = NULL;
  int fd;

  /* Emptied in place: a new file renamed over it would be a different lock. */
  fd = g_open (fixture->lock_path, O_WRONLY | O_TRUNC, 0);
  g_assert_cmpint (fd, >=, 0);
  close (fd);

  lock = sl_data_lock_acquire (fixture->data_dir, "sightline", &error);
  g_assert_null (lock);
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
  expected = g_strdup_printf ("The data folder '%s' is in use by another recorder; stop it first.",
                              fixture->data_dir);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Nor is a first line that is not a PID worth showing. */
  fd = g_open (fixture->lock_path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "not a pid\nx\ny\n", 14), ==, 14);
  close (fd);

  lock = sl_data_lock_acquire (fixture->data_dir, "sightline", &error);
  g_assert_null (lock);
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
  g_assert_cmpstr (error->message, ==, expected);

  kill_and_wait (holder);
}

static void
test_missing_folder (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataLock) lock = NULL;
  g_autofree char *missing = g_build_filename (fixture->data_dir, "missing", NULL);

  lock = sl_data_lock_acquire (missing, "sightline", &error);
  g_assert_null (lock);
  g_assert_error (error, SL_ERROR, SL_ERROR_DATA_DIR);
  g_assert_nonnull (strstr (error->message, missing));
}

/* The helper process: holds the lock until standard input closes. */
static int
hold_lock (const char *data_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataLock) lock = sl_data_lock_acquire (data_dir, "test lock holder", &error);
  char buffer[64];

  if (lock == NULL)
    {
      printf ("failed: %s\n", error->message);
      return 1;
    }

  printf ("locked\n");
  fflush (stdout);

  while (read (STDIN_FILENO, buffer, sizeof buffer) > 0)
    ;
  return 0;
}

int
main (int argc, char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], HOLD_LOCK_ARGUMENT))
    return hold_lock (argv[2]);

  program = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/data-lock/acquire-writes-owner", Fixture, NULL, fixture_set_up,
              test_acquire_writes_owner, fixture_tear_down);
  g_test_add ("/data-lock/owner-on-one-line", Fixture, NULL, fixture_set_up, test_owner_on_one_line,
              fixture_tear_down);
  g_test_add ("/data-lock/release-then-acquire", Fixture, NULL, fixture_set_up,
              test_release_then_acquire, fixture_tear_down);
  g_test_add ("/data-lock/second-in-process", Fixture, NULL, fixture_set_up, test_second_in_process,
              fixture_tear_down);
  g_test_add ("/data-lock/other-process", Fixture, NULL, fixture_set_up, test_other_process,
              fixture_tear_down);
  g_test_add ("/data-lock/unreadable-owner", Fixture, NULL, fixture_set_up, test_unreadable_owner,
              fixture_tear_down);
  g_test_add ("/data-lock/missing-folder", Fixture, NULL, fixture_set_up, test_missing_folder,
              fixture_tear_down);

  return g_test_run ();
}
