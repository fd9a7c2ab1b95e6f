// SPDX-License-Identifier: MIT
// Dated backups before migrations, merges and imports; the newest intact backup; what is wrong
// with a file that cannot be opened; refusing to write over a live history.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/support/temp_dir.h"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
protected:
    [[nodiscard]] std::string file(const std::string& name) const { return m_dir.file(name); }

    test::TempDir m_dir {"backup"};
};

std::int64_t addRun(History& h, const std::string& name)
{
    NewRun run;
    run.name = name;
    run.method = "none";
    run.configJson = "{}";
    const auto id = h.createRun(run);
    h.appendEpoch(id, {"student", 1, {{"f1", 0.5}}});
    h.finishRun(id, "finished", 1.0);
    return id;
}

std::int64_t runCount(const std::string& path)
{
    Database db(path, Database::Mode::ReadOnly);
    auto st = db.prepare("SELECT count(*) FROM runs");
    st.step();
    return st.getInt(0);
}

std::string bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary); // test files with no connection open on them
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Overwrites the middle pages of a closed database file with garbage.
void damage(const std::string& path)
{
    const auto size = fs::file_size(path);
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 - 4096));
    const std::string garbage(8192, '\xA5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

TEST_F(BackupTest, DatedBackupsHoldTheRunsOfTheirMomentAndOnlyTheNewestAreKept)
{
    const auto path = file("history.sqlite");
    History h(path);
    std::vector<std::string> made;
    for (int k = 1; k <= kBackupsKept + 2; ++k) {
        addRun(h, "run " + std::to_string(k));
        made.push_back(backUpHistory(h.database(), path));
        EXPECT_EQ(made.back().rfind(path + ".bak-", 0), 0U) << made.back();
    }
    const auto backups = listBackups(path);
    ASSERT_EQ(backups.size(), static_cast<std::size_t>(kBackupsKept));
    // Newest first; the newest holds every run, each older one a run fewer.
    EXPECT_EQ(backups.front(), made.back());
    for (std::size_t k = 0; k < backups.size(); ++k) {
        EXPECT_EQ(runCount(backups[k]), kBackupsKept + 2 - static_cast<std::int64_t>(k))
            << backups[k];
        EXPECT_FALSE(fs::exists(backups[k] + "-wal")) << "a backup is a plain file, without a WAL";
    }
    EXPECT_FALSE(fs::exists(made.front()));
    // A backup opens as a history of its own.
    History restored(backups.back());
    EXPECT_EQ(restored.listRuns().size(), 3U);
}

TEST_F(BackupTest, AMigrationBacksUpTheOldFileFirst)
{
    const auto path = file("old.sqlite");
    fs::copy_file(
        fs::path(KDW_SOURCE_DIR) / "tests" / "fixtures" / "store" / "history-v1.sqlite", path);
    const auto runsBefore = runCount(path);
    {
        History h(path);
    }
    const auto backups = listBackups(path);
    ASSERT_EQ(backups.size(), 1U);
    Database db(backups[0], Database::Mode::ReadOnly);
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    EXPECT_EQ(st.getInt(0), 1) << "the backup is the file before it was migrated";
    EXPECT_EQ(runCount(backups[0]), runsBefore);
    {
        History again(path);
    } // already current: no new backup
    EXPECT_EQ(listBackups(path).size(), 1U);
    {
        History fresh(file("new.sqlite"));
    } // a new, empty history has nothing to keep
    EXPECT_TRUE(listBackups(file("new.sqlite")).empty());
}

TEST_F(BackupTest, AnImportOrAMergeBacksUpOncePerOpenHistory)
{
    const auto path = file("a.sqlite");
    std::string exported;
    {
        History b(file("b.sqlite"));
        exported = b.exportRunJson(addRun(b, "from b"), false);
        addRun(b, "also from b");
    }
    {
        History a(path);
        addRun(a, "mine");
        a.importRunJson(exported);
        ASSERT_EQ(listBackups(path).size(), 1U);
        EXPECT_EQ(runCount(listBackups(path)[0]), 1) << "taken before the import";
        a.mergeFrom(file("b.sqlite"));
        EXPECT_EQ(listBackups(path).size(), 1U) << "one backup per opened history is enough";
        EXPECT_EQ(a.listRuns().size(), 3U);
    }
    History a(path);
    a.mergeFrom(file("b.sqlite"));
    ASSERT_EQ(listBackups(path).size(), 2U);
    EXPECT_EQ(runCount(listBackups(path)[0]), 3);
}

TEST_F(BackupTest, TheNewestIntactBackupSkipsDamagedOnes)
{
    const auto path = file("history.sqlite");
    EXPECT_FALSE(newestIntactBackup(path).has_value());
    History h(path);
    for (int k = 0; k < 3; ++k) {
        for (int r = 0; r < 40; ++r) {
            addRun(h, "run " + std::to_string(k) + "." + std::to_string(r));
        }
        backUpHistory(h.database(), path);
    }
    const auto backups = listBackups(path);
    ASSERT_EQ(backups.size(), 3U);
    EXPECT_EQ(newestIntactBackup(path), backups[0]);
    damage(backups[0]);
    EXPECT_EQ(newestIntactBackup(path), backups[1]);
    std::ofstream(backups[1], std::ios::trunc)
        << "not a database at all, just text that is long enough";
    EXPECT_EQ(newestIntactBackup(path), backups[2]);
    damage(backups[2]);
    EXPECT_FALSE(newestIntactBackup(path).has_value());
}

TEST_F(BackupTest, AFileThatCannotBeOpenedIsDescribedAndLeftUntouched)
{
    EXPECT_FALSE(historyProblem(file("missing.sqlite")).has_value());
    const auto good = file("good.sqlite");
    {
        History h(good);
        for (int r = 0; r < 60; ++r) {
            addRun(h, "run " + std::to_string(r));
        }
    }
    EXPECT_FALSE(historyProblem(good).has_value());

    const auto text = file("text.sqlite");
    std::ofstream(text) << "just some text, long enough to have a header, and then some more\n";
    ASSERT_TRUE(historyProblem(text).has_value());
    EXPECT_EQ(*historyProblem(text), "not an SQLite database");
    try {
        History h(text);
        FAIL() << "a text file was opened as a history";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("not an SQLite database"), std::string::npos)
            << e.what();
    }

    damage(good);
    const auto before = bytes(good);
    const auto problem = historyProblem(good);
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(problem->rfind("damaged", 0), 0U) << *problem;
    EXPECT_EQ(bytes(good), before) << "looking at a damaged file must not change it";
    // A read-only connection may leave an empty -wal/-shm pair beside a WAL-mode file, nothing
    // more.
    EXPECT_TRUE(!fs::exists(good + "-wal") || fs::file_size(good + "-wal") == 0);
}

TEST_F(BackupTest, TheHistoryItselfIsRecognisedUnderAnyNameAndRefused)
{
    const auto path = file("history.sqlite");
    History h(path);
    addRun(h, "one");
    EXPECT_TRUE(isHistoryFile(path, path));
    EXPECT_TRUE(isHistoryFile(m_dir.path().string() + "/./history.sqlite", path));
    EXPECT_TRUE(isHistoryFile(path + "-wal", path));
    EXPECT_TRUE(isHistoryFile(path + "-journal", path)) << "even before it exists";
    ASSERT_EQ(::link(path.c_str(), file("linked").c_str()), 0);
    EXPECT_TRUE(isHistoryFile(file("linked"), path));
    EXPECT_FALSE(isHistoryFile(file("export.json"), path));
    EXPECT_THROW(refuseHistoryFile(file("linked"), path), StoreError);
    EXPECT_NO_THROW(refuseHistoryFile(file("export.json"), path));
    EXPECT_THROW(h.mergeFrom(file("linked")), StoreError);
}

TEST_F(BackupTest, ALocalFolderIsNotANetworkFileSystem)
{
    EXPECT_FALSE(networkFileSystem(file("history.sqlite")).has_value());
    EXPECT_FALSE(networkFileSystem(file("not/yet/made/history.sqlite")).has_value());
    EXPECT_TRUE(networkFileSystemWarning(file("history.sqlite")).empty());
}

} // namespace
} // namespace kdw::store
