// SPDX-License-Identifier: MIT
#include "core/common/compute_threads.h"

#include <Eigen/Core>

#include <algorithm>
#include <atomic>

namespace kdw {

namespace {
// A mirror of Eigen's process-wide setting: concurrent runs (kdw sweep --jobs) that all ask for
// the same count then never write Eigen's global again after the first call.
std::atomic<int> gThreads {0};
} // namespace

void setComputeThreads(int threads)
{
    threads = std::max(1, threads);
    if (gThreads.exchange(threads) != threads) {
        Eigen::setNbThreads(threads);
    }
}

int computeThreads()
{
    return Eigen::nbThreads();
}

} // namespace kdw
