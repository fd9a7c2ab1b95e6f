// SPDX-License-Identifier: MIT
// The run queue offscreen, on real tiny runs and a temporary history: two runs train at once and
// both are recorded; a paused-then-resumed run records the numbers of the same run never paused;
// cancel keeps the finished epochs and records 'cancelled'; destroying the queue with runs active
// (the window's close) ends them cleanly; runs sharing a teacher train it once. The model's rows
// show the whole run's progress.
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "core/common/compute_threads.h"
#include "core/store/history.h"
#include "tests/support/configs.h"
#include "ui/model/curve_store.h"
#include "ui/model/run_queue_model.h"
#include "ui/queue/queue_view.h"
#include "ui/queue/sweep_dialog.h"
#include "ui/queue/sweep_plan.h"
#include "ui/services/run_queue.h"

using kdw::ui::RunQueue;
using State = kdw::ui::RunQueue::State;

namespace {

kdw::train::ExperimentConfig config(std::uint64_t seed, int teacherEpochs = 8)
{
    auto c = kdw::test::tinyConfig("soft_target");
    c.seed = seed;
    c.name = "queued seed " + std::to_string(seed);
    c.teacher.training.epochs = teacherEpochs;
    return c;
}

// Every metric but the wall-clock ones, per epoch, of a run in the history.
QList<QMap<QString, double>> numbers(kdw::store::History& h, qint64 run)
{
    QList<QMap<QString, double>> out;
    for (const auto& e : h.epochs(run)) {
        QMap<QString, double> m;
        for (const auto& [k, v] : e.metrics) {
            if (k != "examples_per_s" && k != "seconds") {
                m.insert(QString::fromStdString(e.phase + "." + k), v);
            }
        }
        out.append(m);
    }
    return out;
}

std::string status(kdw::store::History& h, qint64 run)
{
    return h.run(run)->summary.status;
}

} // namespace

class RunQueueTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QVERIFY(m_dir.isValid()); }

    void twoRunsTrainAtOnceAndBothAreRecorded()
    {
        const QString db = m_dir.filePath(QStringLiteral("two.sqlite"));
        RunQueue queue(db);
        queue.setConcurrency(2);
        kdw::ui::RunQueueModel model(&queue);
        kdw::ui::CurveStore store;
        connect(&queue, &RunQueue::epochFinished, &store,
            [&store](qint64, qint64 run, const kdw::ui::EpochPoint& e) { store.append(run, e); });
        int mostAtOnce = 0;
        connect(&queue, &RunQueue::stateChanged, this,
            [&] { mostAtOnce = std::max(mostAtOnce, queue.runningCount()); });
        QList<double> progressOfFirst;
        connect(&model, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& tl) {
            if (tl.row() == 0) {
                progressOfFirst.append(model.progress(0));
            }
        });
        QSignalSpy idle(&queue, &RunQueue::idle);
        const auto a = queue.enqueue(config(1));
        const auto b = queue.enqueue(config(2));
        QCOMPARE(queue.runningCount(), 2); // different seeds: two teachers, both start at once
        QCOMPARE(queue.computeThreads(a), kdw::computeThreadsPerRun(2, 1));
        QVERIFY(idle.wait(120'000));
        QCOMPARE(mostAtOnce, 2);
        QCOMPARE(queue.state(a), State::Finished);
        QCOMPARE(queue.state(b), State::Finished);

        kdw::store::History h(db.toStdString());
        const auto runs = h.listRuns();
        QCOMPARE(runs.size(), std::size_t {2});
        for (const auto& r : runs) {
            QCOMPARE(r.status, std::string("finished"));
            QCOMPARE(h.epochs(r.id).size(), std::size_t {12}); // 8 teacher + 4 student
            const kdw::ui::CurveKey key {
                r.id, QStringLiteral("student"), QStringLiteral("ndcg@10")};
            QCOMPARE(store.points(key).size(), 4);
        }
        // The row's progress is the whole run's: it only grows, and ends at 1.
        QVERIFY(std::is_sorted(progressOfFirst.begin(), progressOfFirst.end()));
        QCOMPARE(model.progress(0), 1.0);
        QCOMPARE(model.data(model.index(0, kdw::ui::RunQueueModel::State), Qt::DisplayRole),
            QVariant(RunQueue::stateText(State::Finished)));
    }

    void aPausedThenResumedRunRecordsTheNumbersOfTheRunNeverPaused()
    {
        const QString db = m_dir.filePath(QStringLiteral("pause.sqlite"));
        qint64 plainRun = 0;
        {
            RunQueue plain(db);
            QSignalSpy idle(&plain, &RunQueue::idle);
            const auto item = plain.enqueue(config(5));
            QVERIFY(idle.wait(120'000));
            plainRun = plain.runId(item);
        }
        RunQueue queue(db); // a queue of its own: it does not reuse the first run's teacher
        QSignalSpy idle(&queue, &RunQueue::idle);
        QList<State> states;
        connect(&queue, &RunQueue::stateChanged, this, [&](qint64, State s) { states.append(s); });
        const auto item = queue.enqueue(config(5));
        bool paused = false;
        bool resumed = false;
        connect(&queue, &RunQueue::epochFinished, this,
            [&](qint64 it, qint64, const kdw::ui::EpochPoint& e) {
                if (!paused && e.epoch == 3) {
                    paused = true;
                    queue.pause(it);
                    QTimer::singleShot(400, &queue, [&queue, &resumed, it] {
                        resumed = queue.state(it) == State::Paused; // still held at the gate
                        queue.resume(it);
                    });
                }
            });
        QVERIFY(idle.wait(120'000));
        QVERIFY(paused);
        QVERIFY(resumed); // it was paused, not over, when resumed 400 ms later
        QVERIFY(states.contains(State::Paused));
        QCOMPARE(queue.state(item), State::Finished);
        kdw::store::History h(db.toStdString());
        const auto expected = numbers(h, plainRun);
        const auto got = numbers(h, queue.runId(item));
        QCOMPARE(got.size(), 12);
        QCOMPARE(got, expected); // bit-identical doubles
    }

    void aPausedRunHoldsNoSlotAndResumingWaitsForOne()
    {
        // One slot: pausing the running run starts the queued one; resuming the first while the
        // second trains leaves it waiting (queued, on its thread) until the second ends.
        const QString db = m_dir.filePath(QStringLiteral("slot.sqlite"));
        RunQueue queue(db);
        queue.setConcurrency(1);
        QSignalSpy idle(&queue, &RunQueue::idle);
        int mostHoldingSlots = 0;
        connect(&queue, &RunQueue::stateChanged, this,
            [&] { mostHoldingSlots = std::max(mostHoldingSlots, queue.slotsInUse()); });
        const auto first = queue.enqueue(config(21, 40));
        // The second trains long enough that it is still running when the GUI thread handles its
        // first epoch's signal (with 4 epochs it could end before that under load, freeing the
        // slot).
        const auto second = queue.enqueue(config(22, 40));
        State firstWhileSecondRan = State::Failed;
        State secondWhenResumed = State::Failed;
        State firstBeforeResume = State::Failed;
        bool pausedFirst = false;
        int firstEpochs = 0;
        connect(&queue, &RunQueue::epochFinished, this,
            [&](qint64 it, qint64, const kdw::ui::EpochPoint& e) {
                firstEpochs += it == first ? 1 : 0;
                if (it == first && !pausedFirst && e.epoch == 2) {
                    pausedFirst = true;
                    queue.pause(first);
                }
                if (it == second && e.epoch == 1 && e.phase == QLatin1String("teacher")) {
                    secondWhenResumed = queue.state(second);
                    firstBeforeResume = queue.state(first);
                    queue.resume(first); // no slot is free: it waits
                    firstWhileSecondRan = queue.state(first);
                }
            });
        QTRY_VERIFY_WITH_TIMEOUT(pausedFirst, 60'000);
        QVERIFY(idle.wait(180'000));
        // Checked inside the handler (the second's first epoch), not here: by the time a wait
        // here returns, that handler may already have resumed the first.
        QCOMPARE(secondWhenResumed, State::Running);
        QCOMPARE(firstBeforeResume, State::Paused);
        QCOMPARE(firstWhileSecondRan, State::Queued);
        QCOMPARE(mostHoldingSlots, 1); // never two runs on cores at once
        QCOMPARE(queue.state(first), State::Finished);
        QCOMPARE(queue.state(second), State::Finished);
        kdw::store::History h(db.toStdString());
        QCOMPARE(status(h, queue.runId(first)), std::string("finished"));
        QCOMPARE(static_cast<int>(h.epochs(queue.runId(first)).size()), firstEpochs);
        QVERIFY(firstEpochs > 2);
    }

    void cancelKeepsTheFinishedEpochsAndRecordsCancelled()
    {
        const QString db = m_dir.filePath(QStringLiteral("cancel.sqlite"));
        RunQueue queue(db);
        QSignalSpy ended(&queue, &RunQueue::ended);
        int epochsSeen = 0;
        const auto item = queue.enqueue(config(7, 60));
        connect(&queue, &RunQueue::epochFinished, this, [&](qint64 it, qint64, const auto&) {
            if (++epochsSeen == 2) {
                queue.pause(it); // cancelled while paused: the stop wakes it
                queue.cancel(it);
            }
        });
        QVERIFY(ended.wait(60'000));
        QCOMPARE(queue.state(item), State::Cancelled);
        QCOMPARE(ended.first().at(2).toString(), QStringLiteral("cancelled"));
        kdw::store::History h(db.toStdString());
        const auto run = queue.runId(item);
        QCOMPARE(status(h, run), std::string("cancelled"));
        const auto kept = h.epochs(run).size();
        QVERIFY(kept >= 2 && kept <= 3); // the epochs finished before the cancel reached it
        QCOMPARE(static_cast<int>(kept), epochsSeen);
    }

    void destroyingTheQueueWithRunsActiveEndsThemCleanly()
    {
        const QString db = m_dir.filePath(QStringLiteral("close.sqlite"));
        auto queue = std::make_unique<RunQueue>(db);
        queue->setConcurrency(2);
        QList<qint64> started;
        connect(queue.get(), &RunQueue::runCreated, this,
            [&](qint64, qint64 run) { started.append(run); });
        queue->enqueue(config(11, 200));
        const auto second = queue->enqueue(config(12, 200));
        queue->enqueue(config(13, 200)); // waits: two at once
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, 30'000);
        QTest::qWait(300);
        queue->pause(second);
        QElapsedTimer clock;
        clock.start();
        queue.reset(); // cancels, and waits for every thread
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        kdw::store::History h(db.toStdString());
        const auto runs = h.listRuns();
        QCOMPARE(runs.size(), std::size_t {2}); // the third never started, never recorded
        for (const auto& r : runs) {
            QCOMPARE(r.status, std::string("cancelled"));
        }
    }

    // The queue's table brings a new row into view (a sweep queued below the fold was not seen),
    // and a paused run's ETA says it counts from the resume rather than standing still as if
    // running. Driven by the queue's own signals: no training.
    void newRowsAreScrolledToAndAPausedRunsEtaSaysSo()
    {
        RunQueue queue(m_dir.filePath(QStringLiteral("view.sqlite")));
        kdw::ui::RunQueueModel model(&queue);
        kdw::ui::QueueView view(&queue, &model);
        view.resize(700, 260);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (qint64 item = 1; item <= 30; ++item) {
            Q_EMIT queue.queued(item, QStringLiteral("run %1").arg(item), 8);
        }
        auto* table = view.table();
        const auto last = model.index(29, 0);
        QTRY_VERIFY2(table->viewport()->rect().contains(table->visualRect(last)),
            "the 30th row queued is not in view");

        kdw::ui::ProgressPoint p;
        p.phase = QStringLiteral("teacher");
        p.epoch = 1;
        p.epochs = 8;
        p.examplesPerSecond = 1000.0;
        p.runExamplesDone = 1000;
        p.runExamplesTotal = 61'000; // 60,000 left at 1,000 a second: a minute
        Q_EMIT queue.stateChanged(1, State::Running);
        Q_EMIT queue.progress(1, p);
        const auto eta = model.index(0, kdw::ui::RunQueueModel::Eta);
        QCOMPARE(model.data(eta, Qt::DisplayRole).toString(), QStringLiteral("1 min 00 s"));
        Q_EMIT queue.stateChanged(1, State::Paused);
        QCOMPARE(
            model.data(eta, Qt::DisplayRole).toString(), QStringLiteral("1 min 00 s once resumed"));
        Q_EMIT queue.stateChanged(1, State::Running);
        QCOMPARE(model.data(eta, Qt::DisplayRole).toString(), QStringLiteral("1 min 00 s"));
    }

    // The sweep dialog starts from the designer's values, not from a fixed T = 1, 2, 4, 8 (the
    // newcomer of issue 14 set T = 3 and was offered a sweep without it).
    void sweepDialogStartsFromTheDesignersValues()
    {
        auto base = config(5);
        base.distillation.temperature = 3.0;
        base.distillation.alpha = 0.5;
        base.student.training.optimizer.learningRate = 0.01;
        base.student.training.epochs = 3;
        base.student.model.embeddingDim = 8;
        kdw::ui::SweepDialog dialog(base);
        auto* values = dialog.findChild<QLineEdit*>(QStringLiteral("sweepValues"));
        QVERIFY(values != nullptr);
        QCOMPARE(values->text(), QStringLiteral("1, 2, 3, 4, 8"));
        const QStringList expected {QStringLiteral("1, 2, 3, 4, 8"),
            QStringLiteral("0.1, 0.5, 0.9"), QStringLiteral("0.001, 0.01, 0.1"),
            QStringLiteral("2, 3, 6"), QStringLiteral("4, 8, 16")};
        for (int k = static_cast<int>(expected.size()) - 1; k >= 0; --k) {
            dialog.setField(k);
            QCOMPARE(values->text(), expected[k]);
        }
        dialog.setSeeds(QStringLiteral("0 1"));
        const auto configs = dialog.configs(); // T = 1, 2, 3, 4, 8 for each of two seeds
        QCOMPARE(configs.size(), std::size_t {10});
        QCOMPARE(configs[2].distillation.temperature, 3.0);
        QCOMPARE(configs[2].seed, std::uint64_t {0});
        QCOMPARE(configs[7].seed, std::uint64_t {1});
    }

    void runsSharingATeacherTrainItOnce()
    {
        const QString db = m_dir.filePath(QStringLiteral("shared.sqlite"));
        RunQueue queue(db);
        queue.setConcurrency(2);
        QSignalSpy idle(&queue, &RunQueue::idle);
        const auto& field = kdw::ui::sweepFields().front(); // the temperature
        QList<qint64> items;
        // The state of the teacher's run when the second run started: its teacher is shared as
        // soon as it is saved, so the second trains beside the first's student phase.
        State firstWhenSecondStarted = State::Failed;
        connect(&queue, &RunQueue::stateChanged, this, [&](qint64 item) {
            if (items.size() == 3 && item == items[1] && queue.state(item) == State::Running) {
                firstWhenSecondStarted = queue.state(items[0]);
            }
        });
        for (const auto& c : kdw::ui::sweepConfigs(config(3), field, {1.0, 2.0, 4.0}, {3})) {
            items.append(queue.enqueue(c));
        }
        QCOMPARE(queue.state(items[0]), State::Running);
        QCOMPARE(queue.state(items[1]), State::WaitingForTeacher); // though two may run at once
        QCOMPARE(queue.state(items[2]), State::WaitingForTeacher);
        QVERIFY(idle.wait(120'000));
        QCOMPARE(firstWhenSecondStarted, State::Running); // not Finished: it did not wait for it
        kdw::store::History h(db.toStdString());
        const auto first = queue.runId(items[0]);
        QCOMPARE(h.epochs(first).size(), std::size_t {12});
        for (int k = 1; k < 3; ++k) {
            const auto run = queue.runId(items[k]);
            QCOMPARE(status(h, run), std::string("finished"));
            QCOMPARE(h.run(run)->summary.teacherRun, std::optional<std::int64_t>(first));
            QCOMPARE(h.epochs(run).size(), std::size_t {4}); // the student's alone
        }
    }

    void runNowGoesBeforeTheQueuedRuns()
    {
        RunQueue queue(m_dir.filePath(QStringLiteral("now.sqlite")));
        queue.setConcurrency(1);
        QList<qint64> startOrder;
        connect(&queue, &RunQueue::runCreated, this,
            [&](qint64 item, qint64) { startOrder.append(item); });
        QSignalSpy idle(&queue, &RunQueue::idle);
        const auto a = queue.enqueue(config(21));
        const auto b = queue.enqueue(config(22));
        const auto c = queue.enqueue(config(23), true);
        QCOMPARE(queue.state(b), State::Queued);
        QVERIFY(idle.wait(120'000));
        QCOMPARE(startOrder, (QList<qint64> {a, c, b}));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(RunQueueTest)
#include "test_run_queue.moc"
