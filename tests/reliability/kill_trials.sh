#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SIGKILL trials (issue 17): kills `kdw train` and `kdw sweep --jobs 4` at random moments and checks
# what a killed process leaves behind:
#   1. every history passes PRAGMA integrity_check;
#   2. no epoch that kdw printed before the kill is missing from the history (kdw train prints each
#      epoch after it is committed; kdw sweep prints a run's line after its last epoch is);
#   3. the killed runs are marked 'interrupted' when the history is next opened (kdw runs), and no
#      run is left 'running'.
# Trials alternate train and sweep; every third trial starts on a new history (so that kills also
# land while the file is created and switched to WAL), the others add to the mode's shared history.
#
# Usage: kill_trials.sh KDW TRIALS [WORKDIR] [MAX_DELAY_S]
#   KDW          the kdw binary
#   TRIALS       number of trials (the issue's figure: 50; the ctest runs 6)
#   WORKDIR      where the histories and logs go (default: a new temporary folder, removed when
#                every trial passed)
#   MAX_DELAY_S  the latest kill of a kdw train, in seconds after the start (default 8.0; twice
#                that for a sweep); each kill is uniform in [0.02, the latest]
# Prints one line per trial and a summary; exits 1 when any check failed.
set -u

KDW=${1:?usage: kill_trials.sh KDW TRIALS [WORKDIR] [MAX_DELAY_S]}
TRIALS=${2:?usage: kill_trials.sh KDW TRIALS [WORKDIR] [MAX_DELAY_S]}
WORK=${3:-}
MAX_DELAY=${4:-8.0}
command -v sqlite3 >/dev/null || { echo "kill_trials: needs the sqlite3 command (apt-get install sqlite3)"; exit 1; }
KEEP=1
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d /tmp/kdw-kill-trials.XXXXXX)
    KEEP=0
fi
mkdir -p "$WORK"

# A small experiment that takes a few seconds: kills land in data preparation, the teacher, the
# student, between runs and while a run is finished.
COMMON=(--set dataset.synthetic.users=300 --set dataset.synthetic.items=400 --set threads=1)
TRAIN=(--set teacher.training.epochs=6 --set student.training.epochs=4)
# A sweep of 8 shorter runs, 4 at once: the 4 teachers ('none') finish while the 4 students
# that borrow them train.
SWEEP=(--set teacher.training.epochs=3 --set student.training.epochs=2)
STUDENT_EPOCHS=2

failures=0
killed_runs=0
printed_epochs=0
printed_runs=0
sum() { sqlite3 "$1" "$2" 2>&1; }

check_history() { # db log mode -> prints problems; returns their count
    local db=$1 log=$2 mode=$3 problems=0
    [ -f "$db" ] || return 0 # killed before the file existed
    local ic
    ic=$(sum "$db" "PRAGMA integrity_check")
    if [ "$ic" != "ok" ]; then
        echo "    integrity_check: $ic"; problems=$((problems + 1))
    fi
    if [ "$mode" = train ]; then
        local run
        run=$(sed -n 's/^run \([0-9][0-9]*\) ".*" -> .*/\1/p' "$log" | tail -1)
        if [ -n "$run" ]; then
            while read -r phase epoch; do
                printed_epochs=$((printed_epochs + 1))
                local n
                n=$(sum "$db" "SELECT count(*) FROM epoch_metrics WHERE run_id=$run AND phase='$phase' AND epoch=$epoch")
                if [ "$n" = 0 ]; then
                    echo "    run $run: printed $phase epoch $epoch is missing"; problems=$((problems + 1))
                fi
            done < <(sed -n 's/^\(teacher\|student\) epoch *\([0-9][0-9]*\)\/.*/\1 \2/p' "$log")
        fi
    else
        while read -r run; do
            printed_runs=$((printed_runs + 1))
            local st ep
            st=$(sum "$db" "SELECT status FROM runs WHERE id=$run")
            ep=$(sum "$db" "SELECT count(DISTINCT epoch) FROM epoch_metrics WHERE run_id=$run AND phase='student'")
            if [ "$st" != finished ] || [ "$ep" != "$STUDENT_EPOCHS" ]; then
                echo "    run $run: printed finished, stored '$st' with $ep student epoch(s)"; problems=$((problems + 1))
            fi
        done < <(sed -n 's/^\[[0-9]*\/[0-9]*\] run \([0-9][0-9]*\) .*: finished.*/\1/p' "$log")
    fi
    # The next open marks the killed runs interrupted: none may stay 'running'.
    local before
    before=$(sum "$db" "SELECT count(*) FROM runs WHERE status IN ('running','queued')")
    if ! "$KDW" runs --db "$db" --json >/dev/null 2>"$db.open.err"; then
        echo "    kdw runs failed: $(head -c 300 "$db.open.err")"; problems=$((problems + 1))
    fi
    local after
    after=$(sum "$db" "SELECT count(*) FROM runs WHERE status IN ('running','queued')")
    if [ "$after" != 0 ]; then
        echo "    $after run(s) still running after the history was reopened"; problems=$((problems + 1))
    fi
    killed_runs=$((killed_runs + before))
    return "$problems"
}

start=$(date +%s)
for ((i = 1; i <= TRIALS; i++)); do
    if ((i % 2)); then mode=train; else mode=sweep; fi
    if ((i % 3 == 1)); then db="$WORK/new-$i.sqlite"; else db="$WORK/shared-$mode.sqlite"; fi
    log="$WORK/trial-$i.log"
    max=$MAX_DELAY
    [ "$mode" = sweep ] && max=$(awk -v m="$MAX_DELAY" 'BEGIN { print 2 * m }') # 8 runs: longer
    delay=$(awk -v seed="$RANDOM$i" -v max="$max" 'BEGIN { srand(seed); printf "%.2f", 0.02 + rand() * (max - 0.02) }')
    if [ "$mode" = train ]; then
        "$KDW" train --db "$db" "${COMMON[@]}" "${TRAIN[@]}" >"$log" 2>&1 &
    else
        "$KDW" sweep --db "$db" --name "kill-$i" --jobs 4 --seeds 0,1,2,3 --methods none,soft_target \
            "${COMMON[@]}" "${SWEEP[@]}" >"$log" 2>&1 &
    fi
    pid=$!
    sleep "$delay"
    if kill -KILL "$pid" 2>/dev/null; then how="killed after ${delay}s"; else how="ended before ${delay}s"; fi
    wait "$pid" 2>/dev/null
    check_history "$db" "$log" "$mode" >"$WORK/check-$i.txt" # not in $(...): it counts
    rc=$?
    out=$(cat "$WORK/check-$i.txt")
    if [ "$rc" = 0 ]; then
        echo "trial $i ($mode, $(basename "$db")): $how: ok"
    else
        failures=$((failures + 1))
        echo "trial $i ($mode, $(basename "$db")): $how: FAILED"
        echo "$out"
    fi
done
secs=$(($(date +%s) - start))
dbs=$(ls "$WORK"/*.sqlite 2>/dev/null | wc -l)
echo "kill trials: $TRIALS trial(s) in ${secs} s, $failures failed; $dbs histories checked;" \
     "$printed_epochs printed epoch(s) and $printed_runs printed finished sweep run(s) all found;" \
     "$killed_runs run(s) left running by a kill, none still running on reopening"
if [ "$failures" = 0 ] && [ "$KEEP" = 0 ]; then
    rm -rf "$WORK"
fi
[ "$failures" = 0 ]
