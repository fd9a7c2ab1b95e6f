// SPDX-License-Identifier: MIT
// Dataset statistics (statistics.h) against values counted by hand, and the loader's progress and
// stop hooks (loaders.h LoadHooks).
#include <stop_token>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/data/loaders.h"
#include "core/data/statistics.h"

namespace kdw::data {
namespace {

// Users 10, 20, 30, 40 with 3, 1, 6 and 2 interactions over items 1..7.
const char* const kSmall = "10,1\n10,2\n10,3\n20,1\n30,1\n30,2\n30,3\n30,4\n30,5\n30,6\n"
                           "40,7\n40,1\n";

TEST(Statistics, SmallFileCountedByHand)
{
    const auto d = parseRatings(kSmall, "small.csv", RatingFormat::Csv);
    const auto s = computeStatistics(d);
    EXPECT_EQ(s.users, 4);
    EXPECT_EQ(s.items, 7);
    EXPECT_EQ(s.interactions, 12);
    EXPECT_DOUBLE_EQ(s.density, 12.0 / 28.0);
    EXPECT_EQ(s.minPerUser, 1);
    EXPECT_EQ(s.maxPerUser, 6);
    EXPECT_DOUBLE_EQ(s.meanPerUser, 3.0);
    EXPECT_DOUBLE_EQ(s.medianPerUser, 2.5); // (2 + 3) / 2
    EXPECT_EQ(s.singleInteractionUsers, 1);
    // [1,1]: user 20; [2,4]: users 40 and 10; [5,9]: user 30.
    ASSERT_EQ(s.perUserHistogram.size(), 3U);
    EXPECT_EQ(s.perUserHistogram[0].lo, 1);
    EXPECT_EQ(s.perUserHistogram[0].hi, 1);
    EXPECT_EQ(s.perUserHistogram[0].users, 1);
    EXPECT_EQ(s.perUserHistogram[1].lo, 2);
    EXPECT_EQ(s.perUserHistogram[1].hi, 4);
    EXPECT_EQ(s.perUserHistogram[1].users, 2);
    EXPECT_EQ(s.perUserHistogram[2].lo, 5);
    EXPECT_EQ(s.perUserHistogram[2].hi, 9);
    EXPECT_EQ(s.perUserHistogram[2].users, 1);
}

TEST(Statistics, HistogramKeepsEmptyBinsBetweenItsEnds)
{
    Dataset d;
    d.numUsers = 3; // user 2 has no interaction: not in the per-user figures
    d.numItems = 30;
    for (int i = 0; i < 25; ++i) {
        d.interactions.push_back({0, i});
    }
    d.interactions.push_back({1, 0});
    const auto s = computeStatistics(d);
    EXPECT_DOUBLE_EQ(s.density, 26.0 / 90.0);
    EXPECT_DOUBLE_EQ(s.medianPerUser, 13.0);
    std::vector<long long> users;
    std::vector<long long> lows;
    for (const auto& b : s.perUserHistogram) {
        users.push_back(b.users);
        lows.push_back(b.lo);
    }
    EXPECT_EQ(lows, (std::vector<long long> {1, 2, 5, 10, 20}));
    EXPECT_EQ(users, (std::vector<long long> {1, 0, 0, 0, 1}));
    EXPECT_EQ(s.perUserHistogram.back().hi, 49);
}

TEST(Statistics, BinEdgesFollowOneTwoFive)
{
    EXPECT_EQ(binEdgeBelow(1), 1);
    EXPECT_EQ(binEdgeBelow(4), 2);
    EXPECT_EQ(binEdgeBelow(19), 10);
    EXPECT_EQ(binEdgeBelow(20), 20);
    EXPECT_EQ(binEdgeBelow(737), 500);
    EXPECT_EQ(binEdgeAbove(500), 1000);
    EXPECT_EQ(binEdgeAbove(20), 50);
}

TEST(Statistics, EmptyDatasetIsAllZero)
{
    const auto s = computeStatistics(Dataset {});
    EXPECT_EQ(s.interactions, 0);
    EXPECT_DOUBLE_EQ(s.density, 0.0);
    EXPECT_TRUE(s.perUserHistogram.empty());
}

std::string manyLines(int n)
{
    std::string text;
    for (int k = 0; k < n; ++k) {
        text += std::to_string(k % 500) + "\t" + std::to_string(k % 700) + "\t3\t"
            + std::to_string(k) + "\n";
    }
    return text;
}

TEST(LoadHooks, ProgressRisesToOneAndTheResultIsUnchanged)
{
    const auto text = manyLines(60000);
    std::vector<double> seen;
    LoadHooks hooks;
    hooks.progress = [&](double f) { seen.push_back(f); };
    const auto hooked = parseRatings(text, "u.data", RatingFormat::Auto, {}, hooks);
    const auto plain = parseRatings(text, "u.data", RatingFormat::Auto);
    EXPECT_EQ(hooked.fingerprint(), plain.fingerprint());
    ASSERT_GE(seen.size(), 4U); // lines 16384, 32768, 49152, and the end
    for (std::size_t k = 1; k < seen.size(); ++k) {
        EXPECT_GE(seen[k], seen[k - 1]);
    }
    EXPECT_GT(seen.front(), 0.0);
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST(LoadHooks, AStopRequestedWhileParsingThrowsCancelled)
{
    const auto text = manyLines(60000);
    std::stop_source source;
    LoadHooks hooks;
    hooks.stop = source.get_token();
    int reports = 0;
    hooks.progress = [&](double) {
        ++reports;
        source.request_stop();
    };
    EXPECT_THROW(parseRatings(text, "u.data", RatingFormat::Auto, {}, hooks), Cancelled);
    EXPECT_EQ(reports, 1); // the next report point honours the stop
}

} // namespace
} // namespace kdw::data
