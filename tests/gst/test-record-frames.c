// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "recording-fixture.h"

/* The catalog's frame counts equal the frames of each segment file when the
 * muxer lags behind splitmuxsink's input, as on a loaded machine: a tracer
 * makes every video buffer that enters a Matroska muxer take longer than a
 * frame, so the muxer falls further behind at every cut. Segments last at
 * most 3 s (SL_SEGMENT_SECONDS) to get several cuts in a short run. */

#define RECORD_SECONDS  12
#define FRAME_US        (G_USEC_PER_SEC / 15)
#define MUX_DELAY_US    85000 /* longer than a frame */
#define STRIP_TOLERANCE 100   /* ms, as in test-record-long */

typedef struct
{
  GstTracer parent;
} SlowMuxTracer;

typedef struct
{
  GstTracerClass parent_class;
} SlowMuxTracerClass;

GType slow_mux_tracer_get_type (void);
G_DEFINE_TYPE (SlowMuxTracer, slow_mux_tracer, GST_TYPE_TRACER)

static gboolean
enters_video_muxer (GstPad *pad)
{
  g_autoptr (GstPad) peer = gst_pad_get_peer (pad);
  GstObject *parent = peer ? GST_OBJECT_PARENT (peer) : NULL;
  GstElementFactory *factory =
      parent && GST_IS_ELEMENT (parent) ? gst_element_get_factory (GST_ELEMENT (parent)) : NULL;

  return factory && g_str_equal (GST_OBJECT_NAME (factory), "matroskamux") &&
         g_str_has_prefix (GST_PAD_NAME (peer), "video");
}

static void
pad_push_pre (GObject *tracer, GstClockTime ts, GstPad *pad, GstBuffer *buffer)
{
  if (enters_video_muxer (pad))
    g_usleep (MUX_DELAY_US);
}

static void
slow_mux_tracer_init (SlowMuxTracer *self)
{
  gst_tracing_register_hook (GST_TRACER (self), "pad-push-pre", G_CALLBACK (pad_push_pre));
}

static void
slow_mux_tracer_class_init (SlowMuxTracerClass *klass)
{
}

static int
compare_start (gconstpointer a, gconstpointer b)
{
  const SlSegment *x = *(SlSegment **)a, *y = *(SlSegment **)b;

  return x->start_us < y->start_us ? -1 : x->start_us > y->start_us;
}

static void
test_slow_muxer (Recording *f, gconstpointer args)
{
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = data_dir_add_camera (f->dir, f->sim, 0, "sub", "pass");
  gint64 previous_end = 0;

  record_for (f->recorder, id, RECORD_SECONDS);

  g_assert_true (
      sl_catalog_query_timeline (f->dir->catalog, id, 0, G_MAXINT64, &segments, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_sort (segments, compare_start);
  /* Segments of at most 3 s, key frames 2 s apart: a cut at each key frame. */
  g_assert_cmpuint (segments->len, >=, 3);
  for (guint i = 0; i < segments->len; i++)
    {
      SlSegment *row = segments->pdata[i];
      g_autoptr (SlSegment) segment = sl_catalog_get_segment (f->dir->catalog, row->id, &error);
      gint64 first_ms, last_ms;
      guint frames;

      g_assert_no_error (error);
      frames = read_segment_strips (segment->path, &first_ms, &last_ms);
      g_test_message ("%s: %" G_GINT64_FORMAT
                      " frames in the catalog, %u in the file; start %+" G_GINT64_FORMAT
                      " ms, end %+" G_GINT64_FORMAT " ms against the time strips",
                      segment->path, segment->frames, frames, segment->start_us / 1000 - first_ms,
                      (segment->end_us - FRAME_US) / 1000 - last_ms);
      g_assert_cmpuint (frames, >, 0);
      g_assert_cmpint (frames, ==, segment->frames);
      /* The times come from the same place: contiguous segments whose start
       * and end are those of their first and last frames. */
      if (previous_end)
        g_assert_cmpint (ABS (segment->start_us - previous_end), <, FRAME_US);
      previous_end = segment->end_us;
      g_assert_cmpint (ABS (segment->start_us / 1000 - first_ms), <=, STRIP_TOLERANCE);
      g_assert_cmpint (ABS ((segment->end_us - FRAME_US) / 1000 - last_ms), <=, STRIP_TOLERANCE);
    }
}

static const char *const args[] = { "--username", "root", "--password", "pass", NULL };

int
main (int argc, char **argv)
{
  g_setenv ("SL_SEGMENT_SECONDS", "3", TRUE);
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  /* Lives as long as the process: GStreamer keeps its hook. */
  g_object_new (slow_mux_tracer_get_type (), NULL);
  recording_test_add ("/gst/record/frames/slow-muxer", args, test_slow_muxer);
  return g_test_run ();
}
