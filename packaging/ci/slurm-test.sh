#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI's Slurm test (issue 16, item 3): runs packaging/cluster/ on a real one-node Slurm cluster.
#
# Starts, as root, under a temporary folder of its own: munged (a fresh key, its own socket), then
# slurmctld and slurmd with a private slurm.conf (non-default ports, state, spool, pid and log files
# there; the node is this host with the CPUs and memory `slurmd -C` reads; no cgroups:
# proctrack/linuxproc, task/none). Then:
#   1. submit-sweep.sh submits a 2-task job array, one `kdw sweep ... --shard I/2` each, and the
#      dependent merge job; the test waits for the merge job;
#   2. the same sweep runs unsharded on this machine;
#   3. the merged history must hold the same runs as the unsharded one with the same metrics:
#      `kdw runs --json` of both, less ids, uuids and times, with teacher links as run names;
#   4. parallel-ssh.sh runs the same 2 shards through GNU Parallel on the ':' login (this machine)
#      and its merge must match too.
# Daemons are stopped and the folder removed at exit, whatever happens. When a daemon cannot start,
# the test fails with that daemon's own log; it never skips. Needs slurm-wlm, munge, parallel and
# jq (packaging/deps-ci.txt).
# usage: packaging/ci/slurm-test.sh [BUILD_DIR]   (default build/test; its app/kdw is used)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "${1:-$repo/build/test}" && pwd)"
export KDW="$build/app/kdw"
say() { echo "slurm-test: $*"; }
step="checking the machine"
tmp=""
daemons=(slurmd slurmctld munged)

show_logs() {
    [[ -n "$tmp" ]] || return 0
    for f in "$tmp"/log/*.log "$tmp"/work/cluster/*.out; do
        [[ -f "$f" ]] || continue
        echo "slurm-test: ---- $f (last 40 lines) ----" >&2
        tail -n 40 "$f" >&2
    done
}
teardown() {
    local rc=$?
    if [[ -n "$tmp" ]]; then
        [[ $rc -eq 0 ]] || show_logs
        for d in "${daemons[@]}"; do
            local pid=""
            [[ -s "$tmp/run/$d.pid" ]] && pid="$(cat "$tmp/run/$d.pid")"
            if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
                kill "$pid" 2>/dev/null || true
                for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                kill -9 "$pid" 2>/dev/null || true
            fi
        done
        rm -rf "$tmp"
    fi
    [[ $rc -eq 0 ]] || echo "slurm-test: FAILED at step: $step (exit $rc)" >&2
    exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM HUP PIPE
fail() { echo "slurm-test: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || fail "must run as root (munged, slurmctld and slurmd run as root here)"
for tool in munged slurmctld slurmd sbatch squeue scontrol parallel jq; do
    command -v "$tool" >/dev/null || fail "$tool is missing: install packaging/deps-ci.txt (packaging/install-deps.sh packaging/deps-ci.txt)"
done
[[ -x "$KDW" ]] || fail "$KDW is missing: build first (./test.sh)"
"$KDW" sweep --help | grep -q -- "--shard" || fail "$KDW sweep has no --shard option"

# A free TCP port on 127.0.0.1 above 20000, none of Slurm's defaults (6817-6819).
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "no free port found"
}

step="munged"
tmp="$(mktemp -d /tmp/kdw-slurm-test.XXXXXX)"
# munged wants every folder above its socket searchable by all, and its key private.
chmod 755 "$tmp"
mkdir -p "$tmp"/{munge,key,state,spool,log,run,work}
chmod 700 "$tmp/key"
dd if=/dev/urandom of="$tmp/key/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/key/munge.key"
socket="$tmp/munge/munge.socket"
munged --key-file="$tmp/key/munge.key" --socket="$socket" --pid-file="$tmp/run/munged.pid" \
    --log-file="$tmp/log/munged.log" --seed-file="$tmp/key/munged.seed" \
    || fail "munged did not start"
munge -S "$socket" -n | unmunge -S "$socket" >/dev/null || fail "munge credentials do not decode"

step="slurm.conf"
host="$(hostname -s)"
# "NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105"
node="$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/")"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=kdwtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
$node State=UNKNOWN
PartitionName=kdwtest Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

step="slurmctld"
slurmctld -c -f "$SLURM_CONF" || fail "slurmctld did not start"
step="slurmd"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
step="waiting for the node to be idle"
for _ in $(seq 60); do
    [[ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" == idle ]] && break
    sleep 0.5
done
[[ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" == idle ]] || fail "the node did not come up idle: $(sinfo 2>&1)"
say "one-node cluster up: $(sinfo -h -o '%P %a %D %t %N %c CPUs')"

# The sweep: 2 methods x 2 seeds on a small synthetic set, each run a second or so.
work="$tmp/work"
cat >"$work/small.json" <<'JSON'
{
  "name": "slurm test", "seed": 1, "threads": 1,
  "dataset": { "source": "synthetic", "eval_negatives": 49,
               "synthetic": { "users": 150, "items": 200, "latent_dim": 6, "density": 0.08, "seed": 5 } },
  "teacher": { "model": { "embedding_dim": 16, "interaction": "mlp",
                          "layers": [ { "units": 32, "activation": "relu" }, { "units": 16, "activation": "relu" } ] },
               "training": { "epochs": 4, "learning_rate": 0.01 } },
  "student": { "model": { "embedding_dim": 4, "interaction": "mlp", "layers": [ { "units": 8, "activation": "relu" } ] },
               "training": { "epochs": 3, "learning_rate": 0.01 } },
  "distillation": { "method": "soft_target", "temperature": 2.0, "alpha": 0.5 },
  "eval": { "k": [5, 10] }
}
JSON
sweep=(--config "$work/small.json" --name slurmtest --methods none,soft_target --seeds 0,1)

step="submitting the job array and the merge job"
t0=$(date +%s)
ids="$("$repo/packaging/cluster/submit-sweep.sh" -n 2 -o "$work/cluster" -- "${sweep[@]}" | tail -1)"
read -r array merge <<<"$ids"
say "submitted job array $array (2 shards) and merge job $merge (afterok:$array)"
step="waiting for the merge job $merge"
state=""
for _ in $(seq 600); do
    state="$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)"
    case "$state" in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) break ;; esac
    sleep 1
done
for task in 0 1; do
    say "array task $task: $(scontrol show job "${array}_$task" 2>/dev/null | grep -o 'JobState=[A-Z_]* Reason=[^ ]*' || echo 'gone')"
done
[[ "$state" == COMPLETED ]] || fail "the merge job ended '$state'"
say "the array and the merge finished in $(($(date +%s) - t0)) s; the merge job said: $(tail -n 3 "$work"/cluster/kdw-merge-*.out | tr '\n' ' ')"

step="the same sweep unsharded"
t0=$(date +%s)
"$KDW" sweep "${sweep[@]}" --db "$work/unsharded.sqlite" >"$work/unsharded.log" 2>&1 \
    || { cat "$work/unsharded.log" >&2; fail "the unsharded sweep failed"; }
say "unsharded sweep: $(($(date +%s) - t0)) s"

# The runs of a history as comparable JSON, sorted by name, without what differs between two
# histories of the same runs (ids, uuids, dates, durations, the timing metrics seconds and
# examples_per_s), the teacher link as the teacher's name. A shard that trains a teacher planned in
# another shard names it "<planned name> · teacher for shard I/N" (outside the sweep); such a run
# is named here as the planned run it repeats, and must then be identical to it: equal entries
# collapse (jq unique), so a borrowed teacher with any other metric would show as an extra run.
runs_of() {
    "$KDW" runs --json --db "$1" | jq -S 'def planned: sub(" · teacher for shard [0-9]+/[0-9]+$"; "");
        (.runs | map({(.id | tostring): .name}) | add) as $names
        | [.runs[] | .teacher = (if .teacher_run then ($names[.teacher_run | tostring] | planned) else null end)
           | .name |= planned | .final_metrics |= del(.seconds, .examples_per_s)
           | del(.id, .uuid, .created_at, .finished_at, .duration_s, .teacher_run, .sweep_id)]
        | unique | sort_by(.name)'
}
table_of() {
    "$KDW" runs --json --db "$1" | jq -r '(.runs | map({(.id | tostring): .name}) | add) as $names
        | .runs | sort_by(.name)[] | "slurm-test: | \(.name) | \(if .sweep_id then "member" else "not a member" end) | teacher: \(if .teacher_run then $names[.teacher_run | tostring] else "-" end) | hr@10 \(.final_metrics["hr@10"]) | ndcg@10 \(.final_metrics["ndcg@10"])"'
}
members_of() {
    "$KDW" runs --sweep slurmtest --json --db "$1" | jq '.runs | length'
}

step="comparing the merged history with the unsharded sweep"
merged_db="$work/cluster/merged.sqlite"
say "merged history: $("$KDW" runs --json --db "$merged_db" | jq '.runs | length') runs, $(members_of "$merged_db") of them in sweep slurmtest:"
table_of "$merged_db"
say "unsharded history: $("$KDW" runs --json --db "$work/unsharded.sqlite" | jq '.runs | length') runs, $(members_of "$work/unsharded.sqlite") of them in sweep slurmtest:"
table_of "$work/unsharded.sqlite"
[[ "$(members_of "$merged_db")" -eq 4 && "$(members_of "$work/unsharded.sqlite")" -eq 4 ]] \
    || fail "sweep slurmtest should have 4 members in both histories"
runs_of "$merged_db" >"$work/merged.json"
runs_of "$work/unsharded.sqlite" >"$work/unsharded.json"
if ! diff -u "$work/unsharded.json" "$work/merged.json" >"$work/diff.txt"; then
    cat "$work/diff.txt" >&2
    fail "the merged history differs from the unsharded sweep (diff above)"
fi
say "merged = unsharded: the same $(jq length "$work/merged.json") runs with the same status, method, teacher, tags and final metrics (every borrowed teacher identical to the planned one)"
for h in merged unsharded; do
    db="$work/unsharded.sqlite"
    [[ $h == merged ]] && db="$work/cluster/merged.sqlite"
    "$KDW" report --sweep slurmtest --db "$db" >"$work/report-$h.txt" 2>&1 || true
done
diff -q "$work/report-unsharded.txt" "$work/report-merged.txt" >/dev/null \
    || { diff -u "$work/report-unsharded.txt" "$work/report-merged.txt" >&2; fail "kdw report differs"; }
say "kdw report --sweep slurmtest is identical on both histories"

step="the GNU Parallel example on this machine (':')"
t0=$(date +%s)
"$repo/packaging/cluster/parallel-ssh.sh" -n 2 -o "$work/parallel" -S : -c "$work/small.json" \
    -- --name slurmtest --methods none,soft_target --seeds 0,1 >"$work/parallel.log" 2>&1 \
    || { cat "$work/parallel.log" >&2; fail "parallel-ssh.sh failed"; }
runs_of "$work/parallel/merged.sqlite" >"$work/parallel.json"
diff -u "$work/unsharded.json" "$work/parallel.json" >&2 || fail "the GNU Parallel merge differs from the unsharded sweep"
say "GNU Parallel: 2 shards merged in $(($(date +%s) - t0)) s, identical to the unsharded sweep"
step="finished"
say "passed"
