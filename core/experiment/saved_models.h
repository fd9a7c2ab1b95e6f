// SPDX-License-Identifier: MIT
// The models a saved run left in the history, loaded again with the data they were trained on,
// and one user's candidate list scored by them: what the GUI's temperature explorer shows.
// Reads the dataset and the database: never call it on a GUI thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/nn/model.h"
#include "core/store/history.h"
#include "core/train/config.h"
#include "core/train/experiment_data.h"

namespace kdw::experiment {

struct SavedModels {
    std::int64_t runId = 0;
    // The run whose "teacher" checkpoint holds the teacher: runId, or the run it took its teacher
    // from through 'teacher.from_run' (followed as the recorder follows it).
    std::int64_t teacherRun = 0;
    train::ExperimentConfig config; // as the run recorded it (teacher spec adopted from its source)
    train::ExperimentData data; // its dataset made implicit and split with the run's seed
    std::unique_ptr<nn::Model<float>> teacher;
    std::unique_ptr<nn::Model<float>> student; // its last student; null when it saved none
};

// The run whose "teacher" checkpoint holds the teacher run `runId` used: itself, or the run it took
// its teacher from (runAndRecord's teacherRun chain, at most 32 hops); std::nullopt when none of
// them saved one. Throws StoreError when the history cannot be read.
std::optional<std::int64_t> teacherRunOf(store::History& history, std::int64_t runId);

// Loads run `runId`'s teacher (and student) as runAndRecord saved them. Throws StoreError for an
// unknown run; ConfigError when neither the run nor the run it took its teacher from saved a
// teacher, when its config cannot be read, or when a checkpoint does not fit its config; DataError
// when its dataset file is gone, unreadable, or no longer the data the run trained on (the
// dataset fingerprint differs); Cancelled when `stop` asks between steps.
SavedModels loadSavedModels(
    store::History& history, std::int64_t runId, const StopToken& stop = {});

// One evaluated user's candidate list: the held-out positive first, then its sampled negatives
// (data::Split's evalNegatives), with every model's logits for them.
struct CandidateScores {
    std::int32_t user = 0; // dense index
    std::string userId; // as the dataset file names the user
    std::vector<std::int32_t> items; // candidates, dense indices; items[0] is the held-out positive
    std::vector<std::string> itemIds; // aligned with items
    std::vector<double> teacher; // logits z, aligned with items
    std::optional<std::vector<double>> student; // when the run saved a student
};

// The candidates of the `evalIndex`-th evaluated user (0 <= evalIndex < split.evalUsers.size()),
// scored by the saved models (forward passes without dropout). Throws std::out_of_range for an
// index outside that range.
CandidateScores scoreCandidates(SavedModels& models, std::size_t evalIndex);

} // namespace kdw::experiment
