// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most host × port combinations one search may probe. */
#define SL_ADDRESS_RANGE_MAX_PROBES 65536

/* The addresses and ports of a manual device search, in the seeds' syntax:
 * hosts "192.168.10.*, 192.168.20-22.*, 192.168.30.0-50, cam.example.org"
 * (each IPv4 octet a number, a range N-M, or * for all; host names as they
 * are) and ports "80, 1080-1090". A * in the last octet skips the network
 * (.0) and broadcast (.255) addresses. Duplicates are probed once. */
typedef struct _SlAddressRange SlAddressRange;

SlAddressRange *sl_address_range_parse (const char *hosts, const char *ports, GError **error);
void sl_address_range_free (SlAddressRange *range);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAddressRange, sl_address_range_free)

guint sl_address_range_get_n_hosts (const SlAddressRange *range);
guint sl_address_range_get_n_ports (const SlAddressRange *range);
/* Hosts × ports. */
guint sl_address_range_get_n_probes (const SlAddressRange *range);
const char *sl_address_range_get_host (const SlAddressRange *range, guint index);
guint16 sl_address_range_get_port (const SlAddressRange *range, guint index);

/* Walks every host × port: each host on every port, hosts in the order given. */
typedef struct
{
  const SlAddressRange *range;
  guint next;
} SlAddressRangeIter;

void sl_address_range_iter_init (SlAddressRangeIter *iter, const SlAddressRange *range);
/* @host is borrowed from the range. */
gboolean sl_address_range_iter_next (SlAddressRangeIter *iter, const char **host, guint16 *port);

G_END_DECLS
