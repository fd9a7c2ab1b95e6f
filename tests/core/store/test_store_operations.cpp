// SPDX-License-Identifier: MIT
// The history's queries, operations (rename, tag, annotate, delete, export, import, merge) and
// its behaviour at faults: read-only location, full disk, file deleted or replaced, damaged page.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/common/error.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/support/temp_dir.h"

// Queries below name only the fields they set (C++20 designated initializers); the rest keep
// their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
protected:
    std::string file(const std::string& name) const { return m_dir.file(name); }

    // A finished run with `epochs` student epochs whose hr@10 is `hr` at the last one.
    static std::int64_t addRun(History& h, const std::string& name, const std::string& method,
        double hr, int epochs = 3, const std::string& status = "finished")
    {
        NewRun r;
        r.name = name;
        r.method = method;
        r.configJson = R"({"name": ")" + name + R"("})";
        const auto id = h.createRun(r);
        for (int e = 1; e <= epochs; ++e) {
            h.appendEpoch(id,
                {"student", e,
                    {{"hr@10", hr * e / epochs}, {"val_loss", 1.0 / e}, {"train_loss", 2.0 / e}}});
        }
        h.saveCheckpoint(id, "student", epochs, {1, 2, 3});
        h.finishRun(id, status, 2.5);
        return id;
    }

    // A running student run that took its teacher from `teacher`.
    static std::int64_t addStudentOf(History& h, const std::string& name, std::int64_t teacher)
    {
        NewRun r;
        r.name = name;
        r.method = "soft_target";
        r.configJson = "{}";
        r.teacherRun = teacher;
        return h.createRun(r);
    }

    test::TempDir m_dir {"ops"};
};

std::vector<std::string> names(const RunPage& p)
{
    std::vector<std::string> out;
    for (const auto& r : p.runs) {
        out.push_back(r.name);
    }
    return out;
}

TEST_F(StoreTest, FiltersSortsAndPages)
{
    History h(file("h.sqlite"));
    addRun(h, "alpha soft", "soft_target", 0.50);
    addRun(h, "beta hint", "hint", 0.70);
    addRun(h, "gamma none", "none", 0.40, 3, "cancelled");
    const auto d = addRun(h, "delta soft", "soft_target", 0.60);
    h.addTag(d, "lecture");
    h.setNotes(1, "the classroom demo");
    EXPECT_EQ(names(h.queryRuns({.text = "SOFT"})),
        (std::vector<std::string> {"delta soft", "alpha soft"}));
    EXPECT_EQ(names(h.queryRuns({.text = "classroom"})), (std::vector<std::string> {"alpha soft"}));
    EXPECT_EQ(names(h.queryRuns({.tag = "lecture"})), (std::vector<std::string> {"delta soft"}));
    EXPECT_EQ(names(h.queryRuns({.method = "hint"})), (std::vector<std::string> {"beta hint"}));
    EXPECT_EQ(
        names(h.queryRuns({.status = "cancelled"})), (std::vector<std::string> {"gamma none"}));
    EXPECT_EQ(
        h.queryRuns({.createdFrom = "2000-01-01", .createdTo = nowIso8601().substr(0, 10)}).total,
        4);
    EXPECT_EQ(h.queryRuns({.createdTo = "2000-01-01"}).total, 0);
    EXPECT_EQ(names(h.queryRuns({.sortBy = "hr@10"})),
        (std::vector<std::string> {"beta hint", "delta soft", "alpha soft", "gamma none"}));
    EXPECT_EQ(names(h.queryRuns({.sortBy = "hr@10", .descending = false})),
        (std::vector<std::string> {"gamma none", "alpha soft", "delta soft", "beta hint"}));
    EXPECT_EQ(names(h.queryRuns({.sortBy = "name", .descending = false})),
        (std::vector<std::string> {"alpha soft", "beta hint", "delta soft", "gamma none"}));
    const auto page = h.queryRuns({.sortBy = "name", .descending = false, .offset = 1, .limit = 2});
    EXPECT_EQ(page.total, 4);
    EXPECT_EQ(names(page), (std::vector<std::string> {"beta hint", "delta soft"}));
    const auto listed = h.queryRuns({.tag = "lecture"}).runs.front();
    EXPECT_EQ(listed.tags, (std::vector<std::string> {"lecture"}));
    EXPECT_DOUBLE_EQ(listed.finalMetrics.at("hr@10"), 0.60);
    // Final and best of every metric: loss is best at its minimum, hr@10 at its maximum.
    for (const auto& m : h.metricSummary(d)) {
        if (m.metric == "val_loss") {
            EXPECT_DOUBLE_EQ(m.bestValue, 1.0 / 3);
            EXPECT_EQ(m.bestEpoch, 3);
        }
        if (m.metric == "hr@10") {
            EXPECT_DOUBLE_EQ(m.finalValue, 0.60);
            EXPECT_EQ(m.finalEpoch, 3);
        }
    }
}

TEST_F(StoreTest, RenameTagAnnotateAndDeleteWithItsRows)
{
    History h(file("h.sqlite"));
    const auto teacher = addRun(h, "teacher run", "none", 0.5);
    const auto student = addStudentOf(h, "student run", teacher);
    h.appendEpoch(student, {"student", 1, {{"kl", 0.1}}});
    const std::string odd = "it's \"quoted\"\nwith a newline, a tab\t and emoji 🎓📈";
    h.renameRun(student, odd);
    h.setNotes(student, odd);
    h.addTag(student, "T=4");
    h.addTag(student, "T=4"); // once only
    h.addTag(student, "🏷️");
    auto s = h.run(student)->summary;
    EXPECT_EQ(s.name, odd);
    EXPECT_EQ(s.notes, odd);
    EXPECT_EQ(s.tags, (std::vector<std::string> {"T=4", "🏷️"}));
    h.removeTag(student, "T=4");
    EXPECT_EQ(h.run(student)->summary.tags, (std::vector<std::string> {"🏷️"}));
    EXPECT_THROW(h.renameRun(student, ""), StoreError);
    EXPECT_THROW(h.renameRun(999, "x"), StoreError);

    h.deleteRun(teacher);
    EXPECT_FALSE(h.run(teacher).has_value());
    EXPECT_TRUE(h.epochs(teacher).empty());
    EXPECT_FALSE(h.loadCheckpoint(teacher, "student").has_value());
    EXPECT_TRUE(h.metricSummary(teacher).empty());
    EXPECT_FALSE(
        h.run(student)->summary.teacherRun.has_value()); // the link is cleared, the run kept
    auto count = h.database().prepare("SELECT count(*) FROM epoch_metrics WHERE run_id = ?");
    count.bind(1, teacher);
    count.step();
    EXPECT_EQ(count.getInt(0), 0);
}

TEST_F(StoreTest, ExportImportAndCsvRoundTripWithoutDuplicates)
{
    History a(file("a.sqlite"));
    const auto id = addRun(a, "exported 🎓", "soft_target", 0.55);
    a.addTag(id, "keep");
    a.setNotes(id, "notes\nline two");
    const auto json = a.exportRunJson(id, true);
    History b(file("b.sqlite"));
    const auto imported = b.importRunJson(json);
    EXPECT_EQ(b.importRunJson(json), imported); // the same uuid is not imported twice
    EXPECT_EQ(b.listRuns().size(), 1U);
    const auto src = a.run(id)->summary;
    const auto dst = b.run(imported)->summary;
    EXPECT_EQ(dst.uuid, src.uuid);
    EXPECT_EQ(dst.name, src.name);
    EXPECT_EQ(dst.notes, src.notes);
    EXPECT_EQ(dst.tags, src.tags);
    EXPECT_EQ(dst.createdAt, src.createdAt);
    EXPECT_EQ(b.epochs(imported).size(), a.epochs(id).size());
    EXPECT_DOUBLE_EQ(b.epochs(imported).back().metrics.at("hr@10"), 0.55);
    EXPECT_EQ(*b.loadCheckpoint(imported, "student"), (std::vector<std::uint8_t> {1, 2, 3}));
    EXPECT_EQ(nlohmann::json::parse(b.run(imported)->configJson),
        nlohmann::json::parse(a.run(id)->configJson));
    // Without checkpoints, the export carries none.
    History c(file("c.sqlite"));
    const auto light = c.importRunJson(a.exportRunJson(id, false));
    EXPECT_FALSE(c.loadCheckpoint(light, "student").has_value());

    const auto csv = a.exportMetricsCsv(id);
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "run,phase,epoch,split,metric,value");
    EXPECT_NE(csv.find(std::to_string(id) + ",student,3,validation,hr@10,0.55"), std::string::npos)
        << csv;
    EXPECT_NE(csv.find(std::to_string(id) + ",student,1,train,train_loss,2"), std::string::npos)
        << csv;

    EXPECT_THROW(b.importRunJson("{not json"), StoreError);
    EXPECT_THROW(b.importRunJson(R"({"format": "something else"})"), StoreError);
    EXPECT_THROW(
        b.importRunJson(
            R"({"format": "kdworkbench-run", "version": 9, "uuid": "u", "name": "n", "config": {}})"),
        StoreError);
    EXPECT_EQ(b.listRuns().size(), 1U); // refused imports add nothing
}

TEST_F(StoreTest, CsvQuotesFieldsAsRfc4180Says)
{
    History h(file("h.sqlite"));
    const auto id = addRun(h, "tuned, \"best\" run", "soft_target", 0.5);
    const auto plain = addRun(h, "plain", "none", 0.25);
    const auto csv = runsCsv({h.run(id)->summary, h.run(plain)->summary}, {"hr@10"});
    std::istringstream lines(csv);
    std::string header;
    std::string first;
    std::string second;
    std::getline(lines, header);
    std::getline(lines, first);
    std::getline(lines, second);
    EXPECT_EQ(header, "id,uuid,name,status,method,created_at,hr@10");
    const auto a = h.run(id)->summary;
    EXPECT_EQ(first,
        std::to_string(id) + "," + a.uuid + ",\"tuned, \"\"best\"\" run\",finished,soft_target,"
            + a.createdAt + ",0.5");
    const auto b = h.run(plain)->summary;
    EXPECT_EQ(second,
        std::to_string(plain) + "," + b.uuid + ",plain,finished,none," + b.createdAt + ",0.25");
    // A line break inside a field stays inside its quotes.
    h.renameRun(plain, "two\r\nlines");
    EXPECT_NE(runsCsv(h.listRuns(), {}).find(",\"two\r\nlines\","), std::string::npos);
}

TEST_F(StoreTest, SweepMembershipTravelsWithExportImportAndMerge)
{
    History a(file("a.sqlite"));
    const auto sweep = a.ensureSweep("carried", R"({"seeds":[1]})");
    const auto member = addRun(a, "carried · none · seed 1", "none", 0.5);
    a.setRunSweep(member, sweep);
    a.renameRun(member, "renamed before export");
    const auto loner = addRun(a, "loner", "none", 0.5);
    History b(file("b.sqlite"));
    const auto imported = b.importRunJson(a.exportRunJson(member, false));
    const auto there = b.findSweep("carried");
    ASSERT_TRUE(there.has_value());
    EXPECT_EQ(there->uuid, a.findSweep("carried")->uuid);
    EXPECT_EQ(there->planJson, R"({"seeds":[1]})");
    EXPECT_EQ(b.run(imported)->summary.sweepId, there->id);
    EXPECT_FALSE(
        b.run(b.importRunJson(a.exportRunJson(loner, false)))->summary.sweepId.has_value());
    History c(file("c.sqlite"));
    c.mergeFrom(file("a.sqlite"));
    ASSERT_EQ(c.listSweeps().size(), 1U);
    EXPECT_EQ(c.listSweeps()[0].runCount, 1);
    EXPECT_THROW(a.setRunSweep(member, 999), StoreError);
}

TEST_F(StoreTest, MergeAddsOnlyMissingRunsAndLeavesTheOtherFileAlone)
{
    History a(file("a.sqlite"));
    History b(file("b.sqlite"));
    const auto shared = addRun(a, "shared", "none", 0.4);
    b.importRunJson(a.exportRunJson(shared, true));
    const auto teacher = addRun(b, "b teacher", "none", 0.5);
    const auto student = addStudentOf(b, "b student", teacher);
    b.finishRun(student, "finished", 1.0);
    b.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const auto before = fs::file_size(file("b.sqlite"));
    const auto mtime = fs::last_write_time(file("b.sqlite"));

    const auto result = a.mergeFrom(file("b.sqlite"));
    EXPECT_EQ(result.added, 2);
    EXPECT_EQ(result.skipped, 1);
    EXPECT_EQ(a.listRuns().size(), 3U);
    const auto again = a.mergeFrom(file("b.sqlite"));
    EXPECT_EQ(again.added, 0);
    EXPECT_EQ(again.skipped, 3);
    // The teacher link survives the merge, re-pointed to the merged teacher.
    std::int64_t mergedStudent = 0;
    std::int64_t mergedTeacher = 0;
    for (const auto& run : a.listRuns()) {
        mergedStudent = run.name == "b student" ? run.id : mergedStudent;
        mergedTeacher = run.name == "b teacher" ? run.id : mergedTeacher;
    }
    EXPECT_EQ(*a.run(mergedStudent)->summary.teacherRun, mergedTeacher);
    EXPECT_EQ(fs::file_size(file("b.sqlite")), before);
    EXPECT_EQ(fs::last_write_time(file("b.sqlite")), mtime);
    EXPECT_THROW(a.mergeFrom(file("a.sqlite")), StoreError);
    EXPECT_THROW(a.mergeFrom(file("missing.sqlite")), StoreError);
}

TEST_F(StoreTest, AReadOnlyLocationIsRefusedByName)
{
    // /proc refuses to create files even for root, unlike a chmod-ed folder.
    try {
        History h("/proc/kdw-test/history.sqlite");
        FAIL() << "a history was created under /proc";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("/proc/kdw-test/history.sqlite"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("cannot open the history"), std::string::npos)
            << e.what();
    }
}

TEST_F(StoreTest, AFullDiskFailsTheWriteClearlyAndKeepsEveryCommittedRow)
{
    const auto path = file("h.sqlite");
    History h(path);
    const auto id = addRun(h, "filling", "none", 0.5, 2);
    // A disk with no room left: SQLite may not grow the file beyond its current pages.
    h.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    auto pages = h.database().prepare("PRAGMA page_count");
    pages.step();
    h.database().exec("PRAGMA max_page_count = " + std::to_string(pages.getInt(0)));
    train::EpochRecord big {"student", 3, {}};
    for (int k = 0; k < 4000; ++k) {
        big.metrics["metric_" + std::to_string(k)] = k;
    }
    try {
        h.appendEpoch(id, big);
        FAIL() << "a write beyond the disk's room succeeded";
    } catch (const StoreError& e) {
        const std::string msg = e.what();
        EXPECT_NE(
            msg.find("saving student epoch 3 of run " + std::to_string(id)), std::string::npos)
            << msg;
        EXPECT_NE(msg.find("full"), std::string::npos) << msg;
        // Classified by SQLite's code, not by its text.
        EXPECT_EQ(e.sqlitePrimaryCode(), SQLITE_FULL) << e.sqliteCode();
        EXPECT_NE(msg.find("free some space"), std::string::npos) << msg;
    }
    EXPECT_EQ(h.epochs(id).size(), 2U); // the failed epoch left nothing half-written
    History reopened(path);
    EXPECT_EQ(reopened.epochs(id).size(), 2U);
    EXPECT_EQ(reopened.run(id)->summary.status, "finished");
}

TEST_F(StoreTest, ADeletedOrReplacedFileIsNoticedAtTheNextWrite)
{
    const auto path = file("h.sqlite");
    History h(path);
    const auto id = addRun(h, "before", "none", 0.5, 1);
    fs::rename(path, file("moved.sqlite"));
    try {
        h.appendEpoch(id, {"student", 2, {{"f1", 0.1}}});
        FAIL() << "a write into a deleted file succeeded";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("deleted while it was open"), std::string::npos)
            << e.what();
    }
    {
        History other(path);
    } // another history now stands at the same path
    try {
        h.appendEpoch(id, {"student", 2, {{"f1", 0.1}}});
        FAIL() << "a write into a replaced file succeeded";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("replaced by another file"), std::string::npos)
            << e.what();
    }
}

TEST_F(StoreTest, ADamagedPageGivesAClearErrorAndTheOtherRunsStayReadable)
{
    const auto path = file("h.sqlite");
    std::int64_t victim = 0;
    {
        History h(path);
        for (int k = 0; k < 30; ++k) {
            const auto id = addRun(h, "run " + std::to_string(k), "none", 0.5, 40);
            victim = k == 15 ? id : victim;
        }
        h.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    // Overwrite one page in the middle of the file (the metric rows) with garbage.
    const auto size = fs::file_size(path);
    const auto pageSize = 4096U;
    const auto page = size / pageSize / 2;
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(page * pageSize));
        const std::string garbage(pageSize, '\xA5');
        f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    int readable = 0;
    int damaged = 0;
    try {
        History h(path);
        for (const auto& r : h.listRuns()) {
            try {
                if (h.epochs(r.id).size() == 40U) {
                    ++readable;
                }
            } catch (const StoreError& e) {
                ++damaged;
                EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
                EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
            }
        }
    } catch (const StoreError& e) {
        // The damage hit the run table itself: opening or listing says so, by name.
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
        return;
    }
    EXPECT_GT(readable, 0);
    EXPECT_GT(damaged + readable, 0);
    (void)victim;
}

} // namespace
} // namespace kdw::store
