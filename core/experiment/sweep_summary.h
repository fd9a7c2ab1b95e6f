// SPDX-License-Identifier: MIT
// A sweep summarised from the history: mean ± standard deviation over seeds of each run's last
// epoch, one row per grid point and method, and each row's difference against its baseline (the
// runs of method none at the same point, which read no distillation setting) with Welch's
// confidence interval.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/store/history.h"
#include "core/train/config.h"

namespace kdw::experiment {

struct MetricStat {
    double mean = 0.0;
    double sd = 0.0; // sample standard deviation (n - 1); 0 for a single value
    int n = 0;
};

// The summary of values: mean, sample standard deviation, count.
MetricStat metricStat(const std::vector<double>& values);

struct SweepRow {
    std::string label; // "teacher", or the student's method ("none", "soft_target", ...)
    // The sweep's axes as this row's runs have them ("distillation.temperature=4"); empty for a
    // sweep without axes. Rows of none and teacher leave out the distillation axes.
    std::string point;
    std::map<std::string, MetricStat> metrics;
    // The index (in the same list) of the row this one is compared with: none at this row's point
    // without its distillation axes; std::nullopt for teacher and none rows, or when it is absent.
    std::optional<std::size_t> baseline;
};

// The difference of two means with its confidence interval.
struct Interval {
    double diff = 0.0; // row mean - baseline mean
    double lo = 0.0;
    double hi = 0.0;
};

// Welch's interval for mean(row) - mean(baseline) at `level` (0.95: the 95% interval): diff ± t *
// se with se² = s₁²/n₁ + s₂²/n₂ and t the Student-t quantile at (1 + level) / 2 with the
// Welch–Satterthwaite degrees of freedom. std::nullopt when either side has fewer than 2 values;
// [diff, diff] when both standard deviations are 0.
std::optional<Interval> welchInterval(
    const MetricStat& row, const MetricStat& baseline, double level = 0.95);

// The paired interval for the mean of the differences d_i = a_i - b_i of values matched by seed
// (a[i] and b[i] from runs of one seed) at `level`: mean(d) ± t * sd(d) / sqrt(n), with sd the
// sample standard deviation (n - 1) and t Student's t quantile at (1 + level) / 2 with n - 1
// degrees of freedom (the paired t interval; any statistics text, e.g. NIST/SEMATECH
// e-Handbook 7.3.1). Narrower than Welch's when the seeds move both sides together.
// std::nullopt when there are fewer than 2 pairs; [diff, diff] when every difference is the
// same. Throws Error when a and b differ in length.
std::optional<Interval> pairedInterval(
    const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);

// Reads every finished member run of the sweep named `sweep` (History::findSweep; name or uuid):
// the teacher row from the none runs' teacher phase, one row per point and method from the
// student phase; last-epoch values, one run per (point, method, seed), the newest. Rows ordered
// by point, then teacher, none and the methods in train::methodCatalogue()'s order. Empty when
// there is no such sweep or no finished run. Throws StoreError when the history cannot be read.
std::vector<SweepRow> summarizeSweep(store::History& history, const std::string& sweep);

// The config of the sweep's newest member run of method none (the protocol a report describes);
// std::nullopt when it has none. Throws ConfigError when that stored config cannot be read.
std::optional<train::ExperimentConfig> sweepBaseConfig(
    store::History& history, const std::string& sweep);

} // namespace kdw::experiment
