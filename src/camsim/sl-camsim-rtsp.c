// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <gst/rtsp-server/rtsp-server.h>
#include <gst/video/video.h>

#include "sl-camsim-picture.h"
#include "sl-camsim-rtsp.h"

/* The RTSP side of one simulated camera: a gst-rtsp-server on its own port
 * with one mount, /axis-media/media.amp, whose query selects the stream as on
 * the real devices (camera, resolution, fps, videokeyframeinterval, audio,
 * streamprofile). Clients asking for the same query share one encoder. */

#define AUTH_ROLE "viewer"
#define MAX_FPS   30

/* ---- media factory ---------------------------------------------------- */

#define SL_CAMSIM_TYPE_MEDIA_FACTORY (sl_camsim_media_factory_get_type ())
G_DECLARE_FINAL_TYPE (
    SlCamsimMediaFactory, sl_camsim_media_factory, SL_CAMSIM, MEDIA_FACTORY, GstRTSPMediaFactory)

struct _SlCamsimMediaFactory
{
  GstRTSPMediaFactory parent_instance;

  SlCamsimDevice *device;
  SlClip *clip; /* borrowed; NULL for the live picture */
};

G_DEFINE_FINAL_TYPE (SlCamsimMediaFactory, sl_camsim_media_factory, GST_TYPE_RTSP_MEDIA_FACTORY)

typedef struct
{
  guint width;
  guint height;
  guint fps;
  guint gop;
  gboolean audio;
} StreamRequest;

static gboolean
parse_resolution (const char *text, guint *width, guint *height)
{
  g_auto (GStrv) parts = g_strsplit (text, "x", 2);
  guint64 w, h;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 16, 4096, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 16, 4096, &h, NULL))
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

static gboolean
apply_parameters (SlCamsimDevice *device, StreamRequest *request, GHashTable *params)
{
  const char *value;
  guint64 number;

  if ((value = g_hash_table_lookup (params, "camera")) && g_strcmp0 (value, "1") != 0)
    {
      g_message ("%s: no view area %s (this camera has one)", sl_camsim_device_get_name (device),
                 value);
      return FALSE;
    }
  if ((value = g_hash_table_lookup (params, "videocodec")) && g_ascii_strcasecmp (value, "h264"))
    {
      g_message ("%s: video codec %s is not simulated", sl_camsim_device_get_name (device), value);
      return FALSE;
    }
  if ((value = g_hash_table_lookup (params, "resolution")))
    {
      const char *supported = sl_camsim_device_get_param (device, "Properties.Image.Resolution");
      g_auto (GStrv) modes = g_strsplit (supported, ",", -1);

      if (!g_strv_contains ((const char *const *)modes, value) ||
          !parse_resolution (value, &request->width, &request->height))
        {
          g_message ("%s: resolution %s is not supported", sl_camsim_device_get_name (device),
                     value);
          return FALSE;
        }
    }
  if ((value = g_hash_table_lookup (params, "fps")))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, MAX_FPS, &number, NULL))
        return FALSE;
      request->fps = number == 0 ? MAX_FPS : number;
    }
  if ((value = g_hash_table_lookup (params, "videokeyframeinterval")))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 1, 1023, &number, NULL))
        return FALSE;
      request->gop = number;
    }
  if ((value = g_hash_table_lookup (params, "audio")))
    request->audio = g_strcmp0 (value, "1") == 0;
  return TRUE;
}

static GHashTable *
parse_query (const char *query)
{
  g_autoptr (GHashTable) params = NULL;

  if (query == NULL || *query == '\0')
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  return g_steal_pointer (&params);
}

static gboolean
resolve_request (SlCamsimDevice *device, const char *query, StreamRequest *request)
{
  g_autoptr (GHashTable) params = parse_query (query);
  const char *profile;
  guint64 fps = 15;

  if (params == NULL)
    return FALSE;

  /* Stream defaults first, then the named profile (an unknown name falls back
   * to the defaults without error, as the devices do), then the query. */
  if (!parse_resolution (sl_camsim_device_get_param (device, "Image.I0.Appearance.Resolution"),
                         &request->width, &request->height))
    request->width = 1280, request->height = 720;
  g_ascii_string_to_unsigned (sl_camsim_device_get_param (device, "Image.I0.Stream.FPS"), 10, 1,
                              MAX_FPS, &fps, NULL);
  request->fps = fps;

  if ((profile = g_hash_table_lookup (params, "streamprofile")))
    {
      g_autofree char *parameters = sl_camsim_device_dup_profile_parameters (device, profile);
      g_autoptr (GHashTable) profile_params = parse_query (parameters);

      if (profile_params && !apply_parameters (device, request, profile_params))
        return FALSE;
    }
  if (!apply_parameters (device, request, params))
    return FALSE;
  if (request->gop == 0)
    request->gop = request->fps * 2;
  return TRUE;
}

static guint
bitrate_for (const StreamRequest *request)
{
  guint64 pixels_per_second = (guint64)request->width * request->height * request->fps;

  /* About 0.1 bit per pixel, as a camera set for a busy scene would use. */
  return CLAMP (pixels_per_second / 10000, 256, 8000);
}

static GstElement *
make_live_video (SlCamsimMediaFactory *self, GstBin *bin, const StreamRequest *request)
{
  GstElement *source = sl_camsim_picture_new_source (self->device, request->width, request->height,
                                                     request->fps, TRUE, -1);
  GstElement *encoder = gst_element_factory_make ("x264enc", NULL);
  GstElement *profile = gst_element_factory_make ("capsfilter", NULL);
  g_autoptr (GstCaps) caps = gst_caps_from_string ("video/x-h264,profile=main");

  gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
  gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "ultrafast");
  /* Ultrafast alone drops CABAC and yields Constrained Baseline; cameras send
   * Main or High, so keep CABAC on. */
  g_object_set (encoder, "option-string", "cabac=1", NULL);
  /* One thread gives one slice per picture, as most cameras send; players
   * such as ffmpeg mishandle the multi-slice pictures of sliced threads. */
  g_object_set (encoder, "key-int-max", request->gop, "bitrate", bitrate_for (request), "threads",
                1, NULL);
  g_object_set (profile, "caps", caps, NULL);
  gst_bin_add_many (bin, source, encoder, profile, NULL);
  gst_element_link_many (source, encoder, profile, NULL);
  return profile;
}

static GstElement *
sl_camsim_media_factory_create_element (GstRTSPMediaFactory *factory, const GstRTSPUrl *url)
{
  SlCamsimMediaFactory *self = SL_CAMSIM_MEDIA_FACTORY (factory);
  StreamRequest request = { 0 };
  GstElement *bin;
  GstElement *video;
  GstElement *pay;

  if (!resolve_request (self->device, url->query, &request))
    return NULL;

  g_debug ("%s: new stream %ux%u at %u fps, key frame every %u frames%s",
           sl_camsim_device_get_name (self->device), request.width, request.height, request.fps,
           request.gop, request.audio ? ", with audio" : "");

  bin = gst_bin_new (NULL);
  if (self->clip != NULL)
    {
      video = sl_clip_new_source (self->clip);
      gst_bin_add (GST_BIN (bin), video);
    }
  else
    video = make_live_video (self, GST_BIN (bin), &request);

  pay = gst_element_factory_make ("rtph264pay", "pay0");
  g_object_set (pay, "pt", 96, "config-interval", -1, NULL);
  gst_bin_add (GST_BIN (bin), pay);
  gst_element_link (video, pay);

  if (request.audio)
    {
      GstElement *tone = gst_element_factory_make ("audiotestsrc", NULL);
      GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
      GstElement *resample = gst_element_factory_make ("audioresample", NULL);
      GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
      GstElement *encoder = gst_element_factory_make ("mulawenc", NULL);
      GstElement *audio_pay = gst_element_factory_make ("rtppcmupay", "pay1");
      g_autoptr (GstCaps) caps = gst_caps_from_string ("audio/x-raw,rate=8000,channels=1");

      g_object_set (tone, "is-live", TRUE, "volume", 0.1, "freq", 440.0, NULL);
      g_object_set (filter, "caps", caps, NULL);
      gst_bin_add_many (GST_BIN (bin), tone, convert, resample, filter, encoder, audio_pay, NULL);
      gst_element_link_many (tone, convert, resample, filter, encoder, audio_pay, NULL);
    }
  return bin;
}

static void
element_added_cb (GstBin *pipeline, GstBin *bin, GstElement *element, gpointer user_data)
{
  GstElementFactory *factory = gst_element_get_factory (element);

  /* Sender reports map RTP time to the capture time of the frames, as
   * cameras do, not to the time they were sent. */
  if (factory && g_str_equal (GST_OBJECT_NAME (factory), "rtpbin"))
    g_object_set (element, "rtcp-sync-send-time", FALSE, NULL);
}

static GstElement *
sl_camsim_media_factory_create_pipeline (GstRTSPMediaFactory *factory, GstRTSPMedia *media)
{
  GstElement *pipeline = GST_RTSP_MEDIA_FACTORY_CLASS (sl_camsim_media_factory_parent_class)
                             ->create_pipeline (factory, media);

  if (pipeline)
    g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (element_added_cb), NULL);
  return pipeline;
}

static void
sl_camsim_media_factory_finalize (GObject *object)
{
  SlCamsimMediaFactory *self = SL_CAMSIM_MEDIA_FACTORY (object);

  g_clear_object (&self->device);

  G_OBJECT_CLASS (sl_camsim_media_factory_parent_class)->finalize (object);
}

static void
sl_camsim_media_factory_class_init (SlCamsimMediaFactoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstRTSPMediaFactoryClass *factory_class = GST_RTSP_MEDIA_FACTORY_CLASS (klass);

  object_class->finalize = sl_camsim_media_factory_finalize;
  factory_class->create_element = sl_camsim_media_factory_create_element;
  factory_class->create_pipeline = sl_camsim_media_factory_create_pipeline;
}

static void
sl_camsim_media_factory_init (SlCamsimMediaFactory *self)
{
}

/* ---- server ----------------------------------------------------------- */

struct _SlCamsimRtsp
{
  GObject parent_instance;

  SlCamsimDevice *device;
  SlClip *clip;
  GstRTSPServer *server;
  GSocket *socket;
  GSource *listen_source;
  guint port;
};

G_DEFINE_FINAL_TYPE (SlCamsimRtsp, sl_camsim_rtsp, G_TYPE_OBJECT)

static void
update_auth (SlCamsimRtsp *self)
{
  g_autoptr (GstRTSPAuth) auth = NULL;
  g_auto (GStrv) users = NULL;
  g_autofree char *realm = NULL;

  if (sl_camsim_device_get_anonymous (self->device))
    {
      gst_rtsp_server_set_auth (self->server, NULL);
      return;
    }

  /* A device in factory default state has no accounts: every request is
   * refused, which is what an unconfigured camera does. */
  auth = gst_rtsp_auth_new ();
  realm = g_strdup_printf ("AXIS_%s", sl_camsim_device_get_serial (self->device));
  gst_rtsp_auth_set_realm (auth, realm);
  gst_rtsp_auth_set_supported_methods (auth, GST_RTSP_AUTH_DIGEST | GST_RTSP_AUTH_BASIC);
  users = sl_camsim_device_dup_account_names (self->device, SL_CAMSIM_ROLE_VIEWER);
  for (guint i = 0; users[i]; i++)
    {
      const char *password = sl_camsim_device_lookup_password (self->device, users[i], NULL);
      g_autoptr (GstRTSPToken) token =
          gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, AUTH_ROLE, NULL);
      g_autofree char *pair = g_strdup_printf ("%s:%s", users[i], password);
      g_autofree char *basic = g_base64_encode ((const guchar *)pair, strlen (pair));

      gst_rtsp_auth_add_digest (auth, users[i], password, token);
      gst_rtsp_auth_add_basic (auth, basic, token);
    }
  gst_rtsp_server_set_auth (self->server, auth);
}

static GstRTSPFilterResult
remove_session_cb (GstRTSPSessionPool *pool, GstRTSPSession *session, gpointer user_data)
{
  return GST_RTSP_FILTER_REMOVE;
}

static GstRTSPFilterResult
remove_client_cb (GstRTSPServer *server, GstRTSPClient *client, gpointer user_data)
{
  return GST_RTSP_FILTER_REMOVE;
}

static void
drop_everyone (SlCamsimRtsp *self)
{
  g_autoptr (GstRTSPSessionPool) pool = gst_rtsp_server_get_session_pool (self->server);
  GList *removed;

  removed = gst_rtsp_session_pool_filter (pool, remove_session_cb, NULL);
  g_list_free_full (removed, g_object_unref);
  removed = gst_rtsp_server_client_filter (self->server, remove_client_cb, NULL);
  g_list_free_full (removed, g_object_unref);
}

static void
play_request_cb (GstRTSPClient *client, GstRTSPContext *ctx, gpointer user_data)
{
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstElement) pay = NULL;
  g_autoptr (GstPad) pad = NULL;

  /* Cameras start every new stream with a key frame; a client joining a
   * shared stream would otherwise wait up to a whole GOP for a picture. */
  if (ctx->media == NULL)
    return;
  bin = gst_rtsp_media_get_element (ctx->media);
  pay = bin ? gst_bin_get_by_name (GST_BIN (bin), "pay0") : NULL;
  pad = pay ? gst_element_get_static_pad (pay, "src") : NULL;
  if (pad)
    gst_pad_send_event (pad,
                        gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
}

static void
client_connected_cb (GstRTSPServer *server, GstRTSPClient *client, gpointer user_data)
{
  g_signal_connect (client, "play-request", G_CALLBACK (play_request_cb), NULL);
}

static gboolean
listen_cb (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  SlCamsimRtsp *self = user_data;

  return gst_rtsp_server_io_func (socket, condition, self->server);
}

static gboolean
open_listener (SlCamsimRtsp *self, GError **error)
{
  g_autofree char *service = g_strdup_printf ("%u", self->port);
  g_autoptr (GSocketAddress) address = NULL;

  /* We own the listening socket (not the server) so that "network down"
   * can close it: new connections are then refused, as on a real outage. */
  gst_rtsp_server_set_service (self->server, service);
  self->socket = gst_rtsp_server_create_socket (self->server, NULL, error);
  if (self->socket == NULL)
    return FALSE;
  address = g_socket_get_local_address (self->socket, error);
  if (address == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));

  self->listen_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->listen_source, G_SOURCE_FUNC (listen_cb), self, NULL);
  g_source_attach (self->listen_source, NULL);
  return TRUE;
}

static void
close_listener (SlCamsimRtsp *self)
{
  if (self->listen_source)
    g_source_destroy (self->listen_source);
  g_clear_pointer (&self->listen_source, g_source_unref);
  if (self->socket)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
}

static void
network_changed_cb (SlCamsimRtsp *self, gboolean up, SlCamsimDevice *device)
{
  g_autoptr (GError) error = NULL;

  if (up && self->socket == NULL && self->port != 0)
    {
      if (!open_listener (self, &error))
        g_warning ("%s: cannot listen for RTSP again on port %u: %s",
                   sl_camsim_device_get_name (device), self->port, error->message);
    }
  else if (!up)
    {
      close_listener (self);
      drop_everyone (self);
    }
}

static void
sl_camsim_rtsp_dispose (GObject *object)
{
  SlCamsimRtsp *self = SL_CAMSIM_RTSP (object);

  sl_camsim_rtsp_stop (self);
  if (self->device)
    g_signal_handlers_disconnect_by_data (self->device, self);
  g_clear_object (&self->device);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (sl_camsim_rtsp_parent_class)->dispose (object);
}

static void
sl_camsim_rtsp_class_init (SlCamsimRtspClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_camsim_rtsp_dispose;
}

static void
sl_camsim_rtsp_init (SlCamsimRtsp *self)
{
}

SlCamsimRtsp *
sl_camsim_rtsp_new (SlCamsimDevice *device, SlClip *clip)
{
  SlCamsimRtsp *self = g_object_new (SL_CAMSIM_TYPE_RTSP, NULL);
  g_autoptr (GstRTSPMountPoints) mounts = NULL;
  SlCamsimMediaFactory *factory;

  self->device = g_object_ref (device);
  self->clip = clip;
  self->server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (self->server, sl_camsim_device_get_bind_address (device));
  g_signal_connect (self->server, "client-connected", G_CALLBACK (client_connected_cb), NULL);

  factory = g_object_new (SL_CAMSIM_TYPE_MEDIA_FACTORY, NULL);
  factory->device = g_object_ref (device);
  factory->clip = clip;
  gst_rtsp_media_factory_set_shared (GST_RTSP_MEDIA_FACTORY (factory), TRUE);
  gst_rtsp_media_factory_add_role (
      GST_RTSP_MEDIA_FACTORY (factory), AUTH_ROLE, GST_RTSP_PERM_MEDIA_FACTORY_ACCESS,
      G_TYPE_BOOLEAN, TRUE, GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE, NULL);
  mounts = gst_rtsp_server_get_mount_points (self->server);
  gst_rtsp_mount_points_add_factory (mounts, SL_CAMSIM_RTSP_PATH, GST_RTSP_MEDIA_FACTORY (factory));

  update_auth (self);
  g_signal_connect_swapped (device, "accounts-changed", G_CALLBACK (update_auth), self);
  g_signal_connect_swapped (device, "network-changed", G_CALLBACK (network_changed_cb), self);
  return self;
}

gboolean
sl_camsim_rtsp_start (SlCamsimRtsp *self, guint port, GError **error)
{
  self->port = port;
  return open_listener (self, error);
}

void
sl_camsim_rtsp_stop (SlCamsimRtsp *self)
{
  close_listener (self);
  if (self->server)
    drop_everyone (self);
}

guint
sl_camsim_rtsp_get_port (SlCamsimRtsp *self)
{
  return self->port;
}

guint
sl_camsim_rtsp_get_n_sessions (SlCamsimRtsp *self)
{
  g_autoptr (GstRTSPSessionPool) pool = gst_rtsp_server_get_session_pool (self->server);

  return gst_rtsp_session_pool_get_n_sessions (pool);
}
