// SPDX-License-Identifier: MIT
// The history browser's reader: pages of runs (filtered and sorted in SQL by the store's query),
// one run's details, and the browser's edits (tags, notes, delete, export), on a worker thread
// with its own history connection. The GUI thread never waits on the database: every request is
// queued to the worker and answered by a signal carrying values.
#pragma once

#include <optional>

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace kdw::ui {

// What the browser lists: store::RunQuery in Qt's types.
struct BrowserQuery {
    QString text; // in the name, notes, method or uuid
    QString tag;
    QString method; // exact method text ("soft_target", "hint+soft_target")
    std::optional<bool> listwise; // distillation.listwise: pointwise or listwise soft targets
    QString status;
    QString sweep; // a sweep's name or uuid; empty = any (an unknown sweep matches no run)
    QString createdFrom; // ISO 8601 prefixes, inclusive
    QString createdTo;
    QString sortBy = QStringLiteral("id"); // as store::RunQuery::sortBy
    bool descending = true;
    QStringList finalMetrics; // returned with each run (none: none)
    QStringList bestMetrics;
    QStringList configFields;

    bool operator==(const BrowserQuery&) const = default;
};

// One run as the browser shows it.
struct BrowserRun {
    qint64 id = 0;
    QString uuid;
    QString name;
    QString status;
    QString method;
    QString createdAt;
    double durationSeconds = 0.0;
    qint64 teacherRun = 0; // 0: none
    qint64 sweepId = 0; // 0: none
    QString notes;
    QStringList tags;
    QMap<QString, double> finalMetrics;
    QMap<QString, double> bestMetrics;
    QMap<QString, QString> config; // asked-for config fields, as text

    bool operator==(const BrowserRun&) const = default;
};

// Rows [offset, offset + runs.size()) of the query's result.
struct BrowserPage {
    quint64 request = 0;
    int offset = 0;
    qint64 total = 0; // matching runs, all pages
    QList<BrowserRun> runs;
    // Non-empty when the history could only be opened read-only (store::History::readOnlyNote():
    // a read-only folder or mount): shown beside the runs; edits will be refused.
    QString note;
};

struct BrowserMetric {
    QString phase;
    QString metric;
    double finalValue = 0.0;
    int finalEpoch = 0;
    double bestValue = 0.0;
    int bestEpoch = 0;
};

// Everything the details dialog shows.
struct BrowserRunDetails {
    BrowserRun run;
    QString configJson;
    quint64 seed = 0;
    QString appVersion;
    QString message; // why it failed or diverged
    QList<BrowserMetric> metrics;
};

// What a loaded config is for (configLoaded's `purpose`), chosen by the caller.
enum class ConfigPurpose { UseAsTeacher, Rerun, Duplicate };

class HistoryBrowserWorker;

// Owns the worker thread; lives on the GUI thread. Its signals are emitted on the worker thread,
// so receivers on the GUI thread get them queued (connect with a receiver context).
class HistoryBrowserReader : public QObject {
    Q_OBJECT
public:
    explicit HistoryBrowserReader(QObject* parent = nullptr);
    ~HistoryBrowserReader() override; // quit(); wait();
    HistoryBrowserReader(const HistoryBrowserReader&) = delete;
    HistoryBrowserReader& operator=(const HistoryBrowserReader&) = delete;

    // Reads `path` from now on (opened lazily on the worker).
    void setHistoryPath(const QString& path);
    // Rows [offset, offset + limit) of `query`; answers pageLoaded() with `request`, or failed().
    void fetchPage(quint64 request, const BrowserQuery& query, int offset, int limit);
    void loadDetails(qint64 runId); // answers detailsLoaded()
    void loadConfig(qint64 runId, kdw::ui::ConfigPurpose purpose); // answers configLoaded()
    // Edits; each answers edited(runId) (deleted(ids) for a delete) or failed().
    void setNotes(qint64 runId, const QString& notes);
    void setTags(qint64 runId, const QStringList& tags); // adds and removes to leave these
    void deleteRuns(const QList<qint64>& runIds);
    // Writes the runs to `path`: JSON (one run's document, or an array of them), or CSV (a line
    // per run with `metrics`' final values). Answers exported(path, count) or failed().
    void exportRuns(
        const QList<qint64>& runIds, const QString& path, bool csv, const QStringList& metrics);

Q_SIGNALS:
    void pageLoaded(const kdw::ui::BrowserPage& page);
    void detailsLoaded(const kdw::ui::BrowserRunDetails& details);
    void configLoaded(qint64 runId, kdw::ui::ConfigPurpose purpose, const QString& configJson);
    void edited(qint64 runId);
    void deleted(const QList<qint64>& runIds);
    void exported(const QString& path, int count);
    void failed(const QString& message);

private:
    QThread* m_thread; // a child of this object
    HistoryBrowserWorker* m_worker; // lives on m_thread, deleted when it finishes
};

} // namespace kdw::ui

Q_DECLARE_METATYPE(kdw::ui::BrowserQuery)
Q_DECLARE_METATYPE(kdw::ui::BrowserRun)
Q_DECLARE_METATYPE(kdw::ui::BrowserPage)
Q_DECLARE_METATYPE(kdw::ui::BrowserRunDetails)
