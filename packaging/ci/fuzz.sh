#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang (AddressSanitizer + UndefinedBehaviorSanitizer, GUI off)
# and runs each one for a bounded time over a copy of its seed corpus (tests/fuzz/corpus/<target>).
# Exits non-zero when any target crashes, leaks, hangs or runs out of memory, printing the
# reproducer's path (libFuzzer writes it into BUILD_DIR/fuzz-artifacts/<target>/).
# Reproduce one:   BUILD_DIR/tests/fuzz/fuzz_<target> PATH_TO_REPRODUCER
# usage: packaging/ci/fuzz.sh BUILD_DIR
# environment: KDW_FUZZ_SECONDS (per target, default 20), KDW_FUZZ_TARGETS (default: all),
#              KDW_FUZZ_JOBS (parallel build jobs, default 2)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[[ $# -eq 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build="$1"
seconds="${KDW_FUZZ_SECONDS:-20}"
targets="${KDW_FUZZ_TARGETS:-ratings text config objective weights run_import history saved_models}"

command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (apt-get install clang)" >&2; exit 1; }
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Release -DKDW_BUILD_TESTS=ON -DKDW_BUILD_GUI=OFF -DKDW_FUZZ=ON >/dev/null
build_targets=()
for t in $targets; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$build" -j"${KDW_FUZZ_JOBS:-2}" "${build_targets[@]}"

# The targets that use files (history, run_import) write only inside their own mkdtemp directory
# under TMPDIR: a tmpfs when there is one (SQLite's syncs on a disk make them ten times slower).
tmp_base="${TMPDIR:-/tmp}"
if [[ -z "${TMPDIR:-}" && -d /dev/shm && -w /dev/shm ]]; then
    tmp_base=/dev/shm
fi
scratch="$(mktemp -d "$tmp_base/kdw-fuzz-ci-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
failed=()
for t in $targets; do
    corpus="$scratch/corpus-$t" # libFuzzer adds what it finds: never into the source tree
    artifacts="$build/fuzz-artifacts/$t/"
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    cp tests/fuzz/corpus/"$t"/* "$corpus"/
    log="$build/fuzz-artifacts/$t.log"
    echo "fuzz: $t for ${seconds} s over $(find "$corpus" -type f | wc -l) seed inputs"
    if TMPDIR="$scratch" "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 \
        -timeout=25 -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1; then
        grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true
    else
        failed+=("$t")
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written to' "$log" | head -20 >&2 || true
        for reproducer in "$artifacts"*; do
            if [[ -f "$reproducer" ]]; then
                echo "fuzz: $t: reproducer $reproducer (run: $build/tests/fuzz/fuzz_$t $reproducer)" >&2
            fi
        done
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: FAILED: ${failed[*]} (logs in $build/fuzz-artifacts/)" >&2
    exit 1
fi
echo "fuzz: every target ran ${seconds} s without a finding"
