// SPDX-License-Identifier: MIT
// The run queue: every run the window trains, each on its own worker and QThread, as many at once
// as the concurrency allows (default: one per core). It owns its workers and threads (quit();
// wait() on shutdown, never a thread destroyed while running), one std::stop_source and one
// PauseGate per run, and gives each run the compute threads core's computeThreadsPerRun allows for
// the runs trained at once. Runs that share a teacher (same teacher model and training, dataset and
// seed, and no teacher.from_run of their own) train it once: the first trains it, the others wait
// for it and take it with teacher.from_run. GUI thread; no exception leaves a worker (RunWorker).
#pragma once

#include <map>
#include <memory>
#include <stop_token>

#include <QList>
#include <QObject>
#include <QString>

#include "core/common/progress.h"
#include "core/train/config.h"
#include "ui/types.h"

class QThread;

namespace kdw::ui {

class RunQueue : public QObject {
    Q_OBJECT
public:
    enum class State { Queued, WaitingForTeacher, Running, Paused, Finished, Cancelled, Failed };

    explicit RunQueue(QString historyPath, QObject* parent = nullptr);
    // Cancels every run and waits for its thread (within one batch).
    ~RunQueue() override;
    RunQueue(const RunQueue&) = delete;
    RunQueue& operator=(const RunQueue&) = delete;

    // Queues a run (the config is copied); returns its item id (1, 2, ... for this queue). With
    // `first` ("Run now") it goes before every queued run and starts at the next free slot.
    qint64 enqueue(train::ExperimentConfig config, bool first = false);

    // The history runs started from now on are recorded in (the window's, or its backup).
    void setHistoryPath(const QString& path) { m_historyPath = path; }

    // How many runs train at once, >= 1; default availableCores().
    void setConcurrency(int runs);
    [[nodiscard]] int concurrency() const { return m_concurrency; }

    // Per run: a queued run paused is held back; a running one stops at its next batch boundary,
    // holding no core and no slot (the next queued run starts in its place). A resumed run that
    // was running goes on at once when a slot is free, else it waits (state Queued, its thread
    // kept) and is resumed before any new run starts. Cancel: a queued run is dropped (never
    // recorded); a running or paused one ends within one batch and is recorded cancelled with its
    // finished epochs.
    void pause(qint64 item);
    void resume(qint64 item);
    void cancel(qint64 item);
    void pauseAll();
    void resumeAll();
    void cancelAll();

    [[nodiscard]] State state(qint64 item) const;
    [[nodiscard]] qint64 runId(qint64 item) const; // 0 until the history has the run
    [[nodiscard]] int computeThreads(qint64 item) const; // given when it started; 0 before
    // The saved run the item takes its teacher from (an id or uuid, as teacher.from_run says:
    // its own, or the run of this queue that trained the shared teacher); empty when it trains
    // its own teacher.
    [[nodiscard]] QString teacherSource(qint64 item) const;
    // Runs queued, waiting, running or paused.
    [[nodiscard]] int activeCount() const;
    [[nodiscard]] int runningCount() const; // on a thread now (paused ones included)
    // Runs that hold a slot: on a thread and not paused (at most concurrency()).
    [[nodiscard]] int slotsInUse() const;

    // Cancels everything and blocks until every thread has ended (each within one batch). For the
    // window's close, after it asked.
    void shutdown();

    [[nodiscard]] static QString stateText(State state);

Q_SIGNALS:
    void queued(qint64 item, const QString& name, int epochs);
    void stateChanged(qint64 item, kdw::ui::RunQueue::State state);
    void runCreated(qint64 item, qint64 runId);
    void phaseStarted(qint64 item, const QString& phase);
    void epochFinished(qint64 item, qint64 runId, const kdw::ui::EpochPoint& epoch);
    void progress(qint64 item, const kdw::ui::ProgressPoint& progress);
    // A run ended: its history status (finished, cancelled, diverged, failed) and message.
    void ended(qint64 item, qint64 runId, const QString& status, const QString& message);
    void idle(); // nothing left to run

private:
    struct Item {
        qint64 id = 0;
        train::ExperimentConfig config;
        State state = State::Queued;
        bool first = false; // "Run now": before the other queued runs
        qint64 runId = 0;
        int threads = 0;
        qint64 teacherFrom = 0; // the item whose teacher this one waits for; 0 = none
        bool resumeWanted = false; // paused on its thread, resumed, waiting for a slot
        bool reachedStudent = false; // its teacher phase ended (trained or loaded)
        bool teacherReady = false; // this item's run has a trained teacher in the history
        std::stop_source stop;
        std::unique_ptr<PauseGate> gate = std::make_unique<PauseGate>();
        QThread* thread = nullptr; // owned (child of the queue) while it runs
    };

    void schedule();
    [[nodiscard]] Item* nextStartable();
    [[nodiscard]] Item* nextResumable(); // a paused run on its thread the user resumed
    void start(Item& item);
    void onEnded(qint64 item, qint64 runId, const QString& status, const QString& message);
    void linkTeacher(Item& item);
    void setState(Item& item, State state);
    [[nodiscard]] bool startable(const Item& item) const;
    [[nodiscard]] Item* find(qint64 item);
    [[nodiscard]] const Item* find(qint64 item) const;

    QString m_historyPath;
    int m_concurrency;
    qint64 m_next = 1;
    std::map<qint64, std::unique_ptr<Item>> m_items;
    bool m_shuttingDown = false;
};

// The key of a run's teacher: runs with equal keys train the same teacher (same model, training,
// data and seed). Empty when the run takes its teacher from a saved run.
QString teacherKey(const train::ExperimentConfig& config);

} // namespace kdw::ui

Q_DECLARE_METATYPE(kdw::ui::RunQueue::State)
