#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a test program on a D-Bus session bus of its own, where it may start a
# Secret Service (gnome-keyring-daemon) without touching the user's keyring or
# the bus that other tests share under tools/check.
# Usage: run-with-keyring.sh PROGRAM [ARGUMENT...]
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 PROGRAM [ARGUMENT...]" >&2
  exit 2
fi

if ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "Bail out! dbus-run-session is missing; install the dbus package"
  exit 1
fi

# The program checks this before it starts a keyring daemon: only here is the
# bus known to be private.
SL_TEST_PRIVATE_BUS=1
export SL_TEST_PRIVATE_BUS
exec dbus-run-session -- "$@"
