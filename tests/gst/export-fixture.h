// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>

#include "playback-fixture.h"
#include "sl-export.h"

G_BEGIN_DECLS

/* Exports in the gst suite: running one, verifying, reading the manifest and
 * playing the result (test-export, test-export-files). */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
  guint progress_updates;
  gint64 last_done;
  gint64 total;
  GCancellable *cancel_on_progress;
} ExportWait;

/* Runs @export (with @cancellable) to its end, counting its progress in
 * @wait, which then holds the result. */
void run_export (SlExport *export, GCancellable *cancellable, ExportWait *wait);

/* Verifies @dir; with @kind >= 0 expects exactly one problem of that kind
 * naming @file, else none. */
void expect_verify (const char *dir, int kind, const char *file);

/* The first file entry of the manifest next to @media. */
JsonObject *read_manifest_item (const char *media);
void assert_same_member (JsonObject *a, JsonObject *b, const char *name);

/* What one stream of a file played to the end gave its sink. */
typedef struct
{
  guint buffers;
  GstClockTime start; /* of the first buffer */
  GstClockTime end;   /* of the last one, with its duration */
} StreamSpan;

/* Plays @path with playbin to the end, without errors, decoding both its
 * video and its audio; returns the duration it reports. */
GstClockTime play_streams (const char *path, StreamSpan *video, StreamSpan *audio);
/* The same, when only the duration matters. */
GstClockTime play_to_end (const char *path);

G_END_DECLS
