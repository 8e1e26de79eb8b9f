#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sightline-recorder bookmark add | list | remove on a temporary data folder
# (a real catalog; the camera needs no simulator: nothing is recorded).
# Prints TAP. Usage: test-bookmark-cli.sh SIGHTLINE-RECORDER
set -u

recorder=$1
work=$(mktemp -d)
data="$work/data"
count=0
failures=0
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

# English messages; UTF-8 so that a search for "CAFÉ" reaches the program intact.
LC_ALL=C.UTF-8
SL_CREDENTIALS_BACKEND=file
export LC_ALL SL_CREDENTIALS_BACKEND

result () {
  count=$((count + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $count - $2"
  else
    failures=$((failures + 1))
    echo "not ok $count - $2"
    for file in "$work/out" "$work/err"; do
      [ -s "$file" ] && sed 's/^/# /' "$file"
    done
  fi
}

check () {
  description=$1
  shift
  "$@"
  result $? "$description"
}

sl () {
  "$recorder" --data-dir "$data" "$@" >"$work/out" 2>"$work/err"
}

# json PYTHON-EXPRESSION: evaluates it on the JSON in out (as `d`) and prints the result.
json () {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
    "$work/out" "$1"
}

# fails STATUS TEXT ARGS...: exits STATUS with TEXT on stderr and nothing on stdout.
fails () {
  status=$1
  text=$2
  shift 2
  sl "$@"
  got=$?
  [ "$got" -eq "$status" ] && [ ! -s "$work/out" ] && grep -q -F -e "$text" "$work/err"
  result $? "'$*' fails ($status): $text"
}

sl camera add --name Gate --url rtsp://127.0.0.1:9/gate
gate=$(cat "$work/out")
sl camera add --name Yard --url rtsp://127.0.0.1:9/yard --disabled

# ---- add ------------------------------------------------------------------

sl bookmark add --camera Gate --at 2026-11-21T10:00:00Z --before 30 --after 60 --name Van \
  --description "White van, plates ABC 123" --lock
check "bookmark add --lock says the recordings are kept" \
  grep -q "Added bookmark 1 'Van' of 'Gate' at 2026-11-21T10:00:00.000Z; its recordings are kept" \
  "$work/out"
sl bookmark add --camera Yard --at 1795255200000000 --name "Café delivery"
check "bookmark add takes microseconds and another camera" \
  grep -q "Added bookmark 2 'Café delivery' of 'Yard'" "$work/out"
sl bookmark add --camera "$gate" --at 2026-11-22T08:00:00+01:00 --name Fence --after 1.5
check "bookmark add takes a camera id and a time zone" grep -q "Added bookmark 3" "$work/out"

fails 2 "give the camera with --camera" bookmark add --at now --name X
fails 2 "give the moment with --at" bookmark add --camera Gate --name X
fails 2 "give the bookmark a name with --name" bookmark add --camera Gate --at now --name "  "
fails 1 "--before '-3' is not a number of seconds" bookmark add --camera Gate --at now --name X \
  --before -3
fails 1 "'yesterday' is not a time" bookmark add --camera Gate --at yesterday --name X
fails 1 "No camera" bookmark add --camera Nowhere --at now --name X

# ---- list -----------------------------------------------------------------

sl bookmark list --json
check "bookmark list --json: three bookmarks by start time" \
  test "$(json '[b["name"] for b in d]')" = "['Van', 'Café delivery', 'Fence']"
check "the range is the moment minus --before to plus --after" \
  test "$(json '(d[0]["start"], d[0]["end"], d[0]["end_us"] - d[0]["start_us"])')" = \
  "('2026-11-21T09:59:30.000Z', '2026-11-21T10:01:00.000Z', 90000000)"
check "locked, camera and description in JSON" \
  test "$(json '(d[0]["locked"], d[0]["camera"], d[0]["description"], d[1]["locked"])')" = \
  "(True, 'Gate', 'White van, plates ABC 123', False)"

sl bookmark list --search VAN --json
check "bookmark list --search finds text in the description, any case" \
  test "$(json '[b["id"] for b in d]')" = "[1]"
sl bookmark list --search "CAFÉ" --json
check "bookmark list --search folds non-ASCII case" test "$(json '[b["id"] for b in d]')" = "[2]"
sl bookmark list --camera Gate --json
check "bookmark list --camera" test "$(json '[b["id"] for b in d]')" = "[1, 3]"
sl bookmark list --from 2026-11-21T10:00:30Z --to 2026-11-22T00:00:00Z --json
check "bookmark list --from --to keeps bookmarks overlapping the range" \
  test "$(json '[b["id"] for b in d]')" = "[1]"
sl bookmark list
check "bookmark list prints a table with the lock" \
  sh -c "head -n 1 '$work/out' | grep -q '^ID *CAMERA *START *DURATION *LOCK *NAME' &&
         grep -q 'Gate *2026-11-21T09:59:30.000Z *0:01:30.000 *locked *Van' '$work/out'"
sl bookmark list --search nothing-like-this
check "bookmark list says when nothing matches" grep -q "No bookmarks match" "$work/out"
fails 1 "not before its end" bookmark list --from 2026-11-22T00:00:00Z --to 2026-11-21T00:00:00Z

# ---- remove ---------------------------------------------------------------

sl bookmark remove 1
check "bookmark remove of a locked bookmark says the recordings may go" \
  grep -q "Removed bookmark 1 'Van'; its recordings are no longer kept" "$work/out"
fails 1 "There is no bookmark 1" bookmark remove 1
fails 2 "'abc' is not a bookmark ID" bookmark remove abc
fails 2 "bookmark ID" bookmark remove
sl bookmark list --json
check "the removed bookmark is gone" test "$(json '[b["id"] for b in d]')" = "[2, 3]"

echo "1..$count"
[ "$failures" -eq 0 ]
