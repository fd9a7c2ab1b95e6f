// SPDX-License-Identifier: MIT
// Sweeps: plans from the method vocabulary, membership recorded with each run, and reports that
// find runs by membership, so that renaming a run keeps it in its sweep.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/experiment/run_recorder.h"
#include "core/experiment/sweep.h"
#include "core/store/sweep_names.h"
#include "tests/support/configs.h"
#include "tests/support/temp_dir.h"

namespace kdw::experiment {
namespace {

using store::History;

std::vector<std::string> names(const std::vector<train::MethodSet>& sets)
{
    std::vector<std::string> out;
    for (const auto& s : sets) {
        out.push_back(s.toString());
    }
    return out;
}

TEST(SweepPlan, DefaultMethodsAreNoneThenEverySingleMethodOfTheCatalogue)
{
    EXPECT_EQ(names(defaultSweepMethods()),
        (std::vector<std::string> {
            "none", "soft_target", "logit_matching", "hint", "relation", "ranking"}));
}

TEST(SweepPlan, RunsOfASeedStartWithNoneAndAreNamedAfterTheSweep)
{
    SweepSpec spec {"plan", test::tinyConfig(),
        {train::MethodSet(), train::MethodSet::parse("hint+soft_target")}, {4}};
    const auto runs = sweepRuns(spec, 4);
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].name, "plan · none · seed 4");
    EXPECT_EQ(runs[1].name, "plan · hint+soft_target · seed 4");
    EXPECT_EQ(runs[1].distillation.method, "hint+soft_target");
    EXPECT_EQ(runs[1].seed, 4U);
    spec.methods = {train::MethodSet::parse("soft_target")};
    EXPECT_THROW((void)sweepRuns(spec, 4), ConfigError);
}

// Trains a small sweep (methods none and soft_target over two seeds) into `h` as kdw sweep does:
// each seed's none run trains the teacher the other reuses; every run a member of the sweep.
std::vector<std::int64_t> trainSweep(History& h, const std::string& name)
{
    SweepSpec spec {name, test::tinyConfig(),
        {train::MethodSet(), train::MethodSet::parse("soft_target")}, {1, 2}};
    spec.base.teacher.training.epochs = 2;
    spec.base.student.training.epochs = 2;
    const auto sweepId = h.ensureSweep(name, sweepPlanJson(spec));
    std::vector<std::int64_t> ids;
    for (auto seed : spec.seeds) {
        std::optional<std::int64_t> teacher;
        for (auto config : sweepRuns(spec, seed)) {
            if (teacher) {
                config.teacher.fromRun = std::to_string(*teacher);
            }
            const auto rec = runAndRecord(h, config, {}, {}, {}, sweepId);
            teacher = teacher ? teacher : rec.runId;
            ids.push_back(rec.runId);
        }
    }
    return ids;
}

const SweepRow& row(const std::vector<SweepRow>& rows, const std::string& label)
{
    for (const auto& r : rows) {
        if (r.label == label) {
            return r;
        }
    }
    throw std::runtime_error("no row " + label);
}

TEST(Sweep, RenamingARunKeepsItInItsSweep)
{
    const test::TempDir dir("sweep");
    History h(dir.file("h.sqlite"));
    const auto ids = trainSweep(h, "ablation");
    ASSERT_EQ(ids.size(), 4U);
    const auto hr = eval::metric::hitRate(10);
    const auto before = summarizeSweep(h, "ablation");
    ASSERT_EQ(before.size(), 3U); // teacher, none, soft_target
    EXPECT_EQ(before[0].label, "teacher");
    EXPECT_EQ(before[1].label, "none");
    EXPECT_EQ(before[2].label, "soft_target");
    EXPECT_EQ(row(before, "soft_target").metrics.at(hr).n, 2);

    // ids: seed 1 none, seed 1 soft_target, seed 2 none, seed 2 soft_target.
    h.renameRun(ids[3], "my best distilled student");
    const auto after = summarizeSweep(h, "ablation");
    ASSERT_EQ(after.size(), 3U);
    EXPECT_EQ(row(after, "soft_target").metrics.at(hr).n, 2);
    EXPECT_DOUBLE_EQ(row(after, "soft_target").metrics.at(hr).mean,
        row(before, "soft_target").metrics.at(hr).mean);
    EXPECT_EQ(row(after, "teacher").metrics.at(hr).n, 2);
    EXPECT_EQ(h.run(ids[3])->summary.sweepId, h.findSweep("ablation")->id);
    EXPECT_EQ(h.findSweep("ablation")->runCount, 4);

    // A run merely named like a member is not one.
    store::NewRun impostor;
    impostor.name = store::sweepRunName("ablation", "soft_target", 1);
    impostor.method = "soft_target";
    impostor.seed = 1;
    impostor.configJson = "{}";
    const auto id = h.createRun(impostor);
    h.appendEpoch(id, {"student", 1, {{hr, 1.0}}});
    h.finishRun(id, train::RunState::Finished, 1.0);
    EXPECT_EQ(row(summarizeSweep(h, "ablation"), "soft_target").metrics.at(hr).n, 2);
    // A run taken out of the sweep leaves it.
    h.setRunSweep(ids[3], std::nullopt);
    EXPECT_EQ(row(summarizeSweep(h, "ablation"), "soft_target").metrics.at(hr).n, 1);
}

TEST(Sweep, BaseConfigComesFromAMemberWithoutDistillation)
{
    const test::TempDir dir("sweep");
    History h(dir.file("h.sqlite"));
    const auto ids = trainSweep(h, "base");
    h.renameRun(ids[2], "renamed teacher run");
    const auto base = sweepBaseConfig(h, "base");
    ASSERT_TRUE(base.has_value());
    EXPECT_EQ(base->distillation.method, "none");
    EXPECT_EQ(base->seed, 2U); // the newest none run
    EXPECT_FALSE(sweepBaseConfig(h, "no such sweep").has_value());
    EXPECT_TRUE(summarizeSweep(h, "no such sweep").empty());
}

TEST(Sweep, ASweepOfTheSameNameIsContinuedNotDuplicated)
{
    const test::TempDir dir("sweep");
    History h(dir.file("h.sqlite"));
    const auto first = h.ensureSweep("again", R"({"seeds":[1]})");
    const auto second = h.ensureSweep("again", R"({"seeds":[2]})");
    EXPECT_EQ(first, second);
    ASSERT_EQ(h.listSweeps().size(), 1U);
    EXPECT_EQ(h.listSweeps()[0].planJson, R"({"seeds":[1]})"); // the plan of its first invocation
    EXPECT_EQ(h.findSweep(h.listSweeps()[0].uuid)->name, "again");
    EXPECT_THROW((void)h.ensureSweep(""), StoreError);
}

} // namespace
} // namespace kdw::experiment
