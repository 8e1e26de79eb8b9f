// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

#include "sl-camsim-device.h"

G_BEGIN_DECLS

GstElement *sl_camsim_picture_new_source (
    SlCamsimDevice *device, guint width, guint height, guint fps, gboolean live, gint num_buffers);

G_END_DECLS
