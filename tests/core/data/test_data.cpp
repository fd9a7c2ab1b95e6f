// SPDX-License-Identifier: MIT
// The synthetic generator, the loaders (and their errors), implicit conversion, leave-one-out and
// negative sampling.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/data/loaders.h"
#include "core/data/split.h"
#include "core/data/synthetic.h"
#include "tests/support/golden.h"

namespace kdw::data {
namespace {

std::string errorOf(const std::string& text, const std::string& name, RatingFormat f = RatingFormat::Auto)
{
    try {
        parseRatings(text, name, f);
    } catch (const DataError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Synthetic, IsDeterministicInItsSeedAndHasTheRequestedShape)
{
    SyntheticSpec spec;
    spec.users = 50;
    spec.items = 80;
    const auto a = generateSynthetic(spec);
    const auto b = generateSynthetic(spec);
    EXPECT_EQ(a.fingerprint(), b.fingerprint());
    EXPECT_EQ(a.numUsers, 50);
    EXPECT_EQ(a.numItems, 80);
    spec.seed += 1;
    EXPECT_NE(generateSynthetic(spec).fingerprint(), a.fingerprint());
    std::vector<int> perUser(50, 0);
    for (const auto& x : a.interactions) {
        ++perUser[static_cast<std::size_t>(x.user)];
    }
    EXPECT_GE(*std::min_element(perUser.begin(), perUser.end()), 3);
    const double density = static_cast<double>(a.interactions.size()) / (50.0 * 80.0);
    EXPECT_NEAR(density, spec.density, 0.02);
}

TEST(Loaders, ReadEachFormatAndRemapIds)
{
    const auto ml100k = parseRatings("196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t5\t1\n", "u.data", RatingFormat::Auto);
    EXPECT_EQ(ml100k.numUsers, 2);
    EXPECT_EQ(ml100k.numItems, 2);
    EXPECT_TRUE(ml100k.hasTimestamps);
    EXPECT_EQ(ml100k.userIds[0], "196");
    EXPECT_EQ(ml100k.interactions[2].user, 0);
    EXPECT_EQ(ml100k.interactions[2].item, 1);
    EXPECT_FLOAT_EQ(ml100k.interactions[2].rating, 5.0f);

    const auto dat = parseRatings("1::1193::5::978300760\n1::661::3::978302109\n", "ratings.dat", RatingFormat::Auto);
    EXPECT_EQ(dat.interactions.size(), 2U);
    EXPECT_EQ(dat.interactions[1].timestamp, 978302109);

    const auto csv = parseRatings("userId,movieId,rating,timestamp\n1,307,3.5,1256677221\n1,481,3.5,1256677456\n", "ratings.csv", RatingFormat::Auto);
    EXPECT_EQ(csv.interactions.size(), 2U);
    EXPECT_FLOAT_EQ(csv.interactions[0].rating, 3.5f);

    const auto generic = parseRatings("user,item\nalice,The Matrix\nbob,Heat\nalice,Heat\n", "clicks.csv", RatingFormat::Csv);
    EXPECT_EQ(generic.numUsers, 2);
    EXPECT_EQ(generic.numItems, 2);
    EXPECT_FALSE(generic.hasRatings);
    EXPECT_EQ(generic.itemIds[0], "The Matrix");

    const auto tsv = parseRatings("a\tx\t1\nb\ty\t0\n", "plays.tsv", RatingFormat::Auto);
    EXPECT_EQ(tsv.interactions.size(), 2U);
    EXPECT_TRUE(tsv.hasRatings);
}

TEST(Loaders, NameTheFileAndLineOfEveryError)
{
    EXPECT_EQ(errorOf("1\t2\t3\t4\n1\t2\t3\n", "u.data"), "u.data line 2: expected 4 fields separated by '\\t', found 3");
    EXPECT_EQ(errorOf("1\t2\tfive\t4\n", "u.data"), "u.data line 1: the rating 'five' is not a number");
    EXPECT_EQ(errorOf("1::2::3::soon\n", "ratings.dat"), "ratings.dat line 1: the timestamp 'soon' is not a number");
    EXPECT_EQ(errorOf("", "u.data"), "u.data: the file contains no interactions");
    EXPECT_EQ(errorOf("\n\n", "empty.csv", RatingFormat::Csv), "empty.csv: the file contains no interactions");
    EXPECT_EQ(errorOf(std::string("\x7f" "ELF\0\0\0", 7), "model.bin"), "model.bin: not a text file (it contains NUL bytes)");
    EXPECT_EQ(errorOf("userId,movieId,rating,timestamp\n1,2,3\n", "ratings.csv"), "ratings.csv line 2: expected 4 fields separated by ',', found 3");
    EXPECT_EQ(errorOf("a,b,1\nc,,1\n", "x.csv", RatingFormat::Csv), "x.csv line 2: the item id is empty");
    EXPECT_EQ(errorOf("a,b,1\nc,d,1,5,6\n", "x.csv", RatingFormat::Csv), "x.csv line 2: expected 3 fields separated by ',', found 5");
}

TEST(Loaders, RefuseMissingFilesAndDirectoriesByName)
{
    EXPECT_THROW(loadRatings("/nonexistent/u.data"), DataError);
    try {
        loadRatings(std::filesystem::temp_directory_path().string());
        FAIL() << "a directory was accepted";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos);
    }
}

TEST(Loaders, ReadTheRealMovieLens100K)
{
    const auto path = test::sharedDir() / "data" / "ml-100k" / "u.data";
    if (!std::filesystem::exists(path)) {
        GTEST_SKIP() << "MovieLens 100K not found at " << path << " (it lives in ../shared)";
    }
    const auto d = loadRatings(path.string());
    EXPECT_EQ(d.numUsers, 943);
    EXPECT_EQ(d.numItems, 1682);
    EXPECT_EQ(d.interactions.size(), 100000U);
}

TEST(Implicit, ThresholdsMergesRepeatsAndReindexes)
{
    Dataset raw = parseRatings("u1,a,5,10\nu1,b,2,11\nu2,b,4,12\nu2,b,5,13\nu3,c,1,14\n", "r.csv", RatingFormat::Csv);
    const auto all = toImplicit(raw, 0.0);
    EXPECT_EQ(all.interactions.size(), 4U); // u2,b twice -> once
    const auto liked = toImplicit(raw, 4.0);
    EXPECT_EQ(liked.numUsers, 2); // u3 has nothing >= 4
    EXPECT_EQ(liked.numItems, 2); // c is gone
    EXPECT_EQ(liked.interactions.size(), 2U);
    EXPECT_EQ(liked.interactions[1].timestamp, 13);
    EXPECT_THROW(toImplicit(raw, 6.0), DataError);
}

TEST(Split, HoldsOutTheLatestAndSamplesNeverSeenNegatives)
{
    SyntheticSpec spec;
    spec.users = 60;
    spec.items = 400;
    const auto d = generateSynthetic(spec);
    const auto s = leaveOneOut(d, {99, 4, 1});
    EXPECT_EQ(s.evalUsers.size(), 60U);
    EXPECT_EQ(s.train.size() + s.evalUsers.size(), d.interactions.size());
    for (std::size_t e = 0; e < s.evalUsers.size(); ++e) {
        const auto u = s.evalUsers[e];
        std::int64_t latest = 0;
        std::int64_t heldTime = -1;
        for (const auto& x : d.interactions) {
            if (x.user == u) {
                latest = std::max(latest, x.timestamp);
                if (x.item == s.heldOut[e]) {
                    heldTime = x.timestamp;
                }
            }
        }
        EXPECT_EQ(heldTime, latest) << "user " << u;
        const std::set<std::int32_t> negs(s.evalNegatives[e].begin(), s.evalNegatives[e].end());
        EXPECT_EQ(negs.size(), 99U);
        for (auto i : negs) {
            EXPECT_FALSE(s.hasSeen(u, i));
        }
    }
    EXPECT_EQ(s.validation.size(), 60U * 5U);
    // Fixed by the seed.
    const auto again = leaveOneOut(d, {99, 4, 1});
    EXPECT_EQ(again.evalNegatives, s.evalNegatives);
}

TEST(Split, KeepsSingleInteractionUsersInTrainingOnly)
{
    const auto d = parseRatings("a,x,1,1\nb,x,1,2\nb,y,1,3\nb,z,1,4\nc,y,1,5\nc,z,1,6\nc,w,1,7\nc,v,1,8\nd,v,1,9\nd,w,1,10\nd,u,1,11\nd,t,1,12\n", "r.csv", RatingFormat::Csv);
    const auto s = leaveOneOut(toImplicit(d, 0.0), {3, 2, 0});
    EXPECT_EQ(s.evalUsers.size(), 3U); // a has one interaction
    EXPECT_EQ(std::count(s.evalUsers.begin(), s.evalUsers.end(), 0), 0);
    EXPECT_EQ(std::count_if(s.train.begin(), s.train.end(), [](const Interaction& x) { return x.user == 0; }), 1);
}

TEST(Sampler, DrawsFourUnseenNegativesPerPositiveAndReshufflesEachEpoch)
{
    SyntheticSpec spec;
    spec.users = 40;
    spec.items = 100;
    const auto s = leaveOneOut(generateSynthetic(spec), {50, 4, 3});
    Rng rng(4);
    const auto e1 = sampleEpoch(s, 4, rng);
    const auto e2 = sampleEpoch(s, 4, rng);
    EXPECT_EQ(e1.size(), s.train.size() * 5);
    EXPECT_EQ(std::count(e1.labels.begin(), e1.labels.end(), 1.0f), static_cast<long>(s.train.size()));
    for (std::size_t k = 0; k < e1.size(); ++k) {
        if (e1.labels[k] == 0.0f) {
            EXPECT_FALSE(s.hasSeen(e1.users[k], e1.items[k]));
        }
    }
    EXPECT_NE(e1.items, e2.items);
    Rng g(4);
    const auto grouped = sampleEpochGrouped(s, 4, g);
    for (std::size_t k = 0; k < grouped.size(); k += 5) {
        EXPECT_EQ(grouped.labels[k], 1.0f);
        for (std::size_t j = 1; j < 5; ++j) {
            EXPECT_EQ(grouped.labels[k + j], 0.0f);
            EXPECT_EQ(grouped.users[k + j], grouped.users[k]);
        }
    }
}

} // namespace
} // namespace kdw::data
