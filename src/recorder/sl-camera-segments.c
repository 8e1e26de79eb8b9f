// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/rtp/rtp.h>

#include "sl-camera-private.h"

/* The recording side of SlCamera: the session's wall clock (local clock,
 * then the camera's RTCP sender reports), per-segment frame counts, and the
 * life of a segment file: journalled before it exists, synced when closed,
 * then indexed with its gap. Streaming-thread parts are marked. */

#define NTP_UNIX_OFFSET_S G_GUINT64_CONSTANT (2208988800)
#define CONTIGUOUS_US     100000 /* closer than this, two segments touch */

/* ---- time -------------------------------------------------------------- */

static gint64
wall_us (SlCamera *self, GstClockTime running_time)
{
  gint64 offset;

  g_mutex_lock (&self->shared.lock);
  offset = self->shared.offset_ns;
  g_mutex_unlock (&self->shared.lock);
  return ((gint64)running_time + offset) / 1000;
}

GstPadProbeReturn
sl_camera_rtp_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  SlCameraShared *shared = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  if (!GST_BUFFER_PTS_IS_VALID (buffer) || !gst_rtp_buffer_map (buffer, GST_MAP_READ, &rtp))
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&shared->lock);
  shared->ssrc = gst_rtp_buffer_get_ssrc (&rtp);
  shared->last_rtp_time = gst_rtp_buffer_get_timestamp (&rtp);
  shared->last_rtp_running_time = GST_BUFFER_PTS (buffer); /* live: segment starts at 0 */
  shared->have_rtp = TRUE;
  g_mutex_unlock (&shared->lock);
  gst_rtp_buffer_unmap (&rtp);
  return GST_PAD_PROBE_OK;
}

static void
receiving_rtcp_cb (GObject *session, GstBuffer *buffer, gpointer user_data)
{
  SlCameraShared *shared = user_data;
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  gboolean more;

  if (!gst_rtcp_buffer_map (buffer, GST_MAP_READ, &rtcp))
    return;
  for (more = gst_rtcp_buffer_get_first_packet (&rtcp, &packet); more;
       more = gst_rtcp_packet_move_to_next (&packet))
    {
      guint32 ssrc, rtp_time, packets, octets;
      guint64 ntp;
      gint64 sender_ns, packet_ns;

      if (gst_rtcp_packet_get_type (&packet) != GST_RTCP_TYPE_SR)
        continue;
      gst_rtcp_packet_sr_get_sender_info (&packet, &ssrc, &ntp, &rtp_time, &packets, &octets);

      g_mutex_lock (&shared->lock);
      if (shared->have_rtp && ssrc == shared->ssrc && shared->clock_rate > 0 &&
          !shared->offset_frozen && (ntp >> 32) > NTP_UNIX_OFFSET_S)
        {
          /* The camera's own clock says when the last packet was captured. */
          sender_ns = (gint64)((ntp >> 32) - NTP_UNIX_OFFSET_S) * GST_SECOND +
                      (gint64)gst_util_uint64_scale (ntp & G_MAXUINT32, GST_SECOND,
                                                     G_GUINT64_CONSTANT (1) << 32);
          packet_ns = sender_ns + (gint64)(gint32)(shared->last_rtp_time - rtp_time) *
                                      (gint64)GST_SECOND / shared->clock_rate;
          shared->offset_ns = packet_ns - (gint64)shared->last_rtp_running_time;
          shared->offset_from_rtcp = TRUE;
        }
      g_mutex_unlock (&shared->lock);
    }
  gst_rtcp_buffer_unmap (&rtcp);
}

static void
new_ssrc_cb (GstElement *rtpbin, guint session_id, guint ssrc, gpointer user_data)
{
  g_autoptr (GObject) session = NULL;

  g_signal_emit_by_name (rtpbin, "get-internal-session", session_id, &session);
  if (session == NULL || g_object_get_data (session, "sl-rtcp-watched"))
    return;
  g_object_set_data (session, "sl-rtcp-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect (session, "on-receiving-rtcp", G_CALLBACK (receiving_rtcp_cb), user_data);
}

void
sl_camera_new_manager_cb (GstElement *rtspsrc, GstElement *manager, gpointer user_data)
{
  g_signal_connect (manager, "on-new-ssrc", G_CALLBACK (new_ssrc_cb), user_data);
}

/* ---- frames ------------------------------------------------------------ */

GstPadProbeReturn
sl_camera_frame_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  SlCameraShared *shared = user_data;
  GstBuffer *buffer;
  gboolean first;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
        {
          g_mutex_lock (&shared->lock);
          shared->ended = TRUE;
          g_mutex_unlock (&shared->lock);
        }
      return GST_PAD_PROBE_OK;
    }
  buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  g_mutex_lock (&shared->lock);
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    shared->last_frame_end =
        GST_BUFFER_PTS (buffer) +
        (GST_BUFFER_DURATION_IS_VALID (buffer) ? GST_BUFFER_DURATION (buffer) : 0);
  shared->bytes_total += gst_buffer_get_size (buffer);
  shared->frames_total++;
  first = !shared->flowing;
  shared->flowing = TRUE;
  g_mutex_unlock (&shared->lock);

  /* Recording has resumed once video flows: tell the main thread at once
   * rather than when the muxer opens its file, a GOP later. */
  if (first && GST_IS_ELEMENT (GST_OBJECT_PARENT (pad)))
    gst_element_post_message (
        GST_ELEMENT (GST_OBJECT_PARENT (pad)),
        gst_message_new_application (GST_OBJECT (pad), gst_structure_new_empty ("sl-flowing")));
  return GST_PAD_PROBE_OK;
}

/* Each segment file has its own muxer (splitmuxsink's async-finalize), so
 * the buffers its video pad receives are exactly the frames of that file,
 * and the last one ends the file, however far splitmuxsink's output lags
 * behind its input. Its messages cannot tell: the running time it reports
 * for a closed fragment is where its output was when its input decided to
 * split, frames or seconds short of the end when the muxer's thread lags (a
 * loaded machine). The running time of an opened fragment is exact. */
typedef struct
{
  SlCameraShared *shared;
  FragmentFrames count;
  GstSegment segment;
  GstClockTime last_start; /* running time of the last frame */
} MuxerCount;

/* The end of a frame: its duration, or else the time since the previous one. */
static void
count_frame (MuxerCount *counter, GstBuffer *buffer)
{
  GstClockTime start =
      gst_segment_to_running_time (&counter->segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  GstClockTime end = GST_CLOCK_TIME_NONE;

  counter->count.frames++;
  counter->count.key_frames += !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  if (!GST_CLOCK_TIME_IS_VALID (start))
    return;
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    end = start + GST_BUFFER_DURATION (buffer);
  else if (GST_CLOCK_TIME_IS_VALID (counter->last_start) && start > counter->last_start)
    end = start + (start - counter->last_start);
  counter->last_start = start;
  if (GST_CLOCK_TIME_IS_VALID (end) &&
      (!GST_CLOCK_TIME_IS_VALID (counter->count.end) || end > counter->count.end))
    counter->count.end = end;
}

/* Streaming thread of the muxer's video pad (the async EOS thread for EOS). */
static GstPadProbeReturn
muxer_video_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  MuxerCount *counter = user_data;
  g_autoptr (GstElement) muxer = NULL;
  g_autoptr (GstPad) muxer_src = NULL;
  g_autoptr (GstPad) sink_pad = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autofree char *path = NULL;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER)
    {
      count_frame (counter, GST_PAD_PROBE_INFO_BUFFER (info));
      return GST_PAD_PROBE_OK;
    }
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_SEGMENT)
    gst_event_copy_segment (GST_PAD_PROBE_INFO_EVENT (info), &counter->segment);
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS)
    return GST_PAD_PROBE_OK;

  /* The file is the one the muxer writes into, named by now. */
  muxer = gst_pad_get_parent_element (pad);
  muxer_src = muxer ? gst_element_get_static_pad (muxer, "src") : NULL;
  sink_pad = muxer_src ? gst_pad_get_peer (muxer_src) : NULL;
  sink = sink_pad ? gst_pad_get_parent_element (sink_pad) : NULL;
  if (sink && g_object_class_find_property (G_OBJECT_GET_CLASS (sink), "location"))
    g_object_get (sink, "location", &path, NULL);
  if (path == NULL)
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&counter->shared->lock);
  g_hash_table_insert (counter->shared->fragment_frames, g_steal_pointer (&path),
                       g_memdup2 (&counter->count, sizeof counter->count));
  g_mutex_unlock (&counter->shared->lock);
  counter->count = (FragmentFrames){ 0, 0, GST_CLOCK_TIME_NONE };
  return GST_PAD_PROBE_OK;
}

static void
muxer_pad_added_cb (GstElement *muxer, GstPad *pad, gpointer user_data)
{
  GstPadTemplate *template = GST_PAD_PAD_TEMPLATE (pad);
  MuxerCount *counter;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SINK || template == NULL ||
      !g_str_has_prefix (GST_PAD_TEMPLATE_NAME_TEMPLATE (template), "video"))
    return;
  counter = g_new0 (MuxerCount, 1);
  counter->shared = user_data;
  counter->count.end = counter->last_start = GST_CLOCK_TIME_NONE;
  gst_segment_init (&counter->segment, GST_FORMAT_TIME);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     muxer_video_probe, counter, g_free);
}

/* Called by splitmuxsink, with its lock held, for each new muxer: before
 * its pads are requested, except the first muxer's video pad when the
 * source was linked before the pipeline started (file cameras). */
void
sl_camera_muxer_added_cb (GstElement *splitmux, GstElement *muxer, gpointer user_data)
{
  GstIterator *iter;
  GValue item = G_VALUE_INIT;

  if (g_object_get_data (G_OBJECT (muxer), "sl-counted"))
    return;
  g_object_set_data (G_OBJECT (muxer), "sl-counted", GINT_TO_POINTER (TRUE));
  g_signal_connect (muxer, "pad-added", G_CALLBACK (muxer_pad_added_cb), user_data);
  iter = gst_element_iterate_sink_pads (muxer);
  while (gst_iterator_next (iter, &item) == GST_ITERATOR_OK)
    {
      muxer_pad_added_cb (muxer, g_value_get_object (&item), user_data);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (iter);
}

/* ---- segment files ----------------------------------------------------- */

char *
sl_camera_format_location (GstElement *splitmux,
                           guint fragment_id,
                           GstSample *first_sample,
                           gpointer user_data)
{
  SlCamera *self = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (first_sample);
  GstClockTime running_time = buffer ? GST_BUFFER_PTS (buffer) : 0;
  gint64 start_us = wall_us (self, running_time);
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_utc (start_us / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *stamp = g_date_time_format (start, "%Y%m%dT%H%M%S");
  g_autofree char *folder = g_strdup_printf ("camera-%" G_GINT64_FORMAT, self->record->id);
  g_autofree char *dir = g_build_filename (self->storage_path, folder, day, NULL);
  g_autofree char *name =
      g_strdup_printf ("%s.%03dZ-main.mkv", stamp, (int)(start_us / 1000 % 1000));
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  SlOpenSegment *entry;
  gint64 open_id;

  if (g_mkdir_with_parents (dir, 0750) < 0)
    g_warning ("Cannot create %s: %s", dir, g_strerror (errno));

  /* The journal row comes before the file, so that a crash while writing it
   * leaves a trace that the next start recovers. This blocks the streaming
   * thread for one catalog write a minute. */
  open_id =
      sl_catalog_begin_segment (self->catalog, self->record->id, "main", path, start_us, &error);
  if (open_id <= 0)
    g_warning ("Camera %s: cannot journal segment %s: %s", self->record->name, path,
               error ? error->message : "?");
  entry = g_new0 (SlOpenSegment, 1);
  entry->id = open_id;
  entry->camera_id = self->record->id;
  entry->stream = g_strdup ("main");
  entry->path = g_strdup (path);
  entry->start_us = start_us;
  g_mutex_lock (&self->shared.lock);
  g_hash_table_insert (self->shared.open_segments, g_strdup (path), entry);
  g_mutex_unlock (&self->shared.lock);
  return path;
}

typedef struct
{
  SlCamera *camera;
  SlSegment *segment;
  gint64 open_id;
} ClosedSegment;

static void
closed_segment_free (ClosedSegment *closed)
{
  g_object_unref (closed->camera);
  sl_segment_free (closed->segment);
  g_free (closed);
}

static void
sync_segment_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ClosedSegment *closed = task_data;
  g_autofree char *dir = g_path_get_dirname (closed->segment->path);
  GStatBuf st;
  int fd;

  /* Durable before indexed: the file, then its directory entry. */
  fd = g_open (closed->segment->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) < 0 || g_stat (closed->segment->path, &st) < 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "Cannot sync %s: %s", closed->segment->path, g_strerror (saved));
      return;
    }
  close (fd);
  closed->segment->bytes = st.st_size;
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  g_task_return_boolean (task, TRUE);
}

void
sl_camera_maybe_finish_stop (SlCamera *self)
{
  if (self->stop_task == NULL || self->pipeline != NULL || self->pending_writes > 0)
    return;
  g_task_return_boolean (self->stop_task, TRUE);
  g_clear_object (&self->stop_task);
}

static void
segment_indexed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClosedSegment *closed = user_data;
  SlCamera *self = closed->camera;
  g_autoptr (GError) error = NULL;

  if (sl_catalog_add_segment_finish (SL_CATALOG (source), result, &error) <= 0)
    g_warning ("Camera %s: cannot index %s: %s", self->record->name, closed->segment->path,
               error ? error->message : "?");
  self->pending_writes--;
  sl_camera_maybe_finish_stop (self);
  closed_segment_free (closed);
}

static void
segment_synced_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClosedSegment *closed = user_data;
  SlCamera *self = closed->camera;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Camera %s: %s", self->record->name, error->message);
      self->pending_writes--;
      sl_camera_maybe_finish_stop (self);
      closed_segment_free (closed);
      return;
    }
  sl_catalog_add_segment_async (self->catalog, closed->open_id, closed->segment, NULL,
                                segment_indexed_cb, closed);
}

void
sl_camera_fragment_closed (SlCamera *self, const GstStructure *s)
{
  const char *path = gst_structure_get_string (s, "location");
  GstClockTime end_rt = 0, start_rt = 0, last_frame_end;
  SlOpenSegment *entry;
  FragmentFrames *counted;
  guint64 *opened_at;
  gboolean final;
  ClosedSegment *closed;
  SlSegment *segment;
  g_autoptr (GTask) task = NULL;
  gint64 start_us;

  gst_structure_get_uint64 (s, "running-time", &end_rt);
  if (path == NULL)
    return;
  if ((opened_at = g_hash_table_lookup (self->fragment_starts, path)))
    start_rt = *opened_at;
  g_hash_table_remove (self->fragment_starts, path);

  g_mutex_lock (&self->shared.lock);
  self->shared.offset_frozen = TRUE; /* later segments continue this timeline */
  g_mutex_unlock (&self->shared.lock);

  segment = g_new0 (SlSegment, 1);
  segment->camera_id = self->record->id;
  segment->stream = g_strdup ("main");
  segment->path = g_strdup (path);
  segment->type = SL_RECORDING_CONTINUOUS;
  g_mutex_lock (&self->shared.lock);
  final = self->shared.ended;
  last_frame_end = self->shared.last_frame_end;
  g_mutex_unlock (&self->shared.lock);
  g_mutex_lock (&self->shared.lock);
  if ((counted = g_hash_table_lookup (self->shared.fragment_frames, path)))
    {
      segment->frames = counted->frames;
      segment->key_frames = counted->key_frames;
    }
  else
    g_warning ("Camera %s: no frame count for %s", self->record->name, path);
  if (counted && GST_CLOCK_TIME_IS_VALID (counted->end))
    end_rt = counted->end;
  else if (final && last_frame_end > end_rt)
    end_rt = last_frame_end; /* the message gives the last frame's start */
  g_hash_table_remove (self->shared.fragment_frames, path);
  segment->codec = g_strdup (self->shared.codec);
  segment->width = self->shared.width;
  segment->height = self->shared.height;
  g_mutex_unlock (&self->shared.lock);

  start_us = wall_us (self, start_rt);
  /* A new session after an interruption: say why nothing was recorded. A
   * start before the previous end means the local clock stepped back. */
  if (self->last_end_us > 0 && start_us < self->last_end_us)
    {
      /* Segments never overlap: this one starts where the last one ended,
       * and the step is logged as such. */
      if (self->last_end_us - start_us > CONTIGUOUS_US)
        {
          g_autofree char *text = g_strdup_printf (
              _ ("The clock went back %.1f s while recording camera '%s'; its recording continues "
                 "from the time it had reached"),
              (self->last_end_us - start_us) / 1e6, self->record->name);

          sl_camera_log_event (self, SL_LOG_EVENT, sl_gap_reason_to_string (SL_GAP_CLOCK_STEP),
                               text);
        }
      start_us = self->last_end_us;
    }
  else if (self->session_first && self->last_end_us > 0 &&
           start_us - self->last_end_us > CONTIGUOUS_US)
    sl_catalog_add_gap_async (self->catalog, self->record->id, self->last_end_us, start_us,
                              self->session_gap_reason, NULL, NULL, NULL);
  self->session_first = FALSE;
  segment->start_us = start_us;
  segment->end_us = MAX (start_us, wall_us (self, end_rt));
  self->last_end_us = segment->end_us;

  closed = g_new0 (ClosedSegment, 1);
  closed->camera = g_object_ref (self);
  closed->segment = segment;
  g_mutex_lock (&self->shared.lock);
  entry = g_hash_table_lookup (self->shared.open_segments, path);
  closed->open_id = entry ? entry->id : 0;
  g_hash_table_remove (self->shared.open_segments, path);
  g_mutex_unlock (&self->shared.lock);

  g_debug ("Camera %s: segment %s, %.3f s, %" G_GINT64_FORMAT " frames", self->record->name, path,
           (segment->end_us - segment->start_us) / 1e6, segment->frames);
  self->pending_writes++;
  task = g_task_new (NULL, NULL, segment_synced_cb, closed);
  g_task_set_task_data (task, closed, NULL);
  g_task_run_in_thread (task, sync_segment_thread);
}

void
sl_camera_fragment_opened (SlCamera *self, const GstStructure *s)
{
  const char *path = gst_structure_get_string (s, "location");
  guint64 running_time = 0;

  if (path == NULL || !gst_structure_get_uint64 (s, "running-time", &running_time))
    return;
  g_hash_table_insert (self->fragment_starts, g_strdup (path),
                       g_memdup2 (&running_time, sizeof running_time));
}
