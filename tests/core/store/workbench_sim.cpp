// SPDX-License-Identifier: MIT
// A child process for the cross-process test that uses the history as the workbench does: one
// long-lived reader connection (the browser's reader thread) and, per run, a writer History opened,
// written and closed again (a run worker). Prints "run ID" when a run is created and "epoch ID N"
// once epoch N of it has committed; on SIGTERM it finishes the run in flight, reads the whole
// history through the reader once more and prints "reader ok RUNS EPOCHS". Any failure is printed
// as "error: ..." and ends it with status 1.
// usage: workbench_sim HISTORY SEED
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "core/common/random.h"
#include "core/store/history.h"

namespace {

std::atomic<bool> g_stop {false};

void onTerm(int /*signal*/)
{
    g_stop = true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: workbench_sim HISTORY SEED\n");
        return 2;
    }
    std::signal(SIGTERM, onTerm);
    const std::string path = argv[1];
    kdw::Rng rng(std::strtoull(argv[2], nullptr, 10));
    try {
        kdw::store::History reader(path);
        (void)reader.listRuns();
        for (int n = 1; !g_stop; ++n) {
            auto writer = std::make_unique<kdw::store::History>(path);
            kdw::store::NewRun run;
            run.name = "workbench " + std::to_string(n);
            run.method = "soft_target";
            run.configJson = "{}";
            const auto id = writer->createRun(run);
            std::printf("run %lld\n", static_cast<long long>(id));
            std::fflush(stdout);
            constexpr int kEpochs = 4;
            for (int epoch = 1; epoch <= kEpochs; ++epoch) {
                kdw::train::EpochRecord e {"student", epoch, {}};
                for (const auto* m : {"train_loss", "val_loss", "f1", "hr@10", "ndcg@10", "kl"}) {
                    e.metrics[m] = rng.uniform();
                }
                writer->appendEpoch(id, e);
                std::printf("epoch %lld %d\n", static_cast<long long>(id), epoch);
                std::fflush(stdout);
                // The browser follows the run while it trains.
                if (reader.epochs(id).size() != static_cast<std::size_t>(epoch)) {
                    std::printf(
                        "error: the reader sees %zu epochs of run %lld, %d were committed\n",
                        reader.epochs(id).size(), static_cast<long long>(id), epoch);
                    return 1;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1 + rng.below(4)));
            }
            writer->finishRun(id, "finished", 0.01);
            writer.reset();
            (void)reader.listRuns();
        }
        std::size_t epochs = 0;
        const auto runs = reader.listRuns();
        for (const auto& r : runs) {
            epochs += reader.epochs(r.id).size();
        }
        std::printf("reader ok %zu %zu\n", runs.size(), epochs);
        std::fflush(stdout);
    } catch (const std::exception& e) {
        std::printf("error: %s\n", e.what());
        std::fflush(stdout);
        return 1;
    }
    return 0;
}
