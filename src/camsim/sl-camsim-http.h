// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "sl-camsim-device.h"
#include "sl-camsim-rtsp.h"

G_BEGIN_DECLS

#define SL_CAMSIM_TYPE_HTTP (sl_camsim_http_get_type ())
G_DECLARE_FINAL_TYPE (SlCamsimHttp, sl_camsim_http, SL_CAMSIM, HTTP, GObject)

SlCamsimHttp *sl_camsim_http_new (SlCamsimDevice *device, SlCamsimRtsp *rtsp);
gboolean sl_camsim_http_start (SlCamsimHttp *self, guint port, GError **error);
void sl_camsim_http_stop (SlCamsimHttp *self);
guint sl_camsim_http_get_port (SlCamsimHttp *self);

G_END_DECLS
