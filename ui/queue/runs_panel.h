// SPDX-License-Identifier: MIT
// The window's right half for training: the live charts (ChartBoard) over one curve store, above
// the run queue (QueueView). It owns the queue (ui/services/RunQueue), its model and the store,
// and feeds the store from the queue's epochs and from stored runs the history shows. The shell
// places it, hands it configs ("Add to queue", "Run now", a sweep) and asks it before closing.
#pragma once

#include <QHash>
#include <QList>
#include <QWidget>

#include "core/train/config.h"
#include "ui/types.h"

class QSplitter;

namespace kdw::ui {

class ChartBoard;
class CurveStore;
class QueueView;
class RunQueue;
class RunQueueModel;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(const QString& historyPath, QWidget* parent = nullptr);
    ~RunsPanel() override;

    // Queues `config` (at the front with `now`); returns the queue's item id.
    qint64 enqueue(const train::ExperimentConfig& config, bool now = false);
    // The config the sweep dialog starts from, and the cut-offs the charts draw.
    void setExperiment(const train::ExperimentConfig& config);
    // A stored run the history selected: its epochs replace the previously shown stored run's
    // (runs of this session stay). `teacherEpochs` are the teacher's source run's teacher epochs
    // when the run reused a saved teacher (drawn as this run's teacher curves).
    void showStoredRun(qint64 runId, const QString& label, const QString& method,
        const QList<EpochPoint>& epochs, const QList<EpochPoint>& teacherEpochs = {});

    // The saved teacher's epochs of a run of this session that took its teacher from a saved run
    // (drawn as the run's teacher curves; its own epochs are the student's).
    void addTeacherCurves(qint64 runId, const QList<EpochPoint>& teacherEpochs);

    // True when the window may close: nothing is active, or the user agreed to cancel the active
    // runs (then cancelled; each ends within one batch and is recorded cancelled).
    bool confirmClose();

    [[nodiscard]] RunQueue* queue() const { return m_queue; }
    [[nodiscard]] RunQueueModel* queueModel() const { return m_model; }
    [[nodiscard]] CurveStore* store() const { return m_store; }
    [[nodiscard]] ChartBoard* board() const { return m_board; }
    [[nodiscard]] QueueView* queueView() const { return m_view; }
    // Takes the queue view out of the panel (which keeps only the charts) for the caller to
    // place, e.g. in a dock of its own; the caller's widget tree owns it from then on.
    [[nodiscard]] QueueView* releaseQueueView();
    // Where runs started from now on are recorded.
    void setHistoryPath(const QString& path);

Q_SIGNALS:
    // A run of the queue ended and is in the history (refresh the history's list).
    void runEnded(qint64 runId, const QString& status, const QString& message);
    // A run of the queue failed before it had a history row (its data could not be read, its
    // teacher could not be loaded...): `label` is the queue's name for it, `message` core's reason.
    void failedUnrecorded(const QString& label, const QString& message);
    // One line for the status bar: "2 training, 3 queued".
    void summaryChanged(const QString& text);

private:
    void updateSummary();

    RunQueue* m_queue;
    RunQueueModel* m_model;
    CurveStore* m_store;
    ChartBoard* m_board;
    QueueView* m_view;
    QSplitter* m_splitter;
    QHash<qint64, QString> m_methods; // queue item -> its distillation method
    QHash<qint64, QString> m_labels; // queue item -> its run's name
    qint64 m_storedRun = 0; // the history's selected run, when not one of this session's
    QList<qint64> m_liveRuns; // history ids of this session's runs
};

// `epoch` without the values that mean nothing for `method`: KL at the run's T for a method with
// no temperature (logit matching, hint, ...).
EpochPoint meaningfulMetrics(EpochPoint epoch, const QString& method);

} // namespace kdw::ui
