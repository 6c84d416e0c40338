#!/usr/bin/env bash
# Installs what is missing, builds Natter and launches it.
#   scripts/run.sh [natter arguments]      e.g. scripts/run.sh --demo
# The first start without an account offers the demo: a private server on this computer with
# demo contacts, no XMPP account needed. --demo goes straight into it.
# NATTER_BUILD_DIR=DIR builds in DIR instead of build/. Needs sudo (or root) only when packages
# are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${NATTER_BUILD_DIR:-build}

# Natter is a desktop program: without a display it can only fail, so say why now, before the
# build. (QT_QPA_PLATFORM=offscreen or vnc, for example, needs none.)
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    echo "run.sh: no display (neither DISPLAY nor WAYLAND_DISPLAY is set): run this in a" \
        "desktop session" >&2
    exit 1
fi

./scripts/install-deps.sh

# A build tree made with another generator cannot be reused: start it afresh.
if [[ -f $build/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build/CMakeCache.txt"; then
    echo "run.sh: $build/ was configured with another generator, reconfiguring it from scratch"
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Only what running needs: the app and the demo contacts (scripts/test.sh builds the rest).
cmake --build "$build" --parallel "$(nproc)" --target natter natter-demo-peer

# The demo's server is the test suite's fixture; natter-demo-peer lies next to natter.
export NATTER_DEMO_FIXTURE=${NATTER_DEMO_FIXTURE:-$PWD/tests/fixture/prosody-fixture.sh}
exec "$build/app/natter" "$@"
