// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/rtsp/rtsp.h>

#include "sl-camera-private.h"
#include "sl-clip.h"
#include "sl-credentials.h"
#include "sl-segment-file.h"
#include "sl-error.h"

#define FIRST_RETRY_MS  2000
#define MAX_RETRY_MS    15000
#define AUTH_RETRY_MS   60000
#define STOP_TIMEOUT_MS 5000

enum
{
  PROP_0,
  PROP_STATE,
  PROP_BITRATE,
  PROP_FRAME_RATE,
  PROP_LAST_ERROR,
  PROP_ATTEMPTS,
  PROP_MOTION,
  PROP_NAME,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlCamera, sl_camera, G_TYPE_OBJECT)

static const GEnumValue state_values[] = {
  { SL_CAMERA_STATE_DISABLED, "SL_CAMERA_STATE_DISABLED", "disabled" },
  { SL_CAMERA_STATE_CONNECTING, "SL_CAMERA_STATE_CONNECTING", "connecting" },
  { SL_CAMERA_STATE_RECORDING, "SL_CAMERA_STATE_RECORDING", "recording" },
  { SL_CAMERA_STATE_RECONNECTING, "SL_CAMERA_STATE_RECONNECTING", "reconnecting" },
  { SL_CAMERA_STATE_AUTH_FAILED, "SL_CAMERA_STATE_AUTH_FAILED", "auth-failed" },
  { SL_CAMERA_STATE_STORAGE_ERROR, "SL_CAMERA_STATE_STORAGE_ERROR", "storage-error" },
  { 0, NULL, NULL },
};

GType
sl_camera_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("SlCameraState", state_values));
  return type_id;
}

const char *
sl_camera_state_to_string (SlCameraState state)
{
  for (guint i = 0; state_values[i].value_nick; i++)
    if (state_values[i].value == (gint)state)
      return state_values[i].value_nick;
  return "unknown";
}

/* ---- state ------------------------------------------------------------- */

void
sl_camera_set_state (SlCamera *self, SlCameraState state, const char *error)
{
  if (error != NULL && g_strcmp0 (error, self->last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
  if (self->state == state)
    return;
  g_debug ("Camera %s: %s -> %s", self->record->name, sl_camera_state_to_string (self->state),
           sl_camera_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* One more connection attempt (the "attempts" property). */
void
sl_camera_count_attempt (SlCamera *self)
{
  self->attempts++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

void
sl_camera_log_event (SlCamera *self, SlLogKind kind, const char *type, const char *message)
{
  sl_catalog_add_log_async (self->catalog, kind, self->record->id, type, message, NULL, NULL, NULL);
}

static void
video_flowing (SlCamera *self)
{
  self->reached_recording = TRUE;
  self->retry_ms = 0;
  sl_camera_set_state (self, SL_CAMERA_STATE_RECORDING, NULL);
}

/* ---- pipeline: errors, retries, teardown (built in sl-camera-pipeline.c) */

static SlGapReason
classify_error (SlCamera *self, GstMessage *message, GError *error)
{
  GstObject *source = GST_MESSAGE_SRC (message);
  gboolean from_storage = FALSE;

  for (GstObject *o = source; o; o = GST_OBJECT_PARENT (o))
    if (GST_ELEMENT_CAST (o) == self->splitmux)
      from_storage = TRUE;

  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED))
    return SL_GAP_AUTH_REFUSED;
  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT))
    return SL_GAP_STORAGE_FULL;
  if (from_storage)
    return SL_GAP_STORAGE_ERROR;
  return SL_GAP_CONNECTION_LOST;
}

static void schedule_retry (SlCamera *self, SlGapReason reason);

/* An MJPEG camera over HTTP (sl-camera-inputs.c), whatever its driver. */
gboolean
sl_camera_is_http_camera (SlCamera *self)
{
  const char *url = self->record->main_url ? self->record->main_url : "";

  return g_ascii_strncasecmp (url, "http://", 7) == 0 ||
         g_ascii_strncasecmp (url, "https://", 8) == 0;
}

/* While the camera is unreachable, a cheap TCP connect to its RTSP (or
 * HTTP) port runs every second, so that recording resumes within moments of
 * the network returning although full reconnects back off to every 15 s. */
static void
probe_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlCamera *self = user_data;
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;

  connection = g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->probe_cancellable);
  if (connection != NULL && self->retry_id != 0 && self->pipeline == NULL)
    {
      g_debug ("Camera %s is reachable again", self->record->name);
      g_clear_handle_id (&self->retry_id, g_source_remove);
      g_clear_handle_id (&self->probe_id, g_source_remove);
      sl_camera_start_pipeline (self);
    }
}

static gboolean
probe_cb (gpointer user_data)
{
  SlCamera *self = user_data;
  g_autoptr (GSocketClient) client = NULL;
  guint16 port;

  if (self->probe_cancellable != NULL || self->retry_id == 0)
    return G_SOURCE_CONTINUE;
  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 2);
  self->probe_cancellable = g_cancellable_new ();
  if (!sl_camera_is_http_camera (self))
    port = 554;
  else
    port = g_ascii_strncasecmp (self->record->main_url, "https:", 6) == 0 ? 443 : 80;
  g_socket_client_connect_to_uri_async (client, self->record->main_url, port,
                                        self->probe_cancellable, probe_connected_cb, self);
  return G_SOURCE_CONTINUE;
}

void
sl_camera_stop_probing (SlCamera *self)
{
  g_clear_handle_id (&self->probe_id, g_source_remove);
  if (self->probe_cancellable)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
}

static gboolean
retry_cb (gpointer user_data)
{
  SlCamera *self = user_data;

  self->retry_id = 0;
  if (self->pipeline != NULL)
    {
      /* The previous pipeline is still closing its segment. */
      self->retry_id = g_timeout_add (250, retry_cb, self);
      return G_SOURCE_REMOVE;
    }
  sl_camera_start_pipeline (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SlCamera *self, SlGapReason reason)
{
  guint delay;

  /* First retry within 2 s, then back off to at most every 15 s; a refused
   * password is retried only once a minute: no retry storm. */
  if (reason == SL_GAP_AUTH_REFUSED)
    delay = AUTH_RETRY_MS;
  else
    delay = self->retry_ms =
        self->retry_ms == 0 ? FIRST_RETRY_MS : MIN (self->retry_ms * 2, MAX_RETRY_MS);
  g_debug ("Camera %s: retrying in %u ms", self->record->name, delay);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
  if (reason == SL_GAP_CONNECTION_LOST && self->probe_id == 0 &&
      (g_str_has_prefix (self->record->main_url, "rtsp://") || sl_camera_is_http_camera (self)))
    self->probe_id = g_timeout_add_seconds (1, probe_cb, self);
}

static void
stop_pipeline_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  /* A live RTSP source can take a moment to go down: not on the main thread. */
  gst_element_set_state (task_data, GST_STATE_NULL);
  g_task_return_boolean (task, TRUE);
}

static void
recover_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SlCamera *self = source;
  GPtrArray *leftovers = task_data;
  gint64 last_end = 0;

  for (guint i = 0; i < leftovers->len; i++)
    {
      SlOpenSegment *row = leftovers->pdata[i];
      g_autoptr (GError) error = NULL;
      gint64 end_us;

      if (sl_segment_file_recover (self->catalog, row, &end_us, &error))
        last_end = MAX (last_end, end_us);
      else
        g_debug ("Camera %s: nothing to keep in %s: %s", self->record->name, row->path,
                 error->message);
    }
  g_task_return_int (task, last_end);
}

static void
recovered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlCamera *self = SL_CAMERA (source);
  gint64 last_end = g_task_propagate_int (G_TASK (result), NULL);

  self->last_end_us = MAX (self->last_end_us, last_end);
  self->pending_writes--;
  sl_camera_maybe_finish_stop (self);
}

static void
pipeline_stopped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlCamera *self = user_data;
  g_autoptr (GPtrArray) leftovers =
      g_ptr_array_new_with_free_func ((GDestroyNotify)sl_open_segment_free);
  GHashTableIter iter;
  gpointer value;

  /* A segment the muxer could not close (full disk, a stuck muxer) is indexed
   * from what its file holds, as after a crash. */
  g_mutex_lock (&self->shared.lock);
  g_hash_table_iter_init (&iter, self->shared.open_segments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (leftovers, value);
      g_hash_table_iter_steal (&iter);
    }
  g_mutex_unlock (&self->shared.lock);
  g_hash_table_remove_all (self->fragment_starts);

  if (leftovers->len > 0)
    {
      g_autoptr (GTask) task = g_task_new (self, NULL, recovered_cb, NULL);

      self->pending_writes++;
      g_task_set_task_data (task, g_steal_pointer (&leftovers), (GDestroyNotify)g_ptr_array_unref);
      g_task_run_in_thread (task, recover_thread);
    }
  sl_camera_maybe_finish_stop (self);
  g_object_unref (self);
}

gboolean
sl_camera_release_video_cb (gpointer user_data)
{
  SlCamera *self = user_data;

  self->release_id = 0;
  sl_camera_release_video (&self->shared);
  return G_SOURCE_REMOVE;
}

void
sl_camera_teardown_pipeline (SlCamera *self)
{
  g_autoptr (GTask) task = NULL;
  GstElement *pipeline = g_steal_pointer (&self->pipeline);

  g_clear_handle_id (&self->finish_timeout_id, g_source_remove);
  g_clear_handle_id (&self->release_id, g_source_remove);
  sl_camera_release_video (&self->shared);
  if (pipeline == NULL)
    return;
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  self->splitmux = NULL;
  sl_camera_live_reset (self);
  task = g_task_new (NULL, NULL, pipeline_stopped_cb, g_object_ref (self));
  g_task_set_task_data (task, pipeline, gst_object_unref);
  g_task_run_in_thread (task, stop_pipeline_thread);
}

/* Ends the segment being written: EOS straight into the muxer's input, so it
 * works whatever state the network side is in. Its EOS message then tears
 * the pipeline down. */
static gboolean
finish_timeout_cb (gpointer user_data)
{
  SlCamera *self = user_data;

  /* The muxer did not finish in time: stop anyway; the journal lets the next
   * start recover the segment. */
  self->finish_timeout_id = 0;
  g_message ("Camera %s: the segment being written did not close in time", self->record->name);
  sl_camera_teardown_pipeline (self);
  return G_SOURCE_REMOVE;
}

static void
finish_segment (SlCamera *self)
{
  GstIterator *iter;
  GValue item = G_VALUE_INIT;
  guint n_pads = 0;

  if (self->pipeline == NULL || self->finish_timeout_id != 0)
    return;
  if (self->splitmux != NULL)
    {
      /* The EOS goes around the parser: mark the end for the segment's end time. */
      g_mutex_lock (&self->shared.lock);
      self->shared.ended = TRUE;
      g_mutex_unlock (&self->shared.lock);
      iter = gst_element_iterate_sink_pads (self->splitmux);
      while (gst_iterator_next (iter, &item) == GST_ITERATOR_OK)
        {
          gst_pad_send_event (g_value_get_object (&item), gst_event_new_eos ());
          g_value_reset (&item);
          n_pads++;
        }
      g_value_unset (&item);
      gst_iterator_free (iter);
    }
  if (n_pads == 0)
    {
      /* Nothing was ever linked to the muxer: no segment to close. */
      sl_camera_teardown_pipeline (self);
      return;
    }
  self->finish_timeout_id = g_timeout_add (STOP_TIMEOUT_MS, finish_timeout_cb, self);
}

void
sl_camera_interrupted (SlCamera *self, SlGapReason reason, const char *message)
{
  SlCameraState state = SL_CAMERA_STATE_RECONNECTING;
  SlLogKind kind = SL_LOG_EVENT;

  if (reason == SL_GAP_AUTH_REFUSED)
    state = SL_CAMERA_STATE_AUTH_FAILED, kind = SL_LOG_ALARM;
  else if (reason == SL_GAP_STORAGE_ERROR || reason == SL_GAP_STORAGE_FULL)
    state = SL_CAMERA_STATE_STORAGE_ERROR, kind = SL_LOG_ALARM;

  if (self->state != state)
    sl_camera_log_event (self, kind, sl_gap_reason_to_string (reason), message);
  self->pending_reason = reason;
  sl_camera_set_state (self, state, message);
  /* A transport that never delivered: try the other one next time, unless
   * the camera is set to one. */
  if (!self->reached_recording && reason == SL_GAP_CONNECTION_LOST &&
      (self->record->transport == SL_TRANSPORT_TCP_THEN_UDP ||
       self->record->transport == SL_TRANSPORT_UDP_THEN_TCP))
    self->protocol = self->protocol == GST_RTSP_LOWER_TRANS_TCP ? GST_RTSP_LOWER_TRANS_UDP
                                                                : GST_RTSP_LOWER_TRANS_TCP;
  finish_segment (self);
  if (!self->stopping)
    schedule_retry (self, reason);
}

gboolean
sl_camera_bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  SlCamera *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
      case GST_MESSAGE_APPLICATION:
        if (gst_message_has_name (message, "sl-flowing") && !self->failing)
          video_flowing (self);
        else if (gst_message_has_name (message, "sl-video-linked"))
          sl_camera_video_linked (self, GST_ELEMENT (GST_MESSAGE_SRC (message)));
        break;
      case GST_MESSAGE_ELEMENT:
        {
          const GstStructure *s = gst_message_get_structure (message);

          if (gst_structure_has_name (s, "splitmuxsink-fragment-opened"))
            sl_camera_fragment_opened (self, s);
          else if (gst_structure_has_name (s, "splitmuxsink-fragment-closed"))
            sl_camera_fragment_closed (self, s);
          break;
        }
      case GST_MESSAGE_ERROR:
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *debug = NULL;
          g_autofree char *text = NULL;
          SlGapReason reason;

          gst_message_parse_error (message, &error, &debug);
          g_debug ("Camera %s: %s (%s)", self->record->name, error->message, debug);
          reason = classify_error (self, message, error);
          if (reason == SL_GAP_AUTH_REFUSED)
            text = g_strdup_printf (_ ("Camera '%s' refused the user name or password"),
                                    self->record->name);
          else if (reason == SL_GAP_CONNECTION_LOST)
            text = g_strdup_printf (_ ("Lost the connection to camera '%s': %s"),
                                    self->record->name, error->message);
          else
            text = g_strdup_printf (_ ("Cannot write the recordings of camera '%s': %s"),
                                    self->record->name, error->message);
          /* One interruption per pipeline: further errors are its echoes. */
          if (!self->failing)
            {
              self->failing = TRUE;
              sl_camera_interrupted (self, reason, text);
            }
          break;
        }
      case GST_MESSAGE_EOS:
        /* The muxer has closed its last segment: the pipeline can go. If the
         * camera ended the stream itself, that is an interruption too. */
        if (!self->stopping && self->state == SL_CAMERA_STATE_RECORDING)
          {
            g_autofree char *text =
                g_strdup_printf (_ ("Camera '%s' ended the stream"), self->record->name);

            self->pending_reason = SL_GAP_STREAM_ENDED;
            sl_camera_set_state (self, SL_CAMERA_STATE_RECONNECTING, text);
            sl_camera_log_event (self, SL_LOG_EVENT, sl_gap_reason_to_string (SL_GAP_STREAM_ENDED),
                                 text);
            schedule_retry (self, SL_GAP_STREAM_ENDED);
          }
        sl_camera_teardown_pipeline (self);
        return G_SOURCE_REMOVE;
      default:
        break;
    }
  return G_SOURCE_CONTINUE;
}

/* ---- statistics -------------------------------------------------------- */

static gboolean
stats_cb (gpointer user_data)
{
  SlCamera *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint64 bytes, frames;
  double seconds, bitrate, frame_rate;

  g_mutex_lock (&self->shared.lock);
  bytes = self->shared.bytes_total;
  frames = self->shared.frames_total;
  g_mutex_unlock (&self->shared.lock);

  seconds = (now - self->stats_time) / 1e6;
  bitrate = self->state == SL_CAMERA_STATE_RECORDING && seconds > 0
                ? (bytes - self->stats_bytes) * 8.0 / seconds
                : 0;
  frame_rate = self->state == SL_CAMERA_STATE_RECORDING && seconds > 0
                   ? (frames - self->stats_frames) / seconds
                   : 0;
  self->stats_bytes = bytes;
  self->stats_frames = frames;
  self->stats_time = now;
  if (bitrate != self->bitrate)
    {
      self->bitrate = bitrate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BITRATE]);
    }
  if (frame_rate != self->frame_rate)
    {
      self->frame_rate = frame_rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_RATE]);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- GObject ----------------------------------------------------------- */

static void
sl_camera_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlCamera *self = SL_CAMERA (object);

  switch (prop_id)
    {
      case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
      case PROP_BITRATE:
        g_value_set_double (value, self->bitrate);
        break;
      case PROP_FRAME_RATE:
        g_value_set_double (value, self->frame_rate);
        break;
      case PROP_LAST_ERROR:
        g_value_set_string (value, self->last_error);
        break;
      case PROP_ATTEMPTS:
        g_value_set_uint (value, self->attempts);
        break;
      case PROP_MOTION:
        g_value_set_boolean (value, self->motion);
        break;
      case PROP_NAME:
        g_value_set_string (value, sl_camera_get_name (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_camera_dispose (GObject *object)
{
  SlCamera *self = SL_CAMERA (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->stats_id, g_source_remove);
  g_clear_handle_id (&self->finish_timeout_id, g_source_remove);
  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->clip_cancellable)
    g_cancellable_cancel (self->clip_cancellable);
  g_clear_object (&self->clip_cancellable);
  sl_camera_stop_probing (self);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->pipeline);
  self->splitmux = NULL;
  sl_camera_live_reset (self);
  sl_camera_live_dispose (self);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sl_camera_parent_class)->dispose (object);
}

static void
sl_camera_finalize (GObject *object)
{
  SlCamera *self = SL_CAMERA (object);

  sl_camera_record_free (self->record);
  g_free (self->display_name);
  sl_credentials_free_password (self->password);
  g_free (self->storage_path);
  g_free (self->last_error);
  g_hash_table_unref (self->fragment_starts);
  g_mutex_clear (&self->shared.lock);
  g_hash_table_unref (self->shared.fragment_frames);
  g_hash_table_unref (self->shared.open_segments);
  g_free (self->shared.codec);
  g_free (self->shared.sub_codec);
  g_clear_object (&self->shared.video_mux_pad);
  g_clear_pointer (&self->clip, sl_clip_free);
  sl_camera_live_finalize (self);

  G_OBJECT_CLASS (sl_camera_parent_class)->finalize (object);
}

static void
sl_camera_class_init (SlCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_camera_get_property;
  object_class->dispose = sl_camera_dispose;
  object_class->finalize = sl_camera_finalize;

  properties[PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, SL_TYPE_CAMERA_STATE, SL_CAMERA_STATE_DISABLED,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BITRATE] =
      g_param_spec_double ("bitrate", NULL, NULL, 0, G_MAXDOUBLE, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FRAME_RATE] =
      g_param_spec_double ("frame-rate", NULL, NULL, 0, G_MAXDOUBLE, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_ERROR] =
      g_param_spec_string ("last-error", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ATTEMPTS] =
      g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Whether the camera reports motion now (its event channel; always FALSE
   * for cameras without one or while it is not connected). */
  properties[PROP_MOTION] =
      g_param_spec_boolean ("motion", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* What the user calls the camera (sl_camera_set_name() renames it). */
  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_camera_init (SlCamera *self)
{
  g_mutex_init (&self->shared.lock);
  self->shared.fragment_frames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sl_camera_live_init (self);
  self->shared.open_segments =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)sl_open_segment_free);
  self->fragment_starts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

SlCamera *
sl_camera_new (SlCatalog *catalog,
               const SlCameraRecord *record,
               const char *password,
               const char *storage_path,
               SlGapReason reason_since_last,
               gint64 last_end_us)
{
  SlCamera *self = g_object_new (SL_TYPE_CAMERA, NULL);

  self->catalog = g_object_ref (catalog);
  self->record = sl_camera_record_copy (record);
  self->password = g_strdup (password);
  self->storage_path = g_strdup (storage_path);
  self->pending_reason = reason_since_last;
  self->protocol = record->transport == SL_TRANSPORT_UDP_THEN_TCP ? GST_RTSP_LOWER_TRANS_UDP
                                                                  : GST_RTSP_LOWER_TRANS_TCP;
  self->last_end_us = last_end_us;
  return self;
}

gint64
sl_camera_get_id (SlCamera *self)
{
  return self->record->id;
}

const char *
sl_camera_get_name (SlCamera *self)
{
  return self->display_name != NULL ? self->display_name : self->record->name;
}

/* Main thread. The record's name stays what the streaming threads log. */
void
sl_camera_set_name (SlCamera *self, const char *name)
{
  g_return_if_fail (SL_IS_CAMERA (self));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (name, sl_camera_get_name (self)) == 0)
    return;
  g_free (self->display_name);
  self->display_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

SlCameraState
sl_camera_get_state (SlCamera *self)
{
  return self->state;
}

double
sl_camera_get_bitrate (SlCamera *self)
{
  return self->bitrate;
}

double
sl_camera_get_frame_rate (SlCamera *self)
{
  return self->frame_rate;
}

const char *
sl_camera_get_last_error (SlCamera *self)
{
  return self->last_error;
}

gboolean
sl_camera_get_motion (SlCamera *self)
{
  g_return_val_if_fail (SL_IS_CAMERA (self), FALSE);

  return self->motion;
}

void
sl_camera_set_motion (SlCamera *self, gboolean motion)
{
  g_return_if_fail (SL_IS_CAMERA (self));

  motion = !!motion;
  if (self->motion == motion)
    return;
  self->motion = motion;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOTION]);
}

void
sl_camera_start (SlCamera *self)
{
  if (!self->record->enabled)
    {
      sl_camera_set_state (self, SL_CAMERA_STATE_DISABLED, NULL);
      return;
    }
  self->stopping = FALSE;
  if (self->stats_id == 0)
    {
      self->stats_time = g_get_monotonic_time ();
      self->stats_id = g_timeout_add_seconds (1, stats_cb, self);
    }
  sl_camera_start_pipeline (self);
  sl_camera_live_resume (self);
}

void
sl_camera_stop_async (SlCamera *self,
                      SlGapReason reason,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->stopping = TRUE;
  self->pending_reason = reason;
  sl_camera_stop_probing (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->stats_id, g_source_remove);
  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "Already stopping");
      return;
    }
  self->stop_task = g_steal_pointer (&task);
  sl_camera_live_stop (self);
  finish_segment (self);
  sl_camera_maybe_finish_stop (self);
}

gboolean
sl_camera_stop_finish (SlCamera *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
