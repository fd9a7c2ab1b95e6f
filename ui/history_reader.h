// SPDX-License-Identifier: MIT
// Reads the run history on its own thread with its own connection, so the GUI never blocks on the
// database. Requests are queued slots; answers are signals carrying values.
#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

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
    void listRuns();
    void loadCurves(qint64 runId);

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
    void error(const QString& message);
    void changed(const QString& what); // an edit was saved

private:
    store::History* history(); // opened lazily, on the reader's thread
    // Runs an edit, reporting success as changed(what) and a failure as error().
    template <typename Fn>
    void edit(const QString& what, Fn&& fn);

    QString m_path;
    std::unique_ptr<store::History> m_history;
};

} // namespace kdw::ui
