// SPDX-License-Identifier: MIT
// A child process for the durability test: appends epochs to one run as fast as it can and prints
// each epoch's number once its transaction has committed, until it is killed.
// usage: crash_writer HISTORY SEED
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "core/common/random.h"
#include "core/store/history.h"

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: crash_writer HISTORY SEED\n");
        return 2;
    }
    kdw::store::History history(argv[1]);
    kdw::store::NewRun run;
    run.name = std::string("crash ") + argv[2];
    run.method = "soft_target";
    run.configJson = "{}";
    const auto id = history.createRun(run);
    std::printf("run %lld\n", static_cast<long long>(id));
    std::fflush(stdout);
    kdw::Rng rng(std::strtoull(argv[2], nullptr, 10));
    for (int epoch = 1; epoch <= 100000; ++epoch) {
        kdw::train::EpochRecord e {epoch % 2 == 0 ? "student" : "teacher", epoch, {}};
        for (const auto* m : {"train_loss", "val_loss", "f1", "auc", "hr@10", "ndcg@10", "kl",
                 "kl_T", "seconds", "learning_rate"}) {
            e.metrics[m] = rng.uniform();
        }
        history.appendEpoch(id, e);
        std::printf("%d\n", epoch);
        std::fflush(stdout);
        if (epoch % 4 == 0) {
            history.saveCheckpoint(id, "student", epoch,
                std::vector<std::uint8_t>(4096, static_cast<std::uint8_t>(epoch)));
        }
    }
    return 0;
}
