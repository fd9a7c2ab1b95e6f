// SPDX-License-Identifier: MIT
// Sweeps and their reports: the same experiment over several distillation methods and seeds,
// each seed's teacher trained once and reused by every method, summarised as mean ± standard
// deviation per method from the history.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/history.h"
#include "core/train/config.h"

namespace kdw::store {

struct SweepSpec {
    std::string name;                 // runs are named "<name> · <method> · seed <s>"
    train::ExperimentConfig base;     // everything but the method and the seed
    std::vector<std::string> methods; // "none" first: its runs train the teachers
    std::vector<std::uint64_t> seeds;
};

// The runs of one seed: first the run that trains the teacher (method "none", which also gives
// the student alone), then one per other method, each to take its teacher from the first.
std::vector<train::ExperimentConfig> sweepRuns(const SweepSpec& spec, std::uint64_t seed);
std::string sweepRunName(const std::string& sweep, const std::string& method, std::uint64_t seed);

struct MetricStat {
    double mean = 0.0;
    double sd = 0.0; // sample standard deviation (n - 1); 0 for a single value
    int n = 0;
};

struct SweepRow {
    std::string label;  // "teacher", or the student's method
    std::map<std::string, MetricStat> metrics;
};

// Reads every finished run of the sweep from the history: the teacher row from the "none" runs'
// teacher phase, one row per method from the student phase; final (last-epoch) values.
std::vector<SweepRow> summarizeSweep(History& history, const std::string& sweep);

// The report as Markdown: the protocol, the table, and for each method whether it beat the
// student alone on HR@10 and NDCG@10 by more than one standard deviation.
std::string sweepReportMarkdown(const std::string& sweep, const train::ExperimentConfig& base,
                                const std::vector<SweepRow>& rows, const std::string& command);

} // namespace kdw::store
