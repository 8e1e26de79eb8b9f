// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <gst/gst.h>

#include "sl-cli-private.h"
#include "sl-recorder-cli.h"
#include "sl-recorder.h"

typedef int (*SlCliCommandFunc) (SlCli *cli, int argc, char **argv);

typedef struct
{
  const char *name;     /* as typed: one word, or a group and a word */
  const char *summary;  /* one line, marked with N_() */
  SlCliCommandFunc run; /* NULL: not available yet, and --help says so */
} SlRecorderCommand;

static int run_recorder (SlCli *cli, int argc, char **argv);

static const SlRecorderCommand commands[] = {
  { "run", N_ ("Record the enabled cameras until stopped"), run_recorder },
  { "camera add", N_ ("Add a camera"), sl_cli_camera_add },
  { "camera list", N_ ("List the cameras"), sl_cli_camera_list },
  { "camera remove", N_ ("Remove a camera and, optionally, its recordings"), sl_cli_camera_remove },
  { "camera set", N_ ("Change the settings of a camera"), sl_cli_camera_set },
  { "storage add", N_ ("Add a storage location for recordings"), sl_cli_storage_add },
  { "storage list", N_ ("List the storage locations and how full they are"), sl_cli_storage_list },
  { "storage set", N_ ("Change the settings of a storage location"), sl_cli_storage_set },
  { "recordings list", N_ ("List the recorded periods of a camera"), sl_cli_recordings_list },
  { "bookmark add", N_ ("Bookmark a moment of a camera's recordings"), sl_cli_bookmark_add },
  { "bookmark list", N_ ("List and search the bookmarks"), sl_cli_bookmark_list },
  { "bookmark remove", N_ ("Remove a bookmark"), sl_cli_bookmark_remove },
  { "check", N_ ("Check the catalog against the recordings on disk"), sl_cli_check },
  { "export", N_ ("Export the recordings of a time range to a signed folder"), sl_cli_export },
  { "verify", N_ ("Verify that an export folder was not altered"), sl_cli_verify },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (NULL);
  int width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int)strlen (commands[i].name));

  g_string_append (text, _ ("Commands:"));
  g_string_append_c (text, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_string_append_printf (text, "  %-*s  %s", width, commands[i].name, _ (commands[i].summary));
      if (commands[i].run == NULL)
        g_string_append_printf (text, " %s", _ ("(not available yet in this version)"));
      g_string_append_c (text, '\n');
    }

  g_string_append_c (text, '\n');
  g_string_append_printf (text, _ ("Run '%s COMMAND --help' to see the options of a command."),
                          g_get_prgname ());
  g_string_append_c (text, '\n');
  g_string_append (text, _ ("Exit status: 0 on success, 1 when the command failed or found a "
                            "problem, 2 for a usage error."));
  g_string_append_c (text, '\n');

  return g_string_free (text, FALSE);
}

/* Whether @word starts a two-word command such as "camera add". */
static gboolean
is_command_group (const char *word)
{
  gsize len = strlen (word);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strncmp (commands[i].name, word, len) == 0 && commands[i].name[len] == ' ')
        return TRUE;
    }

  return FALSE;
}

static char *
list_group_commands (const char *group)
{
  GString *list = g_string_new (NULL);
  gsize len = strlen (group);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strncmp (commands[i].name, group, len) != 0 || commands[i].name[len] != ' ')
        continue;

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, commands[i].name + len + 1);
    }

  return g_string_free (list, FALSE);
}

static const SlRecorderCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static int
usage_error (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  g_printerr (_ ("Run '%s --help' to see the commands."), g_get_prgname ());
  g_printerr ("\n");

  return SL_CLI_EXIT_USAGE;
}

static void
sl_cli_clear (SlCli *cli)
{
  g_clear_object (&cli->credentials);
  g_clear_object (&cli->catalog);
  g_clear_pointer (&cli->data_dir, g_free);
  g_clear_pointer (&cli->data_dir_option, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlCli, sl_cli_clear)

/* ---- run ----------------------------------------------------------------- */

typedef struct
{
  SlRecorder *recorder;
  GMainLoop *loop;
  gboolean stopping;
  int status;
} RunState;

static void
recorder_stopped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RunState *state = user_data;
  g_autoptr (GError) error = NULL;

  if (sl_recorder_stop_finish (SL_RECORDER (source), result, &error))
    g_print ("%s\n", _ ("Stopped; every segment that was being written is closed and indexed."));
  else
    state->status = sl_cli_fail (error);

  g_main_loop_quit (state->loop);
}

static gboolean
stop_signal_cb (gpointer user_data)
{
  RunState *state = user_data;

  if (state->stopping)
    {
      /* A second Ctrl+C: the user would rather not wait. The segments being
       * written are recovered at the next start, as after a crash. */
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _ ("Stopped without waiting; the next start recovers the segments that were "
                     "being written."));
      _exit (SL_CLI_EXIT_FAILED);
    }

  state->stopping = TRUE;
  g_print ("%s\n", _ ("Stopping; closing the segments being written."));
  sl_recorder_stop_async (state->recorder, NULL, recorder_stopped_cb, state);
  return G_SOURCE_CONTINUE;
}

static SlCamera *
find_running_camera (GPtrArray *cameras, gint64 id)
{
  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      if (sl_camera_get_id (cameras->pdata[i]) == id)
        return cameras->pdata[i];
    }
  return NULL;
}

static void
print_cameras (SlRecorder *recorder)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  GPtrArray *cameras = sl_recorder_get_cameras (recorder);

  records = sl_catalog_list_cameras (sl_recorder_get_catalog (recorder), &error);
  if (records == NULL)
    {
      /* Recording goes on; only the list of what it records is missing. */
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return;
    }
  if (records->len == 0)
    {
      g_print ("%s\n", _ ("No cameras to record yet; add one with 'sightline-recorder camera add' "
                          "and restart."));
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      const SlCameraRecord *record = records->pdata[i];
      SlCamera *camera = find_running_camera (cameras, record->id);
      g_autofree char *url = sl_cli_url_without_credentials (record->main_url);

      if (camera != NULL && sl_camera_get_state (camera) != SL_CAMERA_STATE_DISABLED)
        g_print (_ ("Recording '%s' (%s)\n"), record->name, url ? url : "");
      else if (!record->enabled)
        g_print (_ ("Not recording '%s' (disabled)\n"), record->name);
    }
}

static int
run_recorder (SlCli *cli, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRecorder) recorder = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  const char *data_dir;
  RunState state = { 0 };
  guint sigint_id, sigterm_id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, NULL, NULL,
                             _ ("Records every enabled camera until SIGINT or SIGTERM, then closes "
                                "and indexes the segments being written before it exits."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  data_dir = sl_cli_get_data_dir (cli, &error);
  if (data_dir == NULL || !gst_init_check (NULL, NULL, &error))
    return sl_cli_fail (error);

  loop = g_main_loop_new (NULL, FALSE);
  recorder = sl_recorder_new (data_dir, "sightline-recorder run");
  state.recorder = recorder;
  state.loop = loop;
  /* Installed before the start, so that a signal during it stops cleanly. */
  sigint_id = g_unix_signal_add (SIGINT, stop_signal_cb, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, stop_signal_cb, &state);

  if (!sl_recorder_start (recorder, &error))
    {
      g_source_remove (sigint_id);
      g_source_remove (sigterm_id);
      return sl_cli_fail (error);
    }

  print_cameras (recorder);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  return state.status;
}

/* ---- Dispatch ------------------------------------------------------------ */

/**
 * sl_recorder_cli_run:
 * @argc: the number of arguments in @argv
 * @argv: the command line, program name first
 *
 * Runs `sightline-recorder`: parses the global options and runs the command
 * that follows them.
 *
 * Returns: the exit status of the process
 */
int
sl_recorder_cli_run (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (SlCli) cli = { 0 };
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  const SlRecorderCommand *command;
  gboolean version = FALSE;
  int words;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.data_dir_option,
      N_ ("Use DIR for the catalog instead of the default data folder"), N_ ("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Show the version and exit"), NULL },
    { NULL },
  };

  g_set_prgname ("sightline-recorder");

  context = g_option_context_new (_ ("COMMAND [ARGUMENTS...]"));
  g_option_context_set_summary (context,
                                _ ("Records network cameras without a window and manages the "
                                   "cameras and storage of a Sightline data folder."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command, not to the program. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (version)
    {
      g_print ("%s %s\n", g_get_prgname (), PACKAGE_VERSION);
      return SL_CLI_EXIT_OK;
    }

  if (argc < 2)
    return usage_error (_ ("no command given"));

  if (is_command_group (argv[1]))
    {
      g_autofree char *choices = NULL;

      if (argc < 3 || argv[2][0] == '-')
        {
          choices = list_group_commands (argv[1]);
          /* Translators: the second %s is a list such as "add, list, remove, set". */
          message = g_strdup_printf (_ ("'%s' needs one of these commands: %s"), argv[1], choices);
          return usage_error (message);
        }

      name = g_strdup_printf ("%s %s", argv[1], argv[2]);
      words = 2;
    }
  else
    {
      name = g_strdup (argv[1]);
      words = 1;
    }

  command = find_command (name);
  if (command == NULL)
    {
      message = g_strdup_printf (_ ("unknown command '%s'"), name);
      return usage_error (message);
    }

  if (command->run == NULL)
    {
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_ ("'%s' is not available yet in this version"), command->name);
      g_printerr ("\n");
      return SL_CLI_EXIT_USAGE;
    }

  cli.command = command->name;
  /* The command sees its last word as argv[0], like a program name. */
  return command->run (&cli, argc - words, argv + words);
}
