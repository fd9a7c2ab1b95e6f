// SPDX-License-Identifier: MIT
// Full-ranking evaluation (eval.protocol = full): ranks against a pair-by-pair recount, metrics
// against their formulas, and what the trainer stores per epoch.
#include <cmath>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/eval/metrics.h"
#include "core/train/experiment_data.h"
#include "core/train/full_ranking.h"
#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw::train {
namespace {

TEST(FullRanking, RanksEqualAPairByPairCountOverEveryUnseenItem)
{
    const auto cfg = test::tinyConfig("none");
    const auto data = prepareData(cfg.dataset, cfg.seed);
    const auto& split = data.split;
    nn::Model<float> model(cfg.teacher.model, split.numUsers, split.numItems);
    Rng rng(5);
    model.initialize(rng);
    // Small blocks so that several users share a block and blocks end mid-list.
    const auto ranks = fullRankingRanks(model, split, {}, 3 * split.numItems + 7);
    ASSERT_EQ(ranks.size(), split.evalUsers.size());
    for (std::size_t e = 0; e < split.evalUsers.size(); e += 7) {
        const auto u = split.evalUsers[e];
        IdVec us;
        IdVec is;
        for (std::int32_t i = 0; i < split.numItems; ++i) {
            us.push_back(u);
            is.push_back(i);
        }
        const RowVec<float> s = model.predict(us, is);
        long long expected = 1;
        for (std::int32_t i = 0; i < split.numItems; ++i) {
            if (!split.hasSeen(u, i) && s[i] >= s[split.heldOut[e]]) {
                ++expected;
            }
        }
        EXPECT_EQ(ranks[e], expected) << "user " << u;
    }
}

TEST(FullRanking, MetricsFollowTheirFormulas)
{
    std::map<std::string, double> m;
    addFullRankingMetrics({1, 3, 12, 10}, {10}, m);
    EXPECT_DOUBLE_EQ(m.at(eval::metric::fullHitRate(10)), 0.75);
    EXPECT_DOUBLE_EQ(m.at(eval::metric::fullNdcg(10)),
        (1.0 + 1.0 / std::log2(4.0) + 1.0 / std::log2(11.0)) / 4.0);
    EXPECT_DOUBLE_EQ(m.at(eval::metric::fullMrr(10)), (1.0 + 1.0 / 3.0 + 0.1) / 4.0);
    const auto info = eval::findMetric("full_ndcg@10");
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->label, "full NDCG@10");
    EXPECT_FALSE(info->lowerIsBetter());
}

TEST(FullRanking, StoredPerEpochAndNeverAboveTheSampledFigures)
{
    auto cfg = test::tinyConfig("soft_target");
    cfg.eval.protocol = RankingProtocol::Full;
    Trainer trainer(cfg);
    const auto r = trainer.run({}, {});
    ASSERT_EQ(r.status, RunStatus::Finished);
    ASSERT_EQ(r.epochs.size(), 12U);
    for (const auto& e : r.epochs) {
        for (int k : cfg.eval.k) {
            // The sampled negatives are a subset of the unseen items: a full rank is never better.
            EXPECT_LE(
                e.metrics.at(eval::metric::fullHitRate(k)), e.metrics.at(eval::metric::hitRate(k)));
            EXPECT_LE(e.metrics.at(eval::metric::fullNdcg(k)), e.metrics.at(eval::metric::ndcg(k)));
            EXPECT_LE(e.metrics.at(eval::metric::fullMrr(k)), e.metrics.at(eval::metric::mrr(k)));
        }
    }
    EXPECT_GT(r.epochs.back().metrics.at("full_hr@10"), 10.0 / 160.0 * 1.5) << "above chance";
    // The sampled protocol records no full_ metric.
    cfg.eval.protocol = RankingProtocol::Sampled;
    Trainer sampled(cfg);
    const auto s = sampled.run({}, {});
    EXPECT_FALSE(s.epochs.back().metrics.contains("full_hr@10"));
    EXPECT_TRUE(s.epochs.back().metrics.contains("mrr@10"));
}

TEST(FullRanking, EarlyStoppingOnAFullMetricNeedsTheFullProtocol)
{
    auto cfg = test::tinyConfig("none");
    cfg.student.training.earlyStopMetric = "full_ndcg@10";
    try {
        cfg.validate();
        FAIL() << "a full_ metric without eval.protocol full is refused";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("eval.protocol"), std::string::npos) << e.what();
    }
    cfg.eval.protocol = RankingProtocol::Full;
    EXPECT_NO_THROW(cfg.validate());
}

} // namespace
} // namespace kdw::train
