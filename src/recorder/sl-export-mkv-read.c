// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sl-export-mkv-private.h"

/* Reading Matroska segment files for the cluster copy: each file is mapped,
 * and only element and block headers are read. A file whose Segment has an
 * unknown size or reaches past its end (being written, cut short by a crash,
 * or written as a stream) is read up to its last complete block, as
 * matroskademux reads it for the remux. */

/* ---- Reading EBML -------------------------------------------------------- */

typedef enum
{
  HEADER_OK,
  HEADER_CUT, /* the file ends inside the header */
  HEADER_BAD,
} HeaderResult;

/* Reads the ID and size of the element at @p (before @end); @element's end
 * is left unset, @size is G_MAXUINT64 for "unknown". */
static HeaderResult
read_header (const guint8 *p, const guint8 *end, SlMkvElement *element, guint64 *size)
{
  guint length, mask;
  gboolean all_ones;

  element->start = p;
  if (p >= end)
    return HEADER_CUT;
  /* The ID keeps its length marker; at most 4 bytes. */
  for (length = 1, mask = 0x80; length <= 4 && !(p[0] & mask); length++, mask >>= 1)
    ;
  if (length > 4)
    return HEADER_BAD;
  if ((gsize)(end - p) < length)
    return HEADER_CUT;
  element->id = 0;
  for (guint i = 0; i < length; i++)
    element->id = (element->id << 8) | p[i];
  p += length;

  /* The size: a variable size integer of 1 to 8 bytes, without its marker;
   * all value bits set means "unknown". */
  if (p >= end)
    return HEADER_CUT;
  if (p[0] == 0)
    return HEADER_BAD;
  for (length = 1, mask = 0x80; !(p[0] & mask); length++, mask >>= 1)
    ;
  if ((gsize)(end - p) < length)
    return HEADER_CUT;
  *size = p[0] & (mask - 1);
  all_ones = *size == mask - 1;
  for (guint i = 1; i < length; i++)
    {
      *size = (*size << 8) | p[i];
      all_ones &= p[i] == 0xff;
    }
  if (all_ones)
    *size = G_MAXUINT64;
  element->data = p + length;
  return HEADER_OK;
}

/* Reads the element at *@pos (before @end) and moves *@pos past it. Sets
 * @why and returns FALSE when it is cut short, has an unknown size or a
 * malformed header. */
gboolean
sl_mkv_next_element (const guint8 **pos, const guint8 *end, SlMkvElement *element, const char **why)
{
  guint64 size = 0;

  switch (read_header (*pos, end, element, &size))
    {
      case HEADER_CUT:
        *why = "truncated element";
        return FALSE;
      case HEADER_BAD:
        *why = "malformed element header";
        return FALSE;
      case HEADER_OK:
        break;
    }
  if (size == G_MAXUINT64)
    {
      *why = "element of unknown size";
      return FALSE;
    }
  if (size > (guint64)(end - element->data))
    {
      *why = "truncated element";
      return FALSE;
    }
  element->end = element->data + size;
  *pos = element->end;
  return TRUE;
}

guint64
sl_mkv_read_uint (const SlMkvElement *element)
{
  guint64 value = 0;

  for (const guint8 *p = element->data; p < element->end && p < element->data + 8; p++)
    value = (value << 8) | *p;
  return value;
}

/* ---- The segment files --------------------------------------------------- */

void
sl_mkv_input_clear (SlMkvInput *input)
{
  if (input->map != NULL)
    munmap (input->map, input->size);
  g_clear_pointer (&input->track_key, g_byte_array_unref);
  memset (input, 0, sizeof *input);
}

/* The caps name of the audio codec, as the remux reports it; NULL for a
 * codec this path does not know (the remux then exports). */
static const char *
audio_caps_name (const char *codec_id, const SlMkvElement *codec_private)
{
  if (g_str_equal (codec_id, "A_MS/ACM") && codec_private != NULL &&
      codec_private->end - codec_private->data >= 2)
    {
      guint tag = codec_private->data[0] | (codec_private->data[1] << 8);

      return tag == 0x0006 ? "audio/x-alaw" : tag == 0x0007 ? "audio/x-mulaw" : NULL;
    }
  if (g_str_has_prefix (codec_id, "A_AAC"))
    return "audio/mpeg";
  if (g_str_equal (codec_id, "A_OPUS"))
    return "audio/x-opus";
  return NULL;
}

static gboolean
parse_tracks (SlMkvInput *input, const SlMkvElement *tracks, const char **why)
{
  const guint8 *pos = tracks->data;

  input->tracks = tracks->start;
  input->tracks_length = (gsize)(tracks->end - tracks->start);
  input->track_key = g_byte_array_new ();
  while (pos < tracks->end)
    {
      SlMkvElement entry, child;
      const guint8 *p;
      guint64 number = 0, type = 0, duration = 0;
      g_autofree char *codec_id = NULL;
      SlMkvElement codec_private = { 0 };
      SlMkvElement codec = { 0 };
      SlMkvElement video = { 0 };
      gboolean has_private = FALSE;

      if (!sl_mkv_next_element (&pos, tracks->end, &entry, why))
        return FALSE;
      if (entry.id != ID_TRACK_ENTRY)
        continue;
      for (p = entry.data; p < entry.end;)
        {
          if (!sl_mkv_next_element (&p, entry.end, &child, why))
            return FALSE;
          if (child.id != ID_TRACK_UID)
            g_byte_array_append (input->track_key, child.start, (guint)(child.end - child.start));
          if (child.id == ID_TRACK_NUMBER)
            number = sl_mkv_read_uint (&child);
          else if (child.id == ID_TRACK_TYPE)
            type = sl_mkv_read_uint (&child);
          else if (child.id == ID_DEFAULT_DURATION)
            duration = sl_mkv_read_uint (&child);
          else if (child.id == ID_CODEC_ID)
            {
              codec = child;
              codec_id = g_strndup ((const char *)child.data, (gsize)(child.end - child.data));
            }
          else if (child.id == ID_VIDEO)
            video = child;
          else if (child.id == ID_CODEC_PRIVATE)
            {
              codec_private = child;
              has_private = TRUE;
            }
        }

      if (number == 0)
        {
          *why = "track without a number";
          return FALSE;
        }
      if (type == TRACK_TYPE_VIDEO && input->video_track == 0)
        {
          input->video_track = number;
          input->frame_ns = duration;
          input->video_codec = codec.data;
          input->video_codec_length = (gsize)(codec.end - codec.data);
          input->video_private = has_private ? codec_private.data : NULL;
          input->video_private_length =
              has_private ? (gsize)(codec_private.end - codec_private.data) : 0;
          for (p = video.data; p != NULL && p < video.end;)
            {
              if (!sl_mkv_next_element (&p, video.end, &child, why))
                return FALSE;
              if (child.id == ID_PIXEL_WIDTH)
                input->width = (guint)sl_mkv_read_uint (&child);
              else if (child.id == ID_PIXEL_HEIGHT)
                input->height = (guint)sl_mkv_read_uint (&child);
            }
        }
      else if (type == TRACK_TYPE_AUDIO && input->audio_track == 0)
        {
          input->audio_track = number;
          input->audio_codec = codec.data;
          input->audio_codec_length = (gsize)(codec.end - codec.data);
          input->audio_private = has_private ? codec_private.data : NULL;
          input->audio_private_length =
              has_private ? (gsize)(codec_private.end - codec_private.data) : 0;
          input->audio_caps =
              audio_caps_name (codec_id ? codec_id : "", has_private ? &codec_private : NULL);
          if (input->audio_caps == NULL)
            {
              *why = "audio codec not known to the copy";
              return FALSE;
            }
        }
      else
        {
          *why = "tracks other than one video and one audio track";
          return FALSE;
        }
    }
  if (input->video_track == 0)
    {
      *why = "no video track";
      return FALSE;
    }
  return TRUE;
}

/* Reads the cluster at @element: its Timestamp and where its blocks start. */
static gboolean
parse_cluster (const SlMkvElement *element, SlMkvCluster *cluster, const char **why)
{
  const guint8 *pos = element->data;
  gboolean has_tc = FALSE;

  cluster->start = element->start;
  cluster->end = element->end;
  cluster->blocks = element->end;
  while (pos < element->end)
    {
      const guint8 *here = pos;
      SlMkvElement child;

      if (!sl_mkv_next_element (&pos, element->end, &child, why))
        return FALSE;
      if (child.id == ID_TIMESTAMP)
        {
          cluster->tc = (gint64)sl_mkv_read_uint (&child);
          has_tc = TRUE;
        }
      else if (child.id == ID_SIMPLE_BLOCK || child.id == ID_BLOCK_GROUP)
        {
          cluster->blocks = here;
          break;
        }
      else if (child.id != ID_PREV_SIZE && child.id != ID_POSITION && child.id != ID_VOID)
        {
          *why = child.id == ID_CRC32 ? "cluster with a CRC-32" : "unexpected element in a cluster";
          return FALSE;
        }
    }
  if (!has_tc || cluster->tc > G_MAXINT32)
    {
      *why = "cluster without a timestamp";
      return FALSE;
    }
  return TRUE;
}

/* The block header in @data: track, timestamp, flags. */
static gboolean
parse_block_header (const guint8 *data, const guint8 *end, SlMkvBlock *block, const char **why)
{
  guint length, mask;
  guint64 track;

  if (data >= end || data[0] == 0)
    {
      *why = "malformed block";
      return FALSE;
    }
  for (length = 1, mask = 0x80; !(data[0] & mask); length++, mask >>= 1)
    ;
  if ((gsize)(end - data) < length + 3)
    {
      *why = "malformed block";
      return FALSE;
    }
  track = data[0] & (mask - 1);
  for (guint i = 1; i < length; i++)
    track = (track << 8) | data[i];
  block->track = track;
  block->tc_bytes = data + length;
  block->laced = (data[length + 2] & 0x06) != 0;
  block->key = (data[length + 2] & 0x80) != 0;
  return TRUE;
}

/* Reads the next block of @cluster at *@pos; FALSE at the end (@why unset)
 * or on an error (@why set). */
gboolean
sl_mkv_next_block (const SlMkvCluster *cluster,
                   const guint8 **pos,
                   SlMkvBlock *block,
                   const char **why)
{
  while (*pos < cluster->end)
    {
      SlMkvElement element;

      if (!sl_mkv_next_element (pos, cluster->end, &element, why))
        return FALSE;
      if (element.id == ID_VOID)
        continue;
      block->start = element.start;
      block->end = element.end;
      if (element.id == ID_SIMPLE_BLOCK)
        {
          if (!parse_block_header (element.data, element.end, block, why))
            return FALSE;
          block->frame_end = element.end;
        }
      else if (element.id == ID_BLOCK_GROUP)
        {
          gboolean found = FALSE, referenced = FALSE;

          for (const guint8 *p = element.data; p < element.end;)
            {
              SlMkvElement child;

              if (!sl_mkv_next_element (&p, element.end, &child, why))
                return FALSE;
              if (child.id == ID_BLOCK)
                {
                  found = parse_block_header (child.data, child.end, block, why);
                  block->frame_end = child.end;
                }
              else if (child.id == ID_REFERENCE_BLOCK)
                referenced = TRUE;
            }
          if (!found)
            {
              *why = *why ? *why : "block group without a block";
              return FALSE;
            }
          block->key = !referenced;
        }
      else
        {
          *why = "unexpected element in a cluster";
          return FALSE;
        }
      block->tc = cluster->tc + (gint16)((block->tc_bytes[0] << 8) | block->tc_bytes[1]);
      return TRUE;
    }
  return FALSE;
}

/* Where the cluster starting at @element ends when its size is unknown or
 * reaches past the end of the file (a file being written, cut short or
 * written as a stream): after its last complete child, before the next
 * element that is not one of a cluster's. */
static const guint8 *
open_cluster_end (const SlMkvInput *input,
                  const SlMkvElement *element,
                  gboolean *cut,
                  const char **why)
{
  const guint8 *pos = element->data;

  *cut = TRUE;
  while (pos < input->body_end)
    {
      SlMkvElement child;
      guint64 size = 0;
      HeaderResult header = read_header (pos, input->body_end, &child, &size);

      if (header == HEADER_BAD)
        {
          *why = "malformed element header";
          return NULL;
        }
      if (header == HEADER_CUT)
        break;
      if (child.id != ID_TIMESTAMP && child.id != ID_PREV_SIZE && child.id != ID_POSITION &&
          child.id != ID_VOID && child.id != ID_SIMPLE_BLOCK && child.id != ID_BLOCK_GROUP)
        {
          *cut = FALSE;
          break;
        }
      if (size == G_MAXUINT64)
        {
          *why = "element of unknown size in a cluster";
          return NULL;
        }
      if (size > (guint64)(input->body_end - child.data))
        break;
      pos = child.data + size;
    }
  return pos;
}

/* Reads the next cluster of @input from *@pos; FALSE at the end (@why
 * unset) or on an error (@why set). In an open file, a cluster of unknown
 * size or cut short holds its complete blocks, and the file ends with the
 * first element cut short. */
gboolean
sl_mkv_next_cluster (const SlMkvInput *input,
                     const guint8 **pos,
                     SlMkvCluster *cluster,
                     const char **why)
{
  while (*pos < input->body_end)
    {
      SlMkvElement element;
      guint64 size = 0;
      gboolean cut = FALSE;
      HeaderResult header;

      if (!input->open)
        {
          if (!sl_mkv_next_element (pos, input->body_end, &element, why))
            return FALSE;
          if (element.id == ID_CLUSTER)
            return parse_cluster (&element, cluster, why);
          continue;
        }

      header = read_header (*pos, input->body_end, &element, &size);
      if (header == HEADER_BAD)
        {
          *why = "malformed element header";
          return FALSE;
        }
      if (header == HEADER_CUT)
        return FALSE;
      if (size != G_MAXUINT64 && size <= (guint64)(input->body_end - element.data))
        element.end = element.data + size;
      else if (element.id == ID_CLUSTER)
        {
          element.end = open_cluster_end (input, &element, &cut, why);
          if (element.end == NULL)
            return FALSE;
        }
      else if (size == G_MAXUINT64)
        {
          *why = "element of unknown size";
          return FALSE;
        }
      else
        return FALSE; /* cut short: the end of the file */

      *pos = element.end;
      if (element.id != ID_CLUSTER)
        continue;
      if (!cut)
        return parse_cluster (&element, cluster, why);
      /* Cut short: its complete blocks, if any, end the file. */
      *pos = input->body_end;
      if (!parse_cluster (&element, cluster, why) || cluster->blocks == cluster->end)
        {
          *why = NULL;
          return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

static gboolean
find_base (SlMkvInput *input, const char **why)
{
  const guint8 *pos = input->body;
  SlMkvCluster cluster;

  while (sl_mkv_next_cluster (input, &pos, &cluster, why))
    {
      const guint8 *bpos = cluster.blocks;
      SlMkvBlock block;

      while (sl_mkv_next_block (&cluster, &bpos, &block, why))
        if (block.track == input->video_track)
          {
            input->has_video = TRUE;
            input->base_tc = block.tc;
            return TRUE;
          }
      if (*why != NULL)
        return FALSE;
    }
  return *why == NULL;
}

/* Maps the file and reads its headers, tracks and first video block. */
gboolean
sl_mkv_input_open (SlMkvInput *input, const char **why)
{
  const guint8 *pos, *end;
  SlMkvElement element;
  gboolean has_info = FALSE;
  struct stat st;
  int fd;

  input->opened = TRUE;
  fd = g_open (input->segment->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || st.st_size == 0)
    {
      if (fd >= 0)
        close (fd);
      *why = "cannot open a segment file";
      return FALSE;
    }
  input->size = (gsize)st.st_size;
  input->map = mmap (NULL, input->size, PROT_READ, MAP_PRIVATE, fd, 0);
  close (fd);
  if (input->map == MAP_FAILED)
    {
      input->map = NULL;
      *why = "cannot map a segment file";
      return FALSE;
    }
  madvise (input->map, input->size, MADV_SEQUENTIAL);

  pos = input->map;
  end = input->map + input->size;
  if (!sl_mkv_next_element (&pos, end, &element, why))
    return FALSE;
  if (element.id != ID_EBML)
    {
      *why = "not a Matroska file";
      return FALSE;
    }
  input->ebml = element.start;
  input->ebml_length = (gsize)(element.end - element.start);
  for (const guint8 *p = element.data; p < element.end;)
    {
      SlMkvElement child;

      if (!sl_mkv_next_element (&p, element.end, &child, why))
        return FALSE;
      if (child.id == ID_DOC_TYPE &&
          !(child.end - child.data >= 8 && memcmp (child.data, "matroska", 8) == 0))
        {
          *why = "not a Matroska file";
          return FALSE;
        }
    }

  /* A file being written has a Segment of unknown size; one cut short, a
   * size past its end. Both are read up to their last complete block. */
  {
    guint64 size = 0;

    if (read_header (pos, end, &element, &size) != HEADER_OK || element.id != ID_SEGMENT)
      {
        *why = "no Matroska segment";
        return FALSE;
      }
    input->body = element.data;
    input->open = size > (guint64)(end - element.data);
    input->body_end = input->open ? end : element.data + size;
  }

  /* Info and Tracks come before the clusters. */
  input->scale = 1000000;
  for (pos = input->body; pos < input->body_end;)
    {
      guint64 size;

      /* A cluster may be of unknown size in an open file. */
      if (read_header (pos, input->body_end, &element, &size) == HEADER_OK &&
          element.id == ID_CLUSTER)
        break;
      if (!sl_mkv_next_element (&pos, input->body_end, &element, why))
        return FALSE;
      if (element.id == ID_INFO)
        {
          has_info = TRUE;
          for (const guint8 *p = element.data; p < element.end;)
            {
              SlMkvElement child;

              if (!sl_mkv_next_element (&p, element.end, &child, why))
                return FALSE;
              if (child.id == ID_TIMESTAMP_SCALE)
                input->scale = sl_mkv_read_uint (&child);
            }
        }
      else if (element.id == ID_TRACKS && !parse_tracks (input, &element, why))
        return FALSE;
    }
  if (!has_info || input->tracks == NULL || input->scale == 0 || input->scale > G_MAXINT32)
    {
      *why = "no Info or Tracks before the clusters";
      return FALSE;
    }
  return find_base (input, why);
}
