// SPDX-License-Identifier: MIT
#include "core/store/run_recorder.h"

#include <chrono>

#include "core/common/error.h"

namespace kdw::store {

RecordedRun runAndRecord(History& history, const train::ExperimentConfig& config,
                         const train::TrainerCallbacks& callbacks, const StopToken& stop,
                         const RunCreated& created)
{
    const auto start = std::chrono::steady_clock::now();
    train::ExperimentConfig effective = config;
    std::optional<std::int64_t> teacherRun;
    std::vector<std::uint8_t> teacherWeights;
    if (config.teacher.fromRun) {
        // The run named, or the run it took its own teacher from: the one that saved the weights.
        teacherRun = history.resolveRun(*config.teacher.fromRun);
        std::optional<std::vector<std::uint8_t>> weights;
        for (int hops = 0; hops < 32; ++hops) {
            weights = history.loadCheckpoint(*teacherRun, "teacher");
            const auto source = history.run(*teacherRun);
            if (weights || !source->summary.teacherRun) {
                break;
            }
            teacherRun = *source->summary.teacherRun;
        }
        if (!weights) {
            throw ConfigError("config: 'teacher.from_run' names run " + *config.teacher.fromRun +
                              ", which saved no teacher");
        }
        teacherWeights = std::move(*weights);
        // The teacher brings its architecture and training with it: the run records those.
        try {
            const auto source = train::configFromJson(history.run(*teacherRun)->configJson);
            effective.teacher.model = source.teacher.model;
            effective.teacher.training = source.teacher.training;
        } catch (const ConfigError&) {
            // An imported run whose config this build cannot read: keep the caller's teacher spec.
        }
    }
    train::Trainer trainer(effective);
    const auto& dataset = trainer.data().dataset;
    if (teacherRun) {
        const auto source = history.run(*teacherRun);
        if (source->datasetFingerprint != dataset.fingerprint() ||
            source->catalogueFingerprint != dataset.catalogueFingerprint()) {
            throw ConfigError("config: 'teacher.from_run' names run " + std::to_string(*teacherRun) +
                              ", whose teacher was trained on another dataset or item catalogue");
        }
        try {
            trainer.setTeacherWeights(teacherWeights);
        } catch (const Error& e) {
            throw ConfigError("config: the teacher of run " + std::to_string(*teacherRun) +
                              " does not fit 'teacher.model': " + e.what());
        }
    }

    NewRun row;
    row.configJson = train::configToJson(effective);
    row.name = config.name;
    row.method = config.distillation.method;
    row.seed = config.seed;
    row.datasetFingerprint = dataset.fingerprint();
    row.catalogueFingerprint = dataset.catalogueFingerprint();
    row.teacherRun = teacherRun;
    RecordedRun out;
    out.runId = history.createRun(row);
    if (created) {
        created(out.runId);
    }

    train::TrainerCallbacks cb = callbacks;
    cb.epochFinished = [&](const train::EpochRecord& e) {
        history.appendEpoch(out.runId, e); // durable before anyone is told
        if (callbacks.epochFinished) {
            callbacks.epochFinished(e);
        }
    };
    const auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    try {
        out.result = trainer.run(cb, stop);
        const auto& r = out.result;
        if (r.teacherTrained && !r.teacherWeights.empty()) {
            history.saveCheckpoint(out.runId, "teacher", effective.teacher.training.epochs, r.teacherWeights);
        }
        if (!r.studentWeights.empty()) {
            int last = 0;
            for (const auto& e : r.epochs) {
                last = e.phase == "student" ? e.epoch : last;
            }
            history.saveCheckpoint(out.runId, "student", last, r.studentWeights);
        }
        if (!r.bestStudentWeights.empty()) {
            history.saveCheckpoint(out.runId, "student_best", r.bestStudentEpoch, r.bestStudentWeights);
        }
        history.finishRun(out.runId, train::toString(r.status), seconds(), r.message);
    } catch (const std::exception& e) {
        try {
            history.finishRun(out.runId, "failed", seconds(), e.what());
        } catch (const std::exception&) {
            // The original error is the one worth reporting.
        }
        throw;
    }
    return out;
}

} // namespace kdw::store
