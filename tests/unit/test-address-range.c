// SPDX-License-Identifier: GPL-3.0-or-later

#include "config.h"

#include <string.h>

#include "sl-address-range.h"
#include "sl-error.h"

static void
assert_first_last (SlAddressRange *range, const char *first_host, const char *last_host)
{
  guint n = sl_address_range_get_n_hosts (range);

  g_assert_cmpstr (sl_address_range_get_host (range, 0), ==, first_host);
  g_assert_cmpstr (sl_address_range_get_host (range, n - 1), ==, last_host);
}

/* The examples of the manual: three ranges and two port items. */
static void
test_seed_examples (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlAddressRange) range = sl_address_range_parse (
      "192.168.10.*, 192.168.20-22.*, 192.168.30.0-50", "80, 1080-1090", &error);

  g_assert_no_error (error);
  /* 254 + 3 × 254 + 51 hosts; 1 + 11 ports. */
  g_assert_cmpuint (sl_address_range_get_n_hosts (range), ==, 254 + 3 * 254 + 51);
  g_assert_cmpuint (sl_address_range_get_n_ports (range), ==, 12);
  g_assert_cmpuint (sl_address_range_get_n_probes (range), ==, (254 + 3 * 254 + 51) * 12);
  assert_first_last (range, "192.168.10.1", "192.168.30.50");
  g_assert_cmpstr (sl_address_range_get_host (range, 254), ==, "192.168.20.1");
  g_assert_cmpstr (sl_address_range_get_host (range, 254 * 4), ==, "192.168.30.0");
  g_assert_cmpuint (sl_address_range_get_port (range, 0), ==, 80);
  g_assert_cmpuint (sl_address_range_get_port (range, 1), ==, 1080);
  g_assert_cmpuint (sl_address_range_get_port (range, 11), ==, 1090);
}

static void
test_single_and_names (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlAddressRange) range =
      sl_address_range_parse ("10.0.0.7,Camera-1.example.org, gate ,10.0.0.7", "8080", &error);

  g_assert_no_error (error);
  /* The duplicate address is probed once; names are folded to lower case. */
  g_assert_cmpuint (sl_address_range_get_n_hosts (range), ==, 3);
  g_assert_cmpstr (sl_address_range_get_host (range, 1), ==, "camera-1.example.org");
  assert_first_last (range, "10.0.0.7", "gate");
}

static void
test_iterator (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlAddressRange) range = sl_address_range_parse ("127.0.0.1-2", "80,81-82, 81", &error);
  SlAddressRangeIter iter;
  const char *host;
  guint16 port;
  g_autoptr (GString) seen = g_string_new (NULL);

  g_assert_no_error (error);
  sl_address_range_iter_init (&iter, range);
  while (sl_address_range_iter_next (&iter, &host, &port))
    g_string_append_printf (seen, "%s:%u ", host, port);
  g_assert_cmpstr (seen->str, ==,
                   "127.0.0.1:80 127.0.0.1:81 127.0.0.1:82 127.0.0.2:80 127.0.0.2:81 "
                   "127.0.0.2:82 ");
  g_assert_false (sl_address_range_iter_next (&iter, &host, &port));
}

static void
test_wildcards (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlAddressRange) range = sl_address_range_parse ("10.1.*.5", "80", &error);
  g_autoptr (SlAddressRange) wide = NULL;

  g_assert_no_error (error);
  /* A * that is not the last part covers 0 to 255. */
  g_assert_cmpuint (sl_address_range_get_n_hosts (range), ==, 256);
  assert_first_last (range, "10.1.0.5", "10.1.255.5");

  /* A /16 on one port is the largest search. */
  wide = sl_address_range_parse ("10.2.*.0-255", "80", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_address_range_get_n_probes (wide), ==, 65536);
}

typedef struct
{
  const char *hosts;
  const char *ports;
  const char *message_part; /* what the message must name */
} BadInput;

static void
test_rejected (void)
{
  static const BadInput bad[] = {
    { "", "80", "at least one address" },
    { " , ,", "80", "at least one address" },
    { "192.168.1.*", "", "at least one port" },
    { "192.168.300.1", "80", "300 is out of range" },
    { "192.168.1", "80", "3 parts instead of 4" },
    { "192.168.1.1.1", "80", "5 parts instead of 4" },
    { "192.168..1", "80", "empty part" },
    { "192.168.30.50-10", "80", "50-10 is reversed; write 10-50" },
    { "192.168.1-2-3.4", "80", "more than one dash" },
    { "192.168.1*.4", "80", "whole part" },
    { "192.168.1.-4", "80", "'-4' is not a number" },
    { "cam era", "80", NULL }, /* two items: both fine */
    { "cam!", "80", "contains '!'" },
    { "-gate.example", "80", "not a valid host name" },
    { "camera.local:8080", "80", "port field" },
    { "10.*.*.*", "80", "more than the 65536" },
    { "10.0.*.*", "80, 81", "130048 probes" },
    { "10.0.0.1", "0", "0 is out of range" },
    { "10.0.0.1", "70000", "70000 is out of range" },
    { "10.0.0.1", "1090-1080", "1090-1080 is reversed" },
    { "10.0.0.1", "http", "'http' is not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SlAddressRange) range =
          sl_address_range_parse (bad[i].hosts, bad[i].ports, &error);

      if (bad[i].message_part == NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (sl_address_range_get_n_hosts (range), ==, 2);
          continue;
        }
      g_test_message ("'%s' / '%s': %s", bad[i].hosts, bad[i].ports,
                      error ? error->message : "accepted");
      g_assert_null (range);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, bad[i].message_part));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address-range/seed-examples", test_seed_examples);
  g_test_add_func ("/address-range/single-and-names", test_single_and_names);
  g_test_add_func ("/address-range/iterator", test_iterator);
  g_test_add_func ("/address-range/wildcards", test_wildcards);
  g_test_add_func ("/address-range/rejected", test_rejected);

  return g_test_run ();
}
