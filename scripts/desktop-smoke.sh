#!/usr/bin/env bash
# desktop-smoke.sh BINARY [ARGS...]
#
# Starts a desktop build of assessbridge (go build -tags desktop,production,webkit2_41)
# with ARGS on a virtual X display and checks, within a timeout, that:
#   1. a window named "assessbridge" appears;
#   2. the page renders in it: screenshots are polled until they are no longer blank;
#   3. the page's own text is on screen: Tesseract reads the screenshot and must
#      find $SMOKE_TEXT (default "assessbridge"). With $SMOKE_TITLE set, the window
#      title must also come to contain it: the window's title follows the page's
#      document.title, which only the page's scripts, running inside the window
#      and fed by the app's handler, can set;
#   4. the app quits cleanly on SIGTERM (closing its window) within 10 s.
# The last screenshot is kept at $SMOKE_SCREENSHOT (default
# docs/screenshots/desktop-smoke.png). Needs scripts/install-desktop-deps.sh.
#
# Environment:
#   SMOKE_SCREENSHOT  where to keep the screenshot
#   SMOKE_TIMEOUT     seconds to wait for the window and the page (default 60)
#   SMOKE_TEXT        text that must be read off the screen (default "assessbridge")
#   SMOKE_TITLE       text the window title must come to contain (default: no check),
#                     e.g. "Candidates ·" for a page whose document.title is
#                     "Candidates · assessbridge"
set -euo pipefail

NAME=desktop-smoke
. "$(dirname "$0")/xvfb.sh"

if [ $inside = 0 ]; then
  [ $# -ge 1 ] || die "usage: $0 BINARY [ARGS...]"
  [ -x "$1" ] || die "$1 is not an executable"
  on_new_display xvfb-run Xvfb import identify xdotool xwininfo tesseract -- "$@"
fi

bin=$1
shift
shot=${SMOKE_SCREENSHOT:-docs/screenshots/desktop-smoke.png}
timeout=${SMOKE_TIMEOUT:-60}
text=${SMOKE_TEXT:-assessbridge}
title=${SMOKE_TITLE:-}
mkdir -p "$(dirname "$shot")"
work=$(mktemp -d)
log=$work/app.log
pid=

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { print int(b - a) }'; }
show_log() { say "app output:"; sed 's/^/  | /' "$log" >&2 || true; }

# The no-window fallbacks of the app must not kick in: this is the window's test.
unset WAYLAND_DISPLAY
t0=$(now)
"$bin" "$@" >"$log" 2>&1 &
pid=$!
say "started $bin $* (pid $pid) on display $DISPLAY"

# 1. The window.
win=
while [ -z "$win" ]; do
  kill -0 "$pid" 2>/dev/null || { show_log; die "the app exited before opening a window"; }
  [ "$(elapsed "$t0")" -lt "$timeout" ] || { show_log; die "no window named assessbridge after ${timeout}s"; }
  win=$(xdotool search --onlyvisible --name assessbridge 2>/dev/null | head -n1 || true)
  [ -n "$win" ] || sleep 0.2
done
t_window=$(now)
geom=$(xwininfo -id "$win" | awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { print w "x" h }')
say "window $win ($geom) after $(since "$t0")"

# 2. The page has rendered: the screen is no longer one flat colour.
# 3. Its text is on screen (OCR) and its scripts set the window title.
# A blank window is one flat colour; a rendered page has anti-aliased text,
# hence many colours. Light, sparse pages have a small deviation: keep it low.
min_stddev=0.01
rendered=
read_ok=
while :; do
  kill -0 "$pid" 2>/dev/null || { show_log; die "the app exited while its page was loading"; }
  import -window root "$work/shot.png" 2>/dev/null || true
  if [ -s "$work/shot.png" ]; then
    sd=$(identify -format '%[fx:standard_deviation]' "$work/shot.png" 2>/dev/null || echo 0)
    colours=$(identify -format '%k' "$work/shot.png" 2>/dev/null || echo 0)
    if awk -v s="$sd" -v m="$min_stddev" 'BEGIN { exit !(s > m) }' && [ "$colours" -gt 16 ]; then
      if [ -z "$rendered" ]; then
        rendered=$(now)
        say "page rendered after $(since "$t_window") (std dev $sd, $colours colours)"
      fi
      # Upscaled greyscale reads more reliably than a 1:1 screen grab.
      convert "$work/shot.png" -colorspace Gray -resize 200% "$work/ocr.png" 2>/dev/null
      tesseract "$work/ocr.png" "$work/ocr" >/dev/null 2>&1 || true
      wname=$(xdotool getwindowname "$win" 2>/dev/null || true)
      if grep -qiF -- "$text" "$work/ocr.txt" 2>/dev/null && [[ "${wname,,}" == *"${title,,}"* ]]; then
        read_ok=$(now)
        break
      fi
    fi
  fi
  if [ "$(elapsed "$t0")" -ge "$timeout" ]; then
    [ -s "$work/shot.png" ] && cp "$work/shot.png" "$shot"
    show_log
    [ -n "$rendered" ] || die "the window stayed blank for ${timeout}s (std dev ${sd:-?}, ${colours:-?} colours); screenshot: $shot"
    say "text read off the screen:"; sed 's/^/  > /' "$work/ocr.txt" >&2 || true
    if ! grep -qiF -- "$text" "$work/ocr.txt" 2>/dev/null; then
      die "\"$text\" not read off the screen after ${timeout}s; screenshot: $shot"
    fi
    die "the window title \"${wname:-}\" does not contain \"$title\" after ${timeout}s; screenshot: $shot"
  fi
  sleep 0.5
done
cp "$work/shot.png" "$shot"
say "read \"$text\" on screen and window title \"$wname\" after $(since "$rendered") more"
say "screenshot: $shot"

# 4. Quit: SIGTERM must close the window and end the process.
t_quit=$(now)
kill -TERM "$pid"
for _ in $(seq 1 100); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  show_log
  die "the app was still running 10 s after SIGTERM"
fi
status=0
wait "$pid" || status=$?
pid=
[ $status -eq 0 ] || { show_log; die "the app exited with status $status after SIGTERM"; }
if xdotool search --name assessbridge >/dev/null 2>&1; then
  die "the app exited but a window named assessbridge is still there"
fi
say "quit after $(since "$t_quit")"

echo "desktop-smoke: OK: start→window $(awk -v a="$t0" -v b="$t_window" 'BEGIN { printf "%.1f s", b - a }'), window→rendered $(awk -v a="$t_window" -v b="$rendered" 'BEGIN { printf "%.1f s", b - a }'), rendered→text read $(awk -v a="$rendered" -v b="$read_ok" 'BEGIN { printf "%.1f s", b - a }'), quit $(since "$t_quit")"
