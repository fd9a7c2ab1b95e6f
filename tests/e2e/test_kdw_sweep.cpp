// SPDX-License-Identifier: MIT
// kdw sweep end to end (issue 16): a grid on several jobs into a new history (issue 17: no
// exception may leave a worker), a sweep stopped by SIGINT in a real child process and resumed
// without repeating a finished run, and kdw train --set, run names, exit codes.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/store/history.h"
#include "core/train/config.h"
#include "tests/support/configs.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace {

using kdw::test::runCommand;

class KdwSweepTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto c = kdw::test::tinyConfig("soft_target");
        c.teacher.training.epochs = 3;
        c.student.training.epochs = 3;
        std::ofstream(m_config) << kdw::train::configToJson(c);
    }

    kdw::test::TempDir m_tmp {"e2e-sweep"};
    std::string m_config = m_tmp.file("base.json");
    // 2 temperatures x 2 alphas x 2 seeds: per seed one none run and 4 students = 10 runs.
    std::string m_grid = " --grid distillation.temperature=1,4 --grid distillation.alpha=0.3,0.7"
                         " --seeds 0,1 --name g";
};

// Final student hr@10 and ndcg@10 of each finished member of sweep `name`, by run name.
std::map<std::string, std::pair<double, double>> finished(
    const std::string& db, const std::string& name = "g")
{
    kdw::store::History h(db);
    kdw::store::RunQuery q;
    q.sweepId = h.findSweep(name)->id;
    q.status = "finished";
    std::map<std::string, std::pair<double, double>> out;
    for (const auto& r : h.queryRuns(q).runs) {
        EXPECT_TRUE(out.emplace(r.name,
                           std::pair {r.finalMetrics.at("hr@10"), r.finalMetrics.at("ndcg@10")})
                        .second)
            << "finished twice: " << r.name;
    }
    return out;
}

TEST_F(KdwSweepTest, SeveralJobsOnANewHistoryTrainEveryRunOnce)
{
    for (int attempt = 0; attempt < 3; ++attempt) {
        const auto db = m_tmp.file("jobs" + std::to_string(attempt) + ".sqlite");
        const auto out = runCommand(std::string(KDW_BINARY) + " sweep --config " + m_config + m_grid
            + " --jobs 4 --db " + db);
        ASSERT_EQ(out.status, 0) << out.text;
        EXPECT_EQ(finished(db).size(), 10U) << out.text;
    }
}

pid_t spawn(const std::vector<std::string>& args, const std::string& log)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> argv;
    for (const auto& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    EXPECT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

std::size_t finishedCount(const std::string& db)
{
    if (!std::filesystem::exists(db)) {
        return 0;
    }
    kdw::store::History h(db);
    const auto sweep = h.findSweep("g");
    if (!sweep) {
        return 0;
    }
    kdw::store::RunQuery q;
    q.sweepId = sweep->id;
    q.status = "finished";
    return h.queryRuns(q).runs.size();
}

// Ctrl-C while the data is generated (issue 17: ignored for 29 s on 100,000 synthetic users, then
// a cancelled run with no epoch stored): kdw stops within a moment, exits 130, records nothing.
TEST_F(KdwSweepTest, CtrlCWhileTheDataIsPreparedStopsAtOnceAndRecordsNothing)
{
    const auto db = m_tmp.file("prep.sqlite");
    const auto pid
        = spawn({KDW_BINARY, "train", "--set", "dataset.synthetic.users=200000", "--db", db},
            m_tmp.file("prep.log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    ASSERT_EQ(::kill(pid, SIGINT), 0);
    const auto sent = std::chrono::steady_clock::now();
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    const double secs
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
    std::ifstream logFile(m_tmp.file("prep.log"));
    const std::string log((std::istreambuf_iterator<char>(logFile)), {});
    ASSERT_TRUE(WIFEXITED(status)) << log;
    EXPECT_EQ(WEXITSTATUS(status), 130) << log;
    EXPECT_LT(secs, 2.0) << log;
    EXPECT_NE(log.find("nothing was recorded"), std::string::npos) << log;
    kdw::store::History h(db);
    EXPECT_TRUE(h.listRuns().empty());
}

TEST_F(KdwSweepTest, ASweepStoppedByCtrlCResumesWithoutRepeatingAFinishedRun)
{
    // The same sweep uninterrupted, for the final set.
    const auto whole = m_tmp.file("whole.sqlite");
    const auto ref = runCommand(std::string(KDW_BINARY) + " sweep --config " + m_config + m_grid
        + " --jobs 1 --db " + whole);
    ASSERT_EQ(ref.status, 0) << ref.text;

    const auto db = m_tmp.file("stopped.sqlite");
    std::vector<std::string> args {KDW_BINARY, "sweep", "--config", m_config, "--grid",
        "distillation.temperature=1,4", "--grid", "distillation.alpha=0.3,0.7", "--seeds", "0,1",
        "--name", "g", "--jobs", "1", "--db", db};
    const auto pid = spawn(args, m_tmp.file("stopped.log"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (finishedCount(db) == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_EQ(::kill(pid, SIGINT), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    std::ifstream logFile(m_tmp.file("stopped.log"));
    const std::string log((std::istreambuf_iterator<char>(logFile)), {});
    ASSERT_TRUE(WIFEXITED(status)) << log;
    EXPECT_EQ(WEXITSTATUS(status), 130) << log;
    const auto before = finished(db);
    ASSERT_GE(before.size(), 1U) << log;
    ASSERT_LT(before.size(), 10U) << "the sweep ended before the interrupt; " << log;

    const auto again = runCommand(
        std::string(KDW_BINARY) + " sweep --config " + m_config + m_grid + " --jobs 1 --db " + db);
    ASSERT_EQ(again.status, 0) << again.text;
    EXPECT_NE(
        again.text.find(std::to_string(before.size()) + " already finished"), std::string::npos)
        << again.text;
    const auto after = finished(db); // fails inside when a name finished twice
    for (const auto& [name, metrics] : before) {
        EXPECT_EQ(after.at(name), metrics) << name;
    }
    EXPECT_EQ(after, finished(whole));
}

TEST_F(KdwSweepTest, ReportPrintsEachPointAgainstTheStudentAloneWithItsInterval)
{
    const auto db = m_tmp.file("r.sqlite");
    ASSERT_EQ(
        runCommand(std::string(KDW_BINARY) + " sweep --config " + m_config + m_grid + " --db " + db)
            .status,
        0);
    const auto table = runCommand(std::string(KDW_BINARY) + " report g --db " + db);
    ASSERT_EQ(table.status, 0) << table.text;
    EXPECT_NE(table.text.find("distillation.temperature=4 distillation.alpha=0.7  student + "
                              "soft_target  2"),
        std::string::npos)
        << table.text;
    const auto json = nlohmann::json::parse(
        runCommand(std::string(KDW_BINARY) + " report g --json --db " + db).text);
    ASSERT_EQ(json["rows"].size(), 6U); // teacher, none, 4 points
    const auto& row = json["rows"][5];
    const auto& none = json["rows"][1];
    EXPECT_EQ(none["model"], "none");
    const double diff = row["metrics"]["ndcg@10"]["mean"].get<double>()
        - none["metrics"]["ndcg@10"]["mean"].get<double>();
    EXPECT_NEAR(row["versus_baseline"]["ndcg@10"]["diff"].get<double>(), diff, 1e-12);
    EXPECT_LE(row["versus_baseline"]["ndcg@10"]["ci95_low"].get<double>(), diff);
    const auto csv = runCommand(std::string(KDW_BINARY) + " report --sweep g --csv --db " + db);
    EXPECT_EQ(csv.text.rfind("point,model,n,hr@10_mean", 0), 0U) << csv.text;
}

TEST_F(KdwSweepTest, TrainTakesSetOverridesWithoutAFileAndRunsAreNamedByName)
{
    const auto db = m_tmp.file("t.sqlite");
    const std::string small = " --set dataset.synthetic.users=80 --set dataset.synthetic.items=90"
                              " --set dataset.eval_negatives=40 --set teacher.training.epochs=1"
                              " --set student.training.epochs=1 --set distillation.temperature=3";
    const auto out = runCommand(
        std::string(KDW_BINARY) + " train" + small + " --set name=twice --json --db " + db);
    ASSERT_EQ(out.status, 0) << out.text;
    const auto result = nlohmann::json::parse(out.text);
    EXPECT_EQ(result["status"], "finished");
    kdw::store::History h(db);
    const auto config = kdw::train::configFromJson(h.run(result["run"].get<int>())->configJson);
    EXPECT_DOUBLE_EQ(config.distillation.temperature, 3.0);
    EXPECT_EQ(config.dataset.synthetic.users, 80);

    const auto show = runCommand(std::string(KDW_BINARY) + " show twice --json --db " + db);
    ASSERT_EQ(show.status, 0) << show.text;
    EXPECT_EQ(nlohmann::json::parse(show.text)["id"], result["run"]);
    ASSERT_EQ(
        runCommand(std::string(KDW_BINARY) + " train" + small + " --set name=twice -q --db " + db)
            .status,
        0);
    const auto ambiguous = runCommand(std::string(KDW_BINARY) + " tag twice x --db " + db);
    EXPECT_EQ(ambiguous.status, 1);
    EXPECT_NE(
        ambiguous.text.find("the name 'twice' is ambiguous: runs 1 (finished"), std::string::npos)
        << ambiguous.text;
    const auto typo = runCommand(
        std::string(KDW_BINARY) + " train --set distillation.temprature=4" + " --db " + db);
    EXPECT_EQ(typo.status, 1);
    EXPECT_NE(typo.text.find("did you mean 'temperature'?"), std::string::npos) << typo.text;
    EXPECT_EQ(runCommand(std::string(KDW_BINARY) + " train --no-such-option").status, 2);
}

// Every example config trains for one epoch (reduced with --set) and is stored with its method;
// the example sweep's script plans 27 runs.
TEST_F(KdwSweepTest, EveryExampleConfigTrainsOneEpoch)
{
    const std::string examples = std::string(KDW_SOURCE_DIR) + "/resources/examples/";
    const std::string small = " --set dataset.synthetic.users=100 --set dataset.synthetic.items=120"
                              " --set dataset.eval_negatives=40 --set teacher.training.epochs=1"
                              " --set student.training.epochs=1 --set threads=1";
    const auto db = m_tmp.file("examples.sqlite");
    for (const std::string method : {"none", "soft_target", "logit_matching", "hint", "relation",
             "ranking", "hint+soft_target"}) {
        auto file = "method-" + method + ".json";
        std::replace(file.begin(), file.end(), '+', '-');
        const auto out = runCommand(std::string(KDW_BINARY) + " train --config " + examples + file
            + small + " -q --db " + db);
        ASSERT_EQ(out.status, 0) << file << "\n" << out.text;
        kdw::store::History h(db);
        const auto run = h.listRuns().front();
        EXPECT_EQ(run.status, "finished") << file;
        EXPECT_EQ(run.method, method) << file;
        EXPECT_EQ(h.epochs(run.id).size(), 2U) << file; // one teacher and one student epoch
    }
    const auto sweep = runCommand("KDW=" + std::string(KDW_BINARY) + " sh " + examples
        + "sweep-temperature-alpha.sh --db " + m_tmp.file("sweep.sqlite") + small + " --json");
    ASSERT_EQ(sweep.status, 0) << sweep.text;
    const auto tally = nlohmann::json::parse(sweep.text.substr(sweep.text.find('{')));
    EXPECT_EQ(tally["planned"], 27); // per seed (3): the none run and 8 points
    EXPECT_EQ(tally["finished"], 27);
}

} // namespace
