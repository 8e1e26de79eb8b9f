// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include <gst/video/video.h>

#include "app-fixture.h"
#include "sl-video-paintable.h"

#define WIDTH  64
#define HEIGHT 48
/* Wider than the pixels, as decoders pad their rows. */
#define STRIDE (WIDTH * 4 + 32)

/* A BGRA frame whose every pixel tells where it is and which frame it is in. */
static GstSample *
make_sample (guint8 frame_number)
{
  g_autoptr (GstCaps) caps = gst_caps_new_simple (
      "video/x-raw", "format", G_TYPE_STRING, "BGRA", "width", G_TYPE_INT, WIDTH, "height",
      G_TYPE_INT, HEIGHT, "framerate", GST_TYPE_FRACTION, 0, 1, NULL);
  g_autoptr (GstBuffer) buffer = gst_buffer_new_allocate (NULL, STRIDE * HEIGHT, NULL);
  gsize offsets[GST_VIDEO_MAX_PLANES] = { 0 };
  int strides[GST_VIDEO_MAX_PLANES] = { STRIDE };
  GstMapInfo map;

  g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_WRITE));
  memset (map.data, 0xee, map.size); /* the padding, which must not show */
  for (int y = 0; y < HEIGHT; y++)
    {
      for (int x = 0; x < WIDTH; x++)
        {
          guint8 *pixel = map.data + y * STRIDE + x * 4;

          pixel[0] = x * 4;        /* blue */
          pixel[1] = y * 5;        /* green */
          pixel[2] = frame_number; /* red */
          pixel[3] = 255;
        }
    }
  gst_buffer_unmap (buffer, &map);
  gst_buffer_add_video_meta_full (buffer, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_FORMAT_BGRA, WIDTH,
                                  HEIGHT, 1, offsets, strides);

  return gst_sample_new (buffer, caps, NULL, NULL);
}

typedef struct
{
  SlVideoPaintable *paintable;
  guint n_frames;
} Pusher;

static gpointer
push_frames (gpointer data)
{
  Pusher *pusher = data;

  for (guint i = 1; i <= pusher->n_frames; i++)
    {
      GstSample *sample = make_sample (i * 10);

      sl_video_paintable_push_sample (pusher->paintable, sample);
      gst_sample_unref (sample);
    }

  return NULL;
}

static void
count_signal (gpointer instance, guint *count)
{
  (*count)++;
}

static gboolean
is_positive (gconstpointer data)
{
  return *(const guint *)data > 0;
}

/* The pixels of @texture, as GTK downloads them: B8G8R8A8 premultiplied. */
static guint8 *
download (GdkTexture *texture)
{
  guint8 *pixels =
      g_malloc (gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);

  gdk_texture_download (texture, pixels, gdk_texture_get_width (texture) * 4);

  return pixels;
}

static void
assert_frame_pixels (GdkTexture *texture, guint8 frame_number)
{
  g_autofree guint8 *pixels = download (texture);

  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);

  for (int y = 0; y < HEIGHT; y++)
    {
      for (int x = 0; x < WIDTH; x++)
        {
          const guint8 *pixel = pixels + (y * WIDTH + x) * 4;

          g_assert_cmpuint (pixel[0], ==, x * 4);
          g_assert_cmpuint (pixel[1], ==, y * 5);
          g_assert_cmpuint (pixel[2], ==, frame_number);
          g_assert_cmpuint (pixel[3], ==, 255);
        }
    }
}

/* Runs what the main context has queued, the updates of the paintable among it. */
static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_frame_from_thread (void)
{
  g_autoptr (SlVideoPaintable) paintable = sl_video_paintable_new ();
  g_autoptr (GdkPaintable) image = NULL;
  Pusher pusher = { paintable, 1 };
  guint contents = 0;
  guint sizes = 0;
  GThread *thread;

  g_assert_false (sl_video_paintable_has_frame (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, 0);

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (count_signal), &contents);
  g_signal_connect (paintable, "invalidate-size", G_CALLBACK (count_signal), &sizes);

  thread = g_thread_new ("frame-pusher", push_frames, &pusher);
  wait_for (is_positive, &contents, "the paintable to show the frame");
  g_thread_join (thread);

  g_assert_cmpuint (sizes, ==, 1);
  g_assert_cmpuint (sl_video_paintable_get_frames (paintable), ==, 1);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (paintable)), ==, HEIGHT);
  g_assert_cmpfloat_with_epsilon (
      gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (paintable)), 4.0 / 3.0, 1e-9);

  image = gdk_paintable_get_current_image (GDK_PAINTABLE (paintable));
  g_assert_true (GDK_IS_TEXTURE (image));
  assert_frame_pixels (GDK_TEXTURE (image), 10);
}

/* Frames pushed faster than the main loop runs replace one another: one update
 * shows the newest. */
static void
test_newest_frame_wins (void)
{
  g_autoptr (SlVideoPaintable) paintable = sl_video_paintable_new ();
  g_autoptr (GdkPaintable) image = NULL;
  Pusher pusher = { paintable, 20 };
  guint contents = 0;
  GThread *thread;

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (count_signal), &contents);

  drain_main_context ();
  thread = g_thread_new ("frame-pusher", push_frames, &pusher);
  g_thread_join (thread);
  drain_main_context ();

  g_assert_cmpuint (contents, ==, 1);
  g_assert_cmpuint (sl_video_paintable_get_frames (paintable), ==, 1);
  image = gdk_paintable_get_current_image (GDK_PAINTABLE (paintable));
  assert_frame_pixels (GDK_TEXTURE (image), 200);
}

#define N_STREAMS         4
#define FRAMES_PER_STREAM 15
#define FRAME_INTERVAL_US (G_USEC_PER_SEC / 15)

typedef struct
{
  SlVideoPaintable *paintables[N_STREAMS];
  GArray *shown_us; /* when any paintable showed a frame */
} Streams;

/* Four streams at 15 fps, their frames a quarter of an interval apart. */
static gpointer
push_streams (gpointer data)
{
  Streams *streams = data;
  gint64 start = g_get_monotonic_time ();

  for (guint frame = 0; frame < FRAMES_PER_STREAM; frame++)
    {
      for (guint i = 0; i < N_STREAMS; i++)
        {
          gint64 due = start + frame * FRAME_INTERVAL_US + i * FRAME_INTERVAL_US / N_STREAMS;
          GstSample *sample = make_sample (frame);

          if (due > g_get_monotonic_time ())
            g_usleep (due - g_get_monotonic_time ());
          sl_video_paintable_push_sample (streams->paintables[i], sample);
          gst_sample_unref (sample);
        }
    }

  return NULL;
}

static void
record_shown (gpointer instance, GArray *shown_us)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (shown_us, now);
}

static gboolean
all_frames_shown (gconstpointer data)
{
  const Streams *streams = data;

  for (guint i = 0; i < N_STREAMS; i++)
    if (sl_video_paintable_get_frames (streams->paintables[i]) < FRAMES_PER_STREAM)
      return FALSE;
  return TRUE;
}

/* Frames of several steady streams that come close together are shown in
 * one update (one window frame draws them all), and none is skipped. */
static void
test_streams_share_updates (void)
{
  Streams streams = { .shown_us = g_array_new (FALSE, FALSE, sizeof (gint64)) };
  guint updates = 0;
  GThread *thread;

  for (guint i = 0; i < N_STREAMS; i++)
    {
      streams.paintables[i] = sl_video_paintable_new ();
      g_signal_connect (streams.paintables[i], "invalidate-contents", G_CALLBACK (record_shown),
                        streams.shown_us);
    }

  thread = g_thread_new ("stream-pusher", push_streams, &streams);
  wait_for (all_frames_shown, &streams, "every frame of every stream to be shown");
  g_thread_join (thread);

  /* Frames shown in one update are microseconds apart. */
  for (guint i = 0; i < streams.shown_us->len; i++)
    if (i == 0 || g_array_index (streams.shown_us, gint64, i) -
                          g_array_index (streams.shown_us, gint64, i - 1) >
                      G_TIME_SPAN_MILLISECOND)
      updates++;
  g_test_message ("%u frames in %u updates", streams.shown_us->len, updates);
  g_assert_cmpuint (streams.shown_us->len, ==, N_STREAMS * FRAMES_PER_STREAM);
  g_assert_cmpuint (updates, <=, streams.shown_us->len * 3 / 4);

  for (guint i = 0; i < N_STREAMS; i++)
    g_object_unref (streams.paintables[i]);
  g_array_unref (streams.shown_us);
}

/* Drawn into a wider area, the video keeps its shape between black bars. */
static void
test_letterbox (void)
{
  g_autoptr (SlVideoPaintable) paintable = sl_video_paintable_new ();
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GstSample *sample = make_sample (100);
  guint contents = 0;
  /* 64×48 in 256×96 is 128×96 from x = 64 to 192. */
  const int width = 256;
  const int height = 96;

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (count_signal), &contents);
  sl_video_paintable_push_sample (paintable, sample);
  gst_sample_unref (sample);
  wait_for (is_positive, &contents, "the paintable to show the frame");

  gdk_paintable_snapshot (GDK_PAINTABLE (paintable), GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  pixels = download (texture);

  for (int y = 0; y < height; y += 8)
    {
      const guint8 *left = pixels + (y * width + 10) * 4;
      const guint8 *right = pixels + (y * width + width - 10) * 4;
      const guint8 *middle = pixels + (y * width + width / 2) * 4;

      g_assert_cmpuint (left[0] | left[1] | left[2], ==, 0);
      g_assert_cmpuint (left[3], ==, 255);
      g_assert_cmpuint (right[0] | right[1] | right[2], ==, 0);
      g_assert_cmpuint (middle[2], ==, 100);
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  gst_init (&argc, &argv);
  home = ui_test_init (&argc, &argv);

  g_test_add_func ("/video-paintable/frame-from-thread", test_frame_from_thread);
  g_test_add_func ("/video-paintable/newest-frame-wins", test_newest_frame_wins);
  g_test_add_func ("/video-paintable/letterbox", test_letterbox);
  g_test_add_func ("/video-paintable/streams-share-updates", test_streams_share_updates);

  status = g_test_run ();
  delete_path (home);

  return status;
}
