// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_STREAM_TEST_TIMEOUT_SECONDS 10

/* Connects to an RTSP stream as the recorder would (rtspsrc, TCP), waits
 * for its first media stream, and hangs up; an http(s):// URL is fetched
 * (souphttpsrc) until its first multipart/x-mixed-replace part, which must
 * be a JPEG. Succeeds with a short description ("H264 video", "MJPEG
 * video") or fails with a message a user can act on:
 * SL_ERROR_CREDENTIALS for a refused password, SL_ERROR_FAILED otherwise.
 * Needs gst_init(). The callback runs on the caller's thread-default context;
 * nothing blocks it. */
void sl_stream_test_async (const char *url,
                           const char *username,
                           const char *password,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
char *sl_stream_test_finish (GAsyncResult *result, GError **error);

G_END_DECLS
