#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The sanitizer stage of CI (issue 17):
#   asan  every test of the suite (ctest --preset asan) built with AddressSanitizer and
#         UndefinedBehaviorSanitizer (KDW_SANITIZE=address, -O1 -g): a leak, a bad access or
#         undefined behaviour fails its test; time limits x3;
#   tsan  the concurrency tests (label concurrency: store writers, the run queue, sweeps with
#         --jobs, the cross-process history, pausing) built with ThreadSanitizer; time limits x5.
# Builds only what the tests run (the test executables and kdw), two jobs at a time.
# Usage: packaging/ci/sanitizers.sh [asan] [tsan]   (both when none is named)
# Prints one summary line per preset (ctest's, with the build and test times) and exits non-zero
# if a build or a test failed. Suppressions (third-party frames only): tests/sanitizers/*.supp.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export QT_QPA_PLATFORM=offscreen

presets=("$@")
[[ ${#presets[@]} -eq 0 ]] && presets=(asan tsan)

logdir="$(mktemp -d)"
trap 'rm -rf "$logdir"' EXIT
summary=()
failed=0

# The targets a preset's tests need. tsan: the custom target kdw_concurrency_tests
# (tests/sanitizers/sanitizers.cmake). asan: kdw, kdworkbench (the ui.launch_* tests start it)
# and every program of the build but the benchmarks and the screenshot helpers (which no test
# runs); a new test's program is included.
targets_of() {
    local preset="$1" dir="build/$1"
    if [[ $preset == tsan ]]; then
        echo kdw_concurrency_tests
        return
    fi
    cmake --build "$dir" --target help | sed -n 's/^\.\.\. //p' | sed 's/ .*//' | grep -vE \
        '^(all|clean|depend|test|install.*|list_install_components|package.*|rebuild_cache|edit_cache)$|_autogen$|^(kdcore|kdui|kdw_package_docs|kdw_concurrency_tests|stall_bench)$|^bench_|_screens$'
}

for preset in "${presets[@]}"; do
    t0=$(date +%s)
    echo "sanitizers: $preset: configure and build"
    if ! cmake --preset "$preset" >"$logdir/$preset-configure.log" 2>&1; then
        tail -30 "$logdir/$preset-configure.log"
        summary+=("sanitizers: $preset: configure FAILED")
        failed=1
        continue
    fi
    mapfile -t targets < <(targets_of "$preset")
    if ! cmake --build "build/$preset" -j2 --target "${targets[@]}" >"$logdir/$preset-build.log" 2>&1; then
        grep -E "error|Error" "$logdir/$preset-build.log" | head -30
        summary+=("sanitizers: $preset: build FAILED after $(($(date +%s) - t0)) s")
        failed=1
        continue
    fi
    t1=$(date +%s)
    echo "sanitizers: $preset: build took $((t1 - t0)) s; running ctest --preset $preset"
    ctest --preset "$preset" 2>&1 | tee "$logdir/$preset-test.log"
    rc=${PIPESTATUS[0]}
    t2=$(date +%s)
    result=$(grep -E "tests passed" "$logdir/$preset-test.log" | tail -1)
    [[ $rc -ne 0 ]] && failed=1
    summary+=("sanitizers: $preset: ${result:-no test ran} (build $((t1 - t0)) s, tests $((t2 - t1)) s)")
done

printf '%s\n' "${summary[@]}"
echo "sanitizers: load: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
