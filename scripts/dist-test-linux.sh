#!/usr/bin/env bash
# dist-test-linux.sh: proves the Linux packages that scripts/dist-linux.sh
# made, on this machine (Debian or Ubuntu, as root or with sudo):
#   - the .deb's control data (name, version, architecture, dependencies) and
#     its files; the desktop entry and icons inside it;
#   - `dpkg -i` installs it; the installed `assessbridge version` says V;
#   - the installed app, started from /usr/bin/assessbridge under Xvfb, shows
#     its dashboard with the demo's candidates listed (scripts/desktop-smoke.sh;
#     screenshot kept at $SMOKE_SCREENSHOT, default bin/linux-installed.png);
#   - `dpkg -r` removes every file it installed and leaves the user's data
#     folder as it was;
#   - the .rpm and the .tar.gz hold the same files, the same binary, and the
#     .rpm the same dependencies.
# Any failure ends it with a line "dist-test-linux: FAIL: ..." and status 1.
# A package it installed is removed again, whether it passes or not.
set -euo pipefail

NAME=dist-test-linux
die() { echo "$NAME: FAIL: $*" >&2; exit 1; }
say() { echo "$NAME: $*"; }
checks=0
ok() { checks=$((checks + 1)); say "ok: $*"; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
VERSION=${VERSION:-$(cat VERSION)}
shot=${SMOKE_SCREENSHOT:-$root/bin/linux-installed.png}
deb=dist/assessbridge_${VERSION}_amd64.deb
rpm=dist/assessbridge-${VERSION}-1.x86_64.rpm
tgz=dist/assessbridge-${VERSION}-linux-amd64.tar.gz
top=assessbridge-${VERSION}-linux-amd64

for f in "$deb" "$rpm" "$tgz"; do
  [ -s "$f" ] || die "$f is missing: run scripts/dist-linux.sh (make dist-linux) first"
done
for t in dpkg dpkg-deb dpkg-query rpm rpm2archive tar sha256sum identify; do
  command -v $t >/dev/null || die "$t not found: run scripts/install-dist-deps.sh"
done
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

# What every package installs, and where it is in the tarball.
sizes=(16 22 24 32 48 64 128 256 512)
want=(/usr/bin/assessbridge /usr/share/applications/assessbridge.desktop /usr/share/doc/assessbridge/copyright)
for n in "${sizes[@]}"; do want+=("/usr/share/icons/hicolor/${n}x${n}/apps/assessbridge.png"); done
want_sorted=$(printf '%s\n' "${want[@]}" | sort)
intar() { # the tarball's path for a package path
  case $1 in
    /usr/bin/assessbridge) echo "$top/assessbridge" ;;
    /usr/share/applications/assessbridge.desktop) echo "$top/assessbridge.desktop" ;;
    /usr/share/doc/assessbridge/copyright) echo "$top/copyright" ;;
    /usr/share/icons/hicolor/*) echo "$top/icons/hicolor/${1#/usr/share/icons/hicolor/}" ;;
  esac
}
same_list() { # same_list WHAT GOT: GOT (one path a line) is exactly the wanted files
  local extra missing
  extra=$(comm -13 <(echo "$want_sorted") <(echo "$2" | sort))
  missing=$(comm -23 <(echo "$want_sorted") <(echo "$2" | sort))
  [ -z "$extra$missing" ] || die "$1: files not as wanted; missing: ${missing:-none}; unexpected: ${extra:-none}"
}

work=$(mktemp -d)
installed_by_us=0
cleanup() {
  if [ $installed_by_us = 1 ] && dpkg-query -W -f='${db:Status-Status}' assessbridge 2>/dev/null | grep -qx installed; then
    echo "$NAME: removing the assessbridge package it installed" >&2
    "${sudo[@]}" dpkg -r assessbridge >/dev/null 2>&1 || echo "$NAME: could not remove assessbridge: run dpkg -r assessbridge" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The .deb as a file.
say "== $deb =="
dpkg-deb --info "$deb" | sed 's/^/  | /'
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = assessbridge ] || die "the .deb's package name is \"$(field Package)\", not assessbridge"
[ "$(field Version)" = "$VERSION" ] || die "the .deb's version is \"$(field Version)\", not $VERSION"
[ "$(field Architecture)" = amd64 ] || die "the .deb's architecture is \"$(field Architecture)\", not amd64"
depends=$(field Depends)
for d in 'libgtk-3-0 | libgtk-3-0t64' 'libwebkit2gtk-4.1-0'; do
  [[ ", $depends," == *", $d,"* ]] || die "the .deb does not depend on \"$d\" (Depends: $depends)"
done
ok "the .deb is assessbridge $VERSION for amd64 and depends on: $depends"

dpkg-deb --contents "$deb" | sed 's/^/  | /'
deb_files=$(dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }')
same_list "the .deb" "$deb_files"
dpkg-deb --contents "$deb" | awk '$1 !~ /^d/' | while read -r mode owner _ _ _ path; do
  [ "$owner" = root/root ] || die "the .deb's $path belongs to $owner, not root/root"
  if [ "$path" = ./usr/bin/assessbridge ]; then want_mode=-rwxr-xr-x; else want_mode=-rw-r--r--; fi
  [ "$mode" = "$want_mode" ] || die "the .deb's $path has mode $mode, not $want_mode"
done
ok "the .deb holds exactly the ${#want[@]} files (the app, its desktop entry, copyright, ${#sizes[@]} icons), owned by root with the right modes"

mkdir "$work/deb"
dpkg-deb --extract "$deb" "$work/deb"
entry=$work/deb/usr/share/applications/assessbridge.desktop
for line in 'Type=Application' 'Name=assessbridge' 'Exec=assessbridge' 'Icon=assessbridge' 'Categories=Office;' 'Terminal=false'; do
  grep -qxF "$line" "$entry" || die "the desktop entry has no line \"$line\""
done
grep -q '^StartupWMClass=.' "$entry" || die "the desktop entry has no StartupWMClass"
if command -v desktop-file-validate >/dev/null; then
  out=$(desktop-file-validate "$entry" 2>&1) || die "desktop-file-validate refuses the desktop entry: $out"
  [ -z "$out" ] || die "desktop-file-validate warns about the desktop entry: $out"
  ok "the desktop entry is valid (desktop-file-validate: no errors, no warnings) and starts assessbridge with its icon"
else
  ok "the desktop entry starts assessbridge with its icon (desktop-file-validate not installed: not validated)"
fi
for n in "${sizes[@]}"; do
  f=$work/deb/usr/share/icons/hicolor/${n}x${n}/apps/assessbridge.png
  got=$(identify -format '%m %wx%h' "$f" 2>/dev/null) || die "the ${n}x${n} icon is not an image"
  [ "$got" = "PNG ${n}x${n}" ] || die "the ${n}x${n} icon is a $got"
done
ok "each icon is a PNG of its size: ${sizes[*]}"

# 2. Install.
say "== dpkg -i =="
if prev=$(dpkg-query -W -f='${db:Status-Status} ${Version}' assessbridge 2>/dev/null) && [ "${prev%% *}" != not-installed ]; then
  note=
  [ "${prev%% *}" = installed ] || note=" (dpkg state: ${prev%% *})"
  say "assessbridge ${prev#* } is already installed$note: removing it first"
  "${sudo[@]}" dpkg -r assessbridge || die "could not remove the assessbridge already installed"
fi
for f in "${want[@]}"; do
  if [ -e "$f" ]; then
    owner=$(dpkg-query -S "$f" 2>/dev/null | cut -d: -f1 || true)
    die "$f is already there (from ${owner:+package }${owner:-no package}): not installing over it"
  fi
done
for p in 'libgtk-3-0 libgtk-3-0t64' libwebkit2gtk-4.1-0; do
  have=
  for alt in $p; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$alt" 2>/dev/null)" = installed ] && have=$alt
  done
  [ -n "$have" ] || die "$p is not installed: install it first (apt-get install ${p%% *})"
done
installed_by_us=1
"${sudo[@]}" dpkg -i "$deb" 2>&1 | sed 's/^/  | /' || die "dpkg -i $deb failed"
status=$(dpkg-query -W -f='${db:Status-Status} ${Version}' assessbridge 2>/dev/null || true)
[ "$status" = "installed $VERSION" ] || die "after dpkg -i, assessbridge is \"$status\", not \"installed $VERSION\""
listed=$(dpkg-query -L assessbridge)
listed_files=$(while read -r p; do [ -d "$p" ] || echo "$p"; done <<<"$listed")
same_list "dpkg -L assessbridge" "$listed_files"
for f in $listed_files; do [ -f "$f" ] || die "dpkg lists $f but it is not on disk"; done
[ -x /usr/bin/assessbridge ] || die "/usr/bin/assessbridge is not executable"
ok "dpkg installed assessbridge $VERSION: $(wc -l <<<"$listed_files") files on disk, as listed"

got=$(/usr/bin/assessbridge version 2>&1) || die "/usr/bin/assessbridge version failed: $got"
say "  | /usr/bin/assessbridge version: $got"
[[ $got == "assessbridge $VERSION "* ]] || die "/usr/bin/assessbridge version says \"$got\", not $VERSION"
ok "the installed app says it is version $VERSION"

# 3. The installed app's window, from its installed path. Its demo writes a
# real data folder, which stands for the user's data below.
say "== the installed app under Xvfb =="
data=$work/data
mkdir "$data"
# The dashboard counts as shown once candidates are listed in it ("Open in
# Lever" is on each row), not at its first "Loading candidates…".
SMOKE_SCREENSHOT=$shot SMOKE_TEXT="Open in Lever" SMOKE_TITLE="Candidates ·" SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-120} \
  bash scripts/desktop-smoke.sh /usr/bin/assessbridge demo --pace 4 --data-dir "$data" 2>&1 |
  sed 's/^/  | /' || die "the installed app did not show its dashboard (screenshot: $shot)"
ok "the installed /usr/bin/assessbridge opened its window and showed the dashboard with the demo's candidates; screenshot: $shot"

# 4. Remove: every file dpkg listed goes; the user's data stays as it was.
say "== dpkg -r =="
snapshot() { for d in "$@"; do [ -d "$d" ] && (cd "$d" && find . -printf '%p %s %m %T@\n' | sort); done | sha256sum; }
user_data=("$data")
[ -d "$HOME/.config/assessbridge" ] && user_data+=("$HOME/.config/assessbridge")
[ -n "$(ls -A "$data")" ] || die "the demo left no data in $data: nothing to prove dpkg -r keeps"
before=$(snapshot "${user_data[@]}")
"${sudo[@]}" dpkg -r assessbridge 2>&1 | sed 's/^/  | /' || die "dpkg -r assessbridge failed"
status=$(dpkg-query -W -f='${db:Status-Status}' assessbridge 2>/dev/null || true)
[ "$status" = not-installed ] || [ -z "$status" ] || die "after dpkg -r, assessbridge is \"$status\""
installed_by_us=0
for f in $listed_files /usr/share/doc/assessbridge; do
  [ ! -e "$f" ] || die "dpkg -r left $f behind"
done
[ "$(snapshot "${user_data[@]}")" = "$before" ] || die "the user's data changed during dpkg -r: ${user_data[*]}"
ok "dpkg -r removed all $(wc -l <<<"$listed_files") files and /usr/share/doc/assessbridge; the data folder(s) ${user_data[*]} ($(find "$data" -type f | wc -l) files) are untouched"

# 5. The .rpm: the same files, the same binary, the same dependencies.
say "== $rpm =="
rpm -qpi "$rpm" 2>/dev/null | sed 's/^/  | /'
nvra=$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH}' "$rpm" 2>/dev/null)
[ "$nvra" = "assessbridge $VERSION 1 x86_64" ] || die "the .rpm is \"$nvra\", not \"assessbridge $VERSION 1 x86_64\""
rpm -qpl "$rpm" 2>/dev/null | sed 's/^/  | /'
same_list "the .rpm" "$(rpm -qpl "$rpm" 2>/dev/null)"
rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME}/%{FILEGROUPNAME} %{FILENAMES}\n]' "$rpm" 2>/dev/null | while read -r mode owner path; do
  [ "$owner" = root/root ] || die "the .rpm's $path belongs to $owner, not root/root"
  if [ "$path" = /usr/bin/assessbridge ]; then want_mode=-rwxr-xr-x; else want_mode=-rw-r--r--; fi
  [ "$mode" = "$want_mode" ] || die "the .rpm's $path has mode $mode, not $want_mode"
done
requires=$(rpm -qpR "$rpm" 2>/dev/null)
sed 's/^/  | /' <<<"$requires"
for d in gtk3 webkit2gtk4.1; do
  grep -qx "$d" <<<"$requires" || die "the .rpm does not require $d"
done
mkdir "$work/rpm"
rpm2archive - <"$rpm" | tar -xzf - -C "$work/rpm" || die "could not unpack $rpm"
for f in "${want[@]}"; do
  cmp -s "$work/deb$f" "$work/rpm$f" || die "the .rpm's $f differs from the .deb's"
done
ok "the .rpm is assessbridge-$VERSION-1.x86_64, holds the same ${#want[@]} files as the .deb, byte for byte, and requires gtk3 and webkit2gtk4.1"

# 6. The tarball: the same files in one folder, with a README.
say "== $tgz =="
tar -tvzf "$tgz" | sed 's/^/  | /'
tar_files=$(tar -tzf "$tgz" | grep -v '/$')
outside=$(grep -v "^$top/" <<<"$tar_files" || true)
[ -z "$outside" ] || die "the tarball has files outside $top/: $outside"
mkdir "$work/tar"
tar -xzf "$tgz" -C "$work/tar"
for f in "${want[@]}"; do
  cmp -s "$work/deb$f" "$work/tar/$(intar "$f")" || die "the tarball's $(intar "$f") differs from the .deb's $f (or is missing)"
done
extra=$(comm -13 <(for f in "${want[@]}"; do intar "$f"; done | sort) <(echo "$tar_files" | sort) | grep -vx "$top/README.txt" || true)
[ -z "$extra" ] || die "the tarball has unexpected files: $extra"
[ -x "$work/tar/$top/assessbridge" ] || die "the tarball's assessbridge is not executable"
grep -qF "assessbridge $VERSION" "$work/tar/$top/README.txt" || die "the tarball's README.txt does not name version $VERSION"
grep -qF '~/.config/assessbridge' "$work/tar/$top/README.txt" || die "the tarball's README.txt does not say where the data lives"
ok "the tarball holds $top/ with the same ${#want[@]} files as the .deb, byte for byte, and a README.txt"

say "OK: $checks checks passed"
