#!/usr/bin/env bash
# bench-coldstart.sh BINARY [N]
#
# Measures how long a desktop build of assessbridge (go build -tags
# desktop,production,webkit2_41) takes from exec to "dashboard visible", on a
# fresh virtual X display of the window's size (1280x800).
#
# Starts measured:
#   - first start: `BINARY demo --pace 0.1 --listen 127.0.0.1:0 --data-dir DIR
#     $COLDSTART_DEMO_ARGS` on an empty data folder, with empty WebKit/GTK
#     cache, data and config folders (a fresh XDG_CACHE_HOME, XDG_DATA_HOME,
#     XDG_CONFIG_HOME) and, with COLDSTART_DROP_CACHES=1 (root only), an
#     emptied OS page cache (otherwise the binary and its libraries are most
#     likely still in it);
#   - warm restarts: the same command N-1 more times (N defaults to 5), with
#     those folders kept (the demo itself empties its database at every start);
#   - existing data (unless COLDSTART_EXISTING=0): the desktop app as a user
#     starts it, `BINARY` with no arguments, N-1 times on a data folder that a
#     headless demo run filled with 20 invitations (its keys then removed), in
#     a network namespace with only loopback (unshare --net): that folder names
#     the real Lever and Qualified, and a benchmark reaches neither. Its
#     dashboard shows the table; the demo's opens empty.
# The demo runs at --pace 0.1: its first candidate arrives 20 s in, so what is
# measured is the dashboard the app opens with, not the scripted flow. (--listen
# only matters if the window cannot open: the demo then serves a free port.)
#
# "Dashboard visible" is the first moment all of these hold:
#   1. a visible window named assessbridge exists (xdotool, polled every 10 ms);
#   2. its title is "Candidates · assessbridge": the title follows the page's
#      document.title, which only the page's scripts set (polled every 10 ms);
#   3. the window shows the dashboard's table ("Score" in its header) or its
#      empty state ("No candidates yet"), and no "Loading", as Tesseract reads
#      it. From the title on, the window is captured with xwd every ~35 ms
#      (about 10 ms of CPU each) until it has not changed for 10 captures or
#      COLDSTART_SETTLE seconds have passed; the distinct frames are read
#      afterwards, not while the app starts, and the time reported is that of
#      the first capture showing the dashboard (an upper bound, within ~35 ms).
# The app is then asked to quit (SIGTERM) and must exit within 15 s.
#
# Environment:
#   COLDSTART_DROP_CACHES=1  empty the OS page cache before the first start (root)
#   COLDSTART_EXISTING=0     skip the existing-data starts
#   COLDSTART_TIMEOUT        seconds a start may take to show its title (default 30)
#   COLDSTART_SETTLE         whole seconds to capture after the title, at most (default 3)
#   COLDSTART_KEEP=DIR       keep every start's dashboard frame and app output in DIR
#   COLDSTART_DEMO_ARGS      more arguments for the demo starts (split on spaces)
#   COLDSTART_GOAL           seconds a start may take to be on the goal (default 1.0): a
#                            goal line for the first start and the medians says OK or OVER
#   ASSESSBRIDGE_START_TRACE=1  the app writes when each step of its start happened (kept
#                            in COLDSTART_KEEP's logs)
set -euo pipefail

NAME=bench-coldstart
. "$(dirname "$0")/xvfb.sh"

if [ $inside = 0 ]; then
  [ $# -ge 1 ] || die "usage: $0 BINARY [N]"
  [ -x "$1" ] || die "$1 is not an executable"
  [[ "${2:-5}" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, not \"$2\""
  on_new_display xvfb-run Xvfb xwd convert xdotool tesseract curl -- "$@"
fi

# $EPOCHREALTIME and awk below take "." for the decimal point.
LC_NUMERIC=C
bin=$1
runs=${2:-5}
timeout=${COLDSTART_TIMEOUT:-30}
settle=${COLDSTART_SETTLE:-3}
GOAL=${COLDSTART_GOAL:-1.0}
[[ "$settle" =~ ^[1-9][0-9]*$ ]] || die "COLDSTART_SETTLE must be a whole number of seconds"
keep=${COLDSTART_KEEP:-}
[ -z "$keep" ] || mkdir -p "$keep"
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  exec 9>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A sleep without a fork: reading from a FIFO nobody writes to times out.
mkfifo "$work/tick"
exec 9<>"$work/tick"
nap() { read -r -t "$1" -u 9 _ || true; }

# The app's own caches and settings start empty and persist across starts.
export XDG_CACHE_HOME=$work/xdg/cache XDG_DATA_HOME=$work/xdg/data XDG_CONFIG_HOME=$work/xdg/config XDG_STATE_HOME=$work/xdg/state
mkdir -p "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
# The no-window fallbacks of the app must not kick in.
unset WAYLAND_DISPLAY

readonly TITLE="Candidates · assessbridge"
readonly CROP=1060x744+220+56 # the content area of the 1280x800 window: right of the navbar, below the header
sec() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# shows_dashboard FRAME: whether FRAME (an xwd capture) shows the dashboard's
# table or its empty state. Leaves the text read in $work/ocr.txt.
shows_dashboard() {
  convert "xwd:$1" -crop "$CROP" +repage -colorspace Gray -resize 200% "$work/ocr.png" 2>/dev/null || return 1
  tesseract "$work/ocr.png" "$work/ocr" >/dev/null 2>&1 || return 1
  ! grep -qi 'loading' "$work/ocr.txt" && grep -qiE 'score|no candidates yet' "$work/ocr.txt"
}

# start LABEL CMD...: one measured start; sets t_window, t_title, t_visible
# (seconds after exec).
start() {
  local label=$1
  shift
  local log=$work/app.log t0 deadline until win= title= tw= tt= same=0 n=0 ce lo hi mid i
  local -a frames=() seen=()
  rm -f "$work"/*.xwd
  t0=$EPOCHREALTIME
  "$@" >"$log" 2>&1 &
  pid=$!
  deadline=$(( ${t0%.*} + timeout ))
  # 1, 2: the window, then the page's title.
  while [ -z "$tt" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      sed 's/^/  | /' "$log" >&2
      die "$label: the app exited before its dashboard showed"
    fi
    if [ "${EPOCHREALTIME%.*}" -ge "$deadline" ]; then
      sed 's/^/  | /' "$log" >&2
      die "$label: no window titled \"$TITLE\" after ${timeout}s (window ${win:-none}, title \"$title\")"
    fi
    if [ -z "$win" ]; then
      win=$(xdotool search --onlyvisible --name assessbridge 2>/dev/null | head -n1 || true)
      [ -n "$win" ] && tw=$EPOCHREALTIME
    fi
    if [ -n "$win" ]; then
      title=$(xdotool getwindowname "$win" 2>/dev/null || true)
      [ "$title" = "$TITLE" ] && tt=$EPOCHREALTIME && break
    fi
    nap 0.01
  done
  # 3: capture until the window settles; keep each distinct frame and when it was first seen.
  until=$(( ${tt/./} / 1000 + settle * 1000 ))
  while [ $same -lt 10 ] && [ $(( ${EPOCHREALTIME/./} / 1000 )) -lt $until ]; do
    n=$((n + 1))
    xwd -id "$win" -silent >"$work/f$n.xwd" 2>/dev/null || break
    ce=$EPOCHREALTIME
    if [ ${#frames[@]} -gt 0 ] && cmp -s "$work/f$n.xwd" "${frames[-1]}"; then
      rm -f "$work/f$n.xwd"
      same=$((same + 1))
    else
      frames+=("$work/f$n.xwd") seen+=("$ce")
      same=0
    fi
    nap 0.02
  done
  [ ${#frames[@]} -gt 0 ] || die "$label: the window could not be captured"
  # The dashboard, once shown, stays: find the first frame showing it.
  lo=0 hi=$(( ${#frames[@]} - 1 ))
  if ! shows_dashboard "${frames[$hi]}"; then
    convert "xwd:${frames[$hi]}" "${keep:-.}/$label-unexpected.png" 2>/dev/null || true
    say "text read off the last frame:"; sed 's/^/  > /' "$work/ocr.txt" >&2 || true
    sed 's/^/  | /' "$log" >&2
    die "$label: no candidates table on screen ${settle}s after the title (frame kept as ${keep:-.}/$label-unexpected.png)"
  fi
  while [ $lo -lt $hi ]; do
    mid=$(( (lo + hi) / 2 ))
    if shows_dashboard "${frames[$mid]}"; then hi=$mid; else lo=$((mid + 1)); fi
  done
  if [ -n "$keep" ]; then
    convert "xwd:${frames[$hi]}" "$keep/$label.png" 2>/dev/null || true
    cp "$log" "$keep/$label.log"
  fi
  t_window=$(sec "$t0" "$tw")
  t_title=$(sec "$t0" "$tt")
  t_visible=$(sec "$t0" "${seen[$hi]}")
  # Quit, as closing the window would: SIGTERM closes it.
  kill -TERM "$pid"
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    nap 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    sed 's/^/  | /' "$log" >&2
    die "$label: the app was still running 15 s after SIGTERM"
  fi
  wait "$pid" 2>/dev/null || true
  pid=
  rm -f "$work"/*.xwd
  say "$(printf '%-11s window %s s, title %s s, dashboard visible %s s (frame %d of %d distinct, %d captures)' \
    "$label" "$t_window" "$t_title" "$t_visible" $((hi + 1)) ${#frames[@]} "$n")"
}

# stats V...: "min / median / max"
stats() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f / %.2f / %.2f s", v[1], m, v[NR] }'
}
median() { stats "$@" | awk -F' / ' '{ print $2 }'; }

data=$work/demo-data
mkdir -p "$data"
read -r -a demo_args <<<"${COLDSTART_DEMO_ARGS:-}"
demo=("$bin" demo --pace 0.1 --listen 127.0.0.1:0 --data-dir "$data" ${demo_args[@]+"${demo_args[@]}"})
dropped=""
if [ "${COLDSTART_DROP_CACHES:-0}" = 1 ]; then
  if sync && echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then
    dropped=", OS page cache emptied"
  else
    say "cannot empty the OS page cache (needs root): the first start reads files from a warm cache"
  fi
fi
say "display $DISPLAY, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $bin"

start first "${demo[@]}"
first=("$t_visible" "$t_title" "$t_window")
warm=() warm_title=() warm_window=()
for i in $(seq 2 "$runs"); do
  nap 1
  start "warm-$i" "${demo[@]}"
  warm+=("$t_visible") warm_title+=("$t_title") warm_window+=("$t_window")
done

existing=() existing_title=() existing_window=()
if [ "${COLDSTART_EXISTING:-1}" != 0 ] && [ "$runs" -ge 2 ]; then
  # Its folder points at the real Lever and Qualified: run it where only
  # loopback exists (a network namespace of its own), so that it reaches nothing.
  offline=()
  for o in "unshare --net" "unshare --map-root-user --net"; do
    if $o ip link set lo up 2>/dev/null; then
      offline=($o sh -c 'ip link set lo up && exec "$@"' offline)
      break
    fi
  done
  if [ ${#offline[@]} = 0 ]; then
    say "skipping the existing-data starts: no network namespace can be made here (unshare --net)"
  else
    # Fill a data folder the way a user's gets filled: the demo's flow, played
    # fast, headless, until 20 candidates have been invited. Then drop its keys.
    filled=$work/filled
    "$bin" demo --no-window --listen 127.0.0.1:0 --pace 30 --data-dir "$filled" >"$work/fill.log" 2>&1 &
    pid=$!
    invited=0
    for i in $(seq 1 60); do
      nap 0.5
      addr=$(sed -n 's|^Open \(http://127\.0\.0\.1:[0-9]*\) .*|\1|p' "$work/fill.log" | head -n1)
      [ -n "$addr" ] || continue
      invited=$(curl -fsS "$addr/api/invitations?limit=1" 2>/dev/null | grep -o '"total":[0-9]*' | cut -d: -f2 || true)
      [ "${invited:-0}" -ge 20 ] && break
    done
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
    [ "${invited:-0}" -gt 0 ] || { sed 's/^/  | /' "$work/fill.log" >&2; die "the demo invited no one in 30 s"; }
    rm -f "$filled/secrets.json"
    for i in $(seq 2 "$runs"); do
      nap 1
      start "existing-$i" "${offline[@]}" env ASSESSBRIDGE_DATA_DIR="$filled" "$bin"
      existing+=("$t_visible") existing_title+=("$t_title") existing_window+=("$t_window")
    done
  fi
fi

echo
echo "desktop cold start to dashboard visible ($(nproc) cores, Xvfb 1280x800, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  first start (empty data folder and caches%s): %.2f s  (window %.2f s, title %.2f s)\n' "$dropped" "${first[0]}" "${first[2]}" "${first[1]}"
if [ ${#warm[@]} -gt 0 ]; then
  printf '  warm restarts, demo (%d):       min / median / max %s  (median: window %s s, title %s s)\n' \
    ${#warm[@]} "$(stats "${warm[@]}")" "$(median "${warm_window[@]}")" "$(median "${warm_title[@]}")"
fi
if [ ${#existing[@]} -gt 0 ]; then
  printf '  existing data, no arguments (%d): min / median / max %s  (median: window %s s, title %s s)\n' \
    ${#existing[@]} "$(stats "${existing[@]}")" "$(median "${existing_window[@]}")" "$(median "${existing_title[@]}")"
fi
# goal LABEL SECONDS: the goal line for one kind of start (GOAL seconds at most).
goal() {
  awk -v l="$1" -v v="$2" -v g="$GOAL" 'BEGIN { printf "goal  desktop start to dashboard visible, %s %.2f s  ≤ %.1f s  %s\n", l, v, g, (v <= g ? "OK" : "OVER") }'
}
goal "first start" "${first[0]}"
[ ${#warm[@]} -eq 0 ] || goal "median of warm restarts" "$(median "${warm[@]}" | cut -d' ' -f1)"
[ ${#existing[@]} -eq 0 ] || goal "median of starts on existing data" "$(median "${existing[@]}" | cut -d' ' -f1)"
echo "Method: time from exec to the first xwd capture (one every ~35 ms) in which the window, titled \"$TITLE\" by the page's own scripts, shows the dashboard's table or empty state and no loading indicator, as read afterwards by OCR."
