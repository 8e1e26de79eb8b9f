// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_VIDEO_PAINTABLE (sl_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (SlVideoPaintable, sl_video_paintable, SL, VIDEO_PAINTABLE, GObject)

/* Live video as a GdkPaintable: decoded frames pushed from any thread, shown
 * as one texture per main-loop turn (the newest frame wins), scaled to fit
 * with black bars. */
SlVideoPaintable *sl_video_paintable_new (void);
void sl_video_paintable_push_sample (SlVideoPaintable *self, GstSample *sample);
guint64 sl_video_paintable_get_frames (SlVideoPaintable *self);
gboolean sl_video_paintable_has_frame (SlVideoPaintable *self);
void sl_video_paintable_clear (SlVideoPaintable *self);

G_END_DECLS
