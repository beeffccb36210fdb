#!/usr/bin/env bash
# Builds the Windows desktop app (amd64) and its installer:
#   dist/assessbridge-$VERSION-windows-amd64-setup.exe
#
# 1. build/windows/winres.json (icon from build/appicon.png, version info,
#    build/windows/assessbridge.exe.manifest) becomes a .syso with go-winres,
#    pinned as a tool in build/windows/tools/go.mod.
# 2. The exe is cross-built with cgo off. `go build -overlay` cannot carry a
#    .syso (the linker's packer opens the real path), so the .syso is written
#    at the repository root for the build only and removed right after (and
#    on any exit); /rsrc_windows_*.syso is in .gitignore.
# 3. makensis (Debian's nsis) packs the exe, an uninstaller and Microsoft's
#    WebView2 bootstrapper, taken from the Wails module that go.mod requires
#    (nothing is downloaded but Go modules) into the installer
#    (build/windows/installer.nsi).
#
# Needs frontend/dist (make frontend), makensis. Run from make (which exports
# VERSION, COMMIT, LDFLAGS) or by hand.
#
# --check: the same steps around a stand-in exe (an empty Go program with the
# same .syso, seconds to build) into a temporary folder, then the installer's
# contents are checked (scripts/dist-test-windows.sh --contents-only); dist/
# and the checkout are not touched. Cheap enough for `make test`.
set -euo pipefail
check=
case "${1:-}" in
  --check) check=1 ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
VERSION=${VERSION:-$(cat VERSION)}
COMMIT=${COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || true)}
LDFLAGS=${LDFLAGS:--X github.com/assessbridge/assessbridge/app.version=$VERSION -X github.com/assessbridge/assessbridge/app.commit=$COMMIT}
GO=${GO:-go}
out="dist/assessbridge-$VERSION-windows-amd64-setup.exe"

# The version resource and the installer want numbers: 0.9.0 (a suffix such
# as -rc1 stays in the text fields only).
numbers=$(printf '%s' "$VERSION" | sed -E 's/^v//; s/^([0-9]+(\.[0-9]+){0,2}).*/\1/')
case "$numbers" in
  '' | *[!0-9.]*) echo "dist-windows: VERSION \"$VERSION\" does not start with a version number like 1.2.3" >&2; exit 1 ;;
esac
while [ "$(printf '%s' "$numbers" | tr -cd . | wc -c)" -lt 2 ]; do numbers="$numbers.0"; done

[ -n "$check" ] || [ -f frontend/dist/index.html ] || { echo "dist-windows: frontend/dist is missing: run make frontend first" >&2; exit 1; }
command -v makensis >/dev/null || { echo "dist-windows: makensis is missing: bash scripts/install-dist-deps.sh" >&2; exit 1; }

tmp=$(mktemp -d)
syso="$root/rsrc_windows_amd64.syso"
placed=
cleanup() {
  [ -n "$placed" ] && rm -f "$syso"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s)
echo "dist-windows: icon, version info and manifest (go-winres)"
# The fixed (numeric) fields take the leading numbers of VERSION.
(cd build/windows/tools && "$GO" tool go-winres make --in ../winres.json --arch amd64 \
  --out "$tmp/rsrc" --file-version "$VERSION" --product-version "$VERSION")
(cd build/windows/tools && "$GO" run ./pngtoico ../../appicon.png "$tmp/assessbridge.ico")

if [ -n "$check" ]; then
  echo "dist-windows: --check: a stand-in assessbridge.exe with the same resources"
  mkdir "$tmp/standin"
  printf 'module standin\n\ngo 1.22\n' >"$tmp/standin/go.mod"
  printf 'package main\n\nfunc main() {}\n' >"$tmp/standin/main.go"
  cp "$tmp/rsrc_windows_amd64.syso" "$tmp/standin/"
  (cd "$tmp/standin" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -trimpath \
    -ldflags "-H windowsgui -s -w" -o "$tmp/assessbridge.exe" .)
  out="$tmp/out/${out##*/}"
  mkdir -p "$tmp/out"
else
  echo "dist-windows: assessbridge.exe (windows/amd64, tags desktop,production)"
  # noclobber: another build's .syso at the root is never overwritten (nor removed).
  if ! (set -o noclobber; cat "$tmp/rsrc_windows_amd64.syso" >"$syso") 2>/dev/null; then
    echo "dist-windows: $syso already exists: another Windows build is running, or one was killed; remove it if none runs" >&2
    exit 1
  fi
  placed=1
  GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -trimpath -tags desktop,production \
    -ldflags "-H windowsgui -s -w $LDFLAGS" -o "$tmp/assessbridge.exe" .
  rm -f "$syso"
  placed=
fi
t1=$(date +%s)

wails_dir=$("$GO" mod download -json github.com/wailsapp/wails/v2 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
bootstrapper="$wails_dir/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe"
[ -f "$bootstrapper" ] || { echo "dist-windows: no WebView2 bootstrapper at $bootstrapper" >&2; exit 1; }

echo "dist-windows: $out (makensis)"
mkdir -p "$(dirname "$out")"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DVERSION_NUMBERS="$numbers" \
  -DEXE="$tmp/assessbridge.exe" -DICON="$tmp/assessbridge.ico" \
  -DWEBVIEW2_BOOTSTRAPPER="$bootstrapper" -DOUTFILE="$tmp/${out##*/}" \
  build/windows/installer.nsi
[ "$tmp/${out##*/}" = "$out" ] || mv -f "$tmp/${out##*/}" "$out"
t2=$(date +%s)
printf 'dist-windows: %s (%s bytes; exe %s bytes); exe %ss, installer %ss\n' \
  "$out" "$(stat -c %s "$out")" "$(stat -c %s "$tmp/assessbridge.exe")" $((t1 - t0)) $((t2 - t1))
if [ -n "$check" ]; then
  bash scripts/dist-test-windows.sh --contents-only "$out"
  echo "dist-windows: --check: OK in $(($(date +%s) - t0)) s"
fi
