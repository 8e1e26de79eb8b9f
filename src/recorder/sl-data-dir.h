// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *sl_data_dir_resolve (const char *override, GError **error);

G_END_DECLS
