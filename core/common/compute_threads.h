// SPDX-License-Identifier: MIT
// The compute threads a run's matrix products may use, and how concurrent runs share the cores.
// Core starts no thread of its own: Eigen's products fork OpenMP teams from the calling thread.
//
// Per run, not per process: Eigen is left at its default thread count (Eigen::setNbThreads is
// never called), so each product asks OpenMP's omp_get_max_threads(), which reads the nthreads
// ICV of the *calling* thread (OpenMP 5.2, 2.4: a data-environment ICV). setComputeThreads sets
// that ICV for the calling thread only, so two runs trained on two threads of one process each
// keep their own width and never change the other's.
#pragma once

namespace kdw {

// Sets how many threads the calling thread's Eigen products may use; at least 1. Affects only the
// calling thread (and OpenMP teams it forks), never another run's thread. No-op without OpenMP.
void setComputeThreads(int threads);
// The number the calling thread's Eigen products will use (1 in a build without OpenMP).
[[nodiscard]] int computeThreads();

// The processors this process may run on (OpenMP's count, which honours CPU affinity); >= 1.
[[nodiscard]] int availableCores();

// How many compute threads each of `concurrentRuns` runs trained at once gets when each asks for
// `requestedPerRun`: the request, capped by an equal share of the cores so that the runs together
// never oversubscribe them (an OpenMP team waiting on a busy core slows everything,
// ARCHITECTURE.md), and never below 1. `cores` <= 0 means availableCores(). The one rule `kdw
// sweep` and the GUI's run queue use. Examples on 2 cores: (1, 2) -> 2, (2, 2) -> 1, (3, 1) -> 1;
// on 8 cores: (2, 2) -> 2, (2, 8) -> 4.
[[nodiscard]] int computeThreadsPerRun(int concurrentRuns, int requestedPerRun, int cores = 0);

// Below this many multiply-adds per example a model's products are too small for a second thread
// to pay for its fork and join (measured: the WORKLOAD.md student trains 1.6x faster on one
// thread than on two, the teacher 1.2x faster on two).
inline constexpr long long kMinParallelMultiplyAdds = 16'384;

// The threads a model of the given size should use when `configured` are allowed.
[[nodiscard]] inline int threadsFor(long long multiplyAddsPerExample, int configured)
{
    return multiplyAddsPerExample >= kMinParallelMultiplyAdds ? configured : 1;
}

} // namespace kdw
