// SPDX-License-Identifier: MIT
#include "ui/services/compare_loader.h"

#include <memory>
#include <optional>

#include <QThread>

#include "core/store/history.h"

namespace kdw::ui {
namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

// One stored run as the compare view reads it; std::nullopt when there is no such run.
std::optional<compare::CompareRun> readRun(store::History& h, qint64 id)
{
    const auto details = h.run(id);
    if (!details) {
        return std::nullopt;
    }
    compare::CompareRun r;
    r.id = id;
    r.name = qs(details->summary.name);
    r.method = qs(details->summary.method);
    r.status = qs(details->summary.status);
    r.seed = details->seed;
    r.config = compare::flattenConfig(QByteArray::fromStdString(details->configJson));
    for (const auto& m : h.metricSummary(id)) {
        if (m.phase == "student") {
            r.finals.insert(qs(m.metric), m.finalValue);
            r.bests.insert(qs(m.metric), m.bestValue);
        }
    }
    for (const auto& e : h.epochs(id)) {
        r.epochs << toEpochPoint(e);
    }
    return r;
}

} // namespace

// Lives on the loader's thread and owns its history connection; every call catches at its edge
// and answers failed().
class CompareLoaderWorker : public QObject {
public:
    CompareLoaderWorker(CompareLoader* answers, QString path)
        : m_answers(answers)
        , m_path(std::move(path))
    {
    }

    void load(const QList<qint64>& ids, int request)
    {
        try {
            if (!m_history) {
                m_history = std::make_unique<store::History>(m_path.toStdString());
            }
            QList<compare::CompareRun> runs;
            for (const qint64 id : ids) {
                if (auto r = readRun(*m_history, id)) {
                    runs << std::move(*r);
                }
            }
            Q_EMIT m_answers->loaded(request, runs);
        } catch (const std::exception& e) {
            Q_EMIT m_answers->failed(request, qs(e.what()));
        } catch (...) {
            Q_EMIT m_answers->failed(request, CompareLoader::tr("the runs could not be read"));
        }
    }

private:
    CompareLoader* m_answers; // outlives this worker (its destructor waits for the thread)
    QString m_path;
    std::unique_ptr<store::History> m_history; // opened on first use, on this thread
};

CompareLoader::CompareLoader(const QString& historyPath, QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new CompareLoaderWorker(this, historyPath))
{
    qRegisterMetaType<kdw::ui::compare::CompareRun>();
    qRegisterMetaType<QList<kdw::ui::compare::CompareRun>>();
    m_thread->setObjectName(QStringLiteral("compare loader"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

CompareLoader::~CompareLoader()
{
    m_thread->quit();
    m_thread->wait();
}

void CompareLoader::load(const QList<qint64>& runIds, int request)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, runIds, request] { w->load(runIds, request); },
        Qt::QueuedConnection);
}

} // namespace kdw::ui
