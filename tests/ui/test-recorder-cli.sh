#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sightline-recorder links without GTK and answers its command line honestly.
# Usage: test-recorder-cli.sh PATH-TO-sightline-recorder VERSION
set -u

recorder=$1
version=$2
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Messages are checked in English.
LC_ALL=C
export LC_ALL

fail () {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

pass () {
  echo "ok: $*"
}

if ldd "$recorder" > "$tmp/ldd"; then
  if grep -q -e libgtk -e libadwaita "$tmp/ldd"; then
    fail "sightline-recorder links GTK or libadwaita:"
    grep -e libgtk -e libadwaita "$tmp/ldd"
  else
    pass "no GTK and no libadwaita in ldd output"
  fi
else
  fail "ldd could not read $recorder"
fi

out=$("$recorder" --version)
status=$?
if [ "$status" -eq 0 ] && [ "$out" = "sightline-recorder $version" ]; then
  pass "--version prints '$out'"
else
  fail "--version exited $status and printed '$out'"
fi

if "$recorder" --help > "$tmp/help" 2>&1; then
  missing=""
  for command in run "camera add" "camera list" "camera remove" "camera set" \
      "storage add" "storage list" "storage set" "recordings list" check export verify \
      "--data-dir"; do
    grep -q -e "$command" "$tmp/help" || missing="$missing '$command'"
  done
  if [ -z "$missing" ]; then
    pass "--help lists every command"
  else
    fail "--help does not mention:$missing"
    cat "$tmp/help"
  fi
else
  fail "--help exited non-zero"
fi

# expect_usage_error EXPECTED-MESSAGE ARGS...: exit status 2 and the message on stderr.
expect_usage_error () {
  expected=$1
  shift
  "$recorder" "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  if [ "$status" -eq 2 ] && grep -q -F -e "$expected" "$tmp/err" && [ ! -s "$tmp/out" ]; then
    pass "'$*' exits 2 with: $expected"
  else
    fail "'$*' exited $status; stderr: $(cat "$tmp/err"); stdout: $(cat "$tmp/out")"
  fi
}

expect_usage_error "sightline-recorder: give the camera with --camera" --data-dir "$tmp/data" export
expect_usage_error "sightline-recorder: 'verify' needs an export folder" verify
expect_usage_error "give exactly one of --url, --vapix and --file" \
  --data-dir "$tmp/data" camera add --name Gate
expect_usage_error "give the camera with --camera" --data-dir "$tmp/data" recordings list
expect_usage_error "'camera' needs one of these commands: add, list, remove, set" camera
expect_usage_error "sightline-recorder: unknown command 'frobnicate'" frobnicate
expect_usage_error "Run 'sightline-recorder --help' to see the commands." frobnicate
expect_usage_error "unknown command 'camera frobnicate'" camera frobnicate
expect_usage_error "sightline-recorder: no command given"
expect_usage_error "Unknown option --frobnicate" --frobnicate

if [ -e "$tmp/data" ]; then
  fail "a command that lacks options created the data folder"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
