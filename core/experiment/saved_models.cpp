// SPDX-License-Identifier: MIT
#include "core/experiment/saved_models.h"

#include <stdexcept>

#include "core/common/error.h"

namespace kdw::experiment {
namespace {

train::ExperimentConfig recordedConfig(const store::RunDetails& run)
{
    try {
        return train::configFromJson(run.configJson);
    } catch (const ConfigError& e) {
        throw ConfigError("run " + std::to_string(run.summary.id)
            + "'s recorded config cannot be read by this version: " + e.what());
    }
}

// The run's data, refused when its file is gone or holds other data than the run trained on.
train::ExperimentData recordedData(
    const store::RunDetails& run, const train::ExperimentConfig& config)
{
    const std::string what = "run " + std::to_string(run.summary.id) + "'s dataset";
    train::ExperimentData data;
    try {
        data = train::prepareData(config.dataset, config.seed);
    } catch (const DataError& e) {
        throw DataError(what + " cannot be read: " + e.what());
    }
    if (!run.datasetFingerprint.empty() && run.datasetFingerprint != data.dataset.fingerprint()) {
        throw DataError(what + " ("
            + (config.dataset.path.empty() ? config.dataset.source : config.dataset.path)
            + ") has changed since the run trained on it");
    }
    return data;
}

std::unique_ptr<nn::Model<float>> modelFrom(const nn::ModelSpec& spec,
    const train::ExperimentData& data, const std::vector<std::uint8_t>& weights,
    const std::string& what)
{
    auto model
        = std::make_unique<nn::Model<float>>(spec, data.dataset.numUsers, data.dataset.numItems);
    try {
        model->loadWeights(weights);
    } catch (const Error& e) {
        throw ConfigError(what + " does not fit its recorded architecture: " + e.what());
    }
    return model;
}

std::vector<double> toDoubles(const RowVec<float>& logits)
{
    std::vector<double> out(static_cast<std::size_t>(logits.size()));
    for (Index k = 0; k < logits.size(); ++k) {
        out[static_cast<std::size_t>(k)] = static_cast<double>(logits[k]);
    }
    return out;
}

} // namespace

std::optional<std::int64_t> teacherRunOf(store::History& history, std::int64_t runId)
{
    std::int64_t run = runId;
    for (int hops = 0; hops < 32; ++hops) {
        if (history.loadCheckpoint(run, "teacher")) {
            return run;
        }
        const auto source = history.run(run);
        if (!source || !source->summary.teacherRun) {
            break;
        }
        run = *source->summary.teacherRun;
    }
    return std::nullopt;
}

SavedModels loadSavedModels(store::History& history, std::int64_t runId, const StopToken& stop)
{
    const auto run = history.run(runId);
    if (!run) {
        throw StoreError("no run " + std::to_string(runId) + " in " + history.path());
    }
    SavedModels out;
    out.runId = runId;
    const auto teacherRun = teacherRunOf(history, runId);
    const auto teacherWeights
        = teacherRun ? history.loadCheckpoint(*teacherRun, "teacher") : std::nullopt;
    if (!teacherWeights) {
        throw ConfigError("run " + std::to_string(runId)
            + " saved no teacher checkpoint (a run without distillation trains no teacher)");
    }
    out.teacherRun = *teacherRun;
    out.config = recordedConfig(*run);
    throwIfStopped(stop);
    out.data = recordedData(*run, out.config);
    throwIfStopped(stop);
    const std::string name = "run " + std::to_string(*teacherRun) + "'s teacher";
    out.teacher = modelFrom(out.config.teacher.model, out.data, *teacherWeights, name);
    if (const auto student = history.loadCheckpoint(runId, "student")) {
        out.student = modelFrom(out.config.student.model, out.data, *student,
            "run " + std::to_string(runId) + "'s student");
    }
    return out;
}

CandidateScores scoreCandidates(SavedModels& models, std::size_t evalIndex)
{
    const auto& split = models.data.split;
    const auto& dataset = models.data.dataset;
    if (evalIndex >= split.evalUsers.size()) {
        throw std::out_of_range("user " + std::to_string(evalIndex) + " of "
            + std::to_string(split.evalUsers.size()) + " evaluated users");
    }
    CandidateScores out;
    out.user = split.evalUsers[evalIndex];
    out.userId = dataset.userIds.at(static_cast<std::size_t>(out.user));
    out.items.push_back(split.heldOut[evalIndex]);
    const auto& negatives = split.evalNegatives[evalIndex];
    out.items.insert(out.items.end(), negatives.begin(), negatives.end());
    for (const auto item : out.items) {
        out.itemIds.push_back(dataset.itemIds.at(static_cast<std::size_t>(item)));
    }
    const IdVec users(out.items.size(), out.user);
    out.teacher = toDoubles(models.teacher->predict(users, out.items));
    if (models.student) {
        out.student = toDoubles(models.student->predict(users, out.items));
    }
    return out;
}

} // namespace kdw::experiment
