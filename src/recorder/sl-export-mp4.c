// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <gst/gst.h>

#include "sl-export-mkv-private.h"

/* The fast path of an MP4 export. The segments' H.264 (Matroska CodecID
 * V_MPEG4/ISO/AVC) is stored as MP4 stores it: the CodecPrivate is the
 * AVCDecoderConfigurationRecord of the sample entry's avcC box, and each
 * block's frame is length-prefixed NAL units, an MP4 sample as it is
 * (ISO/IEC 14496-15, 5.3). So the frames of the range are copied byte for
 * byte from the mapped segment files into one mdat, and the moov that
 * indexes them is built from the block headers alone (ISO/IEC 14496-12:
 * ftyp 4.3, mvhd 8.2.2, tkhd 8.3.2, mdhd 8.4.2, hdlr 8.4.3, vmhd 8.4.5.2,
 * dref 8.7.2, stsd 8.5.2, stts 8.6.1.2, stss 8.6.2, stsc 8.7.4, stsz 8.7.3,
 * co64 8.7.5). The layout is ftyp, moov, mdat: every size is known before
 * writing, so the file plays while it is read and its SHA-256 is hashed as
 * it is written (sl-export-copy.c).
 *
 * The time mapping, the range trimming and the gaps are those of the remux
 * and of the MKV copy: output time 0 is the key frame at or before the range
 * start, the last frame is the last one at or before the range end, and a
 * sample lasts until the next one, so a gap between segments stays a gap.
 * Audio that MP4 cannot hold (G.711) is dropped as the remux drops it; audio
 * that it can hold (AAC, Opus) is left to the remux, which muxes it. */

#define TIMESCALE       90000                          /* of the movie and the track */
#define SECONDS_TO_1970 G_GINT64_CONSTANT (2082844800) /* from 1904-01-01 */
#define MAX_SAMPLE_NS   (G_GINT64_CONSTANT (13) * 3600 * G_GINT64_CONSTANT (1000000000))

typedef struct
{
  guint64 offset; /* in the mdat's data */
  guint32 n_samples;
} Chunk;

typedef struct
{
  SlCopyRange range;
  guint nal_length_size;

  GArray *pieces; /* SlCopyPiece: the header, then the samples */
  GArray *times;  /* gint64, each sample's recording time in ns */
  GArray *sizes;  /* guint32 */
  GArray *keys;   /* guint32, numbers of the key frame samples from 1 */
  GArray *chunks; /* Chunk: one per cluster */
  guint64 mdat_bytes;
  gboolean past_end;
  GByteArray *front; /* ftyp, moov and the mdat's header */
} Plan;

/* ---- Planning ------------------------------------------------------------ */

/* Whether @frame is length-prefixed NAL units filling it exactly. */
static gboolean
is_length_prefixed (const guint8 *frame, const guint8 *end, guint length_size)
{
  const guint8 *p = frame;

  if (p >= end)
    return FALSE;
  while (p < end)
    {
      guint64 length = 0;

      if ((gsize)(end - p) < length_size)
        return FALSE;
      for (guint i = 0; i < length_size; i++)
        length = (length << 8) | p[i];
      p += length_size;
      if (length > (guint64)(end - p))
        return FALSE;
      p += length;
    }
  return TRUE;
}

/* Whether the output takes the video and audio of the origin's file. */
static gboolean
check_tracks (Plan *self, const char **why)
{
  const SlMkvInput *first = self->range.first;
  /* An EBML string may end in NULs. */
  g_autofree char *codec = g_strndup ((const char *)first->video_codec, first->video_codec_length);

  if (!g_str_equal (codec, "V_MPEG4/ISO/AVC"))
    {
      *why = "video other than H.264";
      return FALSE;
    }
  /* configurationVersion 1; lengthSizeMinusOne in the low bits of byte 4. */
  if (first->video_private_length < 7 || first->video_private[0] != 1)
    {
      *why = "H.264 without an AVCDecoderConfigurationRecord";
      return FALSE;
    }
  self->nal_length_size = (first->video_private[4] & 0x03) + 1;
  if (self->nal_length_size == 3)
    {
      *why = "NAL unit lengths of 3 bytes";
      return FALSE;
    }
  if (first->width == 0 || first->height == 0 || first->width > G_MAXUINT16 ||
      first->height > G_MAXUINT16)
    {
      *why = "no picture size";
      return FALSE;
    }
  if (first->audio_track != 0)
    {
      g_autoptr (GstCaps) caps = gst_caps_new_empty_simple (first->audio_caps);

      if (sl_export_container_accepts (SL_EXPORT_FORMAT_MP4, "audio", caps))
        {
          *why = "audio that MP4 keeps";
          return FALSE;
        }
    }
  return TRUE;
}

/* Adds the video frames of @cluster inside the range as one chunk. */
static gboolean
plan_cluster (Plan *self, const SlMkvInput *input, const SlMkvCluster *cluster, const char **why)
{
  const guint8 *pos = cluster->blocks;
  Chunk chunk = { self->mdat_bytes, 0 };
  SlMkvBlock block;

  if (cluster->start == self->range.origin_cluster)
    pos = self->range.origin_block;
  while (sl_mkv_next_block (cluster, &pos, &block, why))
    {
      const guint8 *frame = block.tc_bytes + 3; /* after the timestamp and flags */
      SlCopyPiece piece = { frame, 0, (gsize)(block.frame_end - frame), -1 };
      guint32 size = (guint32)piece.length;
      gint64 wall;

      if (block.track == input->audio_track)
        continue;
      if (block.track != input->video_track)
        {
          *why = "block of an unknown track";
          return FALSE;
        }
      wall = sl_copy_wall_ns (input, block.tc);
      if (wall > self->range.to_ns)
        {
          self->past_end = TRUE;
          break;
        }
      if (block.laced)
        {
          *why = "laced video";
          return FALSE;
        }
      if (self->times->len > 0)
        {
          gint64 previous = g_array_index (self->times, gint64, self->times->len - 1);

          if (wall <= previous)
            {
              *why = "video timestamps not increasing (B-frames)";
              return FALSE;
            }
          /* A sample's duration is 32 bits of the 90 kHz timescale. */
          if (wall - previous >= MAX_SAMPLE_NS)
            {
              *why = "a gap of more than 13 hours";
              return FALSE;
            }
        }
      if (piece.length > G_MAXUINT32 ||
          !is_length_prefixed (frame, block.frame_end, self->nal_length_size))
        {
          *why = "a frame that is not length-prefixed NAL units";
          return FALSE;
        }
      if (chunk.n_samples == 0)
        piece.progress_us = MAX (wall - self->range.from_ns, 0) / 1000;
      g_array_append_val (self->pieces, piece);
      g_array_append_val (self->times, wall);
      g_array_append_val (self->sizes, size);
      chunk.n_samples++;
      if (block.key)
        {
          guint32 number = self->times->len;

          g_array_append_val (self->keys, number);
        }
      self->mdat_bytes += piece.length;
    }
  if (*why != NULL)
    return FALSE;
  if (chunk.n_samples > 0)
    g_array_append_val (self->chunks, chunk);
  return TRUE;
}

static gboolean
plan_samples (Plan *self, const char **why)
{
  for (guint i = self->range.origin_input; i < self->range.segments->len && !self->past_end; i++)
    {
      SlMkvInput *input = &self->range.inputs[i];
      const guint8 *pos;
      SlMkvCluster cluster;

      if (i > self->range.origin_input)
        {
          if (!sl_copy_range_open_input (&self->range, i, why))
            return FALSE;
          if (!input->has_video)
            continue;
        }
      pos = i == self->range.origin_input ? self->range.origin_cluster : input->body;
      while (!self->past_end && sl_mkv_next_cluster (input, &pos, &cluster, why))
        if (!plan_cluster (self, input, &cluster, why))
          return FALSE;
      if (*why != NULL)
        return FALSE;
    }
  return TRUE;
}

/* ---- Writing boxes ------------------------------------------------------- */

static void
put_u16 (GByteArray *out, guint value)
{
  guint8 bytes[2] = { value >> 8, value };

  g_byte_array_append (out, bytes, 2);
}

static void
put_u32 (GByteArray *out, guint32 value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
put_u64 (GByteArray *out, guint64 value)
{
  put_u32 (out, (guint32)(value >> 32));
  put_u32 (out, (guint32)value);
}

static void
put_zeros (GByteArray *out, guint n)
{
  static const guint8 zeros[32] = { 0 };

  g_byte_array_append (out, zeros, n);
}

/* Starts a box; box_end() writes its size. */
static guint
box_begin (GByteArray *out, const char *type)
{
  guint at = out->len;

  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *)type, 4);
  return at;
}

static guint
full_box_begin (GByteArray *out, const char *type, guint8 version, guint32 flags)
{
  guint at = box_begin (out, type);

  put_u32 (out, ((guint32)version << 24) | flags);
  return at;
}

static void
box_end (GByteArray *out, guint at)
{
  guint32 size = out->len - at;

  out->data[at] = size >> 24;
  out->data[at + 1] = size >> 16;
  out->data[at + 2] = size >> 8;
  out->data[at + 3] = size;
}

/* The unity matrix of mvhd and tkhd. */
static void
put_matrix (GByteArray *out)
{
  static const guint32 matrix[9] = { 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000 };

  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    put_u32 (out, matrix[i]);
}

/* A recording time in ns as the track's time, from output time 0. */
static guint64
track_time (const Plan *self, gint64 wall_ns)
{
  return (guint64)((wall_ns - self->range.origin_ns) * 9 + 50000) / 100000;
}

static void
put_sample_table (Plan *self, GByteArray *out, guint64 mdat_data_at, guint64 last_delta)
{
  const SlMkvInput *first = self->range.first;
  guint n = self->times->len;
  guint stbl = box_begin (out, "stbl");
  guint box, count_at;
  guint32 entries = 0;

  box = full_box_begin (out, "stsd", 0, 0);
  put_u32 (out, 1);
  {
    guint entry = box_begin (out, "avc1");
    guint avcc;

    put_zeros (out, 6);
    put_u16 (out, 1); /* data_reference_index */
    put_zeros (out, 16);
    put_u16 (out, first->width);
    put_u16 (out, first->height);
    put_u32 (out, 0x00480000); /* 72 dpi */
    put_u32 (out, 0x00480000);
    put_u32 (out, 0);
    put_u16 (out, 1);      /* frame_count */
    put_zeros (out, 32);   /* compressorname */
    put_u16 (out, 0x0018); /* depth */
    put_u16 (out, 0xFFFF); /* pre_defined = -1 */
    avcc = box_begin (out, "avcC");
    g_byte_array_append (out, first->video_private, (guint)first->video_private_length);
    box_end (out, avcc);
    box_end (out, entry);
  }
  box_end (out, box);

  /* stts: runs of equal sample durations. */
  box = full_box_begin (out, "stts", 0, 0);
  count_at = out->len;
  put_u32 (out, 0);
  for (guint i = 0; i < n;)
    {
      guint64 start = track_time (self, g_array_index (self->times, gint64, i));
      guint64 delta = i + 1 < n
                          ? track_time (self, g_array_index (self->times, gint64, i + 1)) - start
                          : last_delta;
      guint32 run = 1;

      for (; i + run < n; run++)
        {
          guint64 here = track_time (self, g_array_index (self->times, gint64, i + run));
          guint64 next = i + run + 1 < n
                             ? track_time (self, g_array_index (self->times, gint64, i + run + 1))
                             : here + last_delta;

          if (next - here != delta)
            break;
        }
      put_u32 (out, run);
      put_u32 (out, (guint32)delta);
      entries++;
      i += run;
    }
  out->data[count_at] = entries >> 24;
  out->data[count_at + 1] = entries >> 16;
  out->data[count_at + 2] = entries >> 8;
  out->data[count_at + 3] = entries;
  box_end (out, box);

  box = full_box_begin (out, "stss", 0, 0);
  put_u32 (out, self->keys->len);
  for (guint i = 0; i < self->keys->len; i++)
    put_u32 (out, g_array_index (self->keys, guint32, i));
  box_end (out, box);

  /* stsc: a new entry where the samples per chunk change. */
  box = full_box_begin (out, "stsc", 0, 0);
  count_at = out->len;
  put_u32 (out, 0);
  entries = 0;
  for (guint i = 0; i < self->chunks->len; i++)
    {
      guint32 samples = g_array_index (self->chunks, Chunk, i).n_samples;

      if (i > 0 && samples == g_array_index (self->chunks, Chunk, i - 1).n_samples)
        continue;
      put_u32 (out, i + 1);
      put_u32 (out, samples);
      put_u32 (out, 1);
      entries++;
    }
  out->data[count_at] = entries >> 24;
  out->data[count_at + 1] = entries >> 16;
  out->data[count_at + 2] = entries >> 8;
  out->data[count_at + 3] = entries;
  box_end (out, box);

  box = full_box_begin (out, "stsz", 0, 0);
  put_u32 (out, 0); /* sizes differ */
  put_u32 (out, n);
  for (guint i = 0; i < n; i++)
    put_u32 (out, g_array_index (self->sizes, guint32, i));
  box_end (out, box);

  box = full_box_begin (out, "co64", 0, 0);
  put_u32 (out, self->chunks->len);
  for (guint i = 0; i < self->chunks->len; i++)
    put_u64 (out, mdat_data_at + g_array_index (self->chunks, Chunk, i).offset);
  box_end (out, box);

  box_end (out, stbl);
}

/* The moov box, its chunk offsets counted from @mdat_data_at. */
static void
put_moov (Plan *self, GByteArray *out, guint64 mdat_data_at, guint64 last_delta)
{
  const SlMkvInput *first = self->range.first;
  guint64 created =
      (guint64)(self->range.origin_ns / G_GINT64_CONSTANT (1000000000) + SECONDS_TO_1970);
  guint64 duration =
      track_time (self, g_array_index (self->times, gint64, self->times->len - 1)) + last_delta;
  guint moov = box_begin (out, "moov");
  guint box, trak, mdia, minf, dinf, dref;

  box = full_box_begin (out, "mvhd", 1, 0);
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, TIMESCALE);
  put_u64 (out, duration);
  put_u32 (out, 0x00010000); /* rate 1.0 */
  put_u16 (out, 0x0100);     /* volume 1.0 */
  put_zeros (out, 2 + 8);
  put_matrix (out);
  put_zeros (out, 24);
  put_u32 (out, 2); /* next_track_ID */
  box_end (out, box);

  trak = box_begin (out, "trak");
  /* Enabled, in the movie and in the preview. */
  box = full_box_begin (out, "tkhd", 1, 0x000007);
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, 1); /* track_ID */
  put_u32 (out, 0);
  put_u64 (out, duration);
  put_zeros (out, 8);
  put_u16 (out, 0); /* layer */
  put_u16 (out, 0); /* alternate_group */
  put_u16 (out, 0); /* volume: video */
  put_u16 (out, 0);
  put_matrix (out);
  put_u32 (out, first->width << 16);
  put_u32 (out, first->height << 16);
  box_end (out, box);

  mdia = box_begin (out, "mdia");
  box = full_box_begin (out, "mdhd", 1, 0);
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, TIMESCALE);
  put_u64 (out, duration);
  put_u16 (out, 0x55C4); /* "und", packed ISO 639-2/T */
  put_u16 (out, 0);
  box_end (out, box);

  box = full_box_begin (out, "hdlr", 0, 0);
  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *)"vide", 4);
  put_zeros (out, 12);
  g_byte_array_append (out, (const guint8 *)"VideoHandler", sizeof "VideoHandler");
  box_end (out, box);

  minf = box_begin (out, "minf");
  box = full_box_begin (out, "vmhd", 0, 1);
  put_zeros (out, 8); /* graphicsmode, opcolor */
  box_end (out, box);
  dinf = box_begin (out, "dinf");
  dref = full_box_begin (out, "dref", 0, 0);
  put_u32 (out, 1);
  box_end (out, full_box_begin (out, "url ", 0, 1)); /* the media is in this file */
  box_end (out, dref);
  box_end (out, dinf);
  put_sample_table (self, out, mdat_data_at, last_delta);
  box_end (out, minf);
  box_end (out, mdia);
  box_end (out, trak);
  box_end (out, moov);
}

/* ftyp, moov and the mdat's header (64-bit size). */
static void
build_front (Plan *self, guint64 last_delta)
{
  g_autoptr (GByteArray) ftyp = g_byte_array_new ();
  g_autoptr (GByteArray) moov = g_byte_array_new ();
  guint box = box_begin (ftyp, "ftyp");

  g_byte_array_append (ftyp, (const guint8 *)"isom", 4);
  put_u32 (ftyp, 512);
  g_byte_array_append (ftyp, (const guint8 *)"isomiso2avc1mp41", 16);
  box_end (ftyp, box);

  /* Twice: once to measure, then with the real offsets. */
  put_moov (self, moov, 0, last_delta);
  {
    guint64 mdat_data_at = ftyp->len + moov->len + 16;

    g_byte_array_set_size (moov, 0);
    put_moov (self, moov, mdat_data_at, last_delta);
  }

  self->front = g_byte_array_new ();
  g_byte_array_append (self->front, ftyp->data, ftyp->len);
  g_byte_array_append (self->front, moov->data, moov->len);
  put_u32 (self->front, 1); /* the size is the 64-bit largesize */
  g_byte_array_append (self->front, (const guint8 *)"mdat", 4);
  put_u64 (self->front, 16 + self->mdat_bytes);
}

/* ---- Entry point --------------------------------------------------------- */

static void
plan_clear (Plan *self)
{
  sl_copy_range_clear (&self->range);
  g_clear_pointer (&self->pieces, g_array_unref);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->chunks, g_array_unref);
  g_clear_pointer (&self->front, g_byte_array_unref);
}

SlExportCopyResult
sl_export_copy_mp4 (SlCatalog *catalog,
                    SlExportItem *item,
                    const char *path,
                    GCancellable *cancellable,
                    SlExportProgressFunc progress,
                    gpointer progress_data,
                    GError **error)
{
  Plan self = { 0 };
  const char *why = NULL;
  SlExportCopyResult result = SL_EXPORT_COPY_FAILED;
  gint64 frame_ns, last_ns;
  guint64 last_delta;
  guint n;

  if (!sl_copy_range_init (&self.range, catalog, item))
    return SL_EXPORT_COPY_UNSUPPORTED;
  self.pieces = g_array_new (FALSE, FALSE, sizeof (SlCopyPiece));
  self.times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self.sizes = g_array_new (FALSE, FALSE, sizeof (guint32));
  self.keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  self.chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));

  if (!sl_copy_range_find_origin (&self.range, &why) || !check_tracks (&self, &why) ||
      !plan_samples (&self, &why))
    {
      g_debug ("Export of camera %" G_GINT64_FORMAT ": remuxing, the MP4 copy cannot (%s)",
               item->camera_id, why);
      plan_clear (&self);
      return SL_EXPORT_COPY_UNSUPPORTED;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      plan_clear (&self);
      return SL_EXPORT_COPY_FAILED;
    }

  /* The last frame lasts the video's frame duration, else as long as the
   * one before it. */
  n = self.times->len;
  frame_ns = (gint64)self.range.first->frame_ns;
  last_ns = g_array_index (self.times, gint64, n - 1);
  if (frame_ns > 0)
    last_delta = track_time (&self, last_ns + frame_ns) - track_time (&self, last_ns);
  else if (n > 1)
    last_delta =
        track_time (&self, last_ns) - track_time (&self, g_array_index (self.times, gint64, n - 2));
  else
    last_delta = 1;
  build_front (&self, MAX (last_delta, 1));
  {
    SlCopyPiece front = { self.front->data, 0, self.front->len, -1 };

    g_array_prepend_val (self.pieces, front);
  }
  g_debug ("Export of camera %" G_GINT64_FORMAT ": copying %u frames into MP4 from %u segment "
           "files",
           item->camera_id, n, sl_copy_range_n_segments (&self.range));

  if (sl_copy_write_pieces (self.pieces, NULL, path, cancellable, progress, progress_data, item,
                            error))
    {
      result = SL_EXPORT_COPY_DONE;
      sl_copy_range_describe (&self.range, item, n, last_ns, frame_ns, "dropped");
    }
  plan_clear (&self);
  return result;
}
