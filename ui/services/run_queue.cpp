// SPDX-License-Identifier: MIT
#include "ui/services/run_queue.h"

#include <QThread>

#include "core/common/compute_threads.h"
#include "ui/services/run_worker.h"

namespace kdw::ui {

namespace {

bool isOver(RunQueue::State s)
{
    return s == RunQueue::State::Finished || s == RunQueue::State::Cancelled
        || s == RunQueue::State::Failed;
}

RunQueue::State endState(const QString& status)
{
    if (status == ui::stateText(train::RunState::Cancelled)) {
        return RunQueue::State::Cancelled;
    }
    if (status == ui::stateText(train::RunState::Finished)) {
        return RunQueue::State::Finished;
    }
    return RunQueue::State::Failed; // diverged or failed
}

} // namespace

QString teacherKey(const train::ExperimentConfig& config)
{
    if (config.teacher.fromRun) {
        return {};
    }
    // What the teacher's weights depend on: its model and training, the data and the seed (and
    // the evaluation, which early stopping may read). Everything else is reset.
    train::ExperimentConfig c;
    c.seed = config.seed;
    c.dataset = config.dataset;
    c.teacher = config.teacher;
    c.eval = config.eval;
    return QString::fromStdString(train::configToJson(c, 0));
}

RunQueue::RunQueue(QString historyPath, QObject* parent)
    : QObject(parent)
    , m_historyPath(std::move(historyPath))
    , m_concurrency(availableCores())
{
    qRegisterMetaType<kdw::ui::RunQueue::State>();
    qRegisterMetaType<kdw::ui::EpochPoint>();
    qRegisterMetaType<kdw::ui::ProgressPoint>();
}

RunQueue::~RunQueue()
{
    shutdown();
}

QString RunQueue::stateText(State state)
{
    switch (state) {
    case State::Queued:
        return tr("queued");
    case State::WaitingForTeacher:
        return tr("waiting for its teacher");
    case State::Running:
        return tr("running");
    case State::Paused:
        return tr("paused");
    case State::Finished:
        return tr("finished");
    case State::Cancelled:
        return tr("cancelled");
    case State::Failed:
        return tr("failed");
    }
    return {};
}

RunQueue::Item* RunQueue::find(qint64 item)
{
    const auto it = m_items.find(item);
    return it == m_items.end() ? nullptr : it->second.get();
}

const RunQueue::Item* RunQueue::find(qint64 item) const
{
    const auto it = m_items.find(item);
    return it == m_items.end() ? nullptr : it->second.get();
}

qint64 RunQueue::enqueue(train::ExperimentConfig config, bool first)
{
    auto item = std::make_unique<Item>();
    item->id = m_next++;
    item->config = std::move(config);
    item->first = first;
    auto& ref = *item;
    m_items.emplace(ref.id, std::move(item));
    linkTeacher(ref);
    ref.state = ref.teacherFrom != 0 ? State::WaitingForTeacher : State::Queued;
    const auto& c = ref.config;
    Q_EMIT queued(ref.id, QString::fromStdString(c.name),
        c.student.training.epochs
            + (ref.teacherFrom != 0 || c.teacher.fromRun ? 0 : c.teacher.training.epochs));
    Q_EMIT stateChanged(ref.id, ref.state);
    schedule();
    return ref.id;
}

// The earliest other run with the same teacher that trains it (and has not ended without it)
// becomes this run's teacher source.
void RunQueue::linkTeacher(Item& item)
{
    item.teacherFrom = 0;
    const QString key = teacherKey(item.config);
    if (key.isEmpty()) {
        return;
    }
    for (const auto& [id, other] : m_items) {
        if (id >= item.id) {
            break;
        }
        const bool viable = !isOver(other->state) || other->teacherReady;
        if (other->teacherFrom == 0 && viable && teacherKey(other->config) == key) {
            item.teacherFrom = id;
            return;
        }
    }
}

void RunQueue::setConcurrency(int runs)
{
    m_concurrency = std::max(1, runs);
    schedule();
}

void RunQueue::setState(Item& item, State state)
{
    if (item.state != state) {
        item.state = state;
        Q_EMIT stateChanged(item.id, state);
    }
}

bool RunQueue::startable(const Item& item) const
{
    if (item.thread != nullptr) {
        return false; // paused on its thread: resumed by schedule(), never started twice
    }
    if (item.state != State::Queued && item.state != State::WaitingForTeacher) {
        return false;
    }
    if (item.teacherFrom == 0) {
        return true;
    }
    const auto* source = find(item.teacherFrom);
    return source != nullptr && source->teacherReady;
}

int RunQueue::runningCount() const
{
    int n = 0;
    for (const auto& [id, item] : m_items) {
        n += item->thread != nullptr && !isOver(item->state) ? 1 : 0;
    }
    return n;
}

int RunQueue::slotsInUse() const
{
    int n = 0;
    for (const auto& [id, item] : m_items) {
        n += item->thread != nullptr && item->state == State::Running ? 1 : 0;
    }
    return n;
}

int RunQueue::activeCount() const
{
    int n = 0;
    for (const auto& [id, item] : m_items) {
        n += isOver(item->state) ? 0 : 1;
    }
    return n;
}

void RunQueue::schedule()
{
    if (m_shuttingDown) {
        return;
    }
    // A paused run holds no slot; one resumed while every slot was taken goes first.
    while (slotsInUse() < m_concurrency) {
        if (Item* resumed = nextResumable(); resumed != nullptr) {
            resumed->resumeWanted = false;
            resumed->gate->resume();
            setState(*resumed, State::Running);
            continue;
        }
        Item* next = nextStartable();
        if (next == nullptr) {
            return;
        }
        start(*next);
    }
}

RunQueue::Item* RunQueue::nextResumable()
{
    for (auto& [id, item] : m_items) {
        if (item->resumeWanted && item->thread != nullptr && !isOver(item->state)) {
            return item.get();
        }
    }
    return nullptr;
}

// The first startable run queued with `first`, else the first startable one.
RunQueue::Item* RunQueue::nextStartable()
{
    Item* next = nullptr;
    for (auto& [id, item] : m_items) {
        if (startable(*item) && (next == nullptr || (item->first && !next->first))) {
            next = item.get();
        }
    }
    return next;
}

void RunQueue::start(Item& item)
{
    auto config = item.config;
    if (item.teacherFrom != 0) {
        config.teacher.fromRun = std::to_string(find(item.teacherFrom)->runId);
    }
    item.threads = computeThreadsPerRun(m_concurrency, config.threads);
    config.threads = item.threads;
    const qint64 id = item.id;
    auto* thread = new QThread(this);
    auto* worker
        = new RunWorker(std::move(config), m_historyPath, item.stop.get_token(), item.gate.get());
    worker->moveToThread(thread);
    item.thread = thread;
    connect(thread, &QThread::started, worker, &RunWorker::start);
    connect(worker, &RunWorker::finished, thread, &QThread::quit);
    connect(worker, &RunWorker::failed, thread, &QThread::quit);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, id, thread] {
        if (auto* it = find(id); it != nullptr && it->thread == thread) {
            it->thread = nullptr;
        }
        thread->deleteLater();
        schedule();
    });
    connect(worker, &RunWorker::runCreated, this, [this, id](qint64 runId) {
        find(id)->runId = runId;
        Q_EMIT runCreated(id, runId);
    });
    connect(worker, &RunWorker::phaseStarted, this, [this, id](const QString& phase) {
        find(id)->reachedStudent = phase == QLatin1String("student");
        Q_EMIT phaseStarted(id, phase);
    });
    connect(worker, &RunWorker::teacherSaved, this, [this, id] {
        // Its teacher is in the history now: the runs waiting to borrow it can start while this
        // one's student trains (or while it is paused).
        find(id)->teacherReady = true;
        for (auto& [otherId, other] : m_items) {
            if (other->teacherFrom == id && other->state == State::WaitingForTeacher) {
                setState(*other, State::Queued); // no longer waiting for its teacher: for a slot
            }
        }
        schedule();
    });
    connect(worker, &RunWorker::epochFinished, this,
        [this, id](const EpochPoint& e) { Q_EMIT epochFinished(id, find(id)->runId, e); });
    connect(worker, &RunWorker::progress, this,
        [this, id](const ProgressPoint& p) { Q_EMIT progress(id, p); });
    connect(worker, &RunWorker::finished, this,
        [this, id](qint64 runId, const QString& status, const QString& message) {
            onEnded(id, runId, status, message);
        });
    connect(worker, &RunWorker::failed, this, [this, id](const QString& message) {
        onEnded(id, find(id)->runId, ui::stateText(train::RunState::Failed), message);
    });
    setState(item, item.gate->paused() ? State::Paused : State::Running);
    thread->start();
}

void RunQueue::onEnded(qint64 id, qint64 runId, const QString& status, const QString& message)
{
    auto* item = find(id);
    item->runId = runId != 0 ? runId : item->runId;
    // The teacher is in the history once a run that trained it ended past its teacher phase.
    const bool trainsTeacher = item->teacherFrom == 0 && !item->config.teacher.fromRun;
    item->teacherReady = item->teacherReady
        || (trainsTeacher && item->runId != 0 && item->reachedStudent
            && status != ui::stateText(train::RunState::Failed));
    setState(*item, endState(status));
    Q_EMIT ended(id, item->runId, status, message);
    for (auto& [otherId, other] : m_items) {
        if (other->teacherFrom == id && !item->teacherReady && !isOver(other->state)) {
            linkTeacher(*other); // its teacher source failed: train it here, or follow another
            setState(*other, other->teacherFrom != 0 ? State::WaitingForTeacher : State::Queued);
        }
    }
    schedule();
    if (activeCount() == 0) {
        Q_EMIT idle();
    }
}

void RunQueue::pause(qint64 id)
{
    auto* item = find(id);
    if (item == nullptr || isOver(item->state) || item->state == State::Paused) {
        return;
    }
    item->gate->pause();
    item->resumeWanted = false;
    setState(*item, State::Paused);
    schedule(); // its slot is free: the next queued run starts
}

void RunQueue::resume(qint64 id)
{
    auto* item = find(id);
    if (item == nullptr || item->state != State::Paused) {
        return;
    }
    if (item->thread != nullptr) {
        // It goes on when a slot is free (now, or when a run ends or pauses); till then Queued.
        item->resumeWanted = true;
        setState(*item, State::Queued);
        schedule();
    } else {
        item->gate->resume();
        setState(*item, item->teacherFrom != 0 ? State::WaitingForTeacher : State::Queued);
        schedule();
    }
}

void RunQueue::cancel(qint64 id)
{
    auto* item = find(id);
    if (item == nullptr || isOver(item->state)) {
        return;
    }
    item->stop.request_stop(); // wakes a paused run too
    if (item->thread == nullptr) {
        onEnded(
            id, 0, ui::stateText(train::RunState::Cancelled), tr("Cancelled before it started."));
    }
}

void RunQueue::pauseAll()
{
    // Queued runs first, so that pausing a running one (which frees its slot) starts none of them.
    for (auto& [id, item] : m_items) {
        if (item->thread == nullptr) {
            pause(id);
        }
    }
    for (auto& [id, item] : m_items) {
        pause(id);
    }
}

void RunQueue::resumeAll()
{
    for (auto& [id, item] : m_items) {
        resume(id);
    }
}

void RunQueue::cancelAll()
{
    // Queued runs first, so that cancelling a running one starts none of them.
    for (auto& [id, item] : m_items) {
        if (item->thread == nullptr) {
            cancel(id);
        }
    }
    for (auto& [id, item] : m_items) {
        cancel(id);
    }
}

void RunQueue::shutdown()
{
    m_shuttingDown = true;
    for (auto& [id, item] : m_items) {
        if (!isOver(item->state)) {
            item->stop.request_stop();
            if (item->thread == nullptr) {
                item->state = State::Cancelled;
            }
        }
    }
    for (auto& [id, item] : m_items) {
        if (item->thread != nullptr) {
            item->thread->quit();
            item->thread->wait(); // the run ends within one batch
        }
    }
}

RunQueue::State RunQueue::state(qint64 id) const
{
    const auto* item = find(id);
    return item != nullptr ? item->state : State::Failed;
}

qint64 RunQueue::runId(qint64 id) const
{
    const auto* item = find(id);
    return item != nullptr ? item->runId : 0;
}

QString RunQueue::teacherSource(qint64 id) const
{
    const auto* item = find(id);
    if (item == nullptr) {
        return {};
    }
    if (item->teacherFrom != 0) {
        const auto* source = find(item->teacherFrom);
        return source != nullptr && source->runId != 0 ? QString::number(source->runId) : QString();
    }
    return item->config.teacher.fromRun ? QString::fromStdString(*item->config.teacher.fromRun)
                                        : QString();
}

int RunQueue::computeThreads(qint64 id) const
{
    const auto* item = find(id);
    return item != nullptr ? item->threads : 0;
}

} // namespace kdw::ui
