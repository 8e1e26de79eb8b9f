// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Reads what can be read of a segment file, without decoding (a truncated
 * Matroska file stays readable up to its last complete block): frames, key
 * frames, codec, size, and the end time from @segment->start_us. Blocking. */
gboolean sl_segment_file_inspect (SlSegment *segment, GError **error);

/* Indexes what a journalled segment file (one being written when recording
 * stopped without closing it) holds, and drops its journal row; fills
 * @end_us when something was indexed. Blocking: not for the main thread. */
gboolean sl_segment_file_recover (SlCatalog *catalog,
                                  const SlOpenSegment *row,
                                  gint64 *end_us,
                                  GError **error);

G_END_DECLS
