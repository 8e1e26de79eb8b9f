// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

#include "sl-export.h"

G_BEGIN_DECLS

/* Internals of SlExport, shared by sl-export.c (the job, its thread and
 * progress), sl-export-remux.c (one camera range into one file) and
 * sl-export-mkv.c (the same by copying Matroska clusters, for MKV),
 * sl-export-mp4.c (by copying the H.264 frames, for MP4) and
 * sl-export-manifest.c (hashes, the signed manifest and verification). */

/* One camera range and, once exported, what its file holds. */
typedef struct
{
  gint64 camera_id;
  gint64 from_us;
  gint64 to_us;

  char *camera_name;
  char *file_name;
  /* Recording times of the first and last video frames in the file, and the
   * file's duration (last frame's end minus first frame's start). */
  gint64 first_frame_us;
  gint64 last_frame_us;
  gint64 duration_us;
  guint n_segments;
  guint n_frames;
  /* "kept", "dropped" (the container cannot hold it) or "none". */
  const char *audio;
  char *audio_codec; /* caps name of the recorded audio, or NULL */
  gint64 bytes;
  char *sha256;
} SlExportItem;

void sl_export_item_free (SlExportItem *item);

/* Called from the export's thread with the recording time done in the
 * current item, in microseconds from its start. */
typedef void (*SlExportProgressFunc) (gint64 done_us, gpointer user_data);

/* Remuxes the main-stream segments of @item's range into @path. Fills the
 * item's frame times, counts and audio fields. Blocking. */
gboolean sl_export_remux (SlCatalog *catalog,
                          SlExportItem *item,
                          const char *path,
                          SlExportFormat format,
                          GCancellable *cancellable,
                          SlExportProgressFunc progress,
                          gpointer progress_data,
                          GError **error);

/* The segments of @item's camera stream "main" that overlap its range, by
 * start. */
GPtrArray *sl_export_list_segments (SlCatalog *catalog, const SlExportItem *item, GError **error);

typedef enum
{
  SL_EXPORT_COPY_DONE,        /* written, hashed: the item is complete */
  SL_EXPORT_COPY_UNSUPPORTED, /* nothing written: the recordings need the remux */
  SL_EXPORT_COPY_FAILED,      /* @error set (cancelled, cannot write) */
} SlExportCopyResult;

/* The fast path for MKV (sl-export-mkv.c): copies the Matroska clusters of
 * @item's range from the segment files into @path, and fills the item like
 * sl_export_remux() does, plus its size and SHA-256 (hashed as written).
 * Returns SL_EXPORT_COPY_UNSUPPORTED, with the reason logged at debug level,
 * for anything it does not expect (tracks differing between segments,
 * unknown elements); the remux then does the export. Blocking. */
SlExportCopyResult sl_export_copy_mkv (SlCatalog *catalog,
                                       SlExportItem *item,
                                       const char *path,
                                       GCancellable *cancellable,
                                       SlExportProgressFunc progress,
                                       gpointer progress_data,
                                       GError **error);

/* The same for MP4 (sl-export-mp4.c): copies the H.264 frames of @item's
 * range into one mdat behind a moov built from the block headers. Audio that
 * MP4 cannot hold is dropped (the item's audio says so), audio that it can
 * hold is left to the remux. */
SlExportCopyResult sl_export_copy_mp4 (SlCatalog *catalog,
                                       SlExportItem *item,
                                       const char *path,
                                       GCancellable *cancellable,
                                       SlExportProgressFunc progress,
                                       gpointer progress_data,
                                       GError **error);

/* Whether the @format's muxer takes @caps on its @kind ("audio", "video")
 * pads. */
gboolean sl_export_container_accepts (SlExportFormat format, const char *kind, GstCaps *caps);

/* @data as lowercase hex. */
char *sl_export_hex_encode (const guint8 *data, gsize length);

/* SHA-256 of a file as lowercase hex, and its size. Blocking. */
char *
sl_export_hash_file (const char *path, gint64 *size, GCancellable *cancellable, GError **error);

/* Everything the manifest says besides the files. */
typedef struct
{
  gint64 exported_at_us;
  SlExportFormat format;
  GPtrArray *items;   /* SlExportItem, exported and hashed */
  const char *notes;  /* NULL: no notes file */
  gint64 notes_bytes; /* of notes.txt */
  const char *notes_sha256;
} SlExportManifestInfo;

/* Writes manifest.json and manifest.sig into @dir, signed with the
 * installation's key from @credentials (made and stored on first use). Sets
 * @fingerprint. Blocking. */
gboolean sl_export_write_manifest (const char *dir,
                                   const SlExportManifestInfo *info,
                                   SlCredentials *credentials,
                                   char **fingerprint,
                                   GError **error);

G_END_DECLS
