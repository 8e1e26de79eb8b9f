// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* A pre-encoded H.264 clip held in memory and served in a loop, with
 * continuous timestamps, without decoding: the recorder's "file" driver plays
 * a prerecorded video as a live camera with it, and sightline-camsim's loop
 * mode serves it to any number of simulated cameras. */
typedef struct _SlClip SlClip;

SlClip *sl_clip_load (const char *path, GError **error);
void sl_clip_free (SlClip *clip);
guint sl_clip_get_width (SlClip *clip);
guint sl_clip_get_height (SlClip *clip);
GstElement *sl_clip_new_source (SlClip *clip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlClip, sl_clip_free)

G_END_DECLS
