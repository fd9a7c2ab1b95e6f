// SPDX-License-Identifier: MIT
// The stop token and progress types every long-running core call takes. Core knows no threads:
// callers own the threads and hand in a std::stop_token and a callback.
#pragma once

#include <functional>
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

// Progress within a phase, reported after each batch (throttled by the trainer).
struct BatchProgress {
    std::string phase; // "teacher" or "student"
    int epoch = 0; // 1-based
    int epochs = 0;
    long long batch = 0; // 1-based within the epoch
    long long batches = 0;
    double examplesPerSecond = 0.0;
    double etaSeconds = 0.0; // for the whole run
};

} // namespace kdw
