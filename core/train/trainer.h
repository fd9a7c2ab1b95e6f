// SPDX-License-Identifier: MIT
// The trainer: a teacher phase (train one, or use weights the caller loaded from the history), then
// a student phase whose loss is the config's distillation method, with validation metrics after
// every epoch. Synchronous and thread-agnostic: the caller owns the thread, hands in callbacks and
// a stop token, and persists what the callbacks report.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/train/config.h"
#include "core/train/epoch_record.h"
#include "core/train/experiment_data.h"
#include "core/train/vocabulary.h"

namespace kdw::train {

// A finished run's state is one of the vocabulary's run states (finished, cancelled, diverged);
// the old name stays for existing callers.
using RunStatus = RunState;

struct TrainerCallbacks {
    std::function<void(const std::string& phase)> phaseStarted;
    std::function<void(const EpochRecord&)> epochFinished;
    std::function<void(const BatchProgress&)> batchProgress; // at most ~10 times a second
    // Checked before every batch: while it is paused the run waits there, holding no core (not
    // owned; may be null). Paused time counts in no speed, epoch time or ETA.
    PauseGate* pause = nullptr;
    // Called once, as soon as the run has trained its teacher (not when it loaded one) and before
    // the student phase starts, with the teacher's weights (nn/weights_format.h's blob): so that
    // the teacher can be saved, and shared with other runs, while this run's student still trains.
    std::function<void(const std::vector<std::uint8_t>& teacherWeights)> teacherTrained;
};

struct TrainResult {
    RunStatus status = RunStatus::Finished;
    // Why a run diverged, then the data's warnings and notes (Trainer::warnings()), "; "-joined;
    // a finished run with a message finished with warnings.
    std::string message;
    std::vector<EpochRecord> epochs;
    bool teacherTrained = false;
    std::vector<std::uint8_t>
        teacherWeights; // empty when the run stopped before the teacher was ready
    std::vector<std::uint8_t> studentWeights; // empty when the student phase never started
    int bestStudentEpoch = 0; // by the early-stopping metric, or ndcg@10 / auc
    std::vector<std::uint8_t> bestStudentWeights;
};

class Trainer {
public:
    // Prepares the data (reads files: not on a GUI thread) and validates the config against it.
    // Throws ConfigError / DataError when the config or the data make training or evaluation
    // impossible.
    explicit Trainer(ExperimentConfig config);
    // The same, preparing the data with `stop` honoured: throws Cancelled when it is requested
    // while the data is generated or read (nothing is recorded yet).
    Trainer(ExperimentConfig config, const StopToken& stop);
    Trainer(ExperimentConfig config, ExperimentData data);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    // Use these weights for the teacher instead of training one (from a saved run). Throws
    // Error if they do not fit the config's teacher model on this dataset.
    void setTeacherWeights(const std::vector<std::uint8_t>& weights);

    // Runs both phases. Cancellation is honoured within one batch; a cancelled or diverged run
    // returns what it completed. Throws Error for anything else.
    TrainResult run(const TrainerCallbacks& callbacks, const StopToken& stop);

    [[nodiscard]] const ExperimentConfig& config() const { return m_config; }
    [[nodiscard]] const ExperimentData& data() const { return m_data; }
    // What makes this run's evaluation partly meaningless (evaluationWarnings), then what the
    // reader decided about the file (Dataset::notes); each a sentence. Stored as the run's message.
    [[nodiscard]] const std::vector<std::string>& warnings() const { return m_warnings; }

private:
    struct Impl;
    ExperimentConfig m_config;
    ExperimentData m_data;
    std::vector<std::string> m_warnings;
    std::unique_ptr<Impl> m_impl;
};

} // namespace kdw::train
