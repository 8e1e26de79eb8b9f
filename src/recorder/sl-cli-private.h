// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>

#include "sl-catalog.h"
#include "sl-credentials.h"
#include "sl-data-lock.h"

G_BEGIN_DECLS

/* Internals of `sightline-recorder`, shared by the files of the command line:
 * sl-recorder-cli.c (parsing, dispatch, run), sl-cli-util.c (helpers),
 * sl-cli-camera.c, sl-cli-storage.c, sl-cli-recordings.c, sl-cli-check.c and
 * sl-cli-bookmark.c. */

/* Exit statuses: 1 for a failure, 2 for a usage error, as for most tools. */
enum
{
  SL_CLI_EXIT_OK = 0,
  SL_CLI_EXIT_FAILED = 1,
  SL_CLI_EXIT_USAGE = 2,
};

typedef struct
{
  char *data_dir_option; /* --data-dir, or NULL for the default */
  const char *command;   /* as typed: "camera add" */
  char *data_dir;        /* resolved on first use */
  SlCatalog *catalog;    /* opened on first use */
  SlCredentials *credentials;
} SlCli;

/* Parses the options of the command in @argv (argv[0] is the command's first
 * word). On failure prints a usage error, sets @status and returns FALSE.
 * --help prints the command's help and exits. */
gboolean sl_cli_parse_options (SlCli *cli,
                               const GOptionEntry *entries,
                               const char *parameters,
                               const char *summary,
                               int *argc,
                               char ***argv,
                               int *status);
/* Fails with a usage error unless the number of positional arguments left
 * after the options (@argc - 1) is in [min, max]; @what names the missing
 * argument ("a camera name or ID"). */
gboolean sl_cli_check_arguments (
    SlCli *cli, int argc, char **argv, int min, int max, const char *what, int *status);

/* One sentence on stderr, prefixed with the program name; returns 1. */
int sl_cli_fail (const GError *error);
int sl_cli_fail_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Fails on a --from at or after --to, naming both times. */
int sl_cli_fail_backwards_range (gint64 from_us, gint64 to_us);
/* A usage error and a hint at --help; returns 2. */
int sl_cli_usage_error (SlCli *cli, const char *format, ...) G_GNUC_PRINTF (2, 3);

const char *sl_cli_get_data_dir (SlCli *cli, GError **error);
SlCatalog *sl_cli_get_catalog (SlCli *cli, GError **error);
/* The camera that @name_or_id names, and the catalog that holds it. */
SlCameraRecord *
sl_cli_find_camera (SlCli *cli, const char *name_or_id, SlCatalog **catalog, GError **error);
SlCredentials *sl_cli_get_credentials (SlCli *cli, GError **error);
/* Proof that no recorder runs on the data folder while files are deleted. */
SlDataLock *sl_cli_lock_data_dir (SlCli *cli, GError **error);
/* The folders that may hold recordings: the catalog's storage roots, and the
 * default one (DATA_DIR/recordings) when there is none or when it exists. */
GPtrArray *sl_cli_list_storage_paths (SlCli *cli, GError **error); /* char * */
SlStorageRoot *sl_cli_find_storage_root (SlCli *cli, const char *path_or_id, GError **error);

/* Values typed on the command line. */
gboolean sl_cli_parse_time (const char *text, gint64 *us, GError **error);
gboolean sl_cli_parse_size (const char *text, gint64 *bytes, GError **error);
gboolean sl_cli_parse_percent (const char *text, double *percent, GError **error);
gboolean sl_cli_parse_days (const char *text, int *days, GError **error);
gboolean sl_cli_parse_transport (const char *text, SlTransport *transport, GError **error);
/* Reads one line from standard input, without echo on a terminal. */
typedef char SlCliSecret;
SlCliSecret *sl_cli_read_password (const char *username, GError **error);
void sl_cli_free_password (SlCliSecret *password);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCliSecret, sl_cli_free_password)

/* Output. */
char *sl_cli_format_time (gint64 us); /* 2026-11-21T10:00:00.000Z */
char *sl_cli_format_duration (gint64 us);
char *sl_cli_format_size (gint64 bytes);
char *sl_cli_format_retention (int days);
/* @url with any user name and password taken out. */
char *sl_cli_url_without_credentials (const char *url);
/* host[:port] of @url, or NULL. */
char *sl_cli_url_address (const char *url);
/* JSON members: a NULL string is null, and so is an int that is not @known. */
void sl_cli_json_add_string (JsonBuilder *builder, const char *name, const char *value);
void sl_cli_json_add_int (JsonBuilder *builder, const char *name, gint64 value);
void
sl_cli_json_add_optional_int (JsonBuilder *builder, const char *name, gboolean known, gint64 value);
void sl_cli_json_add_boolean (JsonBuilder *builder, const char *name, gboolean value);
/* Prints what @builder built, indented. */
void sl_cli_print_json (JsonBuilder *builder);
/* Rows of equal length (char * columns); the first row is the header. */
void sl_cli_print_table (GPtrArray *rows);
GPtrArray *sl_cli_table_row (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* Commands. */
int sl_cli_camera_add (SlCli *cli, int argc, char **argv);
int sl_cli_camera_list (SlCli *cli, int argc, char **argv);
int sl_cli_camera_remove (SlCli *cli, int argc, char **argv);
int sl_cli_camera_set (SlCli *cli, int argc, char **argv);
int sl_cli_storage_add (SlCli *cli, int argc, char **argv);
int sl_cli_storage_list (SlCli *cli, int argc, char **argv);
int sl_cli_storage_set (SlCli *cli, int argc, char **argv);
int sl_cli_recordings_list (SlCli *cli, int argc, char **argv);
int sl_cli_check (SlCli *cli, int argc, char **argv);
int sl_cli_bookmark_add (SlCli *cli, int argc, char **argv);
int sl_cli_bookmark_list (SlCli *cli, int argc, char **argv);
int sl_cli_bookmark_remove (SlCli *cli, int argc, char **argv);
int sl_cli_export (SlCli *cli, int argc, char **argv);
int sl_cli_verify (SlCli *cli, int argc, char **argv);

G_END_DECLS
