// SPDX-License-Identifier: MIT
// Reading one run: its details, curves, final and best values, and checkpoints.
#include <cmath>

#include "core/common/error.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "core/store/store_context.h"

namespace kdw::store {

std::optional<RunDetails> History::run(std::int64_t runId)
{
    return withContext(
        m_path, "reading run " + std::to_string(runId), [&]() -> std::optional<RunDetails> {
            auto st = m_db->prepare(std::string("SELECT ") + kSummaryColumns
                + ", coalesce(c.config, ''), dataset_fingerprint, catalogue_fingerprint, seed, "
                  "app_version FROM runs LEFT JOIN run_configs c ON c.run_id = runs.id WHERE "
                  "runs.id = ?");
            st.bind(1, runId);
            if (!st.step()) {
                return std::nullopt;
            }
            constexpr int k = kSummaryColumnCount;
            RunDetails d;
            d.summary = readSummary(st);
            d.configJson = st.getText(k);
            d.datasetFingerprint = st.getText(k + 1);
            d.catalogueFingerprint = st.getText(k + 2);
            d.seed = static_cast<std::uint64_t>(st.getInt(k + 3));
            d.appVersion = st.getText(k + 4);
            std::vector<RunSummary> one {d.summary};
            loadTagsAndFinals(one);
            d.summary = one.front();
            return d;
        });
}

std::vector<train::EpochRecord> History::epochs(std::int64_t runId)
{
    return withContext(m_path, "reading the curves of run " + std::to_string(runId), [&] {
        std::vector<train::EpochRecord> out;
        auto st = m_db->prepare(
            "SELECT phase, epoch, metric, value FROM epoch_metrics WHERE run_id = ? "
            "ORDER BY CASE phase WHEN 'teacher' THEN 0 ELSE 1 END, epoch");
        st.bind(1, runId);
        while (st.step()) {
            const auto phase = st.getText(0);
            const auto epoch = static_cast<int>(st.getInt(1));
            if (out.empty() || out.back().phase != phase || out.back().epoch != epoch) {
                out.push_back({phase, epoch, {}});
            }
            out.back().metrics[st.getText(2)] = st.isNull(3) ? std::nan("") : st.getDouble(3);
        }
        return out;
    });
}

std::vector<MetricSummary> History::metricSummary(std::int64_t runId)
{
    return withContext(m_path, "reading the metrics of run " + std::to_string(runId), [&] {
        std::vector<MetricSummary> out;
        auto st = m_db->prepare(
            "SELECT phase, metric, final_value, final_epoch, best_value, best_epoch FROM "
            "run_metrics "
            "WHERE run_id = ? ORDER BY CASE phase WHEN 'teacher' THEN 0 ELSE 1 END, metric");
        st.bind(1, runId);
        while (st.step()) {
            out.push_back({st.getText(0), st.getText(1), st.getDouble(2),
                static_cast<int>(st.getInt(3)), st.getDouble(4), static_cast<int>(st.getInt(5))});
        }
        return out;
    });
}

std::optional<std::vector<std::uint8_t>> History::loadCheckpoint(
    std::int64_t runId, const std::string& role)
{
    return withContext(m_path,
        "reading the " + role + " checkpoint of run " + std::to_string(runId),
        [&]() -> std::optional<std::vector<std::uint8_t>> {
            auto st
                = m_db->prepare("SELECT weights FROM checkpoints WHERE run_id = ? AND role = ?");
            st.bind(1, runId).bind(2, role);
            if (!st.step()) {
                return std::nullopt;
            }
            return st.getBlob(0);
        });
}

std::int64_t History::resolveRun(const std::string& idOrUuid)
{
    auto st = m_db->prepare("SELECT id FROM runs WHERE uuid = ? OR CAST(id AS TEXT) = ?");
    st.bind(1, idOrUuid).bind(2, idOrUuid);
    if (!st.step()) {
        throw StoreError(m_path + ": there is no run '" + idOrUuid + "' in this history");
    }
    return st.getInt(0);
}

} // namespace kdw::store
