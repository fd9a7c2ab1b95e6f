// SPDX-License-Identifier: MIT
// Divergence is more than a NaN (issue 17): a teacher at learning rate 99 whose loss explodes but
// stays finite, or whose predictions collapse to one value, stops as `diverged` with the reason and
// the parameter that can cause it, its recorded epochs kept, and no student is distilled from it.
#include <gtest/gtest.h>

#include "core/train/divergence.h"
#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw::train {
namespace {

TEST(Divergence, AnExplodingFiniteLossStopsTheRunAsDiverged)
{
    auto cfg = test::tinyConfig("soft_target");
    cfg.teacher.training.optimizer.learningRate = 99.0;
    Trainer trainer(cfg);
    const auto r = trainer.run({}, {});
    EXPECT_EQ(r.status, RunStatus::Diverged);
    EXPECT_NE(r.message.find("teacher epoch 1"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("the learning rate, 99"), std::string::npos) << r.message;
    ASSERT_FALSE(r.epochs.empty()) << "the epoch that shows it is recorded";
    for (const auto& e : r.epochs) {
        EXPECT_EQ(e.phase, "teacher") << "no student is distilled from a diverged teacher";
    }
}

EpochRecord epochWith(int epoch, std::map<std::string, double> metrics)
{
    EpochRecord e;
    e.phase = "student";
    e.epoch = epoch;
    e.metrics = std::move(metrics);
    return e;
}

TEST(Divergence, EachRuleAndItsThreshold)
{
    const std::vector<int> ks {5, 10};
    // A model that learns: nothing to say.
    EXPECT_FALSE(epochDivergence(
        epochWith(3,
            {{"train_loss", 0.3}, {"hard_loss", 0.3}, {"auc", 0.8}, {"hr@5", 0.3}, {"hr@10", 0.5}}),
        0.5, ks));
    // Hard-label loss above 50.
    const auto hard
        = epochDivergence(epochWith(1, {{"train_loss", 60.0}, {"hard_loss", 60.0}}), 60.0, ks);
    ASSERT_TRUE(hard.has_value());
    EXPECT_NE(hard->find("hard-label loss reached 60"), std::string::npos) << *hard;
    EXPECT_FALSE(
        epochDivergence(epochWith(1, {{"train_loss", 49.0}, {"hard_loss", 49.0}}), 49.0, ks));
    // Training loss over 100 times the first epoch's (a distillation term growing).
    EXPECT_TRUE(epochDivergence(epochWith(4, {{"train_loss", 30.1}, {"hard_loss", 0.6}}), 0.3, ks));
    EXPECT_FALSE(
        epochDivergence(epochWith(4, {{"train_loss", 29.9}, {"hard_loss", 0.6}}), 0.3, ks));
    // Collapsed predictions: AUC 0.5 and HR@K 0 at every cut-off; not when one hit remains.
    const auto flat
        = epochWith(2, {{"train_loss", 0.7}, {"auc", 0.5}, {"hr@5", 0.0}, {"hr@10", 0.0}});
    ASSERT_TRUE(epochDivergence(flat, 0.7, ks).has_value());
    EXPECT_NE(epochDivergence(flat, 0.7, ks)->find("collapsed"), std::string::npos);
    EXPECT_FALSE(epochDivergence(
        epochWith(2, {{"train_loss", 0.7}, {"auc", 0.5}, {"hr@5", 0.0}, {"hr@10", 0.01}}), 0.7,
        ks));
}

} // namespace
} // namespace kdw::train
