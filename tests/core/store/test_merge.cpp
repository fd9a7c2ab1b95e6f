// SPDX-License-Identifier: MIT
// Merging history files (kdw merge OUT IN...): the shards of a sweep, made by the store API as a
// sweep makes them, united without duplicates, with their epochs, final and best values, tags,
// notes, checkpoints, sweep membership and teacher links; bad inputs refused by name with the
// output left as it was.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/store/history.h"
#include "core/store/merge.h"
#include "core/store/sqlite.h"
#include "tests/support/temp_dir.h"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class MergeTest : public ::testing::Test {
protected:
    std::string file(const std::string& name) const { return m_dir.file(name); }

    // A finished run of a sweep, as kdw sweep records it: student epochs whose hr@10 climbs to
    // `hr`, a teacher checkpoint for the teacher run, a student checkpoint for every run, and
    // 'teacher.from_run' naming `teacher` by its id in this history.
    static std::int64_t sweepRun(History& h, const std::string& sweep, const std::string& method,
        int seed, double hr, std::optional<std::int64_t> teacher = std::nullopt)
    {
        NewRun r;
        r.name = sweep + " · " + method + " · seed " + std::to_string(seed);
        r.method = method;
        r.seed = static_cast<std::uint64_t>(seed);
        r.teacherRun = teacher;
        r.sweepId = h.ensureSweep(sweep, R"({"seeds":[0,1]})");
        json config = {{"name", r.name}, {"seed", seed},
            {"teacher", {{"from_run", teacher ? json(std::to_string(*teacher)) : json(nullptr)}}}};
        r.configJson = config.dump();
        const auto id = h.createRun(r);
        if (!teacher) {
            h.appendEpoch(id, {"teacher", 1, {{"hr@10", hr + 0.1}, {"val_loss", 0.5}}});
            h.saveCheckpoint(id, "teacher", 1, {9, 8, 7, static_cast<std::uint8_t>(seed)});
        }
        for (int e = 1; e <= 3; ++e) {
            // The best hr@10 is at epoch 2, the final one at epoch 3.
            const double value = e == 2 ? hr + 0.05 : hr * e / 3;
            h.appendEpoch(id, {"student", e, {{"hr@10", value}, {"val_loss", 1.0 / e}}});
        }
        h.saveCheckpoint(id, "student", 3, {1, 2, static_cast<std::uint8_t>(id)});
        h.finishRun(id, train::RunState::Finished, 2.5);
        return id;
    }

    static std::int64_t byName(History& h, const std::string& name)
    {
        for (const auto& r : h.listRuns()) {
            if (r.name == name) {
                return r.id;
            }
        }
        ADD_FAILURE() << "no run named " << name << " in " << h.path();
        return 0;
    }

    static std::string fromRunOf(History& h, std::int64_t id)
    {
        const auto config = json::parse(h.run(id)->configJson);
        return config["teacher"]["from_run"].is_null()
            ? ""
            : config["teacher"]["from_run"].get<std::string>();
    }

    // Two shards of sweep "grid" (seed 0 in one, seed 1 in the other), each with its teacher
    // run and a soft_target student of it.
    void makeShards()
    {
        History s0(file("shard-0.sqlite"));
        const auto t0 = sweepRun(s0, "grid", "none", 0, 0.40);
        const auto st0 = sweepRun(s0, "grid", "soft_target", 0, 0.45, t0);
        s0.addTag(st0, "kd");
        s0.setNotes(st0, "seed 0 student");
        History s1(file("shard-1.sqlite"));
        const auto t1 = sweepRun(s1, "grid", "none", 1, 0.38);
        sweepRun(s1, "grid", "soft_target", 1, 0.44, t1);
    }

    test::TempDir m_dir {"histmerge"};
};

TEST_F(MergeTest, ShardsUniteWithEverythingARunCarries)
{
    makeShards();
    // The output already holds a run of its own, so every merged id differs from its shard's.
    {
        History out(file("out.sqlite"));
        NewRun own;
        own.name = "own run";
        own.configJson = "{}";
        out.finishRun(out.createRun(own), train::RunState::Finished, 1.0);
    }
    const auto results
        = mergeHistories(file("out.sqlite"), {file("shard-0.sqlite"), file("shard-1.sqlite")});
    ASSERT_EQ(results.size(), 2U);
    EXPECT_EQ(results[0].path, file("shard-0.sqlite"));
    EXPECT_EQ(results[0].added, 2);
    EXPECT_EQ(results[1].added, 2);
    EXPECT_EQ(results[0].skipped + results[1].skipped, 0);

    History out(file("out.sqlite"));
    History s0(file("shard-0.sqlite"));
    ASSERT_EQ(out.listRuns().size(), 5U);
    const auto teacher = byName(out, "grid · none · seed 0");
    const auto student = byName(out, "grid · soft_target · seed 0");
    const auto srcStudent = byName(s0, "grid · soft_target · seed 0");
    EXPECT_NE(student, srcStudent);
    // The uuid, epochs, final and best values and checkpoints are the shard's.
    EXPECT_EQ(out.run(student)->summary.uuid, s0.run(srcStudent)->summary.uuid);
    EXPECT_EQ(out.epochs(student).size(), 3U);
    const auto summary = out.metricSummary(student);
    const auto hr = std::find_if(summary.begin(), summary.end(),
        [](const MetricSummary& m) { return m.phase == "student" && m.metric == "hr@10"; });
    ASSERT_NE(hr, summary.end());
    EXPECT_DOUBLE_EQ(hr->finalValue, 0.45);
    EXPECT_EQ(hr->finalEpoch, 3);
    EXPECT_DOUBLE_EQ(hr->bestValue, 0.50);
    EXPECT_EQ(hr->bestEpoch, 2);
    EXPECT_EQ(out.loadCheckpoint(student, "student"), s0.loadCheckpoint(srcStudent, "student"));
    EXPECT_EQ(*out.loadCheckpoint(teacher, "teacher"), (std::vector<std::uint8_t> {9, 8, 7, 0}));
    EXPECT_EQ(out.run(student)->summary.tags, std::vector<std::string> {"kd"});
    EXPECT_EQ(out.run(student)->summary.notes, "seed 0 student");
    EXPECT_EQ(out.run(student)->seed, 0U);
    // The teacher link and 'teacher.from_run' name the merged teacher, not the shard's id.
    EXPECT_EQ(*out.run(student)->summary.teacherRun, teacher);
    EXPECT_EQ(fromRunOf(out, student), std::to_string(teacher));
    const auto student1 = byName(out, "grid · soft_target · seed 1");
    const auto teacher1 = byName(out, "grid · none · seed 1");
    EXPECT_EQ(*out.run(student1)->summary.teacherRun, teacher1);
    EXPECT_EQ(fromRunOf(out, student1), std::to_string(teacher1));
    EXPECT_EQ(fromRunOf(out, teacher1), "");
    // One sweep with the four runs, whichever shard created it.
    const auto sweep = out.findSweep("grid");
    ASSERT_TRUE(sweep.has_value());
    EXPECT_EQ(sweep->runCount, 4);
    EXPECT_EQ(out.listSweeps().size(), 1U);
}

TEST_F(MergeTest, ARunInSeveralInputsOrAlreadyInTheOutputIsKeptOnce)
{
    makeShards();
    // shard-0 copied whole into the output first: its runs are there with their uuids. A new
    // output has nothing to back up; one with runs is backed up before the next merge.
    mergeHistories(file("out.sqlite"), {file("shard-0.sqlite")});
    EXPECT_TRUE(listBackups(file("out.sqlite")).empty());
    const auto results = mergeHistories(file("out.sqlite"),
        {file("shard-0.sqlite"), file("shard-1.sqlite"), file("shard-1.sqlite")});
    ASSERT_EQ(results.size(), 3U);
    EXPECT_EQ(listBackups(file("out.sqlite")).size(), 1U);
    EXPECT_EQ(results[0].added, 0);
    EXPECT_EQ(results[0].skipped, 2);
    EXPECT_EQ(results[1].added, 2);
    EXPECT_EQ(results[2].added, 0);
    EXPECT_EQ(results[2].skipped, 2);
    History out(file("out.sqlite"));
    EXPECT_EQ(out.listRuns().size(), 4U);
    std::set<std::string> uuids;
    for (const auto& r : out.listRuns()) {
        uuids.insert(r.uuid);
    }
    EXPECT_EQ(uuids.size(), 4U);
}

TEST_F(MergeTest, ABadInputIsRefusedByNameAndTheOutputKeepsEverything)
{
    makeShards();
    mergeHistories(file("out.sqlite"), {file("shard-0.sqlite")});
    {
        std::ofstream(file("garbage.sqlite")) << "this is not an SQLite file, just text\n";
        Database foreign(file("foreign.sqlite"));
        foreign.exec("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x')");
        std::ofstream(file("empty.sqlite")).flush();
    }
    // A real history cut short: a damaged file.
    fs::copy_file(file("shard-1.sqlite"), file("damaged.sqlite"));
    {
        History settle(file("damaged.sqlite")); // folds the WAL into the file on close
    }
    fs::resize_file(file("damaged.sqlite"), fs::file_size(file("damaged.sqlite")) / 2);

    for (const auto* bad : {"garbage.sqlite", "foreign.sqlite", "empty.sqlite", "damaged.sqlite",
             "missing.sqlite", "out.sqlite"}) {
        // The good shard comes first: nothing of it may land when a later input is refused.
        try {
            mergeHistories(file("out.sqlite"), {file("shard-1.sqlite"), file(bad)});
            ADD_FAILURE() << bad << " was merged";
        } catch (const StoreError& e) {
            EXPECT_NE(std::string(e.what()).find(file(bad)), std::string::npos) << e.what();
            EXPECT_EQ(std::string(e.what()).find("kdw-merge-"), std::string::npos)
                << "names the private snapshot: " << e.what();
        }
        History out(file("out.sqlite"));
        EXPECT_EQ(out.listRuns().size(), 2U) << bad;
        EXPECT_EQ(out.findSweep("grid")->runCount, 2) << bad;
    }
    // The inputs themselves are untouched by the attempts.
    EXPECT_EQ(History(file("shard-1.sqlite")).listRuns().size(), 2U);
}

TEST_F(MergeTest, AForeignOutputIsRefusedAndLeftAsItWas)
{
    makeShards();
    {
        Database foreign(file("foreign.sqlite"));
        foreign.exec("CREATE TABLE songs (title TEXT)");
    }
    const auto before = fs::file_size(file("foreign.sqlite"));
    EXPECT_THROW(mergeHistories(file("foreign.sqlite"), {file("shard-0.sqlite")}), StoreError);
    EXPECT_EQ(fs::file_size(file("foreign.sqlite")), before);
    EXPECT_THROW(mergeHistories(file("out.sqlite"), {}), StoreError);
}

} // namespace
} // namespace kdw::store
