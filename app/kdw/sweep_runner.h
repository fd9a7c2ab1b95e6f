// SPDX-License-Identifier: MIT
// kdw sweep's executor: trains the planned runs of one process (all of them, or one shard's) on
// up to `jobs` worker threads, a run as soon as the run that trains its teacher has finished,
// skipping every run the history already holds finished (so a stopped sweep resumes where it
// stopped). No exception leaves a worker thread: each worker's whole body, opening its own
// history connection included, is inside its try, and a failure is counted and printed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/experiment/sweep.h"

namespace kdw::cli {

struct SweepTally {
    int finished = 0; // trained to the end by this invocation
    int skipped = 0; // already finished in the history
    int failed = 0; // failed, diverged, or not started because their teacher run failed
    int cancelled = 0; // stopped by Ctrl-C, or never started after it
};

struct SweepExecution {
    const std::vector<experiment::PlannedRun>* plan = nullptr;
    std::vector<std::size_t> runs; // the plan indices this process trains, in plan order
    std::vector<std::size_t> borrowed; // those of them that belong to another shard
    experiment::Shard shard;
    std::string dbPath;
    std::int64_t sweepId = 0;
    int jobs = 1;
    // One line per run as it ends (any worker thread; calls are serialised).
    std::function<void(const std::string&)> say;
};

// Trains the runs; returns when all have ended or, after a stop (Ctrl-C), when the running ones
// have stopped. Throws StoreError only when the history cannot be read before any run starts.
SweepTally executeSweep(const SweepExecution& e);

} // namespace kdw::cli
