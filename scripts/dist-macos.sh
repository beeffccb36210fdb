#!/usr/bin/env bash
# Builds the macOS desktop app on a Mac: dist/assessbridge-V-macos-universal.dmg, holding
# assessbridge.app (Intel and Apple silicon in one binary) and a link to /Applications.
#
# Run from anywhere in the repository, on macOS 12 or later with Xcode's command line tools,
# Go (the version in go.mod) and the UI built first (`make frontend`):
#
#   make frontend && bash scripts/dist-macos.sh
#
# Signing and notarisation happen only when their credentials are given; without them the
# result is an unsigned dmg for testing (macOS refuses to open it until allowed in System
# Settings → Privacy & Security → Open Anyway). The release workflow
# (.github/workflows/release.yml) passes these from its secrets:
#
#   Signing (a "Developer ID Application" certificate and its private key):
#     APPLE_DEVELOPER_ID_P12_BASE64   the .p12 export, base64-encoded
#     APPLE_DEVELOPER_ID_P12_PASSWORD its password
#     KEYCHAIN_PASSWORD               optional: the throwaway keychain's password (random if unset)
#   or, by hand on a Mac whose login keychain holds the certificate:
#     MACOS_SIGN_IDENTITY             e.g. "Developer ID Application: Example Ltd (ABCDE12345)"
#
#   Notarisation (only with signing), one of:
#     APPLE_API_KEY_P8_BASE64, APPLE_API_KEY_ID, APPLE_API_ISSUER_ID
#                                     an App Store Connect API key (.p8, base64), its id, its issuer
#     APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID
#                                     an Apple ID, an app-specific password for it, the team id
#     NOTARY_KEYCHAIN_PROFILE         by hand: a profile saved with `xcrun notarytool store-credentials`
#
# The binary is built with `go build` twice (amd64, arm64; cgo on, tags desktop,production) and
# joined with `lipo`, as the Linux and Windows builds are plain `go build`s with the same tags and
# version stamp: the Wails CLI is not needed. What the CLI would add on macOS is repeated here: the
# UniformTypeIdentifiers framework (Wails' file dialogs use UTType when built against SDK 11+) and
# a minimum macOS version for the C parts.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${VERSION:-$(cat VERSION)}
COMMIT=${COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || true)}
LDFLAGS=${LDFLAGS:-"-X github.com/assessbridge/assessbridge/app.version=$VERSION -X github.com/assessbridge/assessbridge/app.commit=$COMMIT"}
# Go 1.26 runs on macOS 12 Monterey and later (its linker stamps 12.0 as the minimum).
MIN_MACOS=12.0
APP=assessbridge.app
DMG=dist/assessbridge-$VERSION-macos-universal.dmg

die() { echo "dist-macos: $*" >&2; exit 1; }
# notice prints a line that stands out in the GitHub Actions log (and plainly elsewhere).
notice() {
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::warning title=macOS package::$*"; fi
  echo "dist-macos: $*" >&2
}

[ "$(uname -s)" = Darwin ] || die "this builds the macOS app and runs only on a Mac (macOS $MIN_MACOS or later)"
for tool in go lipo sips iconutil plutil codesign hdiutil ditto xcrun security; do
  command -v "$tool" >/dev/null || die "$tool is missing (Xcode command line tools: xcode-select --install; Go: https://go.dev/dl/)"
done
[ -f frontend/dist/index.html ] || die "build the UI first (make frontend)"
# Apple's bundle versions are up to three numbers: 0.9.0, not 0.9.0-rc1.
BUNDLE_VERSION=${VERSION%%[-+]*}
echo "$BUNDLE_VERSION" | grep -Eq '^[0-9]+(\.[0-9]+){0,2}$' || die "VERSION $VERSION does not start with a version macOS accepts (like 1.2.3)"

# What to do: decided from the credentials given, before any work. A half-given set is a mistake.
sign=none notarize=none
if [ -n "${APPLE_DEVELOPER_ID_P12_BASE64:-}" ]; then
  [ -n "${APPLE_DEVELOPER_ID_P12_PASSWORD:-}" ] || die "APPLE_DEVELOPER_ID_P12_BASE64 is set but APPLE_DEVELOPER_ID_P12_PASSWORD is not"
  sign=p12
elif [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  sign=identity
fi
missing() { # the names among $@ whose variable is empty
  local name out=""
  for name in "$@"; do [ -n "${!name:-}" ] || out="$out $name"; done
  echo "${out# }"
}
api_missing=$(missing APPLE_API_KEY_P8_BASE64 APPLE_API_KEY_ID APPLE_API_ISSUER_ID)
id_missing=$(missing APPLE_ID APPLE_APP_SPECIFIC_PASSWORD APPLE_TEAM_ID)
if [ -z "$api_missing" ]; then
  notarize=api-key
elif [ -z "$id_missing" ]; then
  notarize=apple-id
elif [ -n "${NOTARY_KEYCHAIN_PROFILE:-}" ]; then
  notarize=profile
else
  [ "$api_missing" = "APPLE_API_KEY_P8_BASE64 APPLE_API_KEY_ID APPLE_API_ISSUER_ID" ] || die "notarising with an API key also needs: $api_missing"
  [ "$id_missing" = "APPLE_ID APPLE_APP_SPECIFIC_PASSWORD APPLE_TEAM_ID" ] || die "notarising with an Apple ID also needs: $id_missing"
fi
if [ "$sign" = none ]; then
  notice "no signing certificate (APPLE_DEVELOPER_ID_P12_BASE64 and APPLE_DEVELOPER_ID_P12_PASSWORD): building an UNSIGNED dmg for testing only; macOS will refuse to open it until allowed in System Settings → Privacy & Security"
  [ "$notarize" = none ] || notice "notarisation credentials are ignored: only a signed app can be notarised"
  notarize=none
elif [ "$notarize" = none ]; then
  notice "no notarisation credentials (APPLE_API_KEY_P8_BASE64, APPLE_API_KEY_ID, APPLE_API_ISSUER_ID; or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID): the dmg is signed but NOT notarised, and macOS will warn on first open"
fi

work=$(mktemp -d)
keychain="" saved_keychains=()
cleanup() {
  if [ -n "$keychain" ]; then
    if [ ${#saved_keychains[@]} -gt 0 ]; then
      security list-keychains -d user -s "${saved_keychains[@]}" || true
    fi
    security delete-keychain "$keychain" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The universal binary.
for arch in amd64 arm64; do
  start=$SECONDS
  GOOS=darwin GOARCH=$arch CGO_ENABLED=1 MACOSX_DEPLOYMENT_TARGET=$MIN_MACOS \
    CGO_CFLAGS="-O2 -g -mmacosx-version-min=$MIN_MACOS" \
    CGO_LDFLAGS="-framework UniformTypeIdentifiers -mmacosx-version-min=$MIN_MACOS" \
    go build -trimpath -tags desktop,production -ldflags "-s -w $LDFLAGS" -o "$work/assessbridge-$arch" .
  echo "dist-macos: built darwin/$arch ($((SECONDS - start)) s)"
done
lipo -create -output "$work/assessbridge" "$work/assessbridge-amd64" "$work/assessbridge-arm64"
archs=$(lipo -archs "$work/assessbridge")
case " $archs " in *" x86_64 "*) ;; *) die "the universal binary lacks x86_64 (has: $archs)" ;; esac
case " $archs " in *" arm64 "*) ;; *) die "the universal binary lacks arm64 (has: $archs)" ;; esac
"$work/assessbridge" version | grep -qF "assessbridge $VERSION" || die "the app does not know its version: $("$work/assessbridge" version 2>&1)"

# 2. The icon: every size macOS asks for, drawn down from the 1024-pixel build/appicon.png.
iconset="$work/assessbridge.iconset"
mkdir "$iconset"
for size in 16 32 128 256 512; do
  sips -z "$size" "$size" build/appicon.png --out "$iconset/icon_${size}x${size}.png" >/dev/null
  sips -z $((size * 2)) $((size * 2)) build/appicon.png --out "$iconset/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns -o "$work/assessbridge.icns" "$iconset"

# 3. The app bundle.
app="$work/$APP"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
mv "$work/assessbridge" "$app/Contents/MacOS/assessbridge"
cp "$work/assessbridge.icns" "$app/Contents/Resources/assessbridge.icns"
sed -e "s/@VERSION@/$BUNDLE_VERSION/g" -e "s/@MIN_MACOS@/$MIN_MACOS/g" build/darwin/Info.plist > "$app/Contents/Info.plist"
plutil -lint "$app/Contents/Info.plist" >/dev/null
printf 'APPL????' > "$app/Contents/PkgInfo"

# 4. Signing: Developer ID and the hardened runtime (which notarisation requires), or, for a test
#    build, an ad-hoc signature so that the bundle is whole and the app runs on Apple silicon.
identity=""
case $sign in
  p12)
    keychain="$work/signing.keychain-db"
    keychain_password=${KEYCHAIN_PASSWORD:-$(openssl rand -hex 24)}
    while IFS= read -r line; do
      line=${line#"${line%%[![:space:]]*}"}; line=${line#\"}; line=${line%\"}
      [ -n "$line" ] && saved_keychains+=("$line")
    done < <(security list-keychains -d user)
    security create-keychain -p "$keychain_password" "$keychain"
    security set-keychain-settings -lut 3600 "$keychain"
    security unlock-keychain -p "$keychain_password" "$keychain"
    printf '%s' "$APPLE_DEVELOPER_ID_P12_BASE64" | base64 -D > "$work/developer-id.p12"
    security import "$work/developer-id.p12" -k "$keychain" -f pkcs12 \
      -P "$APPLE_DEVELOPER_ID_P12_PASSWORD" -T /usr/bin/codesign >/dev/null
    rm -f "$work/developer-id.p12"
    security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k "$keychain_password" "$keychain" >/dev/null
    security list-keychains -d user -s "$keychain" ${saved_keychains[@]+"${saved_keychains[@]}"}
    identity=$(security find-identity -v -p codesigning "$keychain" | awk '/"Developer ID Application: / { print $2; exit }')
    [ -n "$identity" ] || die "the .p12 holds no valid \"Developer ID Application\" certificate with its private key"
    ;;
  identity)
    identity=$MACOS_SIGN_IDENTITY
    ;;
esac
if [ -n "$identity" ]; then
  codesign --force --timestamp --options runtime --entitlements build/darwin/entitlements.plist \
    --sign "$identity" ${keychain:+--keychain "$keychain"} "$app"
  codesign --verify --strict --deep --verbose=2 "$app"
  codesign --display --verbose=2 "$app" 2>&1 | grep -E '^(Authority|TeamIdentifier|Runtime Version|Timestamp)=' || true
else
  codesign --force --sign - "$app"
fi

# 5. The disk image: the app and a link to /Applications to drag it onto.
stage="$work/dmg"
mkdir "$stage"
ditto "$app" "$stage/$APP"
ln -s /Applications "$stage/Applications"
# hdiutil now and then fails with "Resource busy" while something else (Spotlight, XProtect) looks
# at the new image: try again.
for try in 1 2 3; do
  hdiutil create -volname "assessbridge $VERSION" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$work/out.dmg" >/dev/null && break
  [ "$try" -lt 3 ] || die "hdiutil could not make the disk image"
  sleep 10
done
[ -z "$identity" ] || codesign --force --timestamp --sign "$identity" ${keychain:+--keychain "$keychain"} "$work/out.dmg"

# 6. Notarisation: Apple checks the signed dmg (and the app in it); its ticket is stapled to the dmg
#    so that Gatekeeper can check it without asking Apple.
if [ "$notarize" != none ]; then
  auth=()
  case $notarize in
    api-key)
      printf '%s' "$APPLE_API_KEY_P8_BASE64" | base64 -D > "$work/AuthKey_$APPLE_API_KEY_ID.p8"
      auth=(--key "$work/AuthKey_$APPLE_API_KEY_ID.p8" --key-id "$APPLE_API_KEY_ID" --issuer "$APPLE_API_ISSUER_ID")
      ;;
    apple-id) auth=(--apple-id "$APPLE_ID" --password "$APPLE_APP_SPECIFIC_PASSWORD" --team-id "$APPLE_TEAM_ID") ;;
    profile) auth=(--keychain-profile "$NOTARY_KEYCHAIN_PROFILE") ;;
  esac
  echo "dist-macos: notarising (this waits for Apple, usually a few minutes)"
  result=$(xcrun notarytool submit "$work/out.dmg" "${auth[@]}" --wait --timeout 1h --output-format json) || true
  id=$(printf '%s' "$result" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
  status=$(printf '%s' "$result" | sed -n 's/.*"status" *: *"\([^"]*\)".*/\1/p')
  if [ "$status" != Accepted ]; then
    [ -z "$id" ] || xcrun notarytool log "$id" "${auth[@]}" >&2 || true
    die "notarisation ended with status '${status:-unknown}' (submission ${id:-not made}): $result"
  fi
  echo "dist-macos: notarised (submission $id)"
  xcrun stapler staple "$work/out.dmg"
  xcrun stapler validate "$work/out.dmg"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$work/out.dmg"
fi

mkdir -p dist
rm -f "$DMG"
cp "$work/out.dmg" "$DMG"
case $sign/$notarize in
  none/*) state="unsigned, for testing only" ;;
  */none) state="signed, not notarised" ;;
  *) state="signed and notarised" ;;
esac
echo "dist-macos: $DMG ($state, $(du -h "$DMG" | cut -f1 | tr -d ' '))"
shasum -a 256 "$DMG"
