// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-address-range.h"
#include "sl-error.h"

#define SEPARATORS ",; \t\r\n"

struct _SlAddressRange
{
  GPtrArray *hosts; /* char *, unique, in the order given */
  GArray *ports;    /* guint16, unique, in the order given */
};

typedef struct
{
  guint low;
  guint high;
} Span;

/* "N" or "N-M" with @min <= N <= M <= @max; @item is what messages name. */
static gboolean
parse_span (const char *item, const char *text, guint min, guint max, Span *span, GError **error)
{
  g_auto (GStrv) ends = g_strsplit (text, "-", -1);
  guint64 values[2] = { 0, 0 };
  guint n_ends = g_strv_length (ends);

  if (n_ends < 1 || n_ends > 2)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s': '%s' has more than one dash; write a range as FIRST-LAST, such as "
                      "20-22."),
                   item, text);
      return FALSE;
    }
  for (guint i = 0; i < n_ends; i++)
    {
      const char *end = ends[i];
      gboolean digits = end[0] != '\0' && strlen (end) <= 5;

      for (const char *p = end; digits && *p != '\0'; p++)
        digits = g_ascii_isdigit (*p);
      if (!digits)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _ ("'%s': '%s' is not a number; write a number or a range such as "
                          "20-22."),
                       item, text);
          return FALSE;
        }
      values[i] = g_ascii_strtoull (end, NULL, 10);
      if (values[i] < min || values[i] > max)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _ ("'%s': %s is out of range; the numbers go from %u to %u."), item, end,
                       min, max);
          return FALSE;
        }
    }
  span->low = (guint)values[0];
  span->high = (guint)(n_ends == 2 ? values[1] : values[0]);
  if (span->low > span->high)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s': the range %u-%u is reversed; write %u-%u."), item, span->low,
                   span->high, span->high, span->low);
      return FALSE;
    }
  return TRUE;
}

static gboolean
looks_like_ipv4 (const char *item)
{
  for (const char *p = item; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '*' && *p != '-')
      return FALSE;
  return TRUE;
}

/* An IPv4 pattern: four parts, each a number, a range or *. */
static gboolean
parse_ipv4_pattern (const char *item, Span octets[4], GError **error)
{
  g_auto (GStrv) parts = g_strsplit (item, ".", -1);
  guint n_parts = g_strv_length (parts);

  if (n_parts != 4)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s' is not an IPv4 address or range: it has %u parts instead of 4, as in "
                      "192.168.10.*."),
                   item, n_parts);
      return FALSE;
    }
  for (guint i = 0; i < 4; i++)
    {
      if (parts[i][0] == '\0')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _ ("'%s' has an empty part; write each part as a number, a range such "
                          "as 20-22, or *."),
                       item);
          return FALSE;
        }
      if (g_str_equal (parts[i], "*"))
        {
          /* The last part skips the network and broadcast addresses. */
          octets[i].low = i == 3 ? 1 : 0;
          octets[i].high = i == 3 ? 254 : 255;
          continue;
        }
      if (strchr (parts[i], '*') != NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _ ("'%s': a * stands for a whole part, as in 192.168.10.*."), item);
          return FALSE;
        }
      if (!parse_span (item, parts[i], 0, 255, &octets[i], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_host_name (const char *item, GError **error)
{
  g_auto (GStrv) labels = NULL;

  if (strchr (item, ':') != NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%s': give the ports in the port field, not after the address."), item);
      return FALSE;
    }
  for (const char *p = item; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _ ("'%s' is not a host name or IPv4 address: it contains '%c'; use letters, "
                          "digits, dots and dashes."),
                       item, *p);
          return FALSE;
        }
    }
  labels = g_strsplit (item, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize len = strlen (labels[i]);

      /* A trailing dot (fully qualified name) leaves one empty label at the end. */
      if (len == 0 && labels[i + 1] == NULL && i > 0)
        continue;
      if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                       _ ("'%s' is not a valid host name: each part between dots has 1 to 63 "
                          "letters, digits or dashes, and no dash at either end."),
                       item);
          return FALSE;
        }
    }
  if (strlen (item) > 253)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                   _ ("'%.20s…' is too long for a host name."), item);
      return FALSE;
    }
  return TRUE;
}

static guint64
count_addresses (const Span octets[4])
{
  guint64 n = 1;

  for (guint i = 0; i < 4; i++)
    n *= octets[i].high - octets[i].low + 1;
  return n;
}

static void
add_host (SlAddressRange *range, GHashTable *seen, char *host)
{
  if (g_hash_table_add (seen, host))
    g_ptr_array_add (range->hosts, host);
  else
    g_free (host);
}

static void
expand_ipv4 (SlAddressRange *range, GHashTable *seen, const Span o[4])
{
  for (guint a = o[0].low; a <= o[0].high; a++)
    for (guint b = o[1].low; b <= o[1].high; b++)
      for (guint c = o[2].low; c <= o[2].high; c++)
        for (guint d = o[3].low; d <= o[3].high; d++)
          add_host (range, seen, g_strdup_printf ("%u.%u.%u.%u", a, b, c, d));
}

static GStrv
split_items (const char *text)
{
  g_auto (GStrv) pieces = g_strsplit_set (text ? text : "", SEPARATORS, -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; pieces[i] != NULL; i++)
    if (pieces[i][0] != '\0')
      g_strv_builder_add (builder, pieces[i]);
  return g_strv_builder_end (builder);
}

static gboolean
parse_ports (SlAddressRange *range, const char *text, guint64 *n_ports, GError **error)
{
  g_auto (GStrv) items = split_items (text);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  if (items[0] == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("Give at least one port, such as 80."));
      return FALSE;
    }
  for (guint i = 0; items[i] != NULL; i++)
    {
      Span span;

      if (!parse_span (items[i], items[i], 1, 65535, &span, error))
        return FALSE;
      for (guint port = span.low; port <= span.high; port++)
        {
          guint16 value = (guint16)port;

          if (g_hash_table_add (seen, GUINT_TO_POINTER (port)))
            g_array_append_val (range->ports, value);
        }
    }
  *n_ports = range->ports->len;
  return TRUE;
}

static gboolean
check_cap (guint64 n_hosts, guint64 n_ports, GError **error)
{
  if (n_hosts * n_ports <= SL_ADDRESS_RANGE_MAX_PROBES)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
               _ ("These addresses and ports make %" G_GUINT64_FORMAT
                  " probes, more than the %u that one search may send; narrow the ranges or "
                  "give fewer ports."),
               n_hosts * n_ports, SL_ADDRESS_RANGE_MAX_PROBES);
  return FALSE;
}

/**
 * sl_address_range_parse:
 * @hosts: addresses, ranges and host names, separated by commas
 * @ports: ports and port ranges, separated by commas
 * @error: return location for an %SL_ERROR_INVALID_ARGUMENT that names the
 *   item at fault and why
 *
 * Returns: (transfer full) (nullable): the hosts and ports to probe
 */
SlAddressRange *
sl_address_range_parse (const char *hosts, const char *ports, GError **error)
{
  g_autoptr (SlAddressRange) range = g_new0 (SlAddressRange, 1);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (GStrv) items = split_items (hosts);
  g_autoptr (GArray) patterns = g_array_new (FALSE, FALSE, sizeof (Span) * 4);
  guint64 n_ports = 0;
  guint64 n_hosts = 0;

  range->hosts = g_ptr_array_new_with_free_func (g_free);
  range->ports = g_array_new (FALSE, FALSE, sizeof (guint16));

  if (items[0] == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("Give at least one address, range or host name, such as "
                              "192.168.10.*."));
      return NULL;
    }
  if (!parse_ports (range, ports, &n_ports, error))
    return NULL;

  /* Check everything and count before expanding anything. */
  for (guint i = 0; items[i] != NULL; i++)
    {
      Span octets[4];

      if (looks_like_ipv4 (items[i]))
        {
          if (!parse_ipv4_pattern (items[i], octets, error))
            return NULL;
          n_hosts += count_addresses (octets);
          g_array_append_vals (patterns, octets, 1);
        }
      else
        {
          if (!check_host_name (items[i], error))
            return NULL;
          n_hosts += 1;
        }
      if (!check_cap (n_hosts, n_ports, error))
        return NULL;
    }

  for (guint i = 0, p = 0; items[i] != NULL; i++)
    {
      if (looks_like_ipv4 (items[i]))
        expand_ipv4 (range, seen, (const Span *)(patterns->data + (gsize)p++ * sizeof (Span) * 4));
      else
        add_host (range, seen, g_ascii_strdown (items[i], -1));
    }
  return g_steal_pointer (&range);
}

void
sl_address_range_free (SlAddressRange *range)
{
  if (range == NULL)
    return;
  g_clear_pointer (&range->hosts, g_ptr_array_unref);
  g_clear_pointer (&range->ports, g_array_unref);
  g_free (range);
}

guint
sl_address_range_get_n_hosts (const SlAddressRange *range)
{
  return range->hosts->len;
}

guint
sl_address_range_get_n_ports (const SlAddressRange *range)
{
  return range->ports->len;
}

guint
sl_address_range_get_n_probes (const SlAddressRange *range)
{
  return range->hosts->len * range->ports->len;
}

const char *
sl_address_range_get_host (const SlAddressRange *range, guint index)
{
  g_return_val_if_fail (index < range->hosts->len, NULL);
  return range->hosts->pdata[index];
}

guint16
sl_address_range_get_port (const SlAddressRange *range, guint index)
{
  g_return_val_if_fail (index < range->ports->len, 0);
  return g_array_index (range->ports, guint16, index);
}

void
sl_address_range_iter_init (SlAddressRangeIter *iter, const SlAddressRange *range)
{
  iter->range = range;
  iter->next = 0;
}

gboolean
sl_address_range_iter_next (SlAddressRangeIter *iter, const char **host, guint16 *port)
{
  const SlAddressRange *range = iter->range;
  guint n_ports = range->ports->len;

  if (n_ports == 0 || iter->next >= sl_address_range_get_n_probes (range))
    return FALSE;
  *host = range->hosts->pdata[iter->next / n_ports];
  *port = g_array_index (range->ports, guint16, iter->next % n_ports);
  iter->next++;
  return TRUE;
}
