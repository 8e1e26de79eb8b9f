// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-cli-private.h"
#include "sl-error.h"
#include "sl-recorder.h"

/* sightline-recorder storage add | list | set */

/* Recordings are private to the user and the group (a backup operator). */
#define STORAGE_FOLDER_MODE 0750
#define DEFAULT_MIN_FREE    5.0

static gboolean
prepare_folder (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      g_mkdir_with_parents (path, STORAGE_FOLDER_MODE) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot create the storage folder '%s' (%s)."), display,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (g_stat (path, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot store recordings in '%s' because it is not a folder."), display);
      return FALSE;
    }
  if (g_access (path, W_OK | X_OK) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("Cannot store recordings in '%s' because it is not writable; fix its "
                      "permissions."),
                   display);
      return FALSE;
    }
  return TRUE;
}

/* ---- storage add --------------------------------------------------------- */

int
sl_cli_storage_add (SlCli *cli, int argc, char **argv)
{
  g_autofree char *max_size = NULL;
  g_autofree char *min_free = NULL;
  const GOptionEntry entries[] = {
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &max_size,
      N_ ("Use at most SIZE for recordings, e.g. 500G (K, M, G, T: powers of 1024)"), N_ ("SIZE") },
    { "min-free", 0, 0, G_OPTION_ARG_STRING, &min_free,
      N_ ("Keep PERCENT of the file system free (default 5)"), N_ ("PERCENT") },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  SlCatalog *catalog;
  gint64 max_bytes = 0;
  double min_free_percent = DEFAULT_MIN_FREE;
  int status = SL_CLI_EXIT_OK;
  gint64 id;

  if (!sl_cli_parse_options (cli, entries, _ ("PATH"),
                             _ ("Adds a folder where recordings are stored, creating it if needed, "
                                "and prints its ID."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 1, 1, _ ("the path of a folder"), &status))
    return status;

  if ((max_size != NULL && !sl_cli_parse_size (max_size, &max_bytes, &error)) ||
      (min_free != NULL && !sl_cli_parse_percent (min_free, &min_free_percent, &error)))
    return sl_cli_fail (error);

  path = g_canonicalize_filename (argv[1], NULL);
  if (!prepare_folder (path, &error))
    return sl_cli_fail (error);

  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL)
    return sl_cli_fail (error);
  id = sl_catalog_add_storage_root (catalog, path, max_bytes, min_free_percent, &error);
  if (id <= 0)
    return sl_cli_fail (error);

  g_print ("%" G_GINT64_FORMAT "\n", id);
  return SL_CLI_EXIT_OK;
}

/* ---- storage list -------------------------------------------------------- */

typedef struct
{
  gint64 used;
  gboolean have_filesystem;
  guint64 free;
  guint64 size;
} Usage;

static gboolean
measure (SlCatalog *catalog, const SlStorageRoot *root, Usage *usage, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (root->path);
  g_autoptr (GFileInfo) info = NULL;
  GError *local_error = NULL;

  /* 0 is a valid answer: only the error says whether it failed. */
  usage->used = sl_catalog_get_storage_bytes (catalog, root->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  info = g_file_query_filesystem_info (
      file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE "," G_FILE_ATTRIBUTE_FILESYSTEM_SIZE, NULL, NULL);
  usage->have_filesystem = info != NULL &&
                           g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) &&
                           g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
  if (usage->have_filesystem)
    {
      usage->free = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
      usage->size = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE);
    }
  return TRUE;
}

static void
add_root_json (JsonBuilder *builder, const SlStorageRoot *root, const Usage *usage)
{
  json_builder_begin_object (builder);
  sl_cli_json_add_int (builder, "id", root->id);
  sl_cli_json_add_string (builder, "path", root->path);
  sl_cli_json_add_optional_int (builder, "max_bytes", root->max_bytes > 0, root->max_bytes);
  json_builder_set_member_name (builder, "min_free_percent");
  json_builder_add_double_value (builder, root->min_free_percent);
  sl_cli_json_add_int (builder, "used_bytes", usage->used);
  sl_cli_json_add_optional_int (builder, "free_bytes", usage->have_filesystem, (gint64)usage->free);
  sl_cli_json_add_optional_int (builder, "filesystem_bytes", usage->have_filesystem,
                                (gint64)usage->size);
  json_builder_end_object (builder);
}

static GPtrArray *
root_row (const SlStorageRoot *root, const Usage *usage)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, root->id);
  g_autofree char *max =
      root->max_bytes > 0 ? sl_cli_format_size (root->max_bytes) : g_strdup (_ ("no limit"));
  g_autofree char *min_free = g_strdup_printf ("%g%%", root->min_free_percent);
  g_autofree char *used = sl_cli_format_size (usage->used);
  g_autofree char *free_text = NULL;

  if (usage->have_filesystem)
    {
      g_autofree char *free_size = sl_cli_format_size ((gint64)usage->free);
      g_autofree char *total = sl_cli_format_size ((gint64)usage->size);

      /* Translators: free space of a file system, e.g. "120.5 GiB of 500.0 GiB". */
      free_text = g_strdup_printf (_ ("%s of %s"), free_size, total);
    }
  else
    {
      free_text = g_strdup (_ ("unavailable"));
    }

  return sl_cli_table_row (id, root->path, max, min_free, used, free_text, NULL);
}

int
sl_cli_storage_list (SlCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array for scripts"), NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  SlCatalog *catalog;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, NULL,
                             _ ("Lists the storage locations, their limits, the space recordings "
                                "use there and the free space of their file systems."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL)
    return sl_cli_fail (error);
  roots = sl_catalog_list_storage_roots (catalog, &error);
  if (roots == NULL)
    return sl_cli_fail (error);

  json_builder_begin_array (builder);
  g_ptr_array_add (rows, sl_cli_table_row (_ ("ID"), _ ("PATH"), _ ("MAX SIZE"), _ ("MIN FREE"),
                                           _ ("USED"), _ ("FREE"), NULL));
  for (guint i = 0; i < roots->len; i++)
    {
      const SlStorageRoot *root = roots->pdata[i];
      Usage usage = { 0 };

      if (!measure (catalog, root, &usage, &error))
        return sl_cli_fail (error);
      add_root_json (builder, root, &usage);
      g_ptr_array_add (rows, root_row (root, &usage));
    }
  json_builder_end_array (builder);

  if (json)
    {
      sl_cli_print_json (builder);
    }
  else if (roots->len == 0)
    {
      g_autofree char *fallback = sl_recorder_default_storage_path (cli->data_dir);

      g_print (_ ("No storage locations yet; recordings go to '%s'.\n"), fallback);
    }
  else
    {
      sl_cli_print_table (rows);
    }
  return SL_CLI_EXIT_OK;
}

/* ---- storage set --------------------------------------------------------- */

int
sl_cli_storage_set (SlCli *cli, int argc, char **argv)
{
  g_autofree char *max_size = NULL;
  g_autofree char *min_free = NULL;
  const GOptionEntry entries[] = {
    { "max-size", 0, 0, G_OPTION_ARG_STRING, &max_size,
      N_ ("Use at most SIZE for recordings, e.g. 500G (0 or none: no limit)"), N_ ("SIZE") },
    { "min-free", 0, 0, G_OPTION_ARG_STRING, &min_free, N_ ("Keep PERCENT of the file system free"),
      N_ ("PERCENT") },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStorageRoot) root = NULL;
  SlCatalog *catalog;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, _ ("PATH|ID"),
                             _ ("Changes the limits of a storage location."), &argc, &argv,
                             &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 1, 1, _ ("a storage path or ID"), &status))
    return status;

  if (max_size == NULL && min_free == NULL)
    return sl_cli_usage_error (cli, _ ("nothing to change; give --max-size or --min-free"));

  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL)
    return sl_cli_fail (error);
  root = sl_cli_find_storage_root (cli, argv[1], &error);
  if (root == NULL)
    return sl_cli_fail (error);

  if ((max_size != NULL && !sl_cli_parse_size (max_size, &root->max_bytes, &error)) ||
      (min_free != NULL && !sl_cli_parse_percent (min_free, &root->min_free_percent, &error)) ||
      !sl_catalog_update_storage_root (catalog, root, &error))
    return sl_cli_fail (error);

  g_print (_ ("Updated storage location '%s'.\n"), root->path);
  return SL_CLI_EXIT_OK;
}
