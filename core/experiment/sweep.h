// SPDX-License-Identifier: MIT
// Sweeps: the same experiment over several distillation methods and seeds, each seed's teacher
// trained once and reused by every method; a sweep is an entity of the history (its runs belong to
// it by membership, not by name), summarised as mean ± standard deviation per method.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/store/history.h"
#include "core/train/config.h"
#include "core/train/vocabulary.h"

namespace kdw::experiment {

struct SweepSpec {
    std::string name; // the sweep's name; runs are named "<name> · <method> · seed <s>"
    train::ExperimentConfig base; // everything but the method and the seed
    std::vector<train::MethodSet> methods; // none first: its runs train the teachers
    std::vector<std::uint64_t> seeds;
};

// The methods a sweep crosses when none are named: none, then every single method of
// train::methodCatalogue(), in its order.
std::vector<train::MethodSet> defaultSweepMethods();

// The runs of one seed: first the run that trains the teacher (method none, which also gives the
// student alone), then one per other method, each to take its teacher from the first. Throws
// ConfigError when the methods do not start with none or a run's config is invalid.
std::vector<train::ExperimentConfig> sweepRuns(const SweepSpec& spec, std::uint64_t seed);

// What the sweep was asked to do, as the JSON stored with it: {"methods": [...], "seeds": [...],
// "base": <config>}.
std::string sweepPlanJson(const SweepSpec& spec);

struct MetricStat {
    double mean = 0.0;
    double sd = 0.0; // sample standard deviation (n - 1); 0 for a single value
    int n = 0;
};

struct SweepRow {
    std::string label; // "teacher", or the student's method
    std::map<std::string, MetricStat> metrics;
};

// Reads every finished member run of the sweep named `sweep` (History::findSweep) from the
// history: the teacher row from the none runs' teacher phase, one row per method from the student
// phase; final (last-epoch) values. Rows in the order teacher, then the methods as
// train::methodCatalogue() lists them. Empty when there is no such sweep or no finished run.
std::vector<SweepRow> summarizeSweep(store::History& history, const std::string& sweep);

// The config of the sweep's newest member run of method none (the protocol a report describes);
// std::nullopt when it has none. Throws ConfigError when that stored config cannot be read.
std::optional<train::ExperimentConfig> sweepBaseConfig(
    store::History& history, const std::string& sweep);

} // namespace kdw::experiment
