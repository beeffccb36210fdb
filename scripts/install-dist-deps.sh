#!/usr/bin/env bash
# Installs what is missing on a Debian/Ubuntu machine for `make dist` and
# `make dist-test`: NSIS for the Windows installer, 7-Zip to list it, Wine and
# MinGW to run the Windows headless build, rpm to read the .rpm back, desktop-file-utils
# to validate the desktop entry, ImageMagick and xdotool to look at what Wine shows.
# Quiet when everything is present.
# With --packaging-only, just what `make test`'s check of the Windows package needs (NSIS, 7-Zip).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

pkgs=()
command -v makensis >/dev/null || pkgs+=(nsis)
command -v 7z >/dev/null || pkgs+=(p7zip-full)
if [ "${1:-}" != --packaging-only ]; then
  bash "$here/install-deps.sh"
  [ -x /usr/lib/wine/wine64 ] || pkgs+=(wine64 wine)
  command -v x86_64-w64-mingw32-gcc >/dev/null || pkgs+=(gcc-mingw-w64-x86-64)
  command -v rpm >/dev/null || pkgs+=(rpm)
  command -v rpm2archive >/dev/null || pkgs+=(rpm2cpio)
  command -v desktop-file-validate >/dev/null || pkgs+=(desktop-file-utils)
  command -v import >/dev/null || pkgs+=(imagemagick)
  command -v xdotool >/dev/null || pkgs+=(xdotool)
  command -v curl >/dev/null || pkgs+=(curl)
  command -v python3 >/dev/null || pkgs+=(python3)
fi
command -v dpkg-deb >/dev/null || pkgs+=(dpkg)
if [ ${#pkgs[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  echo "install-dist-deps: installing ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1 || {
    "${sudo[@]}" apt-get update -q >/dev/null
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null
  }
fi
