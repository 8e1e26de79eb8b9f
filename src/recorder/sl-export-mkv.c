// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include "sl-export-mkv-private.h"

/* The fast path of an MKV export: the Matroska Clusters of the range are
 * copied from the segment files into one new file, byte for byte, behind a
 * new Cluster header whose Timestamp maps the recording time to the output's
 * time (the same mapping as sl-export-remux.c: a frame's recording time is
 * its segment's start plus its offset from the segment's first video frame;
 * output time 0 is the key frame at or before the range start; a gap between
 * segments stays a gap). Only the first and last clusters are rebuilt, block
 * by block, to drop what lies outside the range.
 *
 * The work is planned first, reading the mapped files (element headers and
 * block headers only), so that anything unexpected leaves the export to the
 * remux before a byte is written (sl-export-mkv-read.c reads the files).
 * The plan is a list of pieces (pointers into the mapped files or into bytes
 * made here), written once, in order, in large writes while a second thread
 * hashes them (sl-export-copy.c). The output is laid out as EBML header,
 * Segment { SeekHead, Info, Tracks (the segments'), Cues, Clusters }: every
 * size is known before writing, so nothing is rewritten and the SHA-256 is
 * that of the file. */

/* ---- Writing EBML -------------------------------------------------------- */

static void
put_id (GByteArray *out, guint32 id)
{
  guint8 bytes[4];
  guint n = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;

  for (guint i = 0; i < n; i++)
    bytes[i] = (guint8)(id >> (8 * (n - 1 - i)));
  g_byte_array_append (out, bytes, n);
}

/* A size in @length bytes, or in as few as it takes when @length is 0. */
static void
put_size (GByteArray *out, guint64 size, guint length)
{
  guint8 bytes[8];

  if (length == 0)
    for (length = 1; length < 8 && size >= (G_GUINT64_CONSTANT (1) << (7 * length)) - 1; length++)
      ;
  for (guint i = 0; i < length; i++)
    bytes[i] = (guint8)(size >> (8 * (length - 1 - i)));
  bytes[0] |= (guint8)(0x80 >> (length - 1));
  g_byte_array_append (out, bytes, length);
}

static void
put_binary (GByteArray *out, guint32 id, const void *data, gsize length)
{
  put_id (out, id);
  put_size (out, length, 0);
  g_byte_array_append (out, data, (guint)length);
}

/* An unsigned integer in @length bytes, or in as few as it takes. */
static void
put_uint (GByteArray *out, guint32 id, guint64 value, guint length)
{
  guint8 bytes[8];

  if (length == 0)
    for (length = 1; length < 8 && value >> (8 * length) != 0; length++)
      ;
  for (guint i = 0; i < length; i++)
    bytes[i] = (guint8)(value >> (8 * (length - 1 - i)));
  put_binary (out, id, bytes, length);
}

static void
put_double (GByteArray *out, guint32 id, double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  put_uint (out, id, bits, 8);
}

static void
put_master (GByteArray *out, guint32 id, const GByteArray *children)
{
  put_binary (out, id, children->data, children->len);
}

/* ---- Planning ------------------------------------------------------------ */

typedef struct
{
  guint64 tc;
  guint64 cluster; /* offset from the first cluster */
} CuePoint;

typedef struct
{
  SlCopyRange range;

  GByteArray *own;   /* bytes made here: cluster headers, rebuilt clusters */
  GByteArray *front; /* everything before the first cluster */
  GArray *pieces;    /* SlCopyPiece, after the front */
  GArray *cues;      /* CuePoint */
  GArray *kept;      /* SlMkvBlock, the current cluster's */
  guint64 clusters_bytes;
  gboolean past_end;

  /* What the item gets. */
  guint n_clusters;
  guint n_frames;
  gint64 last_video_ns;
  gint64 last_out_tc;
} Plan;

static void
add_piece (Plan *self, const guint8 *data, gsize offset, gsize length, gint64 progress_us)
{
  SlCopyPiece piece = { data, offset, length, progress_us };

  g_array_append_val (self->pieces, piece);
  self->clusters_bytes += length;
}

/* Adds the kept blocks of @cluster as one output cluster at @out_tc (in
 * ticks): verbatim behind a new header when @verbatim, else block by block,
 * their relative timestamps shifted by @shift. */
static gboolean
emit_cluster (Plan *self,
              const SlMkvCluster *cluster,
              gint64 out_tc,
              gint64 shift,
              gboolean verbatim,
              gint64 progress_us,
              const char **why)
{
  gsize header_at = self->own->len;
  g_autoptr (GByteArray) timestamp = g_byte_array_new ();
  guint64 body = 0;

  put_uint (timestamp, ID_TIMESTAMP, (guint64)out_tc, 0);
  if (verbatim)
    body = (guint64)(cluster->end - cluster->blocks);
  else
    for (guint i = 0; i < self->kept->len; i++)
      {
        const SlMkvBlock *block = &g_array_index (self->kept, SlMkvBlock, i);

        body += (guint64)(block->end - block->start);
      }

  self->n_clusters++;
  put_id (self->own, ID_CLUSTER);
  put_size (self->own, timestamp->len + body, 8);
  g_byte_array_append (self->own, timestamp->data, timestamp->len);
  if (verbatim)
    {
      add_piece (self, NULL, header_at, self->own->len - header_at, progress_us);
      add_piece (self, cluster->blocks, 0, (gsize)body, -1);
      return TRUE;
    }

  for (guint i = 0; i < self->kept->len; i++)
    {
      const SlMkvBlock *block = &g_array_index (self->kept, SlMkvBlock, i);
      gsize at = self->own->len;
      gint64 rel = block->tc - cluster->tc + shift;

      if (rel < G_MININT16 || rel > G_MAXINT16)
        {
          *why = "block timestamps out of range";
          return FALSE;
        }
      g_byte_array_append (self->own, block->start, (guint)(block->end - block->start));
      self->own->data[at + (block->tc_bytes - block->start)] = (guint8)((guint16)rel >> 8);
      self->own->data[at + (block->tc_bytes - block->start) + 1] = (guint8)((guint16)rel & 0xff);
    }
  add_piece (self, NULL, header_at, self->own->len - header_at, progress_us);
  return TRUE;
}

/* Plans one cluster: keeps its blocks inside the range, adds cue points for
 * its key frames. */
static gboolean
plan_cluster (Plan *self,
              const SlMkvInput *input,
              const SlMkvCluster *cluster,
              gint64 delta,
              const char **why)
{
  const guint8 *pos = cluster->blocks;
  gint64 out_tc = cluster->tc + delta;
  gint64 shift = 0;
  guint64 position = self->clusters_bytes;
  gboolean dropped = FALSE;
  gboolean first_video = TRUE;
  gint64 progress_us = -1;
  SlMkvBlock block;

  g_array_set_size (self->kept, 0);
  /* Starting at the origin, from its key frame; a cluster that would start
   * before output time 0 starts at 0, its blocks shifted. */
  if (cluster->start == self->range.origin_cluster)
    {
      while (pos < cluster->end && pos != self->range.origin_block)
        if (!sl_mkv_next_block (cluster, &pos, &block, why))
          return FALSE;
      dropped = pos != cluster->blocks;
    }
  if (out_tc < 0)
    {
      shift = out_tc;
      out_tc = 0;
    }

  while (sl_mkv_next_block (cluster, &pos, &block, why))
    {
      gint64 wall = sl_copy_wall_ns (input, block.tc);
      gint64 block_out = block.tc + delta;

      if (block.track == input->video_track)
        {
          if (wall > self->range.to_ns)
            {
              self->past_end = TRUE;
              dropped = TRUE;
              break;
            }
          if (block.laced)
            {
              *why = "laced video";
              return FALSE;
            }
          if (block_out < 0)
            {
              *why = "video before the start of the output";
              return FALSE;
            }
          if (first_video)
            progress_us = MAX (wall - self->range.from_ns, 0) / 1000;
          first_video = FALSE;
          self->n_frames++;
          self->last_video_ns = wall;
          self->last_out_tc = block_out;
          if (block.key)
            {
              CuePoint cue = { (guint64)block_out, position };

              g_array_append_val (self->cues, cue);
            }
        }
      else if (block.track != input->audio_track)
        {
          *why = "block of an unknown track";
          return FALSE;
        }
      else if (block_out < 0 || wall > self->range.to_ns)
        {
          dropped = TRUE;
          continue;
        }
      g_array_append_val (self->kept, block);
    }
  if (*why != NULL)
    return FALSE;
  if (self->kept->len == 0)
    return TRUE;
  return emit_cluster (self, cluster, out_tc, shift, !dropped && shift == 0, progress_us, why);
}

static gboolean
plan_clusters (Plan *self, const char **why)
{
  for (guint i = self->range.origin_input; i < self->range.segments->len && !self->past_end; i++)
    {
      SlMkvInput *input = &self->range.inputs[i];
      const guint8 *pos;
      SlMkvCluster cluster;
      gint64 offset_ns, delta;

      if (i > self->range.origin_input)
        {
          if (!sl_copy_range_open_input (&self->range, i, why))
            return FALSE;
          if (!input->has_video)
            continue;
        }

      /* Output ticks = file ticks + delta. */
      offset_ns = input->segment->start_us * 1000 - input->base_tc * (gint64)input->scale -
                  self->range.origin_ns;
      delta = offset_ns >= 0 ? (offset_ns + (gint64)input->scale / 2) / (gint64)input->scale
                             : -((-offset_ns + (gint64)input->scale / 2) / (gint64)input->scale);

      pos = i == self->range.origin_input ? self->range.origin_cluster : input->body;
      while (!self->past_end && sl_mkv_next_cluster (input, &pos, &cluster, why))
        if (!plan_cluster (self, input, &cluster, delta, why))
          return FALSE;
      if (*why != NULL)
        return FALSE;
    }
  return TRUE;
}

/* The EBML header, Segment header, SeekHead, Info, Tracks and Cues. The
 * positions in the SeekHead and the Cues are written in 8 bytes, so that
 * their sizes do not depend on them. */
static void
build_front (Plan *self, double duration_ticks)
{
  g_autoptr (GByteArray) info = g_byte_array_new ();
  g_autoptr (GByteArray) info_element = g_byte_array_new ();
  g_autoptr (GByteArray) cues = NULL;
  g_autoptr (GByteArray) seek_head = NULL;
  guint64 cues_length = 0, seek_head_length = 0, clusters_at = 0;
  const char *app = "Sightline " PACKAGE_VERSION;

  put_uint (info, ID_TIMESTAMP_SCALE, self->range.first->scale, 0);
  put_double (info, ID_DURATION, duration_ticks);
  put_binary (info, ID_MUXING_APP, app, strlen (app));
  put_binary (info, ID_WRITING_APP, app, strlen (app));
  put_master (info_element, ID_INFO, info);

  /* Twice: once to measure, then with the real positions. */
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr (GByteArray) children = g_byte_array_new ();
      struct
      {
        guint32 id;
        guint64 position;
      } seeks[] = {
        { ID_INFO, seek_head_length },
        { ID_TRACKS, seek_head_length + info_element->len },
        { ID_CUES, seek_head_length + info_element->len + self->range.first->tracks_length },
      };

      clusters_at =
          seek_head_length + info_element->len + self->range.first->tracks_length + cues_length;
      for (guint i = 0; i < G_N_ELEMENTS (seeks); i++)
        {
          g_autoptr (GByteArray) seek = g_byte_array_new ();
          guint8 id[4] = { seeks[i].id >> 24, seeks[i].id >> 16, seeks[i].id >> 8, seeks[i].id };

          put_binary (seek, ID_SEEK_ID, id, 4);
          put_uint (seek, ID_SEEK_POSITION, seeks[i].position, 8);
          put_master (children, ID_SEEK, seek);
        }
      g_clear_pointer (&seek_head, g_byte_array_unref);
      seek_head = g_byte_array_new ();
      put_master (seek_head, ID_SEEK_HEAD, children);
      seek_head_length = seek_head->len;

      g_byte_array_set_size (children, 0);
      for (guint i = 0; i < self->cues->len; i++)
        {
          const CuePoint *cue = &g_array_index (self->cues, CuePoint, i);
          g_autoptr (GByteArray) point = g_byte_array_new ();
          g_autoptr (GByteArray) positions = g_byte_array_new ();

          put_uint (positions, ID_CUE_TRACK, self->range.first->video_track, 0);
          put_uint (positions, ID_CUE_CLUSTER_POSITION, clusters_at + cue->cluster, 8);
          put_uint (point, ID_CUE_TIME, cue->tc, 0);
          put_master (point, ID_CUE_TRACK_POSITIONS, positions);
          put_master (children, ID_CUE_POINT, point);
        }
      g_clear_pointer (&cues, g_byte_array_unref);
      cues = g_byte_array_new ();
      put_master (cues, ID_CUES, children);
      cues_length = cues->len;
    }

  self->front = g_byte_array_new ();
  g_byte_array_append (self->front, self->range.first->ebml, (guint)self->range.first->ebml_length);
  put_id (self->front, ID_SEGMENT);
  put_size (self->front, clusters_at + self->clusters_bytes, 8);
  g_byte_array_append (self->front, seek_head->data, seek_head->len);
  g_byte_array_append (self->front, info_element->data, info_element->len);
  g_byte_array_append (self->front, self->range.first->tracks,
                       (guint)self->range.first->tracks_length);
  g_byte_array_append (self->front, cues->data, cues->len);
}

/* ---- Entry point --------------------------------------------------------- */

static void
plan_clear (Plan *self)
{
  sl_copy_range_clear (&self->range);
  g_clear_pointer (&self->own, g_byte_array_unref);
  g_clear_pointer (&self->front, g_byte_array_unref);
  g_clear_pointer (&self->pieces, g_array_unref);
  g_clear_pointer (&self->cues, g_array_unref);
  g_clear_pointer (&self->kept, g_array_unref);
}

SlExportCopyResult
sl_export_copy_mkv (SlCatalog *catalog,
                    SlExportItem *item,
                    const char *path,
                    GCancellable *cancellable,
                    SlExportProgressFunc progress,
                    gpointer progress_data,
                    GError **error)
{
  Plan self = { 0 };
  const char *why = NULL;
  SlExportCopyResult result = SL_EXPORT_COPY_UNSUPPORTED;
  gint64 frame_ns;
  guint n_segments;

  if (!sl_copy_range_init (&self.range, catalog, item))
    return SL_EXPORT_COPY_UNSUPPORTED;
  self.own = g_byte_array_new ();
  self.pieces = g_array_new (FALSE, FALSE, sizeof (SlCopyPiece));
  self.cues = g_array_new (FALSE, FALSE, sizeof (CuePoint));
  self.kept = g_array_new (FALSE, FALSE, sizeof (SlMkvBlock));

  if (!sl_copy_range_find_origin (&self.range, &why) || !plan_clusters (&self, &why))
    {
      g_debug ("Export of camera %" G_GINT64_FORMAT ": remuxing, the cluster copy cannot (%s)",
               item->camera_id, why);
      plan_clear (&self);
      return SL_EXPORT_COPY_UNSUPPORTED;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      plan_clear (&self);
      return SL_EXPORT_COPY_FAILED;
    }

  frame_ns = (gint64)self.range.first->frame_ns;
  build_front (&self,
               (double)self.last_out_tc + (double)frame_ns / (double)self.range.first->scale);
  {
    SlCopyPiece front = { self.front->data, 0, self.front->len, -1 };

    g_array_prepend_val (self.pieces, front);
  }
  n_segments = sl_copy_range_n_segments (&self.range);
  g_debug ("Export of camera %" G_GINT64_FORMAT ": copying %u clusters from %u segment files",
           item->camera_id, self.n_clusters, n_segments);

  if (sl_copy_write_pieces (self.pieces, self.own->data, path, cancellable, progress, progress_data,
                            item, error))
    {
      result = SL_EXPORT_COPY_DONE;
      sl_copy_range_describe (&self.range, item, self.n_frames, self.last_video_ns, frame_ns,
                              "kept");
    }
  else
    result = SL_EXPORT_COPY_FAILED;
  plan_clear (&self);
  return result;
}
