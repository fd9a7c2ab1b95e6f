#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds a Release build and opens KD Workbench on the bundled demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

step() { echo "run.sh: $*"; }
fail() { echo "run.sh: $*" >&2; exit 1; }

./packaging/install-deps.sh || fail "could not install the build dependencies (see above)"
step "configuring (build/release)"
cmake --preset release >build-release.log 2>&1 || { cat build-release.log >&2; fail "cmake configure failed"; }
step "building"
cmake --build --preset release >>build-release.log 2>&1 || { tail -40 build-release.log >&2; fail "the build failed (full log: build-release.log)"; }
rm -f build-release.log

demo="resources/examples/demo.json"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && "${QT_QPA_PLATFORM:-}" != "offscreen" ]]; then
    echo "run.sh: no display found; the same demo runs headless with: build/release/app/kdw train --config $demo"
    exit 0
fi
step "starting KD Workbench"
exec build/release/app/kdworkbench --config "$demo" "$@"
