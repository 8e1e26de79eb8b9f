// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-split-view.h"

G_BEGIN_DECLS

/* Between sl-split-view.c and sl-split-view-content.c. */
void sl_split_view_set_depth (SlSplitView *self, guint depth);

G_END_DECLS
