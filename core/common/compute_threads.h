// SPDX-License-Identifier: MIT
// The compute threads Eigen's matrix products may use (OpenMP underneath). Core starts no thread
// of its own; this only tells Eigen how wide a product may go.
#pragma once

namespace kdw {

// Sets the number of threads of Eigen's products (process-wide); at least 1.
void setComputeThreads(int threads);
// The number Eigen will use (1 in a build without OpenMP).
[[nodiscard]] int computeThreads();

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
