// SPDX-License-Identifier: MIT
#include "core/experiment/run_recorder.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace kdw::experiment {
namespace {

// A saved teacher named by a config: the run that saved the weights and the weights.
struct SavedTeacher {
    std::int64_t run = 0;
    std::vector<std::uint8_t> weights;
};

// The run named by 'teacher.from_run', or the run it took its own teacher from: the one that saved
// the weights. Throws ConfigError when none of them saved a teacher.
SavedTeacher findSavedTeacher(store::History& history, const std::string& fromRun)
{
    std::int64_t run = history.resolveRun(fromRun);
    std::optional<std::vector<std::uint8_t>> weights;
    for (int hops = 0; hops < 32; ++hops) {
        weights = history.loadCheckpoint(run, "teacher");
        const auto source = history.run(run);
        if (weights || !source->summary.teacherRun) {
            break;
        }
        run = *source->summary.teacherRun;
    }
    if (!weights) {
        throw ConfigError(
            "config: 'teacher.from_run' names run " + fromRun + ", which saved no teacher");
    }
    return {run, std::move(*weights)};
}

// The teacher brings its architecture and training with it: the run records those.
void adoptTeacherSpec(
    store::History& history, std::int64_t teacherRun, train::ExperimentConfig& effective)
{
    try {
        const auto source = train::configFromJson(history.run(teacherRun)->configJson);
        effective.teacher.model = source.teacher.model;
        effective.teacher.training = source.teacher.training;
    } catch (const ConfigError&) {
        // An imported run whose config this build cannot read: keep the caller's teacher spec.
    }
}

// Gives the trainer the saved teacher, refusing one trained on other data or that does not fit.
void installTeacher(store::History& history, const SavedTeacher& teacher, train::Trainer& trainer)
{
    const auto& dataset = trainer.data().dataset;
    const auto source = history.run(teacher.run);
    if (source->datasetFingerprint != dataset.fingerprint()
        || source->catalogueFingerprint != dataset.catalogueFingerprint()) {
        throw ConfigError("config: 'teacher.from_run' names run " + std::to_string(teacher.run)
            + ", whose teacher was trained on another dataset or item catalogue");
    }
    try {
        trainer.setTeacherWeights(teacher.weights);
    } catch (const Error& e) {
        throw ConfigError("config: the teacher of run " + std::to_string(teacher.run)
            + " does not fit 'teacher.model': " + e.what());
    }
}

// The checkpoints a finished training leaves: the teacher it trained, the last and the best
// student.
void saveCheckpoints(store::History& history, std::int64_t runId,
    const train::ExperimentConfig& effective, const train::TrainResult& r, bool teacherSaved)
{
    if (r.teacherTrained && !r.teacherWeights.empty() && !teacherSaved) {
        history.saveCheckpoint(
            runId, "teacher", effective.teacher.training.epochs, r.teacherWeights);
    }
    if (!r.studentWeights.empty()) {
        int last = 0;
        for (const auto& e : r.epochs) {
            last = e.phase == "student" ? e.epoch : last;
        }
        history.saveCheckpoint(runId, "student", last, r.studentWeights);
    }
    if (!r.bestStudentWeights.empty()) {
        history.saveCheckpoint(runId, "student_best", r.bestStudentEpoch, r.bestStudentWeights);
    }
}

// Refuses a sweep's run whose dataset, read now, differs from the one the sweep's earlier runs of
// the same dataset settings trained on (the file was changed or replaced between them): its
// results would not be comparable with theirs (issue 17).
void refuseChangedSweepData(store::History& history, std::int64_t sweepId,
    const train::ExperimentConfig& effective, const std::string& fingerprint)
{
    store::RunQuery q;
    q.sweepId = sweepId;
    q.descending = false;
    const auto dataset = nlohmann::json::parse(train::configToJson(effective)).at("dataset");
    for (const auto& member : history.queryRuns(q).runs) {
        const auto d = history.run(member.id);
        if (!d || d->datasetFingerprint.empty() || d->datasetFingerprint == fingerprint) {
            continue;
        }
        const auto theirs = nlohmann::json::parse(d->configJson, nullptr, false);
        if (theirs.is_object() && theirs.contains("dataset") && theirs["dataset"] == dataset) {
            throw DataError("the dataset "
                + (effective.dataset.path.empty() ? effective.dataset.source
                                                  : effective.dataset.path)
                + " has changed since this sweep's earlier runs trained on it (run "
                + std::to_string(member.id)
                + "): its runs would not be comparable; start a new sweep (--name) to use it");
        }
    }
}

} // namespace

RecordedRun runAndRecord(store::History& history, const train::ExperimentConfig& config,
    const train::TrainerCallbacks& callbacks, const StopToken& stop, const RunCreated& created,
    std::optional<std::int64_t> sweepId)
{
    const auto start = std::chrono::steady_clock::now();
    train::ExperimentConfig effective = config;
    std::optional<SavedTeacher> teacher;
    if (config.teacher.fromRun) {
        teacher = findSavedTeacher(history, *config.teacher.fromRun);
        adoptTeacherSpec(history, teacher->run, effective);
    }
    train::Trainer trainer(effective, stop); // a stop while the data is prepared records nothing
    if (teacher) {
        installTeacher(history, *teacher, trainer);
    }

    const auto& dataset = trainer.data().dataset;
    store::NewRun row;
    row.configJson = train::configToJson(effective);
    row.name = config.name;
    row.method = config.distillation.method;
    row.seed = config.seed;
    row.datasetFingerprint = dataset.fingerprint();
    row.catalogueFingerprint = dataset.catalogueFingerprint();
    row.teacherRun = teacher ? std::optional<std::int64_t>(teacher->run) : std::nullopt;
    row.sweepId = sweepId;
    if (sweepId) {
        refuseChangedSweepData(history, *sweepId, effective, row.datasetFingerprint);
    }
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
    // The teacher is saved as soon as it is trained: runs waiting to borrow it (the GUI's queue,
    // sweeps) can start while this run's student still trains.
    bool teacherSaved = false;
    cb.teacherTrained = [&](const std::vector<std::uint8_t>& weights) {
        history.saveCheckpoint(out.runId, "teacher", effective.teacher.training.epochs, weights);
        teacherSaved = true;
        if (callbacks.teacherTrained) {
            callbacks.teacherTrained(weights);
        }
    };
    const auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    try {
        out.result = trainer.run(cb, stop);
        saveCheckpoints(history, out.runId, effective, out.result, teacherSaved);
        history.finishRun(out.runId, out.result.status, seconds(), out.result.message);
    } catch (const std::exception& e) {
        try {
            history.finishRun(out.runId, train::RunState::Failed, seconds(), e.what());
        } catch (const std::exception&) {
            // The original error is the one worth reporting.
        }
        throw;
    }
    return out;
}

} // namespace kdw::experiment
