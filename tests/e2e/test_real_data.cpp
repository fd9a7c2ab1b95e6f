// SPDX-License-Identifier: MIT
// The real-data cases of ../shared/cases/real-data (issue 10): each folder's expected.txt says what
// kdw must do with its files. Inputs are read from ../shared at test time and never copied; every
// test skips with a message when the folder is absent.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/data/loaders.h"
#include "core/store/history.h"
#include "core/train/config.h"
#include "core/train/experiment_data.h"
#include "core/train/trainer.h"
#include "tests/support/golden.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using kdw::train::ExperimentConfig;

fs::path caseDir(const std::string& name)
{
    return kdw::test::sharedDir() / "cases" / "real-data" / name;
}

#define KDW_REQUIRE_CASE(name)                                                                     \
    if (!fs::exists(caseDir(name))) {                                                              \
        GTEST_SKIP() << "real-data case not found at " << caseDir(name)                            \
                     << " (it lives in ../shared beside the checkout)";                            \
    }

ExperimentConfig config(const std::string& name, const std::string& file = "config.json")
{
    return kdw::train::loadConfigFile((caseDir(name) / file).string());
}

kdw::train::ExperimentData prepare(const std::string& name, const std::string& file = "config.json")
{
    const auto c = config(name, file);
    return kdw::train::prepareData(c.dataset, c.seed);
}

// The message of the kdw::Error `f` throws, or "no error".
std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const kdw::Error& e) {
        return e.what();
    }
    return "no error";
}

std::string readFile(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

bool hasNote(const kdw::data::Dataset& d, const std::string& part)
{
    for (const auto& n : d.notes) {
        if (contains(n, part)) {
            return true;
        }
    }
    return false;
}

kdw::train::TrainResult train(const ExperimentConfig& c)
{
    kdw::train::Trainer t(c);
    std::stop_source stop;
    return t.run({}, stop.get_token());
}

// Every epoch metric but the timings, which differ between identical runs.
std::vector<std::pair<std::string, double>> results(const kdw::train::TrainResult& r)
{
    std::vector<std::pair<std::string, double>> out;
    for (const auto& e : r.epochs) {
        for (const auto& [k, v] : e.metrics) {
            if (k != "examples_per_s" && k != "seconds") {
                out.emplace_back(e.phase + std::to_string(e.epoch) + "." + k, v);
            }
        }
    }
    return out;
}

kdw::test::Output runKdw(const std::string& args)
{
    return kdw::test::runCommand(std::string(KDW_BINARY) + " " + args);
}

// The data of two configs of one case, which must be the same dataset (equal fingerprints).
std::pair<kdw::train::ExperimentData, kdw::train::ExperimentData> sameData(
    const std::string& name, const std::string& a, const std::string& b)
{
    auto first = prepare(name, a);
    auto second = prepare(name, b);
    EXPECT_EQ(first.dataset.fingerprint(), second.dataset.fingerprint())
        << name << ": " << a << " vs " << b;
    return {std::move(first), std::move(second)};
}

// Kind 2: separators, line ends, encodings, quotes.

TEST(RealData, Case01SpaceSeparatedFilmTrustIsRead)
{
    KDW_REQUIRE_CASE("01-space-separated-filmtrust");
    const auto path = caseDir("01-space-separated-filmtrust") / "ratings.txt";
    const auto d = kdw::data::loadRatings(path.string(), kdw::data::RatingFormat::Csv);
    EXPECT_EQ(d.interactions.size(), 18U);
    EXPECT_TRUE(d.hasRatings);
    EXPECT_FLOAT_EQ(d.interactions[2].rating, 3.5f);
    // The same lines comma-separated are the same dataset.
    std::string text = readFile(path);
    for (auto& c : text) {
        c = c == ' ' ? ',' : c;
    }
    EXPECT_EQ(
        kdw::data::parseRatings(text, "ratings.csv", kdw::data::RatingFormat::Csv).fingerprint(),
        d.fingerprint());
    const auto c = config("01-space-separated-filmtrust");
    EXPECT_EQ(train(c).status, kdw::train::RunStatus::Finished);
}

TEST(RealData, Case02NetflixPrizeBlocksAreNamedWithWhatToDo)
{
    KDW_REQUIRE_CASE("02-netflix-prize-combined-data");
    const auto e = errorOf([] { prepare("02-netflix-prize-combined-data"); });
    EXPECT_TRUE(
        contains(e, "combined_data_1.txt line 1: '1:' starts a Netflix Prize 'MovieID:' block"))
        << e;
    EXPECT_TRUE(contains(e, "flatten it to movie,customer,rating lines")) << e;
    EXPECT_FALSE(contains(e, "2 to 1")) << e;
}

TEST(RealData, Case05BookCrossingSemicolonQuotedLatin1StillTrains)
{
    KDW_REQUIRE_CASE("05-book-crossing-semicolon-latin1");
    const auto raw = kdw::data::loadRatings(
        (caseDir("05-book-crossing-semicolon-latin1") / "BX-Book-Ratings.csv").string(),
        kdw::data::RatingFormat::Csv);
    EXPECT_EQ(raw.interactions.size(), 342U);
    const auto has = [&](const std::string& id) {
        return std::find(raw.itemIds.begin(), raw.itemIds.end(), id) != raw.itemIds.end();
    };
    EXPECT_TRUE(has("\"8804501367\"")) << "the escaped quotes are quotes, without the backslash";
    EXPECT_TRUE(has("393\xC3\x9F"
                    "704064"))
        << "the Latin-1 byte is read as U+00DF";
    EXPECT_TRUE(hasNote(
        raw, "line 1 taken as a header: user = 'User-ID', item = 'ISBN', rating = 'Book-Rating'"));
    const auto r = train(config("05-book-crossing-semicolon-latin1"));
    EXPECT_EQ(r.status, kdw::train::RunStatus::Finished);
}

TEST(RealData, Case06BomCrlfAndPlainGiveTheSameDatasetAndTheIndexColumnIsRefused)
{
    KDW_REQUIRE_CASE("06-movielens-latest-bom-crlf");
    const auto [bom, plain]
        = sameData("06-movielens-latest-bom-crlf", "config.json", "config-plain.json");
    EXPECT_EQ(bom.dataset.fingerprint(), "66e463687c1e091b"); // as before this issue
    EXPECT_EQ(errorOf([] { prepare("06-movielens-latest-bom-crlf", "config-index.json"); }),
        "ratings_with_index.csv line 2: expected 4 fields separated by ',', found 5");
}

TEST(RealData, Case18Utf16IsReadAsTheUtf8Copy)
{
    KDW_REQUIRE_CASE("18-utf16-excel-unicode-text");
    const auto [utf16, utf8]
        = sameData("18-utf16-excel-unicode-text", "config.json", "config-utf8.json");
    EXPECT_EQ(utf16.dataset.interactions.size(), 120U);
    EXPECT_TRUE(hasNote(utf16.dataset, "export.txt read as UTF-16LE (byte-order mark FF FE)"));
}

// Kind 3: headers and column roles.

TEST(RealData, Case07AFirstLineIsAHeaderOnlyWhenItCannotBeData)
{
    KDW_REQUIRE_CASE("07-two-column-first-user-alphabetic");
    const auto dir = caseDir("07-two-column-first-user-alphabetic");
    const auto minimal
        = kdw::data::loadRatings((dir / "minimal.csv").string(), kdw::data::RatingFormat::Csv);
    ASSERT_EQ(minimal.interactions.size(), 2U);
    EXPECT_EQ(minimal.userIds[0], "playeralpha");
    EXPECT_TRUE(minimal.notes.empty());
    // One user whose two items are the whole catalogue: refused for that reason, not for too few.
    EXPECT_TRUE(
        contains(errorOf([] { prepare("07-two-column-first-user-alphabetic"); }), "one user only"));

    const auto [bare, headed] = sameData(
        "07-two-column-first-user-alphabetic", "config-steam.json", "config-steam-header.json");
    EXPECT_EQ(bare.dataset.interactions.size(), 32U);
    EXPECT_FALSE(hasNote(bare.dataset, "header"));
    EXPECT_TRUE(
        hasNote(headed.dataset, "steam_user_items_with_header.csv line 1 taken as a header"));
}

TEST(RealData, Case07KdwSaysWhichLineItTookAsAHeader)
{
    KDW_REQUIRE_CASE("07-two-column-first-user-alphabetic");
    kdw::test::TempDir tmp {"real07"};
    const auto db = (tmp.path() / "h.sqlite").string();
    const auto out = runKdw("train -q --config "
        + (caseDir("07-two-column-first-user-alphabetic") / "config-steam-header.json").string()
        + " --db " + db);
    ASSERT_EQ(out.status, 0) << out.text;
    EXPECT_TRUE(contains(out.text, "line 1 taken as a header")) << out.text;
    const auto show = runKdw("show 1 --db " + db);
    EXPECT_TRUE(contains(show.text, "line 1 taken as a header")) << show.text;
}

TEST(RealData, Case08RecBoleTimestampColumnIsTheTimeAndTheLatestIsHeldOut)
{
    KDW_REQUIRE_CASE("08-recbole-inter-user-item-timestamp");
    const auto [three, four] = sameData(
        "08-recbole-inter-user-item-timestamp", "config.json", "config-with-rating.json");
    EXPECT_TRUE(three.dataset.hasTimestamps);
    EXPECT_FALSE(three.dataset.hasRatings);
    EXPECT_TRUE(four.dataset.hasRatings);
    const auto& d = three.dataset;
    const auto& s = three.split;
    ASSERT_EQ(s.evalUsers.size(), 200U);
    for (std::size_t e = 0; e < s.evalUsers.size(); ++e) {
        std::int64_t latest = -1;
        std::int32_t item = -1;
        for (const auto& x : d.interactions) {
            if (x.user == s.evalUsers[e] && x.timestamp > latest) {
                latest = x.timestamp;
                item = x.item;
            }
        }
        ASSERT_EQ(s.heldOut[e], item)
            << "user " << d.userIds[static_cast<std::size_t>(s.evalUsers[e])];
    }
    // The same data and protocol: the same numbers.
    EXPECT_EQ(results(train(config("08-recbole-inter-user-item-timestamp"))),
        results(train(config("08-recbole-inter-user-item-timestamp", "config-with-rating.json"))));
}

TEST(RealData, Case08ConfigColumnsNameTheRolesByHeaderNameOrPosition)
{
    KDW_REQUIRE_CASE("08-recbole-inter-user-item-timestamp");
    auto byName = config("08-recbole-inter-user-item-timestamp", "config-with-rating.json");
    byName.dataset.columns = {"user_id:token", "item_id:token", "", "timestamp"};
    auto byPosition = byName;
    byPosition.dataset.columns = {"1", "2", "", "4"};
    const auto a = kdw::train::prepareData(byName.dataset, 1);
    const auto b = kdw::train::prepareData(byPosition.dataset, 1);
    EXPECT_EQ(a.dataset.fingerprint(), b.dataset.fingerprint());
    EXPECT_EQ(a.dataset.fingerprint(),
        prepare("08-recbole-inter-user-item-timestamp").dataset.fingerprint());
    byName.dataset.columns.rating = "stars";
    EXPECT_EQ(errorOf([&] { kdw::train::prepareData(byName.dataset, 1); }),
        "tmall-like-with-rating.inter line 1: dataset.columns.rating names 'stars', which the "
        "header does not "
        "have (it has: user_id:token, item_id:token, rating:float, timestamp:float)");
}

TEST(RealData, Case10DuplicatesMergeIntoTheSameDatasetAsTheDeduplicatedFile)
{
    KDW_REQUIRE_CASE("10-duplicate-interactions-recsys2017");
    const auto [dup, dedup]
        = sameData("10-duplicate-interactions-recsys2017", "config.json", "config-dedup.json");
    EXPECT_EQ(dup.split.heldOut, dedup.split.heldOut);
    EXPECT_TRUE(hasNote(dup.dataset, "column 3 'interaction_type' is not used"));
}

TEST(RealData, Case15ARatingEqualToTheThresholdIsKept)
{
    KDW_REQUIRE_CASE("15-implicit-threshold-float-rounding");
    // Count the rows at or above 9.9 from the text, in decimal.
    std::ifstream in(caseDir("15-implicit-threshold-float-rounding") / "jester_like.csv");
    std::string line;
    std::getline(in, line);
    std::size_t atLeast = 0;
    while (std::getline(in, line)) {
        atLeast += std::stod(line.substr(line.rfind(',') + 1)) >= 9.9 - 1e-12 ? 1 : 0;
    }
    ASSERT_GE(atLeast, 80U);
    const auto d = prepare("15-implicit-threshold-float-rounding").dataset;
    EXPECT_EQ(d.interactions.size(), atLeast);
    EXPECT_EQ(
        errorOf([] { prepare("15-implicit-threshold-float-rounding", "config-two-columns.json"); }),
        "implicit_threshold needs a rating column; two_columns.csv has none (set "
        "implicit_threshold to 0, or "
        "name the rating column in dataset.columns)");
}

TEST(RealData, Case17AmazonRatingsOnlyHasNoHeaderAndKeepsIdsAsStrings)
{
    KDW_REQUIRE_CASE("17-amazon-ratings-only-no-header");
    const auto raw = kdw::data::loadRatings(
        (caseDir("17-amazon-ratings-only-no-header") / "ratings_Electronics.csv").string(),
        kdw::data::RatingFormat::Csv);
    EXPECT_EQ(raw.interactions.size(), 483U);
    EXPECT_TRUE(raw.notes.empty());
    EXPECT_EQ(raw.userIds[0], "A1I4VYTWYQWNZJ");
    EXPECT_NE(std::find(raw.itemIds.begin(), raw.itemIds.end(), "054970818X"), raw.itemIds.end());
    EXPECT_EQ(
        train(config("17-amazon-ratings-only-no-header")).status, kdw::train::RunStatus::Finished);
}

// Kind 4: evaluations that cannot mean anything.

TEST(RealData, Case11NoNegativesIsRefusedBeforeTraining)
{
    KDW_REQUIRE_CASE("11-all-items-seen-no-negatives");
    for (const char* file : {"config.json", "config-listwise.json"}) {
        EXPECT_EQ(errorOf([&] { train(config("11-all-items-seen-no-negatives", file)); }),
            "inter.csv: no user has an item left to sample as a negative: every user with two or "
            "more "
            "interactions has seen all 10 items")
            << file;
    }
    kdw::test::TempDir tmp {"real11"};
    const auto db = (tmp.path() / "h.sqlite").string();
    const auto out = runKdw("train --config "
        + (caseDir("11-all-items-seen-no-negatives") / "config.json").string() + " --db " + db);
    EXPECT_EQ(out.status, 1) << out.text;
    EXPECT_TRUE(contains(out.text, "no user has an item left to sample as a negative")) << out.text;
    EXPECT_FALSE(contains(out.text, "finished")) << out.text;
}

TEST(RealData, Case11APhaseWithNoExampleFailsWithAReason)
{
    KDW_REQUIRE_CASE("08-recbole-inter-user-item-timestamp");
    const auto c = config("08-recbole-inter-user-item-timestamp");
    auto data = kdw::train::prepareData(c.dataset, c.seed);
    data.split.train.clear();
    kdw::train::Trainer t(c, data);
    std::stop_source stop;
    EXPECT_EQ(errorOf([&] { t.run({}, stop.get_token()); }), "teacher phase: no training examples");
}

TEST(RealData, Case12SingleUserIsRefused)
{
    KDW_REQUIRE_CASE("12-single-user");
    EXPECT_EQ(errorOf([] { train(config("12-single-user")); }),
        "one_user.csv: one user only: every item is one of theirs, so no negatives can be sampled "
        "and the "
        "ranking evaluation is meaningless");
}

TEST(RealData, Case14ShortNegativeListsFinishWithAWarningStoredWithTheRun)
{
    KDW_REQUIRE_CASE("14-ranking-topk-short-list-crash");
    kdw::test::TempDir tmp {"real14"};
    const auto db = (tmp.path() / "h.sqlite").string();
    const auto out = runKdw("train -q --config "
        + (caseDir("14-ranking-topk-short-list-crash") / "config-topk10.json").string() + " --db "
        + db);
    ASSERT_EQ(out.status, 0) << out.text;
    // 30 users, 12 items: every user has fewer than 99 negatives; u0-u4 saw 11 items, so their
    // held-out item is ranked against 1 negative and HR@5 is 1 by construction for them.
    EXPECT_TRUE(contains(out.text,
        "30 of 30 evaluated users had fewer than 99 negatives; HR@5 is 1 by construction for 5"))
        << out.text;
    kdw::store::History h(db);
    const auto runs = h.listRuns();
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].status, "finished");
    EXPECT_TRUE(contains(runs[0].message, "30 of 30 evaluated users had fewer than 99 negatives"))
        << runs[0].message;
    EXPECT_TRUE(contains(runKdw("show 1 --db " + db).text, "fewer than 99 negatives"));
    EXPECT_TRUE(contains(runKdw("runs --json --db " + db).text, "fewer than 99 negatives"));
    const auto table = runKdw("runs --db " + db).text;
    EXPECT_TRUE(contains(table, "finished !")) << table;
    EXPECT_TRUE(contains(table, "!: finished with warnings; kdw show <id> prints them")) << table;
}

// Kind 1: ranking distillation with teacher lists shorter than top_k.

TEST(RealData, Case14RankingWithShortTeacherListsIsFiniteAndDeterministic)
{
    KDW_REQUIRE_CASE("14-ranking-topk-short-list-crash");
    for (const char* file : {"config.json", "config-topk10.json"}) {
        const auto c = config("14-ranking-topk-short-list-crash", file);
        const auto first = train(c);
        ASSERT_EQ(first.status, kdw::train::RunStatus::Finished) << file << ": " << first.message;
        const auto values = results(first);
        for (const auto& [k, v] : values) {
            EXPECT_TRUE(std::isfinite(v)) << file << " " << k;
            if (contains(k, "ranking_loss") || contains(k, "train_loss")) {
                EXPECT_LT(v, 100.0) << file << " " << k; // a loss of sigmoid terms, not garbage
            }
        }
        EXPECT_TRUE(std::any_of(values.begin(), values.end(),
            [](const auto& kv) { return contains(kv.first, "student1.ranking_loss"); }));
        for (int again = 0; again < 2; ++again) {
            EXPECT_EQ(results(train(c)), values) << file << ": a repeated run differs";
        }
    }
}

// Kind 5: messages that point at the cause.

TEST(RealData, Case16TinyTemperatureIsRefusedOrItsDivergenceNamesTheTemperature)
{
    KDW_REQUIRE_CASE("16-temperature-edge-values");
    for (const char* file : {"config.json", "config-T1e-30.json"}) {
        kdw::train::TrainResult r;
        const auto e = errorOf([&] { r = train(config("16-temperature-edge-values", file)); });
        if (e != "no error") {
            EXPECT_TRUE(contains(e, "temperature")) << file << ": " << e; // refused at validation
        } else if (r.status == kdw::train::RunStatus::Diverged) {
            EXPECT_TRUE(contains(r.message, "the learning rate, 0.003")) << r.message;
            EXPECT_TRUE(contains(r.message, "the distillation temperature")) << r.message;
            EXPECT_FALSE(contains(r.message, "try a smaller learning rate")) << r.message;
        }
    }
    for (const char* file : {"config-T0.json", "config-T-1.json"}) {
        EXPECT_TRUE(contains(errorOf([&] { train(config("16-temperature-edge-values", file)); }),
            "'distillation.temperature' must be"))
            << file;
    }
}

} // namespace
