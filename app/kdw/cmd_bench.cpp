// SPDX-License-Identifier: MIT
// kdw bench: the canonical speed workload (WORKLOAD.md), and Eigen's GEMM figure beside it.
#include <cstdio>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/kdw/commands.h"
#include "core/common/compute_threads.h"
#include "core/train/benchmark.h"

namespace kdw::cli {
namespace {

struct BenchOptions {
    std::vector<std::string> jobs {"teacher", "student", "kd", "full_ranking"};
    int threads = 2;
    int epochs = 1;
    std::string ratings;
    bool json = false;
};

int runBench(const BenchOptions& o)
{
    const double gemm = train::measureGemmGflops(o.threads);
    nlohmann::json out;
    out["threads"] = o.threads;
    out["eigen_threads"] = computeThreads();
    out["gemm_256x128x256_gflops"] = gemm;
    out["data"] = o.ratings.empty() ? "random, MovieLens-100K shape" : o.ratings;
    if (!o.json) {
        std::printf(
            "Eigen float GEMM 256x128x256: %.1f GFLOP/s on %d thread(s)\n", gemm, computeThreads());
    }
    for (const auto& job : o.jobs) {
        train::BenchmarkSpec spec;
        spec.job = job;
        spec.threads = o.threads;
        spec.epochs = o.epochs;
        spec.ratings = o.ratings;
        const auto r = train::runBenchmarkJob(spec);
        out["jobs"][job] = {{"examples", r.examples}, {"seconds", r.seconds},
            {"examples_per_s", r.examplesPerSecond}, {"useful_gflops", r.usefulGflops},
            {"fraction_of_gemm", r.usefulGflops / gemm}};
        if (!o.json) {
            std::printf("job=%-7s examples=%lld seconds=%.3f examples_per_s=%.0f useful=%.1f "
                        "GFLOP/s (%.0f%% of GEMM)\n",
                job.c_str(), r.examples, r.seconds, r.examplesPerSecond, r.usefulGflops,
                100.0 * r.usefulGflops / gemm);
        }
    }
    if (o.json) {
        std::cout << out.dump(2) << '\n';
    }
    return 0;
}

} // namespace

void addBenchCommand(CLI::App& app, Action& action)
{
    auto opts = std::make_shared<BenchOptions>();
    auto* cmd = app.add_subcommand(
        "bench", "Time the canonical training workload (teacher, student, kd) and Eigen's GEMM");
    cmd->add_option("--job", opts->jobs,
           "jobs to run (teacher, student, kd: one training epoch; full_ranking: the teacher's "
           "full-ranking evaluation of every user)")
        ->check(CLI::IsMember({"teacher", "student", "kd", "full_ranking"}));
    cmd->add_option("--threads", opts->threads, "compute threads")->check(CLI::Range(1, 256));
    cmd->add_option("--epochs", opts->epochs, "epochs per job")->check(CLI::Range(1, 1000));
    cmd->add_option("--ratings", opts->ratings,
        "a MovieLens u.data file (default: random data of the same shape)");
    cmd->add_flag("--json", opts->json, "print one JSON object");
    cmd->callback([opts, &action] { action = [opts] { return runBench(*opts); }; });
}

} // namespace kdw::cli
