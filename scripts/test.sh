#!/usr/bin/env bash
# Builds Natter and runs the whole test suite (unit, integration against a real Prosody, UI).
#   scripts/test.sh [--sanitize] [extra ctest arguments, e.g. -L unit or -R itst_login]
# --sanitize builds in build-asan/ with AddressSanitizer and UBSan (-DNATTER_SANITIZE=ON).
# NATTER_BUILD_DIR=DIR builds in DIR instead of build/ (or build-asan/).
# Needs the packages of scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${NATTER_BUILD_DIR:-build}
options=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [[ ${1:-} == --sanitize ]]; then
    shift
    build=${NATTER_BUILD_DIR:-build-asan}
    options+=(-DNATTER_SANITIZE=ON)
fi

# A build tree made with another generator cannot be reused: start it afresh.
if [[ -f $build/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build/CMakeCache.txt"; then
    echo "test.sh: $build/ was configured with another generator, reconfiguring it from scratch"
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi

cmake -S . -B "$build" "${options[@]}"
cmake --build "$build" --parallel "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j2 "$@"
