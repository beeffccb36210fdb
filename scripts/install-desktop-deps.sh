#!/usr/bin/env bash
# Installs what the desktop build and its smoke test need on Debian/Ubuntu:
# GTK and WebKitGTK headers (the desktop window), pkg-config, and the X tools
# the smoke test and the cold-start benchmark drive the window with (Xvfb,
# xauth, ImageMagick, xdotool, xwininfo, xwd, Tesseract for reading text off a
# screenshot).
#
# Idempotent and quiet: installs only what is missing, runs `apt-get update`
# only when a missing package cannot be found in the current lists.
set -euo pipefail

packages=(
  libgtk-3-dev
  libwebkit2gtk-4.1-dev
  pkg-config
  xvfb
  xauth
  imagemagick
  xdotool
  x11-utils
  x11-apps
  tesseract-ocr
  tesseract-ocr-eng
)

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "install-desktop-deps: apt-get not found; install these yourself: ${missing[*]}" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-desktop-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  sudo=(sudo)
fi

# Update the package lists only if one of the missing packages is unknown to them.
for p in "${missing[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    echo "install-desktop-deps: apt-get update" >&2
    "${sudo[@]}" apt-get update -qq >/dev/null
    break
  fi
done

echo "install-desktop-deps: installing ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
