// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>

#include "sl-codec.h"
#include "sl-error.h"
#include "sl-player-private.h"

/* One segment file decoded for playback:
 *
 *   filesrc ! matroskademux ! parse ! decoder ! videoconvert ! BGRA ! appsink
 *
 * The appsink does not sync to a clock: the player paces the frames itself
 * (sl-player.c), so the pipeline only decodes a few frames ahead and waits.
 * A segment's start (in the catalog) is the time of its first frame, so a
 * frame's wall-clock time is the segment's start plus its distance from the
 * first frame (recorded files start at 0, but other cuts need not). */

#define DECODED_AHEAD    3 /* frames waiting in the appsink */
#define PREROLL_TIMEOUT  (5 * GST_SECOND)
#define DEFAULT_FRAME_US 66667
#define ERROR_POLL_US    20000 /* how often a seek looks for a read error */

struct _SlPlayerReader
{
  SlSegment *segment;
  char *codec;
  GstElement *pipeline;
  GstElement *source;
  GstElement *sink;
  gint64 frame_us;      /* from the caps, for frames without a duration */
  gint key_frames_only; /* atomic; read by the probe on the streaming thread */
  gboolean skipping;    /* streaming thread: dropping until a key frame */
  GMutex lock;          /* with the streaming threads */
  GCond cond;
  guint64 origin_ns; /* time of the first frame in the file */
  guint64 target_ns; /* decoded frames ending before it are dropped */
};

void
sl_player_frame_clear (SlPlayerFrame *frame)
{
  g_clear_pointer (&frame->sample, gst_sample_unref);
  frame->time_us = frame->duration_us = 0;
}

/* The first error on the pipeline's bus, if any. */
static gboolean
check_bus (SlPlayerReader *reader, GError **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (reader->pipeline);
  g_autoptr (GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr (GError) gst_error = NULL;

  if (message == NULL)
    return TRUE;
  gst_message_parse_error (message, &gst_error, NULL);
  g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Cannot play the recording %s: %s"),
               reader->segment->path, gst_error ? gst_error->message : "?");
  return FALSE;
}

/* Streaming thread: a seek starts at the key frame before its target; the
 * frames decoded before the target are dropped here, before conversion.
 * (An ACCURATE seek would do the same in the decoder, but would also clip the
 * first frame's timestamp to the target, losing when it was captured.) */
static GstPadProbeReturn
before_target_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  SlPlayerReader *reader = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  guint64 target, end;

  if (!GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&reader->lock);
  target = reader->target_ns;
  g_mutex_unlock (&reader->lock);
  end = GST_BUFFER_PTS (buffer) + (GST_BUFFER_DURATION_IS_VALID (buffer)
                                       ? GST_BUFFER_DURATION (buffer)
                                       : (guint64)reader->frame_us * 1000);
  return end <= target ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

/* Streaming thread: the first frame out of the demuxer is where the file
 * starts; while a seek is being prepared, nothing goes on to the decoder. */
static GstPadProbeReturn
origin_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  SlPlayerReader *reader = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gboolean waiting;

  g_mutex_lock (&reader->lock);
  if (reader->origin_ns == GST_CLOCK_TIME_NONE && GST_BUFFER_PTS_IS_VALID (buffer))
    {
      reader->origin_ns = GST_BUFFER_PTS (buffer);
      g_cond_broadcast (&reader->cond);
    }
  waiting = reader->target_ns == G_MAXUINT64;
  g_mutex_unlock (&reader->lock);
  return waiting ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

/* Streaming thread: in fast playback only key frames are decoded. */
static GstPadProbeReturn
key_frame_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  SlPlayerReader *reader = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gboolean key = !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);

  if (g_atomic_int_get (&reader->key_frames_only))
    {
      reader->skipping = TRUE;
      return key ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
    }
  /* Delta frames after a skipped one would decode into garbage. */
  if (reader->skipping && !key)
    return GST_PAD_PROBE_DROP;
  reader->skipping = FALSE;
  return GST_PAD_PROBE_OK;
}

/* Whether the pipeline reported an error (left on the bus for check_bus). */
static gboolean
has_error (SlPlayerReader *reader)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (reader->pipeline);
  g_autoptr (GstMessage) message = gst_bus_peek (bus);

  /* Other messages (state changes, stream start) are not needed: drop
   * them so that an error behind them comes to the front. */
  while (message != NULL && GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR)
    {
      gst_message_unref (gst_bus_pop (bus));
      gst_clear_message (&message);
      message = gst_bus_peek (bus);
    }
  return message != NULL;
}

SlPlayerReader *
sl_player_reader_new (const char *codec, GError **error)
{
  g_autofree char *description = g_strdup_printf (
      "filesrc name=source ! matroskademux ! %s name=parse ! %s name=decoder ! videoconvert ! "
      "video/x-raw,format=BGRA ! appsink name=sink sync=false max-buffers=%d drop=false "
      "enable-last-sample=false",
      sl_codec_parser (codec), sl_codec_decoder (codec), DECODED_AHEAD);
  g_autoptr (SlPlayerReader) reader = g_new0 (SlPlayerReader, 1);
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (GstElement) parse = NULL;
  g_autoptr (GstPad) parse_src = NULL;
  g_autoptr (GstPad) parse_sink = NULL;
  g_autoptr (GstElement) decoder = NULL;
  g_autoptr (GstPad) decoder_src = NULL;

  g_mutex_init (&reader->lock);
  g_cond_init (&reader->cond);
  reader->codec = g_strdup (sl_codec_canonical (codec));
  reader->frame_us = DEFAULT_FRAME_US;
  reader->origin_ns = GST_CLOCK_TIME_NONE;
  reader->pipeline = gst_parse_launch (description, &parse_error);
  if (reader->pipeline == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Cannot play recordings: %s"),
                   parse_error->message);
      return NULL;
    }
  reader->source = gst_bin_get_by_name (GST_BIN (reader->pipeline), "source");
  reader->sink = gst_bin_get_by_name (GST_BIN (reader->pipeline), "sink");
  parse = gst_bin_get_by_name (GST_BIN (reader->pipeline), "parse");
  parse_src = gst_element_get_static_pad (parse, "src");
  gst_pad_add_probe (parse_src, GST_PAD_PROBE_TYPE_BUFFER, key_frame_probe, reader, NULL);
  parse_sink = gst_element_get_static_pad (parse, "sink");
  gst_pad_add_probe (parse_sink, GST_PAD_PROBE_TYPE_BUFFER, origin_probe, reader, NULL);
  decoder = gst_bin_get_by_name (GST_BIN (reader->pipeline), "decoder");
  decoder_src = gst_element_get_static_pad (decoder, "src");
  gst_pad_add_probe (decoder_src, GST_PAD_PROBE_TYPE_BUFFER, before_target_probe, reader, NULL);
  return g_steal_pointer (&reader);
}

const char *
sl_player_reader_get_codec (SlPlayerReader *reader)
{
  return reader->codec;
}

void
sl_player_reader_set_segment (SlPlayerReader *reader, const SlSegment *segment)
{
  g_return_if_fail (reader->segment == NULL);

  reader->segment = sl_segment_copy (segment);
  g_object_set (reader->source, "location", segment->path, NULL);
}

void
sl_player_reader_free (SlPlayerReader *reader)
{
  if (reader->pipeline != NULL)
    gst_element_set_state (reader->pipeline, GST_STATE_NULL);
  gst_clear_object (&reader->source);
  gst_clear_object (&reader->sink);
  gst_clear_object (&reader->pipeline);
  g_clear_pointer (&reader->segment, sl_segment_free);
  g_free (reader->codec);
  g_mutex_clear (&reader->lock);
  g_cond_clear (&reader->cond);
  g_free (reader);
}

const SlSegment *
sl_player_reader_get_segment (SlPlayerReader *reader)
{
  return reader->segment;
}

/* Timestamps, seek positions and the probes all use buffer times (PTS):
 * the demuxer's stream time would count from the file's first frame. */
static guint64
sample_time (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);

  return buffer != NULL ? GST_BUFFER_PTS (buffer) : GST_CLOCK_TIME_NONE;
}

gboolean
sl_player_reader_seek (SlPlayerReader *reader, gint64 time_us, GError **error)
{
  guint64 offset_ns = MAX (0, time_us - reader->segment->start_us) * 1000;
  gint64 deadline = g_get_monotonic_time () + PREROLL_TIMEOUT / 1000;
  guint64 origin_ns;

  if (GST_STATE_TARGET (reader->pipeline) < GST_STATE_PAUSED)
    {
      /* From the start: nothing to wait for. */
      if (offset_ns == 0)
        {
          gst_element_set_state (reader->pipeline, GST_STATE_PLAYING);
          return TRUE;
        }
      /* Nothing is decoded until the seek below says from where. */
      g_mutex_lock (&reader->lock);
      reader->target_ns = G_MAXUINT64;
      g_mutex_unlock (&reader->lock);
      gst_element_set_state (reader->pipeline, GST_STATE_PAUSED);
    }

  /* The file's first frame (the segment's start) is known once the demuxer
   * has read its headers and reached it; no preroll to wait for. */
  g_mutex_lock (&reader->lock);
  while (reader->origin_ns == GST_CLOCK_TIME_NONE && g_get_monotonic_time () < deadline)
    {
      /* A missing or unreadable file fails at once, not at the deadline. */
      g_cond_wait_until (&reader->cond, &reader->lock,
                         MIN (deadline, g_get_monotonic_time () + ERROR_POLL_US));
      if (reader->origin_ns == GST_CLOCK_TIME_NONE && has_error (reader))
        break;
    }
  origin_ns = reader->origin_ns;
  if (origin_ns != GST_CLOCK_TIME_NONE)
    reader->target_ns = origin_ns + offset_ns;
  g_mutex_unlock (&reader->lock);
  if (origin_ns == GST_CLOCK_TIME_NONE)
    {
      if (check_bus (reader, error))
        g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                     _ ("Cannot play the recording %s: it could not be read in time."),
                     reader->segment->path);
      return FALSE;
    }

  /* From the key frame before; the probe drops what lies before the target. */
  if (!gst_element_seek (reader->pipeline, 1.0, GST_FORMAT_TIME,
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_BEFORE,
                         GST_SEEK_TYPE_SET, origin_ns + offset_ns, GST_SEEK_TYPE_NONE,
                         GST_CLOCK_TIME_NONE))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _ ("Cannot play the recording %s: it cannot be searched."),
                   reader->segment->path);
      return FALSE;
    }
  gst_element_set_state (reader->pipeline, GST_STATE_PLAYING);
  return TRUE;
}

gboolean
sl_player_reader_next (SlPlayerReader *reader,
                       gint64 timeout_us,
                       SlPlayerFrame *frame,
                       gboolean *at_end)
{
  g_autoptr (GstSample) sample = NULL;
  g_autoptr (GError) error = NULL;
  GstBuffer *buffer;
  guint64 pts, origin_ns;

  *at_end = FALSE;
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (reader->sink), timeout_us * 1000);
  if (sample == NULL)
    {
      if (!check_bus (reader, &error))
        {
          g_warning ("%s", error->message);
          *at_end = TRUE;
        }
      else
        *at_end = gst_app_sink_is_eos (GST_APP_SINK (reader->sink));
      return FALSE;
    }

  buffer = gst_sample_get_buffer (sample);
  pts = sample_time (sample);
  if (pts == GST_CLOCK_TIME_NONE)
    return FALSE;
  g_mutex_lock (&reader->lock);
  origin_ns = reader->origin_ns != GST_CLOCK_TIME_NONE ? reader->origin_ns : pts;
  g_mutex_unlock (&reader->lock);

  if (GST_BUFFER_DURATION_IS_VALID (buffer) && GST_BUFFER_DURATION (buffer) > 0)
    reader->frame_us = GST_BUFFER_DURATION (buffer) / 1000;
  frame->sample = g_steal_pointer (&sample);
  frame->time_us = reader->segment->start_us + ((gint64)pts - (gint64)origin_ns) / 1000;
  frame->duration_us = reader->frame_us;
  return TRUE;
}

void
sl_player_reader_set_key_frames_only (SlPlayerReader *reader, gboolean key_frames_only)
{
  g_atomic_int_set (&reader->key_frames_only, key_frames_only);
}

void
sl_player_reader_set_waiting (SlPlayerReader *reader, gboolean waiting)
{
  /* A reader waiting its turn keeps one frame, not a full queue: a split
   * view of 1080p cameras holds one per camera. */
  g_object_set (reader->sink, "max-buffers", waiting ? 1 : DECODED_AHEAD, NULL);
}
