// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-data-dir.h"
#include "sl-error.h"

/* The catalog and the recordings index are private to the user. */
#define SL_DATA_DIR_MODE 0700

/* Messages name the folder with ASCII quotes: they are mostly read on a terminal,
 * where typographic quotes turn into '?' in a non-UTF-8 locale. */

static gboolean
check_usable (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SL_ERROR, SL_ERROR_DATA_DIR,
                   _ ("Cannot read the data folder '%s' (%s); choose another folder with "
                      "--data-dir."),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DATA_DIR,
                   _ ("Cannot use '%s' as the data folder because it is not a folder; choose a "
                      "folder with --data-dir."),
                   display);
      return FALSE;
    }

  if (g_access (path, R_OK | W_OK | X_OK) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DATA_DIR,
                   _ ("Cannot use '%s' as the data folder because it is not writable; fix its "
                      "permissions or choose another folder with --data-dir."),
                   display);
      return FALSE;
    }

  return TRUE;
}

/**
 * sl_data_dir_resolve:
 * @override: (nullable): the folder the user chose (`--data-dir`), or %NULL for the default
 * @error: return location for an error in the %SL_ERROR domain
 *
 * Finds the folder that holds the catalog and everything else Sightline keeps:
 * @override if given, else `$XDG_DATA_HOME/sightline`. A missing folder is created
 * with mode 0700, together with its missing parents.
 *
 * This makes blocking file system calls: call it while starting, before the main
 * loop runs.
 *
 * Returns: (transfer full) (nullable): the absolute path of the data folder, or %NULL
 *   with @error set to a message the user can act on
 */
char *
sl_data_dir_resolve (const char *override, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (override != NULL && override[0] == '\0')
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("The data folder name is empty; give the path of a folder to "
                              "--data-dir."));
      return NULL;
    }

  if (override != NULL)
    path = g_canonicalize_filename (override, NULL);
  else
    path = g_build_filename (g_get_user_data_dir (), "sightline", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_debug ("Creating data folder %s", path);

      if (g_mkdir_with_parents (path, SL_DATA_DIR_MODE) != 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, SL_ERROR, SL_ERROR_DATA_DIR,
                       _ ("Cannot create the data folder '%s' (%s); choose another folder with "
                          "--data-dir."),
                       display, g_strerror (saved_errno));
          return NULL;
        }
    }

  if (!check_usable (path, error))
    return NULL;

  return g_steal_pointer (&path);
}
