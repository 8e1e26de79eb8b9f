// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "sl-address-range.h"
#include "sl-catalog.h"
#include "sl-discovered-device.h"

G_BEGIN_DECLS

/* Probes at once, and how long a TCP connect may take before the address
 * counts as having no device. */
#define SL_DISCOVERY_MAX_IN_FLIGHT     32
#define SL_DISCOVERY_CONNECT_TIMEOUT_S 2

#define SL_TYPE_DISCOVERY (sl_discovery_get_type ())
G_DECLARE_FINAL_TYPE (SlDiscovery, sl_discovery, SL, DISCOVERY, GObject)

/* A manual device search: every host × port of an SlAddressRange gets a TCP
 * connect (addresses where nothing listens are only counted) and then the
 * VAPIX probe of sl-vapix.c, at most SL_DISCOVERY_MAX_IN_FLIGHT at a time.
 * Rows appear in the devices list as devices answer; "n-probed" notifies at
 * most every 100 ms. Everything happens on the thread-default main context
 * of the caller (the main thread, for the dialog): no thread, no blocking. */
SlDiscovery *sl_discovery_new (void);

/* Cameras of the catalog (SlCameraRecord): devices with their address or
 * serial number are listed as "already added". */
void sl_discovery_set_known_cameras (SlDiscovery *self, GPtrArray *cameras);

/* Starts a search of @range (taken over); the list is emptied first. @username/@password (nullable)
 * are tried on every device. Completes once every probe has finished, with
 * G_IO_ERROR_CANCELLED if @cancellable was cancelled. One search at a time. */
void sl_discovery_run_async (SlDiscovery *self,
                             SlAddressRange *range,
                             const char *username,
                             const char *password,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
gboolean sl_discovery_run_finish (SlDiscovery *self, GAsyncResult *result, GError **error);

gboolean sl_discovery_get_running (SlDiscovery *self);
guint sl_discovery_get_n_probed (SlDiscovery *self);
guint sl_discovery_get_n_total (SlDiscovery *self);
/* Addresses where nothing accepted a connection. */
guint sl_discovery_get_n_no_device (SlDiscovery *self);
/* SlDiscoveredDevice, in the order they answered. */
GListModel *sl_discovery_get_devices (SlDiscovery *self);

/* Probes @device again with an account ("enter password"); the device's
 * status and message follow the answer. Fails with SL_ERROR_CREDENTIALS
 * when the device refuses the account. */
void sl_discovery_authenticate_async (SlDiscovery *self,
                                      SlDiscoveredDevice *device,
                                      const char *username,
                                      const char *password,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean sl_discovery_authenticate_finish (SlDiscovery *self, GAsyncResult *result, GError **error);

/* Creates the first administrator of a factory-default device ("set
 * password"), then probes it with that account. */
void sl_discovery_set_password_async (SlDiscovery *self,
                                      SlDiscoveredDevice *device,
                                      const char *username,
                                      const char *password,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean sl_discovery_set_password_finish (SlDiscovery *self, GAsyncResult *result, GError **error);

G_END_DECLS
