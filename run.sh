#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds a Release build and opens KD Workbench on the bundled demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

./packaging/build.sh release run.sh
demo="resources/examples/demo.json"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && "${QT_QPA_PLATFORM:-}" != "offscreen" ]]; then
    echo "run.sh: no display found; the same demo runs headless with: build/release/app/kdw train --config $demo"
    exit 0
fi
echo "run.sh: starting KD Workbench"
exec build/release/app/kdworkbench --config "$demo" "$@"
