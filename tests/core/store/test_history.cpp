// SPDX-License-Identifier: MIT
// The run history: round trip, refusals, interrupted runs.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/support/configs.h"
#include "tests/support/temp_dir.h"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;

class HistoryTest : public ::testing::Test {
protected:
    std::string file(const std::string& name) const { return m_dir.file(name); }

    test::TempDir m_dir {"store"};
};

TEST_F(HistoryTest, RunsEpochsAndCheckpointsRoundTrip)
{
    const auto path = file("h.sqlite");
    std::int64_t id = 0;
    {
        History h(path);
        EXPECT_EQ(h.schemaVersion(), History::kSchemaVersion);
        NewRun run;
        run.name = "name with 'quotes', \"double\", a\nnewline and emoji 🎓";
        run.method = "soft_target";
        run.configJson = train::configToJson(test::tinyConfig());
        run.seed = 99;
        id = h.createRun(run);
        h.appendEpoch(id, {"teacher", 1, {{"train_loss", 0.5}, {"auc", 0.7}}});
        h.appendEpoch(id, {"student", 1, {{"train_loss", 0.6}, {"kl", 0.2}}});
        h.appendEpoch(id, {"student", 2, {{"train_loss", 0.4}, {"kl", 0.1}}});
        h.saveCheckpoint(id, "student", 2, {1, 2, 3, 255});
        h.finishRun(id, "finished", 1.5);
    }
    History h(path);
    const auto runs = h.listRuns();
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].name, "name with 'quotes', \"double\", a\nnewline and emoji 🎓");
    EXPECT_EQ(runs[0].status, "finished");
    EXPECT_EQ(runs[0].method, "soft_target");
    EXPECT_EQ(runs[0].uuid.size(), 36U);
    EXPECT_DOUBLE_EQ(runs[0].finalMetrics.at("kl"), 0.1);
    const auto epochs = h.epochs(id);
    ASSERT_EQ(epochs.size(), 3U);
    EXPECT_EQ(epochs[0].phase, "teacher");
    EXPECT_DOUBLE_EQ(epochs[2].metrics.at("train_loss"), 0.4);
    EXPECT_EQ(*h.loadCheckpoint(id, "student"), (std::vector<std::uint8_t> {1, 2, 3, 255}));
    EXPECT_FALSE(h.loadCheckpoint(id, "teacher").has_value());
    const auto details = h.run(id);
    EXPECT_EQ(details->seed, 99U);
    EXPECT_EQ(train::configFromJson(details->configJson).name, test::tinyConfig().name);
    EXPECT_EQ(h.resolveRun(std::to_string(id)), id);
    EXPECT_EQ(h.resolveRun(runs[0].uuid), id);
    EXPECT_THROW((void)h.resolveRun("nope"), StoreError);
}

TEST_F(HistoryTest, RefusesFilesThatAreNotAHistoryAndLeavesThemUntouched)
{
    const auto text = file("notes.txt");
    std::ofstream(text) << "just some text, long enough to have a header\n";
    const auto before = fs::file_size(text);
    try {
        History h(text);
        FAIL() << "a text file was opened as a history";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("not a KD Workbench history"), std::string::npos);
    }
    EXPECT_EQ(fs::file_size(text), before);

    const auto other = file("other.sqlite");
    {
        Database db(other);
        db.exec("CREATE TABLE contacts (name TEXT)");
    }
    EXPECT_THROW(History h(other), StoreError);
}

TEST_F(HistoryTest, RefusesANewerSchemaWithoutTouchingIt)
{
    const auto path = file("future.sqlite");
    {
        History h(path);
    }
    {
        Database db(path);
        db.exec("PRAGMA user_version = 99");
    }
    try {
        History h(path);
        FAIL() << "a newer history was opened";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("newer KD Workbench"), std::string::npos);
    }
    Database db(path);
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    EXPECT_EQ(st.getInt(0), 99);
}

// A foreign SQLite file with a user_version of its own (issue 17: version 7 was called "written by
// a newer KD Workbench"): not a history, with or without tables, and left untouched.
TEST_F(HistoryTest, AForeignSqliteFileWithAUserVersionIsNotCalledANewerHistory)
{
    for (const bool withTable : {false, true}) {
        const auto path = file(withTable ? "foreign-table.sqlite" : "foreign-empty.sqlite");
        {
            Database db(path);
            db.exec("PRAGMA user_version = 7");
            if (withTable) {
                db.exec("CREATE TABLE notes (body TEXT)");
            }
        }
        try {
            History h(path);
            FAIL() << "a foreign file was opened as a history";
        } catch (const StoreError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("not a KD Workbench history"), std::string::npos) << what;
            EXPECT_EQ(what.find("newer"), std::string::npos) << what;
        }
        Database db(path);
        auto st = db.prepare("PRAGMA user_version");
        st.step();
        EXPECT_EQ(st.getInt(0), 7);
    }
}

TEST_F(HistoryTest, RunsLeftRunningByADeadProcessAreMarkedInterrupted)
{
    const auto path = file("h.sqlite");
    std::int64_t id = 0;
    {
        History h(path);
        NewRun run;
        run.name = "crashed";
        run.method = "none";
        run.configJson = "{}";
        id = h.createRun(run);
        h.appendEpoch(id, {"teacher", 1, {{"train_loss", 0.5}}});
        // Pretend the process that owned it is gone.
        h.database().exec(
            "UPDATE runs SET owner_pid = 2147483646 WHERE id = " + std::to_string(id));
    }
    History h(path);
    const auto runs = h.listRuns();
    EXPECT_EQ(runs[0].status, "interrupted");
    EXPECT_EQ(h.epochs(id).size(), 1U);
}

} // namespace
} // namespace kdw::store
