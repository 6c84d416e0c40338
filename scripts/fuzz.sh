#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan + coverage) in build-fuzz/
# and runs each for FUZZ_SECONDS seconds, then prints executions, speed and crashes per target.
#   scripts/fuzz.sh [target...]        all targets, or e.g.: scripts/fuzz.sh fuzz_jid fuzz_sasl
# FUZZ_SECONDS=N           seconds per target (default 30)
# FUZZ_JOBS=N              targets run at the same time (default 1; each uses one core)
# NATTER_FUZZ_BUILD_DIR=D  build directory (default build-fuzz)
# Inputs that found new coverage accumulate in D/tests/fuzz/corpus-work/<target>/ (seeded from
# tests/fuzz/corpus/<target>/, which is only read); crashes and invariant violations are written
# to D/tests/fuzz/artifacts/<target>-crash-*, logs to D/tests/fuzz/logs/. Reproduce one with
#   D/tests/fuzz/<target> D/tests/fuzz/artifacts/<target>-crash-...
# Exit status 1 if any target crashed. Installs clang and libclang-rt-<major>-dev (apt) if missing;
# CXX=clang++-N picks another installed clang.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-1}
build=${NATTER_FUZZ_BUILD_DIR:-build-fuzz}
all_targets=(fuzz_streamparser fuzz_streamparser_small fuzz_xmlelement fuzz_jid fuzz_stanza
             fuzz_sasl fuzz_negotiator)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

# clang and its runtimes (libFuzzer, sanitizers): the main build does not need them, so this script
# installs them itself. The runtime package is versioned like the compiler: libclang-rt-14-dev on
# Debian 12, libclang-rt-18-dev on Ubuntu 24.04.
apt_install() {
    local sudo=()
    if (($(id -u) != 0)); then
        command -v sudo >/dev/null || { echo "fuzz.sh: run as root or install sudo" >&2; exit 2; }
        sudo=(sudo)
    fi
    echo "fuzz.sh: installing $*"
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}
is_clang() { "$1" --version 2>/dev/null | grep -q 'clang version'; }

# CXX is honoured only if it is a clang (a CI's CXX=g++ cannot build libFuzzer targets).
cxx=${CXX:-}
if [[ -n $cxx ]] && ! is_clang "$cxx"; then
    echo "fuzz.sh: ignoring CXX=$cxx, which is not clang" >&2
    cxx=
fi
if [[ -z $cxx ]]; then
    command -v clang++ >/dev/null || apt_install clang
    cxx=clang++
fi
is_clang "$cxx" || { echo "fuzz.sh: $cxx is not a working clang" >&2; exit 2; }
major=$("$cxx" --version | sed -n 's/.*clang version \([0-9][0-9]*\).*/\1/p' | head -1)
[[ -n $major ]] || { echo "fuzz.sh: cannot read the version of $cxx" >&2; exit 2; }
have_libfuzzer() {
    local resources
    resources=$("$cxx" -print-resource-dir) || return 1
    # lib/linux/libclang_rt.fuzzer-x86_64.a (clang 14) or lib/<triple>/libclang_rt.fuzzer.a (newer)
    [[ -n $(find "$resources/lib" \( -name 'libclang_rt.fuzzer.a' -o -name 'libclang_rt.fuzzer-*.a' \) \
        -print -quit 2>/dev/null) ]]
}
have_libfuzzer || apt_install "libclang-rt-$major-dev"
have_libfuzzer || { echo "fuzz.sh: libFuzzer for clang $major not found" >&2; exit 2; }

if [[ -f $build/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build/CMakeCache.txt"; then
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    -DNATTER_SANITIZE=ON -DNATTER_FUZZ=ON -DNATTER_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

dir=$build/tests/fuzz
mkdir -p "$dir/logs" "$dir/artifacts"
dictionary() {
    case $1 in
        fuzz_jid) echo tests/fuzz/jid.dict ;;
        fuzz_sasl) echo tests/fuzz/sasl.dict ;;
        *) echo tests/fuzz/xmpp.dict ;;
    esac
}

run_one() {
    local target=$1
    local seeds=tests/fuzz/corpus/$target
    local start=$SECONDS status=0
    mkdir -p "$dir/corpus-work/$target"
    # -rss_limit_mb: ASan's shadow memory counts too. Leaks are findings (detect_leaks default).
    "$dir/$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 \
        -print_final_stats=1 -dict="$(dictionary "$target")" \
        -artifact_prefix="$dir/artifacts/$target-" \
        "$dir/corpus-work/$target" "$seeds" >"$dir/logs/$target.log" 2>&1 || status=$?
    echo $((SECONDS - start)) >"$dir/logs/$target.seconds"
    return $status
}

echo "fuzz.sh: ${#targets[@]} target(s), ${seconds}s each, $jobs at a time (logs in $dir/logs)"
running=0
for target in "${targets[@]}"; do
    rm -f "$dir/logs/$target.status" "$dir/logs/$target.seconds"
    ( if run_one "$target"; then echo 0; else echo $?; fi >"$dir/logs/$target.status" ) &
    running=$((running + 1))
    if ((running >= jobs)); then
        wait -n || true
        running=$((running - 1))
    fi
done
wait

# The last libFuzzer status line ("#123 NEW cov: 456 ft: ... exec/s: 789 ...") field by name.
last_field() { grep -oE "$1: *[0-9]+" "$2" | tail -1 | grep -oE '[0-9]+$' || true; }

failed=0
printf '%-24s %7s %11s %8s %6s %7s  %s\n' target seconds executions 'exec/s' cov corpus result
for target in "${targets[@]}"; do
    log=$dir/logs/$target.log
    status=$(cat "$dir/logs/$target.status" 2>/dev/null || echo '?')
    elapsed=$(cat "$dir/logs/$target.seconds" 2>/dev/null || echo '?')
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    # After a crash there are no final stats: the last status line has the count and speed.
    [[ -n $execs ]] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    [[ -n $speed ]] || speed=$(last_field exec/s "$log")
    cov=$(last_field cov "$log")
    corpus=$(find "$dir/corpus-work/$target" -type f | wc -l)
    result=ok
    if [[ $status != 0 ]]; then
        failed=1
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
        reason=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer).*|==FUZZ== invariant violated.*|runtime error:.*' "$log" || true)
        result="CRASH (exit $status) ${reason:-see $log}${artifact:+ -> $artifact}"
    fi
    printf '%-24s %7s %11s %8s %6s %7s  %s\n' "$target" "$elapsed" "${execs:-?}" "${speed:-?}" \
        "${cov:-?}" "$corpus" "$result"
done
exit $failed
