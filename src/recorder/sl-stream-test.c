// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "sl-codec.h"
#include "sl-error.h"
#include "sl-stream-test.h"

typedef struct
{
  GstElement *pipeline;
  GSource *deadline;
  GSource *bus_watch;
  gulong cancelled_id;
  GCancellable *cancellable;
  GMutex lock;
  char *description; /* from the streaming thread, under lock */
  gboolean done;
  gboolean http; /* an MJPEG stream over HTTP, not RTSP */
} StreamTest;

static void
stop_pipeline_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  /* Going to NULL sends the RTSP TEARDOWN and may wait for it: not on the main thread. */
  gst_element_set_state (task_data, GST_STATE_NULL);
  g_task_return_boolean (task, TRUE);
}

static void
stream_test_free (gpointer data)
{
  StreamTest *test = data;

  g_mutex_clear (&test->lock);
  g_free (test->description);
  g_free (test);
}

/* Stops listening, hangs up (in a thread) and lets go of the task. */
static void
tear_down (GTask *task)
{
  StreamTest *test = g_task_get_task_data (task);

  if (test->deadline != NULL)
    g_source_destroy (test->deadline);
  g_clear_pointer (&test->deadline, g_source_unref);
  if (test->bus_watch != NULL)
    g_source_destroy (test->bus_watch);
  g_clear_pointer (&test->bus_watch, g_source_unref);
  if (test->cancellable != NULL)
    {
      /* Not g_cancellable_disconnect(): it waits for a handler running on another thread. */
      g_signal_handler_disconnect (test->cancellable, test->cancelled_id);
      g_clear_object (&test->cancellable);
    }
  if (test->pipeline != NULL)
    {
      g_autoptr (GTask) stop = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_task_data (stop, g_steal_pointer (&test->pipeline), gst_object_unref);
      g_task_run_in_thread (stop, stop_pipeline_thread);
    }
}

/* Completes @task once; later calls do nothing. */
static void
finish (GTask *task, GError *error)
{
  StreamTest *test = g_task_get_task_data (task);
  g_autofree char *description = NULL;

  if (test->done)
    {
      g_clear_error (&error);
      return;
    }
  test->done = TRUE;
  tear_down (task);
  if (error != NULL)
    {
      g_task_return_error (task, error);
    }
  else
    {
      g_mutex_lock (&test->lock);
      description = g_strdup (test->description);
      g_mutex_unlock (&test->lock);
      g_task_return_pointer (task, g_steal_pointer (&description), g_free);
    }
  /* The reference taken while the test runs. */
  g_object_unref (task);
}

static gboolean
deadline_cb (gpointer user_data)
{
  finish (user_data, g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                  _ ("No video arrived within %d seconds; check the address and "
                                     "path of the stream."),
                                  SL_STREAM_TEST_TIMEOUT_SECONDS));
  return G_SOURCE_REMOVE;
}

static GError *
not_mjpeg_error (void)
{
  return g_error_new_literal (
      SL_ERROR, SL_ERROR_FAILED,
      _ ("The address does not send MJPEG video (JPEG pictures in a "
         "multipart/x-mixed-replace reply); give the URL of the camera's "
         "MJPEG stream, such as http://192.0.2.10/axis-cgi/mjpg/video.cgi."));
}

static gboolean
not_mjpeg_cb (gpointer user_data)
{
  finish (user_data, not_mjpeg_error ());
  return G_SOURCE_REMOVE;
}

static gboolean
stream_found_cb (gpointer user_data)
{
  finish (user_data, NULL);
  return G_SOURCE_REMOVE;
}

/* Streaming thread: the first stream of the session. */
static void
pad_added_cb (GstElement *source, GstPad *pad, gpointer user_data)
{
  GTask *task = user_data;
  StreamTest *test = g_task_get_task_data (task);
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *structure = caps ? gst_caps_get_structure (caps, 0) : NULL;
  const char *media = structure ? gst_structure_get_string (structure, "media") : NULL;
  const char *encoding = structure ? gst_structure_get_string (structure, "encoding-name") : NULL;
  GSource *idle;

  g_mutex_lock (&test->lock);
  if (test->description == NULL || g_strcmp0 (media, "video") == 0)
    {
      g_free (test->description);
      test->description =
          g_strdup_printf ("%s %s", encoding ? encoding : "?", media ? media : "stream");
    }
  g_mutex_unlock (&test->lock);

  idle = g_idle_source_new ();
  g_source_set_callback (idle, stream_found_cb, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

/* Streaming thread: the first part of an HTTP multipart reply. */
static void
part_added_cb (GstElement *demux, GstPad *pad, gpointer user_data)
{
  GTask *task = user_data;
  StreamTest *test = g_task_get_task_data (task);
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *structure = caps ? gst_caps_get_structure (caps, 0) : NULL;
  gboolean jpeg = structure != NULL && gst_structure_has_name (structure, "image/jpeg");
  GSource *idle;

  if (jpeg)
    {
      g_mutex_lock (&test->lock);
      if (test->description == NULL)
        test->description = g_strdup ("MJPEG video");
      g_mutex_unlock (&test->lock);
    }
  idle = g_idle_source_new ();
  g_source_set_callback (idle, jpeg ? stream_found_cb : not_mjpeg_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  GTask *task = user_data;
  StreamTest *test = g_task_get_task_data (task);
  g_autoptr (GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  gboolean found;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR)
    return G_SOURCE_CONTINUE;

  /* A stream arrived: what follows (not linked, we hang up) does not matter. */
  g_mutex_lock (&test->lock);
  found = test->description != NULL;
  g_mutex_unlock (&test->lock);
  if (found)
    {
      finish (task, NULL);
      return G_SOURCE_CONTINUE;
    }

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Stream test: %s (%s)", gst_error->message, debug ? debug : "");
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED))
    finish (task, g_error_new_literal (SL_ERROR, SL_ERROR_CREDENTIALS,
                                       _ ("The camera refused the user name or password.")));
  else if (test->http && gst_error->domain == GST_STREAM_ERROR)
    finish (task, not_mjpeg_error ());
  else
    finish (task, g_error_new (SL_ERROR, SL_ERROR_FAILED, _ ("Cannot play the stream: %s"),
                               gst_error->message));
  return G_SOURCE_CONTINUE;
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  finish (user_data,
          g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The test was cancelled.")));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  GSource *idle = g_idle_source_new ();

  /* May run on any thread: complete on the task's context. */
  g_source_set_callback (idle, cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

/* A GET of the MJPEG stream: souphttpsrc → multipartdemux, whose first part
 * tells whether JPEG pictures come. */
static gboolean
make_http_source (
    GstElement *pipeline, const char *url, const char *username, const char *password, GTask *task)
{
  GstElement *demux = sl_codec_add_mjpeg_http_source (GST_BIN (pipeline), url, username, password,
                                                      SL_STREAM_TEST_TIMEOUT_SECONDS, FALSE);

  if (demux == NULL)
    return FALSE;
  g_signal_connect_data (demux, "pad-added", G_CALLBACK (part_added_cb), g_object_ref (task),
                         (GClosureNotify)(void (*) (void))g_object_unref, 0);
  return TRUE;
}

void
sl_stream_test_async (const char *url,
                      const char *username,
                      const char *password,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GstBus) bus = NULL;
  StreamTest *test = g_new0 (StreamTest, 1);
  GstElement *source;

  g_task_set_source_tag (task, sl_stream_test_async);
  g_mutex_init (&test->lock);
  g_task_set_task_data (task, test, stream_test_free);

  test->pipeline = gst_pipeline_new ("stream-test");
  test->http =
      g_ascii_strncasecmp (url, "http://", 7) == 0 || g_ascii_strncasecmp (url, "https://", 8) == 0;
  if (test->http)
    {
      if (!make_http_source (test->pipeline, url, username, password, task))
        {
          gst_clear_object (&test->pipeline);
          g_task_return_new_error (task, SL_ERROR, SL_ERROR_FAILED,
                                   _ ("The GStreamer HTTP plugins (souphttpsrc, multipartdemux) "
                                      "are missing; install the GStreamer good plugins."));
          return;
        }
    }
  else if ((source = gst_element_factory_make ("rtspsrc", NULL)) == NULL)
    {
      gst_clear_object (&test->pipeline);
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_FAILED,
                               _ ("The GStreamer RTSP plugin (rtspsrc) is missing; install the "
                                  "GStreamer good plugins."));
      return;
    }
  else
    {
      g_object_set (source, "location", url, "protocols", 4 /* GST_RTSP_LOWER_TRANS_TCP */,
                    "tcp-timeout", (guint64)SL_STREAM_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC, NULL);
      if (username != NULL && username[0] != '\0')
        g_object_set (source, "user-id", username, "user-pw", password ? password : "", NULL);
      g_signal_connect_data (source, "pad-added", G_CALLBACK (pad_added_cb), g_object_ref (task),
                             (GClosureNotify)(void (*) (void))g_object_unref, 0);
      gst_bin_add (GST_BIN (test->pipeline), source);
    }
  bus = gst_pipeline_get_bus (GST_PIPELINE (test->pipeline));
  test->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (test->bus_watch, (GSourceFunc)(void (*) (void))bus_cb, task, NULL);
  g_source_attach (test->bus_watch, g_task_get_context (task));

  test->deadline = g_timeout_source_new_seconds (SL_STREAM_TEST_TIMEOUT_SECONDS);
  g_source_set_callback (test->deadline, deadline_cb, task, NULL);
  g_source_attach (test->deadline, g_task_get_context (task));

  if (cancellable != NULL)
    {
      test->cancellable = g_object_ref (cancellable);
      test->cancelled_id =
          g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), task, NULL);
    }

  /* Dropped by finish(): the sources above borrow the task until then. */
  g_object_ref (task);
  /* rtspsrc connects in its own thread: this returns at once. */
  gst_element_set_state (test->pipeline, GST_STATE_PLAYING);
}

char *
sl_stream_test_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_stream_test_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
