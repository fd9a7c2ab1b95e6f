#!/bin/sh
# SPDX-License-Identifier: MIT
# A sweep over soft targets' temperature and weight: 4 temperatures x 2 alphas x 3 seeds on the
# demo's setting. Per seed one teacher (trained by the run of method none, which is also the
# student alone every point is compared with) and 8 distilled students: 27 runs. Stopped with
# Ctrl-C, the same command resumes it; --shard I/N splits it over N machines (packaging/cluster).
# Then: kdw report temperature-alpha  (mean ± sd over seeds, and each point's 95% interval
# against the student alone).
set -e
here=$(dirname "$0")
exec "${KDW:-kdw}" sweep --config "$here/method-soft_target.json" --name temperature-alpha \
    --grid distillation.temperature=1,2,4,8 --grid distillation.alpha=0.3,0.7 \
    --seeds 0,1,2 --jobs 2 "$@"
