#!/usr/bin/env bash
# Fuzzes the URL fragment parser (tests/fuzz/fragment_fuzz.cpp) for SECONDS (default 60) with
# libFuzzer + ASan + UBSan. Builds its target in the 'sanitize' preset's tree (the sanitizer step
# has compiled everything else there; MLVIZ_FUZZ_BUILD overrides build/sanitize), fuzzes a copy of tests/fuzz/corpus that grows across runs, and exits non-zero on a
# crash, a sanitizer report, a broken invariant, a hang or a stale dictionary.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${MLVIZ_FUZZ_BUILD:-build/sanitize}
fuzzer="$build/mlviz-fragment-fuzz"

[ -f "$build/CMakeCache.txt" ] || cmake --preset sanitize -B "$build" >/dev/null
cmake --build "$build" -j2 --target mlviz-fragment-fuzz

# The committed dictionary must hold every schema key: the fuzzer prints the current one.
if ! MLVIZ_FUZZ_PRINT_DICT=1 "$fuzzer" | cmp -s - tests/fuzz/fragment.dict; then
    echo "fuzz: tests/fuzz/fragment.dict differs from the schemas' keys; regenerate it with"
    echo "  MLVIZ_FUZZ_PRINT_DICT=1 $fuzzer > tests/fuzz/fragment.dict"
    exit 1
fi

work="$build/corpus-work"
crashes="$build/fuzz-artifacts"
log="$build/fuzz.log"
mkdir -p "$work" "$crashes"
cp tests/fuzz/corpus/* "$work/"
# Reduced inputs pile up beside the ones they replace; past a few thousand, loading them eats the
# time budget, so keep only a set with the same coverage.
if [ "$(ls "$work" | wc -l)" -gt 4000 ]; then
    rm -rf "$work.merged" && mkdir "$work.merged"
    "$fuzzer" -merge=1 -max_len=512 "$work.merged" "$work" >"$build/fuzz-merge.log" 2>&1 ||
        { echo "fuzz: merging $work failed (an input crashes?), see $build/fuzz-merge.log"; exit 1; }
    rm -rf "$work" && mv "$work.merged" "$work"
fi

# libFuzzer exits non-zero on its own findings; halt_on_error makes every UBSan report one.
status=0
ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$fuzzer" "$work" -dict=tests/fuzz/fragment.dict -max_len=512 -timeout=10 \
        -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$crashes/" \
        >"$log" 2>&1 || status=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
if [ "$status" -ne 0 ]; then
    if grep -qE "^==[0-9]+== ?ERROR|runtime error|==== fragment fuzz" "$log"; then
        grep -E -A30 "^==[0-9]+== ?ERROR|runtime error|==== fragment fuzz" "$log" | head -60 || true
    else
        tail -40 "$log"
    fi
    echo "fuzz: FAILED (exit $status) after ${execs:-?} execs; input saved in $crashes/, full log $log"
    exit 1
fi
echo "fuzz: ${execs:-?} execs in $seconds s (${rate:-?} exec/s), no crash; corpus $(ls "$work" | wc -l) files, log $log"
