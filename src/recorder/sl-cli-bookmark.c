// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-cli-private.h"
#include "sl-error.h"

/* sightline-recorder bookmark add | list | remove */

/* The most a bookmark may reach before or after its moment: one day. */
#define MAX_MARGIN_S (24 * 3600.0)

static gboolean
parse_seconds (const char *option, const char *text, gint64 *us, GError **error)
{
  char *end = NULL;
  double seconds;

  if (text == NULL)
    {
      *us = 0;
      return TRUE;
    }
  seconds = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (seconds) || seconds < 0 || seconds > MAX_MARGIN_S)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("%s '%s' is not a number of seconds from 0 to 86400."), option, text);
      return FALSE;
    }
  *us = (gint64)(seconds * G_USEC_PER_SEC + 0.5); /* seconds >= 0 */
  return TRUE;
}

int
sl_cli_bookmark_add (SlCli *cli, int argc, char **argv)
{
  g_autofree char *camera_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  gboolean lock = FALSE;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_text, N_ ("The camera, by name or ID"),
      N_ ("NAME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_ ("The moment: ISO 8601 with a time zone, 'now', or microseconds since 1970"), N_ ("T") },
    { "before", 0, 0, G_OPTION_ARG_STRING, &before_text,
      N_ ("Also mark this many seconds before the moment (default 0)"), N_ ("S") },
    { "after", 0, 0, G_OPTION_ARG_STRING, &after_text,
      N_ ("Also mark this many seconds after the moment (default 0)"), N_ ("S") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("The bookmark's name"), N_ ("TEXT") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description,
      N_ ("Words that help find the bookmark again"), N_ ("TEXT") },
    { "lock", 0, 0, G_OPTION_ARG_NONE, &lock,
      N_ ("Prevent deletion: retention keeps the recordings from 2.5 minutes before to 2.5 "
          "minutes after the bookmark"),
      NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCameraRecord) camera = NULL;
  g_autofree char *at_time = NULL;
  SlBookmark bookmark = { 0 };
  SlCatalog *catalog;
  gint64 at_us, before_us, after_us, id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, NULL,
                             _ ("Bookmarks a moment (or a range around it) of a camera's "
                                "recordings, optionally locking it against deletion."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  if (camera_text == NULL)
    return sl_cli_usage_error (cli, _ ("give the camera with --camera"));
  if (at_text == NULL)
    return sl_cli_usage_error (cli, _ ("give the moment with --at"));
  if (name == NULL || g_strstrip (name)[0] == '\0')
    return sl_cli_usage_error (cli, _ ("give the bookmark a name with --name"));
  if (!sl_cli_parse_time (at_text, &at_us, &error) ||
      !parse_seconds ("--before", before_text, &before_us, &error) ||
      !parse_seconds ("--after", after_text, &after_us, &error))
    return sl_cli_fail (error);

  camera = sl_cli_find_camera (cli, camera_text, &catalog, &error);
  if (camera == NULL)
    return sl_cli_fail (error);

  bookmark.camera_id = camera->id;
  bookmark.start_us = at_us - before_us;
  bookmark.end_us = at_us + after_us;
  bookmark.name = name;
  bookmark.description = description;
  bookmark.locked = lock;
  id = sl_catalog_add_bookmark (catalog, &bookmark, &error);
  if (id <= 0)
    return sl_cli_fail (error);

  at_time = sl_cli_format_time (at_us);
  if (lock)
    g_print (_ ("Added bookmark %" G_GINT64_FORMAT " '%s' of '%s' at %s; its recordings are "
                "kept from deletion.\n"),
             id, bookmark.name, camera->name, at_time);
  else
    g_print (_ ("Added bookmark %" G_GINT64_FORMAT " '%s' of '%s' at %s.\n"), id, bookmark.name,
             camera->name, at_time);
  return SL_CLI_EXIT_OK;
}

static const char *
camera_name (GHashTable *names, gint64 camera_id)
{
  const char *name = g_hash_table_lookup (names, &camera_id);

  return name != NULL ? name : _ ("(removed camera)");
}

static void
add_bookmark_json (JsonBuilder *builder, const SlBookmark *bookmark, GHashTable *names)
{
  g_autofree char *start = sl_cli_format_time (bookmark->start_us);
  g_autofree char *end = sl_cli_format_time (bookmark->end_us);

  json_builder_begin_object (builder);
  sl_cli_json_add_int (builder, "id", bookmark->id);
  sl_cli_json_add_int (builder, "camera_id", bookmark->camera_id);
  sl_cli_json_add_string (builder, "camera", g_hash_table_lookup (names, &bookmark->camera_id));
  sl_cli_json_add_string (builder, "start", start);
  sl_cli_json_add_int (builder, "start_us", bookmark->start_us);
  sl_cli_json_add_string (builder, "end", end);
  sl_cli_json_add_int (builder, "end_us", bookmark->end_us);
  sl_cli_json_add_string (builder, "name", bookmark->name);
  sl_cli_json_add_string (builder, "description", bookmark->description);
  sl_cli_json_add_boolean (builder, "locked", bookmark->locked);
  json_builder_end_object (builder);
}

static GPtrArray *
bookmark_row (const SlBookmark *bookmark, GHashTable *names)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, bookmark->id);
  g_autofree char *start = sl_cli_format_time (bookmark->start_us);
  g_autofree char *duration = sl_cli_format_duration (bookmark->end_us - bookmark->start_us);

  return sl_cli_table_row (id, camera_name (names, bookmark->camera_id), start, duration,
                           bookmark->locked ? _ ("locked") : "-", bookmark->name,
                           bookmark->description, NULL);
}

int
sl_cli_bookmark_list (SlCli *cli, int argc, char **argv)
{
  g_autofree char *camera_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *search_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_text,
      N_ ("Only the bookmarks of this camera, by name or ID"), N_ ("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_ ("Only bookmarks ending at or after T: ISO 8601 with a time zone, 'now', or "
          "microseconds since 1970"),
      N_ ("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_ ("Only bookmarks starting before T"),
      N_ ("T") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search_text,
      N_ ("Only bookmarks whose name or description contains TEXT (any case)"), N_ ("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array for scripts"), NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCameraRecord) camera = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GPtrArray) bookmarks = NULL;
  g_autoptr (GHashTable) names = g_hash_table_new (g_int64_hash, g_int64_equal);
  SlBookmarkQuery query = { 0 };
  SlCatalog *catalog;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, NULL,
                             _ ("Lists bookmarks by start time, with times in ISO 8601 (UTC)."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  if ((from_text != NULL && !sl_cli_parse_time (from_text, &query.from_us, &error)) ||
      (to_text != NULL && !sl_cli_parse_time (to_text, &query.to_us, &error)))
    return sl_cli_fail (error);
  if (from_text != NULL && to_text != NULL && query.from_us >= query.to_us)
    return sl_cli_fail_printf (_ ("The range starts at %s, which is not before its end at %s; "
                                  "give a --from earlier than --to."),
                               from_text, to_text);

  if (camera_text != NULL)
    {
      camera = sl_cli_find_camera (cli, camera_text, &catalog, &error);
      if (camera == NULL)
        return sl_cli_fail (error);
      query.camera_ids = &camera->id;
      query.n_camera_ids = 1;
    }
  else if ((catalog = sl_cli_get_catalog (cli, &error)) == NULL)
    return sl_cli_fail (error);
  query.text = search_text;

  cameras = sl_catalog_list_cameras (catalog, &error);
  if (cameras == NULL)
    return sl_cli_fail (error);
  for (guint i = 0; i < cameras->len; i++)
    {
      SlCameraRecord *record = cameras->pdata[i];

      g_hash_table_insert (names, &record->id, record->name);
    }
  bookmarks = sl_catalog_list_bookmarks (catalog, &query, &error);
  if (bookmarks == NULL)
    return sl_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < bookmarks->len; i++)
        add_bookmark_json (builder, bookmarks->pdata[i], names);
      json_builder_end_array (builder);
      sl_cli_print_json (builder);
    }
  else if (bookmarks->len == 0)
    g_print (_ ("No bookmarks match.\n"));
  else
    {
      g_autoptr (GPtrArray) rows =
          g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

      g_ptr_array_add (rows, sl_cli_table_row (_ ("ID"), _ ("CAMERA"), _ ("START"), _ ("DURATION"),
                                               _ ("LOCK"), _ ("NAME"), _ ("DESCRIPTION"), NULL));
      for (guint i = 0; i < bookmarks->len; i++)
        g_ptr_array_add (rows, bookmark_row (bookmarks->pdata[i], names));
      sl_cli_print_table (rows);
    }
  return SL_CLI_EXIT_OK;
}

int
sl_cli_bookmark_remove (SlCli *cli, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlBookmark) bookmark = NULL;
  SlCatalog *catalog;
  gint64 id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, NULL, _ ("ID"),
                             _ ("Removes a bookmark. The recordings of a locked one may then be "
                                "deleted by retention."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 1, 1, _ ("a bookmark ID"), &status))
    return status;

  if (!g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return sl_cli_usage_error (cli, _ ("'%s' is not a bookmark ID; see 'bookmark list'"), argv[1]);
  catalog = sl_cli_get_catalog (cli, &error);
  if (catalog == NULL)
    return sl_cli_fail (error);
  bookmark = sl_catalog_get_bookmark (catalog, id, &error);
  if (bookmark == NULL || !sl_catalog_remove_bookmark (catalog, id, &error))
    return sl_cli_fail (error);

  if (bookmark->locked)
    g_print (_ ("Removed bookmark %" G_GINT64_FORMAT " '%s'; its recordings are no longer kept "
                "from deletion.\n"),
             id, bookmark->name);
  else
    g_print (_ ("Removed bookmark %" G_GINT64_FORMAT " '%s'.\n"), id, bookmark->name);
  return SL_CLI_EXIT_OK;
}
