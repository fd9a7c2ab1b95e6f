// SPDX-License-Identifier: MIT
// Sweeps: plans from the method vocabulary, membership recorded with each run, and reports that
// find runs by membership, so that renaming a run keeps it in its sweep.
#include <cmath>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/experiment/run_recorder.h"
#include "core/experiment/sweep.h"
#include "core/experiment/sweep_summary.h"
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

// A spec without axes; the tests add theirs.
SweepSpec makeSpec(const std::string& name, const train::ExperimentConfig& base,
    std::vector<train::MethodSet> methods, std::vector<std::uint64_t> seeds)
{
    SweepSpec spec;
    spec.name = name;
    spec.base = base;
    spec.methods = std::move(methods);
    spec.seeds = std::move(seeds);
    return spec;
}

TEST(SweepPlan, DefaultMethodsAreNoneThenEverySingleMethodOfTheCatalogue)
{
    EXPECT_EQ(names(defaultSweepMethods()),
        (std::vector<std::string> {
            "none", "soft_target", "logit_matching", "hint", "relation", "ranking"}));
}

TEST(SweepPlan, RunsOfASeedStartWithNoneAndAreNamedAfterTheSweep)
{
    auto spec = makeSpec("plan", test::tinyConfig(),
        {train::MethodSet(), train::MethodSet::parse("hint+soft_target")}, {4});
    const auto runs = planSweep(spec);
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].config.name, "plan · none · seed 4");
    EXPECT_EQ(runs[1].config.name, "plan · hint+soft_target · seed 4");
    EXPECT_EQ(runs[1].config.distillation.method, "hint+soft_target");
    EXPECT_EQ(runs[1].config.seed, 4U);
    EXPECT_FALSE(runs[0].teacherFrom.has_value());
    EXPECT_EQ(runs[1].teacherFrom, std::optional<std::size_t>(0));
    spec.methods = {train::MethodSet::parse("soft_target")};
    EXPECT_THROW((void)planSweep(spec), ConfigError);
}

// 4 temperatures x 2 alphas x 2 seeds with the base config's method: per seed one none run (it
// reads no distillation setting, so the 8 points share it and its teacher) and 8 students.
TEST(SweepPlan, AGridCrossesItsAxesAndSharesOneTeacherPerSeed)
{
    auto spec = makeSpec("grid", test::tinyConfig("soft_target"), {}, {0, 1});
    spec.grid = {parseGridAxis("distillation.temperature=1,2,4,8"),
        parseGridAxis("distillation.alpha=0.3,0.7")};
    const auto plan = planSweep(spec);
    ASSERT_EQ(plan.size(), 18U);
    EXPECT_EQ(plan[0].config.name, "grid · none · seed 0");
    EXPECT_EQ(plan[1].config.name,
        "grid · distillation.temperature=1 distillation.alpha=0.3 · soft_target · seed 0");
    EXPECT_EQ(plan[2].point, "distillation.temperature=1 distillation.alpha=0.7");
    EXPECT_DOUBLE_EQ(plan[8].config.distillation.temperature, 8.0);
    EXPECT_DOUBLE_EQ(plan[8].config.distillation.alpha, 0.7);
    EXPECT_EQ(plan[9].config.name, "grid · none · seed 1");
    for (const auto& run : plan) {
        EXPECT_EQ(run.teacherFrom.has_value(), run.config.distillation.method != "none");
        if (run.teacherFrom) {
            EXPECT_EQ(plan[*run.teacherFrom].config.seed, run.config.seed);
        }
    }
    // The plan is the same every time: names are identities across processes and machines.
    const auto again = planSweep(spec);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        EXPECT_EQ(again[i].config.name, plan[i].config.name);
    }
    // A teacher axis gives each value its own teacher run.
    spec.grid = {parseGridAxis("teacher.model.embedding_dim=8,16")};
    const auto teachers = planSweep(spec);
    ASSERT_EQ(teachers.size(), 8U); // per seed: (none, soft_target) x 2 teachers
    EXPECT_EQ(teachers[1].teacherFrom, std::optional<std::size_t>(0));
    EXPECT_EQ(teachers[3].teacherFrom, std::optional<std::size_t>(2));
}

TEST(SweepPlan, RandomPointsAreDrawnDeterministicallyInTheirRange)
{
    auto spec = makeSpec("random", test::tinyConfig("soft_target"), {}, {0});
    spec.randomPoints = 5;
    spec.ranges = {parseRange("distillation.temperature=0.5:20:log"),
        parseRange("distillation.ranking.top_k=2:9")};
    spec.sweepSeed = 11;
    const auto plan = planSweep(spec);
    ASSERT_EQ(plan.size(), 6U);
    for (std::size_t i = 1; i < plan.size(); ++i) {
        const auto& c = plan[i].config;
        EXPECT_GE(c.distillation.temperature, 0.5);
        EXPECT_LE(c.distillation.temperature, 20.0);
        EXPECT_GE(c.distillation.ranking.topK, 2); // an integer field takes rounded draws
        EXPECT_LE(c.distillation.ranking.topK, 9);
        EXPECT_EQ(c.name, planSweep(spec)[i].config.name);
    }
    spec.sweepSeed = 12;
    EXPECT_NE(planSweep(spec)[1].config.name, plan[1].config.name);
    EXPECT_THROW((void)parseRange("distillation.temperature=0:20:log"), ConfigError);
    EXPECT_THROW((void)parseRange("distillation.temperature=5:2"), ConfigError);
    EXPECT_THROW((void)parseRange("distillation.temperature=1:2:cubic"), ConfigError);
    EXPECT_THROW((void)parseGridAxis("distillation.temperature="), ConfigError);
    spec.ranges = {parseRange("distillation.temprature=1:2")};
    EXPECT_THROW((void)planSweep(spec), ConfigError);
}

TEST(SweepPlan, AShardTakesItsIndicesAndTheTeacherRunsTheyNeed)
{
    auto spec = makeSpec("shard", test::tinyConfig("soft_target"), {}, {0, 1});
    spec.grid = {parseGridAxis("distillation.temperature=1,2,4,8")};
    const auto plan = planSweep(spec); // per seed: none, then 4 students = 10 runs
    ASSERT_EQ(plan.size(), 10U);
    std::vector<std::size_t> borrowed;
    const auto one = shardRuns(plan, parseShard("1/2"), &borrowed);
    // Its own runs 1, 3, 5, 7, 9; the teacher runs 0 (seed 0) and 5 (seed 1, already its own).
    EXPECT_EQ(one, (std::vector<std::size_t> {0, 1, 3, 5, 7, 9}));
    EXPECT_EQ(borrowed, (std::vector<std::size_t> {0}));
    EXPECT_EQ(shardRuns(plan, parseShard("0/2")), (std::vector<std::size_t> {0, 2, 4, 5, 6, 8}));
    EXPECT_EQ(shardRuns(plan, parseShard("0/1")).size(), 10U);
    EXPECT_EQ(borrowedTeacherName("s · none · seed 0", parseShard("1/2")),
        "s · none · seed 0 · teacher for shard 1/2");
    for (const auto* bad : {"2/2", "-1/2", "1", "a/b", "1/0", "0/2x"}) {
        EXPECT_THROW((void)parseShard(bad), ConfigError) << bad;
    }
}

// Golden values: the Student t quantile t(0.975, 6) = 2.446912 (any t table); two samples of 4
// with equal variance (1.6667) have Welch df = 2 (n - 1) = 6 and se = sqrt(2 * 1.6667 / 4).
TEST(SweepSummary, WelchIntervalMatchesTheStudentTTable)
{
    const auto a = metricStat({3, 4, 5, 6});
    const auto b = metricStat({1, 2, 3, 4});
    const auto ci = welchInterval(a, b);
    ASSERT_TRUE(ci.has_value());
    const double half = 2.446912 * std::sqrt(2.0 * (5.0 / 3.0) / 4.0);
    EXPECT_NEAR(ci->diff, 2.0, 1e-12);
    EXPECT_NEAR(ci->lo, 2.0 - half, 1e-5);
    EXPECT_NEAR(ci->hi, 2.0 + half, 1e-5);
    EXPECT_FALSE(welchInterval(metricStat({1}), b).has_value());
    const auto exact = welchInterval(metricStat({2, 2}), metricStat({1, 1}));
    ASSERT_TRUE(exact.has_value());
    EXPECT_DOUBLE_EQ(exact->lo, 1.0);
    EXPECT_DOUBLE_EQ(exact->hi, 1.0);
}

// Trains a small sweep (methods none and soft_target over two seeds) into `h` as kdw sweep does:
// each seed's none run trains the teacher the other reuses; every run a member of the sweep.
std::vector<std::int64_t> trainSweep(History& h, const std::string& name)
{
    auto spec = makeSpec(name, test::tinyConfig(),
        {train::MethodSet(), train::MethodSet::parse("soft_target")}, {1, 2});
    spec.base.teacher.training.epochs = 2;
    spec.base.student.training.epochs = 2;
    const auto sweepId = h.ensureSweep(name, sweepPlanJson(spec));
    std::vector<std::int64_t> ids;
    for (const auto& run : planSweep(spec)) {
        auto config = run.config;
        if (run.teacherFrom) {
            config.teacher.fromRun = std::to_string(ids.at(*run.teacherFrom));
        }
        ids.push_back(runAndRecord(h, config, {}, {}, {}, sweepId).runId);
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
