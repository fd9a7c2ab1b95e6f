// SPDX-License-Identifier: MIT
#include "ui/history_reader.h"

#include "core/store/history.h"

namespace kdw::ui {

HistoryReader::HistoryReader(QString historyPath) : m_path(std::move(historyPath)) {}

HistoryReader::~HistoryReader() = default;

store::History* HistoryReader::history()
{
    if (!m_history) {
        m_history = std::make_unique<store::History>(m_path.toStdString());
    }
    return m_history.get();
}

void HistoryReader::listRuns()
{
    try {
        QList<RunRow> rows;
        store::RunQuery query; // newest first, with the final metrics the table shows
        query.finalMetrics = {"hr@10", "ndcg@10", "f1", "kl"};
        for (const auto& r : history()->queryRuns(query).runs) {
            rows.append(toRunRow(r));
        }
        Q_EMIT runsListed(rows);
    } catch (const std::exception& e) {
        Q_EMIT error(QString::fromUtf8(e.what()));
    }
}

void HistoryReader::loadCurves(qint64 runId)
{
    try {
        QList<EpochPoint> points;
        for (const auto& e : history()->epochs(runId)) {
            points.append(toEpochPoint(e));
        }
        Q_EMIT curvesLoaded(runId, points);
    } catch (const std::exception& e) {
        Q_EMIT error(QString::fromUtf8(e.what()));
    }
}

} // namespace kdw::ui
