#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The gates that catch drift, run by CI after ./test.sh:
#   1. clang-format --dry-run --Werror over every tracked C++ file (.clang-format);
#   2. clang-tidy's readability-function-cognitive-complexity over the program's own code (core/,
#      ui/, app/), threshold KDW_COGNITIVE_THRESHOLD (default 25, clang-tidy's own default: a
#      function above it has more nested branching than a reader can hold at once; the long,
#      flat functions that remain are caught by the 80-line rule of STYLE.md instead).
# Each gate fails with the offending lines. Needs a configured build with compile_commands.json
# (default build/test, what ./test.sh makes).
# usage: packaging/ci/gates.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build="${1:-build/test}"
threshold="${KDW_COGNITIVE_THRESHOLD:-25}"

need=()
command -v clang-format >/dev/null || need+=(clang-format)
command -v run-clang-tidy >/dev/null || need+=(clang-tidy)
if [[ ${#need[@]} -gt 0 ]]; then
    log="$(mktemp)"
    if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
        tail -30 "$log" >&2
        echo "gates: could not install ${need[*]}" >&2
        exit 1
    fi
    rm -f "$log"
fi

mapfile -t sources < <(git ls-files '*.cpp' '*.h' '*.hpp' '*.cc')
echo "gates: clang-format over ${#sources[@]} tracked C++ files"
if ! clang-format --dry-run --Werror "${sources[@]}" 2>"$build/clang-format.log"; then
    grep -E "error:" "$build/clang-format.log" | head -40 >&2
    echo "gates: $(grep -c 'error:' "$build/clang-format.log") places are not formatted as .clang-format says; fix with: clang-format -i FILE" >&2
    exit 1
fi

[[ -f "$build/compile_commands.json" ]] || { echo "gates: $build/compile_commands.json is missing (run ./test.sh first)" >&2; exit 1; }
mapfile -t units < <(git ls-files 'core/*.cpp' 'ui/*.cpp' 'app/*.cpp')
echo "gates: clang-tidy readability-function-cognitive-complexity (threshold $threshold) over ${#units[@]} files"
config="{Checks: '-*,readability-function-cognitive-complexity', WarningsAsErrors: '*', HeaderFilterRegex: '^$PWD/(core|ui|app)/',
 CheckOptions: [{key: readability-function-cognitive-complexity.Threshold, value: '$threshold'},
                {key: readability-function-cognitive-complexity.IgnoreMacros, value: 'true'}]}"
if ! run-clang-tidy -quiet -j "$(nproc)" -p "$build" -extra-arg=-Wno-unknown-warning-option -config="$config" "${units[@]/#/$PWD/}" >"$build/clang-tidy.log" 2>&1; then
    grep -E "warning:|error:" "$build/clang-tidy.log" | grep -v "^Error while processing" | sort -u | head -40 >&2
    echo "gates: clang-tidy found functions over cognitive complexity $threshold (full log: $build/clang-tidy.log)" >&2
    exit 1
fi
echo "gates: both passed"
