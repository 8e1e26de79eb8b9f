// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The time strip is a row of black and white blocks along the bottom edge of a
 * frame that carries the capture time in milliseconds since the epoch, so that
 * tests can tell which instant a decoded frame was captured at. */
#define SL_TIME_STRIP_BLOCKS 56

guint sl_time_strip_height (guint frame_height);
void
sl_time_strip_paint_luma (guint8 *luma, gsize stride, guint width, guint height, gint64 time_ms);
void sl_time_strip_paint_chroma (
    guint8 *chroma, gsize stride, guint chroma_width, guint chroma_height, guint frame_height);
gboolean sl_time_strip_decode_luma (
    const guint8 *luma, gsize stride, guint width, guint height, gint64 *time_ms);

G_END_DECLS
