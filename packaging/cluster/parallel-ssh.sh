#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The same sharded sweep without Slurm: GNU Parallel runs shard I of N on a set of SSH hosts (each
# with kdw installed, e.g. from the .deb), copies the config there, brings each shard's history back
# and removes what it left; then kdw merges the shards here.
#
# usage: packaging/cluster/parallel-ssh.sh -n N -o OUTDIR -S HOSTS -c CONFIG -- SWEEP-ARGS...
#   HOSTS: GNU Parallel's --sshlogin list, e.g. "2/alice@node1,2/node2" (2 jobs on each), or ":"
#   alone for this machine. CONFIG is copied to each host; SWEEP-ARGS are kdw sweep's other options:
#     parallel-ssh.sh -n 4 -o out -S node1,node2 -c base.json -- --name grid --seeds 0,1,2
# Writes OUTDIR/shard-I.sqlite and OUTDIR/merged.sqlite. kdw is $KDW, else the kdw on PATH (here
# and on the hosts).
set -euo pipefail
n=""
outdir=""
hosts=""
config=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    -n) n="$2"; shift 2 ;;
    -o) outdir="$2"; shift 2 ;;
    -S) hosts="$2"; shift 2 ;;
    -c) config="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "parallel-ssh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [[ ! "$n" =~ ^[1-9][0-9]*$ || -z "$outdir" || -z "$hosts" || ! -f "$config" ]]; then
    echo "parallel-ssh: usage: $0 -n N -o OUTDIR -S HOSTS -c CONFIG -- SWEEP-ARGS..." >&2
    exit 2
fi
kdw="${KDW:-kdw}"
mkdir -p "$outdir"
cp "$config" "$outdir/sweep-config.json"
cd "$outdir"
# On remote hosts each job runs in its own scratch folder (--workdir ...); the config goes there
# and the shard's history comes back into OUTDIR (--transferfile, --return, --cleanup). With ':'
# alone the jobs run here, in OUTDIR (a mix of ':' and hosts is not supported).
remote=(--workdir ... --transferfile sweep-config.json --return 'shard-{}.sqlite' --cleanup)
[[ "$hosts" == ":" ]] && remote=()
seq 0 $((n - 1)) | parallel -q --sshlogin "$hosts" "${remote[@]}" --halt now,fail=1 --line-buffer \
    --tagstring 'shard {}' "$kdw" sweep --config sweep-config.json "$@" --shard "{}/$n" \
    --db 'shard-{}.sqlite'
shards=()
for ((i = 0; i < n; ++i)); do
    shards+=("shard-$i.sqlite")
done
"$kdw" merge merged.sqlite "${shards[@]}"
