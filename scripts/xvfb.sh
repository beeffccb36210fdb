# Sourced by the scripts that run the desktop app on a virtual X display
# (desktop-smoke.sh, bench-coldstart.sh), which set NAME first: messages
# prefixed with the script's name, and the script run again on a display of
# its own. A script sourcing this is first run as the user typed it; `inside`
# is 1 once it runs again on the new display.

die() { echo "$NAME: FAIL: $*" >&2; exit 1; }
say() { echo "$NAME: $*" >&2; }

inside=0
if [ "${1:-}" = --inside ]; then
  shift
  inside=1
fi

# on_new_display TOOL... -- ARG...: checks that each TOOL is installed, then
# runs the script again with ARGs on a fresh virtual display of the window's
# size (1280x800). With -noreset: a server that resets when its last client
# leaves (an xdotool poll, say) turns away a client connecting meanwhile, and
# the app would find no display.
on_new_display() {
  while [ "$1" != -- ]; do
    command -v "$1" >/dev/null || die "$1 not found: run scripts/install-desktop-deps.sh"
    shift
  done
  shift
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp -noreset" bash "$0" --inside "$@"
}
