// SPDX-License-Identifier: MIT
// The canonical speed workload of ../shared/bench/WORKLOAD.md: one epoch of the NCF-MLP teacher,
// of the student alone, or of the student distilled with soft targets from a frozen teacher, on
// MovieLens-100K-shaped data, timed the way the PyTorch peer is timed (training steps, with our
// per-epoch negative sampling and shuffle inside the timer).
#pragma once

#include <cstdint>
#include <string>

namespace kdw::train {

struct BenchmarkSpec {
    // teacher | student | kd: one training epoch; full_ranking: full-ranking evaluation of the
    // teacher (every evaluated user's held-out item against the whole catalogue; `examples` are
    // the scored (user, item) pairs, useful GFLOP/s counts the forward pass only).
    std::string job = "teacher";
    int threads = 2;
    int batch = 256;
    int epochs = 1;
    std::string ratings; // a u.data file; empty = a seeded random set of the same shape
    std::uint64_t seed = 0;
};

struct BenchmarkResult {
    std::string job;
    long long examples = 0;
    double seconds = 0.0;
    double examplesPerSecond = 0.0;
    long long multiplyAddsPerExample = 0; // forward pass of the trained model
    // Useful floating-point work per second: 6 flops per multiply-add of the trained model
    // (forward 2, backward 4), plus 2 per multiply-add of the frozen teacher's forward for kd.
    double usefulGflops = 0.0;
};

BenchmarkResult runBenchmarkJob(const BenchmarkSpec& spec);

// Eigen's float matrix product of a 256x128 by a 128x256 matrix, in GFLOP/s, on `threads` threads,
// the best of several timed repetitions lasting about `seconds` in all.
double measureGemmGflops(int threads, double seconds = 1.0);

} // namespace kdw::train
