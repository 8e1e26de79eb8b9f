// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <string.h>

#include "export-fixture.h"

/* ---- Running an export --------------------------------------------------- */

static void
progress_cb (SlExport *export, gint64 done_us, gint64 total_us, gpointer user_data)
{
  ExportWait *wait = user_data;

  g_assert_cmpint (done_us, >=, wait->last_done);
  g_assert_cmpint (done_us, <=, total_us);
  wait->progress_updates++;
  wait->last_done = done_us;
  wait->total = total_us;
  if (wait->cancel_on_progress != NULL)
    g_cancellable_cancel (wait->cancel_on_progress);
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ExportWait *wait = user_data;

  wait->ok = sl_export_run_finish (SL_EXPORT (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
export_finished (gpointer data)
{
  return ((ExportWait *)data)->done;
}

void
run_export (SlExport *export, GCancellable *cancellable, ExportWait *wait)
{
  g_signal_connect (export, "progress", G_CALLBACK (progress_cb), wait);
  sl_export_run_async (export, cancellable, export_done_cb, wait);
  g_assert_true (wait_until (export_finished, wait, 60000));
}

/* ---- Verification -------------------------------------------------------- */

/* Verifies @dir; with @kind >= 0 expects exactly one problem of that kind
 * naming @file, else none. */
void
expect_verify (const char *dir, int kind, const char *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr (GPtrArray) problems = sl_export_verify (dir, &fingerprint, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", ((SlExportProblem *)problems->pdata[i])->message);
  if (kind < 0)
    {
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpuint (strlen (fingerprint), ==, 64);
      return;
    }
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((SlExportProblem *)problems->pdata[0])->kind, ==, kind);
  g_assert_cmpstr (((SlExportProblem *)problems->pdata[0])->file, ==, file);
  g_assert_nonnull (strstr (((SlExportProblem *)problems->pdata[0])->message, file));
}

/* ---- Looking at the result ----------------------------------------------- */

/* The first file entry of the manifest next to @media. */
JsonObject *
read_manifest_item (const char *media)
{
  g_autofree char *dir = g_path_get_dirname (media);
  g_autofree char *path = g_build_filename (dir, SL_EXPORT_MANIFEST_NAME, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *files;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  files =
      json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "files");
  return json_object_ref (json_array_get_object_element (files, 0));
}

static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, gpointer data)
{
  StreamSpan *span = data;
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;
  if (span->buffers++ == 0)
    span->start = pts;
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    pts += GST_BUFFER_DURATION (buffer);
  span->end = MAX (span->end, pts);
}

/* Plays @path with playbin to the end, without errors, decoding both its
 * video and its audio; returns the duration it reports. */
GstClockTime
play_streams (const char *path, StreamSpan *video, StreamSpan *audio)
{
  g_autoptr (GstElement) playbin = gst_element_factory_make ("playbin", NULL);
  g_autoptr (GstBus) bus = gst_element_get_bus (playbin);
  g_autoptr (GstMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = gst_filename_to_uri (path, &error);
  GstElement *video_sink = gst_element_factory_make ("fakesink", NULL);
  GstElement *audio_sink = gst_element_factory_make ("fakesink", NULL);
  gint64 duration = -1;

  g_assert_no_error (error);
  *video = (StreamSpan){ 0 };
  *audio = (StreamSpan){ 0 };
  g_object_set (video_sink, "sync", FALSE, "signal-handoffs", TRUE, NULL);
  g_object_set (audio_sink, "sync", FALSE, "signal-handoffs", TRUE, NULL);
  g_signal_connect (video_sink, "handoff", G_CALLBACK (on_handoff), video);
  g_signal_connect (audio_sink, "handoff", G_CALLBACK (on_handoff), audio);
  g_object_set (playbin, "uri", uri, "video-sink", video_sink, "audio-sink", audio_sink, NULL);
  gst_element_set_state (playbin, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) play_error = NULL;

      gst_message_parse_error (message, &play_error, NULL);
      g_error ("Playing %s: %s", path, play_error->message);
    }
  g_assert_true (gst_element_query_duration (playbin, GST_FORMAT_TIME, &duration));
  gst_element_set_state (playbin, GST_STATE_NULL);
  return (GstClockTime)duration;
}

/* Plays @path with playbin to the end, without errors; returns the
 * duration it reports. */
GstClockTime
play_to_end (const char *path)
{
  StreamSpan video, audio;

  return play_streams (path, &video, &audio);
}

void
assert_same_member (JsonObject *a, JsonObject *b, const char *name)
{
  g_assert_cmpint (json_object_get_int_member (a, name), ==, json_object_get_int_member (b, name));
}
