#!/usr/bin/env bash
# dist-linux.sh: the Linux desktop app (amd64), packaged into dist/ as
#   dist/assessbridge_V_amd64.deb
#   dist/assessbridge-V-1.x86_64.rpm
#   dist/assessbridge-V-linux-amd64.tar.gz
# (V = VERSION). Builds the desktop binary (cgo, GTK and WebKitGTK 4.1) from
# the UI already built in frontend/dist (`make frontend`), draws the hicolor
# icons from build/appicon.png, and packages with nfpm, pinned in
# build/linux/tools/go.mod. Works in a folder of its own, removed at the end,
# and replaces only these three files in dist/.
#
# Environment (set by the Makefile; defaulted when run by hand):
#   VERSION, COMMIT, LDFLAGS   the version stamp, as `make` gives it
#   SOURCE_DATE_EPOCH          file times inside the packages (default: the
#                              last commit's time), so a rebuild of the same
#                              commit packs the same files with the same times
#   MAINTAINER                 the packages' maintainer ("Name <address>")
set -euo pipefail

die() { echo "dist-linux: FAIL: $*" >&2; exit 1; }
say() { echo "dist-linux: $*" >&2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

VERSION=${VERSION:-$(cat VERSION)}
COMMIT=${COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || true)$(git diff --quiet HEAD -- 2>/dev/null || echo +modified)}
LDFLAGS=${LDFLAGS:--X github.com/assessbridge/assessbridge/app.version=$VERSION -X github.com/assessbridge/assessbridge/app.commit=$COMMIT}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
MAINTAINER=${MAINTAINER:-assessbridge maintainers <maintainers@assessbridge.invalid>}
ARCH=amd64
export VERSION SOURCE_DATE_EPOCH MAINTAINER ARCH

# A version that dpkg and rpm both take: digits first, then letters, digits,
# dots, + and ~ (no dash: it separates the rpm release).
[[ $VERSION =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || die "VERSION \"$VERSION\" is not a package version (like 0.9.0)"
[[ $SOURCE_DATE_EPOCH =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH \"$SOURCE_DATE_EPOCH\" is not a number of seconds"
[ "$(go env GOOS)/$(go env GOARCH)" = linux/amd64 ] ||
  die "builds the amd64 packages on a Linux amd64 machine only (this is $(go env GOOS)/$(go env GOARCH))"
[ -f frontend/dist/index.html ] || die "frontend/dist/index.html is missing: build the UI first (make frontend)"
[ -f build/appicon.png ] || die "build/appicon.png is missing"

deb=assessbridge_${VERSION}_amd64.deb
rpm=assessbridge-${VERSION}-1.x86_64.rpm
tgz=assessbridge-${VERSION}-linux-amd64.tar.gz

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
export STAGE=$stage
tools=(-modfile="$root/build/linux/tools/go.mod")

say "building the desktop app $VERSION (commit $COMMIT)"
CGO_ENABLED=1 go build -tags desktop,production,webkit2_41 -trimpath \
  -ldflags "-s -w $LDFLAGS" -o "$stage/assessbridge" .
got=$("$stage/assessbridge" version 2>&1) || die "the built app did not answer 'version': $got"
[[ $got == "assessbridge $VERSION "* ]] || die "the built app says \"$got\", not version $VERSION"

say "drawing the icons from build/appicon.png"
go -C build/linux/tools run ./icons -in "$root/build/appicon.png" -out "$stage/hicolor"

mkdir -p "$stage/out"
for p in deb rpm; do
  t=$deb
  [ $p = rpm ] && t=$rpm
  say "packaging $t"
  go tool "${tools[@]}" nfpm package --config build/linux/nfpm.yaml --packager $p --target "$stage/out/$t" >/dev/null
  [ -s "$stage/out/$t" ] || die "nfpm made no $t"
done

say "packing $tgz"
top=assessbridge-${VERSION}-linux-amd64
mkdir -p "$stage/tar/$top/icons"
install -m 0755 "$stage/assessbridge" "$stage/tar/$top/assessbridge"
install -m 0644 build/linux/assessbridge.desktop build/linux/copyright "$stage/tar/$top/"
sed "s/@VERSION@/$VERSION/g" build/linux/README.txt >"$stage/tar/$top/README.txt"
chmod 0644 "$stage/tar/$top/README.txt"
cp -r "$stage/hicolor" "$stage/tar/$top/icons/hicolor"
find "$stage/tar/$top" -type d -exec chmod 0755 {} +
find "$stage/tar/$top/icons" -type f -exec chmod 0644 {} +
tar -C "$stage/tar" --sort=name --owner=0 --group=0 --numeric-owner \
  --mtime="@$SOURCE_DATE_EPOCH" -cf - "$top" | gzip -n -9 >"$stage/out/$tgz"

mkdir -p dist
for f in "$deb" "$rpm" "$tgz"; do
  mv -f "$stage/out/$f" "dist/$f"
  printf 'dist-linux: dist/%s  %s bytes (%s)\n' "$f" "$(stat -c %s "dist/$f")" "$(numfmt --to=si --suffix=B "$(stat -c %s "dist/$f")")"
done
