// SPDX-License-Identifier: MIT
#include "core/common/compute_threads.h"

#include <algorithm>

#include <Eigen/Core>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace kdw {

void setComputeThreads(int threads)
{
    threads = std::max(1, threads);
#ifdef _OPENMP
    // The calling thread's nthreads ICV; Eigen reads it through omp_get_max_threads() as long as
    // nobody calls Eigen::setNbThreads (which would pin one count for the whole process).
    if (omp_get_max_threads() != threads) {
        omp_set_num_threads(threads);
    }
#endif
}

int computeThreads()
{
    return Eigen::nbThreads();
}

int availableCores()
{
#ifdef _OPENMP
    return std::max(1, omp_get_num_procs());
#else
    return 1;
#endif
}

int computeThreadsPerRun(int concurrentRuns, int requestedPerRun, int cores)
{
    if (cores <= 0) {
        cores = availableCores();
    }
    const int share = std::max(1, cores / std::max(1, concurrentRuns));
    return std::clamp(requestedPerRun, 1, share);
}

} // namespace kdw
