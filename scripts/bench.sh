#!/usr/bin/env bash
# Builds the benchmarks of tests/bench (RelWithDebInfo) and runs each in turn, printing its
# figures. Benchmarks print numbers; they never fail on a time, only when what they measure
# misbehaves.
#   scripts/bench.sh [arguments for every benchmark, e.g. --messages 20000 for a quick run]
# NATTER_BUILD_DIR=DIR  build directory (default build/)
# BENCH_JOBS=N          parallel compile jobs (default: the number of cores)
# Temporary stores go to DIR/tests/bench/tmp (not /tmp, which may live in memory); the message
# store benchmark needs about 1 GB there and 2 to 3 minutes with its default 1,000,000 messages.
# The same benchmarks are CTest tests in the configuration "Bench" (never in a plain ctest run):
#   ctest --test-dir build -C Bench -L bench --verbose
set -euo pipefail
cd "$(dirname "$0")/.."

build=${NATTER_BUILD_DIR:-build}
jobs=${BENCH_JOBS:-$(nproc)}

# A build tree made with another generator cannot be reused: start it afresh.
if [[ -f $build/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build/CMakeCache.txt"; then
    echo "bench.sh: $build/ was configured with another generator, reconfiguring it from scratch"
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --parallel "$jobs" --target natter-bench

mapfile -t benchmarks < <(find "$build/tests/bench" -maxdepth 1 -type f -name 'bench_*' -perm -u+x | sort)
((${#benchmarks[@]})) || { echo "bench.sh: no benchmarks in $build/tests/bench" >&2; exit 2; }

export TMPDIR=$PWD/$build/tests/bench/tmp
mkdir -p "$TMPDIR"
echo "bench.sh: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg), $(git describe --always --dirty 2>/dev/null || echo '?')"
status=0
for benchmark in "${benchmarks[@]}"; do
    echo
    echo "== $(basename "$benchmark") $*"
    "$benchmark" "$@" || { status=$?; echo "bench.sh: $(basename "$benchmark") failed (exit $status)" >&2; }
done
exit $status
