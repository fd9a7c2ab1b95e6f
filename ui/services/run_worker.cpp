// SPDX-License-Identifier: MIT
#include "ui/services/run_worker.h"

#include <sys/resource.h>
#include <unistd.h>

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

namespace {

// Training yields the processor to the window: this thread (and the OpenMP teams it forks, which
// inherit a thread's nice value on Linux) runs at nice +kTrainingNice, so that the GUI thread,
// which sleeps between repaints, is scheduled at once when it wakes instead of waiting for a
// training thread's time slice (CFS weights nice 0 against nice 5 about 3:1). Best effort: a
// refusal changes nothing but responsiveness.
constexpr int kTrainingNice = 5;

void yieldToTheWindow()
{
    const int current = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    if (current < kTrainingNice) {
        (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kTrainingNice);
    }
}

} // namespace

void RunWorker::start()
{
    yieldToTheWindow();
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
        cb.teacherTrained = [this](const std::vector<std::uint8_t>&) { Q_EMIT teacherSaved(); };
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
