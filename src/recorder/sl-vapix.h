// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a probe may take in all before it fails as unreachable. */
#define SL_VAPIX_PROBE_TIMEOUT_SECONDS 10

/**
 * SlVapixDevice:
 * @address: the device's address as host[:port], normalised from what was given
 * @model: the product name (e.g. "AXIS P1445-LE")
 * @serial: (nullable): the serial number
 * @rtsp_port: the port of the device's RTSP server
 * @main_url: the RTSP URL of the main stream, without credentials
 * @sub_url: the RTSP URL of the sub stream, without credentials
 *
 * What a probe found out about a device that speaks the VAPIX HTTP API.
 */
typedef struct
{
  char *address;
  char *model;
  char *serial;
  guint rtsp_port;
  char *main_url;
  char *sub_url;
} SlVapixDevice;

SlVapixDevice *sl_vapix_device_copy (const SlVapixDevice *device);
void sl_vapix_device_free (SlVapixDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlVapixDevice, sl_vapix_device_free)

void sl_vapix_probe_async (const char *host_port,
                           const char *username,
                           const char *password,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
SlVapixDevice *sl_vapix_probe_finish (GAsyncResult *result, GError **error);

/* Blocking, for the command line: runs the probe on a private main context. */
SlVapixDevice *sl_vapix_probe (const char *host_port,
                               const char *username,
                               const char *password,
                               GCancellable *cancellable,
                               GError **error);

/* Factory-default devices: whether one waits for its first administrator
 * (no account needed to ask), and creating that administrator. */
void sl_vapix_query_setup_async (const char *host_port,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean sl_vapix_query_setup_finish (GAsyncResult *result, gboolean *needs_setup, GError **error);
void sl_vapix_create_admin_async (const char *host_port,
                                  const char *username,
                                  const char *password,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean sl_vapix_create_admin_finish (GAsyncResult *result, GError **error);

G_END_DECLS
