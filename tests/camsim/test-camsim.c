// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include "camsim-fixture.h"
#include "sl-time-strip.h"

/* The camsim suite: the simulated camera over real sockets, as a VMS sees it. */

#define FRAME_TIMEOUT (15 * GST_SECOND)

static const char *const with_password[] = { "--username", "root", "--password", "pass", NULL };

/* ---- an RTSP client that decodes --------------------------------------- */

typedef struct
{
  GstElement *pipeline;
  GstElement *sink;
  GstElement *parser;
} Player;

static Player *
player_new (const char *url, const char *protocols, const char *user, const char *password)
{
  Player *player = g_new0 (Player, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *description = g_strdup_printf (
      "rtspsrc name=src latency=0 protocols=%s ! rtph264depay ! h264parse name=parse ! "
      "avdec_h264 ! video/x-raw,format=I420 ! appsink name=sink sync=false max-buffers=30",
      protocols);
  GstElement *src;

  player->pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (player->pipeline), "src");
  g_object_set (src, "location", url, NULL);
  if (user)
    g_object_set (src, "user-id", user, "user-pw", password, NULL);
  gst_object_unref (src);
  player->sink = gst_bin_get_by_name (GST_BIN (player->pipeline), "sink");
  player->parser = gst_bin_get_by_name (GST_BIN (player->pipeline), "parse");
  gst_element_set_state (player->pipeline, GST_STATE_PLAYING);
  return player;
}

static void
player_free (Player *player)
{
  gst_element_set_state (player->pipeline, GST_STATE_NULL);
  gst_object_unref (player->sink);
  gst_object_unref (player->parser);
  gst_object_unref (player->pipeline);
  g_free (player);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Player, player_free)

static GstSample *
player_pull (Player *player)
{
  return gst_app_sink_try_pull_sample (GST_APP_SINK (player->sink), FRAME_TIMEOUT);
}

static void
assert_stream (const char *url, const char *protocols, guint width, guint height)
{
  g_autoptr (Player) player = player_new (url, protocols, "root", "pass");
  g_autoptr (GstSample) sample = player_pull (player);
  g_autoptr (GstPad) pad = NULL;
  g_autoptr (GstCaps) h264_caps = NULL;
  GstVideoInfo info;
  const char *profile;

  g_assert_nonnull (sample);
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpuint (GST_VIDEO_INFO_WIDTH (&info), ==, width);
  g_assert_cmpuint (GST_VIDEO_INFO_HEIGHT (&info), ==, height);

  /* What real cameras send: H.264 Main or High, 4:2:0, 8 bit. */
  pad = gst_element_get_static_pad (player->parser, "src");
  h264_caps = gst_pad_get_current_caps (pad);
  g_assert_nonnull (h264_caps);
  profile = gst_structure_get_string (gst_caps_get_structure (h264_caps, 0), "profile");
  g_assert_true (g_strcmp0 (profile, "main") == 0 || g_strcmp0 (profile, "high") == 0);
  g_assert_cmpstr (
      gst_structure_get_string (gst_caps_get_structure (h264_caps, 0), "chroma-format"), ==,
      "4:2:0");
  g_assert_cmpuint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_I420);
}

static void
test_rtsp_profiles (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);

  assert_stream (camsim_rtsp_url (sim, 0, "main"), "tcp", 1280, 720);
  assert_stream (camsim_rtsp_url (sim, 0, "main"), "udp", 1280, 720);
  assert_stream (camsim_rtsp_url (sim, 0, "sub"), "tcp", 640, 360);
  assert_stream (camsim_rtsp_url (sim, 0, "sub"), "udp", 640, 360);
}

static void
test_rtsp_query (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);
  const char *main_url = camsim_rtsp_url (sim, 0, "main");
  g_autofree char *base = g_strndup (main_url, strchr (main_url, '?') - main_url);
  g_autofree char *full_hd = g_strconcat (base, "?camera=1&resolution=1920x1080&fps=30", NULL);
  g_autofree char *profile = g_strconcat (base, "?streamprofile=sub", NULL);
  g_autofree char *unknown = g_strconcat (base, "?streamprofile=nosuchprofile", NULL);

  assert_stream (full_hd, "tcp", 1920, 1080);
  assert_stream (profile, "tcp", 640, 360);
  /* An unknown profile falls back to the stream defaults without error. */
  assert_stream (unknown, "tcp", 1280, 720);
}

static void
test_rtsp_refuses_wrong_password (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);
  g_autoptr (Player) player = player_new (camsim_rtsp_url (sim, 0, "sub"), "tcp", "root", "nope");
  g_autoptr (GstBus) bus = gst_element_get_bus (player->pipeline);
  g_autoptr (GstMessage) message =
      gst_bus_timed_pop_filtered (bus, FRAME_TIMEOUT, GST_MESSAGE_ERROR | GST_MESSAGE_ASYNC_DONE);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_ERROR);
  gst_message_parse_error (message, &error, NULL);
  g_assert_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
}

/* ---- HTTP --------------------------------------------------------------- */

/* Sends a request and asserts its status; returns the body as text. */
static char *
expect_http (Camsim *sim,
             const char *method,
             const char *path,
             const char *user,
             const char *password,
             guint expected)
{
  guint status = 0;
  g_autoptr (GBytes) body = camsim_http (sim, 0, method, path, user, password, &status);

  g_assert_cmpuint (status, ==, expected);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
assert_jpeg (GBytes *body, guint width, guint height)
{
  g_autoptr (GstElement) pipeline =
      gst_parse_launch ("appsrc name=src ! jpegdec ! appsink name=sink sync=false", NULL);
  g_autoptr (GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_autoptr (GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_autoptr (GstSample) sample = NULL;
  GstVideoInfo info;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_wrapped_bytes (body));
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
  g_assert_nonnull (sample);
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpuint (GST_VIDEO_INFO_WIDTH (&info), ==, width);
  g_assert_cmpuint (GST_VIDEO_INFO_HEIGHT (&info), ==, height);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
test_http_auth (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);
  const char *snapshot = "/axis-cgi/jpg/image.cgi?resolution=640x360";
  g_autoptr (GBytes) anonymous = NULL;
  g_autoptr (GBytes) wrong = NULL;
  g_autoptr (GBytes) digest = NULL;
  guint status = 0;

  anonymous = camsim_http (sim, 0, "GET", snapshot, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  wrong = camsim_http (sim, 0, "GET", snapshot, "root", "wrong", &status);
  g_assert_cmpuint (status, ==, 401);
  digest = camsim_http (sim, 0, "GET", snapshot, "root", "pass", &status);
  g_assert_cmpuint (status, ==, 200);
  assert_jpeg (digest, 640, 360);
}

static gboolean
challenge_offers_digest (Camsim *sim)
{
  const char *base = json_object_get_string_member (camsim_camera (sim, 0), "http");
  g_autofree char *url = g_strconcat (base, "axis-cgi/param.cgi?action=list", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = soup_session_send_and_read (sim->session, msg, NULL, NULL);
  const char *challenge =
      soup_message_headers_get_list (soup_message_get_response_headers (msg), "WWW-Authenticate");

  return challenge != NULL && strstr (challenge, "Digest") != NULL &&
         strstr (challenge, "Basic") != NULL;
}

static void
test_http_api (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);
  g_autofree char *brand = NULL;
  g_autofree char *position = NULL;
  g_autofree char *ports = NULL;

  g_assert_true (challenge_offers_digest (sim));

  brand = expect_http (sim, "GET", "/axis-cgi/param.cgi?action=list&group=root.Brand", "root",
                       "pass", 200);
  g_assert_nonnull (strstr (brand, "root.Brand.ProdNbr=P1445-LE\n"));

  /* An operator can use PTZ; the picture state follows. */
  g_free (expect_http (sim, "GET",
                       "/axis-cgi/pwdgrp.cgi?action=add&user=op&pwd=oppass&grp=users"
                       "&sgrp=operator:viewer",
                       "root", "pass", 200));
  g_free (expect_http (sim, "GET", "/axis-cgi/com/ptz.cgi?pan=30&tilt=-10&zoom=500", "op", "oppass",
                       204));
  position = expect_http (sim, "GET", "/axis-cgi/com/ptz.cgi?query=position", "op", "oppass", 200);
  g_assert_cmpstr (position, ==, "pan=30.00\ntilt=-10.00\nzoom=500\n");

  /* A viewer may watch but not drive outputs. */
  g_free (expect_http (sim, "GET",
                       "/axis-cgi/pwdgrp.cgi?action=add&user=view&pwd=viewpass&grp=users"
                       "&sgrp=viewer",
                       "root", "pass", 200));
  g_free (expect_http (sim, "GET", "/axis-cgi/io/port.cgi?action=3:/", "view", "viewpass", 403));

  /* Inputs set through /sim/ read back through the device API. */
  camsim_control (sim, 0, "input?port=2&state=on");
  ports =
      expect_http (sim, "GET", "/axis-cgi/io/port.cgi?checkactive=1,2", "view", "viewpass", 200);
  g_assert_cmpstr (ports, ==, "port1=inactive\nport2=active\n");
}

static void
test_factory_default (void)
{
  const char *const args[] = { "--factory-default", NULL };
  g_autoptr (Camsim) sim = camsim_start (args);
  g_autofree char *ready = NULL;
  g_autoptr (GBytes) picture = NULL;
  guint status = 0;

  g_free (expect_http (sim, "GET", "/axis-cgi/jpg/image.cgi", NULL, NULL, 401));
  ready = expect_http (sim, "POST", "/axis-cgi/systemready.cgi", NULL, NULL, 200);
  g_assert_nonnull (strstr (ready, "\"needsetup\":\"yes\""));

  /* The first account must be an administrator; then the device works and
   * accounts can no longer be created without credentials. */
  g_free (expect_http (sim, "GET",
                       "/axis-cgi/pwdgrp.cgi?action=add&user=root&pwd=secret&grp=root&sgrp=viewer",
                       NULL, NULL, 400));
  g_free (expect_http (sim, "GET",
                       "/axis-cgi/pwdgrp.cgi?action=add&user=root&pwd=secret&grp=root"
                       "&sgrp=admin:operator:viewer:ptz",
                       NULL, NULL, 200));
  g_free (expect_http (sim, "GET",
                       "/axis-cgi/pwdgrp.cgi?action=add&user=intruder&pwd=x&grp=root&sgrp=admin",
                       NULL, NULL, 401));
  picture = camsim_http (sim, 0, "GET", "/axis-cgi/jpg/image.cgi", "root", "secret", &status);
  g_assert_cmpuint (status, ==, 200);
  assert_jpeg (picture, 1280, 720);
}

/* ---- events ------------------------------------------------------------- */

typedef struct
{
  SoupWebsocketConnection *connection;
  GError *error;
  gboolean configured;
  gint64 motion_at; /* monotonic µs of the motion-start notification */
} EventClient;

static void
event_message_cb (SoupWebsocketConnection *connection,
                  int type,
                  GBytes *message,
                  EventClient *client)
{
  g_autoptr (JsonNode) node = json_from_string (g_bytes_get_data (message, NULL), NULL);
  JsonObject *object = node ? json_node_get_object (node) : NULL;
  const char *method = object ? json_object_get_string_member (object, "method") : NULL;

  if (g_strcmp0 (method, "events:configure") == 0 && json_object_has_member (object, "data"))
    client->configured = TRUE;
  if (g_strcmp0 (method, "events:notify") == 0)
    {
      JsonObject *notification = json_object_get_object_member (
          json_object_get_object_member (object, "params"), "notification");
      JsonObject *data = json_object_get_object_member (
          json_object_get_object_member (notification, "message"), "data");

      if (g_str_has_suffix (json_object_get_string_member (notification, "topic"),
                            "VMD/Camera1Profile1") &&
          g_strcmp0 (json_object_get_string_member (data, "active"), "1") == 0)
        client->motion_at = g_get_monotonic_time ();
    }
}

static void
websocket_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  EventClient *client = user_data;

  client->connection =
      soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &client->error);
}

static gboolean
connected (gpointer data)
{
  EventClient *client = data;

  return client->connection != NULL || client->error != NULL;
}

static gboolean
configured (gpointer data)
{
  return ((EventClient *)data)->configured;
}

static gboolean
motion_seen (gpointer data)
{
  return ((EventClient *)data)->motion_at != 0;
}

static void
ws_authenticate_cb (SoupMessage *msg, SoupAuth *auth, gboolean retrying, gpointer user_data)
{
  if (!retrying)
    soup_auth_authenticate (auth, "root", "pass");
}

static void
test_motion_event (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);
  const char *base = json_object_get_string_member (camsim_camera (sim, 0), "http");
  g_autofree char *url = g_strconcat (base, "vapix/ws-data-stream?sources=events", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  EventClient client = { 0 };
  gint64 injected_at;

  g_signal_connect (msg, "authenticate", G_CALLBACK (ws_authenticate_cb), NULL);
  soup_session_websocket_connect_async (sim->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        websocket_connected_cb, &client);
  g_assert_true (wait_until (connected, &client, 10000));
  g_assert_no_error (client.error);
  g_signal_connect (client.connection, "message", G_CALLBACK (event_message_cb), &client);
  soup_websocket_connection_send_text (
      client.connection,
      "{\"apiVersion\":\"1.0\",\"method\":\"events:configure\",\"params\":{\"eventFilterList\":"
      "[{\"topicFilter\":\"tnsaxis:CameraApplicationPlatform/VMD//.\"}]}}");
  g_assert_true (wait_until (configured, &client, 5000));

  injected_at = g_get_monotonic_time ();
  camsim_control (sim, 0, "motion?state=on");
  g_assert_true (wait_until (motion_seen, &client, 1000));
  g_assert_cmpint (client.motion_at - injected_at, <, G_USEC_PER_SEC);
  soup_websocket_connection_close (client.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (client.connection);
}

/* ---- network down and up ------------------------------------------------ */

static gboolean
port_accepts (guint port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

static void
test_network_down_up (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);
  const char *url = camsim_rtsp_url (sim, 0, "sub");
  guint port = json_object_get_int_member (camsim_camera (sim, 0), "rtsp_port");
  g_autoptr (Player) player = player_new (url, "tcp", "root", "pass");
  g_autoptr (Player) again = NULL;
  g_autoptr (GstSample) first = player_pull (player);
  g_autoptr (GstSample) after = NULL;
  g_autoptr (GstBus) bus = gst_element_get_bus (player->pipeline);
  g_autoptr (GstMessage) end = NULL;

  g_assert_nonnull (first);
  camsim_control (sim, 0, "network?state=down");

  /* The connected client sees its stream end, and new connections fail. */
  end = gst_bus_timed_pop_filtered (bus, FRAME_TIMEOUT, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (end);
  g_assert_false (port_accepts (port));

  camsim_control (sim, 0, "network?state=up");
  again = player_new (url, "tcp", "root", "pass");
  after = player_pull (again);
  g_assert_nonnull (after);
}

/* ---- time strip --------------------------------------------------------- */

static void
test_time_strip_round_trip (void)
{
  const guint width = 640, height = 360;
  g_autofree guint8 *luma = g_malloc0 (width * height);
  gint64 now = g_get_real_time () / 1000, decoded = 0;

  sl_time_strip_paint_luma (luma, width, width, height, now);
  g_assert_true (sl_time_strip_decode_luma (luma, width, width, height, &decoded));
  g_assert_cmpint (decoded, ==, now);

  /* A damaged strip is rejected, not misread: invert one time block. */
  for (guint y = height - sl_time_strip_height (height); y < height; y++)
    for (guint x = 20 * (width / 56); x < 21 * (width / 56); x++)
      luma[y * width + x] = luma[y * width + x] > 128 ? 16 : 235;
  g_assert_false (sl_time_strip_decode_luma (luma, width, width, height, &decoded));
}

static void
test_time_strip_over_rtsp (void)
{
  g_autoptr (Camsim) sim = camsim_start (with_password);
  g_autoptr (GString) url = g_string_new (camsim_rtsp_url (sim, 0, "sub"));
  g_autoptr (Player) player = NULL;
  gint64 best = G_MAXINT64;
  guint decoded_frames = 0;

  /* At 30 fps the live source holds each frame for 33 ms before sending it,
   * which leaves the rest of the 100 ms to coding and transport. */
  g_string_replace (url, "fps=15", "fps=30", 0);
  player = player_new (url->str, "tcp", "root", "pass");
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr (GstSample) sample = player_pull (player);
      gint64 arrived = g_get_real_time () / 1000;
      gint64 captured;

      g_assert_nonnull (sample);
      if (camsim_sample_time_strip (sample, &captured))
        {
          decoded_frames++;
          /* No frame arrives before it was captured. */
          g_assert_cmpint (arrived - captured, >=, -5);
          best = MIN (best, arrived - captured);
        }
    }

  /* Every frame carries a readable strip, and the quickest one shows that the
   * strip reads the capture time within 100 ms. */
  g_assert_cmpuint (decoded_frames, ==, 30);
  g_test_message ("Quickest frame arrived %" G_GINT64_FORMAT " ms after its capture", best);
  g_assert_cmpint (best, <, 100);
}

/* ---- loop source --------------------------------------------------------- */

static char *
make_clip (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("camsim-clip-XXXXXX", &error);
  char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "clip.mkv", NULL);
  camsim_make_clip (path);
  return path;
}

static void
test_loop_source (void)
{
  g_autofree char *clip = make_clip ();
  g_autofree char *source = g_strconcat ("loop:", clip, NULL);
  const char *const args[] = { "--cameras", "2", "--source", source, NULL };
  g_autoptr (Camsim) sim = camsim_start (args);
  g_autoptr (Player) player = player_new (camsim_rtsp_url (sim, 1, "main"), "tcp", NULL, NULL);
  GstClockTime first = GST_CLOCK_TIME_NONE, last = 0;

  /* 45 frames of a 30-frame clip: the loop wraps with continuous time. */
  for (guint i = 0; i < 45; i++)
    {
      g_autoptr (GstSample) sample = player_pull (player);
      GstClockTime pts;

      g_assert_nonnull (sample);
      pts = GST_BUFFER_PTS (gst_sample_get_buffer (sample));
      if (!GST_CLOCK_TIME_IS_VALID (first))
        first = pts;
      else
        g_assert_cmpuint (pts, >, last);
      last = pts;
    }
  g_assert_cmpuint (last - first, >, 2500 * GST_MSECOND);
  g_remove (clip);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/camsim/time-strip/round-trip", test_time_strip_round_trip);
  g_test_add_func ("/camsim/rtsp/profiles-tcp-udp", test_rtsp_profiles);
  g_test_add_func ("/camsim/rtsp/query", test_rtsp_query);
  g_test_add_func ("/camsim/rtsp/wrong-password", test_rtsp_refuses_wrong_password);
  g_test_add_func ("/camsim/http/auth", test_http_auth);
  g_test_add_func ("/camsim/http/api", test_http_api);
  g_test_add_func ("/camsim/http/factory-default", test_factory_default);
  g_test_add_func ("/camsim/events/motion", test_motion_event);
  g_test_add_func ("/camsim/network/down-up", test_network_down_up);
  g_test_add_func ("/camsim/time-strip/over-rtsp", test_time_strip_over_rtsp);
  g_test_add_func ("/camsim/source/loop", test_loop_source);
  return g_test_run ();
}
