// SPDX-License-Identifier: MIT
#include "ui/services/history_reader.h"

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/store/backup.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"

namespace kdw::ui {

HistoryReader::HistoryReader(QString historyPath)
    : m_path(std::move(historyPath))
{
}

HistoryReader::~HistoryReader() = default;

store::History* HistoryReader::history()
{
    if (m_unreadable) {
        throw StoreError(
            m_path.toStdString() + ": the history cannot be read and is left as it was found");
    }
    if (!m_history) {
        m_history = std::make_unique<store::History>(m_path.toStdString());
    }
    return m_history.get();
}

void HistoryReader::fail(const std::exception& e)
{
    if (!m_unreadable) {
        // Asked of SQLite on a read-only connection that writes nothing, also on close.
        if (const auto problem = store::historyProblem(m_path.toStdString())) {
            m_unreadable = true;
            if (m_history) {
                m_history->database().keepWalOnClose();
                m_history.reset();
            }
            const auto backup = store::newestIntactBackup(m_path.toStdString());
            Q_EMIT unreadable(m_path, QString::fromStdString(*problem),
                backup ? QString::fromStdString(*backup) : QString());
            return;
        }
    }
    Q_EMIT error(QString::fromUtf8(e.what()));
}

void HistoryReader::open()
{
    if (const auto warning = store::networkFileSystemWarning(m_path.toStdString());
        !warning.empty()) {
        Q_EMIT this->warning(QString::fromStdString(warning));
    }
    listRuns();
}

void HistoryReader::switchTo(const QString& historyPath)
{
    if (m_history && m_unreadable) {
        m_history->database().keepWalOnClose();
    }
    m_history.reset();
    m_unreadable = false;
    m_path = historyPath;
    open();
}

void HistoryReader::listRuns()
{
    try {
        QList<RunRow> rows;
        store::RunQuery query; // newest first, with the final metrics the table shows
        query.finalMetrics = eval::headlineMetrics();
        for (const auto& r : history()->queryRuns(query).runs) {
            rows.append(toRunRow(r));
        }
        Q_EMIT runsListed(m_path, rows);
    } catch (const std::exception& e) {
        fail(e);
    }
}

QList<EpochPoint> HistoryReader::epochs(qint64 runId)
{
    QList<EpochPoint> points;
    for (const auto& e : history()->epochs(runId)) {
        points.append(toEpochPoint(e));
    }
    return points;
}

void HistoryReader::loadCurves(qint64 runId, qint64 teacherRunId)
{
    try {
        const auto own = epochs(runId);
        Q_EMIT curvesLoaded(
            runId, own, teacherRunId != 0 ? epochs(teacherRunId) : QList<EpochPoint>());
    } catch (const std::exception& e) {
        fail(e);
    }
}

void HistoryReader::loadTeacherCurves(qint64 runId, const QString& teacherRun)
{
    try {
        const auto source = history()->resolveRun(teacherRun.toStdString());
        QList<EpochPoint> teacher;
        for (const auto& e : epochs(source)) {
            if (e.phase == QLatin1String("teacher")) {
                teacher.append(e);
            }
        }
        Q_EMIT teacherCurvesLoaded(runId, teacher);
    } catch (const std::exception& e) {
        fail(e);
    }
}

} // namespace kdw::ui
