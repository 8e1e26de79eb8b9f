// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <math.h>

#include <gst/video/video.h>

#include "sl-video-paintable.h"

struct _SlVideoPaintable
{
  GObject parent_instance;

  /* Shared with the threads that push frames */
  GMutex lock;
  GstSample *pending;     /* the newest frame not shown yet */
  guint pending_source;   /* where @pending came from */
  gboolean update_queued; /* the frame batch will take @pending */
  gint64 last_push_us;    /* when the last frame of @source came */
  gint64 interval_us;     /* between its frames, smoothed */
  guint source;           /* frames from this source are shown */
  guint next_source;      /* its first frame replaces @source */

  /* Main thread */
  GdkTexture *texture;
  cairo_pattern_t *pattern; /* the same pixels, for cairo; made when first drawn */
  GBytes *bytes;            /* the mapped frame behind both */
  int stride;
  GstCaps *caps; /* of the last frame, parsed into @info */
  GstVideoInfo info;
  gboolean draw_with_cairo;
  int width; /* intrinsic size: the video's, pixel aspect ratio applied */
  int height;
  guint64 frames;
  guint shown_source;
  gboolean warned_format;

  /* Digital zoom: the visible part of the video is 1/zoom of its width and
   * height around (center_x, center_y), in 0…1 video coordinates. */
  double zoom;
  double center_x;
  double center_y;
};

static void sl_video_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlVideoPaintable,
                               sl_video_paintable,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      sl_video_paintable_paintable_init))

/* Frames wait here, from any thread, for the main thread. All paintables
 * share one main-context source that shows every waiting frame at once: with
 * many tiles, frames that come close together are drawn in one GTK frame
 * rather than in a frame each, and drawing a frame of the window costs far
 * more than the few tiles it changes. */
typedef struct
{
  GMutex lock;
  GPtrArray *waiting; /* SlVideoPaintable, with a frame pending */
  GSource *source;
  gint64 ready_time; /* the earliest deadline of the frames waiting, or -1 */
} FrameBatch;

static FrameBatch frame_batch = { .ready_time = -1 };

/* How long a frame may wait for others: half the time between the
 * frames of its stream, so that it is on screen before the next one comes
 * (no frame is skipped), and at most this. */
#define MAX_BATCH_DELAY_US (40 * G_TIME_SPAN_MILLISECOND)

static void show_pending_sample (SlVideoPaintable *self);

static gboolean
show_batch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  g_autoptr (GPtrArray) waiting = NULL;

  g_mutex_lock (&frame_batch.lock);
  waiting = g_steal_pointer (&frame_batch.waiting);
  frame_batch.waiting = g_ptr_array_new ();
  frame_batch.ready_time = -1;
  g_source_set_ready_time (source, -1);
  g_mutex_unlock (&frame_batch.lock);

  for (guint i = 0; i < waiting->len; i++)
    {
      show_pending_sample (waiting->pdata[i]);
      g_object_unref (waiting->pdata[i]);
    }

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs frame_batch_funcs = { .dispatch = show_batch };

/* Any thread: @self has a new frame pending, to show by @deadline_us
 * (monotonic time). */
static void
batch_frame (SlVideoPaintable *self, gboolean queue, gint64 deadline_us)
{
  g_mutex_lock (&frame_batch.lock);
  if (frame_batch.source == NULL)
    {
      frame_batch.waiting = g_ptr_array_new ();
      frame_batch.source = g_source_new (&frame_batch_funcs, sizeof (GSource));
      g_source_set_name (frame_batch.source, "SlVideoPaintable frames");
      /* Below input and drawing: a main thread that falls behind drops
       * frames rather than answering the user late. */
      g_source_set_priority (frame_batch.source, G_PRIORITY_DEFAULT_IDLE);
      g_source_attach (frame_batch.source, NULL);
    }
  if (queue)
    g_ptr_array_add (frame_batch.waiting, g_object_ref (self));
  if (frame_batch.ready_time < 0 || deadline_us < frame_batch.ready_time)
    {
      /* Wakes the main context up, from any thread. */
      frame_batch.ready_time = deadline_us;
      g_source_set_ready_time (frame_batch.source, deadline_us);
    }
  g_mutex_unlock (&frame_batch.lock);
}

static void
unmap_frame (gpointer data)
{
  GstVideoFrame *frame = data;

  /* Unmapping also drops the reference the frame holds on its buffer. */
  gst_video_frame_unmap (frame);
  g_free (frame);
}

/* Wraps the decoded pixels in a texture without copying them: the texture's
 * bytes keep the buffer mapped until GTK lets go of the texture. */
static GdkTexture *
texture_from_sample (SlVideoPaintable *self,
                     GstSample *sample,
                     int *width,
                     int *height,
                     GBytes **out_bytes,
                     int *out_stride)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo *info = &self->info;
  GstVideoFrame *frame;
  g_autoptr (GBytes) bytes = NULL;
  int stride;
  int frame_height;

  if (caps == NULL || buffer == NULL)
    return NULL;
  /* A stream's frames share one caps object: parsed once, not per frame. */
  if (caps != self->caps)
    {
      gst_caps_replace (&self->caps, NULL);
      if (!gst_video_info_from_caps (info, caps))
        return NULL;
      gst_caps_replace (&self->caps, caps);
    }

  if (GST_VIDEO_INFO_FORMAT (info) != GST_VIDEO_FORMAT_BGRA)
    {
      if (!self->warned_format)
        g_critical ("Video frames must be BGRA, not %s",
                    gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (info)));
      self->warned_format = TRUE;
      return NULL;
    }

  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, info, buffer, GST_MAP_READ))
    {
      g_debug ("Could not map a video frame");
      g_free (frame);
      return NULL;
    }

  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  frame_height = GST_VIDEO_FRAME_HEIGHT (frame);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                      (gsize)stride * frame_height, unmap_frame, frame);

  *height = frame_height;
  *out_bytes = g_bytes_ref (bytes);
  *out_stride = stride;
  *width = GST_VIDEO_INFO_PAR_D (info) > 0
               ? (int)gst_util_uint64_scale_int (GST_VIDEO_FRAME_WIDTH (frame),
                                                 GST_VIDEO_INFO_PAR_N (info),
                                                 GST_VIDEO_INFO_PAR_D (info))
               : GST_VIDEO_FRAME_WIDTH (frame);

  /* The decoder gives opaque pixels (alpha 255), for which premultiplied
   * and straight alpha are the same bytes. */
  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (frame), frame_height,
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
}

static void
show_sample (SlVideoPaintable *self, GstSample *sample, guint source)
{
  GdkTexture *texture;
  gboolean size_changed;
  int width = 0;
  int height = 0;
  GBytes *bytes = NULL;
  int stride = 0;

  texture = texture_from_sample (self, sample, &width, &height, &bytes, &stride);
  if (texture == NULL)
    return;

  g_clear_object (&self->texture);
  g_clear_pointer (&self->pattern, cairo_pattern_destroy);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->texture = texture;
  self->bytes = bytes;
  self->stride = stride;
  self->frames++;
  self->shown_source = source;

  size_changed = width != self->width || height != self->height;
  self->width = width;
  self->height = height;

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/* Main thread: shows the newest frame pushed since the last update. */
static void
show_pending_sample (SlVideoPaintable *self)
{
  GstSample *sample;
  guint source;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending);
  source = self->pending_source;
  self->update_queued = FALSE;
  g_mutex_unlock (&self->lock);

  if (sample != NULL)
    {
      show_sample (self, sample, source);
      gst_sample_unref (sample);
    }
}

/* The frame's pixels as a cairo source, through callbacks rather than a
 * surface pattern: a cairo node records what it draws, and a recorded image
 * surface is copied, whole, when it is destroyed while recordings of it may
 * live on (cairo's copy-on-write snapshots), that is at every new frame. A
 * raster source is recorded as the callbacks and their data only. */
static cairo_surface_t *
acquire_frame_surface (cairo_pattern_t *pattern,
                       void *callback_data,
                       cairo_surface_t *target,
                       const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (callback_data);
}

static void
release_frame_surface (cairo_pattern_t *pattern, void *callback_data, cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
copy_frame_pattern (cairo_pattern_t *pattern, void *callback_data, const cairo_pattern_t *other)
{
  cairo_surface_reference (callback_data);
  return CAIRO_STATUS_SUCCESS;
}

static void
finish_frame_pattern (cairo_pattern_t *pattern, void *callback_data)
{
  cairo_surface_destroy (callback_data);
}

static const cairo_user_data_key_t bytes_key;

static cairo_pattern_t *
create_frame_pattern (SlVideoPaintable *self)
{
  int width = gdk_texture_get_width (self->texture);
  int height = gdk_texture_get_height (self->texture);
  cairo_surface_t *surface;
  cairo_pattern_t *pattern;

  surface = cairo_image_surface_create_for_data ((guchar *)g_bytes_get_data (self->bytes, NULL),
                                                 CAIRO_FORMAT_RGB24, width, height, self->stride);
  cairo_surface_set_user_data (surface, &bytes_key, g_bytes_ref (self->bytes),
                               (cairo_destroy_func_t)g_bytes_unref);
  /* The pattern owns the surface: copies of the pattern take a reference. */
  pattern = cairo_pattern_create_raster_source (surface, CAIRO_CONTENT_COLOR, width, height);
  cairo_raster_source_pattern_set_acquire (pattern, acquire_frame_surface, release_frame_surface);
  cairo_raster_source_pattern_set_copy (pattern, copy_frame_pattern);
  cairo_raster_source_pattern_set_finish (pattern, finish_frame_pattern);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_GOOD);
  return pattern;
}

/* GTK 4.8's cairo renderer converts a texture through floats each time it
 * draws it, a millisecond per VGA frame; a cairo node painting an image
 * surface over the same mapped pixels is a plain copy. */
static void
append_frame (SlVideoPaintable *self, GtkSnapshot *snapshot, const graphene_rect_t *bounds)
{
  cairo_t *cr;

  if (!self->draw_with_cairo)
    {
      gtk_snapshot_append_texture (snapshot, self->texture, bounds);
      return;
    }
  if (self->pattern == NULL)
    self->pattern = create_frame_pattern (self);
  cr = gtk_snapshot_append_cairo (snapshot, bounds);
  cairo_translate (cr, bounds->origin.x, bounds->origin.y);
  cairo_scale (cr, bounds->size.width / gdk_texture_get_width (self->texture),
               bounds->size.height / gdk_texture_get_height (self->texture));
  cairo_set_source (cr, self->pattern);
  cairo_paint (cr);
  cairo_destroy (cr);
}

/* Where the video goes in a @width × @height area: scaled to fit, centred. */
static gboolean
video_frame (SlVideoPaintable *self, double width, double height, graphene_rect_t *frame)
{
  double scale;

  if (self->width <= 0 || self->height <= 0 || width <= 0 || height <= 0)
    return FALSE;
  scale = MIN (width / self->width, height / self->height);
  graphene_rect_init (frame, (width - self->width * scale) / 2, (height - self->height * scale) / 2,
                      self->width * scale, self->height * scale);
  return TRUE;
}

static void
append_black (GtkSnapshot *snapshot, double x, double y, double width, double height)
{
  if (width > 0 && height > 0)
    gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0, 0, 0, 1 },
                               &GRAPHENE_RECT_INIT (x, y, width, height));
}

/* Black around the video only: filling the whole area under an opaque
 * frame would draw every pixel twice, at every frame. The bars reach under
 * the video's partly covered edge pixels, so no seam shows between. */
static void
append_bars (GtkSnapshot *snapshot, double width, double height, const graphene_rect_t *frame)
{
  double left = CLAMP (ceil (frame->origin.x), 0, width);
  double top = CLAMP (ceil (frame->origin.y), 0, height);
  double right = CLAMP (floor (frame->origin.x + frame->size.width), left, width);
  double bottom = CLAMP (floor (frame->origin.y + frame->size.height), top, height);

  append_black (snapshot, 0, 0, width, top);
  append_black (snapshot, 0, bottom, width, height - bottom);
  append_black (snapshot, 0, top, left, bottom - top);
  append_black (snapshot, right, top, width - right, bottom - top);
}

static void
sl_video_paintable_snapshot (GdkPaintable *paintable,
                             GdkSnapshot *snapshot,
                             double width,
                             double height)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);
  graphene_rect_t frame;

  if (self->texture == NULL || !video_frame (self, width, height, &frame))
    {
      append_black (GTK_SNAPSHOT (snapshot), 0, 0, width, height);
      return;
    }

  if (self->zoom <= 1.0)
    {
      int texture_width = gdk_texture_get_width (self->texture);
      int texture_height = gdk_texture_get_height (self->texture);

      /* Frames scaled to the tile's size upstream are drawn pixel for
       * pixel: renderers copy an unscaled texture instead of filtering it,
       * and the picture stays sharp. */
      if (fabs (frame.size.width - texture_width) <= 2 &&
          fabs (frame.size.height - texture_height) <= 2)
        graphene_rect_init (&frame, floor (frame.origin.x + (frame.size.width - texture_width) / 2),
                            floor (frame.origin.y + (frame.size.height - texture_height) / 2),
                            texture_width, texture_height);
    }
  append_bars (GTK_SNAPSHOT (snapshot), width, height, &frame);
  if (self->zoom <= 1.0)
    {
      append_frame (self, GTK_SNAPSHOT (snapshot), &frame);
      return;
    }

  /* Zoomed: the whole frame drawn larger, clipped to the letterbox, so that
   * no pixel is copied; the renderer samples only the visible part. */
  gtk_snapshot_push_clip (GTK_SNAPSHOT (snapshot), &frame);
  append_frame (
      self, GTK_SNAPSHOT (snapshot),
      &GRAPHENE_RECT_INIT (
          frame.origin.x - (self->center_x - 0.5 / self->zoom) * frame.size.width * self->zoom,
          frame.origin.y - (self->center_y - 0.5 / self->zoom) * frame.size.height * self->zoom,
          frame.size.width * self->zoom, frame.size.height * self->zoom));
  gtk_snapshot_pop (GTK_SNAPSHOT (snapshot));
}

static GdkPaintable *
sl_video_paintable_get_current_image (GdkPaintable *paintable)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));

  return gdk_paintable_new_empty (self->width, self->height);
}

static int
sl_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return SL_VIDEO_PAINTABLE (paintable)->width;
}

static int
sl_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return SL_VIDEO_PAINTABLE (paintable)->height;
}

static double
sl_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (paintable);

  if (self->width <= 0 || self->height <= 0)
    return 0.0;

  return (double)self->width / self->height;
}

static void
sl_video_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = sl_video_paintable_snapshot;
  iface->get_current_image = sl_video_paintable_get_current_image;
  iface->get_intrinsic_width = sl_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = sl_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = sl_video_paintable_get_intrinsic_aspect_ratio;
}

static void
sl_video_paintable_finalize (GObject *object)
{
  SlVideoPaintable *self = SL_VIDEO_PAINTABLE (object);

  g_clear_pointer (&self->pending, gst_sample_unref);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->pattern, cairo_pattern_destroy);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  gst_caps_replace (&self->caps, NULL);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sl_video_paintable_parent_class)->finalize (object);
}

static void
sl_video_paintable_class_init (SlVideoPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_video_paintable_finalize;
}

static void
sl_video_paintable_init (SlVideoPaintable *self)
{
  g_mutex_init (&self->lock);
  self->zoom = 1.0;
  self->center_x = 0.5;
  self->center_y = 0.5;
}

/**
 * sl_video_paintable_new:
 *
 * Creates a paintable that shows nothing until a frame is pushed.
 *
 * Returns: (transfer full): a new #SlVideoPaintable
 */
SlVideoPaintable *
sl_video_paintable_new (void)
{
  return g_object_new (SL_TYPE_VIDEO_PAINTABLE, NULL);
}

/**
 * sl_video_paintable_push_sample:
 * @self: a #SlVideoPaintable
 * @sample: a decoded frame, video/x-raw in BGRA with opaque pixels
 *
 * Hands @sample over to be shown; callable from any thread. Only the newest
 * frame is kept: frames pushed faster than the main loop shows them replace
 * one another. A frame of a steady stream may wait up to half the time
 * between its frames (40 ms at most) so that the frames of all paintables
 * that come meanwhile are shown, and drawn, together.
 */
void
sl_video_paintable_push_sample (SlVideoPaintable *self, GstSample *sample)
{
  sl_video_paintable_push_sample_from (self, 0, sample);
}

/**
 * sl_video_paintable_push_sample_from:
 * @self: a #SlVideoPaintable
 * @source: where @sample comes from: the current source, or the one
 *   sl_video_paintable_expect_source() announced
 * @sample: a decoded frame, video/x-raw in BGRA with opaque pixels
 *
 * Like sl_video_paintable_push_sample(), but frames of a source other than
 * the current one are dropped, except the first frame of the expected next
 * source: from then on, that source is the current one. A tile switching
 * streams thus keeps showing the old stream until the new one has a frame.
 */
void
sl_video_paintable_push_sample_from (SlVideoPaintable *self, guint source, GstSample *sample)
{
  gboolean queue_update;
  gint64 now, gap;
  gint64 delay = 0;

  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (GST_IS_SAMPLE (sample));

  g_mutex_lock (&self->lock);
  if (source != 0 && source == self->next_source)
    {
      self->source = source;
      self->next_source = 0;
    }
  if (source != self->source)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  g_clear_pointer (&self->pending, gst_sample_unref);
  self->pending = gst_sample_ref (sample);
  self->pending_source = source;
  queue_update = !self->update_queued;
  self->update_queued = TRUE;

  /* A frame that ends a pause (the first one, after a seek or a stall) is
   * shown at once; one of a steady stream may wait for the others. */
  now = g_get_monotonic_time ();
  gap = self->last_push_us > 0 ? now - self->last_push_us : G_MAXINT64;
  if (gap <= 2 * self->interval_us)
    delay = MIN (self->interval_us / 2, MAX_BATCH_DELAY_US);
  if (gap < G_USEC_PER_SEC)
    self->interval_us = self->interval_us > 0 ? (7 * self->interval_us + gap) / 8 : gap;
  self->last_push_us = now;
  g_mutex_unlock (&self->lock);

  batch_frame (self, queue_update, now + delay);
}

/**
 * sl_video_paintable_get_frames:
 * @self: a #SlVideoPaintable
 *
 * Gets how many frames @self has shown, which is fewer than were pushed when
 * the main loop could not keep up.
 *
 * Returns: the number of frames shown
 */
guint64
sl_video_paintable_get_frames (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), 0);

  return self->frames;
}

/**
 * sl_video_paintable_has_frame:
 * @self: a #SlVideoPaintable
 *
 * Returns: whether @self shows a frame rather than black
 */
gboolean
sl_video_paintable_has_frame (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), FALSE);

  return self->texture != NULL;
}

/**
 * sl_video_paintable_clear:
 * @self: a #SlVideoPaintable
 *
 * Forgets the frame shown and any frame waiting, so that @self shows black
 * until the next frame arrives.
 */
void
sl_video_paintable_clear (SlVideoPaintable *self)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  if (self->texture == NULL)
    return;

  g_clear_object (&self->texture);
  g_clear_pointer (&self->pattern, cairo_pattern_destroy);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/**
 * sl_video_paintable_set_source:
 * @self: a #SlVideoPaintable
 * @source: the source whose frames to show from now on
 *
 * Shows the frames pushed from @source only, and forgets any expected source.
 */
void
sl_video_paintable_set_source (SlVideoPaintable *self, guint source)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  self->source = source;
  self->next_source = 0;
  g_mutex_unlock (&self->lock);
}

/**
 * sl_video_paintable_expect_source:
 * @self: a #SlVideoPaintable
 * @source: a source whose first frame will replace the current source
 *
 * See sl_video_paintable_push_sample_from().
 */
void
sl_video_paintable_expect_source (SlVideoPaintable *self, guint source)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  self->next_source = source;
  g_mutex_unlock (&self->lock);
}

/**
 * sl_video_paintable_get_shown_source:
 * @self: a #SlVideoPaintable
 *
 * Returns: the source of the frame shown
 */
guint
sl_video_paintable_get_shown_source (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), 0);

  return self->shown_source;
}

/**
 * sl_video_paintable_get_texture:
 * @self: a #SlVideoPaintable
 *
 * Returns: (transfer none) (nullable): the frame shown, at its own size
 */
GdkTexture *
sl_video_paintable_get_texture (SlVideoPaintable *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), NULL);

  return self->texture;
}

static double
clamp_center (double center, double zoom)
{
  return CLAMP (center, 0.5 / zoom, 1.0 - 0.5 / zoom);
}

/**
 * sl_video_paintable_set_zoom:
 * @self: a #SlVideoPaintable
 * @zoom: how much larger than fitted the video is drawn, 1 (whole frame) to
 *   %SL_VIDEO_PAINTABLE_MAX_ZOOM
 * @center_x: the point of the video in the middle, 0 (left edge) to 1
 * @center_y: the point of the video in the middle, 0 (top edge) to 1
 *
 * Digital zoom. The centre is moved as little as needed to keep the view
 * inside the frame.
 */
void
sl_video_paintable_set_zoom (SlVideoPaintable *self, double zoom, double center_x, double center_y)
{
  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));

  zoom = CLAMP (zoom, 1.0, SL_VIDEO_PAINTABLE_MAX_ZOOM);
  center_x = clamp_center (center_x, zoom);
  center_y = clamp_center (center_y, zoom);
  if (zoom == self->zoom && center_x == self->center_x && center_y == self->center_y)
    return;
  self->zoom = zoom;
  self->center_x = center_x;
  self->center_y = center_y;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/**
 * sl_video_paintable_get_zoom:
 * @self: a #SlVideoPaintable
 * @center_x: (out) (optional): the point of the video in the middle
 * @center_y: (out) (optional): the point of the video in the middle
 *
 * Returns: the digital zoom, 1 for the whole frame
 */
double
sl_video_paintable_get_zoom (SlVideoPaintable *self, double *center_x, double *center_y)
{
  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), 1.0);

  if (center_x)
    *center_x = self->center_x;
  if (center_y)
    *center_y = self->center_y;
  return self->zoom;
}

/**
 * sl_video_paintable_map_point:
 * @self: a #SlVideoPaintable
 * @width: the width the paintable is drawn at
 * @height: the height the paintable is drawn at
 * @x: a point of that area
 * @y: a point of that area
 * @video_x: (out): where @x is in the video, 0 (left edge) to 1, zoom applied
 * @video_y: (out): where @y is in the video, 0 (top edge) to 1
 *
 * Returns: whether @self has a video size (the point may be outside the frame)
 */
gboolean
sl_video_paintable_map_point (SlVideoPaintable *self,
                              double width,
                              double height,
                              double x,
                              double y,
                              double *video_x,
                              double *video_y)
{
  graphene_rect_t frame;

  g_return_val_if_fail (SL_IS_VIDEO_PAINTABLE (self), FALSE);

  if (!video_frame (self, width, height, &frame))
    return FALSE;
  *video_x =
      self->center_x - 0.5 / self->zoom + (x - frame.origin.x) / frame.size.width / self->zoom;
  *video_y =
      self->center_y - 0.5 / self->zoom + (y - frame.origin.y) / frame.size.height / self->zoom;
  return TRUE;
}

/**
 * sl_video_paintable_follow_renderer:
 * @self: a #SlVideoPaintable
 * @widget: the mapped widget showing @self
 *
 * Draws frames as cairo image surfaces when @widget's window has the cairo
 * renderer (GSK_RENDERER=cairo, or no GL), which draws them faster than
 * textures (no float conversion); GL renderers get textures. Call it from
 * the widget's map().
 */
void
sl_video_paintable_follow_renderer (SlVideoPaintable *self, GtkWidget *widget)
{
  GtkNative *native;

  g_return_if_fail (SL_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  native = gtk_widget_get_native (widget);
  self->draw_with_cairo =
      native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
}
