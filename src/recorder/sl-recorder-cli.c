// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sl-recorder-cli.h"

/* Exit statuses: 2 is a usage error, as for most command-line tools. */
enum
{
  SL_CLI_EXIT_OK = 0,
  SL_CLI_EXIT_USAGE = 2,
};

typedef struct
{
  const char *name;    /* as typed: one word, or a group and a word */
  const char *summary; /* one line, marked with N_() */
} SlRecorderCommand;

/* The commands of the headless recorder. None is implemented yet: --help says so,
 * and running one says so too instead of pretending to do something. */
static const SlRecorderCommand commands[] = {
  { "run", N_ ("Record the enabled cameras until stopped") },
  { "camera add", N_ ("Add a camera") },
  { "camera list", N_ ("List the cameras") },
  { "camera remove", N_ ("Remove a camera and, optionally, its recordings") },
  { "camera set", N_ ("Change the settings of a camera") },
  { "storage add", N_ ("Add a storage location for recordings") },
  { "storage list", N_ ("List the storage locations and how full they are") },
  { "storage set", N_ ("Change the settings of a storage location") },
  { "recordings list", N_ ("List the recorded periods of a camera") },
  { "check", N_ ("Check the catalog against the recordings on disk") },
  { "export", N_ ("Export the recordings of a time range to a file") },
  { "verify", N_ ("Verify that an exported file was not altered") },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (NULL);
  int width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int)strlen (commands[i].name));

  g_string_append (text, _ ("Commands (not available yet in this version):"));
  g_string_append_c (text, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-*s  %s\n", width, commands[i].name, _ (commands[i].summary));

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
  g_autofree char *data_dir = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  const SlRecorderCommand *command;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
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

      if (argc < 3)
        {
          choices = list_group_commands (argv[1]);
          /* Translators: the second %s is a list such as "add, list, remove, set". */
          message = g_strdup_printf (_ ("'%s' needs one of these commands: %s"), argv[1], choices);
          return usage_error (message);
        }

      name = g_strdup_printf ("%s %s", argv[1], argv[2]);
    }
  else
    {
      name = g_strdup (argv[1]);
    }

  command = find_command (name);
  if (command == NULL)
    {
      message = g_strdup_printf (_ ("unknown command '%s'"), name);
      return usage_error (message);
    }

  g_printerr ("%s: ", g_get_prgname ());
  g_printerr (_ ("'%s' is not available yet in this version"), command->name);
  g_printerr ("\n");

  return SL_CLI_EXIT_USAGE;
}
