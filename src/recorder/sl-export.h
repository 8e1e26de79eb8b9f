// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-credentials.h"

G_BEGIN_DECLS

/* Exporting recordings: one file per camera and range, remuxed from the
 * segments without decoding, a notes file, and a signed manifest.json (see
 * HACKING.md, "Export"). GTK-free; the work runs in a thread. */

#define SL_EXPORT_MANIFEST_NAME  "manifest.json"
#define SL_EXPORT_SIGNATURE_NAME "manifest.sig"
#define SL_EXPORT_NOTES_NAME     "notes.txt"

typedef enum
{
  SL_EXPORT_FORMAT_MKV,
  SL_EXPORT_FORMAT_MP4,
} SlExportFormat;

const char *sl_export_format_to_string (SlExportFormat format); /* "mkv", "mp4" */
gboolean sl_export_format_from_string (const char *text, SlExportFormat *format);

#define SL_TYPE_EXPORT (sl_export_get_type ())
G_DECLARE_FINAL_TYPE (SlExport, sl_export, SL, EXPORT, GObject)

/* An export job into @output_dir, which must be empty or not exist yet (it is
 * created). The catalog and credentials are used from the export's thread. */
SlExport *sl_export_new (SlCatalog *catalog,
                         SlCredentials *credentials,
                         const char *output_dir,
                         SlExportFormat format);
/* One file: camera @camera_id from @from_us to @to_us. */
void sl_export_add_range (SlExport *self, gint64 camera_id, gint64 from_us, gint64 to_us);
guint sl_export_get_n_ranges (SlExport *self);
void sl_export_set_notes (SlExport *self, const char *notes);
const char *sl_export_get_output_dir (SlExport *self);
SlExportFormat sl_export_get_format (SlExport *self);

/* Runs the export in a thread. While it runs, the "progress" signal (done and
 * total, in microseconds of recording) and the "fraction" property are
 * updated on the thread-default main context of the caller, at most once per
 * iteration of it. Cancelling removes the files written so far (and the
 * folder when the export created it). Runs once. */
void sl_export_run_async (SlExport *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
gboolean sl_export_run_finish (SlExport *self, GAsyncResult *result, GError **error);
/* From 0 to 1. */
double sl_export_get_fraction (SlExport *self);
/* After a successful run: the names of the files written (media files, the
 * notes, the manifest and its signature), and the manifest's key fingerprint. */
GStrv sl_export_dup_files (SlExport *self);
const char *sl_export_get_fingerprint (SlExport *self);
/* How many media files were written by copying from the segment files (the
 * fast paths of MKV and MP4) rather than remuxed; for tests and diagnostics. */
guint sl_export_get_n_copied (SlExport *self);
/* Sentences about what the export left out (audio an MP4 cannot hold). */
GStrv sl_export_dup_warnings (SlExport *self);

/* Verification of an export folder. */
typedef enum
{
  SL_EXPORT_PROBLEM_MISSING,   /* listed in the manifest, not in the folder */
  SL_EXPORT_PROBLEM_ALTERED,   /* size or SHA-256 differs */
  SL_EXPORT_PROBLEM_EXTRA,     /* in the folder, not in the manifest */
  SL_EXPORT_PROBLEM_SIGNATURE, /* manifest signature missing or not valid */
  SL_EXPORT_PROBLEM_MANIFEST,  /* manifest missing or unreadable */
} SlExportProblemKind;

typedef struct
{
  SlExportProblemKind kind;
  char *file;    /* the file's name in the folder, or NULL */
  char *message; /* one translated sentence naming the file */
} SlExportProblem;

void sl_export_problem_free (SlExportProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExportProblem, sl_export_problem_free)

/* Checks the folder @dir against its signed manifest. Returns the problems
 * found (SlExportProblem; empty when the export is valid), or NULL with
 * @error set when @dir cannot be read at all. @fingerprint (nullable) gets
 * the fingerprint of the key named in the manifest, when there is one.
 * Blocking. */
GPtrArray *
sl_export_verify (const char *dir, char **fingerprint, GCancellable *cancellable, GError **error);
void sl_export_verify_async (const char *dir,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
GPtrArray *sl_export_verify_finish (GAsyncResult *result, char **fingerprint, GError **error);

/* A file-system-safe file name for a camera's range, without extension. */
char *sl_export_file_stem (const char *camera_name, gint64 from_us, gint64 to_us);

G_END_DECLS
