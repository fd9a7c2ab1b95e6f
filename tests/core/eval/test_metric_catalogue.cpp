// SPDX-License-Identifier: MIT
// The metric catalogue: directions, splits and cut-off families as the trainer and store use them.
#include <gtest/gtest.h>

#include "core/eval/metric_catalogue.h"

namespace kdw::eval {
namespace {

TEST(MetricCatalogue, KnowsDirectionAndSplitOfEveryFixedMetric)
{
    // The rule the trainer applied before the catalogue: losses, KL and time are lower-is-better.
    for (const auto& m : fixedMetrics()) {
        const bool oldRule = m.name.find("loss") != std::string::npos || m.name.starts_with("kl")
            || m.name == "seconds";
        EXPECT_EQ(m.lowerIsBetter(), oldRule) << m.name;
        EXPECT_FALSE(m.label.empty()) << m.name;
        EXPECT_FALSE(m.meaning.empty()) << m.name;
    }
    EXPECT_EQ(splitName(metric::kSoftLoss), "train");
    EXPECT_EQ(splitName(metric::kExamplesPerSecond), "train");
    EXPECT_EQ(splitName(metric::kKlAtTemperature), "validation");
    EXPECT_EQ(splitName(metric::kF1), "validation");
    EXPECT_TRUE(lowerIsBetter(metric::kValLoss));
    EXPECT_FALSE(lowerIsBetter(metric::kAuc));
}

TEST(MetricCatalogue, CutOffFamiliesAreKnownAtAnyPositiveK)
{
    const auto hr = findMetric(metric::hitRate(20));
    ASSERT_TRUE(hr);
    EXPECT_EQ(hr->name, "hr@20");
    EXPECT_EQ(hr->label, "HR@20");
    EXPECT_FALSE(hr->lowerIsBetter());
    EXPECT_EQ(hr->split, MetricSplit::Validation);
    EXPECT_EQ(findMetric("ndcg@5")->label, "NDCG@5");
    EXPECT_EQ(findMetric(metric::mrr(10))->label, "MRR@10");
    for (const char* bad :
        {"hr@0", "hr@", "hr@x", "hr@05", "ndcg@-1", "recall@10", "hr10", "nonsense"}) {
        EXPECT_FALSE(findMetric(bad)) << bad;
        EXPECT_FALSE(lowerIsBetter(bad)) << bad;
    }
}

TEST(MetricCatalogue, HeadlineAndBestMetrics)
{
    EXPECT_EQ(headlineMetrics(),
        (std::vector<std::string> {metric::hitRate(10), metric::ndcg(10), "f1", "kl"}));
    EXPECT_EQ(defaultBestMetric({5, 10, 20}), metric::ndcg(10));
    EXPECT_EQ(defaultBestMetric({5, 20}), metric::ndcg(5));
}

} // namespace
} // namespace kdw::eval
