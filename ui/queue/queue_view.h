// SPDX-License-Identifier: MIT
// The run queue as a table (RunQueueModel) with a progress bar per row, pause, resume and cancel
// for the selected runs and for all, how many runs train at once, and the sweep dialog. A view:
// the threads are the RunQueue's (ui/services/).
#pragma once

#include <vector>

#include <QList>
#include <QWidget>

#include "core/train/config.h"

class QPushButton;
class QSpinBox;
class QTableView;

namespace kdw::ui {

class RunQueue;
class RunQueueModel;

class QueueView : public QWidget {
    Q_OBJECT
public:
    // `queue` and `model` outlive the view.
    QueueView(RunQueue* queue, RunQueueModel* model, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* table() const { return m_table; }
    // The config a sweep starts from (the designer's experiment).
    void setSweepBase(const train::ExperimentConfig& base) { m_base = base; }
    // Shows or hides "Add to queue", "Run now" and "Sweep…" (the window puts them under the
    // designer instead).
    void setEnqueueButtonsVisible(bool visible);
    // The sweep dialog over the sweep base; each run it makes is an enqueueRequested().
    void openSweep();
    // Pause, resume or cancel the runs selected in the table (what the buttons and the window's
    // Run menu do); rows where the action does not apply are left alone by the queue.
    void pauseSelected();
    void resumeSelected();
    void cancelSelected();
    // The controls a presentation hides (how many runs train at once).
    [[nodiscard]] QList<QWidget*> advancedControls() const;

Q_SIGNALS:
    // "Add to queue" / "Run now" (the sweep base, i.e. the designer's experiment) and each run of
    // a sweep: the owner queues it (RunsPanel::enqueue).
    void enqueueRequested(const kdw::train::ExperimentConfig& config, bool now);
    void sweepQueued(int runs);

private:
    void act(void (RunQueue::*action)(qint64));
    void updateButtons();

    RunQueue* m_queue;
    RunQueueModel* m_model;
    QTableView* m_table;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QSpinBox* m_concurrency;
    QList<QPushButton*> m_enqueueButtons; // Add to queue, Run now, Sweep…
    train::ExperimentConfig m_base;
};

} // namespace kdw::ui
