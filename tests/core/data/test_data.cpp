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

std::string errorOf(
    const std::string& text, const std::string& name, RatingFormat f = RatingFormat::Auto)
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
    const auto ml100k
        = parseRatings("196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t5\t1\n", "u.data",
            RatingFormat::Auto);
    EXPECT_EQ(ml100k.numUsers, 2);
    EXPECT_EQ(ml100k.numItems, 2);
    EXPECT_TRUE(ml100k.hasTimestamps);
    EXPECT_EQ(ml100k.userIds[0], "196");
    EXPECT_EQ(ml100k.interactions[2].user, 0);
    EXPECT_EQ(ml100k.interactions[2].item, 1);
    EXPECT_FLOAT_EQ(ml100k.interactions[2].rating, 5.0f);

    const auto dat = parseRatings(
        "1::1193::5::978300760\n1::661::3::978302109\n", "ratings.dat", RatingFormat::Auto);
    EXPECT_EQ(dat.interactions.size(), 2U);
    EXPECT_EQ(dat.interactions[1].timestamp, 978302109);

    const auto csv = parseRatings(
        "userId,movieId,rating,timestamp\n1,307,3.5,1256677221\n1,481,3.5,1256677456\n",
        "ratings.csv", RatingFormat::Auto);
    EXPECT_EQ(csv.interactions.size(), 2U);
    EXPECT_FLOAT_EQ(csv.interactions[0].rating, 3.5f);

    const auto generic = parseRatings(
        "user,item\nalice,The Matrix\nbob,Heat\nalice,Heat\n", "clicks.csv", RatingFormat::Csv);
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
    EXPECT_EQ(errorOf("1\t2\t3\t4\n1\t2\t3\n", "u.data"),
        "u.data line 2: expected 4 fields separated by '\\t', found 3");
    EXPECT_EQ(
        errorOf("1\t2\tfive\t4\n", "u.data"), "u.data line 1: the rating 'five' is not a number");
    EXPECT_EQ(errorOf("1::2::3::soon\n", "ratings.dat"),
        "ratings.dat line 1: the timestamp 'soon' is not a number");
    EXPECT_EQ(errorOf("", "u.data"), "u.data: the file contains no interactions");
    EXPECT_EQ(errorOf("\n\n", "empty.csv", RatingFormat::Csv),
        "empty.csv: the file contains no interactions");
    EXPECT_EQ(errorOf(std::string("\x7f"
                                  "ELF\0\0\0",
                          7),
                  "model.bin"),
        "model.bin: not a text file (it contains NUL bytes)");
    EXPECT_EQ(errorOf("userId,movieId,rating,timestamp\n1,2,3\n", "ratings.csv"),
        "ratings.csv line 2: expected 4 fields separated by ',', found 3");
    EXPECT_EQ(
        errorOf("a,b,1\nc,,1\n", "x.csv", RatingFormat::Csv), "x.csv line 2: the item id is empty");
    EXPECT_EQ(errorOf("a,b,1\nc,d,1,5,6\n", "x.csv", RatingFormat::Csv),
        "x.csv line 2: expected 3 fields separated by ',', found 5 (line 1, the first data line, "
        "has 3)");
}

TEST(Loaders, AMalformedNumberOnLineOneIsBadDataNotAHeader)
{
    // Found by trying new files after issue 10: a typo in the first row turned it into a header.
    EXPECT_EQ(errorOf("a,x,4.5x,1\na,y,3,2\nb,x,2,3\n", "t.csv", RatingFormat::Csv),
        "t.csv line 1: the rating '4.5x' is not a number");
    EXPECT_EQ(errorOf("a;x;4,5;1\na;y;3,0;2\n", "c.csv", RatingFormat::Csv),
        "c.csv line 1: the rating '4,5' is not a number (a decimal comma? write it as 4.5)");
    EXPECT_EQ(errorOf("u1,i1,5,2005-09-06\nu1,i2,4,2005-09-07\n", "n.csv", RatingFormat::Csv),
        "n.csv line 1: the timestamp '2005-09-06' is not a number");
    // A word there still makes a header (of unknown names).
    const auto header
        = parseRatings("who,what,score\nu1,i1,4\nu1,i2,5\n", "h.csv", RatingFormat::Csv);
    EXPECT_EQ(header.interactions.size(), 2U);
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
    Dataset raw = parseRatings(
        "u1,a,5,10\nu1,b,2,11\nu2,b,4,12\nu2,b,5,13\nu3,c,1,14\n", "r.csv", RatingFormat::Csv);
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
    const auto d = parseRatings("a,x,1,1\nb,x,1,2\nb,y,1,3\nb,z,1,4\nc,y,1,5\nc,z,1,6\nc,w,1,7\nc,"
                                "v,1,8\nd,v,1,9\nd,w,1,10\nd,u,1,11\nd,t,1,12\n",
        "r.csv", RatingFormat::Csv);
    const auto s = leaveOneOut(toImplicit(d, 0.0), {3, 2, 0});
    EXPECT_EQ(s.evalUsers.size(), 3U); // a has one interaction
    EXPECT_EQ(std::count(s.evalUsers.begin(), s.evalUsers.end(), 0), 0);
    EXPECT_EQ(std::count_if(
                  s.train.begin(), s.train.end(), [](const Interaction& x) { return x.user == 0; }),
        1);
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
    EXPECT_EQ(
        std::count(e1.labels.begin(), e1.labels.end(), 1.0f), static_cast<long>(s.train.size()));
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

// The delimited-text reader (issue 10): every way data people write the same four interactions
// gives the same dataset.
TEST(DelimitedText, SeparatorsLineEndsEncodingsAndQuotesAllReadTheSame)
{
    const std::string plain = "u1,i1,5,10\nu1,i2,3,11\nu2,i1,4,12\nu2,i3,2,13\n";
    const auto reference = parseRatings(plain, "r.csv", RatingFormat::Csv);
    const auto same = [&](const std::string& text, const std::string& what) {
        const auto d = parseRatings(text, "r.csv", RatingFormat::Csv);
        EXPECT_EQ(d.fingerprint(), reference.fingerprint()) << what;
        EXPECT_EQ(d.userIds, reference.userIds) << what;
        EXPECT_EQ(d.itemIds, reference.itemIds) << what;
    };
    same("u1\ti1\t5\t10\nu1\ti2\t3\t11\nu2\ti1\t4\t12\nu2\ti3\t2\t13\n", "tab");
    same("u1;i1;5;10\nu1;i2;3;11\nu2;i1;4;12\nu2;i3;2;13\n", "semicolon");
    same("u1::i1::5::10\nu1::i2::3::11\nu2::i1::4::12\nu2::i3::2::13\n", "::");
    same("u1 i1 5 10\nu1  i2   3 11\n  u2 i1 4 12 \nu2\t i3 2 13\n", "runs of spaces");
    same("u1,i1,5,10\r\nu1,i2,3,11\r\nu2,i1,4,12\r\nu2,i3,2,13\r\n\r\n", "CRLF");
    same("u1,i1,5,10\ru1,i2,3,11\ru2,i1,4,12\ru2,i3,2,13\r", "CR");
    same("\xEF\xBB\xBFu1,i1,5,10\nu1,i2,3,11\nu2,i1,4,12\nu2,i3,2,13", "BOM, no final line end");
    same("# exported 2024\n\nu1,i1,5,10\n# u9,i9,1,1\nu1,i2,3,11\nu2,i1,4,12\nu2,i3,2,13\n",
        "comments");
    same("\"u1\",\"i1\",\"5\",\"10\"\nu1,\"i2\",3,11\n\"u2\" , i1 ,4,12\nu2,i3,2,13\n", "quoted");
    same("user,item,rating,timestamp\n" + plain, "header");
    std::string utf16le = "\xFF\xFE";
    for (char c : plain) {
        utf16le += c;
        utf16le += '\0';
    }
    same(utf16le, "UTF-16LE");
    std::string utf16be = "\xFE\xFF";
    for (char c : plain) {
        utf16be += '\0';
        utf16be += c;
    }
    same(utf16be, "UTF-16BE");
}

TEST(DelimitedText, QuotedIdsKeepSeparatorsAndQuotesAndLatin1BecomesUtf8)
{
    const auto d
        = parseRatings("\"a,b\",\"say \"\"hi\"\"\",1\n\"x\",\"\\\"y\\\"\",2\nc,caf\xE9,3\n",
            "q.csv", RatingFormat::Csv);
    ASSERT_EQ(d.interactions.size(), 3U);
    EXPECT_EQ(d.userIds[0], "a,b");
    EXPECT_EQ(d.itemIds[0], "say \"hi\"");
    EXPECT_EQ(d.itemIds[1], "\"y\"");
    EXPECT_EQ(d.itemIds[2], "caf\xC3\xA9");
    EXPECT_EQ(
        d.notes, std::vector<std::string> {"q.csv: 1 byte(s) that are not UTF-8 read as Latin-1"});
    EXPECT_EQ(errorOf("a,\"b,1\n", "q.csv", RatingFormat::Csv),
        "q.csv line 1: field 2 opens a quote that is not closed");
    EXPECT_EQ(errorOf("a,\"b\"c,1\n", "q.csv", RatingFormat::Csv),
        "q.csv line 1: field 2 has text after its closing quote");
}

TEST(DelimitedText, RefusalsSayWhatIsWrongWithoutContradicting)
{
    EXPECT_EQ(errorOf("1\n2\n", "one.csv", RatingFormat::Csv),
        "one.csv line 1: found 1 field; expected 2 to 4 (user,item[,rating[,timestamp]]) separated "
        "by ',', tab, "
        "';', '::' or spaces");
    EXPECT_EQ(
        errorOf("# netflix\n1:\n1488844,3,2005-09-06\n", "combined_data_1.txt", RatingFormat::Auto),
        "combined_data_1.txt line 2: '1:' starts a Netflix Prize 'MovieID:' block; this layout is "
        "not read - "
        "flatten it to movie,customer,rating lines first (the movie id of each block on every "
        "line, dates as "
        "Unix seconds or dropped)");
    EXPECT_EQ(errorOf(std::string("u\0s\0e\0r\0", 8), "x.txt"),
        "x.txt: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 with a "
        "byte-order "
        "mark)");
    EXPECT_EQ(errorOf("\xFF\xFEu\0s", "x.txt"),
        "x.txt is UTF-16 encoded (byte-order mark FF FE) but has an odd number of bytes; save it "
        "as UTF-8");
    EXPECT_EQ(errorOf("a,b,1,2,3\n", "wide.csv", RatingFormat::Csv),
        "wide.csv line 1: found 5 fields; without a header naming them, expected 2 to 4 "
        "(user,item[,rating[,timestamp]]) - name the columns in a header or in dataset.columns");
}

TEST(DelimitedText, AHeaderIsTakenOnlyWhenItCannotBeDataAndItsNamesPickTheColumns)
{
    // Words that could be ids: data.
    const auto words = parseRatings("alice,matrix\nalice,heat\n", "w.csv", RatingFormat::Csv);
    EXPECT_EQ(words.interactions.size(), 2U);
    EXPECT_TRUE(words.notes.empty());
    // Role names: a header, said so; the columns by name, in any order, extra columns unused.
    const auto named = parseRatings("timestamp:float\tsource\titem_id:token\tuser_id:token\n"
                                    "1377496871\tweb\ti1\tu1\n1377496931\tapp\ti2\tu1\n",
        "t.inter", RatingFormat::Csv);
    ASSERT_EQ(named.interactions.size(), 2U);
    EXPECT_EQ(named.userIds, std::vector<std::string> {"u1"});
    EXPECT_EQ(named.itemIds, (std::vector<std::string> {"i1", "i2"}));
    EXPECT_EQ(named.interactions[1].timestamp, 1377496931);
    EXPECT_TRUE(named.hasTimestamps);
    EXPECT_FALSE(named.hasRatings);
    EXPECT_EQ(named.notes,
        (std::vector<std::string> {
            "t.inter line 1 taken as a header: user = 'user_id:token', item = 'item_id:token', "
            "timestamp = 'timestamp:float'",
            "t.inter: column 2 'source' is not used (not a user, item, rating or timestamp name; "
            "see dataset.columns)"}));
    // Words above numbers: a header of unknown names, the columns by position.
    const auto unknown = parseRatings("visitor,thing\n1,10\n1,11\n", "v.csv", RatingFormat::Csv);
    EXPECT_EQ(unknown.interactions.size(), 2U);
    EXPECT_EQ(unknown.notes,
        std::vector<std::string> {
            "v.csv line 1 taken as a header: user = 'visitor', item = 'thing'"});
    // A rating column that is not a number on line 1 only: a header of unknown names, by position.
    const auto positional = parseRatings("a,b,c\nu1,i1,4\n", "p.csv", RatingFormat::Csv);
    EXPECT_EQ(positional.interactions.size(), 1U);
    EXPECT_TRUE(positional.hasRatings);
    // The config's choice, by position, without a header.
    const auto chosen
        = parseRatings("4,u1,i1\n5,u1,i2\n", "c.csv", RatingFormat::Csv, {"2", "3", "1", ""});
    EXPECT_EQ(chosen.userIds, std::vector<std::string> {"u1"});
    EXPECT_FLOAT_EQ(chosen.interactions[1].rating, 5.0f);
    EXPECT_FALSE(chosen.hasTimestamps);
}

TEST(DelimitedText, TimestampsKeepTheirOrderAtAnyPrecision)
{
    const auto d = parseRatings(
        "u,a,1,1500000000.25\nu,b,1,1500000000.75\nu,c,1,1500000000.5\nu,d,1,1500000000.5\n"
        "v,e,1,1\nv,a,1,2\n",
        "f.csv", RatingFormat::Csv);
    ASSERT_EQ(d.interactions.size(), 6U);
    EXPECT_LT(d.interactions[0].timestamp, d.interactions[2].timestamp);
    EXPECT_LT(d.interactions[2].timestamp, d.interactions[1].timestamp);
    EXPECT_EQ(d.interactions[2].timestamp, d.interactions[3].timestamp);
    const auto s = leaveOneOut(toImplicit(d, 0.0), {1, 0, 7});
    ASSERT_EQ(s.heldOut.size(), 2U);
    EXPECT_EQ(s.heldOut[0], 1); // b, the latest by a quarter of a second
    const auto ms
        = parseRatings("u,a,1,1700000000123\nu,b,1,1700000000124\n", "ms.csv", RatingFormat::Csv);
    EXPECT_EQ(ms.interactions[1].timestamp - ms.interactions[0].timestamp, 1);
}

TEST(Implicit, ARatingEqualToTheThresholdIsKeptAndNoRatingColumnIsRefused)
{
    const auto d = parseRatings("u,a,9.9\nu,b,0.7\nv,a,3.3\n", "j.csv", RatingFormat::Csv);
    EXPECT_EQ(toImplicit(d, 9.9).interactions.size(), 1U);
    EXPECT_EQ(toImplicit(d, 0.7).interactions.size(), 3U);
    EXPECT_EQ(toImplicit(d, 3.3).interactions.size(), 2U);
    EXPECT_TRUE(toImplicit(d, 0.0).notes.empty());
    // Negative ratings with threshold 0 are kept, and the notes say so.
    const auto signedRatings = parseRatings("u,a,-2\nu,b,1\nv,a,-1\n", "s.csv", RatingFormat::Csv);
    EXPECT_EQ(toImplicit(signedRatings, 0.0).interactions.size(), 3U);
    EXPECT_EQ(toImplicit(signedRatings, 0.0).notes,
        std::vector<std::string> {
            "s.csv: 2 interactions with a negative rating are kept as positives "
            "(implicit_threshold 0 keeps every interaction; set it above 0 to keep "
            "only ratings at or above it)"});
    EXPECT_TRUE(toImplicit(signedRatings, 0.5).notes.empty());
    const auto ids = parseRatings("u,a\nu,b\n", "ids.csv", RatingFormat::Csv);
    try {
        toImplicit(ids, 4.0);
        FAIL() << "a threshold on a file without ratings was accepted";
    } catch (const DataError& e) {
        EXPECT_STREQ(e.what(),
            "implicit_threshold needs a rating column; ids.csv has none (set implicit_threshold "
            "to 0, or name the rating column in dataset.columns)");
    }
}

TEST(Split, UsersWhoSawEveryItemAreNotEvaluatedAndShortListsAreWarned)
{
    // u1 saw every item; u2 has one unseen item (c).
    const auto d = toImplicit(parseRatings("u1,a,1,1\nu1,b,1,2\nu1,c,1,3\nu2,a,1,1\nu2,b,1,2\n",
                                  "s.csv", RatingFormat::Csv),
        0.0);
    const auto s = leaveOneOut(d, {99, 4, 1});
    ASSERT_EQ(s.evalUsers.size(), 1U);
    EXPECT_EQ(s.usersWithoutNegatives, 1);
    EXPECT_EQ(s.evalNegatives[0].size(), 1U);
    EXPECT_EQ(evaluationWarnings(s, {1, 2, 10}),
        (std::vector<std::string> {"1 of 1 evaluated users had fewer than 99 negatives; HR@2 is 1 "
                                   "by construction for 1, HR@10 is 1 "
                                   "by construction for 1 of them",
            "1 users have seen every item and are not evaluated (no negative to rank against)"}));
    EXPECT_EQ(evaluationWarnings(leaveOneOut(d, {1, 0, 1}), {1, 10}).front(),
        "HR@10 is 1 by construction for 1 of 1 evaluated users (a cut-off at or above their number "
        "of "
        "candidates)");
}

} // namespace
} // namespace kdw::data
