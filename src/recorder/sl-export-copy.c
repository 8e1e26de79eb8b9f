// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "sl-export-mkv-private.h"

/* What the MKV and MP4 copies (sl-export-mkv.c, sl-export-mp4.c) share: the
 * segment files of a range, its time mapping and origin, and writing the
 * planned pieces while a second thread hashes them. */

/* Writes of 256 KiB: measured with the hashing thread reading the same
 * mapped pages, 8 MiB writes were 2.5 times slower (150 MB: 0.42 s against
 * 0.16 s). */
#define WRITE_BATCH_BYTES  (256 * 1024)
#define WRITE_BATCH_PIECES 64

/* ---- The range ----------------------------------------------------------- */

gboolean
sl_copy_range_init (SlCopyRange *self, SlCatalog *catalog, SlExportItem *item)
{
  g_autoptr (GError) local_error = NULL;

  memset (self, 0, sizeof *self);
  self->item = item;
  self->from_ns = item->from_us * 1000;
  self->to_ns = item->to_us * 1000;
  self->segments = sl_export_list_segments (catalog, item, &local_error);
  if (self->segments == NULL || self->segments->len == 0)
    {
      /* The remux says what is wrong. */
      g_debug ("Export of camera %" G_GINT64_FORMAT ": remuxing, no segments listed (%s)",
               item->camera_id, local_error ? local_error->message : "none");
      sl_copy_range_clear (self);
      return FALSE;
    }
  self->inputs = g_new0 (SlMkvInput, self->segments->len);
  for (guint i = 0; i < self->segments->len; i++)
    self->inputs[i].segment = self->segments->pdata[i];
  return TRUE;
}

void
sl_copy_range_clear (SlCopyRange *self)
{
  for (guint i = 0; self->inputs != NULL && i < self->segments->len; i++)
    sl_mkv_input_clear (&self->inputs[i]);
  g_clear_pointer (&self->inputs, g_free);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
}

/* The files read: those with video, up to the end of the range. */
guint
sl_copy_range_n_segments (const SlCopyRange *self)
{
  guint n = 0;

  for (guint i = 0; i < self->segments->len; i++)
    n += self->inputs[i].opened && self->inputs[i].has_video;
  return n;
}

/* Describes the written @item for the manifest: @n_frames video frames from
 * the range's origin to @last_ns, the last one lasting @frame_ns; @audio is
 * what became of the range's audio track, if it has one. */
void
sl_copy_range_describe (const SlCopyRange *self,
                        SlExportItem *item,
                        guint n_frames,
                        gint64 last_ns,
                        gint64 frame_ns,
                        const char *audio)
{
  item->n_segments = sl_copy_range_n_segments (self);
  item->n_frames = n_frames;
  item->first_frame_us = self->origin_ns / 1000;
  item->last_frame_us = last_ns / 1000;
  item->duration_us = (last_ns + frame_ns - self->origin_ns) / 1000;
  g_free (item->audio_codec);
  item->audio_codec = g_strdup (self->first->audio_caps);
  item->audio = self->first->audio_track != 0 ? audio : "none";
}

gint64
sl_copy_wall_ns (const SlMkvInput *input, gint64 tc)
{
  return input->segment->start_us * 1000 + (tc - input->base_tc) * (gint64)input->scale;
}

gboolean
sl_copy_range_open_input (SlCopyRange *self, guint i, const char **why)
{
  SlMkvInput *input = &self->inputs[i];

  if (!input->opened && !sl_mkv_input_open (input, why))
    return FALSE;
  if (self->first == NULL || !input->has_video)
    return TRUE;
  if (input->scale != self->first->scale)
    {
      *why = "timestamp scales differ between segments";
      return FALSE;
    }
  if (input->track_key->len != self->first->track_key->len ||
      memcmp (input->track_key->data, self->first->track_key->data, input->track_key->len) != 0)
    {
      *why = "tracks differ between segments";
      return FALSE;
    }
  return TRUE;
}

/* Finds the key frame at or before the range start, as the remux does: the
 * last key frame at or before it (or the first after it), once a frame at
 * or after the start shows up. */
gboolean
sl_copy_range_find_origin (SlCopyRange *self, const char **why)
{
  gboolean found = FALSE;

  for (guint i = 0; i < self->segments->len; i++)
    {
      SlMkvInput *input = &self->inputs[i];
      const guint8 *pos;
      SlMkvCluster cluster;

      if (!sl_copy_range_open_input (self, i, why))
        return FALSE;
      if (!input->has_video)
        continue;
      pos = input->body;
      while (sl_mkv_next_cluster (input, &pos, &cluster, why))
        {
          const guint8 *bpos = cluster.blocks;
          SlMkvBlock block;

          while (sl_mkv_next_block (&cluster, &bpos, &block, why))
            {
              gint64 wall;

              if (block.track != input->video_track)
                continue;
              wall = sl_copy_wall_ns (input, block.tc);
              if (wall > self->to_ns)
                {
                  *why = "no key frame in the range";
                  return FALSE;
                }
              if (block.key && (wall <= self->from_ns || !found))
                {
                  found = TRUE;
                  self->origin_input = i;
                  self->origin_cluster = cluster.start;
                  self->origin_block = block.start;
                  self->origin_ns = wall;
                  self->first = input;
                }
              if (found && wall >= self->from_ns)
                return TRUE;
            }
          if (*why != NULL)
            return FALSE;
        }
      if (*why != NULL)
        return FALSE;
    }
  *why = "no video at or after the range start";
  return FALSE;
}

/* ---- Writing ------------------------------------------------------------- */

static void set_write_error (GError **error, const char *path, int saved_errno);

static gboolean
write_all (int fd, struct iovec *iov, int count, const char *path, GError **error)
{
  while (count > 0)
    {
      ssize_t written = writev (fd, iov, count);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          set_write_error (error, path, errno);
          return FALSE;
        }
      while (count > 0 && (gsize)written >= iov->iov_len)
        {
          written -= (ssize_t)iov->iov_len;
          iov++;
          count--;
        }
      if (count > 0)
        {
          iov->iov_base = (guint8 *)iov->iov_base + written;
          iov->iov_len -= (gsize)written;
        }
    }
  return TRUE;
}

/* The SHA-256 of the pieces, in a thread of its own: hashing costs about as
 * much as writing, and the two overlap on two cores. The pieces do not change
 * while they are written. */
typedef struct
{
  const GArray *pieces;
  int stop; /* atomic */
  guint8 digest[32];
} Hasher;

static gpointer
hash_thread (gpointer data)
{
  Hasher *hasher = data;
  gnutls_hash_hd_t hash;

  gnutls_hash_init (&hash, GNUTLS_DIG_SHA256);
  for (guint i = 0; i < hasher->pieces->len && !g_atomic_int_get (&hasher->stop); i++)
    {
      const SlCopyPiece *piece = &g_array_index (hasher->pieces, SlCopyPiece, i);

      gnutls_hash (hash, piece->data, piece->length);
    }
  gnutls_hash_deinit (hash, hasher->digest);
  return NULL;
}

static void
set_write_error (GError **error, const char *path, int saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _ ("Cannot write '%s' (%s); check that the folder is writable and the disk is "
                  "not full."),
               display, g_strerror (saved_errno));
}

/* Writes the pieces in order, in large writes straight from the mapped
 * files, while a thread hashes them. */
gboolean
sl_copy_write_pieces (GArray *pieces,
                      const guint8 *own,
                      const char *path,
                      GCancellable *cancellable,
                      SlExportProgressFunc progress,
                      gpointer progress_data,
                      SlExportItem *item,
                      GError **error)
{
  struct iovec iov[WRITE_BATCH_PIECES];
  int count = 0;
  gsize batch = 0;
  gint64 total = 0;
  gboolean ok = TRUE;
  Hasher hasher = { pieces, FALSE, { 0 } };
  GThread *thread;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }
  for (guint i = 0; i < pieces->len; i++)
    {
      SlCopyPiece *piece = &g_array_index (pieces, SlCopyPiece, i);

      if (piece->data == NULL)
        piece->data = own + piece->offset;
    }
  thread = g_thread_new ("sl-export-hash", hash_thread, &hasher);

  for (guint i = 0; ok && i <= pieces->len; i++)
    {
      const SlCopyPiece *piece = i < pieces->len ? &g_array_index (pieces, SlCopyPiece, i) : NULL;

      if (piece != NULL && piece->progress_us >= 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress != NULL)
            progress (piece->progress_us, progress_data);
        }
      if (count > 0 && piece == NULL)
        {
          ok = write_all (fd, iov, count, path, error);
          count = 0;
          batch = 0;
        }
      if (piece == NULL || piece->length == 0)
        continue;
      /* Batches of at most WRITE_BATCH_BYTES: a large piece is cut. */
      for (gsize done = 0; ok && done < piece->length;)
        {
          gsize take = MIN (piece->length - done, WRITE_BATCH_BYTES - batch);

          iov[count].iov_base = (void *)(piece->data + done);
          iov[count].iov_len = take;
          count++;
          batch += take;
          done += take;
          if (batch == WRITE_BATCH_BYTES || count == WRITE_BATCH_PIECES)
            {
              ok = write_all (fd, iov, count, path, error);
              count = 0;
              batch = 0;
            }
        }
      total += (gint64)piece->length;
    }

  if (!ok)
    g_atomic_int_set (&hasher.stop, TRUE);
  g_thread_join (thread);
  if (close (fd) != 0 && ok)
    {
      set_write_error (error, path, errno);
      ok = FALSE;
    }
  if (!ok)
    return FALSE;
  item->sha256 = sl_export_hex_encode (hasher.digest, sizeof hasher.digest);
  item->bytes = total;
  return TRUE;
}
