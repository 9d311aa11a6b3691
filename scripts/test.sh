#!/usr/bin/env bash
# The one test command (CI runs exactly this via .ci/run): installs what is missing, builds
# native and web, runs the CLI tests and the native window under Xvfb; the unit and headless view
# tests (compiled only there) and the CLI tests under ASan + UBSan; the URL fragment fuzzer for
# 60 s (built in the same sanitizer tree); the browser tests; then checks the download size of
# build/web/dist and measures start-up.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export NODE_PATH=/usr/share/nodejs
mkdir -p build/test-artifacts

results=()
failed=0
total_start=$SECONDS
step() {  # step NAME COMMAND...   (each step's wall time goes into the summary)
    local name=$1; shift
    local start=$SECONDS
    echo
    echo "==== $name"
    if "$@"; then local status="ok  "; else local status="FAIL"; failed=$((failed + 1)); fi
    local took=$((SECONDS - start))
    results+=("$(printf '%s  %4dm%02ds  %s' "$status" $((took / 60)) $((took % 60)) "$name")")
}
fatal_step() {  # like step, but the rest cannot run without it
    step "$@"
    [ "$failed" -eq 0 ] || { printf '%s\n' "${results[@]}"; echo "set-up failed"; exit 1; }
}

fatal_step "set-up: Debian packages, source packages, npm tooling, topic data" bash -c 'bash scripts/deps.sh && bash scripts/data.sh'
fatal_step "build: native (app, CLI, bench) and web" bash scripts/build.sh all

step "format: every C++ file as .clang-format says (scripts/format.sh --check)" bash scripts/format.sh --check
step "native: CLI, source and Xvfb window tests (ctest)" \
    ctest --test-dir build/native --output-on-failure -j2
sanitize() {
    # A throw-away topic made by scripts/new-topic.sh is built and tested here with the rest (its
    # core, view, CLI and registry row), proving the script still makes a compiling, tested topic
    # that the registry covers; it is removed again however the step ends.
    bash scripts/new-topic.sh kit_skeleton "Проверка набора" "Kit check" 1 || return 1
    trap 'bash scripts/new-topic.sh --remove kit_skeleton >/dev/null' RETURN
    [ -f build/sanitize/CMakeCache.txt ] || cmake --preset sanitize >/dev/null || return 1
    cmake --build --preset sanitize || return 1
    build/sanitize/mlviz-cli list | grep -q '"id":"kit_skeleton"' || { echo "kit_skeleton is not in mlviz-cli list"; return 1; }
    # halt_on_error + abort: any ASan/UBSan report fails the test that triggered it.
    ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        ctest --test-dir build/sanitize --output-on-failure -j2
}
step "sanitizers: unit, view and CLI tests under ASan + UBSan (clang), with a scripts/new-topic.sh skeleton, and the fuzzer built" sanitize
step "fuzz: URL fragment parser, 60 s (libFuzzer + ASan + UBSan)" bash scripts/fuzz.sh 60
step "browser: headless Chromium on build/web/dist" \
    bash -c "cd tests/browser && MLVIZ_DIST='$ROOT/build/web/dist' node --test"
step "download size of build/web/dist (budget 1.5 MB gzip)" \
    node scripts/size-report.mjs build/web/dist 1572864
step "start-up: time to first frame vs bare Dear ImGui (measurement)" \
    node tests/browser/startup.bench.mjs

echo
echo "==== summary (wall time per step)"
printf '%s\n' "${results[@]}"
passed=$(( ${#results[@]} - failed ))
took=$((SECONDS - total_start))
echo "$passed passed, $failed failed, $((took / 60))m$(printf '%02d' $((took % 60)))s in all"
[ "$failed" -eq 0 ]
