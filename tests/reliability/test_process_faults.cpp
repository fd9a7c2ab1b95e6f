// SPDX-License-Identifier: MIT
// Process faults (issue 17, part 4) through the real kdw and the store: a run that diverges or is
// too large for the machine, as kdw says and stores it; a history in a read-only folder (another
// user's, or a read-only mount) listed and read with a note and written to never; a file system
// filling up mid-run; a dataset file deleted or changed while runs use it.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <sys/mount.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using kdw::test::runCommand;

const std::string kKdw = KDW_BINARY;
// The waits below last this many times longer under a sanitizer
// (tests/sanitizers/sanitizers.cmake): under ASan, with another test beside it, the 40-epoch run
// outlasted a plain build's 60 s.
constexpr int kSlower = KDW_TEST_TIMEOUT_FACTOR;
// A small, fast experiment (well under a second an epoch).
const std::string kTiny
    = " --set dataset.synthetic.users=120 --set dataset.synthetic.items=160"
      " --set teacher.model.embedding_dim=16 --set student.model.embedding_dim=4"
      " --set threads=1";

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::string shellQuoted(const std::string& s)
{
    return "'" + s + "'";
}

std::string sqliteText(const std::string& db, const std::string& sql)
{
    kdw::store::Database d(db, kdw::store::Database::Mode::ReadOnly);
    auto st = d.prepare(sql);
    return st.step() ? st.getText(0) : std::string();
}

// The (phase, epoch) pairs of the epoch lines kdw train printed.
std::set<std::pair<std::string, int>> printedEpochs(const std::string& output)
{
    std::set<std::pair<std::string, int>> out;
    const std::regex line(R"((teacher|student) epoch +([0-9]+)/)");
    for (std::sregex_iterator it(output.begin(), output.end(), line), end; it != end; ++it) {
        out.emplace((*it)[1].str(), std::stoi((*it)[2].str()));
    }
    return out;
}

class ProcessFaults : public ::testing::Test {
protected:
    kdw::test::TempDir m_tmp {"faults"};
    std::string m_db = m_tmp.file("history.sqlite");
};

// Part 3 through kdw: the output and the stored run say the same, with the epochs done. A hint
// weighted 1000 under SGD overflows the student's loss a few batches into its first epoch.
TEST_F(ProcessFaults, KdwStoresANonFiniteRunAsDivergedWithItsCurvesAndTheLikelyCause)
{
    const auto out = runCommand(kKdw + " train --db " + shellQuoted(m_db) + kTiny
        + " --set teacher.training.epochs=3 --set distillation.method=hint"
          " --set distillation.hint.beta=1000 --set student.training.optimizer=sgd"
          " --set student.training.learning_rate=1");
    EXPECT_EQ(out.status, 3) << out.text; // a run ended failed or diverged
    EXPECT_TRUE(contains(out.text, "run 1 diverged: student loss became ")) << out.text;
    EXPECT_TRUE(contains(out.text, "likely cause: the hint weight beta, 1000")) << out.text;
    kdw::store::History h(m_db);
    const auto runs = h.listRuns();
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].status, "diverged");
    EXPECT_TRUE(contains(runs[0].message, " at epoch 1, batch ")) << runs[0].message;
    EXPECT_TRUE(contains(runs[0].message,
        "likely cause: the hint weight beta, 1000, above the usual range (at most 100); other "
        "settings that can cause this: the learning rate, 1"))
        << runs[0].message;
    const auto epochs = h.epochs(runs[0].id);
    ASSERT_EQ(epochs.size(), 3U) << "the teacher's three epochs are kept";
    for (const auto& e : epochs) {
        EXPECT_EQ(e.phase, "teacher");
    }
    EXPECT_EQ(printedEpochs(out.text).size(), 3U) << out.text;
}

TEST_F(ProcessFaults, KdwStoresWeightsTurnedNaNAsDivergedNamingTheParameter)
{
    const auto out = runCommand(kKdw + " train --db " + shellQuoted(m_db) + kTiny
        + " --set teacher.training.epochs=2 --set distillation.method=hint"
          " --set distillation.hint.beta=1e30");
    EXPECT_EQ(out.status, 3) << out.text;
    kdw::store::History h(m_db);
    const auto runs = h.listRuns();
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].status, "diverged");
    EXPECT_TRUE(contains(runs[0].message, "student weights became NaN or infinite at epoch 1"))
        << runs[0].message;
    EXPECT_TRUE(contains(runs[0].message, "likely cause: the hint weight beta, 1e+30"))
        << runs[0].message;
    EXPECT_TRUE(contains(out.text, runs[0].message)) << "kdw prints what the GUI shows";
    EXPECT_EQ(h.epochs(runs[0].id).size(), 2U);
}

TEST_F(ProcessFaults, KdwRefusesARunTooLargeForTheMemoryBeforeRecordingAnything)
{
    const auto start = std::chrono::steady_clock::now();
    const auto out = runCommand("KDW_MEMORY_LIMIT=1G " + kKdw + " train --db " + shellQuoted(m_db)
        + " --set dataset.synthetic.users=1000000 --set teacher.model.embedding_dim=256");
    const double secs
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(out.status, 1) << out.text;
    EXPECT_TRUE(contains(out.text, "this run needs about ")) << out.text;
    EXPECT_TRUE(contains(out.text, "(teacher 4.1 GB")) << out.text; // 1M x 256 x 16 bytes
    EXPECT_TRUE(contains(out.text, "but the machine has 1.0 GB available")) << out.text;
    EXPECT_LT(secs, 10.0) << "refused before a million users are generated";
    EXPECT_TRUE(!fs::exists(m_db) || kdw::store::History(m_db).listRuns().empty());
}

// A history with one finished run, written as root, then its folder and file made read-only.
std::string historyWithOneRun(const kdw::test::TempDir& tmp, const std::string& folder)
{
    fs::create_directories(tmp.path() / folder);
    const auto db = (tmp.path() / folder / "history.sqlite").string();
    const auto out = runCommand(kKdw + " train -q --db " + shellQuoted(db) + kTiny
        + " --set teacher.training.epochs=2 --set student.training.epochs=2");
    EXPECT_EQ(out.status, 0) << out.text;
    return db;
}

TEST_F(ProcessFaults, AnotherUsersReadOnlyFolderIsListedAndReadButNeverWritten)
{
    const auto db = historyWithOneRun(m_tmp, "shared");
    fs::permissions(m_tmp.path(),
        fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec
            | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(m_tmp.path() / "shared",
        fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read
            | fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string asNobody = "setpriv --reuid=65534 --regid=65534 --clear-groups -- ";
    if (runCommand(asNobody + kKdw + " --version").status != 0) {
        GTEST_SKIP() << "cannot run kdw as the user nobody here (setpriv, or a folder on the "
                        "binary's path it may not enter)";
    }
    const auto list = runCommand(asNobody + kKdw + " runs --db " + shellQuoted(db));
    EXPECT_EQ(list.status, 0) << list.text;
    EXPECT_TRUE(contains(list.text,
        "the folder is read-only: showing the history read-only; runs "
        "cannot be saved here"))
        << list.text;
    EXPECT_TRUE(contains(list.text, "1 of 1 run(s)")) << list.text;
    const auto show = runCommand(asNobody + kKdw + " show 1 --db " + shellQuoted(db));
    EXPECT_EQ(show.status, 0) << show.text;
    EXPECT_TRUE(contains(show.text, "student")) << show.text;
    const auto train = runCommand(asNobody + kKdw + " train --db " + shellQuoted(db) + kTiny);
    EXPECT_EQ(train.status, 1) << train.text;
    EXPECT_TRUE(contains(train.text, "refused: the folder is read-only")) << train.text;
    EXPECT_FALSE(fs::exists(db + "-wal")) << "nothing was written beside it";
    fs::permissions(m_tmp.path() / "shared", fs::perms::owner_all, fs::perm_options::add);
    EXPECT_EQ(sqliteText(db, "PRAGMA integrity_check"), "ok");
}

// A read-only bind mount (EROFS, which binds root too): the store's own read-only branch.
TEST_F(ProcessFaults, AHistoryOnAReadOnlyMountOpensReadOnlyWithTheNote)
{
    const auto db = historyWithOneRun(m_tmp, "src");
    const auto mnt = m_tmp.path() / "ro";
    fs::create_directories(mnt);
    if (::mount((m_tmp.path() / "src").c_str(), mnt.c_str(), nullptr, MS_BIND, nullptr) != 0) {
        GTEST_SKIP() << "cannot bind-mount here (needs root and CAP_SYS_ADMIN)";
    }
    struct Unmount {
        fs::path at;
        ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
    } unmount {mnt};
    ASSERT_EQ(::mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr), 0);
    const auto path = (mnt / "history.sqlite").string();
    kdw::store::History h(path);
    EXPECT_TRUE(h.readOnly());
    EXPECT_EQ(h.readOnlyNote(), kdw::store::History::kReadOnlyNote);
    const auto runs = h.listRuns();
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].status, "finished");
    EXPECT_EQ(h.epochs(runs[0].id).size(), 4U);
    EXPECT_TRUE(h.loadCheckpoint(runs[0].id, "student").has_value());
    try {
        h.setNotes(runs[0].id, "x");
        FAIL() << "a read-only history refuses writes";
    } catch (const kdw::StoreError& e) {
        EXPECT_TRUE(contains(e.what(),
            "refused: the folder is read-only: showing the history read-only; runs cannot be "
            "saved here"))
            << e.what();
    }
    const auto list = runCommand(kKdw + " runs --db " + shellQuoted(path));
    EXPECT_EQ(list.status, 0) << list.text;
    EXPECT_TRUE(contains(list.text, "showing the history read-only")) << list.text;
}

// A file system that fills up in the middle of a run (a 512 KiB tmpfs; root only).
TEST_F(ProcessFaults, AFullFileSystemKeepsEveryPrintedEpochAndMarksTheRunFailed)
{
    const auto mnt = m_tmp.path() / "small";
    fs::create_directories(mnt);
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=512k") != 0) {
        GTEST_SKIP() << "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)";
    }
    struct Unmount {
        fs::path at;
        ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
    } unmount {mnt};
    const auto db = (mnt / "history.sqlite").string();
    const auto out = runCommand(kKdw + " train --db " + shellQuoted(db) + kTiny
        + " --set teacher.training.epochs=1000 --set student.training.epochs=2");
    EXPECT_NE(out.status, 0) << out.text;
    EXPECT_TRUE(contains(out.text, "the disk is full")) << out.text;
    EXPECT_EQ(sqliteText(db, "PRAGMA integrity_check"), "ok");
    kdw::store::History h(db);
    const auto runs = h.listRuns();
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].status, "failed");
    EXPECT_TRUE(contains(runs[0].message, "the disk is full")) << runs[0].message;
    const auto printed = printedEpochs(out.text);
    ASSERT_GE(printed.size(), 5U) << "the disk filled mid-run, not at once: " << out.text;
    std::set<std::pair<std::string, int>> stored;
    for (const auto& e : h.epochs(runs[0].id)) {
        stored.emplace(e.phase, e.epoch);
    }
    for (const auto& p : printed) {
        EXPECT_TRUE(stored.count(p) == 1) << p.first << " epoch " << p.second << " was printed";
    }
}

// A ratings file: `users` users with 12 random items each of 150.
void writeRatings(const std::string& path, int users, unsigned seed)
{
    std::mt19937 rng(seed);
    std::ofstream f(path);
    f << "user_id,item_id,rating\n";
    for (int u = 0; u < users; ++u) {
        std::set<int> items;
        while (items.size() < 12) {
            items.insert(static_cast<int>(rng() % 150));
        }
        for (int i : items) {
            f << "u" << u << ",i" << i << ",1\n";
        }
    }
}

TEST_F(ProcessFaults, ADatasetDeletedMidRunLeavesTheRunWholeAndTheNextRunSaysItIsGone)
{
    const auto data = m_tmp.file("ratings.csv");
    writeRatings(data, 200, 1);
    const auto log = m_tmp.file("train.log");
    const std::string cmd = kKdw + " train --db " + shellQuoted(m_db) + kTiny
        + " --set dataset.source=csv --set dataset.path=" + shellQuoted(data)
        + " --set teacher.training.epochs=40 --set student.training.epochs=2";
    // In the background: delete the file once the first epoch is printed.
    const std::string bg = "(" + cmd + " > " + shellQuoted(log) + " 2>&1; echo $? > "
        + shellQuoted(log + ".rc") + ") &";
    ASSERT_EQ(std::system(bg.c_str()), 0);
    auto printedSoFar = [&] {
        std::ifstream f(log);
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
    for (int i = 0; i < 600 * kSlower && !contains(printedSoFar(), "teacher epoch   1/"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(contains(printedSoFar(), "teacher epoch   1/")) << printedSoFar();
    fs::remove(data);
    for (int i = 0; i < 1200 * kSlower && !fs::exists(log + ".rc"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream rcFile(log + ".rc");
    int rc = -1;
    rcFile >> rc;
    EXPECT_EQ(rc, 0) << "the data was read at the start: " << printedSoFar();
    {
        kdw::store::History h(m_db);
        const auto runs = h.listRuns();
        ASSERT_EQ(runs.size(), 1U);
        EXPECT_EQ(runs[0].status, "finished");
        EXPECT_EQ(h.epochs(runs[0].id).size(), 42U);
    }
    // The next run (a re-run, a queued run) reads the file again: it says the file is gone.
    const auto again = runCommand(cmd);
    EXPECT_EQ(again.status, 1) << again.text;
    EXPECT_TRUE(contains(again.text, data + ": no such file")) << again.text;
    EXPECT_EQ(sqliteText(m_db, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(kdw::store::History(m_db).listRuns().size(), 1U) << "nothing recorded for it";
}

TEST_F(ProcessFaults, ADatasetChangedUnderASweepIsRefusedForItsLaterRuns)
{
    const auto data = m_tmp.file("ratings.csv");
    writeRatings(data, 200, 1);
    const std::string sweep = kKdw + " sweep --name s --methods none,soft_target --db "
        + shellQuoted(m_db) + kTiny + " --set dataset.source=csv --set dataset.path="
        + shellQuoted(data) + " --set teacher.training.epochs=2 --set student.training.epochs=2";
    const auto first = runCommand(sweep + " --seeds 0");
    ASSERT_EQ(first.status, 0) << first.text;
    writeRatings(data, 200, 2); // other interactions, same size
    const auto resumed = runCommand(sweep + " --seeds 0,1");
    EXPECT_EQ(resumed.status, 3) << resumed.text;
    EXPECT_TRUE(contains(resumed.text, "has changed since this sweep's earlier runs trained on it"))
        << resumed.text;
    EXPECT_EQ(sqliteText(m_db, "PRAGMA integrity_check"), "ok");
}

} // namespace
