// SPDX-License-Identifier: MIT
#include "ui/services/teacher_loader.h"

#include <algorithm>
#include <stdexcept>
#include <stop_token>

#include <QThread>

#include "core/experiment/saved_models.h"
#include "core/store/history.h"

namespace kdw::ui {
namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

// The smallest and largest of the teacher's logits over the validation pairs.
std::pair<double, double> logitRange(experiment::SavedModels& m)
{
    const auto& v = m.data.split.validation;
    if (v.size() == 0) {
        return {0.0, 0.0};
    }
    const auto logits = m.teacher->predict(v.users, v.items);
    return {static_cast<double>(logits.minCoeff()), static_cast<double>(logits.maxCoeff())};
}

} // namespace

// Lives on the loader's thread: owns its history connection and the loaded models, and answers
// through the loader's signals (emitted on this thread, so delivered queued to the GUI thread's
// receivers). Every call catches at its edge and answers failed().
class TeacherLoaderWorker : public QObject {
public:
    TeacherLoaderWorker(TeacherLoader* answers, std::stop_token stop)
        : m_answers(answers)
        , m_stop(std::move(stop))
    {
    }
    void setHistoryPath(const QString& path);
    void listRuns();
    void loadRun(qint64 runId);
    void scoreUser(int userIndex);

private:
    store::History& history(); // opened on first use, on this thread
    // Runs `fn`, reporting any exception as failed().
    template <typename Fn> void guarded(Fn&& fn);

    TeacherLoader* m_answers; // outlives this worker (its destructor waits for the thread)
    std::stop_token m_stop;
    QString m_path;
    std::unique_ptr<store::History> m_history;
    std::unique_ptr<experiment::SavedModels> m_models; // the loaded run; null before the first
};

template <typename Fn> void TeacherLoaderWorker::guarded(Fn&& fn)
{
    try {
        fn();
    } catch (const std::exception& e) {
        Q_EMIT m_answers->failed(qs(e.what()));
    } catch (...) {
        Q_EMIT m_answers->failed(TeacherLoader::tr("the run could not be read (unknown error)"));
    }
}

store::History& TeacherLoaderWorker::history()
{
    if (m_path.isEmpty()) {
        throw std::runtime_error("no run history is open");
    }
    if (!m_history) {
        m_history = std::make_unique<store::History>(m_path.toStdString());
    }
    return *m_history;
}

void TeacherLoaderWorker::setHistoryPath(const QString& path)
{
    if (path != m_path) {
        m_history.reset();
        m_models.reset();
        m_path = path;
    }
}

void TeacherLoaderWorker::listRuns()
{
    guarded([&] {
        QList<ExplorerRun> out;
        auto& h = history();
        for (const auto& r : h.listRuns()) {
            if (const auto teacher = experiment::teacherRunOf(h, r.id)) {
                out.push_back({r.id, qs(r.name), qs(r.method), *teacher});
            }
        }
        Q_EMIT m_answers->runsListed(out);
    });
}

void TeacherLoaderWorker::loadRun(qint64 runId)
{
    guarded([&] {
        m_models.reset();
        auto models = std::make_unique<experiment::SavedModels>(
            experiment::loadSavedModels(history(), runId, m_stop));
        LoadedTeacher info;
        info.runId = runId;
        info.teacherRun = models->teacherRun;
        info.dataset = qs(models->data.dataset.name);
        info.users = static_cast<int>(models->data.split.evalUsers.size());
        info.candidates = models->data.split.evalNegatives.empty()
            ? 0
            : static_cast<int>(models->data.split.evalNegatives.front().size()) + 1;
        info.hasStudent = models->student != nullptr;
        info.runTemperature = models->config.distillation.temperature;
        std::tie(info.logitMin, info.logitMax) = logitRange(*models);
        m_models = std::move(models);
        Q_EMIT m_answers->runLoaded(info);
        if (info.users > 0) {
            scoreUser(0);
        }
    });
}

void TeacherLoaderWorker::scoreUser(int userIndex)
{
    guarded([&] {
        if (!m_models) {
            throw std::runtime_error("no run is loaded");
        }
        const auto c = experiment::scoreCandidates(*m_models, static_cast<std::size_t>(userIndex));
        CandidateList out;
        out.runId = m_models->runId;
        out.userIndex = userIndex;
        out.userId = qs(c.userId);
        for (const auto& id : c.itemIds) {
            out.itemIds << qs(id);
        }
        out.teacher = QList<double>(c.teacher.begin(), c.teacher.end());
        if (c.student) {
            out.student = QList<double>(c.student->begin(), c.student->end());
        }
        Q_EMIT m_answers->candidatesScored(out);
    });
}

TeacherLoader::TeacherLoader(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new TeacherLoaderWorker(this, m_stop.get_token()))
{
    qRegisterMetaType<kdw::ui::ExplorerRun>();
    qRegisterMetaType<kdw::ui::LoadedTeacher>();
    qRegisterMetaType<kdw::ui::CandidateList>();
    m_thread->setObjectName(QStringLiteral("teacher loader"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

TeacherLoader::~TeacherLoader()
{
    m_stop.request_stop(); // a load in flight ends between its steps
    m_thread->quit();
    m_thread->wait();
}

void TeacherLoader::setHistoryPath(const QString& path)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, path] { w->setHistoryPath(path); }, Qt::QueuedConnection);
    listRuns();
}

void TeacherLoader::listRuns()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->listRuns(); }, Qt::QueuedConnection);
}

void TeacherLoader::loadRun(qint64 runId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, runId] { w->loadRun(runId); }, Qt::QueuedConnection);
}

void TeacherLoader::scoreUser(int userIndex)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, userIndex] { w->scoreUser(userIndex); }, Qt::QueuedConnection);
}

} // namespace kdw::ui
