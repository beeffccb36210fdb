#!/usr/bin/env bash
# Builds every package a recruiter or an admin downloads into dist/:
#   the headless `assessbridge serve` for linux, darwin and windows on amd64 and arm64,
#   the Linux desktop app (.deb, .rpm, tarball)      scripts/dist-linux.sh
#   the Windows desktop app's installer               scripts/dist-windows.sh
# and dist/SHA256SUMS over all of them. The macOS app is built on a macOS runner by
# .github/workflows/release.yml (scripts/dist-macos.sh). Run from the repository root after
# the UI is built (make dist does both).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${VERSION:-$(cat VERSION)}
COMMIT=${COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || true)}
LDFLAGS=${LDFLAGS:-"-X github.com/assessbridge/assessbridge/app.version=$VERSION -X github.com/assessbridge/assessbridge/app.commit=$COMMIT"}
export VERSION COMMIT LDFLAGS
[ -f frontend/dist/index.html ] || { echo "dist: build the UI first (make frontend)" >&2; exit 1; }

mkdir -p dist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The headless binary: no window, no cgo, one archive per system.
for target in linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64; do
  goos=${target%/*} goarch=${target#*/}
  name=assessbridge-serve-$VERSION-$goos-$goarch
  exe=assessbridge
  [ "$goos" = windows ] && exe=assessbridge.exe
  mkdir -p "$work/$name"
  start=$SECONDS
  GOOS=$goos GOARCH=$goarch CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $LDFLAGS" -o "$work/$name/$exe" .
  cat > "$work/$name/README.txt" <<TXT
assessbridge $VERSION ($COMMIT), headless, for $goos/$goarch

Runs the Lever-to-Qualified integration without a window, for an always-on machine:

  $exe serve --help     every flag, with the environment variable that sets it
  $exe version          the version and the commit it was built from

The admin interface is served on 127.0.0.1:8765 and needs a login: the admin token is kept in
the data folder's admin-token file. See docs/install.md in the source for where data lives and
how to run it under a service manager.
TXT
  rm -f "dist/$name.tar.gz" "dist/$name.zip"
  if [ "$goos" = windows ]; then
    (cd "$work" && 7z a -tzip -mx=9 -bd -bso0 "$OLDPWD/dist/$name.zip" "$name" >/dev/null)
  else
    tar -C "$work" --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
  fi
  echo "dist: $name ($((SECONDS - start)) s)"
done

bash scripts/dist-linux.sh
bash scripts/dist-windows.sh

# Checksums over every artifact present (a macOS .dmg made elsewhere and copied in included).
(cd dist && rm -f SHA256SUMS && find . -maxdepth 1 -type f -name "assessbridge*$VERSION*" -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
echo "dist: $(wc -l < dist/SHA256SUMS) files in dist/, checksums in dist/SHA256SUMS"
ls -l dist
