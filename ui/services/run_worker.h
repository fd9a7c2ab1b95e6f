// SPDX-License-Identifier: MIT
// Trains one run on a worker thread and records it through the worker's own history connection.
// Lives on its QThread; start() blocks that thread (never the GUI's) until the run ends.
#pragma once

#include <stop_token>

#include <QObject>
#include <QString>

#include "core/common/progress.h"
#include "core/train/config.h"
#include "ui/types.h"

namespace kdw::ui {

class RunWorker : public QObject {
    Q_OBJECT
public:
    // `config` is the experiment, copied (no JSON between the threads); `stop` belongs to the
    // owner's std::stop_source: requesting a stop there (from any thread) ends the run within one
    // batch, paused or not. `pause` (owned by the caller, who keeps it alive until this worker's
    // thread has finished; may be null) holds the run at its next batch boundary while paused.
    RunWorker(train::ExperimentConfig config, QString historyPath, std::stop_token stop,
        PauseGate* pause = nullptr);

    // Runs the experiment; call through a queued connection (QThread::started).
    void start();

Q_SIGNALS:
    void runCreated(qint64 runId);
    void phaseStarted(const QString& phase);
    // The run trained its teacher and saved it in the history: other runs may borrow it now.
    void teacherSaved();
    void epochFinished(const kdw::ui::EpochPoint& epoch);
    void progress(const kdw::ui::ProgressPoint& progress);
    void finished(qint64 runId, const QString& status, const QString& message);
    void failed(const QString& message); // nothing was recorded, or the run was marked failed

private:
    train::ExperimentConfig m_config;
    QString m_historyPath;
    std::stop_token m_stop;
    PauseGate* m_pause;
};

} // namespace kdw::ui
