// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-cli-private.h"
#include "sl-error.h"

/* sightline-recorder check [--repair]: the catalog against the disk.
 *
 * A problem is a catalog row that does not hold: a segment whose file is
 * missing, has another size or does not start like a Matroska file, or a
 * deletion (garbage) row whose file is already gone. They make the exit
 * status 1. Segments being written (the journal), deletions still waiting for
 * the recorder, and files in camera folders that the catalog does not know
 * are reported but are not problems: the recorder deals with the first two at
 * its next start, and unknown files are never deleted, only shown.
 *
 * --repair does only what is safe: it forgets rows whose file is gone. */

#define CAMERA_FOLDER_PREFIX "camera-"
/* camera-ID/YYYY-MM-DD/segment.mkv, with room to spare. */
#define MAX_SCAN_DEPTH 4
#define HEADER_BYTES   1024

static const guint8 ebml_magic[] = { 0x1A, 0x45, 0xDF, 0xA3 };

typedef enum
{
  PROBLEM_MISSING,
  PROBLEM_SIZE,
  PROBLEM_UNREADABLE,
  PROBLEM_STALE_GARBAGE,
} ProblemKind;

static const char *const problem_names[] = {
  [PROBLEM_MISSING] = "missing",
  [PROBLEM_SIZE] = "size-mismatch",
  [PROBLEM_UNREADABLE] = "unreadable",
  [PROBLEM_STALE_GARBAGE] = "stale-deletion",
};

typedef struct
{
  ProblemKind kind;
  gint64 segment_id; /* 0 for a garbage row */
  gint64 camera_id;
  char *path;
  gint64 catalog_bytes;
  gint64 disk_bytes;
  char *reason;
  gboolean repaired;
} Problem;

typedef struct
{
  GPtrArray *folders;  /* char *: the storage folders scanned */
  GPtrArray *problems; /* Problem */
  GPtrArray *open;     /* SlOpenSegment */
  GPtrArray *pending;  /* char *: garbage whose file still exists */
  GPtrArray *unknown;  /* char * */
  guint n_segments;
} Report;

static void
problem_free (Problem *problem)
{
  g_free (problem->path);
  g_free (problem->reason);
  g_free (problem);
}

static void
report_clear (Report *report)
{
  g_clear_pointer (&report->folders, g_ptr_array_unref);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->open, g_ptr_array_unref);
  g_clear_pointer (&report->pending, g_ptr_array_unref);
  g_clear_pointer (&report->unknown, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

static Problem *
problem_new (ProblemKind kind, const SlSegment *segment, const char *path)
{
  Problem *problem = g_new0 (Problem, 1);

  problem->kind = kind;
  problem->path = g_strdup (path);
  if (segment != NULL)
    {
      problem->segment_id = segment->id;
      problem->camera_id = segment->camera_id;
      problem->catalog_bytes = segment->bytes;
    }
  return problem;
}

/* NULL when the file is what the catalog says. */
static Problem *
check_segment_file (const SlSegment *segment)
{
  Problem *problem;
  guint8 header[HEADER_BYTES];
  GStatBuf st;
  gssize n;
  int fd;

  if (g_stat (segment->path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return problem_new (PROBLEM_MISSING, segment, segment->path);
      problem = problem_new (PROBLEM_UNREADABLE, segment, segment->path);
      problem->reason = g_strdup (g_strerror (saved_errno));
      return problem;
    }
  if (!S_ISREG (st.st_mode))
    {
      problem = problem_new (PROBLEM_UNREADABLE, segment, segment->path);
      problem->reason = g_strdup (_ ("not a file"));
      return problem;
    }
  if (st.st_size != segment->bytes)
    {
      problem = problem_new (PROBLEM_SIZE, segment, segment->path);
      problem->disk_bytes = st.st_size;
      return problem;
    }

  fd = g_open (segment->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      problem = problem_new (PROBLEM_UNREADABLE, segment, segment->path);
      problem->reason = g_strdup (g_strerror (saved_errno));
      return problem;
    }
  do
    n = read (fd, header, sizeof header);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved_errno = errno;

      problem = problem_new (PROBLEM_UNREADABLE, segment, segment->path);
      problem->reason = g_strdup (g_strerror (saved_errno));
    }
  else if ((gsize)n < sizeof ebml_magic || memcmp (header, ebml_magic, sizeof ebml_magic) != 0)
    {
      problem = problem_new (PROBLEM_UNREADABLE, segment, segment->path);
      problem->reason = g_strdup (_ ("it does not start like a Matroska file"));
    }
  else
    {
      problem = NULL;
    }
  g_close (fd, NULL);
  return problem;
}

static void
scan_folder (const char *path, guint depth, GHashTable *known, GPtrArray *unknown)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_lstat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (depth < MAX_SCAN_DEPTH)
            scan_folder (child, depth + 1, known, unknown);
        }
      else if (!g_hash_table_contains (known, child))
        {
          g_ptr_array_add (unknown, g_steal_pointer (&child));
        }
    }
}

/* Files in the camera folders of @root that no catalog row names. */
static void
scan_storage (const char *root, GHashTable *known, GPtrArray *unknown)
{
  g_autoptr (GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (root, name, NULL);

      if (g_str_has_prefix (name, CAMERA_FOLDER_PREFIX) &&
          g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        scan_folder (child, 1, known, unknown);
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

static gboolean
file_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

static gboolean
examine (SlCli *cli, SlCatalog *catalog, Report *report, GError **error)
{
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) garbage = NULL;
  g_autoptr (GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);

  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)problem_free);
  report->pending = g_ptr_array_new_with_free_func (g_free);
  report->unknown = g_ptr_array_new_with_free_func (g_free);

  report->folders = sl_cli_list_storage_paths (cli, error);
  if (report->folders == NULL)
    return FALSE;
  segments = sl_catalog_list_all_segments (catalog, error);
  if (segments == NULL)
    return FALSE;
  report->open = sl_catalog_list_open_segments (catalog, error);
  if (report->open == NULL)
    return FALSE;
  garbage = sl_catalog_list_garbage (catalog, error);
  if (garbage == NULL)
    return FALSE;

  for (guint i = 0; i < segments->len; i++)
    {
      const SlSegment *segment = segments->pdata[i];
      Problem *problem = check_segment_file (segment);

      g_hash_table_add (known, segment->path);
      report->n_segments++;
      if (problem == NULL)
        continue;

      /* Retention may have deleted it since the list was read. */
      if (problem->kind == PROBLEM_MISSING)
        {
          g_autoptr (SlSegment) again = NULL;
          g_autoptr (GError) local_error = NULL;

          again = sl_catalog_get_segment (catalog, segment->id, &local_error);
          if (again == NULL && g_error_matches (local_error, SL_ERROR, SL_ERROR_NOT_FOUND))
            {
              problem_free (problem);
              continue;
            }
        }
      g_ptr_array_add (report->problems, problem);
    }

  for (guint i = 0; i < report->open->len; i++)
    g_hash_table_add (known, ((SlOpenSegment *)report->open->pdata[i])->path);

  for (guint i = 0; i < garbage->len; i++)
    {
      const char *path = garbage->pdata[i];

      g_hash_table_add (known, (gpointer)path);
      if (file_exists (path))
        g_ptr_array_add (report->pending, g_strdup (path));
      else
        g_ptr_array_add (report->problems, problem_new (PROBLEM_STALE_GARBAGE, NULL, path));
    }

  for (guint i = 0; i < report->folders->len; i++)
    scan_storage (report->folders->pdata[i], known, report->unknown);
  g_ptr_array_sort (report->unknown, compare_strings);

  return TRUE;
}

/* Forgets the rows whose file is gone; nothing else. */
static gboolean
repair (SlCatalog *catalog, Report *report, GError **error)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      Problem *problem = report->problems->pdata[i];

      if (problem->kind == PROBLEM_MISSING)
        {
          if (!sl_catalog_retire_segment (catalog, problem->segment_id, error) ||
              !sl_catalog_forget_garbage (catalog, problem->path, error))
            return FALSE;
          problem->repaired = TRUE;
        }
      else if (problem->kind == PROBLEM_STALE_GARBAGE)
        {
          if (!sl_catalog_forget_garbage (catalog, problem->path, error))
            return FALSE;
          problem->repaired = TRUE;
        }
    }
  return TRUE;
}

static char *
describe_problem (const Problem *problem)
{
  g_autofree char *text = NULL;

  switch (problem->kind)
    {
      case PROBLEM_MISSING:
        text = g_strdup_printf (_ ("Missing file: %s (segment %lld of camera %lld)"), problem->path,
                                (long long)problem->segment_id, (long long)problem->camera_id);
        break;
      case PROBLEM_SIZE:
        text = g_strdup_printf (_ ("Wrong size: %s (segment %lld of camera %lld) has %lld bytes, "
                                   "the catalog says %lld"),
                                problem->path, (long long)problem->segment_id,
                                (long long)problem->camera_id, (long long)problem->disk_bytes,
                                (long long)problem->catalog_bytes);
        break;
      case PROBLEM_UNREADABLE:
        text = g_strdup_printf (_ ("Unreadable: %s (segment %lld of camera %lld): %s"),
                                problem->path, (long long)problem->segment_id,
                                (long long)problem->camera_id, problem->reason);
        break;
      case PROBLEM_STALE_GARBAGE:
        text = g_strdup_printf (_ ("Listed for deletion but already gone: %s"), problem->path);
        break;
      default:
        g_assert_not_reached ();
    }

  if (problem->repaired)
    return g_strdup_printf ("%s; %s", text, _ ("repaired: the row is removed from the catalog"));
  return g_steal_pointer (&text);
}

static void
print_report (const Report *report)
{
  guint repaired = 0;

  for (guint i = 0; i < report->problems->len; i++)
    {
      const Problem *problem = report->problems->pdata[i];
      g_autofree char *text = describe_problem (problem);

      repaired += problem->repaired;
      g_print ("%s\n", text);
    }
  for (guint i = 0; i < report->open->len; i++)
    {
      const SlOpenSegment *open = report->open->pdata[i];
      g_autofree char *since = sl_cli_format_time (open->start_us);

      g_print (_ ("Being written, or left by a crash and recovered at the next start: %s (camera "
                  "%lld, %s stream, since %s)\n"),
               open->path, (long long)open->camera_id, open->stream, since);
    }
  for (guint i = 0; i < report->pending->len; i++)
    g_print (_ ("Waiting for the recorder to delete it: %s\n"),
             (const char *)report->pending->pdata[i]);
  for (guint i = 0; i < report->unknown->len; i++)
    g_print (_ ("Not in the catalog (kept): %s\n"), (const char *)report->unknown->pdata[i]);

  g_print (_ ("Segments checked: %u; problems: %u (repaired: %u); being written: %u; waiting for "
              "deletion: %u; unknown files: %u.\n"),
           report->n_segments, report->problems->len, repaired, report->open->len,
           report->pending->len, report->unknown->len);
}

static void
add_strings_json (JsonBuilder *builder, const char *name, GPtrArray *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, strings->pdata[i]);
  json_builder_end_array (builder);
}

static void
print_report_json (const Report *report, gboolean consistent)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  sl_cli_json_add_boolean (builder, "consistent", consistent);
  sl_cli_json_add_int (builder, "segments_checked", report->n_segments);
  add_strings_json (builder, "storage_folders", report->folders);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->problems->len; i++)
    {
      const Problem *problem = report->problems->pdata[i];

      json_builder_begin_object (builder);
      sl_cli_json_add_string (builder, "kind", problem_names[problem->kind]);
      sl_cli_json_add_string (builder, "path", problem->path);
      if (problem->segment_id > 0)
        {
          sl_cli_json_add_int (builder, "segment_id", problem->segment_id);
          sl_cli_json_add_int (builder, "camera_id", problem->camera_id);
          sl_cli_json_add_int (builder, "catalog_bytes", problem->catalog_bytes);
        }
      if (problem->kind == PROBLEM_SIZE)
        sl_cli_json_add_int (builder, "disk_bytes", problem->disk_bytes);
      if (problem->reason != NULL)
        sl_cli_json_add_string (builder, "reason", problem->reason);
      sl_cli_json_add_boolean (builder, "repaired", problem->repaired);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "open_segments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->open->len; i++)
    {
      const SlOpenSegment *open = report->open->pdata[i];
      g_autofree char *since = sl_cli_format_time (open->start_us);

      json_builder_begin_object (builder);
      sl_cli_json_add_int (builder, "id", open->id);
      sl_cli_json_add_int (builder, "camera_id", open->camera_id);
      sl_cli_json_add_string (builder, "stream", open->stream);
      sl_cli_json_add_string (builder, "path", open->path);
      sl_cli_json_add_string (builder, "start", since);
      sl_cli_json_add_int (builder, "start_us", open->start_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_strings_json (builder, "pending_deletions", report->pending);
  add_strings_json (builder, "unknown_files", report->unknown);
  json_builder_end_object (builder);

  sl_cli_print_json (builder);
}

int
sl_cli_check (SlCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  gboolean repair_safe = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON object for scripts"), NULL },
    { "repair", 0, 0, G_OPTION_ARG_NONE, &repair_safe,
      N_ ("Remove catalog rows whose file is gone (needs the recorder stopped)"), NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataLock) lock = NULL;
  g_auto (Report) report = { 0 };
  SlCatalog *catalog;
  gboolean consistent = TRUE;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (
          cli, entries, NULL,
          _ ("Checks that every segment in the catalog has its file, of the right size and "
             "readable. Exits with 1 when a catalog row does not hold; segments being written, "
             "deletions waiting for the recorder and unknown files in camera folders are listed "
             "but do not count, and unknown files are never deleted."),
          &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  if (repair_safe)
    {
      lock = sl_cli_lock_data_dir (cli, &error);
      if (lock == NULL)
        return sl_cli_fail (error);
    }

  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL || !examine (cli, catalog, &report, &error) ||
      (repair_safe && !repair (catalog, &report, &error)))
    return sl_cli_fail (error);

  for (guint i = 0; i < report.problems->len; i++)
    consistent &= ((Problem *)report.problems->pdata[i])->repaired;

  if (json)
    print_report_json (&report, consistent);
  else
    print_report (&report);

  if (consistent)
    {
      if (!json)
        g_print ("%s\n", _ ("The catalog matches the recordings on disk."));
      return SL_CLI_EXIT_OK;
    }
  if (repair_safe)
    return sl_cli_fail_printf (_ ("The catalog does not match the recordings on disk, and the "
                                  "remaining problems are not safe to repair automatically."));
  return sl_cli_fail_printf (_ ("The catalog does not match the recordings on disk; "
                                "'sightline-recorder check --repair' fixes what is safe."));
}
