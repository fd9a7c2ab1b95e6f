// SPDX-License-Identifier: MIT
// The window's own reads of the run history, on a thread of their own with their own connection
// (the GUI never blocks on the database): whether the history can be read at all (an unreadable
// file is reported with its newest intact backup, and nothing is ever written into it), the runs
// the designer may take a teacher from, and one stored run's curves for the charts. Browsing,
// editing and exporting runs is the history browser's (HistoryBrowserReader). Requests are queued
// calls; answers are signals carrying values.
#pragma once

#include <memory>

#include <QList>
#include <QObject>
#include <QString>

#include "ui/types.h"

namespace kdw::store {
class History;
}

namespace kdw::ui {

class HistoryReader : public QObject {
    Q_OBJECT
public:
    explicit HistoryReader(QString historyPath);
    ~HistoryReader() override;

    // Call through queued connections (or QMetaObject::invokeMethod) from the GUI thread.
    // Opens the history: warns (warning()) when it is on a network file system, and reports a
    // file that cannot be opened as unreadable() instead of error().
    void open();
    // Closes the current history (writing nothing into it when it was unreadable) and reads
    // `historyPath` from now on, starting with listRuns().
    void switchTo(const QString& historyPath);
    // Every run, newest first, with the headline metrics' final values (answers runsListed()).
    void listRuns();
    // The run's epochs and, when `teacherRunId` is not 0 (the run took its teacher from that
    // saved run), that run's teacher epochs (answers curvesLoaded()).
    void loadCurves(qint64 runId, qint64 teacherRunId = 0);
    // The teacher epochs of the saved run `teacherRun` (an id or uuid) whose teacher the live run
    // `runId` takes (answers teacherCurvesLoaded()).
    void loadTeacherCurves(qint64 runId, const QString& teacherRun);

Q_SIGNALS:
    void runsListed(const QString& historyPath, const QList<kdw::ui::RunRow>& runs);
    void curvesLoaded(qint64 runId, const QList<kdw::ui::EpochPoint>& epochs,
        const QList<kdw::ui::EpochPoint>& teacherEpochs);
    void teacherCurvesLoaded(qint64 runId, const QList<kdw::ui::EpochPoint>& teacherEpochs);
    void error(const QString& message);
    // The history at `path` is damaged or not a database (`problem`, SQLite's words); `backup`
    // is its newest intact backup (integrity_check ok), or empty when there is none. Reads are
    // refused from then on, until switchTo().
    void unreadable(const QString& path, const QString& problem, const QString& backup);
    void warning(const QString& message); // one line, e.g. a history on a network file system

private:
    store::History* history(); // opened lazily, on the reader's thread
    // Reports a failure: unreadable() when the file itself is damaged, else error().
    void fail(const std::exception& e);
    QList<EpochPoint> epochs(qint64 runId);

    QString m_path;
    std::unique_ptr<store::History> m_history;
    bool m_unreadable = false;
};

} // namespace kdw::ui
