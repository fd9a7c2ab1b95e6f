// SPDX-License-Identifier: MIT
// Reads the run history on its own thread with its own connection, so the GUI never blocks on the
// database. Requests are queued slots; answers are signals carrying values.
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
    void listRuns();
    void loadCurves(qint64 runId);
    // The config stored with the run, as JSON (answers with configLoaded() or error()).
    void loadConfig(qint64 runId);

    // Edits of the history the browser offers; each answers with changed() or error().
    void renameRun(qint64 runId, const QString& name);
    void setNotes(qint64 runId, const QString& notes);
    void addTag(qint64 runId, const QString& tag);
    void deleteRun(qint64 runId);
    // Writes the run as JSON (with its weights when `checkpoints`) or its metrics as CSV.
    void exportRun(qint64 runId, const QString& path, bool csv, bool checkpoints);

Q_SIGNALS:
    void runsListed(const QList<kdw::ui::RunRow>& runs);
    void curvesLoaded(qint64 runId, const QList<kdw::ui::EpochPoint>& epochs);
    void configLoaded(qint64 runId, const QString& configJson);
    void error(const QString& message);
    // The history at `path` is damaged or not a database (`problem`, SQLite's words); `backup`
    // is its newest intact backup (integrity_check ok), or empty when there is none. Edits are
    // refused from then on, until switchTo().
    void unreadable(const QString& path, const QString& problem, const QString& backup);
    void warning(const QString& message); // one line, e.g. a history on a network file system
    void changed(const QString& what); // an edit was saved

private:
    store::History* history(); // opened lazily, on the reader's thread
    // Reports a failure: unreadable() when the file itself is damaged, else error().
    void fail(const std::exception& e);
    // Runs an edit, reporting success as changed(what) and a failure as error().
    template <typename Fn> void edit(const QString& what, Fn&& fn);

    QString m_path;
    std::unique_ptr<store::History> m_history;
    bool m_unreadable = false;
};

} // namespace kdw::ui
