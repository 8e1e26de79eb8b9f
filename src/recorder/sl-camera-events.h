// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "sl-camera.h"
#include "sl-catalog.h"

G_BEGIN_DECLS

#define SL_TYPE_CAMERA_EVENTS (sl_camera_events_get_type ())
G_DECLARE_FINAL_TYPE (SlCameraEvents, sl_camera_events, SL, CAMERA_EVENTS, GObject)

/* The event channel of one camera with the "vapix" driver: a WebSocket to
 * the device's event stream (/vapix/ws-data-stream?sources=events) that
 * subscribes to motion detection and the digital input ports, writes every
 * change to the catalog's events table (a start and an end row per motion
 * or active input), sets the camera's "motion" property, and reconnects with
 * backoff (1, 2, 4, 8, 15 s) when the connection fails or drops. Events are
 * stamped with the recorder's clock when they arrive, the clock the
 * recordings are indexed by. Lives on the main thread.
 *
 * Signals:
 *   "event" (SlCameraEvents *self, const SlEvent *event): an event was
 *     received and is being written to the catalog; @event is borrowed.
 * Properties:
 *   "connected" (gboolean, read-only): subscribed to the device's events. */
SlCameraEvents *sl_camera_events_new (SlCatalog *catalog,
                                      SlCamera *camera,
                                      const SlCameraRecord *record,
                                      const char *password);

void sl_camera_events_start (SlCameraEvents *self);
/* Disconnects; a motion or input still active gets its end row now. */
void sl_camera_events_stop (SlCameraEvents *self);
gboolean sl_camera_events_get_connected (SlCameraEvents *self);
SlCamera *sl_camera_events_get_camera (SlCameraEvents *self);

G_END_DECLS
