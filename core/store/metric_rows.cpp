// SPDX-License-Identifier: MIT
#include "core/store/metric_rows.h"

#include <cmath>

#include "core/eval/metric_catalogue.h"

namespace kdw::store {

const char* const kUpsertRunMetric = R"sql(
INSERT INTO run_metrics (run_id, phase, metric, final_value, final_epoch, best_value, best_epoch)
VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)
ON CONFLICT (run_id, phase, metric) DO UPDATE SET
    final_value = CASE WHEN excluded.final_epoch >= final_epoch THEN excluded.final_value ELSE final_value END,
    final_epoch = max(final_epoch, excluded.final_epoch),
    best_value = CASE WHEN best_value IS NULL
                        OR (?6 AND excluded.best_value < best_value)
                        OR (NOT ?6 AND excluded.best_value > best_value)
                      THEN excluded.best_value ELSE best_value END,
    best_epoch = CASE WHEN best_value IS NULL
                        OR (?6 AND excluded.best_value < best_value)
                        OR (NOT ?6 AND excluded.best_value > best_value)
                      THEN excluded.best_epoch ELSE best_epoch END
)sql";

void upsertRunMetric(Statement& upsert, std::int64_t runId, const std::string& phase,
    const std::string& metric, double value, int epoch)
{
    upsert.bind(1, runId).bind(2, phase).bind(3, metric).bind(4, value).bind(5, epoch).bind(
        6, eval::lowerIsBetter(metric) ? 1 : 0);
    upsert.run();
}

MetricWriter::MetricWriter(Database& db, std::int64_t runId)
    : m_runId(runId)
    , m_row(db.prepare(
          "INSERT OR REPLACE INTO epoch_metrics (run_id, phase, epoch, metric, split, value) "
          "VALUES (?, ?, ?, ?, ?, ?)"))
    , m_upsert(db.prepare(kUpsertRunMetric))
{
}

void MetricWriter::add(const std::string& phase, int epoch, const std::string& metric, double value)
{
    m_row.bind(1, m_runId)
        .bind(2, phase)
        .bind(3, epoch)
        .bind(4, metric)
        .bind(5, std::string(eval::splitName(metric)));
    if (std::isfinite(value)) {
        m_row.bind(6, value);
    } else {
        m_row.bindNull(6);
    }
    m_row.run();
    if (std::isfinite(value)) {
        upsertRunMetric(m_upsert, m_runId, phase, metric, value, epoch);
    }
}

} // namespace kdw::store
