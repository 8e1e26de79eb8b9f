// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sl-camsim-http.h"

G_BEGIN_DECLS

/* A handler gets the request's parameters (query and form body merged) and
 * the authenticated user (NULL on an anonymous device). */
typedef void (*SlCamsimHandler) (SlCamsimHttp *http,
                                 SoupServerMessage *msg,
                                 GHashTable *params,
                                 const char *user);

typedef struct
{
  const char *path;
  SlCamsimRole role;
  SlCamsimHandler handler;
} SlCamsimRoute;

SlCamsimDevice *sl_camsim_http_get_device (SlCamsimHttp *self);
SlCamsimRtsp *sl_camsim_http_get_rtsp (SlCamsimHttp *self);
void sl_camsim_http_track_stream (SlCamsimHttp *self, SoupServerMessage *msg);

void sl_camsim_reply_text (SoupServerMessage *msg, guint status, const char *format, ...)
    G_GNUC_PRINTF (3, 4);
void sl_camsim_reply_json (SoupServerMessage *msg, guint status, JsonNode *node);
JsonObject *sl_camsim_request_json (SoupServerMessage *msg, JsonParser *parser);

/* sl-camsim-vapix.c: the device's HTTP API (VAPIX wire formats). */
const SlCamsimRoute *sl_camsim_vapix_get_routes (guint *n_routes);
/* Accepts a missing camera= or camera=1; otherwise replies 400, FALSE. */
gboolean sl_camsim_vapix_check_camera (SoupServerMessage *msg, GHashTable *params);

/* sl-camsim-vapix-video.c: /axis-cgi/jpg/image.cgi and /axis-cgi/mjpg/video.cgi. */
void sl_camsim_vapix_handle_image (SlCamsimHttp *http,
                                   SoupServerMessage *msg,
                                   GHashTable *params,
                                   const char *user);
void sl_camsim_vapix_handle_mjpeg (SlCamsimHttp *http,
                                   SoupServerMessage *msg,
                                   GHashTable *params,
                                   const char *user);

/* sl-camsim-event-stream.c: the WebSocket event channel. */
#define SL_CAMSIM_EVENT_STREAM_PATH "/vapix/ws-data-stream"
typedef struct _SlCamsimEventStream SlCamsimEventStream;

SlCamsimEventStream *sl_camsim_event_stream_new (SoupServer *server, SlCamsimDevice *device);
void sl_camsim_event_stream_close_all (SlCamsimEventStream *stream);
void sl_camsim_event_stream_free (SlCamsimEventStream *stream);

G_END_DECLS
