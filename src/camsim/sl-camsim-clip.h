// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* A pre-encoded H.264 clip held in memory and served in a loop, with
 * continuous timestamps, by any number of cameras without encoding. */
typedef struct _SlCamsimClip SlCamsimClip;

SlCamsimClip *sl_camsim_clip_load (const char *path, GError **error);
void sl_camsim_clip_free (SlCamsimClip *clip);
guint sl_camsim_clip_get_width (SlCamsimClip *clip);
guint sl_camsim_clip_get_height (SlCamsimClip *clip);
GstElement *sl_camsim_clip_new_source (SlCamsimClip *clip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCamsimClip, sl_camsim_clip_free)

G_END_DECLS
