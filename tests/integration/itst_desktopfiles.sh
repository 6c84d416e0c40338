#!/usr/bin/env bash
# The desktop integration as a distribution installs it: `cmake --install` into a temporary
# DESTDIR, then the freedesktop validators on what landed there.
#   itst_desktopfiles.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=${1:?build directory}
source=${2:?source directory}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }

DESTDIR="$root" cmake --install "$build" --prefix /usr >"$root.log" 2>&1 || { cat "$root.log"; fail "cmake --install"; }
rm -f "$root.log"

app=org.natter.Natter
desktop=$root/usr/share/applications/$app.desktop
metainfo=$root/usr/share/metainfo/$app.metainfo.xml
icon=$root/usr/share/icons/hicolor/scalable/apps/$app.svg
symbolic=$root/usr/share/icons/hicolor/symbolic/apps/$app-symbolic.svg

for f in "$desktop" "$metainfo" "$icon" "$symbolic" "$root/usr/bin/natter-cli"; do
    if [[ -f $f ]]; then pass "installed ${f#"$root"}"; else fail "missing ${f#"$root"}"; fi
done
if [[ -f $build/app/natter ]]; then
    [[ -x $root/usr/bin/natter ]] && pass "installed /usr/bin/natter" || fail "missing /usr/bin/natter"
fi

if out=$(desktop-file-validate "$desktop" 2>&1) && [[ -z $out ]]; then
    pass "desktop-file-validate"
else
    echo "$out"; fail "desktop-file-validate"
fi
if out=$(appstreamcli validate --no-net --pedantic "$metainfo" 2>&1); then
    pass "appstreamcli validate"
else
    echo "$out"; fail "appstreamcli validate"
fi

# What the desktop relies on.
grep -qx 'Exec=natter %u' "$desktop" && pass "Exec takes a URI" || fail "Exec=natter %u"
grep -qx 'MimeType=x-scheme-handler/xmpp;' "$desktop" && pass "handles xmpp: links" || fail "MimeType"
grep -qx "Icon=$app" "$desktop" && pass "Icon names the installed icon" || fail "Icon=$app"
grep -q '^Categories=.*InstantMessaging;' "$desktop" && pass "Categories" || fail "Categories"
grep -q "<launchable type=\"desktop-id\">$app.desktop</launchable>" "$metainfo" \
    && pass "metainfo launches the desktop file" || fail "launchable"
grep -q '<release version="0.1.0"' "$metainfo" && pass "release 0.1.0" || fail "release"
# The icon is a real SVG that Qt's renderer reads (it is also compiled into the app).
head -c 200 "$icon" | grep -q '<svg' && pass "icon is SVG" || fail "icon is not SVG"
cmp -s "$icon" "$source/resources/icons/$app.svg" && pass "icon is the app's" || fail "icon differs"

# A handler registration as desktops do it: the MIME cache lists the scheme.
apps=$root/usr/share/applications
if command -v update-desktop-database >/dev/null; then
    update-desktop-database "$apps"
    grep -q "x-scheme-handler/xmpp=$app.desktop" "$apps/mimeinfo.cache" \
        && pass "mimeinfo.cache maps xmpp: to Natter" || fail "mimeinfo.cache"
fi

echo "$((failures == 0 ? 1 : 0)) passed, $((failures > 0 ? 1 : 0)) failed"
exit $((failures > 0))
