// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "sl-vapix.h"

G_BEGIN_DECLS

/**
 * SlDiscoveryStatus:
 * @SL_DISCOVERY_STATUS_PROBING: the search is talking to the device
 * @SL_DISCOVERY_STATUS_COMMUNICATING: the device answers with its model and can be added
 * @SL_DISCOVERY_STATUS_COMMUNICATION_ERROR: something answers at the address but
 *   the device API does not (or not in time)
 * @SL_DISCOVERY_STATUS_ENTER_PASSWORD: the device wants a user name and password
 * @SL_DISCOVERY_STATUS_SET_PASSWORD: a factory-default device without an
 *   administrator: set one before adding it
 * @SL_DISCOVERY_STATUS_MODEL_NOT_SUPPORTED: an HTTP server that does not
 *   answer like a supported camera
 * @SL_DISCOVERY_STATUS_ALREADY_ADDED: the device is a camera of the catalog
 *
 * The Status column of the seeds' add-devices list.
 */
typedef enum
{
  SL_DISCOVERY_STATUS_PROBING,
  SL_DISCOVERY_STATUS_COMMUNICATING,
  SL_DISCOVERY_STATUS_COMMUNICATION_ERROR,
  SL_DISCOVERY_STATUS_ENTER_PASSWORD,
  SL_DISCOVERY_STATUS_SET_PASSWORD,
  SL_DISCOVERY_STATUS_MODEL_NOT_SUPPORTED,
  SL_DISCOVERY_STATUS_ALREADY_ADDED,
} SlDiscoveryStatus;

#define SL_TYPE_DISCOVERY_STATUS (sl_discovery_status_get_type ())
GType sl_discovery_status_get_type (void);
/* "communicating", "enter-password", …: stable names for tests and logs. */
const char *sl_discovery_status_to_string (SlDiscoveryStatus status);
/* The translated text of the Status column. */
const char *sl_discovery_status_describe (SlDiscoveryStatus status);

#define SL_TYPE_DISCOVERED_DEVICE (sl_discovered_device_get_type ())
G_DECLARE_FINAL_TYPE (SlDiscoveredDevice, sl_discovered_device, SL, DISCOVERED_DEVICE, GObject)

/* One row of a device search: an address that answered, what it is, its
 * status, and the account that worked (the password stays in memory only
 * until the device is added). Main thread only; properties notify. */
SlDiscoveredDevice *sl_discovered_device_new (const char *host, guint16 port);

const char *sl_discovered_device_get_host (SlDiscoveredDevice *self);
guint16 sl_discovered_device_get_port (SlDiscoveredDevice *self);
/* host:port */
const char *sl_discovered_device_get_address (SlDiscoveredDevice *self);
SlDiscoveryStatus sl_discovered_device_get_status (SlDiscoveredDevice *self);
const char *sl_discovered_device_get_model (SlDiscoveredDevice *self);
const char *sl_discovered_device_get_serial (SlDiscoveredDevice *self);
/* Why the status is not "communicating", as a sentence; %NULL otherwise. */
const char *sl_discovered_device_get_message (SlDiscoveredDevice *self);
/* What the probe found (stream URLs); %NULL unless communicating or already added. */
const SlVapixDevice *sl_discovered_device_get_info (SlDiscoveredDevice *self);
const char *sl_discovered_device_get_username (SlDiscoveredDevice *self);
const char *sl_discovered_device_get_password (SlDiscoveredDevice *self);

/* For SlDiscovery. */
void sl_discovered_device_set_result (SlDiscoveredDevice *self,
                                      SlDiscoveryStatus status,
                                      const SlVapixDevice *info,
                                      const char *message);
void sl_discovered_device_set_account (SlDiscoveredDevice *self,
                                       const char *username,
                                       const char *password);

G_END_DECLS
