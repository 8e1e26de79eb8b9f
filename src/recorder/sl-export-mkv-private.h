// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-export-private.h"

G_BEGIN_DECLS

/* Reading the segment files for the MKV and MP4 copies (sl-export-mkv-read.c,
 * used by sl-export-mkv.c and sl-export-mp4.c). Element IDs and encodings: RFC 8794 (EBML) and
 * RFC 9559 (Matroska). Every reader returns FALSE with @why (a reason for
 * the debug log) set when a file is not what the copy expects; the iterators
 * also return FALSE at the end, with @why unset. */

#define ID_EBML                 0x1A45DFA3
#define ID_DOC_TYPE             0x4282
#define ID_SEGMENT              0x18538067
#define ID_SEEK_HEAD            0x114D9B74
#define ID_SEEK                 0x4DBB
#define ID_SEEK_ID              0x53AB
#define ID_SEEK_POSITION        0x53AC
#define ID_INFO                 0x1549A966
#define ID_TIMESTAMP_SCALE      0x2AD7B1
#define ID_DURATION             0x4489
#define ID_MUXING_APP           0x4D80
#define ID_WRITING_APP          0x5741
#define ID_TRACKS               0x1654AE6B
#define ID_TRACK_ENTRY          0xAE
#define ID_TRACK_NUMBER         0xD7
#define ID_TRACK_UID            0x73C5
#define ID_TRACK_TYPE           0x83
#define ID_CODEC_ID             0x86
#define ID_CODEC_PRIVATE        0x63A2
#define ID_DEFAULT_DURATION     0x23E383
#define ID_VIDEO                0xE0
#define ID_PIXEL_WIDTH          0xB0
#define ID_PIXEL_HEIGHT         0xBA
#define ID_CLUSTER              0x1F43B675
#define ID_TIMESTAMP            0xE7
#define ID_POSITION             0xA7
#define ID_PREV_SIZE            0xAB
#define ID_SIMPLE_BLOCK         0xA3
#define ID_BLOCK_GROUP          0xA0
#define ID_BLOCK                0xA1
#define ID_REFERENCE_BLOCK      0xFB
#define ID_CUES                 0x1C53BB6B
#define ID_CUE_POINT            0xBB
#define ID_CUE_TIME             0xB3
#define ID_CUE_TRACK_POSITIONS  0xB7
#define ID_CUE_TRACK            0xF7
#define ID_CUE_CLUSTER_POSITION 0xF1
#define ID_VOID                 0xEC
#define ID_CRC32                0xBF

#define TRACK_TYPE_VIDEO 1
#define TRACK_TYPE_AUDIO 2

typedef struct
{
  guint32 id;
  const guint8 *start; /* of the element's ID */
  const guint8 *data;
  const guint8 *end; /* data + size */
} SlMkvElement;

typedef struct
{
  const SlSegment *segment;
  gboolean opened;
  guint8 *map;
  gsize size;
  const guint8 *ebml; /* the EBML header element */
  gsize ebml_length;
  const guint8 *tracks; /* the Tracks element */
  gsize tracks_length;
  const guint8 *body; /* the Segment's children */
  const guint8 *body_end;
  /* The Segment's size is unknown or past the end of the file: a file being
   * written, cut short or written as a stream. */
  gboolean open;
  guint64 scale; /* nanoseconds per tick */
  guint64 video_track;
  guint64 audio_track; /* 0: none */
  guint64 frame_ns;    /* the video's DefaultDuration, or 0 */
  const char *audio_caps;
  /* The audio's CodecID and CodecPrivate (in the mapped file). */
  const guint8 *audio_codec;
  gsize audio_codec_length;
  const guint8 *audio_private;
  gsize audio_private_length;
  GByteArray *track_key; /* the tracks without their UIDs, to compare */
  gboolean has_video;
  gint64 base_tc; /* the file's first video block */
  /* The video's CodecID and CodecPrivate (in the mapped file), and its
   * PixelWidth and PixelHeight. */
  const guint8 *video_codec;
  gsize video_codec_length;
  const guint8 *video_private;
  gsize video_private_length;
  guint width;
  guint height;
} SlMkvInput;

typedef struct
{
  const guint8 *start;
  const guint8 *end;
  const guint8 *blocks; /* the first block */
  gint64 tc;
} SlMkvCluster;

typedef struct
{
  const guint8 *start; /* the SimpleBlock or BlockGroup element */
  const guint8 *end;
  const guint8 *tc_bytes; /* its 16-bit relative timestamp */
  guint64 track;
  const guint8 *frame_end; /* of the frame data, after the flags byte */
  gint64 tc;               /* absolute, in ticks */
  gboolean key;
  gboolean laced;
} SlMkvBlock;

/* Reads the element at *@pos (before @end) and moves *@pos past it; fails
 * on an element cut short, of unknown size or with a malformed header. */
gboolean sl_mkv_next_element (const guint8 **pos,
                              const guint8 *end,
                              SlMkvElement *element,
                              const char **why);
guint64 sl_mkv_read_uint (const SlMkvElement *element);

/* Maps @input's file and reads its headers, tracks and first video block. */
gboolean sl_mkv_input_open (SlMkvInput *input, const char **why);
void sl_mkv_input_clear (SlMkvInput *input);
/* The next cluster of @input from *@pos. */
gboolean sl_mkv_next_cluster (const SlMkvInput *input,
                              const guint8 **pos,
                              SlMkvCluster *cluster,
                              const char **why);
/* The next block of @cluster from *@pos. */
gboolean sl_mkv_next_block (const SlMkvCluster *cluster,
                            const guint8 **pos,
                            SlMkvBlock *block,
                            const char **why);

/* ---- Shared by the copies (sl-export-copy.c) ----------------------------- */

/* A piece of an output file: bytes in a mapped segment file, or at @offset
 * in the copy's own bytes when @data is NULL. */
typedef struct
{
  const guint8 *data;
  gsize offset;
  gsize length;
  gint64 progress_us; /* reported when written; -1: none */
} SlCopyPiece;

/* The segment files of an item's range, and the key frame at output time 0. */
typedef struct
{
  SlExportItem *item;
  GPtrArray *segments;
  SlMkvInput *inputs;
  gint64 from_ns;
  gint64 to_ns;

  guint origin_input;
  const guint8 *origin_cluster;
  const guint8 *origin_block;
  gint64 origin_ns;
  SlMkvInput *first; /* the file whose headers and tracks the output takes */
} SlCopyRange;

/* Lists the segments of @item's range; FALSE (logged) when there are none. */
gboolean sl_copy_range_init (SlCopyRange *range, SlCatalog *catalog, SlExportItem *item);
void sl_copy_range_clear (SlCopyRange *range);
/* Opens the @i-th file, if not yet open; fails when its tracks or timestamp
 * scale differ from the first file's. */
gboolean sl_copy_range_open_input (SlCopyRange *range, guint i, const char **why);
/* Finds the key frame at or before the range start, as the remux does. */
gboolean sl_copy_range_find_origin (SlCopyRange *range, const char **why);
/* The number of files read: those with video, up to the end of the range. */
guint sl_copy_range_n_segments (const SlCopyRange *range);
void sl_copy_range_describe (const SlCopyRange *range,
                             SlExportItem *item,
                             guint n_frames,
                             gint64 last_ns,
                             gint64 frame_ns,
                             const char *audio);
/* The recording time of the block of @input at @tc (in ticks): its
 * segment's start plus its offset from the file's first video block. */
gint64 sl_copy_wall_ns (const SlMkvInput *input, gint64 tc);

/* Writes @pieces (those without data at their offset in @own) into @path in
 * large writes while a second thread hashes them; reports progress and
 * checks @cancellable at the pieces with a progress time. Sets @item's
 * size and SHA-256. */
gboolean sl_copy_write_pieces (GArray *pieces,
                               const guint8 *own,
                               const char *path,
                               GCancellable *cancellable,
                               SlExportProgressFunc progress,
                               gpointer progress_data,
                               SlExportItem *item,
                               GError **error);

G_END_DECLS
