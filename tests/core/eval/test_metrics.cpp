// SPDX-License-Identifier: MIT
// Metrics against scikit-learn's values in ../shared/golden/kd_reference.json.
#include <gtest/gtest.h>

#include "core/eval/metrics.h"
#include "tests/support/golden.h"

namespace kdw::eval {
namespace {

using test::expectNear;

TEST(ClassificationMeter, MatchesScikitLearn)
{
    const auto cases = test::goldenCases("classification_metrics");
    KDW_REQUIRE_GOLDEN(cases);
    const auto& c = cases.front();
    const auto logits = test::doubles(c["logits"]);
    const auto labels = test::doubles(c["labels"]);
    ClassificationMeter m;
    for (std::size_t k = 0; k < logits.size(); ++k) {
        m.add(logits[k], labels[k]);
    }
    expectNear(m.accuracy(), c["accuracy"], "accuracy");
    expectNear(m.precision(), c["precision"], "precision");
    expectNear(m.recall(), c["recall"], "recall");
    expectNear(m.f1(), c["f1"], "f1");
    expectNear(m.auc(), c["auc"], "auc");
    expectNear(m.logLoss(), c["log_loss"], "log loss");
}

TEST(ClassificationMeter, CountsTiesHalfInAucAndHandlesDegenerateSets)
{
    ClassificationMeter m;
    m.add(0.0, 1.0);
    m.add(0.0, 0.0);
    EXPECT_DOUBLE_EQ(m.auc(), 0.5); // one tie: half a correct ordering
    m.add(2.0, 1.0);
    m.add(-2.0, 0.0);
    // Pairs (pos, neg): (0,0) tie 0.5, (0,-2) 1, (2,0) 1, (2,-2) 1  => 3.5 / 4
    EXPECT_DOUBLE_EQ(m.auc(), 0.875);
    ClassificationMeter none;
    none.add(-1.0, 0.0);
    EXPECT_DOUBLE_EQ(none.f1(), 0.0);
    EXPECT_DOUBLE_EQ(none.auc(), 0.5);
}

TEST(KlMeter, MatchesGoldenAtTemperatureOne)
{
    const auto cases = test::goldenCases("kl_metric");
    KDW_REQUIRE_GOLDEN(cases);
    const auto& c = cases.front();
    const auto s = test::doubles(c["student_logits"]);
    const auto t = test::doubles(c["teacher_logits"]);
    KlMeter kl(1.0);
    for (std::size_t k = 0; k < s.size(); ++k) {
        kl.add(t[k], s[k]);
    }
    expectNear(kl.value(), c["kl"], "kl");
}

TEST(RankingMeter, MatchesGoldenHitRateAndNdcgAtEveryK)
{
    const auto cases = test::goldenCases("ranking_metrics");
    KDW_REQUIRE_GOLDEN(cases);
    const auto& c = cases.front();
    const auto pos = test::doubles(c["positive_scores"]);
    const auto neg = test::doubles(c["negative_scores"]);
    const std::size_t negatives = c["negatives"];
    RankingMeter m;
    for (std::size_t u = 0; u < pos.size(); ++u) {
        m.add(pos[u], neg.data() + u * negatives, negatives);
    }
    for (int k : {1, 5, 10, 20}) {
        expectNear(m.hitRate(k), c["hr@" + std::to_string(k)], "hr@" + std::to_string(k));
        expectNear(m.ndcg(k), c["ndcg@" + std::to_string(k)], "ndcg@" + std::to_string(k));
    }
}

TEST(RankingMeter, TiesCountAgainstTheModel)
{
    RankingMeter m;
    const double negs[3] {1.0, 1.0, 1.0};
    m.add(1.0, negs, 3); // a constant model: rank 4
    EXPECT_DOUBLE_EQ(m.hitRate(3), 0.0);
    EXPECT_DOUBLE_EQ(m.hitRate(4), 1.0);
    EXPECT_NEAR(m.ndcg(4), 1.0 / std::log2(5.0), 1e-12);
}

} // namespace
} // namespace kdw::eval
