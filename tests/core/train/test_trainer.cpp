// SPDX-License-Identifier: MIT
// The trainer on the bundled synthetic set: learning, determinism, cancellation, schedules.
#include <thread>

#include <gtest/gtest.h>

#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw::train {
namespace {

std::vector<EpochRecord> phase(const TrainResult& r, const std::string& name)
{
    std::vector<EpochRecord> out;
    for (const auto& e : r.epochs) {
        if (e.phase == name) {
            out.push_back(e);
        }
    }
    return out;
}

TEST(Trainer, TeacherAndStudentLearnAndEveryEpochHasItsMetrics)
{
    auto cfg = test::tinyConfig("soft_target");
    Trainer trainer(cfg);
    std::vector<std::string> phases;
    int epochsSeen = 0;
    TrainerCallbacks cb;
    cb.phaseStarted = [&](const std::string& p) { phases.push_back(p); };
    cb.epochFinished = [&](const EpochRecord&) { ++epochsSeen; };
    const auto r = trainer.run(cb, {});
    ASSERT_EQ(r.status, RunStatus::Finished);
    EXPECT_EQ(phases, (std::vector<std::string> {"teacher", "student"}));
    EXPECT_EQ(epochsSeen, 12);
    const auto teacher = phase(r, "teacher");
    const auto student = phase(r, "student");
    ASSERT_EQ(teacher.size(), 8U);
    ASSERT_EQ(student.size(), 4U);
    EXPECT_LT(teacher.back().metrics.at("train_loss"), teacher.front().metrics.at("train_loss"));
    EXPECT_LT(teacher.back().metrics.at("val_loss"), teacher.front().metrics.at("val_loss"));
    EXPECT_GT(teacher.back().metrics.at("auc"), 0.75); // far above chance (0.5)
    EXPECT_GT(teacher.back().metrics.at("hr@10"), 10.0 / 50.0 * 1.5); // above a random ranking
    for (const auto* key :
        {"f1", "kl", "kl_T", "hard_loss", "soft_loss", "ndcg@5", "examples_per_s"}) {
        EXPECT_TRUE(student.back().metrics.contains(key)) << key;
    }
    EXPECT_LT(student.back().metrics.at("kl"), student.front().metrics.at("kl"));
    EXPECT_FALSE(r.teacherWeights.empty());
    EXPECT_FALSE(r.studentWeights.empty());
}

TEST(Trainer, SameConfigSeedAndThreadsGiveBitIdenticalMetrics)
{
    const auto cfg = test::tinyConfig("soft_target");
    Trainer a(cfg);
    Trainer b(cfg);
    const auto ra = a.run({}, {});
    const auto rb = b.run({}, {});
    ASSERT_EQ(ra.epochs.size(), rb.epochs.size());
    for (std::size_t k = 0; k < ra.epochs.size(); ++k) {
        for (const auto& [name, value] : ra.epochs[k].metrics) {
            if (name == "examples_per_s" || name == "seconds") {
                continue; // wall-clock figures
            }
            EXPECT_EQ(value, rb.epochs[k].metrics.at(name))
                << ra.epochs[k].phase << " " << ra.epochs[k].epoch << " " << name;
        }
    }
    EXPECT_EQ(ra.studentWeights, rb.studentWeights);
    auto other = cfg;
    other.seed += 1;
    Trainer c(other);
    EXPECT_NE(c.run({}, {}).studentWeights, ra.studentWeights);
}

// Two compute threads, and a teacher large enough for its products to use both (threadsFor).
ExperimentConfig twoThreadConfig()
{
    auto cfg = test::tinyConfig("soft_target");
    cfg.threads = 2;
    cfg.teacher.model = {64, nn::InteractionKind::Mlp,
        {{256, nn::Activation::Relu, 0.0}, {64, nn::Activation::Relu, 0.0}}};
    cfg.teacher.training.epochs = 2;
    cfg.student.training.epochs = 2;
    return cfg;
}

TEST(Trainer, TwoComputeThreadsAreDeterministicToo)
{
    const auto cfg = twoThreadConfig();
    ASSERT_GE(nn::countMultiplyAdds(cfg.teacher.model), kMinParallelMultiplyAdds);
    Trainer a(cfg);
    Trainer b(cfg);
    const auto ra = a.run({}, {});
    const auto rb = b.run({}, {});
    EXPECT_EQ(ra.teacherWeights, rb.teacherWeights);
    EXPECT_EQ(ra.studentWeights, rb.studentWeights);
    EXPECT_EQ(ra.epochs.back().metrics.at("kl"), rb.epochs.back().metrics.at("kl"));
}

// Every metric of two results, wall-clock figures aside, compared bit for bit.
void expectSameMetrics(const TrainResult& a, const TrainResult& b)
{
    ASSERT_EQ(a.epochs.size(), b.epochs.size());
    for (std::size_t k = 0; k < a.epochs.size(); ++k) {
        for (const auto& [name, value] : a.epochs[k].metrics) {
            if (name == "examples_per_s" || name == "seconds") {
                continue;
            }
            EXPECT_EQ(value, b.epochs[k].metrics.at(name))
                << a.epochs[k].phase << " " << a.epochs[k].epoch << " " << name;
        }
    }
    EXPECT_EQ(a.teacherWeights, b.teacherWeights);
    EXPECT_EQ(a.studentWeights, b.studentWeights);
}

TEST(ComputeThreads, ASettingBelongsToTheThreadThatMadeIt)
{
    setComputeThreads(2);
    int inOther = 0;
    std::thread other([&] {
        setComputeThreads(1);
        inOther = computeThreads();
    });
    other.join();
#ifdef _OPENMP
    EXPECT_EQ(computeThreads(), 2); // the other thread's 1 did not reach this one
#endif
    EXPECT_EQ(inOther, 1);
}

TEST(ComputeThreads, ConcurrentRunsShareTheCoresWithoutOversubscribing)
{
    EXPECT_EQ(computeThreadsPerRun(1, 2, 2), 2);
    EXPECT_EQ(computeThreadsPerRun(2, 2, 2), 1);
    EXPECT_EQ(computeThreadsPerRun(3, 1, 2), 1); // never below one
    EXPECT_EQ(computeThreadsPerRun(2, 2, 8), 2); // the request, when the share allows it
    EXPECT_EQ(computeThreadsPerRun(2, 8, 8), 4); // else the share
    EXPECT_EQ(computeThreadsPerRun(0, 0, 4), 1);
    EXPECT_GE(computeThreadsPerRun(1, 1), 1); // this machine's cores
    EXPECT_GE(availableCores(), 1);
}

TEST(Trainer, TwoRunsTrainedAtOnceGiveTheSameMetricsAsEachAlone)
{
    // Two compute threads each, teachers large enough for their products to use both (threadsFor)
    // while the students use one: a process-wide thread count would let one run's switch change
    // the other's products mid-batch.
    const auto first = twoThreadConfig();
    ASSERT_GE(nn::countMultiplyAdds(first.teacher.model), kMinParallelMultiplyAdds);
    auto second = first;
    second.seed = 11;
    second.distillation.method = "hint+logit_matching";

    const auto aloneFirst = Trainer(first).run({}, {});
    const auto aloneSecond = Trainer(second).run({}, {});

    Trainer a(first);
    Trainer b(second);
    TrainResult ra;
    TrainResult rb;
    {
        std::thread ta([&] { ra = a.run({}, {}); });
        std::thread tb([&] { rb = b.run({}, {}); });
        ta.join();
        tb.join();
    }
    ASSERT_EQ(ra.status, RunStatus::Finished);
    ASSERT_EQ(rb.status, RunStatus::Finished);
    expectSameMetrics(aloneFirst, ra);
    expectSameMetrics(aloneSecond, rb);
}

TEST(Trainer, CancellationIsHonouredWithinOneBatch)
{
    auto cfg = test::tinyConfig("soft_target");
    cfg.teacher.training.epochs = 50;
    Trainer trainer(cfg);
    std::stop_source stop;
    long long batchesAfterStop = -1;
    TrainerCallbacks cb;
    cb.batchProgress = [&](const BatchProgress& p) {
        if (batchesAfterStop >= 0) {
            ++batchesAfterStop;
        }
        if (p.epoch == 2 && !stop.stop_requested()) {
            stop.request_stop();
            batchesAfterStop = 0;
        }
    };
    const auto r = trainer.run(cb, stop.get_token());
    EXPECT_EQ(r.status, RunStatus::Cancelled);
    EXPECT_EQ(batchesAfterStop, 0); // no further batch ran
    EXPECT_LE(r.epochs.size(), 2U);
}

TEST(Trainer, LearningRateSchedulesAndEarlyStopping)
{
    auto cfg = test::tinyConfig("none");
    cfg.teacher.training.epochs = 1;
    cfg.student.training.epochs = 5;
    cfg.student.training.schedule = Schedule::Step;
    cfg.student.training.stepEpochs = 2;
    cfg.student.training.stepGamma = 0.5;
    Trainer t(cfg);
    const auto r = phase(t.run({}, {}), "student");
    ASSERT_EQ(r.size(), 5U);
    EXPECT_DOUBLE_EQ(r[0].metrics.at("learning_rate"), 0.01);
    EXPECT_DOUBLE_EQ(r[2].metrics.at("learning_rate"), 0.005);
    EXPECT_DOUBLE_EQ(r[4].metrics.at("learning_rate"), 0.0025);

    cfg.student.training.schedule = Schedule::Cosine;
    cfg.student.training.minLearningRate = 0.001;
    Trainer c(cfg);
    const auto rc = phase(c.run({}, {}), "student");
    EXPECT_DOUBLE_EQ(rc.front().metrics.at("learning_rate"), 0.01);
    EXPECT_NEAR(rc[2].metrics.at("learning_rate"), 0.0055, 1e-12);
    EXPECT_NEAR(rc.back().metrics.at("learning_rate"), 0.001, 1e-12);

    // A metric that cannot improve (a learning rate too small to move the ranking) stops the
    // phase after `patience` epochs without improvement.
    cfg.student.training.schedule = Schedule::Constant;
    cfg.student.training.epochs = 30;
    cfg.student.training.optimizer.learningRate = 1e-12;
    cfg.student.training.minLearningRate = 0.0;
    cfg.student.training.earlyStopMetric = "hr@5";
    cfg.student.training.patience = 2;
    Trainer e(cfg);
    const auto re = e.run({}, {});
    EXPECT_EQ(phase(re, "student").size(), 3U);
    EXPECT_EQ(re.bestStudentEpoch, 1);
}

} // namespace
} // namespace kdw::train
