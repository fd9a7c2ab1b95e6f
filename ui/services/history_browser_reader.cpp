// SPDX-License-Identifier: MIT
#include "ui/services/history_browser_reader.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <stdexcept>

#include <QThread>

#include "core/store/history.h"

namespace kdw::ui {
namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

std::vector<std::string> stdList(const QStringList& list)
{
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(list.size()));
    for (const auto& s : list) {
        out.push_back(s.toStdString());
    }
    return out;
}

store::RunQuery toRunQuery(const BrowserQuery& q)
{
    store::RunQuery r;
    r.text = q.text.trimmed().toStdString();
    r.tag = q.tag.trimmed().toStdString();
    r.method = q.method.trimmed().toStdString();
    r.status = q.status.trimmed().toStdString();
    r.createdFrom = q.createdFrom.trimmed().toStdString();
    r.createdTo = q.createdTo.trimmed().toStdString();
    if (q.listwise) {
        r.configEquals.emplace_back("distillation.listwise", *q.listwise ? "true" : "false");
    }
    r.sortBy = q.sortBy.toStdString();
    r.descending = q.descending;
    r.finalMetrics = stdList(q.finalMetrics);
    r.bestMetrics = stdList(q.bestMetrics);
    r.configFields = stdList(q.configFields);
    return r;
}

BrowserRun toBrowserRun(const store::RunSummary& s)
{
    BrowserRun r;
    r.id = s.id;
    r.uuid = qs(s.uuid);
    r.name = qs(s.name);
    r.status = qs(s.status);
    r.method = qs(s.method);
    r.createdAt = qs(s.createdAt);
    r.durationSeconds = s.durationSeconds;
    r.teacherRun = s.teacherRun.value_or(0);
    r.sweepId = s.sweepId.value_or(0);
    r.notes = qs(s.notes);
    for (const auto& t : s.tags) {
        r.tags.push_back(qs(t));
    }
    for (const auto& [k, v] : s.finalMetrics) {
        r.finalMetrics.insert(qs(k), v);
    }
    for (const auto& [k, v] : s.bestMetrics) {
        r.bestMetrics.insert(qs(k), v);
    }
    for (const auto& [k, v] : s.configValues) {
        r.config.insert(qs(k), qs(v));
    }
    return r;
}

void writeFile(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        throw std::runtime_error("could not write " + path.toStdString());
    }
}

} // namespace

// Lives on the reader's thread: owns its history connection and answers through the reader's
// signals (emitted on this thread, so delivered queued to the GUI thread's receivers). Every call
// catches at its edge and answers failed().
class HistoryBrowserWorker : public QObject {
public:
    explicit HistoryBrowserWorker(HistoryBrowserReader* answers)
        : m_answers(answers)
    {
    }
    void setHistoryPath(const QString& path)
    {
        m_history.reset();
        m_path = path;
    }
    void fetchPage(quint64 request, const BrowserQuery& query, int offset, int limit);
    void loadDetails(qint64 runId);
    void loadConfig(qint64 runId, ConfigPurpose purpose);
    void setNotes(qint64 runId, const QString& notes);
    void setTags(qint64 runId, const QStringList& tags);
    void deleteRuns(const QList<qint64>& runIds);
    void exportRuns(
        const QList<qint64>& runIds, const QString& path, bool csv, const QStringList& metrics);

private:
    store::History& history(); // opened on first use, on this thread
    store::RunDetails details(qint64 runId);
    // Runs `fn`, reporting any exception as failed().
    template <typename Fn> void guarded(Fn&& fn);

    HistoryBrowserReader* m_answers; // outlives this worker (its destructor waits for the thread)
    QString m_path;
    std::unique_ptr<store::History> m_history;
};

template <typename Fn> void HistoryBrowserWorker::guarded(Fn&& fn)
{
    try {
        fn();
    } catch (const std::exception& e) {
        Q_EMIT m_answers->failed(qs(e.what()));
    } catch (...) {
        Q_EMIT m_answers->failed(HistoryBrowserReader::tr("the history could not be read"));
    }
}

store::History& HistoryBrowserWorker::history()
{
    if (m_path.isEmpty()) {
        throw std::runtime_error("no run history is open");
    }
    if (!m_history) {
        m_history = std::make_unique<store::History>(m_path.toStdString());
    }
    return *m_history;
}

store::RunDetails HistoryBrowserWorker::details(qint64 runId)
{
    auto d = history().run(runId);
    if (!d) {
        throw std::runtime_error("run " + std::to_string(runId) + " is no longer in the history");
    }
    return *d;
}

void HistoryBrowserWorker::fetchPage(
    quint64 request, const BrowserQuery& query, int offset, int limit)
{
    guarded([&] {
        BrowserPage page;
        page.request = request;
        page.offset = offset;
        page.note = QString::fromStdString(history().readOnlyNote());
        auto q = toRunQuery(query);
        q.offset = offset;
        q.limit = limit;
        if (!query.sweep.trimmed().isEmpty()) {
            const auto sweep = history().findSweep(query.sweep.trimmed().toStdString());
            if (!sweep) {
                Q_EMIT m_answers->pageLoaded(page); // no such sweep: no run
                return;
            }
            q.sweepId = sweep->id;
        }
        const auto result = history().queryRuns(q);
        page.total = result.total;
        page.runs.reserve(static_cast<qsizetype>(result.runs.size()));
        for (const auto& r : result.runs) {
            page.runs.push_back(toBrowserRun(r));
        }
        Q_EMIT m_answers->pageLoaded(page);
    });
}

void HistoryBrowserWorker::loadDetails(qint64 runId)
{
    guarded([&] {
        const auto d = details(runId);
        BrowserRunDetails out;
        out.run = toBrowserRun(d.summary);
        out.configJson = qs(d.configJson);
        out.seed = d.seed;
        out.appVersion = qs(d.appVersion);
        out.message = qs(d.summary.message);
        for (const auto& m : history().metricSummary(runId)) {
            out.metrics.push_back(
                {qs(m.phase), qs(m.metric), m.finalValue, m.finalEpoch, m.bestValue, m.bestEpoch});
        }
        Q_EMIT m_answers->detailsLoaded(out);
    });
}

void HistoryBrowserWorker::loadConfig(qint64 runId, ConfigPurpose purpose)
{
    guarded([&] { Q_EMIT m_answers->configLoaded(runId, purpose, qs(details(runId).configJson)); });
}

void HistoryBrowserWorker::setNotes(qint64 runId, const QString& notes)
{
    guarded([&] {
        history().setNotes(runId, notes.toStdString());
        Q_EMIT m_answers->edited(runId);
    });
}

void HistoryBrowserWorker::setTags(qint64 runId, const QStringList& tags)
{
    guarded([&] {
        std::set<std::string> wanted;
        for (const auto& t : tags) {
            if (!t.trimmed().isEmpty()) {
                wanted.insert(t.trimmed().toStdString());
            }
        }
        const auto now = details(runId).summary.tags;
        for (const auto& t : now) {
            if (!wanted.contains(t)) {
                history().removeTag(runId, t);
            }
        }
        for (const auto& t : wanted) {
            if (std::find(now.begin(), now.end(), t) == now.end()) {
                history().addTag(runId, t);
            }
        }
        Q_EMIT m_answers->edited(runId);
    });
}

void HistoryBrowserWorker::deleteRuns(const QList<qint64>& runIds)
{
    guarded([&] {
        QList<qint64> done;
        try {
            for (const auto id : runIds) {
                history().deleteRun(id);
                done.push_back(id);
            }
        } catch (...) {
            if (!done.isEmpty()) {
                Q_EMIT m_answers->deleted(done); // those went; the failure is said next
            }
            throw;
        }
        Q_EMIT m_answers->deleted(done);
    });
}

void HistoryBrowserWorker::exportRuns(
    const QList<qint64>& runIds, const QString& path, bool csv, const QStringList& metrics)
{
    guarded([&] {
        std::string text;
        if (csv) {
            std::vector<store::RunSummary> runs;
            for (const auto id : runIds) {
                runs.push_back(details(id).summary);
            }
            text = store::runsCsv(runs, stdList(metrics));
        } else if (runIds.size() == 1) {
            text = history().exportRunJson(runIds.front(), false);
        } else {
            text = "[\n";
            for (qsizetype k = 0; k < runIds.size(); ++k) {
                text += (k == 0 ? "" : ",\n") + history().exportRunJson(runIds[k], false);
            }
            text += "\n]\n";
        }
        writeFile(path, text);
        Q_EMIT m_answers->exported(path, static_cast<int>(runIds.size()));
    });
}

HistoryBrowserReader::HistoryBrowserReader(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new HistoryBrowserWorker(this))
{
    qRegisterMetaType<kdw::ui::BrowserQuery>();
    qRegisterMetaType<kdw::ui::BrowserRun>();
    qRegisterMetaType<kdw::ui::BrowserPage>();
    qRegisterMetaType<kdw::ui::BrowserRunDetails>();
    m_thread->setObjectName(QStringLiteral("history browser reader"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

HistoryBrowserReader::~HistoryBrowserReader()
{
    m_thread->quit();
    m_thread->wait();
}

void HistoryBrowserReader::setHistoryPath(const QString& path)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, path] { w->setHistoryPath(path); }, Qt::QueuedConnection);
}

void HistoryBrowserReader::fetchPage(
    quint64 request, const BrowserQuery& query, int offset, int limit)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, request, query, offset, limit] {
            w->fetchPage(request, query, offset, limit);
        },
        Qt::QueuedConnection);
}

void HistoryBrowserReader::loadDetails(qint64 runId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, runId] { w->loadDetails(runId); }, Qt::QueuedConnection);
}

void HistoryBrowserReader::loadConfig(qint64 runId, ConfigPurpose purpose)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, runId, purpose] { w->loadConfig(runId, purpose); },
        Qt::QueuedConnection);
}

void HistoryBrowserReader::setNotes(qint64 runId, const QString& notes)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, runId, notes] { w->setNotes(runId, notes); },
        Qt::QueuedConnection);
}

void HistoryBrowserReader::setTags(qint64 runId, const QStringList& tags)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, runId, tags] { w->setTags(runId, tags); }, Qt::QueuedConnection);
}

void HistoryBrowserReader::deleteRuns(const QList<qint64>& runIds)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, runIds] { w->deleteRuns(runIds); }, Qt::QueuedConnection);
}

void HistoryBrowserReader::exportRuns(
    const QList<qint64>& runIds, const QString& path, bool csv, const QStringList& metrics)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, runIds, path, csv, metrics] { w->exportRuns(runIds, path, csv, metrics); },
        Qt::QueuedConnection);
}

} // namespace kdw::ui
