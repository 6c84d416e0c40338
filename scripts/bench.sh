#!/usr/bin/env bash
# Builds the benchmarks of tests/bench (RelWithDebInfo, no sanitizers) and runs each in turn. Each
# prints its figures as a table and as JSON, with the machine line (cores, CPU, load average,
# git describe); the JSON also goes to DIR/tests/bench/results/NAME.json. Benchmarks never fail
# on a time, only when what they measure misbehaves.
#   scripts/bench.sh [--smoke] [--only NAME] [-- arguments for the benchmark(s)]
# --smoke      small sizes and few runs (what CI runs through ctest -L bench-smoke; seconds)
# --only NAME  just bench_NAME (e.g. --only parser); arguments after -- go to it, e.g.
#              scripts/bench.sh --only messagestore -- --messages 20000
# NATTER_BUILD_DIR=DIR  build directory (default build/)
# BENCH_JOBS=N          parallel compile jobs (default: the number of cores)
# Temporary files go to DIR/tests/bench/tmp (not /tmp, which may live in memory); the message
# store benchmark needs about 1 GB there and 2 to 3 minutes with its default 1,000,000 messages.
# The same benchmarks are CTest tests: the full runs in the configuration "Bench", the smoke runs
# in every configuration:
#   ctest --test-dir build -C Bench -L '^bench$' --verbose
#   ctest --test-dir build -L bench-smoke
set -euo pipefail
cd "$(dirname "$0")/.."

build=${NATTER_BUILD_DIR:-build}
jobs=${BENCH_JOBS:-$(nproc)}
common=()
only=
while (($#)); do
    case $1 in
        --smoke) common+=(--smoke) ;;
        --only) only=${2:?--only needs a name}; shift ;;
        --) shift; break ;;
        *) echo "bench.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
    esac
    shift
done
extra=("$@")

# A build tree made with another generator or with sanitizers cannot be reused: start it afresh.
if [[ -f $build/CMakeCache.txt ]] &&
    { ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build/CMakeCache.txt" ||
      grep -qx 'NATTER_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; }; then
    echo "bench.sh: $build/ was configured differently, reconfiguring it from scratch"
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNATTER_SANITIZE=OFF >/dev/null
cmake --build "$build" --parallel "$jobs" --target natter-bench

if [[ -n $only ]]; then
    benchmarks=("$build/tests/bench/bench_${only#bench_}")
    [[ -x ${benchmarks[0]} ]] || { echo "bench.sh: no benchmark ${benchmarks[0]}" >&2; exit 2; }
else
    mapfile -t benchmarks < <(find "$build/tests/bench" -maxdepth 1 -type f -name 'bench_*' -perm -u+x | sort)
    ((${#benchmarks[@]})) || { echo "bench.sh: no benchmarks in $build/tests/bench" >&2; exit 2; }
    ((${#extra[@]} == 0)) || { echo "bench.sh: arguments after -- need --only" >&2; exit 2; }
fi

export TMPDIR=$PWD/$build/tests/bench/tmp
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
results=$build/tests/bench/results
mkdir -p "$TMPDIR" "$results"
status=0
for benchmark in "${benchmarks[@]}"; do
    name=$(basename "$benchmark")
    echo
    echo "== $name ${common[*]} ${extra[*]}"
    "$benchmark" "${common[@]}" --json "$results/$name.json" "${extra[@]}" ||
        { status=$?; echo "bench.sh: $name failed (exit $status)" >&2; }
done
echo
echo "bench.sh: JSON reports in $results/"
exit $status
