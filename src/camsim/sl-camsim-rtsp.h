// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

#include "sl-clip.h"
#include "sl-camsim-device.h"

G_BEGIN_DECLS

#define SL_CAMSIM_RTSP_PATH "/axis-media/media.amp"

#define SL_CAMSIM_TYPE_RTSP (sl_camsim_rtsp_get_type ())
G_DECLARE_FINAL_TYPE (SlCamsimRtsp, sl_camsim_rtsp, SL_CAMSIM, RTSP, GObject)

SlCamsimRtsp *sl_camsim_rtsp_new (SlCamsimDevice *device, SlClip *clip);
gboolean sl_camsim_rtsp_start (SlCamsimRtsp *self, guint port, GError **error);
void sl_camsim_rtsp_stop (SlCamsimRtsp *self);
guint sl_camsim_rtsp_get_port (SlCamsimRtsp *self);
guint sl_camsim_rtsp_get_n_sessions (SlCamsimRtsp *self);

G_END_DECLS
