// SPDX-License-Identifier: MIT
#include "core/train/benchmark.h"

#include <algorithm>
#include <chrono>

#include <Eigen/Core>

#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/common/float_env.h"
#include "core/data/loaders.h"
#include "core/data/split.h"
#include "core/nn/model.h"
#include "core/nn/optimizer.h"
#include "core/train/full_ranking.h"
#include "core/train/objective.h"

namespace kdw::train {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int32_t kUsers = 943;
constexpr std::int32_t kItems = 1682;
constexpr int kPositives = 100'000;
constexpr int kNegatives = 4;

data::Dataset workloadData(const BenchmarkSpec& spec)
{
    if (!spec.ratings.empty()) {
        return data::loadRatings(spec.ratings);
    }
    data::Dataset d;
    d.name = "random ml-100k shape";
    d.numUsers = kUsers;
    d.numItems = kItems;
    Rng rng(spec.seed);
    for (int k = 0; k < kPositives; ++k) {
        d.interactions.push_back({static_cast<std::int32_t>(rng.below(kUsers)),
            static_cast<std::int32_t>(rng.below(kItems)), 1.0f, k});
    }
    return d;
}

const nn::ModelSpec kTeacher {64, nn::InteractionKind::Mlp, {{256}, {128}, {64}}};
const nn::ModelSpec kStudent {16, nn::InteractionKind::Mlp, {{32}, {16}}};

// Full-ranking evaluation of the workload's teacher (initialised, not trained: the cost does not
// depend on the weights): every evaluated user's held-out item against the whole catalogue.
BenchmarkResult runFullRankingJob(const BenchmarkSpec& spec)
{
    setComputeThreads(spec.threads);
    const FlushDenormals flush;
    const auto dataset = workloadData(spec);
    const auto split = data::leaveOneOut(dataset, {99, 4, spec.seed});
    nn::Model<float> teacher(kTeacher, dataset.numUsers, dataset.numItems);
    Rng init(spec.seed + 1);
    teacher.initialize(init);
    long long pairs = 0;
    const auto start = Clock::now();
    for (int epoch = 0; epoch < spec.epochs; ++epoch) {
        const auto ranks = fullRankingRanks(teacher, split, StopToken {});
        pairs += static_cast<long long>(ranks.size()) * dataset.numItems;
    }
    BenchmarkResult r;
    r.job = spec.job;
    r.examples = pairs;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.examplesPerSecond = static_cast<double>(pairs) / r.seconds;
    r.multiplyAddsPerExample = teacher.multiplyAddsPerExample();
    r.usefulGflops
        = r.examplesPerSecond * 2.0 * static_cast<double>(r.multiplyAddsPerExample) / 1e9;
    return r;
}

} // namespace

BenchmarkResult runBenchmarkJob(const BenchmarkSpec& spec)
{
    if (spec.job == "full_ranking") {
        return runFullRankingJob(spec);
    }
    if (spec.job != "teacher" && spec.job != "student" && spec.job != "kd") {
        throw ConfigError("bench: unknown job '" + spec.job
            + "' (expected teacher, student, kd or full_ranking)");
    }
    setComputeThreads(spec.threads);
    const FlushDenormals flush;
    const auto dataset = workloadData(spec);
    const auto split = data::trainingOnly(dataset);
    const bool trainsTeacher = spec.job == "teacher";
    nn::Model<float> teacher(kTeacher, dataset.numUsers, dataset.numItems);
    nn::Model<float> student(kStudent, dataset.numUsers, dataset.numItems);
    Rng init(spec.seed + 1);
    teacher.initialize(init);
    student.initialize(init);
    nn::Model<float>& model = trainsTeacher ? teacher : student;

    DistillationConfig method;
    method.method = spec.job == "kd" ? "soft_target" : "none";
    method.temperature = 3.0;
    method.alpha = 0.5;
    BatchObjective<float> objective(
        method, model, spec.job == "kd" ? &teacher : nullptr, 1 + kNegatives, init);
    objective.setComputeThreads(spec.threads);
    nn::OptimizerSpec adam;
    adam.kind = nn::OptimizerKind::Adam;
    adam.learningRate = 1e-3;
    nn::Optimizer<float> opt(adam);
    const auto params = model.parameters();

    Rng sampler(spec.seed + 2);
    IdVec bu;
    IdVec bi;
    std::vector<float> by;
    long long examples = 0;
    const auto start = Clock::now();
    for (int epoch = 0; epoch < spec.epochs; ++epoch) {
        const auto ex = data::sampleEpoch(split, kNegatives, sampler);
        const auto n = static_cast<std::ptrdiff_t>(ex.size());
        for (std::ptrdiff_t b = 0; b < n; b += spec.batch) {
            const auto e = std::min<std::ptrdiff_t>(n, b + spec.batch);
            bu.assign(ex.users.begin() + b, ex.users.begin() + e);
            bi.assign(ex.items.begin() + b, ex.items.begin() + e);
            by.assign(ex.labels.begin() + b, ex.labels.begin() + e);
            objective.evaluate(bu, bi, by, nullptr, true);
            opt.step(params);
            model.clearSparseGrads();
        }
        examples += n;
    }
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    BenchmarkResult r;
    r.job = spec.job;
    r.examples = examples;
    r.seconds = secs;
    r.examplesPerSecond = static_cast<double>(examples) / secs;
    r.multiplyAddsPerExample = model.multiplyAddsPerExample();
    const double flopsPerExample = 6.0 * static_cast<double>(r.multiplyAddsPerExample)
        + (spec.job == "kd" ? 2.0 * static_cast<double>(teacher.multiplyAddsPerExample()) : 0.0);
    r.usefulGflops = r.examplesPerSecond * flopsPerExample / 1e9;
    return r;
}

double measureGemmGflops(int threads, double seconds)
{
    setComputeThreads(threads);
    const Eigen::MatrixXf a = Eigen::MatrixXf::Random(256, 128);
    const Eigen::MatrixXf b = Eigen::MatrixXf::Random(128, 256);
    Eigen::MatrixXf c(256, 256);
    c.noalias() = a * b; // warm up
    const double flops = 2.0 * 256 * 128 * 256;
    double best = 0.0;
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < deadline) {
        constexpr int kReps = 50;
        const auto t0 = Clock::now();
        for (int r = 0; r < kReps; ++r) {
            c.noalias() = a * b;
        }
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::max(best, kReps * flops / dt / 1e9);
    }
    // Keep the product observable so that it cannot be optimised away.
    if (c(0, 0) == 12345.678f) {
        best += 1e-9;
    }
    return best;
}

} // namespace kdw::train
