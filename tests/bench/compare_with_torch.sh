#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The speed targets of the core, measured side by side in one run on this machine: kdw bench and
# the PyTorch peer (../shared/bench/torch_reference.py) on the same three jobs of WORKLOAD.md.
# Not part of ./test.sh (it takes about two minutes). Needs python3-torch (Debian) for the peer.
#
# usage: tests/bench/compare_with_torch.sh [BUILD_DIR] [--ratings FILE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build="${1:-build/release}"
shift || true
kdw="$build/app/kdw"
peer="../shared/bench/torch_reference.py"
[[ -x "$kdw" ]] || { echo "compare: $kdw not found; build first (./run.sh or cmake --build --preset release)" >&2; exit 1; }
[[ -f "$peer" ]] || { echo "compare: the peer $peer is missing (../shared beside the checkout)" >&2; exit 1; }
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "compare: PyTorch is missing: apt-get install python3-torch" >&2; exit 1; }

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "build:   $build ($(grep -m1 CMAKE_BUILD_TYPE "$build/CMakeCache.txt" | cut -d= -f2), KDW_NATIVE=$(grep -m1 KDW_NATIVE "$build/CMakeCache.txt" | cut -d= -f2))"
json="$("$kdw" bench --threads 2 --json "$@")"
echo "$json" > "${TMPDIR:-/tmp}/kdw-bench.json"
gemm=$(python3 -c "import json,sys; print('%.1f' % json.load(open(sys.argv[1]))['gemm_256x128x256_gflops'])" "${TMPDIR:-/tmp}/kdw-bench.json")
echo "Eigen float GEMM 256x128x256 on 2 threads: $gemm GFLOP/s"
printf '%-8s %14s %14s %8s %12s\n' job kdw_ex/s torch_ex/s ratio "% of GEMM"
for job in teacher student kd; do
    ours=$(python3 -c "import json,sys; print('%.0f' % json.load(open(sys.argv[1]))['jobs'][sys.argv[2]]['examples_per_s'])" "${TMPDIR:-/tmp}/kdw-bench.json" "$job")
    frac=$(python3 -c "import json,sys; print('%.0f' % (100*json.load(open(sys.argv[1]))['jobs'][sys.argv[2]]['fraction_of_gemm']))" "${TMPDIR:-/tmp}/kdw-bench.json" "$job")
    theirs=$(/usr/bin/python3 "$peer" --job "$job" --threads 2 "$@" | sed -n 's/.*examples_per_s=\([0-9]*\).*/\1/p')
    ratio=$(python3 -c "print('%.1fx' % ($ours / $theirs))")
    printf '%-8s %14s %14s %8s %11s%%\n' "$job" "$ours" "$theirs" "$ratio" "$frac"
done
