// SPDX-License-Identifier: MIT
// Internal to core/store: writing a run's metric values, each as its per-epoch row and as the
// run's final and best value of that metric (the run_metrics table, for fast lists and sorting).
#pragma once

#include <cstdint>
#include <string>

#include "core/store/sqlite.h"

namespace kdw::store {

// Upsert of a run's final and best value of one metric; ?1 run, ?2 phase, ?3 metric, ?4 value,
// ?5 epoch, ?6 1 when lower is better (eval::lowerIsBetter).
extern const char* const kUpsertRunMetric;

// Binds and runs kUpsertRunMetric on `upsert` (prepared from it).
void upsertRunMetric(Statement& upsert, std::int64_t runId, const std::string& phase,
    const std::string& metric, double value, int epoch);

// The metric rows of one run, in the caller's transaction. Statements are prepared once.
class MetricWriter {
public:
    MetricWriter(Database& db, std::int64_t runId);
    // One value: a finite one also updates the run's final and best value; NaN or infinity (a
    // diverged run) is stored as NULL, read back as NaN. The split comes from eval::splitName.
    void add(const std::string& phase, int epoch, const std::string& metric, double value);

private:
    std::int64_t m_runId;
    Statement m_row;
    Statement m_upsert;
};

} // namespace kdw::store
