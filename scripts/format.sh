#!/usr/bin/env bash
# Formats the project's C++ files with clang-format (.clang-format), or checks them:
#   scripts/format.sh           rewrite every file in place
#   scripts/format.sh --check   list the files that are not formatted, exit 1 if any
# The registry tables (*.inc) are not formatted: their rows are laid out by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
CF=${CLANG_FORMAT:-clang-format}
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h')
if [ "${1:-}" = "--check" ]; then
    bad=()
    for f in "${files[@]}"; do
        [ -f "$f" ] || continue
        "$CF" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
    done
    if [ ${#bad[@]} -gt 0 ]; then
        printf 'not formatted (run scripts/format.sh): %s\n' "${bad[@]}"
        exit 1
    fi
    echo "all ${#files[@]} C++ files formatted"
    exit 0
fi
"$CF" -i "${files[@]}"
