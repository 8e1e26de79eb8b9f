// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include "sl-error.h"

/* Written out rather than with G_DEFINE_QUARK, whose hyphenated first
 * argument the formatter would split. */
GQuark
sl_error_quark (void)
{
  return g_quark_from_static_string ("sl-error-quark");
}
