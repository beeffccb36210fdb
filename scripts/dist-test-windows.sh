#!/usr/bin/env bash
# What can be proven here of the Windows desktop app's package
# (dist/assessbridge-$VERSION-windows-amd64-setup.exe, made by scripts/dist-windows.sh):
#
#   1. The installer's contents (7z): the desktop exe, the uninstaller,
#      Microsoft's WebView2 bootstrapper (the very file of the Wails module),
#      the plugins it runs, and the installer asks for no administrator (its
#      own manifest: asInvoker).
#      The exe inside: a GUI exe with its version resource, manifest and
#      icon (7z reads its .rsrc section; version.txt is 7z's rendering of
#      VS_VERSIONINFO).
#   2. The Windows build runs under Debian's Wine: the headless build
#      (no desktop tag) prints its version, and `serve` answers /healthz with
#      its data folder in the Windows place (%AppData%\assessbridge), then
#      stops cleanly on Ctrl+C. Go's runtime needs bcryptprimitives.dll, which
#      Wine 8 lacks: a TEST-ONLY shim (build/windows/wine-shim) is built and
#      copied into the throwaway prefix; it is never shipped.
#   3. The installer itself under Wine, silent (/S): on Wine's default
#      Windows 7 it refuses (exit 4); on Windows 10 without WebView2 it
#      installs and exits 3 (WebView2 missing: the bootstrapper is 32-bit,
#      which Debian's wine64 cannot run); with WebView2 marked present in the
#      registry it exits 0: files in %LocalAppData%\Programs\assessbridge,
#      Start-menu shortcut, HKCU uninstall key. The desktop exe is started on
#      a virtual display (Xvfb): WebView2 cannot run under Wine, so what it
#      shows is only reported, with a screenshot ($WINE_DESKTOP_SCREENSHOT,
#      default /tmp/wine-desktop.png). While it is open, Setup is run again
#      (it must close it first), then the silent uninstall (closes it too;
#      program, shortcut, key and WebView2 cache gone, data folder kept).
#
# --contents-only FILE: part 1 alone (no Wine), for scripts/dist-windows.sh --check.
#
# Everything happens in a mktemp folder (the Wine prefix too), removed at
# the end with this prefix's wineserver. Needs: 7z, wine64, wineserver,
# x86_64-w64-mingw32-gcc, Xvfb, ImageMagick's import, curl, python3
# (bash scripts/install-dist-deps.sh; import is in Debian's imagemagick).
set -euo pipefail

NAME=dist-test-windows
die() { echo "$NAME: FAIL: $*" >&2; exit 1; }
say() { echo "$NAME: $*" >&2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
VERSION=${VERSION:-$(cat VERSION)}
COMMIT=${COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || true)}
LDFLAGS=${LDFLAGS:--X github.com/assessbridge/assessbridge/app.version=$VERSION -X github.com/assessbridge/assessbridge/app.commit=$COMMIT}
GO=${GO:-go}
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver}
SCREENSHOT=${WINE_DESKTOP_SCREENSHOT:-/tmp/wine-desktop.png}
contents_only=
if [ "${1:-}" = --contents-only ]; then
  contents_only=1
  shift
fi
installer=${1:-dist/assessbridge-$VERSION-windows-amd64-setup.exe}
WEBVIEW2_KEY='HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'
UNINSTALL_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\assessbridge'

[ -f "$installer" ] || die "$installer is missing: run bash scripts/dist-windows.sh (make dist) first"
tools=(7z iconv file)
[ -n "$contents_only" ] || tools+=(curl python3 x86_64-w64-mingw32-gcc Xvfb import identify xdotool)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || die "$tool not found: bash scripts/install-dist-deps.sh (import, identify: apt install imagemagick; xdotool: apt install xdotool)"
done
if [ -z "$contents_only" ]; then
  [ -f frontend/dist/index.html ] || die "frontend/dist is missing: run make frontend first"
  [ -x "$WINE" ] || die "$WINE not found: bash scripts/install-dist-deps.sh"
fi

tmp=$(mktemp -d)
export WINEPREFIX="$tmp/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
xvfb_pid='' serve_pid='' desktop_pid=''
cleanup() {
  set +e
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
  [ -n "$desktop_pid" ] && kill "$desktop_pid" 2>/dev/null
  [ -d "$WINEPREFIX" ] && "$WINESERVER" -k 2>/dev/null && "$WINESERVER" -w 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

timings=()
part_start=$SECONDS
part() { # part NAME: records the time since the last part
  timings+=("$(printf '%-58s %4d s' "$1" $((SECONDS - part_start)))")
  part_start=$SECONDS
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait_until SECONDS COMMAND...: polls every half second.
wait_until() {
  local end=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -lt $end ] || return 1
    sleep 0.5
  done
}

# ---- 1. The installer's contents --------------------------------------------
say "installer: $installer ($(stat -c %s "$installer") bytes)"
listing=$(7z l "$installer")
echo "$listing" | sed -n '/^   Date/,$p' >&2
# uninstall.exe: the uninstaller, written at install time (WriteUninstaller).
for f in assessbridge.exe uninstall.exe '$PLUGINSDIR/MicrosoftEdgeWebview2Setup.exe' '$PLUGINSDIR/System.dll' '$PLUGINSDIR/nsExec.dll'; do
  grep -qF " $f" <<<"$listing" || die "the installer does not hold $f"
done
7z x -y -bso0 -bsp0 -o"$tmp/setup" "$installer"
exe="$tmp/setup/assessbridge.exe"
boot="$tmp/setup/\$PLUGINSDIR/MicrosoftEdgeWebview2Setup.exe"
file "$tmp/setup/uninstall.exe" | grep -q 'PE32+ executable (GUI) x86-64' || die "uninstall.exe: $(file "$tmp/setup/uninstall.exe")"
wails_dir=$("$GO" mod download -json github.com/wailsapp/wails/v2 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cmp -s "$boot" "$wails_dir/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe" ||
  die "the WebView2 bootstrapper is not the one of the Wails module ($wails_dir)"
say "WebView2 bootstrapper: the Wails module's own ($(stat -c %s "$boot") bytes, sha256 $(sha256sum "$boot" | cut -c1-16)…)"
# The installer's own manifest: no administrator.
7z x -y -bso0 -bsp0 -tPE -o"$tmp/setup-pe" "$installer" .rsrc
setup_manifest=$(find "$tmp/setup-pe/.rsrc" -path '*/MANIFEST/*' -type f -exec cat {} +)
grep -q 'level="asInvoker"' <<<"$setup_manifest" || die "the installer's manifest does not say asInvoker: $setup_manifest"
say "installer manifest: $(grep -o 'requestedExecutionLevel[^/]*' <<<"$setup_manifest")"

file "$exe" | grep -q 'PE32+ executable (GUI) x86-64' || die "assessbridge.exe is not a 64-bit GUI exe: $(file "$exe")"
7z x -y -bso0 -bsp0 -o"$tmp/rsrc" "$exe" .rsrc
version_txt=$(find "$tmp/rsrc/.rsrc" -name version.txt -exec iconv -f UTF-16LE -t UTF-8 {} \;)
echo "$version_txt" >&2
numbers=$(printf '%s' "$VERSION" | sed -E 's/^v//; s/^([0-9]+)(\.([0-9]+))?(\.([0-9]+))?.*/\1,\3,\5,0/; s/,,/,0,/g; s/,,/,0,/g')
for want in "FILEVERSION    $numbers" "PRODUCTVERSION $numbers" "\"ProductName\",       \"assessbridge\"" \
  "\"FileVersion\",       \"$VERSION\"" "\"ProductVersion\",    \"$VERSION\"" "\"CompanyName\",       \"assessbridge\"" \
  "\"FileDescription\",   \"assessbridge: "; do
  grep -qF "$want" <<<"$version_txt" || die "assessbridge.exe's version resource lacks: $want"
done
manifest=$(find "$tmp/rsrc/.rsrc" -path '*/MANIFEST/*' -type f -exec cat {} +)
for want in 'level="asInvoker"' '>permonitorv2,permonitor<' 'name="Microsoft.Windows.Common-Controls" version="6.0.0.0"' \
  '{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}'; do
  grep -qF "$want" <<<"$manifest" || die "assessbridge.exe's manifest lacks $want"
done
icons=$(find "$tmp/rsrc/.rsrc" -path '*/ICON/*' -type f -exec file -b {} \; | grep -o '^PNG image data, [0-9]* x [0-9]*' | grep -o '[0-9]* x [0-9]*' | sort -n | tr '\n' ' ')
[ "$icons" = "16 x 16 32 x 32 48 x 48 64 x 64 256 x 256 " ] || die "assessbridge.exe's icon sizes: $icons"
say "assessbridge.exe ($(stat -c %s "$exe") bytes): GUI, version $VERSION, manifest asInvoker/permonitorv2/Common Controls 6/Windows 10-11, icon $icons"
part "1. installer contents, version resource (7z)"
if [ -n "$contents_only" ]; then
  say "installer contents OK"
  exit 0
fi

# ---- 2. The headless build under Wine ---------------------------------------
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -trimpath -ldflags "$LDFLAGS" -o "$tmp/serve/assessbridge.exe" .
part "2a. headless Windows build (go build, no tags)"

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" 2>/dev/null &
xvfb_pid=$!
wait_until 20 test -s "$tmp/display" || die "Xvfb did not start"
export DISPLAY=":$(cat "$tmp/display")"
"$WINE" wineboot -i >/dev/null 2>&1 || die "wineboot -i failed"
"$WINESERVER" -w
part "2b. first wineboot -i (new prefix)"

x86_64-w64-mingw32-gcc -shared -O2 -s -Wall -Wextra -Werror -o "$tmp/bcryptprimitives.dll" \
  build/windows/wine-shim/bcryptprimitives.c build/windows/wine-shim/bcryptprimitives.def -ladvapi32
cp "$tmp/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
user=$(id -un)
home_w="$WINEPREFIX/drive_c/users/$user"
[ -d "$home_w" ] || die "no Wine user folder at $home_w"
part "2c. test-only bcryptprimitives.dll shim (mingw)"

out=$("$WINE" "$tmp/serve/assessbridge.exe" version 2>&1) || die "assessbridge.exe version failed: $out"
say "wine assessbridge.exe version: $out"
grep -qF "assessbridge $VERSION " <<<"$out" || die "the Windows build does not say version $VERSION"

admin=$(free_port) hooks=$(free_port) nowhere=$(free_port)
data="$home_w/AppData/Roaming/assessbridge"
[ ! -e "$data" ] || die "$data exists before serve ran"
# No --data-dir: the default, %AppData%\assessbridge. Lever and Qualified are
# a closed local port: nothing leaves this machine; no tunnel (--public-url).
env -u ASSESSBRIDGE_DATA_DIR LEVER_API_KEY=test-lever-key QUALIFIED_API_KEY=test-qualified-key ASSESSBRIDGE_SECRETS=file \
  "$WINE" "$tmp/serve/assessbridge.exe" serve --listen "127.0.0.1:$admin" --webhook-listen "127.0.0.1:$hooks" \
  --public-url "http://127.0.0.1:$hooks" --lever-api-url "http://127.0.0.1:$nowhere" \
  --qualified-api-url "http://127.0.0.1:$nowhere" --trigger-stage assess --poll-interval 1h \
  >"$tmp/serve.log" 2>&1 &
serve_pid=$!
healthz() { curl -fsS --max-time 2 "http://127.0.0.1:$hooks/healthz" >"$tmp/healthz" 2>/dev/null; }
if ! wait_until 120 healthz; then
  tail -20 "$tmp/serve.log" >&2
  die "serve under Wine did not answer /healthz on 127.0.0.1:$hooks within 120 s"
fi
say "GET /healthz on the webhook port: $(head -c 200 "$tmp/healthz")"
part "2d. wine: version, serve answers /healthz"
[ -f "$data/assessbridge.db" ] || die "no assessbridge.db in $data: $(ls -la "$data" 2>&1)"
say "data folder: C:\\users\\$user\\AppData\\Roaming\\assessbridge: $(cd "$data" && ls | tr '\n' ' ')"
# Ctrl+C: Wine turns SIGINT into CTRL_C_EVENT, which Go reports as os.Interrupt.
kill -INT "$serve_pid"
stopped() { ! kill -0 "$serve_pid" 2>/dev/null; }
wait_until 60 stopped || { tail -20 "$tmp/serve.log" >&2; die "serve did not stop within 60 s of Ctrl+C"; }
rc=0
wait "$serve_pid" || rc=$?
serve_pid=''
grep -q 'shutting down' "$tmp/serve.log" || { tail -20 "$tmp/serve.log" >&2; die "serve's log does not say it shut down"; }
[ "$rc" -eq 0 ] || { tail -20 "$tmp/serve.log" >&2; die "serve exited with $rc after Ctrl+C"; }
say "serve stopped on Ctrl+C: exit 0; its log: $(grep -m1 'shutting down' "$tmp/serve.log" | cut -c1-160)"
part "2e. wine: serve stops cleanly (Ctrl+C)"

# ---- 3. The installer under Wine --------------------------------------------
instdir="$home_w/AppData/Local/Programs/assessbridge"
startmenu="$home_w/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/assessbridge.lnk"
setup="$tmp/${installer##*/}"
cp "$installer" "$setup"
# Debian's Wine 8 says it is Windows 7: Setup refuses (exit 4), installing nothing.
rc=0
timeout 300 "$WINE" "$setup" /S >/dev/null 2>&1 || rc=$?
say "silent install on Wine's default Windows 7: exit code $rc (4: needs Windows 10 or 11)"
[ "$rc" -eq 4 ] || die "silent install on Windows 7 exited $rc, not 4"
[ ! -e "$instdir" ] || die "Setup refused Windows 7 but left $instdir"
"$WINE" winecfg -v win10 >/dev/null 2>&1
"$WINE" reg query 'HKLM\Software\Microsoft\Windows NT\CurrentVersion' /v ProductName 2>/dev/null | grep -q 'Windows 10' ||
  die "winecfg -v win10 did not make the prefix Windows 10"
part "3a. wine: Setup refuses Windows 7; prefix set to Windows 10"

# WebView2 is missing: Setup installs the app and runs Microsoft's
# bootstrapper, which cannot install WebView2 here (it is a 32-bit exe and
# Debian's wine64 runs only 64-bit ones), so Setup says so with exit code 3.
rc=0
timeout 600 "$WINE" "$setup" /S >/dev/null 2>&1 || rc=$?
say "silent install on Windows 10 without WebView2: exit code $rc (3: installed, WebView2 missing)"
[ "$rc" -eq 3 ] || die "silent install without WebView2 exited $rc, not 3"
[ -f "$instdir/assessbridge.exe" ] || die "Setup without WebView2 did not install the app"
part "3b. wine: silent install, WebView2 missing"

# WebView2 marked present (the key the Evergreen runtime writes): exit 0.
"$WINE" reg add "$WEBVIEW2_KEY" /v pv /t REG_SZ /d 131.0.2903.86 /f >/dev/null 2>&1
rc=0
timeout 600 "$WINE" "$setup" /S >/dev/null 2>&1 || rc=$?
say "silent install over it, WebView2 marked present: exit code $rc"
[ "$rc" -eq 0 ] || die "silent install with WebView2 present exited $rc"
for f in assessbridge.exe uninstall.exe; do [ -f "$instdir/$f" ] || die "$f is not in $instdir"; done
cmp -s "$instdir/assessbridge.exe" "$exe" || die "the installed assessbridge.exe differs from the installer's"
[ -f "$startmenu" ] || die "no Start-menu shortcut at $startmenu"
say "installed in C:\\users\\$user\\AppData\\Local\\Programs\\assessbridge: $(cd "$instdir" && ls | tr '\n' ' ')+ Start-menu shortcut"
reg=$("$WINE" reg query "$UNINSTALL_KEY" 2>/dev/null | tr -d '\r')
echo "$reg" >&2
for want in "DisplayName    REG_SZ    assessbridge" "DisplayVersion    REG_SZ    $VERSION" "Publisher    REG_SZ    assessbridge" \
  "DisplayIcon    REG_SZ    \"C:\\users\\$user\\AppData\\Local\\Programs\\assessbridge\\assessbridge.exe\",0" \
  "UninstallString    REG_SZ    \"C:\\users\\$user\\AppData\\Local\\Programs\\assessbridge\\uninstall.exe\"" \
  "QuietUninstallString    REG_SZ    \"C:\\users\\$user\\AppData\\Local\\Programs\\assessbridge\\uninstall.exe\" /S" \
  'EstimatedSize    REG_DWORD' 'NoModify    REG_DWORD    0x1' 'NoRepair    REG_DWORD    0x1'; do
  grep -qF "$want" <<<"$reg" || die "the uninstall key lacks: $want"
done
part "3c. wine: silent install, files, shortcut, HKCU uninstall key"

# The desktop exe on the virtual display. WebView2 is only marked present,
# not there, so what it shows is reported, never checked.
desktop_alive() { [ -n "$desktop_pid" ] && kill -0 "$desktop_pid" 2>/dev/null; }
start_desktop() {
  "$WINE" "$instdir/assessbridge.exe" >>"$tmp/desktop.log" 2>&1 &
  desktop_pid=$!
  sleep 20
}
reap_desktop() { # reap_desktop SECONDS: 0 once the desktop exe has ended
  wait_until "$1" eval '! desktop_alive' || return 1
  wait "$desktop_pid" 2>/dev/null || true
  desktop_pid=''
}
start_desktop
windows=$(xdotool search --onlyvisible --name '.' getwindowname %@ 2>/dev/null | sort -u | paste -sd '|' || true)
import -window root "$SCREENSHOT" 2>/dev/null || say "(no screenshot: import failed)"
if desktop_alive; then
  say "desktop exe under Wine: running after 20 s; visible windows: ${windows:-none}"
else
  say "desktop exe under Wine: ended within 20 s; visible windows: ${windows:-none}"
  reap_desktop 5 || true
fi
[ -f "$SCREENSHOT" ] && say "screenshot: $SCREENSHOT ($(identify -format '%wx%h, %k colours' "$SCREENSHOT" 2>/dev/null))"
part "3d. wine: desktop exe on Xvfb (report only)"

# Setup over a running app closes it first (when Wine let it run).
if desktop_alive; then
  rc=0
  timeout 600 "$WINE" "$setup" /S >/dev/null 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || die "silent install over the running app exited $rc"
  reap_desktop 10 || die "Setup did not close the running app"
  say "silent install over the running desktop app: exit 0, the app was closed first"
  start_desktop
else
  say "(Setup over a running app: not tried, the desktop exe did not stay open)"
fi
part "3e. wine: Setup closes a running app"

# Silent uninstall (it closes the app too, if it runs).
mkdir -p "$home_w/AppData/Roaming/assessbridge.exe/EBWebView" # the window's cache, as WebView2 names it
was_running=0
desktop_alive && was_running=1
rc=0
timeout 300 "$WINE" "$instdir/uninstall.exe" /S >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 0 ] || die "silent uninstall exited $rc"
# It goes on from a copy of itself in %TEMP%: wait for its last step, the key.
key_gone() { ! "$WINE" reg query "$UNINSTALL_KEY" >/dev/null 2>&1; }
wait_until 120 key_gone || die "the uninstall key is still there 120 s after the silent uninstall"
[ ! -e "$instdir" ] || die "the uninstaller left $instdir: $(ls -la "$instdir")"
[ ! -e "$startmenu" ] || die "the uninstaller left the Start-menu shortcut"
[ ! -e "$home_w/AppData/Roaming/assessbridge.exe" ] || die "the window's WebView2 cache is still there"
[ -f "$data/assessbridge.db" ] || die "the uninstaller removed the data folder"
if [ "$was_running" = 1 ]; then
  reap_desktop 10 || die "the uninstaller did not close the running desktop app"
  say "the uninstaller closed the running desktop app first"
fi
say "silent uninstall: program folder, shortcut, uninstall key and WebView2 cache gone; data folder kept ($(cd "$data" && ls | tr '\n' ' '))"
[ -s "$tmp/desktop.log" ] && say "the desktop exe's output: $(tr '\n' ' ' <"$tmp/desktop.log" | cut -c1-400)"
part "3f. wine: silent uninstall"

"$WINESERVER" -k 2>/dev/null || true
"$WINESERVER" -w 2>/dev/null || true
part "wineserver -k"
say "timings:"
printf '  %s\n' "${timings[@]}" >&2
say "OK"
