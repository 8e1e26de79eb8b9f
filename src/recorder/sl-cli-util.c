// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sl-cli-private.h"
#include "sl-data-dir.h"
#include "sl-error.h"
#include "sl-recorder.h"

/* Helpers of the command line: option parsing, the data folder and its
 * catalog, values typed by the user, and output for people and for scripts. */

static gboolean
is_all_digits (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  return TRUE;
}

/* ---- Parsing and messages ------------------------------------------------ */

gboolean
sl_cli_parse_options (SlCli *cli,
                      const GOptionEntry *entries,
                      const char *parameters,
                      const char *summary,
                      int *argc,
                      char ***argv,
                      int *status)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autofree char *usage_name = g_strdup_printf ("%s %s", prgname, cli->command);
  char *data_dir = NULL;
  gboolean ok;
  const GOptionEntry common_entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_ ("Use DIR for the catalog instead of the default data folder"), N_ ("DIR") },
    { NULL },
  };

  context = g_option_context_new (parameters);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);

  /* The usage line of --help then reads "sightline-recorder camera add …". */
  g_set_prgname (usage_name);
  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname (prgname);

  if (data_dir != NULL)
    {
      g_free (cli->data_dir_option);
      cli->data_dir_option = data_dir;
    }

  if (!ok)
    {
      *status = sl_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_cli_check_arguments (
    SlCli *cli, int argc, char **argv, int min, int max, const char *what, int *status)
{
  int count = argc - 1;

  if (count < min)
    {
      /* Translators: e.g. "'camera remove' needs a camera name or ID". */
      *status = sl_cli_usage_error (cli, _ ("'%s' needs %s"), cli->command, what);
      return FALSE;
    }
  if (count > max)
    {
      *status = sl_cli_usage_error (cli, _ ("unexpected argument '%s'"), argv[max + 1]);
      return FALSE;
    }
  return TRUE;
}

int
sl_cli_fail (const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return SL_CLI_EXIT_FAILED;
}

static void print_failure (const char *format, va_list args) G_GNUC_PRINTF (1, 0);

static void
print_failure (const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_printerr ("%s: %s\n", g_get_prgname (), message);
}

int
sl_cli_fail_printf (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_failure (format, args);
  va_end (args);
  return SL_CLI_EXIT_FAILED;
}

int
sl_cli_fail_backwards_range (gint64 from_us, gint64 to_us)
{
  g_autofree char *from = sl_cli_format_time (from_us);
  g_autofree char *to = sl_cli_format_time (to_us);

  return sl_cli_fail_printf (_ ("The range starts at %s, which is not before its end at %s; "
                                "give a --from earlier than --to."),
                             from, to);
}

int
sl_cli_usage_error (SlCli *cli, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_failure (format, args);
  va_end (args);
  /* Translators: the first %s is the program, the second a command such as "camera add". */
  g_printerr (_ ("Run '%s %s --help' to see its options."), g_get_prgname (), cli->command);
  g_printerr ("\n");
  return SL_CLI_EXIT_USAGE;
}

/* ---- The data folder ----------------------------------------------------- */

const char *
sl_cli_get_data_dir (SlCli *cli, GError **error)
{
  if (cli->data_dir == NULL)
    cli->data_dir = sl_data_dir_resolve (cli->data_dir_option, error);
  return cli->data_dir;
}

SlCatalog *
sl_cli_get_catalog (SlCli *cli, GError **error)
{
  const char *data_dir;
  g_autofree char *path = NULL;

  if (cli->catalog != NULL)
    return cli->catalog;

  data_dir = sl_cli_get_data_dir (cli, error);
  if (data_dir == NULL)
    return NULL;
  path = g_build_filename (data_dir, SL_CATALOG_FILE_NAME, NULL);
  cli->catalog = sl_catalog_open (path, error);
  return cli->catalog;
}

SlCameraRecord *
sl_cli_find_camera (SlCli *cli, const char *name_or_id, SlCatalog **catalog, GError **error)
{
  *catalog = sl_cli_get_catalog (cli, error);
  if (*catalog == NULL)
    return NULL;
  return sl_catalog_find_camera (*catalog, name_or_id, error);
}

SlCredentials *
sl_cli_get_credentials (SlCli *cli, GError **error)
{
  const char *data_dir;

  if (cli->credentials != NULL)
    return cli->credentials;

  data_dir = sl_cli_get_data_dir (cli, error);
  if (data_dir == NULL)
    return NULL;
  cli->credentials = sl_credentials_new (data_dir);
  return cli->credentials;
}

SlDataLock *
sl_cli_lock_data_dir (SlCli *cli, GError **error)
{
  const char *data_dir = sl_cli_get_data_dir (cli, error);
  g_autofree char *owner = NULL;

  if (data_dir == NULL)
    return NULL;
  owner = g_strdup_printf ("%s %s", g_get_prgname (), cli->command);
  return sl_data_lock_acquire (data_dir, owner, error);
}

GPtrArray *
sl_cli_list_storage_paths (SlCli *cli, GError **error)
{
  SlCatalog *catalog = sl_cli_get_catalog (cli, error);
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *fallback = NULL;
  gboolean listed = FALSE;

  if (catalog == NULL)
    return NULL;
  roots = sl_catalog_list_storage_roots (catalog, error);
  if (roots == NULL)
    return NULL;

  fallback = sl_recorder_default_storage_path (cli->data_dir);
  for (guint i = 0; i < roots->len; i++)
    {
      const SlStorageRoot *root = roots->pdata[i];

      g_ptr_array_add (paths, g_strdup (root->path));
      listed |= g_strcmp0 (root->path, fallback) == 0;
    }
  if (!listed && (roots->len == 0 || g_file_test (fallback, G_FILE_TEST_IS_DIR)))
    g_ptr_array_add (paths, g_steal_pointer (&fallback));

  return g_steal_pointer (&paths);
}

SlStorageRoot *
sl_cli_find_storage_root (SlCli *cli, const char *path_or_id, GError **error)
{
  SlCatalog *catalog = sl_cli_get_catalog (cli, error);
  g_autoptr (GPtrArray) roots = NULL;
  g_autofree char *path = g_canonicalize_filename (path_or_id, NULL);
  gboolean by_id = is_all_digits (path_or_id);

  if (catalog == NULL)
    return NULL;
  roots = sl_catalog_list_storage_roots (catalog, error);
  if (roots == NULL)
    return NULL;

  for (guint i = 0; i < roots->len; i++)
    {
      const SlStorageRoot *root = roots->pdata[i];
      g_autofree char *root_path = g_canonicalize_filename (root->path, NULL);

      if ((by_id && root->id == g_ascii_strtoll (path_or_id, NULL, 10)) ||
          (!by_id && g_strcmp0 (root_path, path) == 0))
        return sl_storage_root_copy (root);
    }

  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("There is no storage location '%s'; 'sightline-recorder storage list' shows "
                  "them."),
               path_or_id);
  return NULL;
}

/* ---- Values typed by the user -------------------------------------------- */

/**
 * sl_cli_parse_time:
 *
 * Accepts ISO 8601 with a time zone (2026-11-21T10:00:00Z,
 * 2026-11-21T11:00:00.250+01:00), "now", or microseconds since 1970.
 */
gboolean
sl_cli_parse_time (const char *text, gint64 *us, GError **error)
{
  g_autoptr (GDateTime) time = NULL;
  gint64 number;

  if (g_strcmp0 (text, "now") == 0)
    {
      *us = g_get_real_time ();
      return TRUE;
    }
  if (g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &number, NULL))
    {
      *us = number;
      return TRUE;
    }

  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not a time; give an ISO 8601 time with a time zone such as "
                      "2026-11-21T10:00:00Z, 'now', or microseconds since 1970."),
                   text);
      return FALSE;
    }
  *us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

/**
 * sl_cli_parse_size:
 *
 * Accepts bytes ("1048576"), or a number with K, M, G, T or P (powers of
 * 1024, optionally followed by "B" or "iB"): "500G", "1.5T", "20MiB". "0"
 * and "none" mean no limit.
 */
gboolean
sl_cli_parse_size (const char *text, gint64 *bytes, GError **error)
{
  static const char units[] = "KMGTP";
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *unit;
  char *end = NULL;
  double value;
  double factor = 1;

  if (g_ascii_strcasecmp (trimmed, "none") == 0)
    {
      *bytes = 0;
      return TRUE;
    }

  if (!g_ascii_isdigit (trimmed[0]) && trimmed[0] != '.')
    goto invalid;
  value = g_ascii_strtod (trimmed, &end);
  if (end == trimmed || !isfinite (value) || value < 0)
    goto invalid;
  while (*end == ' ')
    end++;

  if (*end != '\0')
    {
      unit = strchr (units, g_ascii_toupper (*end));
      if (unit != NULL && *unit != '\0')
        {
          for (const char *u = units; u <= unit; u++)
            factor *= 1024;
          end++;
          if (*end == 'i')
            end++;
        }
      if (*end == 'B' || *end == 'b')
        end++;
      if (*end != '\0')
        goto invalid;
    }

  value = value * factor + 0.5;
  if (value >= (double)G_MAXINT64)
    goto invalid;
  *bytes = (gint64)value;
  return TRUE;

invalid:
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
               _ ("'%s' is not a size; give bytes or a number followed by K, M, G or T, such as "
                  "500G."),
               text);
  return FALSE;
}

gboolean
sl_cli_parse_percent (const char *text, double *percent, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value = -1;

  if (g_ascii_isdigit (trimmed[0]) || trimmed[0] == '.')
    value = g_ascii_strtod (trimmed, &end);
  if (end != NULL && *end == '%')
    end++;
  if (end == NULL || end == trimmed || *end != '\0' || !isfinite (value) || value < 0 ||
      value >= 100)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not a percentage of free space; give a number from 0 to 99, such "
                      "as 5."),
                   text);
      return FALSE;
    }
  *percent = value;
  return TRUE;
}

gboolean
sl_cli_parse_days (const char *text, int *days, GError **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 36500, &value, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not a number of days; give a whole number from 0 (keep "
                      "recordings until the storage needs room) to 36500."),
                   text);
      return FALSE;
    }
  *days = (int)value;
  return TRUE;
}

gboolean
sl_cli_parse_transport (const char *text, SlTransport *transport, GError **error)
{
  static const SlTransport all[] = {
    SL_TRANSPORT_TCP,
    SL_TRANSPORT_UDP,
    SL_TRANSPORT_TCP_THEN_UDP,
    SL_TRANSPORT_UDP_THEN_TCP,
  };
  g_autoptr (GString) choices = NULL;

  if (sl_transport_from_string (text, transport))
    return TRUE;

  choices = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (i > 0)
        g_string_append (choices, i + 1 == G_N_ELEMENTS (all) ? _ (" or ") : ", ");
      g_string_append (choices, sl_transport_to_string (all[i]));
    }
  /* Translators: the second %s is a list such as "tcp, udp, tcp-then-udp or udp-then-tcp". */
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
               _ ("'%s' is not an RTSP transport; choose %s."), text, choices->str);
  return FALSE;
}

void
sl_cli_free_password (SlCliSecret *password)
{
  sl_credentials_free_password (password);
}

SlCliSecret *
sl_cli_read_password (const char *username, GError **error)
{
  g_autoptr (GString) line = g_string_sized_new (128);
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  int c;

  if (isatty (STDIN_FILENO))
    {
      g_printerr (_ ("Password for %s: "), username);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t)ECHO;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  while ((c = getc (stdin)) != EOF && c != '\n')
    g_string_append_c (line, (char)c);

  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (ferror (stdin) || line->len == 0)
    {
      memset (line->str, 0, line->len);
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("No password could be read from standard input; write it there "
                              "on one line."));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* ---- Output -------------------------------------------------------------- */

char *
sl_cli_format_time (gint64 us)
{
  gint64 seconds = us / G_USEC_PER_SEC;
  gint64 rest = us % G_USEC_PER_SEC;
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (rest < 0)
    {
      rest += G_USEC_PER_SEC;
      seconds--;
    }
  time = g_date_time_new_from_unix_utc (seconds);
  if (time == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, us);
  text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", text, (int)(rest / 1000));
}

char *
sl_cli_format_duration (gint64 us)
{
  gint64 ms = us / 1000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%03d", ms / 3600000,
                          (int)(ms / 60000 % 60), (int)(ms / 1000 % 60), (int)(ms % 1000));
}

char *
sl_cli_format_size (gint64 bytes)
{
  g_autofree char *text = g_format_size_full ((guint64)MAX (bytes, 0), G_FORMAT_SIZE_IEC_UNITS);
  g_auto (GStrv) parts = g_strsplit (text, "\u00a0", -1);

  /* GLib puts a no-break space before the unit, which a terminal in the C
   * locale shows as '?'. */
  return g_strjoinv (" ", parts);
}

char *
sl_cli_format_retention (int days)
{
  if (days <= 0)
    return g_strdup (_ ("unlimited"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong)days), days);
}

char *
sl_cli_url_without_credentials (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GUri) clean = NULL;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL || g_uri_get_userinfo (uri) == NULL)
    return g_strdup (url);

  clean = g_uri_build (g_uri_get_flags (uri), g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), g_uri_get_path (uri), g_uri_get_query (uri),
                       g_uri_get_fragment (uri));
  return g_uri_to_string (clean);
}

char *
sl_cli_url_address (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  const char *host;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host == NULL)
    return NULL;
  if (strchr (host, ':') != NULL)
    return g_uri_get_port (uri) > 0 ? g_strdup_printf ("[%s]:%d", host, g_uri_get_port (uri))
                                    : g_strdup_printf ("[%s]", host);
  return g_uri_get_port (uri) > 0 ? g_strdup_printf ("%s:%d", host, g_uri_get_port (uri))
                                  : g_strdup (host);
}

void
sl_cli_json_add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
sl_cli_json_add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
sl_cli_json_add_optional_int (JsonBuilder *builder, const char *name, gboolean known, gint64 value)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
sl_cli_json_add_boolean (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
sl_cli_print_json (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

GPtrArray *
sl_cli_table_row (const char *first, ...)
{
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_ptr_array_add (row, g_utf8_make_valid (cell, -1));
  va_end (args);
  return row;
}

void
sl_cli_print_table (GPtrArray *rows)
{
  g_autofree glong *widths = NULL;
  guint n_columns;

  if (rows->len == 0)
    return;
  n_columns = ((GPtrArray *)rows->pdata[0])->len;
  widths = g_new0 (glong, n_columns);

  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = rows->pdata[r];

      for (guint c = 0; c < MIN (row->len, n_columns); c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row->pdata[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = rows->pdata[r];
      g_autoptr (GString) line = g_string_new (NULL);

      for (guint c = 0; c < MIN (row->len, n_columns); c++)
        {
          const char *cell = row->pdata[c];

          g_string_append (line, cell);
          if (c + 1 < n_columns)
            {
              for (glong pad = g_utf8_strlen (cell, -1); pad < widths[c] + 2; pad++)
                g_string_append_c (line, ' ');
            }
        }
      g_print ("%s\n", line->str);
    }
}
