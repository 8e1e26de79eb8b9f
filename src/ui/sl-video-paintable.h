// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_VIDEO_PAINTABLE (sl_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (SlVideoPaintable, sl_video_paintable, SL, VIDEO_PAINTABLE, GObject)

/* Live video as a GdkPaintable: decoded frames pushed from any thread, shown
 * as one texture per update (the newest frame wins; the frames of all
 * paintables that come close together are shown in one update), scaled to
 * fit with black bars. */
SlVideoPaintable *sl_video_paintable_new (void);
void sl_video_paintable_push_sample (SlVideoPaintable *self, GstSample *sample);
guint64 sl_video_paintable_get_frames (SlVideoPaintable *self);
gboolean sl_video_paintable_has_frame (SlVideoPaintable *self);
void sl_video_paintable_clear (SlVideoPaintable *self);
GdkTexture *sl_video_paintable_get_texture (SlVideoPaintable *self);
void sl_video_paintable_follow_renderer (SlVideoPaintable *self, GtkWidget *widget);

/* Sources: frames of a new stream replace the old one's only once they come. */
void sl_video_paintable_push_sample_from (SlVideoPaintable *self, guint source, GstSample *sample);
void sl_video_paintable_set_source (SlVideoPaintable *self, guint source);
void sl_video_paintable_expect_source (SlVideoPaintable *self, guint source);
guint sl_video_paintable_get_shown_source (SlVideoPaintable *self);

/* Digital zoom, drawn as a scaled, clipped texture (no copy). */
#define SL_VIDEO_PAINTABLE_MAX_ZOOM 16.0
void
sl_video_paintable_set_zoom (SlVideoPaintable *self, double zoom, double center_x, double center_y);
double sl_video_paintable_get_zoom (SlVideoPaintable *self, double *center_x, double *center_y);
gboolean sl_video_paintable_map_point (SlVideoPaintable *self,
                                       double width,
                                       double height,
                                       double x,
                                       double y,
                                       double *video_x,
                                       double *video_y);

G_END_DECLS
