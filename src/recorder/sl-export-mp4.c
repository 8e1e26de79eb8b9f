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
 * co64 8.7.5, smhd 8.4.5.3, elst 8.6.6). The layout is ftyp, moov, mdat:
 * every size is known before writing, so the file plays while it is read
 * and its SHA-256 is hashed as it is written (sl-export-copy.c).
 *
 * The time mapping, the range trimming and the gaps are those of the remux
 * and of the MKV copy: output time 0 is the key frame at or before the range
 * start, the last frame is the last one at or before the range end, and a
 * sample lasts until the next one, so a gap between segments stays a gap.
 *
 * AAC (Matroska A_AAC, its CodecPrivate the AudioSpecificConfig) is kept in
 * a second track: each block is one raw AAC frame, an MP4 sample as it is
 * (ISO/IEC 14496-3, 1.6.2.1). Its sample entry is mp4a (ISO/IEC 14496-14,
 * 5.6) with an esds holding an ES_Descriptor (ISO/IEC 14496-1, 7.2.6.5)
 * whose DecoderConfigDescriptor (7.2.6.6) carries the AudioSpecificConfig.
 * Each cluster gives a video chunk then an audio chunk, so both stay
 * interleaved as in the segments. Audio before output time 0 or after the
 * range end is dropped as the remux drops it; an audio track that starts
 * later than the video starts with an empty edit. Audio that MP4 cannot
 * hold (G.711) is dropped as the remux drops it; Opus, and AAC without an
 * AudioSpecificConfig, are left to the remux. */

#define TIMESCALE       90000                          /* of the movie and the video */
#define SECONDS_TO_1970 G_GINT64_CONSTANT (2082844800) /* from 1904-01-01 */
#define MAX_SAMPLE_NS   (G_GINT64_CONSTANT (13) * 3600 * G_GINT64_CONSTANT (1000000000))

typedef struct
{
  guint64 offset; /* in the mdat's data */
  guint32 n_samples;
} Chunk;

/* The samples of one track. */
typedef struct
{
  guint32 timescale;
  guint32 frame_length; /* the usual duration of a sample, or 0 */
  GArray *times;        /* gint64, each sample's recording time in ns */
  GArray *sizes;        /* guint32 */
  GArray *chunks;       /* Chunk: at most one per cluster */
  GArray *starts;       /* guint64, each sample's start in the timescale */
  guint64 last_delta;   /* the last sample's duration */
} Track;

typedef struct
{
  SlCopyRange range;
  guint nal_length_size;
  gboolean audio; /* AAC kept */
  guint32 sample_rate;
  guint channels;

  GArray *pieces;       /* SlCopyPiece: the header, then the samples */
  GArray *audio_pieces; /* of the cluster being planned */
  Track video;
  Track sound;
  GArray *keys; /* guint32, numbers of the key frame samples from 1 */
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

/* The sampling frequencies of samplingFrequencyIndex (ISO/IEC 14496-3,
 * 1.6.3.3). */
static const guint32 sampling_frequencies[] = { 96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                                22050, 16000, 12000, 11025, 8000,  7350 };

/* Whether the origin's audio is AAC with an AudioSpecificConfig (ISO/IEC
 * 14496-3, 1.6.2.1) whose rate and channels an mp4a sample entry holds. */
static gboolean
check_aac (Plan *self, const char **why)
{
  const SlMkvInput *first = self->range.first;
  g_autofree char *codec = g_strndup ((const char *)first->audio_codec, first->audio_codec_length);
  const guint8 *config = first->audio_private;
  guint object_type, index;

  /* The old A_AAC/MPEG4/LC... IDs come without an AudioSpecificConfig. */
  if (!g_str_equal (codec, "A_AAC") || first->audio_private_length < 2)
    {
      *why = "audio that MP4 keeps, other than AAC with an AudioSpecificConfig";
      return FALSE;
    }
  /* audioObjectType (5 bits), samplingFrequencyIndex (4), then
   * channelConfiguration (4) and, for the AAC object types, the
   * GASpecificConfig's frameLengthFlag. */
  object_type = config[0] >> 3;
  index = ((config[0] & 0x07) << 1) | (config[1] >> 7);
  /* The sample entry's rate is 16.16 bits; the descriptors' sizes here
   * are single bytes (put_descriptor_header()). */
  if (object_type == 31 || index >= G_N_ELEMENTS (sampling_frequencies) ||
      sampling_frequencies[index] > G_MAXUINT16 || first->audio_private_length > 64)
    {
      *why = "an AudioSpecificConfig this copy does not write";
      return FALSE;
    }
  self->audio = TRUE;
  self->sample_rate = sampling_frequencies[index];
  self->channels = (config[1] >> 3) & 0x0F;
  if (self->channels == 0)
    self->channels = 2; /* given in the bitstream */
  self->sound.timescale = self->sample_rate;
  self->sound.frame_length =
      (object_type >= 1 && object_type <= 4 && (config[1] & 0x04) != 0) ? 960 : 1024;
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
        return check_aac (self, why);
    }
  return TRUE;
}

/* Adds the AAC frame of @block, in the range, to the cluster's audio. */
static gboolean
plan_audio (Plan *self, const SlMkvInput *input, const SlMkvBlock *block, const char **why)
{
  const guint8 *frame = block->tc_bytes + 3;
  SlCopyPiece piece = { frame, 0, (gsize)(block->frame_end - frame), -1 };
  guint32 size = (guint32)piece.length;
  gint64 wall = sl_copy_wall_ns (input, block->tc);
  GArray *times = self->sound.times;

  if (!self->audio || wall < self->range.origin_ns || wall > self->range.to_ns)
    return TRUE;
  if (block->laced)
    {
      *why = "laced audio";
      return FALSE;
    }
  if (piece.length == 0 || piece.length > G_MAXUINT32)
    {
      *why = "an audio frame of no or too many bytes";
      return FALSE;
    }
  if (times->len > 0)
    {
      gint64 previous = g_array_index (times, gint64, times->len - 1);

      if (wall <= previous || wall - previous >= MAX_SAMPLE_NS)
        {
          *why = "audio timestamps not increasing, or a gap of more than 13 hours";
          return FALSE;
        }
    }
  g_array_append_val (self->audio_pieces, piece);
  g_array_append_val (times, wall);
  g_array_append_val (self->sound.sizes, size);
  return TRUE;
}

/* Adds the video frames of @cluster inside the range as one chunk, then its
 * audio frames as another. */
static gboolean
plan_cluster (Plan *self, const SlMkvInput *input, const SlMkvCluster *cluster, const char **why)
{
  const guint8 *pos = cluster->blocks;
  Chunk chunk = { self->mdat_bytes, 0 };
  Chunk audio_chunk = { 0, 0 };
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
        {
          if (!plan_audio (self, input, &block, why))
            return FALSE;
          continue;
        }
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
      if (self->video.times->len > 0)
        {
          gint64 previous = g_array_index (self->video.times, gint64, self->video.times->len - 1);

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
      g_array_append_val (self->video.times, wall);
      g_array_append_val (self->video.sizes, size);
      chunk.n_samples++;
      if (block.key)
        {
          guint32 number = self->video.times->len;

          g_array_append_val (self->keys, number);
        }
      self->mdat_bytes += piece.length;
    }
  if (*why != NULL)
    return FALSE;
  if (chunk.n_samples > 0)
    g_array_append_val (self->video.chunks, chunk);
  /* The audio chunk follows the video chunk in the mdat. */
  audio_chunk.offset = self->mdat_bytes;
  audio_chunk.n_samples = self->audio_pieces->len;
  for (guint i = 0; i < self->audio_pieces->len; i++)
    {
      const SlCopyPiece *piece = &g_array_index (self->audio_pieces, SlCopyPiece, i);

      g_array_append_val (self->pieces, *piece);
      self->mdat_bytes += piece->length;
    }
  g_array_set_size (self->audio_pieces, 0);
  if (audio_chunk.n_samples > 0)
    g_array_append_val (self->sound.chunks, audio_chunk);
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

/* A recording time in ns as a time in @timescale, from output time 0. */
static guint64
scaled_time (const Plan *self, gint64 wall_ns, guint32 timescale)
{
  guint64 ns = (guint64)MAX (wall_ns - self->range.origin_ns, 0);

  return ns / 1000000000 * timescale + (ns % 1000000000 * timescale + 500000000) / 1000000000;
}

/* A duration in @track's timescale as one in the movie's. */
static guint64
movie_time (const Track *track, guint64 duration)
{
  return (duration * TIMESCALE + track->timescale / 2) / track->timescale;
}

/* Each sample's start in @track's timescale. A sample that starts within a
 * Matroska tick of where the one before it ends (an AAC frame after the
 * frame before it) starts exactly there, so rounded block timestamps do not
 * make the durations jitter; anything farther is a gap and stays one. */
static void
place_samples (Plan *self, Track *track, guint64 last_delta)
{
  guint64 tolerance = scaled_time (self, self->range.origin_ns + (gint64)self->range.first->scale,
                                   track->timescale) +
                      1;

  track->starts = g_array_sized_new (FALSE, FALSE, sizeof (guint64), track->times->len);
  for (guint i = 0; i < track->times->len; i++)
    {
      guint64 start = scaled_time (self, g_array_index (track->times, gint64, i), track->timescale);

      if (i > 0)
        {
          guint64 previous = g_array_index (track->starts, guint64, i - 1);
          guint64 expected = previous + track->frame_length;

          if (track->frame_length > 0 && start + tolerance >= expected &&
              start <= expected + tolerance)
            start = expected;
          start = MAX (start, previous + 1);
        }
      g_array_append_val (track->starts, start);
    }
  track->last_delta = MAX (last_delta, 1);
}

/* The end of @track's last sample, in its timescale. */
static guint64
track_end (const Track *track)
{
  return g_array_index (track->starts, guint64, track->starts->len - 1) + track->last_delta;
}

static void
put_count (GByteArray *out, guint at, guint32 count)
{
  out->data[at] = count >> 24;
  out->data[at + 1] = count >> 16;
  out->data[at + 2] = count >> 8;
  out->data[at + 3] = count;
}

/* An MPEG-4 descriptor's tag and its size in one byte (ISO/IEC 14496-1,
 * 8.3.3: sizeOfInstance in 7-bit pieces, here below 128). */
static void
put_descriptor_header (GByteArray *out, guint8 tag, guint size)
{
  guint8 bytes[2] = { tag, size };

  g_assert (size < 128);
  g_byte_array_append (out, bytes, 2);
}

/* The AAC sample entry: mp4a (an AudioSampleEntry, ISO/IEC 14496-12
 * 12.2.3) with its esds (ISO/IEC 14496-14, 5.6). */
static void
put_mp4a (Plan *self, GByteArray *out)
{
  const SlMkvInput *first = self->range.first;
  guint config_length = (guint)first->audio_private_length;
  guint decoder_size = 13 + 2 + config_length;
  guint entry = box_begin (out, "mp4a");
  guint esds;

  put_zeros (out, 6);
  put_u16 (out, 1); /* data_reference_index */
  put_zeros (out, 8);
  put_u16 (out, self->channels);
  put_u16 (out, 16); /* samplesize */
  put_u16 (out, 0);  /* pre_defined */
  put_u16 (out, 0);
  put_u32 (out, self->sample_rate << 16); /* 16.16 */

  esds = full_box_begin (out, "esds", 0, 0);
  /* ES_Descriptor: ES_ID, no dependence, URL or OCR stream, priority 0. */
  put_descriptor_header (out, 0x03, 3 + 2 + decoder_size + 3);
  put_u16 (out, 2);
  g_byte_array_append (out, (const guint8[]){ 0 }, 1);
  /* DecoderConfigDescriptor: objectTypeIndication 0x40 (ISO/IEC 14496-3),
   * streamType 5 (audio), upStream 0, reserved 1; bufferSizeDB and the bit
   * rates unknown (0). Then the DecoderSpecificInfo. */
  put_descriptor_header (out, 0x04, decoder_size);
  g_byte_array_append (out, (const guint8[]){ 0x40, (5 << 2) | 1, 0, 0, 0 }, 5);
  put_u32 (out, 0);
  put_u32 (out, 0);
  put_descriptor_header (out, 0x05, config_length);
  g_byte_array_append (out, first->audio_private, config_length);
  /* SLConfigDescriptor: predefined 2, as MP4 files have it. */
  put_descriptor_header (out, 0x06, 1);
  g_byte_array_append (out, (const guint8[]){ 2 }, 1);
  box_end (out, esds);
  box_end (out, entry);
}

static void
put_avc1 (Plan *self, GByteArray *out)
{
  const SlMkvInput *first = self->range.first;
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

static void
put_sample_table (Plan *self, const Track *track, GByteArray *out, guint64 mdat_data_at)
{
  gboolean video = track == &self->video;
  guint n = track->starts->len;
  guint stbl = box_begin (out, "stbl");
  guint box, count_at;
  guint32 entries = 0;

  box = full_box_begin (out, "stsd", 0, 0);
  put_u32 (out, 1);
  if (video)
    put_avc1 (self, out);
  else
    put_mp4a (self, out);
  box_end (out, box);

  /* stts: runs of equal sample durations. */
  box = full_box_begin (out, "stts", 0, 0);
  count_at = out->len;
  put_u32 (out, 0);
  for (guint i = 0; i < n;)
    {
      guint64 delta =
          (i + 1 < n ? g_array_index (track->starts, guint64, i + 1) : track_end (track)) -
          g_array_index (track->starts, guint64, i);
      guint32 run = 1;

      for (; i + run < n; run++)
        {
          guint64 here = g_array_index (track->starts, guint64, i + run);
          guint64 next = i + run + 1 < n ? g_array_index (track->starts, guint64, i + run + 1)
                                         : track_end (track);

          if (next - here != delta)
            break;
        }
      put_u32 (out, run);
      put_u32 (out, (guint32)delta);
      entries++;
      i += run;
    }
  put_count (out, count_at, entries);
  box_end (out, box);

  if (video)
    {
      box = full_box_begin (out, "stss", 0, 0);
      put_u32 (out, self->keys->len);
      for (guint i = 0; i < self->keys->len; i++)
        put_u32 (out, g_array_index (self->keys, guint32, i));
      box_end (out, box);
    }

  /* stsc: a new entry where the samples per chunk change. */
  box = full_box_begin (out, "stsc", 0, 0);
  count_at = out->len;
  put_u32 (out, 0);
  entries = 0;
  for (guint i = 0; i < track->chunks->len; i++)
    {
      guint32 samples = g_array_index (track->chunks, Chunk, i).n_samples;

      if (i > 0 && samples == g_array_index (track->chunks, Chunk, i - 1).n_samples)
        continue;
      put_u32 (out, i + 1);
      put_u32 (out, samples);
      put_u32 (out, 1);
      entries++;
    }
  put_count (out, count_at, entries);
  box_end (out, box);

  box = full_box_begin (out, "stsz", 0, 0);
  put_u32 (out, 0); /* sizes differ */
  put_u32 (out, n);
  for (guint i = 0; i < n; i++)
    put_u32 (out, g_array_index (track->sizes, guint32, i));
  box_end (out, box);

  box = full_box_begin (out, "co64", 0, 0);
  put_u32 (out, track->chunks->len);
  for (guint i = 0; i < track->chunks->len; i++)
    put_u64 (out, mdat_data_at + g_array_index (track->chunks, Chunk, i).offset);
  box_end (out, box);

  box_end (out, stbl);
}

/* The trak of @track, its ID @id; @created in seconds since 1904. */
static void
put_trak (Plan *self,
          const Track *track,
          guint32 id,
          guint64 created,
          GByteArray *out,
          guint64 mdat_data_at)
{
  const SlMkvInput *first = self->range.first;
  gboolean video = track == &self->video;
  /* The first sample is at media time 0. */
  guint64 start = g_array_index (track->starts, guint64, 0);
  guint64 media_duration = track_end (track) - start;
  /* Played from its first sample: an empty edit before it, if it starts
   * after output time 0. */
  guint64 empty = movie_time (track, start);
  guint64 duration = movie_time (track, media_duration);
  guint trak = box_begin (out, "trak");
  guint box, mdia, minf, dinf, dref;

  /* Enabled, in the movie and in the preview. */
  box = full_box_begin (out, "tkhd", 1, 0x000007);
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, id);
  put_u32 (out, 0);
  put_u64 (out, empty + duration);
  put_zeros (out, 8);
  put_u16 (out, 0);                  /* layer */
  put_u16 (out, video ? 0 : 1);      /* alternate_group */
  put_u16 (out, video ? 0 : 0x0100); /* volume: 1.0 for audio */
  put_u16 (out, 0);
  put_matrix (out);
  put_u32 (out, video ? first->width << 16 : 0);
  put_u32 (out, video ? first->height << 16 : 0);
  box_end (out, box);

  if (start > 0)
    {
      guint edts = box_begin (out, "edts");

      box = full_box_begin (out, "elst", 1, 0);
      put_u32 (out, 2);
      put_u64 (out, empty);       /* segment_duration, in the movie's timescale */
      put_u64 (out, G_MAXUINT64); /* media_time -1: empty */
      put_u32 (out, 0x00010000);  /* media_rate 1.0 */
      put_u64 (out, duration);
      put_u64 (out, 0); /* media_time */
      put_u32 (out, 0x00010000);
      box_end (out, box);
      box_end (out, edts);
    }

  mdia = box_begin (out, "mdia");
  box = full_box_begin (out, "mdhd", 1, 0);
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, track->timescale);
  put_u64 (out, media_duration);
  put_u16 (out, 0x55C4); /* "und", packed ISO 639-2/T */
  put_u16 (out, 0);
  box_end (out, box);

  box = full_box_begin (out, "hdlr", 0, 0);
  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *)(video ? "vide" : "soun"), 4);
  put_zeros (out, 12);
  if (video)
    g_byte_array_append (out, (const guint8 *)"VideoHandler", sizeof "VideoHandler");
  else
    g_byte_array_append (out, (const guint8 *)"SoundHandler", sizeof "SoundHandler");
  box_end (out, box);

  minf = box_begin (out, "minf");
  if (video)
    {
      box = full_box_begin (out, "vmhd", 0, 1);
      put_zeros (out, 8); /* graphicsmode, opcolor */
    }
  else
    {
      box = full_box_begin (out, "smhd", 0, 0);
      put_zeros (out, 4); /* balance, reserved */
    }
  box_end (out, box);
  dinf = box_begin (out, "dinf");
  dref = full_box_begin (out, "dref", 0, 0);
  put_u32 (out, 1);
  box_end (out, full_box_begin (out, "url ", 0, 1)); /* the media is in this file */
  box_end (out, dref);
  box_end (out, dinf);
  put_sample_table (self, track, out, mdat_data_at);
  box_end (out, minf);
  box_end (out, mdia);
  box_end (out, trak);
}

/* The moov box, its chunk offsets counted from @mdat_data_at. */
static void
put_moov (Plan *self, GByteArray *out, guint64 mdat_data_at)
{
  gboolean audio = self->sound.times->len > 0;
  guint64 created =
      (guint64)(self->range.origin_ns / G_GINT64_CONSTANT (1000000000) + SECONDS_TO_1970);
  guint64 duration = movie_time (&self->video, track_end (&self->video));
  guint moov = box_begin (out, "moov");
  guint box;

  if (audio)
    duration = MAX (duration, movie_time (&self->sound, track_end (&self->sound)));
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
  put_u32 (out, audio ? 3 : 2); /* next_track_ID */
  box_end (out, box);

  put_trak (self, &self->video, 1, created, out, mdat_data_at);
  if (audio)
    put_trak (self, &self->sound, 2, created, out, mdat_data_at);
  box_end (out, moov);
}

/* ftyp, moov and the mdat's header (64-bit size). */
static void
build_front (Plan *self)
{
  g_autoptr (GByteArray) ftyp = g_byte_array_new ();
  g_autoptr (GByteArray) moov = g_byte_array_new ();
  guint box = box_begin (ftyp, "ftyp");

  g_byte_array_append (ftyp, (const guint8 *)"isom", 4);
  put_u32 (ftyp, 512);
  g_byte_array_append (ftyp, (const guint8 *)"isomiso2avc1mp41", 16);
  box_end (ftyp, box);

  /* Twice: once to measure, then with the real offsets. */
  put_moov (self, moov, 0);
  {
    guint64 mdat_data_at = ftyp->len + moov->len + 16;

    g_byte_array_set_size (moov, 0);
    put_moov (self, moov, mdat_data_at);
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
track_init (Track *track)
{
  track->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  track->sizes = g_array_new (FALSE, FALSE, sizeof (guint32));
  track->chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
}

static void
track_clear (Track *track)
{
  g_clear_pointer (&track->times, g_array_unref);
  g_clear_pointer (&track->sizes, g_array_unref);
  g_clear_pointer (&track->chunks, g_array_unref);
  g_clear_pointer (&track->starts, g_array_unref);
}

static void
plan_clear (Plan *self)
{
  sl_copy_range_clear (&self->range);
  g_clear_pointer (&self->pieces, g_array_unref);
  g_clear_pointer (&self->audio_pieces, g_array_unref);
  track_clear (&self->video);
  track_clear (&self->sound);
  g_clear_pointer (&self->keys, g_array_unref);
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
  self.audio_pieces = g_array_new (FALSE, FALSE, sizeof (SlCopyPiece));
  track_init (&self.video);
  track_init (&self.sound);
  self.video.timescale = TIMESCALE;
  self.keys = g_array_new (FALSE, FALSE, sizeof (guint32));

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
  n = self.video.times->len;
  frame_ns = (gint64)self.range.first->frame_ns;
  last_ns = g_array_index (self.video.times, gint64, n - 1);
  if (frame_ns > 0)
    last_delta = scaled_time (&self, last_ns + frame_ns, TIMESCALE) -
                 scaled_time (&self, last_ns, TIMESCALE);
  else if (n > 1)
    last_delta = scaled_time (&self, last_ns, TIMESCALE) -
                 scaled_time (&self, g_array_index (self.video.times, gint64, n - 2), TIMESCALE);
  else
    last_delta = 1;
  place_samples (&self, &self.video, last_delta);
  /* An AAC frame lasts its frame length. */
  if (self.sound.times->len > 0)
    place_samples (&self, &self.sound, self.sound.frame_length);
  build_front (&self);
  {
    SlCopyPiece front = { self.front->data, 0, self.front->len, -1 };

    g_array_prepend_val (self.pieces, front);
  }
  g_debug ("Export of camera %" G_GINT64_FORMAT ": copying %u frames and %u audio frames into "
           "MP4 from %u segment files",
           item->camera_id, n, self.sound.times->len, sl_copy_range_n_segments (&self.range));

  if (sl_copy_write_pieces (self.pieces, NULL, path, cancellable, progress, progress_data, item,
                            error))
    {
      result = SL_EXPORT_COPY_DONE;
      sl_copy_range_describe (&self.range, item, n, last_ns, frame_ns,
                              self.audio ? "kept" : "dropped");
    }
  plan_clear (&self);
  return result;
}
