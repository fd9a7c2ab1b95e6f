// SPDX-License-Identifier: MIT
// Pausing a run (PauseGate): it waits at a batch boundary without using a core, resumes to the
// very numbers of the same run never paused, and a stop ends it while paused.
#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>

#include <gtest/gtest.h>

#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw::train {
namespace {

using namespace std::chrono_literals;

double processCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void expectSameNumbers(const TrainResult& a, const TrainResult& b)
{
    ASSERT_EQ(a.epochs.size(), b.epochs.size());
    for (std::size_t k = 0; k < a.epochs.size(); ++k) {
        ASSERT_EQ(a.epochs[k].metrics.size(), b.epochs[k].metrics.size());
        for (const auto& [name, value] : a.epochs[k].metrics) {
            if (name == "examples_per_s" || name == "seconds") {
                continue; // wall-clock figures
            }
            EXPECT_EQ(value, b.epochs[k].metrics.at(name))
                << a.epochs[k].phase << " " << a.epochs[k].epoch << " " << name;
        }
    }
    EXPECT_EQ(a.teacherWeights, b.teacherWeights);
    EXPECT_EQ(a.studentWeights, b.studentWeights);
    EXPECT_EQ(a.bestStudentWeights, b.bestStudentWeights);
}

// While a pause is held for `hold`, what the run did: batches reported and CPU time used.
struct PauseWitness {
    std::atomic<long long> batches {0};
    long long batchesWhilePaused = -1;
    double cpuWhilePaused = -1.0;
    std::thread controller;
};

TEST(Pause, APausedThenResumedRunEndsWithTheNumbersOfTheRunNeverPaused)
{
    const auto cfg = test::tinyConfig("soft_target");
    Trainer plain(cfg);
    const auto expected = plain.run({}, {});
    ASSERT_EQ(expected.status, RunStatus::Finished);

    Trainer paused(cfg);
    PauseGate gate;
    PauseWitness w;
    bool pausedOnce = false;
    TrainerCallbacks cb;
    cb.pause = &gate;
    cb.batchProgress = [&](const BatchProgress&) { ++w.batches; };
    cb.epochFinished = [&](const EpochRecord& e) {
        // After the teacher's third epoch: the next batch boundary (the fourth epoch's first
        // batch) waits.
        if (!pausedOnce && e.phase == "teacher" && e.epoch == 3) {
            pausedOnce = true;
            gate.pause();
            w.controller = std::thread([&] {
                std::this_thread::sleep_for(50ms); // the run reaches the gate
                const long long before = w.batches;
                const double cpu0 = processCpuSeconds();
                std::this_thread::sleep_for(300ms);
                w.cpuWhilePaused = processCpuSeconds() - cpu0;
                w.batchesWhilePaused = w.batches - before;
                gate.resume();
            });
        }
    };
    const auto got = paused.run(cb, {});
    ASSERT_TRUE(pausedOnce);
    w.controller.join();
    ASSERT_EQ(got.status, RunStatus::Finished);
    EXPECT_EQ(w.batchesWhilePaused, 0); // no batch ran while paused
    EXPECT_LT(w.cpuWhilePaused, 0.03); // it waited on a condition variable: no core held
    expectSameNumbers(expected, got);
}

TEST(Pause, AStopEndsAPausedRunAtOnceAndKeepsItsFinishedEpochs)
{
    auto cfg = test::tinyConfig("soft_target");
    cfg.teacher.training.epochs = 20;
    Trainer trainer(cfg);
    PauseGate gate;
    std::stop_source stop;
    std::thread controller;
    std::chrono::steady_clock::time_point stoppedAt;
    TrainerCallbacks cb;
    cb.pause = &gate;
    cb.epochFinished = [&](const EpochRecord& e) {
        if (e.epoch == 2 && !controller.joinable()) {
            gate.pause();
            controller = std::thread([&] {
                std::this_thread::sleep_for(100ms);
                stoppedAt = std::chrono::steady_clock::now();
                stop.request_stop(); // never resumed: the stop alone must wake the run
            });
        }
    };
    const auto r = trainer.run(cb, stop.get_token());
    const auto ended = std::chrono::steady_clock::now();
    controller.join();
    EXPECT_EQ(r.status, RunStatus::Cancelled);
    ASSERT_EQ(r.epochs.size(), 2U); // the epochs finished before the pause
    EXPECT_EQ(r.epochs.back().phase, "teacher");
    EXPECT_LT(ended - stoppedAt, 100ms);
}

TEST(Pause, TheGateWaitsOnlyWhilePaused)
{
    PauseGate gate;
    EXPECT_EQ(gate.waitWhilePaused({}), std::chrono::steady_clock::duration::zero());
    gate.pause();
    EXPECT_TRUE(gate.paused());
    std::thread resumer([&] {
        std::this_thread::sleep_for(60ms);
        gate.resume();
    });
    const auto waited = gate.waitWhilePaused({});
    resumer.join();
    EXPECT_GE(waited, 50ms);
    EXPECT_FALSE(gate.paused());
}

} // namespace
} // namespace kdw::train
