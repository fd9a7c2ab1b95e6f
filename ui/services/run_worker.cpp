// SPDX-License-Identifier: MIT
#include "ui/services/run_worker.h"

#include "core/common/error.h"
#include "core/experiment/run_recorder.h"

namespace kdw::ui {

RunWorker::RunWorker(
    train::ExperimentConfig config, QString historyPath, std::stop_token stop, PauseGate* pause)
    : m_config(std::move(config))
    , m_historyPath(std::move(historyPath))
    , m_stop(std::move(stop))
    , m_pause(pause)
{
}

void RunWorker::start()
{
    // No exception crosses this edge: everything is turned into a signal.
    try {
        store::History history(m_historyPath.toStdString());
        train::TrainerCallbacks cb;
        cb.phaseStarted
            = [this](const std::string& p) { Q_EMIT phaseStarted(QString::fromStdString(p)); };
        cb.epochFinished
            = [this](const train::EpochRecord& e) { Q_EMIT epochFinished(toEpochPoint(e)); };
        cb.batchProgress = [this](const BatchProgress& p) { Q_EMIT progress(toProgressPoint(p)); };
        cb.pause = m_pause;
        const auto rec = experiment::runAndRecord(
            history, m_config, cb, m_stop, [this](std::int64_t id) { Q_EMIT runCreated(id); });
        const auto state = train::parseRunState(train::toString(rec.result.status));
        Q_EMIT finished(rec.runId, stateText(state), QString::fromStdString(rec.result.message));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    } catch (...) {
        Q_EMIT failed(tr("The run stopped on an unknown error."));
    }
}

} // namespace kdw::ui
