#!/usr/bin/env bash
# Builds Natter and runs the whole test suite — unit, integration against a real Prosody, UI —
# in an AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/), then builds the libFuzzer
# targets (clang, scripts/fuzz.sh) and runs each for a short smoke time.
#   scripts/test.sh [--plain] [--no-fuzz] [extra ctest arguments, e.g. -L unit or -R itst_login]
# --plain     builds without sanitizers, in build/ (the tree scripts/run.sh builds the app in)
# --no-fuzz   skips the fuzz smoke run (also skipped when ctest arguments select tests)
# NATTER_BUILD_DIR=DIR builds in DIR instead.  FUZZ_SMOKE_SECONDS=N: seconds per fuzz target (10).
# Needs the packages of scripts/install-deps.sh (fuzz.sh installs clang itself when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=ON
fuzz=1
while (($#)); do
    case $1 in
        --plain) sanitize=OFF ;;
        --no-fuzz) fuzz=0 ;;
        --sanitize) ;; # the default; kept for older habits
        *) break ;;
    esac
    shift
done
(($# == 0)) || fuzz=0 # a selection of tests: just those

if [[ $sanitize == ON ]]; then
    build=${NATTER_BUILD_DIR:-build-asan}
    # -O1: what the sanitizers recommend; no debug info (symbol names suffice for the reports):
    # a build that fits CI's time. Leaks are findings, as are
    # errors in the processes the tests start (natter-cli, natter, the demo peer).
    options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g0 -DNDEBUG")
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
else
    build=${NATTER_BUILD_DIR:-build}
    options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi

# A build tree made with another generator or other sanitizer settings cannot be reused.
if [[ -f $build/CMakeCache.txt ]] &&
    { ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build/CMakeCache.txt" ||
      ! grep -qx "NATTER_SANITIZE:BOOL=$sanitize" "$build/CMakeCache.txt"; }; then
    echo "test.sh: $build/ was configured differently, reconfiguring it from scratch"
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi

cmake -S . -B "$build" -G Ninja -DNATTER_SANITIZE=$sanitize "${options[@]}"
cmake --build "$build" --parallel "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j2 "$@"

if ((fuzz)); then
    # Each libFuzzer target (stream parser, stanzas, JIDs, SASL, negotiation) replays its seed
    # corpus and fuzzes on for a few seconds; a crash fails the run.
    FUZZ_SECONDS=${FUZZ_SMOKE_SECONDS:-10} FUZZ_JOBS=2 ./scripts/fuzz.sh
fi
