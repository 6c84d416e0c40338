#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and packaging Natter need.
# Fast when nothing is missing: it asks dpkg first and runs apt only for what is not installed.
#   scripts/install-deps.sh          (as root, or with sudo)
set -euo pipefail

PACKAGES=(
    # build
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6sql6-sqlite qt6-svg-dev qtkeychain-qt6-dev libicu-dev
    # integration tests: a real Prosody (tests/fixture/prosody-fixture.sh) and a second client
    prosody lua-dbi-sqlite3 lua-unbound openssl python3-slixmpp
    # desktop tests: X server, keychain over D-Bus, desktop file and AppStream checks, a font
    xvfb xauth dbus gnome-keyring desktop-file-utils appstream fonts-dejavu-core
)

installed=" $(dpkg-query -W -f='${db:Status-Abbrev}${Package} ' "${PACKAGES[@]}" 2>/dev/null || true) "
missing=()
for package in "${PACKAGES[@]}"; do
    [[ $installed == *" ii $package "* ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#PACKAGES[@]} packages are installed"
    exit 0
fi
echo "install-deps: installing ${missing[*]}"

sudo=()
if (($(id -u) != 0)); then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    sudo=(sudo)
fi

# Mirrors fail now and then: try each step up to three times.
retry() {
    local attempt
    for attempt in 1 2 3; do
        "$@" && return 0
        echo "install-deps: '$*' failed (attempt $attempt)" >&2
        sleep $((attempt * 5))
    done
    return 1
}
retry "${sudo[@]}" apt-get update
retry "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
