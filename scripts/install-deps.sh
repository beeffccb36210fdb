#!/usr/bin/env bash
# Installs what is missing on a Debian/Ubuntu machine for `make run` and
# `make test`: the desktop build's and smoke test's packages, Debian's
# Chromium for the browser tests, and a check that Go and Node are there.
# Quiet when everything is present.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

need() {
  if ! command -v "$1" >/dev/null; then
    echo "install-deps: $1 is required ($2)" >&2
    exit 1
  fi
}
need go "Go 1.26 or newer: https://go.dev/dl/"
need node "Node.js 20 or newer"
need npm "npm, which comes with Node.js"

bash "$here/install-desktop-deps.sh"

# Chromium for the Playwright tests: Debian's package, never a download.
if [ ! -x /usr/bin/chromium ]; then
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get install -y -q chromium >/dev/null 2>&1 || {
    "${sudo[@]}" apt-get update -q >/dev/null
    "${sudo[@]}" apt-get install -y -q chromium >/dev/null
  }
fi
