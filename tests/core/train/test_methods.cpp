// SPDX-License-Identifier: MIT
// Test-sized evidence that distillation moves the student towards its teacher, and that every
// method trains end to end with its terms logged per epoch.
#include <gtest/gtest.h>

#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw::train {
namespace {

EpochRecord lastStudentEpoch(const TrainResult& r)
{
    EpochRecord last;
    for (const auto& e : r.epochs) {
        if (e.phase == "student") {
            last = e;
        }
    }
    return last;
}

TEST(Distillation, SoftTargetStudentEndsCloserToTheTeacherThanTheStudentAlone)
{
    auto alone = test::tinyConfig("none");
    auto distilled = test::tinyConfig("soft_target");
    distilled.distillation.alpha = 0.9;
    for (auto* c : {&alone, &distilled}) {
        c->student.training.epochs = 8;
    }
    Trainer a(alone);
    Trainer b(distilled);
    const auto ra = a.run({}, {});
    const auto rb = b.run({}, {});
    // Same seed, same teacher phase: the two runs share the teacher bit for bit.
    ASSERT_EQ(ra.teacherWeights, rb.teacherWeights);
    const double klAlone = lastStudentEpoch(ra).metrics.at("kl");
    const double klDistilled = lastStudentEpoch(rb).metrics.at("kl");
    EXPECT_LT(klDistilled, 0.8 * klAlone) << "alone " << klAlone << ", distilled " << klDistilled;
}

class EveryMethod : public ::testing::TestWithParam<std::string> { };

TEST_P(EveryMethod, TrainsAndLogsEachTermAsItsOwnCurve)
{
    auto c = test::tinyConfig(GetParam());
    c.teacher.training.epochs = 2;
    c.student.training.epochs = 2;
    c.distillation.ranking.topK = 5;
    c.distillation.relation.layer = "embedding";
    Trainer t(c);
    const auto r = t.run({}, {});
    ASSERT_EQ(r.status, RunStatus::Finished);
    const auto last = lastStudentEpoch(r);
    const std::map<std::string, std::vector<std::string>> expected {
        {"none", {}},
        {"soft_target", {"soft_loss"}},
        {"logit_matching", {"logit_loss"}},
        {"hint", {"hint_loss"}},
        {"relation", {"rkd_distance_loss", "rkd_angle_loss"}},
        {"ranking", {"ranking_loss"}},
        {"hint+soft_target", {"hint_loss", "soft_loss"}},
        {"relation+ranking", {"rkd_distance_loss", "rkd_angle_loss", "ranking_loss"}},
    };
    for (const auto& term : expected.at(GetParam())) {
        ASSERT_TRUE(last.metrics.contains(term)) << term;
        EXPECT_TRUE(std::isfinite(last.metrics.at(term))) << term;
        EXPECT_GT(last.metrics.at(term), 0.0) << term;
    }
    for (const auto* key :
        {"hard_loss", "val_loss", "f1", "auc", "hr@10", "ndcg@10", "kl", "kl_T"}) {
        EXPECT_TRUE(last.metrics.contains(key)) << key;
    }
}

INSTANTIATE_TEST_SUITE_P(AllMethods, EveryMethod,
    ::testing::Values("none", "soft_target", "logit_matching", "hint", "relation", "ranking",
        "hint+soft_target", "relation+ranking"),
    [](const auto& p) {
        std::string name = p.param;
        std::replace(name.begin(), name.end(), '+', '_');
        return name;
    });

} // namespace
} // namespace kdw::train
