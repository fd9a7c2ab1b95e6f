#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds with tests (warnings as errors) and runs every test through ctest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

./packaging/build.sh test test.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
ctest --preset test
