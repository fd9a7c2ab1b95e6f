// SPDX-License-Identifier: MIT
#include "core/common/compute_threads.h"

#include <Eigen/Core>

#include <algorithm>

namespace kdw {

void setComputeThreads(int threads)
{
    Eigen::setNbThreads(std::max(1, threads));
}

int computeThreads()
{
    return Eigen::nbThreads();
}

} // namespace kdw
