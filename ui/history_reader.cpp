// SPDX-License-Identifier: MIT
#include "ui/history_reader.h"

#include <fstream>

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
        Q_EMIT runsListed(rows);
    } catch (const std::exception& e) {
        fail(e);
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
        fail(e);
    }
}

void HistoryReader::loadConfig(qint64 runId)
{
    try {
        const auto run = history()->run(runId);
        if (!run) {
            Q_EMIT error(tr("there is no run %1 in the history").arg(runId));
            return;
        }
        Q_EMIT configLoaded(runId, QString::fromStdString(run->configJson));
    } catch (const std::exception& e) {
        fail(e);
    }
}

template <typename Fn> void HistoryReader::edit(const QString& what, Fn&& fn)
{
    try {
        fn(*history());
        Q_EMIT changed(what);
    } catch (const std::exception& e) {
        fail(e);
    }
}

void HistoryReader::renameRun(qint64 runId, const QString& name)
{
    edit(tr("Run %1 renamed").arg(runId),
        [&](store::History& h) { h.renameRun(runId, name.toStdString()); });
}

void HistoryReader::setNotes(qint64 runId, const QString& notes)
{
    edit(tr("Notes of run %1 saved").arg(runId),
        [&](store::History& h) { h.setNotes(runId, notes.toStdString()); });
}

void HistoryReader::addTag(qint64 runId, const QString& tag)
{
    edit(tr("Run %1 tagged %2").arg(runId).arg(tag),
        [&](store::History& h) { h.addTag(runId, tag.toStdString()); });
}

void HistoryReader::deleteRun(qint64 runId)
{
    edit(tr("Run %1 deleted").arg(runId), [&](store::History& h) { h.deleteRun(runId); });
}

void HistoryReader::exportRun(qint64 runId, const QString& path, bool csv, bool checkpoints)
{
    edit(tr("Run %1 exported to %2").arg(runId).arg(path), [&](store::History& h) {
        const auto text = csv ? h.exportMetricsCsv(runId) : h.exportRunJson(runId, checkpoints);
        // Never over the history: opening and closing it here would drop our connection's locks.
        store::refuseHistoryFile(path.toStdString(), m_path.toStdString());
        std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            throw Error(path.toStdString() + ": could not write the export");
        }
    });
}

} // namespace kdw::ui
