#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sightline-recorder's commands against real parts: a temporary data folder,
# the credentials file backend, and sightline-camsim on ports the kernel picks
# (VAPIX probe, and a short `run` that records a real segment for `check`).
# Prints TAP. Usage: test-recorder-cli.sh SIGHTLINE-RECORDER SIGHTLINE-CAMSIM
set -u

recorder=$1
camsim=$2
work=$(mktemp -d)
data="$work/data"
camsim_pid=
run_pid=
count=0
failures=0

cleanup () {
  [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null
  [ -n "$camsim_pid" ] && kill "$camsim_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Messages are checked in English; the password store is the 0600 file.
LC_ALL=C
SL_CREDENTIALS_BACKEND=file
export LC_ALL SL_CREDENTIALS_BACKEND

ok () {
  count=$((count + 1))
  echo "ok $count - $*"
}

not_ok () {
  count=$((count + 1))
  failures=$((failures + 1))
  echo "not ok $count - $*"
  for file in "$work/out" "$work/err"; do
    [ -s "$file" ] && sed 's/^/# /' "$file"
  done
}

check () {
  description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

# sl ARGS...: runs the recorder on the test's data folder; stdout in out, stderr in err.
sl () {
  "$recorder" --data-dir "$data" "$@" >"$work/out" 2>"$work/err"
}

# json PYTHON-EXPRESSION: evaluates it on the JSON in out (as `d`) and prints the result.
json () {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
    "$work/out" "$1"
}

# expect_failure STATUS TEXT ARGS...: exit STATUS, nothing on stdout, and on
# stderr one line "sightline-recorder: ..." containing TEXT (usage errors,
# status 2, may add a line that points at --help).
expect_failure () {
  status=$1
  text=$2
  shift 2
  sl "$@"
  got=$?
  lines=$(wc -l <"$work/err")
  if [ "$status" -eq 2 ]; then max_lines=2; else max_lines=1; fi
  if [ "$got" -eq "$status" ] && [ ! -s "$work/out" ] && [ "$lines" -ge 1 ] &&
      [ "$lines" -le "$max_lines" ] &&
      head -n 1 "$work/err" | grep -q '^sightline-recorder: ' &&
      grep -q -F -e "$text" "$work/err"; then
    ok "'$*' fails ($got): $text"
  else
    not_ok "'$*' exited $got, expected $status and '$text'"
  fi
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds or time is up.
wait_for () {
  tries=$(($1 * 10))
  shift
  while [ "$tries" -gt 0 ]; do
    "$@" && return 0
    sleep 0.1
    tries=$((tries - 1))
  done
  return 1
}

# ---- The simulated camera -------------------------------------------------

"$camsim" --cameras 1 --username root --password pass --json >"$work/camsim.json" \
  2>"$work/camsim.err" &
camsim_pid=$!
if ! wait_for 30 test -s "$work/camsim.json"; then
  echo "Bail out! sightline-camsim did not start: $(cat "$work/camsim.err")"
  exit 1
fi
camsim_field () {
  python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' \
    "$work/camsim.json" "$1"
}
http_port=$(camsim_field http_port)
rtsp_port=$(camsim_field rtsp_port)
model=$(camsim_field model)
serial=$(camsim_field serial)

# ---- Command line ---------------------------------------------------------

sl camera add --help
check "camera add --help lists --password-stdin and --vapix" \
  grep -q -e "--password-stdin" -e "--vapix" "$work/out"
expect_failure 2 "unknown command 'camera frobnicate'" camera frobnicate
expect_failure 2 "Unknown option --frobnicate" camera add --name X --frobnicate
expect_failure 2 "'camera remove' needs a camera name or ID" camera remove
expect_failure 2 "unexpected argument 'extra'" camera list extra
expect_failure 2 "give exactly one of --url, --vapix and --file" camera add --name X
expect_failure 2 "give the camera with --camera" export
expect_failure 2 "'verify' needs an export folder" verify
expect_failure 2 "'avi' is not an export format" export --camera X --from now --to now \
  --output "$work/x" --format avi
check "no command that failed on its options created the data folder" test ! -e "$data"

# ---- camera add -----------------------------------------------------------

main_url="rtsp://127.0.0.1:$rtsp_port/axis-media/media.amp?camera=1&resolution=640x360"
printf 'Sesame-4471\n' | sl camera add --name Gate --url "$main_url" --username root \
  --password-stdin --transport tcp --retention-days 7
status=$?
gate_id=$(cat "$work/out")
check "camera add --url --password-stdin prints the new id" \
  test "$status" -eq 0 -a -n "$gate_id" -a "$(echo "$gate_id" | tr -d 0-9)" = ""

sl camera add --name Door --url "rtsp://admin:Hidden-9a2@127.0.0.1:$rtsp_port/door"
door_id=$(cat "$work/out")
check "camera add takes the credentials out of a URL" test $? -eq 0 -a -n "$door_id"

sl camera list --json
check "camera list --json has Gate with its settings" test "$(json \
  '[(c["name"], c["driver"], c["username"], c["transport"], c["retention_days"], c["enabled"])
    for c in d if c["id"] == '"$gate_id"']')" = "[('Gate', 'rtsp', 'root', 'tcp', 7, True)]"
check "the URL of Door has no credentials and its user name is kept apart" test "$(json \
  '[(c["main_url"], c["username"]) for c in d if c["name"] == "Door"]')" = \
  "[('rtsp://127.0.0.1:$rtsp_port/door', 'admin')]"
check "camera list --json shows no password" \
  sh -c '! grep -q -e Sesame-4471 -e Hidden-9a2 "$1"' sh "$work/out"

check "the credentials file has mode 0600" test "$(stat -c %a "$data/credentials")" = 600
check "no password anywhere in the data folder but the credentials file" \
  sh -c '! grep -r -l -a --exclude=credentials -e Sesame-4471 -e Hidden-9a2 "$1"' sh "$data"

sl camera list
check "camera list prints aligned columns" \
  sh -c 'grep -q "^ID  *NAME  *DRIVER  *ADDRESS" "$1" && grep -q "Gate  *rtsp  *127.0.0.1:'"$rtsp_port"'" "$1"' \
  sh "$work/out"

expect_failure 1 "A camera named 'Gate' already exists" camera add --name gate --url "$main_url"
expect_failure 1 "The camera refused the user name or password" camera add --name Web \
  --url "http://root:Web-5512@127.0.0.1:$http_port/axis-cgi/mjpg/video.cgi"
expect_failure 1 "does not send MJPEG video" camera add --name Web \
  --url "http://root:pass@127.0.0.1:$http_port/axis-cgi/jpg/image.cgi"
sl camera add --name Web --url "http://root:pass@127.0.0.1:$http_port/axis-cgi/mjpg/video.cgi"
check "camera add --url takes an HTTP MJPEG stream once it answers with JPEG parts" test $? -eq 0
sl camera list --json
check "an HTTP camera has the http driver, its URL no credentials" test "$(json \
  '[(c["driver"], c["main_url"], c["username"]) for c in d if c["name"] == "Web"]')" = \
  "[('http', 'http://127.0.0.1:$http_port/axis-cgi/mjpg/video.cgi', 'root')]"
expect_failure 1 "must be an rtsp:// stream" camera add --name Web2 --url "$main_url" \
  --sub-url "http://127.0.0.1:$http_port/axis-cgi/mjpg/video.cgi"
expect_failure 1 "is not a stream URL" camera add --name Ftp --url "ftp://127.0.0.1/stream"
expect_failure 1 "The --url value is not a URL" camera add --name Bad --url "not a url"
expect_failure 1 "No such file or directory" camera add --name Clip --file "$work/missing.mkv"
expect_failure 1 "cannot be named '12'" camera add --name 12 --url "$main_url"
sl camera add --name Leak --url "ftp://admin:Leaked-77@127.0.0.1/"
check "an error about a URL does not repeat its password" sh -c '! grep -q Leaked-77 "$1"' \
  sh "$work/err"

# ---- camera add --vapix ---------------------------------------------------

printf 'pass\n' | sl camera add --name Axis --vapix "127.0.0.1:$http_port" --username root \
  --password-stdin
status=$?
axis_id=$(cat "$work/out")
check "camera add --vapix against the simulator prints an id" test "$status" -eq 0 -a -n "$axis_id"
sl camera list --json
check "the probe read model and serial" test "$(json \
  '[(c["driver"], c["model"], c["serial"], c["address"]) for c in d if c["name"] == "Axis"]')" = \
  "[('vapix', '$model', '$serial', '127.0.0.1:$http_port')]"
check "the probe built stream-profile URLs on the RTSP port" test "$(json \
  '[(c["main_url"], c["sub_url"]) for c in d if c["name"] == "Axis"]')" = \
  "[('rtsp://127.0.0.1:$rtsp_port/axis-media/media.amp?camera=1&streamprofile=main', 'rtsp://127.0.0.1:$rtsp_port/axis-media/media.amp?camera=1&streamprofile=sub')]"

expect_failure 1 "The camera at 127.0.0.1:$http_port refused the user name or password" \
  camera add --name Axis2 --vapix "127.0.0.1:$http_port" --username root --password-stdin <<EOF
wrong
EOF
expect_failure 1 "Cannot reach 127.0.0.1:1" camera add --name Axis3 --vapix 127.0.0.1:1

# ---- camera set and remove ------------------------------------------------

sl camera set Door --disable --retention-days 30 --transport udp --name "Back Door"
check "camera set prints what it updated" grep -q "Updated camera 'Back Door'" "$work/out"
sl camera list --json
check "camera set changed name, enabled, retention and transport" test "$(json \
  '[(c["name"], c["enabled"], c["retention_days"], c["transport"]) for c in d
    if c["id"] == '"$door_id"']')" = "[('Back Door', False, 30, 'udp')]"
expect_failure 1 "'fast' is not an RTSP transport" camera set "$door_id" --transport fast
expect_failure 1 "There is no storage location" camera set "$door_id" --storage "$work/nowhere"
expect_failure 2 "nothing to change" camera set "$door_id"
expect_failure 1 "No camera named 'Nobody'" camera remove Nobody

sl camera remove "Back Door"
check "camera remove says the recordings are kept" grep -q "recordings stay on disk" "$work/out"
sl camera list --json
check "the removed camera is gone" test "$(json '[c["name"] for c in d if c["id"] == '"$door_id"']')" = "[]"
check "its password is forgotten" sh -c '! grep -q -e Hidden-9a2 -e "camera $1\]" "$2"' \
  sh "$door_id" "$data/credentials"

# ---- storage --------------------------------------------------------------

sl storage add "$work/store" --max-size 500G --min-free 7.5
store_id=$(cat "$work/out")
check "storage add creates the folder with mode 0750 and prints an id" \
  test -n "$store_id" -a "$(stat -c %a "$work/store" 2>/dev/null)" = 750
sl storage list --json
check "storage list --json has the limits and the usage" test "$(json \
  '[(r["max_bytes"], r["min_free_percent"], r["used_bytes"], r["free_bytes"] > 0) for r in d]')" = \
  "[(536870912000, 7.5, 0, True)]"
sl storage set "$store_id" --max-size 1T --min-free 3%
sl storage list --json
check "storage set changed the limits" test "$(json '[(r["max_bytes"], r["min_free_percent"]) for r in d]')" = \
  "[(1099511627776, 3.0)]"
sl storage list
check "storage list prints sizes in binary units" grep -q "1.0 TiB" "$work/out"
sl camera set Gate --storage "$work/store"
sl camera list --json
check "camera set --storage takes a path" \
  test "$(json '[c["storage_id"] for c in d if c["name"] == "Gate"]')" = "[$store_id]"
expect_failure 1 "not a folder" storage add "$data/catalog.db"
expect_failure 1 "'12Q' is not a size" storage add "$work/store2" --max-size 12Q
expect_failure 1 "is not a percentage" storage set "$store_id" --min-free 100

# ---- recordings and check on an empty catalog -----------------------------

sl recordings list --camera Gate
check "recordings list on a camera without recordings says so" \
  grep -q "No recordings of 'Gate' from " "$work/out"
sl recordings list --camera Gate --json --from 2020-01-01T10:00:00+01:00 --to now
check "recordings list --json on it is an empty array" test "$(json 'd')" = "[]"
expect_failure 1 "'yesterday' is not a time" recordings list --camera Gate --from yesterday
expect_failure 2 "give the camera with --camera" recordings list

sl check
check "check passes on a catalog without recordings" test $? -eq 0
mkdir -p "$work/store/camera-$gate_id/2026-11-21"
echo stray >"$work/store/camera-$gate_id/2026-11-21/stray.mkv"
sl check
status=$?
check "check reports a stray file in a camera folder, with exit status 0" \
  sh -c '[ "$1" -eq 0 ] && grep -q "Not in the catalog (kept): .*stray.mkv" "$2"' sh "$status" "$work/out"
sl check --repair
check "check --repair keeps the unknown file" test -f "$work/store/camera-$gate_id/2026-11-21/stray.mkv"

# ---- A short run, then check against the segment it wrote -----------------

# Only Axis records: the others are disabled so that the run is quick.
sl camera set Gate --disable

segment_file () {
  find "$work/store/camera-$axis_id" -name '*.mkv' -size +20k 2>/dev/null | head -n 1
}
has_segment () {
  [ -n "$(segment_file)" ]
}

# record_briefly: runs the recorder until it has written 20 KB, then stops it with SIGINT.
record_briefly () {
  "$recorder" --data-dir "$data" run >"$work/run.out" 2>"$work/run.err" &
  run_pid=$!
  wait_for 30 has_segment
  written=$?
  if [ "$written" -eq 0 ]; then
    # Bounded: if the lock failed, this one would record until killed.
    timeout 20 "$recorder" --data-dir "$data" run >"$work/out" 2>"$work/err"
    check "a second recorder on the same data folder fails with one sentence" \
      sh -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q "is in use by another recorder" "$1"' sh "$work/err"
  fi
  kill -INT "$run_pid"
  wait "$run_pid"
  run_status=$?
  run_pid=
  check "run recorded a segment and exited 0 on SIGINT" test "$written" -eq 0 -a "$run_status" -eq 0
}

record_briefly
check "run printed the camera it records, without credentials" \
  sh -c 'grep -q "^Recording '\''Axis'\'' (rtsp://127.0.0.1:" "$1" && ! grep -q -e root -e pass "$1"' \
  sh "$work/run.out"
check "run said that the open segments are closed" grep -q "closed and indexed" "$work/run.out"

sl recordings list --camera Axis --json
check "recordings list shows the segment with ISO and microsecond times" test "$(json \
  '[(p["kind"], p["stream"], p["start"].endswith("Z"), p["end_us"] > p["start_us"]) for p in d
    if p["kind"] == "segment"]')" = "[('segment', 'main', True, True)]"
sl check
check "check passes with the segment on disk" test $? -eq 0

# ---- export and verify the segment ----------------------------------------

sl recordings list --camera Axis --json
seg_start=$(json '[p["start_us"] for p in d if p["kind"] == "segment"][0]')
seg_end=$(json '[p["end_us"] for p in d if p["kind"] == "segment"][0]')
sl export --camera Axis --from "$seg_start" --to "$seg_end" --output "$work/export" \
  --notes "Case 42"
check "export writes the video, notes and a signed manifest, progress on stderr" \
  sh -c '[ "$1" -eq 0 ] && [ -s "$2"/manifest.json ] && [ -s "$2"/manifest.sig ] &&
    [ "$(cat "$2"/notes.txt)" = "Case 42" ] && ls "$2"/Axis_*.mkv >/dev/null &&
    grep -q "Exporting 100%" "$3" && grep -q "fingerprint is [0-9a-f]\{64\}" "$4"' \
  sh "$?" "$work/export" "$work/err" "$work/out"
sl verify "$work/export"
check "verify says valid" sh -c '[ "$1" -eq 0 ] && [ "$(head -n 1 "$2")" = valid ]' sh "$?" "$work/out"
exported=$(ls "$work/export"/Axis_*.mkv)
printf 'X' | dd of="$exported" bs=1 seek=5000 conv=notrunc 2>/dev/null
sl verify "$work/export"
check "verify names an altered file and exits 1" \
  sh -c '[ "$1" -eq 1 ] && grep -q "$(basename "$2").* was altered" "$3"' sh "$?" "$exported" \
  "$work/out"
expect_failure 1 "is not empty" export --camera Axis --from "$seg_start" --to "$seg_end" \
  --output "$work/export"
expect_failure 1 "There are no recordings of camera 'Axis'" export --camera Axis \
  --from 2020-01-01T10:00:00 --to 2020-01-01T10:01:00 --output "$work/export-empty"
check "a failed export leaves no folder behind" test ! -e "$work/export-empty"

segment=$(segment_file)
cp "$segment" "$work/clip.mkv"
sl camera add --name Clip --file "$work/clip.mkv" --disabled
sl camera list --json
check "camera add --file keeps the file's full path" test "$(json \
  '[(c["driver"], c["address"], c["enabled"]) for c in d if c["name"] == "Clip"]')" = \
  "[('file', '$work/clip.mkv', False)]"
expect_failure 2 "needs no user name or password" camera add --name Clip2 --file "$work/clip.mkv" \
  --username root

mv "$segment" "$work/moved.mkv"
sl check --json
status=$?
check "check finds the missing file and exits 1" test "$status" -eq 1 -a "$(json \
  '[(p["kind"], p["repaired"]) for p in d["problems"]]')" = "[('missing', False)]"
mv "$work/moved.mkv" "$segment"
printf 'junk' | dd of="$segment" conv=notrunc 2>/dev/null
sl check
check "check finds a file that is not Matroska" \
  sh -c '[ "$1" -eq 1 ] && grep -q "does not start like a Matroska file" "$2"' sh "$?" "$work/out"
rm "$segment"
sl check --repair
check "check --repair forgets the row of the missing file" \
  sh -c '[ "$1" -eq 0 ] && grep -q "repaired" "$2"' sh "$?" "$work/out"
sl check
check "check passes after the repair" test $? -eq 0

record_briefly
segment=$(segment_file)
sl camera remove Axis --delete-recordings
check "camera remove --delete-recordings deletes the files" \
  sh -c '[ "$1" -eq 0 ] && grep -q "deleted its 1 recording file" "$2" && [ ! -e "$3" ]' \
  sh "$?" "$work/out" "$segment"
sl check
check "check passes after the camera and its recordings are gone" test $? -eq 0

echo "1..$count"
[ "$failures" -eq 0 ]
