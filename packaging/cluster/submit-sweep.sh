#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Submits a kdw sweep to Slurm as N shards and merges them: a job array of N tasks
# (kdw-shard.sbatch, task I runs `kdw sweep ... --shard I/N --db OUTDIR/shard-I.sqlite`), then one
# merge job (kdw-merge.sbatch) that starts only when every task succeeded (afterok) and is
# cancelled when one failed (--kill-on-invalid-dep). The result is OUTDIR/merged.sqlite: the same
# runs as the sweep run on one machine.
#
# usage: packaging/cluster/submit-sweep.sh -n N -o OUTDIR [-- SBATCH-OPTIONS...] -- SWEEP-ARGS...
#   e.g. submit-sweep.sh -n 4 -o /scratch/kd-grid -- --config base.json --name grid \
#          --grid distillation.temperature=1,2,4,8 --seeds 0,1,2
# Extra sbatch options (partition, account, time) go in $KDW_SBATCH_OPTIONS, split on spaces.
# OUTDIR must be on a file system every node sees. kdw is $KDW, else the kdw on PATH.
# Prints the two job ids; the last line is "ARRAYJOB MERGEJOB" for scripts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
n=""
outdir=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    -n) n="$2"; shift 2 ;;
    -o) outdir="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "submit-sweep: unknown argument '$1' (usage: $0 -n N -o OUTDIR -- SWEEP-ARGS...)" >&2; exit 2 ;;
    esac
done
if [[ ! "$n" =~ ^[1-9][0-9]*$ || -z "$outdir" || $# -eq 0 ]]; then
    echo "submit-sweep: usage: $0 -n N -o OUTDIR -- SWEEP-ARGS..." >&2
    exit 2
fi
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
read -r -a extra <<<"${KDW_SBATCH_OPTIONS:-}"

array="$(sbatch --parsable "${extra[@]}" --array="0-$((n - 1))" --chdir="$outdir" \
    "$here/kdw-shard.sbatch" "$outdir" "$@")"
array="${array%%;*}"
merge="$(sbatch --parsable "${extra[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --chdir="$outdir" "$here/kdw-merge.sbatch" "$outdir" "$n")"
merge="${merge%%;*}"
echo "submit-sweep: job array $array ($n shards into $outdir/shard-I.sqlite), merge job $merge into $outdir/merged.sqlite"
echo "$array $merge"
