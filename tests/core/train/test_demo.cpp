// SPDX-License-Identifier: MIT
// The bundled demo shows distillation working (issue 12): on its synthetic set, reduced in size
// and epochs so that it trains in seconds, the student distilled with soft targets ends with a
// higher NDCG@10 and a lower KL(teacher || student) than the same student trained alone, each
// student reusing its seed's teacher, averaged over two seeds. The full-size 5-seed figures are
// in the README.
#include <gtest/gtest.h>

#include "core/train/config.h"
#include "core/train/trainer.h"

namespace kdw::train {
namespace {

struct StudentResult {
    double ndcg10 = 0.0;
    double kl = 0.0;
};

StudentResult lastStudentEpoch(const TrainResult& r)
{
    StudentResult out;
    for (const auto& e : r.epochs) {
        if (e.phase == "student") {
            out = {e.metrics.at("ndcg@10"), e.metrics.at("kl")};
        }
    }
    return out;
}

TEST(Demo, SoftTargetsBeatTheStudentAloneOnNdcgAndKl)
{
    auto demo = loadConfigFile(std::string(KDW_SOURCE_DIR) + "/resources/examples/demo.json");
    ASSERT_EQ(demo.distillation.method, "soft_target");
    demo.dataset.synthetic.users = 700;
    demo.dataset.synthetic.items = 1000;
    demo.teacher.training.epochs = 6;
    demo.student.training.epochs = 6;
    StudentResult alone;
    StudentResult distilled;
    for (std::uint64_t seed : {0U, 1U}) {
        auto none = demo;
        none.seed = seed;
        none.distillation.method = "none";
        Trainer first(none);
        const auto a = first.run({}, {});
        ASSERT_EQ(a.status, RunStatus::Finished);
        auto kd = demo;
        kd.seed = seed;
        Trainer second(kd);
        second.setTeacherWeights(a.teacherWeights);
        const auto d = second.run({}, {});
        ASSERT_EQ(d.status, RunStatus::Finished);
        const auto sa = lastStudentEpoch(a);
        const auto sd = lastStudentEpoch(d);
        alone.ndcg10 += sa.ndcg10 / 2;
        alone.kl += sa.kl / 2;
        distilled.ndcg10 += sd.ndcg10 / 2;
        distilled.kl += sd.kl / 2;
    }
    EXPECT_GT(distilled.ndcg10, alone.ndcg10);
    EXPECT_LT(distilled.kl, 0.5 * alone.kl);
}

} // namespace
} // namespace kdw::train
