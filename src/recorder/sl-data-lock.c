// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-data-lock.h"
#include "sl-error.h"

#define SL_DATA_LOCK_FILE_NAME "recorder.lock"
/* A PID, an owner description and a time stamp: anything longer is not ours. */
#define SL_DATA_LOCK_MAX_CONTENTS 4096

/* flock() rather than fcntl() record locks: a record lock belongs to the process
 * and vanishes when any descriptor of the file is closed, so an unrelated
 * open-read-close of recorder.lock elsewhere in the process would drop it. An
 * flock() lock belongs to this one open file and dies with it, also when the
 * process is killed. */
struct _SlDataLock
{
  int fd;
  char *path;
};

static char *
one_line (const char *text)
{
  char *line = g_utf8_make_valid (text, -1);

  g_strdelimit (line, "\r\n", ' ');
  return line;
}

static gboolean
write_all (int fd, const char *contents)
{
  size_t length = strlen (contents);
  size_t done = 0;

  while (done < length)
    {
      ssize_t written = pwrite (fd, contents + done, length - done, (off_t)done);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      done += (size_t)written;
    }

  return TRUE;
}

/* "pid\nowner description\nstart time\n", for the message a second recorder gets. */
static void
write_owner (SlDataLock *lock, const char *owner_description)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *since = g_date_time_format_iso8601 (now);
  g_autofree char *owner = one_line (owner_description != NULL ? owner_description : "");
  g_autofree char *contents = g_strdup_printf ("%ld\n%s\n%s\n", (long)getpid (), owner, since);

  /* The lock is held whatever happens here: the contents only make the message
   * of a second recorder more helpful. */
  if (ftruncate (lock->fd, 0) != 0 || !write_all (lock->fd, contents))
    g_debug ("Cannot write the owner into %s: %s", lock->path, g_strerror (errno));
}

static char *
read_contents (int fd)
{
  g_autofree char *buffer = g_malloc0 (SL_DATA_LOCK_MAX_CONTENTS + 1);
  ssize_t length;

  do
    length = pread (fd, buffer, SL_DATA_LOCK_MAX_CONTENTS, 0);
  while (length < 0 && errno == EINTR);

  if (length <= 0)
    return NULL;

  buffer[length] = '\0';
  return g_steal_pointer (&buffer);
}

static gboolean
is_pid (const char *text)
{
  guint64 pid;

  return g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &pid, NULL);
}

/* "10:42" today, "2024-05-01 10:42" on another day, in local time. */
static char *
format_since (const char *iso8601)
{
  g_autoptr (GDateTime) parsed = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_autoptr (GDateTime) since = NULL;
  g_autoptr (GDateTime) now = NULL;
  int year, month, day;
  int now_year, now_month, now_day;

  if (parsed == NULL)
    return NULL;

  since = g_date_time_to_local (parsed);
  now = g_date_time_new_now_local ();
  g_date_time_get_ymd (since, &year, &month, &day);
  g_date_time_get_ymd (now, &now_year, &now_month, &now_day);

  if (year == now_year && month == now_month && day == now_day)
    return g_date_time_format (since, "%H:%M");
  return g_date_time_format (since, "%Y-%m-%d %H:%M");
}

static void
set_locked_error (GError **error, const char *data_dir, const char *contents)
{
  g_autofree char *display = g_filename_display_name (data_dir);
  g_auto (GStrv) lines = NULL;
  const char *pid = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *since = NULL;

  if (contents != NULL)
    {
      lines = g_strsplit (contents, "\n", 4);

      if (lines[0] != NULL && is_pid (lines[0]))
        pid = lines[0];
      if (pid != NULL && lines[1] != NULL && lines[1][0] != '\0')
        owner = one_line (lines[1]);
      if (owner != NULL && lines[2] != NULL)
        since = format_since (lines[2]);
    }

  if (since != NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                 _ ("The data folder '%s' is in use by another recorder (PID %s, %s, since %s); "
                    "stop it first."),
                 display, pid, owner, since);
  else if (owner != NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                 _ ("The data folder '%s' is in use by another recorder (PID %s, %s); stop it "
                    "first."),
                 display, pid, owner);
  else if (pid != NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                 _ ("The data folder '%s' is in use by another recorder (PID %s); stop it first."),
                 display, pid);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                 _ ("The data folder '%s' is in use by another recorder; stop it first."), display);
}

/**
 * sl_data_lock_acquire:
 * @data_dir: the data folder, which must exist
 * @owner_description: what the owner is, for a second recorder's message, such as
 *   "sightline-recorder run"
 * @error: return location for an error in the %SL_ERROR domain
 *
 * Makes this process the one recorder that uses @data_dir, through a lock on
 * `recorder.lock` in it, and writes the PID, @owner_description and the start time
 * into that file. The lock lasts until sl_data_lock_release() or the end of the
 * process, however it ends.
 *
 * This makes blocking file system calls: call it while starting, before the main
 * loop runs.
 *
 * Returns: (transfer full) (nullable): the lock, or %NULL with @error set:
 *   %SL_ERROR_LOCKED naming the other recorder when one holds the folder,
 *   %SL_ERROR_DATA_DIR when the lock file cannot be opened or locked
 */
SlDataLock *
sl_data_lock_acquire (const char *data_dir, const char *owner_description, GError **error)
{
  g_autofree char *path = NULL;
  SlDataLock *lock;
  int fd;
  int result;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_build_filename (data_dir, SL_DATA_LOCK_FILE_NAME, NULL);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SL_ERROR, SL_ERROR_DATA_DIR,
                   _ ("Cannot open the lock file '%s' (%s); check the permissions of the data "
                      "folder or choose another one with --data-dir."),
                   display, g_strerror (saved_errno));
      return NULL;
    }

  do
    result = flock (fd, LOCK_EX | LOCK_NB);
  while (result != 0 && errno == EINTR);

  if (result != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EWOULDBLOCK)
        {
          g_autofree char *contents = read_contents (fd);

          set_locked_error (error, data_dir, contents);
        }
      else
        {
          g_autofree char *display = g_filename_display_name (data_dir);

          g_set_error (error, SL_ERROR, SL_ERROR_DATA_DIR,
                       _ ("Cannot lock the data folder '%s' (%s); choose a folder on a local "
                          "disk with --data-dir."),
                       display, g_strerror (saved_errno));
        }

      close (fd);
      return NULL;
    }

  lock = g_new0 (SlDataLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);
  write_owner (lock, owner_description);

  g_debug ("Locked %s for PID %ld", lock->path, (long)getpid ());
  return lock;
}

/**
 * sl_data_lock_release:
 * @lock: (transfer full) (nullable): a lock from sl_data_lock_acquire()
 *
 * Gives up the data folder, so that another recorder may use it, and frees @lock.
 */
void
sl_data_lock_release (SlDataLock *lock)
{
  if (lock == NULL)
    return;

  /* Emptied while still held, so nobody reads a stale owner; the file stays,
   * since removing it could let two recorders lock two different files. */
  if (ftruncate (lock->fd, 0) != 0)
    g_debug ("Cannot empty %s: %s", lock->path, g_strerror (errno));

  g_debug ("Unlocked %s", lock->path);
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}
