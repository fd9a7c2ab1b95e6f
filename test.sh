#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds with tests (warnings as errors) and runs every test through ctest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

fail() { echo "test.sh: $*" >&2; exit 1; }

./packaging/install-deps.sh || fail "could not install the build dependencies (see above)"
echo "test.sh: configuring (build/test)"
cmake --preset test >build-test.log 2>&1 || { cat build-test.log >&2; fail "cmake configure failed"; }
echo "test.sh: building"
cmake --build --preset test >>build-test.log 2>&1 || { tail -60 build-test.log >&2; fail "the build failed (full log: build-test.log)"; }
rm -f build-test.log
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
ctest --preset test
