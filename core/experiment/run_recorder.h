// SPDX-License-Identifier: MIT
// Runs one experiment and records it in a history: the caller's side of a run, shared by the GUI's
// workers and kdw. Loads a saved teacher when the config names one, appends every epoch in its
// own transaction as it finishes, saves the checkpoints and the final status.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "core/common/progress.h"
#include "core/store/history.h"
#include "core/train/trainer.h"

namespace kdw::experiment {

struct RecordedRun {
    std::int64_t runId = 0;
    train::TrainResult result;
};

// Called once the run's row exists (before the first epoch), with its id.
using RunCreated = std::function<void(std::int64_t runId)>;

// Throws ConfigError / DataError / StoreError before the run is created when the config, the
// data or the teacher it names cannot be used; a failure after that marks the run 'failed' with
// the message, then rethrows. A run given `sweepId` (History::ensureSweep) is created as a member
// of that sweep.
RecordedRun runAndRecord(store::History& history, const train::ExperimentConfig& config,
    const train::TrainerCallbacks& callbacks, const StopToken& stop, const RunCreated& created = {},
    std::optional<std::int64_t> sweepId = std::nullopt);

} // namespace kdw::experiment
