// SPDX-License-Identifier: MIT
// Histories for the compare view's tests and screenshots.
//  - trainSeedStudy: real runs trained and recorded by core (experiment::runAndRecord, as kdw
//    sweep does): for each seed, a student alone (method none, which trains the teacher) and
//    soft-target students at each temperature that reuse that seed's teacher.
//  - writeRun: a run written through the store's API with given per-epoch values (hand-computable
//    expectations).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/experiment/run_recorder.h"
#include "core/experiment/sweep.h"
#include "core/store/history.h"
#include "core/train/config.h"
#include "tests/support/configs.h"

namespace kdw::test {

// The run ids in plan order: per seed, none then soft_target at each of `temperatures`.
inline std::vector<std::int64_t> trainSeedStudy(store::History& history,
    const std::vector<std::uint64_t>& seeds, const std::vector<std::string>& temperatures,
    int studentEpochs = 4)
{
    experiment::SweepSpec spec;
    spec.name = "study";
    spec.base = tinyConfig();
    spec.base.student.training.epochs = studentEpochs;
    spec.methods = {train::MethodSet(), train::MethodSet::parse("soft_target")};
    spec.seeds = seeds;
    spec.grid = {{"distillation.temperature", temperatures}};
    const auto sweepId = history.ensureSweep(spec.name, experiment::sweepPlanJson(spec));
    std::vector<std::int64_t> ids;
    for (const auto& run : experiment::planSweep(spec)) {
        auto config = run.config;
        if (run.teacherFrom) {
            config.teacher.fromRun = std::to_string(ids.at(*run.teacherFrom));
        }
        ids.push_back(experiment::runAndRecord(history, config, {}, {}, {}, sweepId).runId);
    }
    return ids;
}

// A finished run of `method` at temperature `t` and `seed` whose student recorded `values`
// (metric -> one value per epoch, epochs 1, 2, ...).
inline std::int64_t writeRun(store::History& history, const std::string& method, double t,
    std::uint64_t seed, const std::map<std::string, std::vector<double>>& values)
{
    auto c = tinyConfig(method);
    c.distillation.temperature = t;
    c.seed = seed;
    c.name = method + " T=" + std::to_string(static_cast<int>(t)) + " seed " + std::to_string(seed);
    store::NewRun run;
    run.name = c.name;
    run.method = method;
    run.seed = seed;
    run.configJson = train::configToJson(c);
    const auto id = history.createRun(run);
    std::size_t epochs = 0;
    for (const auto& [m, v] : values) {
        epochs = std::max(epochs, v.size());
    }
    for (std::size_t e = 0; e < epochs; ++e) {
        train::EpochRecord r {"student", static_cast<int>(e) + 1, {}};
        for (const auto& [m, v] : values) {
            if (e < v.size()) {
                r.metrics[m] = v[e];
            }
        }
        history.appendEpoch(id, r);
    }
    history.finishRun(id, "finished", 1.0);
    return id;
}

} // namespace kdw::test
