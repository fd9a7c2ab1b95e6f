// SPDX-License-Identifier: MIT
// The history's schema migrations from fixture files, durability under SIGKILL, and concurrent
// writers with a reader.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/common/random.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace kdw::store {
namespace {

namespace fs = std::filesystem;

std::string integrity(const std::string& path)
{
    Database db(path, Database::Mode::ReadOnly);
    auto st = db.prepare("PRAGMA integrity_check");
    st.step();
    return st.getText(0);
}

void expectSweepsAdopted(History& h, int fixtureVersion);

TEST(Migration, EveryEarlierFixtureOpensAndMigrates)
{
    const fs::path fixtures = fs::path(KDW_SOURCE_DIR) / "tests" / "fixtures" / "store";
    int checked = 0;
    for (int version = 1; version < History::kSchemaVersion; ++version) {
        const auto fixture = fixtures / ("history-v" + std::to_string(version) + ".sqlite");
        ASSERT_TRUE(fs::exists(fixture)) << "every earlier schema needs a fixture: " << fixture;
        const test::TempDir dir("migrate");
        const auto path = dir.file("history.sqlite");
        fs::copy_file(fixture, path);
        {
            Database raw(path);
            auto v = raw.prepare("PRAGMA user_version");
            v.step();
            ASSERT_EQ(v.getInt(0), version);
        }
        std::vector<train::EpochRecord> before;
        {
            Database raw(path);
            auto st = raw.prepare("SELECT count(*) FROM epoch_metrics WHERE run_id = 1");
            st.step();
            EXPECT_GT(st.getInt(0), 0);
        }
        History h(path);
        EXPECT_EQ(h.schemaVersion(), History::kSchemaVersion);
        const auto runs = h.listRuns();
        ASSERT_EQ(runs.size(), 3U);
        // Oldest data intact, derived data filled in.
        const auto one = h.run(1);
        EXPECT_EQ(one->summary.name, "fixture run 'one' with \"quotes\" ✓");
        EXPECT_EQ(one->summary.status, "finished");
        EXPECT_EQ(one->summary.startedAt, one->summary.createdAt);
        const auto epochs = h.epochs(1);
        ASSERT_EQ(epochs.size(), 5U); // 2 teacher + 3 student epochs
        const auto summary = h.metricSummary(1);
        bool foundHr = false;
        for (const auto& m : summary) {
            if (m.phase == "student" && m.metric == "hr@10") {
                foundHr = true;
                EXPECT_EQ(m.finalEpoch, 3);
                EXPECT_DOUBLE_EQ(m.finalValue, epochs.back().metrics.at("hr@10"));
                double best = -1;
                for (const auto& e : epochs) {
                    if (e.phase == "student") {
                        best = std::max(best, e.metrics.at("hr@10"));
                    }
                }
                EXPECT_DOUBLE_EQ(m.bestValue, best);
            }
        }
        EXPECT_TRUE(foundHr);
        ASSERT_EQ(runs.back().id, 1); // newest first
        EXPECT_DOUBLE_EQ(runs.back().finalMetrics.at("hr@10"), epochs.back().metrics.at("hr@10"));
        EXPECT_TRUE(h.loadCheckpoint(1, "teacher").has_value());
        // The run its process left 'running' is marked interrupted.
        EXPECT_EQ(h.run(3)->summary.status, "interrupted");
        {
            auto st = h.database().prepare("SELECT split FROM epoch_metrics WHERE run_id = 1 AND "
                                           "metric = 'train_loss' LIMIT 1");
            ASSERT_TRUE(st.step());
            EXPECT_EQ(st.getText(0), "train");
        }
        // Migrations are idempotent: running them again over the migrated file changes nothing.
        h.database().exec("PRAGMA user_version = " + std::to_string(version));
        History again(path);
        EXPECT_EQ(again.schemaVersion(), History::kSchemaVersion);
        EXPECT_EQ(again.epochs(1).size(), 5U);
        EXPECT_EQ(again.metricSummary(1).size(), summary.size());
        EXPECT_EQ(integrity(path), "ok");
        expectSweepsAdopted(again, version);
        ++checked;
    }
    EXPECT_EQ(checked, History::kSchemaVersion - 1);
}

// Schema 3 made sweeps entities. The v1 fixture has no run named as a sweep names its runs; the v2
// fixture (written by the schema-2 code) has "fixture sweep · none · seed 5" and "fixture sweep ·
// soft_target · seed 5" (run 3, killed mid-run), which the migration adopts into one sweep.
void expectSweepsAdopted(History& h, int fixtureVersion)
{
    const auto sweeps = h.listSweeps();
    if (fixtureVersion < 2) {
        EXPECT_TRUE(sweeps.empty());
        return;
    }
    ASSERT_EQ(sweeps.size(), 1U);
    EXPECT_EQ(sweeps[0].name, "fixture sweep");
    EXPECT_EQ(sweeps[0].runCount, 2);
    EXPECT_EQ(sweeps[0].uuid.size(), 36U);
    EXPECT_EQ(sweeps[0].createdAt, h.run(2)->summary.createdAt);
    EXPECT_FALSE(h.run(1)->summary.sweepId.has_value());
    EXPECT_EQ(h.run(2)->summary.sweepId, sweeps[0].id);
    EXPECT_EQ(h.run(3)->summary.sweepId, sweeps[0].id);
    // Membership, not the name, from now on.
    h.renameRun(2, "renamed");
    RunQuery q;
    q.sweepId = sweeps[0].id;
    EXPECT_EQ(h.queryRuns(q).total, 2);
}

TEST(Migration, SweepsAreAdoptedOnlyFromNamesThatMatchTheRunsMethodAndSeed)
{
    const test::TempDir dir("adopt");
    const auto path = dir.file("history.sqlite");
    {
        History h(path);
        const auto add
            = [&](const std::string& name, const std::string& method, std::uint64_t seed) {
                  NewRun run;
                  run.name = name;
                  run.method = method;
                  run.seed = seed;
                  run.configJson = "{}";
                  return h.createRun(run);
              };
        add("old · none · seed 1", "none", 1); // 1: adopted
        add("old · hint+soft_target · seed 1", "hint+soft_target", 1); // 2: adopted
        add("notes · hint · seed 9", "none", 9); // 3: method differs
        add("old · none · seed 1", "none", 2); // 4: seed differs
        add(" · none · seed 1", "none", 1); // 5: no sweep name
        add("my run", "none", 1); // 6: not a sweep name
        add("other · ranking · seed 0", "ranking", 0); // 7: adopted, another sweep
        // As a schema-2 history would be: no sweeps, the column empty.
        h.database().exec(
            "UPDATE runs SET sweep_id = NULL; DELETE FROM sweeps; PRAGMA user_version = 2");
    }
    History h(path);
    const auto sweeps = h.listSweeps();
    ASSERT_EQ(sweeps.size(), 2U);
    const auto old = h.findSweep("old");
    ASSERT_TRUE(old.has_value());
    EXPECT_EQ(old->runCount, 2);
    EXPECT_EQ(old->planJson, R"({"adopted_from_run_names": true})");
    EXPECT_EQ(h.findSweep("other")->runCount, 1);
    for (std::int64_t id : {3, 4, 5, 6}) {
        EXPECT_FALSE(h.run(id)->summary.sweepId.has_value()) << "run " << id;
    }
    EXPECT_EQ(h.run(2)->summary.sweepId, old->id);
}

// Runs the crash writer, kills it with SIGKILL after `delay`, returns the epochs it reported as
// committed and its run id.
std::pair<std::int64_t, std::vector<int>> runAndKill(
    const std::string& db, int seed, std::chrono::milliseconds delay)
{
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string seedText = std::to_string(seed);
    char* argv[] = {const_cast<char*>(KDW_CRASH_WRITER), const_cast<char*>(db.c_str()),
        const_cast<char*>(seedText.c_str()), nullptr};
    pid_t pid = 0;
    EXPECT_EQ(posix_spawn(&pid, KDW_CRASH_WRITER, &actions, nullptr, argv, environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::string text;
    char buf[4096];
    for (ssize_t n = 0; (n = ::read(out[0], buf, sizeof buf)) > 0;) {
        text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    std::int64_t runId = 0;
    std::vector<int> epochs;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("run ", 0) == 0) {
            runId = std::stoll(line.substr(4));
        } else if (!line.empty()) {
            epochs.push_back(std::stoi(line));
        }
    }
    return {runId, epochs};
}

TEST(Durability, SigkillAtRandomMomentsLosesNoCommittedEpoch)
{
    const test::TempDir dir("crash");
    const auto db = dir.file("history.sqlite");
    {
        History init(db);
    }
    Rng rng(20261128);
    int totalEpochs = 0;
    for (int round = 0; round < 20; ++round) {
        const auto delay = std::chrono::milliseconds(15 + rng.below(60));
        const auto [runId, reported] = runAndKill(db, round, delay);
        ASSERT_EQ(integrity(db), "ok") << "round " << round;
        History h(db); // the next open: marks the killed run interrupted
        if (runId == 0) {
            continue; // killed before it created its run
        }
        const auto details = h.run(runId);
        ASSERT_TRUE(details.has_value());
        EXPECT_EQ(details->summary.status, "interrupted") << "round " << round;
        std::set<int> stored;
        for (const auto& e : h.epochs(runId)) {
            stored.insert(e.epoch);
            EXPECT_EQ(e.metrics.size(), 10U) << "an epoch is whole or absent";
        }
        for (int e : reported) {
            EXPECT_TRUE(stored.contains(e))
                << "round " << round << ": epoch " << e << " was committed but is missing";
        }
        // At most the epoch in flight is beyond what was reported.
        EXPECT_LE(stored.size(), reported.size() + 1);
        totalEpochs += static_cast<int>(reported.size());
    }
    EXPECT_GT(totalEpochs, 100) << "the writer should have committed epochs before being killed";
}

TEST(Concurrency, FourWritersAndAReaderLoseNothingAndNeverSeeLocked)
{
    const test::TempDir dir("concurrency");
    const auto db = dir.file("history.sqlite");
    {
        History init(db);
    }
    constexpr int kWriters = 4;
    constexpr int kEpochs = 100;
    std::atomic<int> finished {0};
    std::atomic<int> errors {0};
    std::atomic<long> listings {0};
    std::vector<std::int64_t> ids(kWriters);
    std::vector<std::string> messages(kWriters + 1);
    {
        std::vector<std::jthread> threads;
        for (int w = 0; w < kWriters; ++w) {
            threads.emplace_back([&, w] {
                try {
                    History h(db);
                    NewRun run;
                    run.name = "writer " + std::to_string(w);
                    run.method = "none";
                    run.configJson = "{}";
                    ids[static_cast<std::size_t>(w)] = h.createRun(run);
                    for (int e = 1; e <= kEpochs; ++e) {
                        h.appendEpoch(ids[static_cast<std::size_t>(w)],
                            {"student", e,
                                {{"f1", e * 0.01}, {"kl", 1.0 / e}, {"train_loss", 1.0}}});
                    }
                    h.finishRun(ids[static_cast<std::size_t>(w)], "finished", 1.0);
                } catch (const std::exception& ex) {
                    ++errors;
                    messages[static_cast<std::size_t>(w)] = ex.what();
                }
                ++finished;
            });
        }
        threads.emplace_back([&] {
            try {
                History h(db);
                while (finished < kWriters) {
                    (void)h.listRuns();
                    ++listings;
                }
            } catch (const std::exception& ex) {
                ++errors;
                messages[kWriters] = ex.what();
            }
        });
    }
    for (const auto& m : messages) {
        EXPECT_TRUE(m.empty()) << m;
    }
    EXPECT_EQ(errors, 0);
    EXPECT_GT(listings, 0);
    History h(db);
    for (auto id : ids) {
        const auto epochs = h.epochs(id);
        ASSERT_EQ(epochs.size(), static_cast<std::size_t>(kEpochs));
        for (int e = 1; e <= kEpochs; ++e) {
            EXPECT_DOUBLE_EQ(epochs[static_cast<std::size_t>(e - 1)].metrics.at("f1"), e * 0.01);
        }
        EXPECT_EQ(h.run(id)->summary.status, "finished");
    }
}

TEST(Concurrency, ConnectionsCreatingTheSameNewHistoryAtOnceAllSucceed)
{
    // The GUI's reader and a worker open a history that does not exist yet at the same moment.
    const test::TempDir dir("create-race");
    for (int round = 0; round < 40; ++round) {
        const auto db = dir.file("h" + std::to_string(round) + ".sqlite");
        std::atomic<int> ready {0};
        std::vector<std::string> failures(4);
        {
            std::vector<std::jthread> threads;
            for (int t = 0; t < 4; ++t) {
                threads.emplace_back([&, t] {
                    ++ready;
                    while (ready < 4) { }
                    try {
                        History h(db);
                        if (h.schemaVersion() != History::kSchemaVersion) {
                            failures[static_cast<std::size_t>(t)]
                                = "schema " + std::to_string(h.schemaVersion());
                        }
                        NewRun run;
                        run.name = "t" + std::to_string(t);
                        run.method = "none";
                        run.configJson = "{}";
                        h.createRun(run);
                    } catch (const std::exception& e) {
                        failures[static_cast<std::size_t>(t)] = e.what();
                    }
                });
            }
        }
        for (const auto& f : failures) {
            ASSERT_TRUE(f.empty()) << "round " << round << ": " << f;
        }
        History h(db);
        EXPECT_EQ(h.listRuns().size(), 4U);
    }
}

} // namespace
} // namespace kdw::store
