// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <string.h>

#include "sl-time-strip.h"

/* Layout, left to right, each block (width / 56) pixels wide:
 *   4 marker blocks   1 0 1 0
 *  48 time blocks     milliseconds since the epoch, most significant bit first
 *   4 check blocks    XOR of the twelve 4-bit nibbles of the time
 * White is luma 235, black luma 16 (limited range); chroma under the strip is
 * neutral so the blocks survive 4:2:0 subsampling and lossy coding. */

#define MARKER_BITS 4
#define TIME_BITS   48
#define CHECK_BITS  4
#define LUMA_WHITE  235
#define LUMA_BLACK  16

static guint
nibble_checksum (guint64 value)
{
  guint sum = 0;

  for (guint i = 0; i < TIME_BITS / 4; i++)
    sum ^= (value >> (4 * i)) & 0xf;
  return sum;
}

static gboolean
block_bit (guint64 time, guint block)
{
  if (block < MARKER_BITS)
    return (block % 2) == 0;
  block -= MARKER_BITS;
  if (block < TIME_BITS)
    return (time >> (TIME_BITS - 1 - block)) & 1;
  block -= TIME_BITS;
  return (nibble_checksum (time) >> (CHECK_BITS - 1 - block)) & 1;
}

guint
sl_time_strip_height (guint frame_height)
{
  return MAX (16, frame_height / 30) & ~1u;
}

void
sl_time_strip_paint_luma (guint8 *luma, gsize stride, guint width, guint height, gint64 time_ms)
{
  guint block_width = width / SL_TIME_STRIP_BLOCKS;
  guint strip_height = MIN (sl_time_strip_height (height), height);
  guint64 time = (guint64)time_ms & ((G_GUINT64_CONSTANT (1) << TIME_BITS) - 1);

  for (guint y = height - strip_height; y < height; y++)
    {
      guint8 *row = luma + y * stride;

      for (guint block = 0; block < SL_TIME_STRIP_BLOCKS; block++)
        memset (row + block * block_width, block_bit (time, block) ? LUMA_WHITE : LUMA_BLACK,
                block_width);
      memset (row + SL_TIME_STRIP_BLOCKS * block_width, LUMA_BLACK,
              width - SL_TIME_STRIP_BLOCKS * block_width);
    }
}

void
sl_time_strip_paint_chroma (
    guint8 *chroma, gsize stride, guint chroma_width, guint chroma_height, guint frame_height)
{
  guint strip_height = sl_time_strip_height (frame_height);
  guint rows =
      MIN (chroma_height, (strip_height * chroma_height + frame_height - 1) / frame_height);

  for (guint y = chroma_height - rows; y < chroma_height; y++)
    memset (chroma + y * stride, 128, chroma_width);
}

gboolean
sl_time_strip_decode_luma (
    const guint8 *luma, gsize stride, guint width, guint height, gint64 *time_ms)
{
  guint block_width = width / SL_TIME_STRIP_BLOCKS;
  guint strip_height = sl_time_strip_height (height);
  guint64 time = 0;
  guint check = 0;

  if (block_width < 3 || strip_height < 4 || height < strip_height)
    return FALSE;

  for (guint block = 0; block < SL_TIME_STRIP_BLOCKS; block++)
    {
      guint cx = block * block_width + block_width / 2;
      guint cy = height - strip_height / 2;
      guint sum = 0;
      gboolean bit;

      /* Average a 3x3 patch in the middle of the block: coding noise at block
       * edges must not flip a bit. */
      for (guint dy = 0; dy < 3; dy++)
        for (guint dx = 0; dx < 3; dx++)
          sum += luma[(cy - 1 + dy) * stride + cx - 1 + dx];
      bit = sum / 9 >= (LUMA_WHITE + LUMA_BLACK) / 2;

      if (block < MARKER_BITS)
        {
          if (bit != ((block % 2) == 0))
            return FALSE;
        }
      else if (block < MARKER_BITS + TIME_BITS)
        time = (time << 1) | bit;
      else
        check = (check << 1) | bit;
    }

  if (check != nibble_checksum (time))
    return FALSE;
  *time_ms = (gint64)time;
  return TRUE;
}
