// SPDX-License-Identifier: MIT
// The stop token and progress types every long-running core call takes. Core knows no threads:
// callers own the threads and hand in a std::stop_token and a callback.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>

#include "core/common/error.h"

namespace kdw {

using StopToken = std::stop_token;

// Throws Cancelled when a stop was requested; called at least once per batch.
inline void throwIfStopped(const StopToken& stop)
{
    if (stop.stop_requested()) {
        throw Cancelled();
    }
}

// A pause a caller can put on a run from another thread. The run calls waitWhilePaused at each
// batch boundary: while paused, the run's thread blocks on a condition variable (it holds no core,
// it does not spin) until resume() or a stop request, which wakes it at once. Pausing changes no
// number of the run: it only delays the next batch.
class PauseGate {
public:
    PauseGate() = default;
    PauseGate(const PauseGate&) = delete;
    PauseGate& operator=(const PauseGate&) = delete;

    // Any thread.
    void pause()
    {
        const std::lock_guard lock(m_mutex);
        m_paused = true;
    }
    void resume()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_paused = false;
        }
        m_wake.notify_all();
    }
    [[nodiscard]] bool paused() const
    {
        const std::lock_guard lock(m_mutex);
        return m_paused;
    }

    // The run's thread: returns at once when not paused, else blocks until resumed or until
    // `stop` is requested. Returns how long it blocked (the trainer leaves that time out of its
    // speed and ETA). Never throws; check the stop token afterwards.
    std::chrono::steady_clock::duration waitWhilePaused(const std::stop_token& stop)
    {
        std::unique_lock lock(m_mutex);
        if (!m_paused) {
            return {};
        }
        const auto start = std::chrono::steady_clock::now();
        m_wake.wait(lock, stop, [this] { return !m_paused; });
        return std::chrono::steady_clock::now() - start;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    bool m_paused = false;
};

// Progress within a phase, reported after each batch (throttled by the trainer).
struct BatchProgress {
    std::string phase; // "teacher" or "student"
    int epoch = 0; // 1-based
    int epochs = 0;
    long long batch = 0; // 1-based within the epoch
    long long batches = 0;
    double examplesPerSecond = 0.0;
    double etaSeconds = 0.0; // for the whole run
    // The whole run's examples trained and to train (both phases, the teacher's left out when it
    // is loaded): done / total is the run's overall progress.
    long long runExamplesDone = 0;
    long long runExamplesTotal = 0;
};

} // namespace kdw
