#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The set-up shared by ./run.sh and ./test.sh: install what is missing, configure and build one
# CMake preset (release or test). A second call rebuilds only what changed.
# usage: packaging/build.sh PRESET CALLER
set -euo pipefail
preset="$1"
caller="${2:-build.sh}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() { echo "$caller: $*" >&2; exit 1; }

./packaging/install-deps.sh || fail "could not install the build dependencies (see above)"
log="build-$preset.log"
echo "$caller: configuring (build/$preset)"
cmake --preset "$preset" >"$log" 2>&1 || { cat "$log" >&2; fail "cmake configure failed"; }
echo "$caller: building"
cmake --build --preset "$preset" >>"$log" 2>&1 || { tail -60 "$log" >&2; fail "the build failed (full log: $log)"; }
rm -f "$log"
