// SPDX-License-Identifier: MIT
// End to end: the real kdw binary trains the demo config into a fresh history.
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "core/train/config.h"
#include "tests/support/configs.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;

using kdw::test::runCommand;

class KdwTest : public ::testing::Test {
protected:
    kdw::test::TempDir m_tmp {"e2e"};
    const fs::path& m_dir = m_tmp.path();
};

TEST_F(KdwTest, TrainsTheDemoConfigAndRecordsImprovingEpochs)
{
    const auto db = (m_dir / "history.sqlite").string();
    const auto out = runCommand(std::string(KDW_BINARY) + " train --config " + KDW_SOURCE_DIR
        + "/resources/examples/demo.json --db " + db);
    ASSERT_EQ(out.status, 0) << out.text;
    EXPECT_NE(out.text.find("teacher epoch   1/"), std::string::npos) << out.text;
    EXPECT_NE(out.text.find("student epoch   1/"), std::string::npos) << out.text;
    EXPECT_NE(out.text.find(" finished"), std::string::npos) << out.text;

    kdw::store::History h(db);
    const auto runs = h.listRuns();
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].status, "finished");
    const auto epochs = h.epochs(runs[0].id);
    std::vector<kdw::train::EpochRecord> teacher;
    std::vector<kdw::train::EpochRecord> student;
    for (const auto& e : epochs) {
        (e.phase == "teacher" ? teacher : student).push_back(e);
    }
    ASSERT_GE(teacher.size(), 3U);
    ASSERT_GE(student.size(), 3U);
    EXPECT_LT(teacher.back().metrics.at("val_loss"), teacher.front().metrics.at("val_loss"));
    EXPECT_GT(teacher.back().metrics.at("hr@10"), teacher.front().metrics.at("hr@10"));
    EXPECT_GT(teacher.back().metrics.at("f1"), teacher.front().metrics.at("f1"));
    EXPECT_LT(student.back().metrics.at("kl"), student.front().metrics.at("kl"));
    // One printed line per epoch.
    std::size_t lines = 0;
    for (std::size_t p = out.text.find(" epoch "); p != std::string::npos;
         p = out.text.find(" epoch ", p + 1)) {
        ++lines;
    }
    EXPECT_EQ(lines, epochs.size());
}

TEST_F(KdwTest, FullRankingMetricsAreStoredPerEpochAndShown)
{
    auto cfg = kdw::test::tinyConfig("soft_target");
    cfg.eval.protocol = kdw::train::RankingProtocol::Full;
    const auto path = m_dir / "full.json";
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(kdw::train::configToJson(cfg).c_str(), f);
    std::fclose(f);
    const auto db = (m_dir / "history.sqlite").string();
    const auto train
        = runCommand(std::string(KDW_BINARY) + " train --config " + path.string() + " --db " + db);
    ASSERT_EQ(train.status, 0) << train.text;
    kdw::store::History h(db);
    const auto epochs = h.epochs(h.listRuns().at(0).id);
    ASSERT_EQ(epochs.size(), 12U);
    for (const auto& e : epochs) {
        EXPECT_TRUE(e.metrics.contains("full_hr@10") && e.metrics.contains("full_ndcg@10")
            && e.metrics.contains("full_mrr@5"))
            << e.phase << " epoch " << e.epoch;
    }
    const auto show = runCommand(std::string(KDW_BINARY) + " show 1 --db " + db);
    ASSERT_EQ(show.status, 0) << show.text;
    char last[64];
    std::snprintf(last, sizeof last, "full_ndcg@10 %.4f", epochs.back().metrics.at("full_ndcg@10"));
    EXPECT_NE(show.text.find(last), std::string::npos) << last << " in\n" << show.text;
    EXPECT_NE(show.text.find("\"protocol\": \"full\""), std::string::npos);
}

TEST_F(KdwTest, ABadConfigIsRefusedWithTheFieldAndNothingIsRecorded)
{
    const auto cfg = m_dir / "bad.json";
    std::FILE* f = std::fopen(cfg.c_str(), "w");
    std::fputs(R"({"distillation": {"temperature": -1}})", f);
    std::fclose(f);
    const auto db = (m_dir / "history.sqlite").string();
    const auto out
        = runCommand(std::string(KDW_BINARY) + " train --config " + cfg.string() + " --db " + db);
    EXPECT_EQ(out.status, 1);
    EXPECT_NE(out.text.find("'distillation.temperature' must be between 0.01 and 1000"),
        std::string::npos)
        << out.text;
}

TEST_F(KdwTest, WithoutDbUsesTheSharedDefaultHistoryUnderXdgDataHome)
{
    const auto cfg = m_dir / "small.json";
    std::FILE* f = std::fopen(cfg.c_str(), "w");
    std::fputs(R"({"name": "small", "dataset": {"synthetic": {"users": 60, "items": 90}},
                   "teacher": {"model": {"embedding_dim": 8, "layers": [{"units": 8}]}, "training": {"epochs": 1}},
                   "student": {"training": {"epochs": 1}}})",
        f);
    std::fclose(f);
    const auto out = runCommand("XDG_DATA_HOME=" + m_dir.string() + " " + KDW_BINARY
        + " train -q --config " + cfg.string());
    ASSERT_EQ(out.status, 0) << out.text;
    EXPECT_TRUE(fs::exists(m_dir / "kdworkbench" / "history.sqlite"));
}

// A config that trains in a fraction of a second.
std::string writeSmallConfig(const fs::path& dir)
{
    const auto cfg = dir / "small.json";
    std::FILE* f = std::fopen(cfg.c_str(), "w");
    std::fputs(
        R"({"name": "small \"quoted\" ✓", "dataset": {"synthetic": {"users": 60, "items": 90}},
                   "teacher": {"model": {"embedding_dim": 8, "layers": [{"units": 8}]}, "training": {"epochs": 2}},
                   "student": {"training": {"epochs": 2}}})",
        f);
    std::fclose(f);
    return cfg.string();
}

TEST_F(KdwTest, HistoryCommandsListShowTagExportImportMergeAndDelete)
{
    const auto db = (m_dir / "h.sqlite").string();
    const auto other = (m_dir / "other.sqlite").string();
    const std::string kdw = KDW_BINARY;
    ASSERT_EQ(
        runCommand(kdw + " train -q --config " + writeSmallConfig(m_dir) + " --db " + db).status,
        0);

    auto listed = runCommand(kdw + " runs --json --db " + db);
    ASSERT_EQ(listed.status, 0) << listed.text;
    auto runs = nlohmann::json::parse(listed.text);
    ASSERT_EQ(runs["total"], 1);
    EXPECT_EQ(runs["runs"][0]["status"], "finished");
    EXPECT_EQ(runs["runs"][0]["name"], "small \"quoted\" ✓");
    EXPECT_TRUE(runs["runs"][0]["final_metrics"].contains("hr@10"));
    const auto table = runCommand(kdw + " runs --db " + db);
    EXPECT_NE(table.text.find("1 of 1 run(s)"), std::string::npos) << table.text;

    const auto shown = nlohmann::json::parse(runCommand(kdw + " show 1 --json --db " + db).text);
    EXPECT_EQ(shown["epochs"].size(), 4U);
    EXPECT_EQ(shown["config"]["teacher"]["training"]["epochs"], 2);
    EXPECT_NE(
        runCommand(kdw + " show 1 --db " + db).text.find("student epoch   2/2"), std::string::npos);

    ASSERT_EQ(runCommand(kdw + " tag 1 lecture --db " + db).status, 0);
    ASSERT_EQ(runCommand(kdw + " rename 1 'renamed run' --db " + db).status, 0);
    ASSERT_EQ(runCommand(kdw + " note 1 'shown in class' --db " + db).status, 0);
    runs = nlohmann::json::parse(runCommand(kdw + " runs --json --tag lecture --db " + db).text);
    ASSERT_EQ(runs["total"], 1);
    EXPECT_EQ(runs["runs"][0]["name"], "renamed run");
    EXPECT_EQ(runs["runs"][0]["notes"], "shown in class");

    const auto exported = (m_dir / "run.json").string();
    ASSERT_EQ(runCommand(kdw + " export 1 --checkpoints -o " + exported + " --db " + db).status, 0);
    const auto csv = runCommand(kdw + " export 1 --csv --db " + db);
    EXPECT_EQ(csv.text.substr(0, csv.text.find('\n')), "run,phase,epoch,split,metric,value");
    ASSERT_EQ(runCommand(kdw + " import " + exported + " --db " + other).status, 0);
    ASSERT_EQ(
        runCommand(kdw + " import " + exported + " --db " + other).status, 0); // not duplicated
    EXPECT_EQ(
        nlohmann::json::parse(runCommand(kdw + " runs --json --db " + other).text)["total"], 1);
    const auto merged = runCommand(kdw + " merge " + other + " --db " + db);
    EXPECT_EQ(merged.status, 0) << merged.text;
    EXPECT_NE(merged.text.find(other + ": 0 run(s) added, 1 already present"), std::string::npos)
        << merged.text;

    ASSERT_EQ(runCommand(kdw + " rm 1 --db " + db).status, 0);
    EXPECT_EQ(nlohmann::json::parse(runCommand(kdw + " runs --json --db " + db).text)["total"], 0);
    const auto missing = runCommand(kdw + " show 1 --db " + db);
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.text.find("there is no run '1'"), std::string::npos) << missing.text;
}

TEST_F(KdwTest, RunsMarksARunLeftRunningByADeadProcessAsInterrupted)
{
    const auto db = (m_dir / "h.sqlite").string();
    {
        kdw::store::History h(db);
        kdw::store::NewRun run;
        run.name = "killed";
        run.method = "none";
        run.configJson = "{}";
        const auto id = h.createRun(run);
        h.database().exec(
            "UPDATE runs SET owner_pid = 2147483646 WHERE id = " + std::to_string(id));
    }
    const auto runs = nlohmann::json::parse(
        runCommand(std::string(KDW_BINARY) + " runs --json --db " + db).text);
    EXPECT_EQ(runs["runs"][0]["status"], "interrupted");
}

} // namespace
