#!/bin/sh
# The simulator's streams play in an ordinary external player: ffmpeg's own
# RTSP client (not GStreamer) decodes the main stream over TCP and UDP with
# digest authentication, and the MJPEG stream over HTTP, without errors.
set -eu
camsim=$1
work=$(mktemp -d)
"$camsim" --cameras 1 --username root --password pass --json >"$work/camera.json" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for i in $(seq 100); do [ -s "$work/camera.json" ] && break; sleep 0.1; done

field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$work/camera.json"; }
rtsp=$(field "" "['rtsp']['main']" | sed 's|rtsp://|rtsp://root:pass@|')
http=$(field "" "['http']" | sed 's|http://|http://root:pass@|')

for transport in tcp udp; do
  info=$(timeout 30 ffprobe -v error -rtsp_transport $transport \
    -show_entries stream=codec_name,profile,width,height,pix_fmt -of compact "$rtsp")
  echo "ffprobe over $transport: $info"
  [ "$info" = "stream|codec_name=h264|profile=Main|width=1280|height=720|pix_fmt=yuv420p" ]
  errors=$(timeout 30 ffmpeg -nostdin -v error -rtsp_transport $transport -i "$rtsp" \
    -frames:v 30 -f null - 2>&1 | grep -v "non monotonically increasing dts" || true)
  [ -z "$errors" ] || { echo "ffmpeg reported: $errors"; exit 1; }
done

timeout 30 ffmpeg -nostdin -v error -i "${http}axis-cgi/mjpg/video.cgi?resolution=640x360" \
  -frames:v 10 -f null - 2>"$work/mjpeg.err"
[ ! -s "$work/mjpeg.err" ] || { cat "$work/mjpeg.err"; exit 1; }
echo "ffmpeg decoded RTSP (TCP, UDP) and MJPEG without errors"
