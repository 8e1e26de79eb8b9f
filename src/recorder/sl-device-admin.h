// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-credentials.h"

G_BEGIN_DECLS

/* Adding and removing cameras, shared by `sightline-recorder camera add|remove`
 * and by the application (through SlRecorder): the checks of what the user
 * typed, the catalog row and the password in the secret store. The blocking
 * calls use the catalog's blocking API: command line or worker threads only. */

#define SL_DRIVER_RTSP  "rtsp"
#define SL_DRIVER_VAPIX "vapix"
#define SL_DRIVER_FILE  "file"
/* An MJPEG stream over HTTP, such as /axis-cgi/mjpg/video.cgi. Like "rtsp",
 * a stream URL without a device API. */
#define SL_DRIVER_HTTP "http"

/* A name that commands can find: printable, one line, not all digits. */
gboolean sl_device_admin_check_name (const char *name, GError **error);
/* Fails with SL_ERROR_EXISTS when another camera than @except_id has @name (any case). */
gboolean sl_device_admin_check_name_unused (SlCatalog *catalog,
                                            const char *name,
                                            gint64 except_id,
                                            GError **error);
/* Checks an RTSP or HTTP (MJPEG) URL and takes any user name and password out of it (they go
 * to the secret store, never to the catalog); returns the URL without them.
 * @what names the field in messages ("The --url value"). Messages never
 * repeat a URL that may hold a password. */
char *sl_device_admin_take_stream_url (
    const char *what, const char *text, char **username, char **password, GError **error);
/* The driver of a stream URL: SL_DRIVER_HTTP for http(s)://, else SL_DRIVER_RTSP. */
const char *sl_device_admin_stream_driver (const char *url);
/* A readable regular file. */
gboolean sl_device_admin_check_media_file (const char *path, GError **error);

/* Checks the name (unused), adds the camera row and stores @password (when
 * @record has a user name); takes the row back out if the password cannot be
 * stored. Returns the new camera's id, or 0. */
gint64 sl_device_admin_add_camera (SlCatalog *catalog,
                                   SlCredentials *credentials,
                                   const SlCameraRecord *record,
                                   const char *password,
                                   GError **error);
/* Every segment of the camera through the garbage path (row first, then the
 * file), and its unfinished segments; empty folders go too. */
gboolean sl_device_admin_delete_recordings (
    SlCatalog *catalog, gint64 camera_id, guint *n_files, gint64 *n_bytes, GError **error);

G_END_DECLS
