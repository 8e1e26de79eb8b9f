// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "sl-cli-private.h"
#include "sl-error.h"
#include "sl-export.h"

/* sightline-recorder export and verify */

/* The times of sl_cli_parse_time, and ISO 8601 without a time zone, read as
 * local time ("2026-11-21T10:00:00"). */
static gboolean
parse_time (const char *text, gint64 *us, GError **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) time = NULL;

  if (sl_cli_parse_time (text, us, NULL))
    return TRUE;
  time = g_date_time_new_from_iso8601 (text, local);
  if (time == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not a time; give an ISO 8601 time such as 2026-11-21T10:00:00 "
                      "(local time) or 2026-11-21T10:00:00Z (UTC), 'now', or microseconds since "
                      "1970."),
                   text);
      return FALSE;
    }
  *us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
  int last_percent;
  gboolean terminal;
} ExportRun;

static void
progress_cb (SlExport *export, gint64 done_us, gint64 total_us, gpointer user_data)
{
  ExportRun *run = user_data;
  int percent = total_us > 0 ? (int)(100 * done_us / total_us) : 0;

  /* On a terminal one line that counts up; in a log a line per tenth. */
  if (run->terminal && percent != run->last_percent)
    g_printerr ("\r%s %3d%%", _ ("Exporting"), percent);
  else if (!run->terminal && percent / 10 != run->last_percent / 10)
    g_printerr ("%s %3d%%\n", _ ("Exporting"), percent);
  else
    return;
  run->last_percent = percent;
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ExportRun *run = user_data;

  run->ok = sl_export_run_finish (SL_EXPORT (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
sl_cli_export (SlCli *cli, int argc, char **argv)
{
  g_autofree char *camera_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *notes = NULL;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_text, N_ ("The camera, by name or ID"),
      N_ ("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_ ("Start of the range: ISO 8601 in local time or with a time zone, 'now', or "
          "microseconds since 1970"),
      N_ ("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_ ("End of the range"), N_ ("T") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_ ("File format: mkv (default; keeps any audio) or mp4"), N_ ("mkv|mp4") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_ ("The folder to export to; new or empty"),
      N_ ("DIR") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_ ("Notes, saved as notes.txt in the export"),
      N_ ("TEXT") },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCameraRecord) camera = NULL;
  g_autoptr (SlExport) export = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_auto (GStrv) files = NULL;
  g_auto (GStrv) warnings = NULL;
  SlExportFormat format = SL_EXPORT_FORMAT_MKV;
  SlCredentials *credentials;
  SlCatalog *catalog;
  gint64 from_us = 0, to_us = 0;
  ExportRun run = { 0 };
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, NULL,
                             _ ("Exports the recordings of a camera from one time to another into "
                                "one file, without re-encoding, and signs the export: the folder "
                                "gets a manifest.json with the size and SHA-256 of every file, "
                                "signed with this installation's key. 'sightline-recorder verify' "
                                "checks it."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  if (camera_text == NULL)
    return sl_cli_usage_error (cli, _ ("give the camera with --camera"));
  if (from_text == NULL || to_text == NULL)
    return sl_cli_usage_error (cli, _ ("give the range with --from and --to"));
  if (output == NULL)
    return sl_cli_usage_error (cli, _ ("give the folder to export to with --output"));
  if (format_text != NULL && !sl_export_format_from_string (format_text, &format))
    return sl_cli_usage_error (cli, _ ("'%s' is not an export format; choose mkv or mp4"),
                               format_text);
  if (!parse_time (from_text, &from_us, &error) || !parse_time (to_text, &to_us, &error))
    return sl_cli_fail (error);
  if (from_us >= to_us)
    return sl_cli_fail_backwards_range (from_us, to_us);
  if (!gst_init_check (NULL, NULL, &error))
    return sl_cli_fail (error);

  camera = sl_cli_find_camera (cli, camera_text, &catalog, &error);
  if (camera == NULL)
    return sl_cli_fail (error);
  credentials = sl_cli_get_credentials (cli, &error);
  if (credentials == NULL)
    return sl_cli_fail (error);

  export = sl_export_new (catalog, credentials, output, format);
  sl_export_add_range (export, camera->id, from_us, to_us);
  if (notes != NULL)
    sl_export_set_notes (export, notes);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.last_percent = -1;
  run.terminal = isatty (STDERR_FILENO);
  g_signal_connect (export, "progress", G_CALLBACK (progress_cb), &run);
  sl_export_run_async (export, NULL, export_done_cb, &run);
  g_main_loop_run (loop);
  if (run.terminal && run.last_percent >= 0)
    g_printerr ("\n");

  if (!run.ok)
    {
      status = sl_cli_fail (run.error);
      g_clear_error (&run.error);
      return status;
    }

  warnings = sl_export_dup_warnings (export);
  for (guint i = 0; warnings[i] != NULL; i++)
    g_printerr ("%s: %s\n", g_get_prgname (), warnings[i]);

  files = sl_export_dup_files (export);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (output, files[i], NULL);

      g_print ("%s\n", path);
    }
  g_print (_ ("Signed with the key whose SHA-256 fingerprint is %s\n"),
           sl_export_get_fingerprint (export));
  return SL_CLI_EXIT_OK;
}

int
sl_cli_verify (SlCli *cli, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *fingerprint = NULL;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, NULL, _ ("DIR"),
                             _ ("Checks an export folder against its signed manifest: prints "
                                "'valid', or each file that is missing, altered or not part of "
                                "the export, and a missing or bad signature (exit status 1)."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 1, 1, _ ("an export folder"), &status))
    return status;

  problems = sl_export_verify (argv[1], &fingerprint, NULL, &error);
  if (problems == NULL)
    return sl_cli_fail (error);

  if (problems->len == 0)
    {
      g_print ("%s\n", _ ("valid"));
      g_print (_ ("Signed with the key whose SHA-256 fingerprint is %s\n"), fingerprint);
      return SL_CLI_EXIT_OK;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      const SlExportProblem *problem = problems->pdata[i];

      g_print ("%s\n", problem->message);
    }
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: the export is not valid (%u problem)\n",
                           "%s: the export is not valid (%u problems)\n", problems->len),
              g_get_prgname (), problems->len);
  return SL_CLI_EXIT_FAILED;
}
