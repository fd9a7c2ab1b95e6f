// SPDX-License-Identifier: MIT
#include "core/store/schema.h"

#include <array>
#include <map>
#include <optional>
#include <vector>

#include "core/eval/metric_catalogue.h"
#include "core/store/encoding.h"
#include "core/store/metric_rows.h"
#include "core/store/sqlite.h"
#include "core/store/sweep_names.h"

namespace kdw::store {
namespace {

void migrateTo1(Database& db)
{
    db.exec(R"sql(
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    method TEXT NOT NULL,
    config TEXT NOT NULL,
    seed INTEGER NOT NULL DEFAULT 0,
    dataset_fingerprint TEXT NOT NULL DEFAULT '',
    catalogue_fingerprint TEXT NOT NULL DEFAULT '',
    app_version TEXT NOT NULL DEFAULT '',
    duration_s REAL NOT NULL DEFAULT 0,
    teacher_run INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    message TEXT NOT NULL DEFAULT '',
    owner_pid INTEGER
);
CREATE TABLE IF NOT EXISTS epoch_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    metric TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, phase, epoch, metric)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    format INTEGER NOT NULL,
    weights BLOB NOT NULL,
    PRIMARY KEY (run_id, role)
);
CREATE INDEX IF NOT EXISTS runs_created ON runs(created_at);
)sql");
}

void addColumn(
    Database& db, const std::string& table, const std::string& column, const std::string& decl)
{
    if (!hasColumn(db, table, column)) {
        db.exec("ALTER TABLE " + table + " ADD COLUMN " + column + " " + decl);
    }
}

// Version 2 derives what version 1 did not store from the rows it did: the split of every metric
// row, and each run's final and best values.
void deriveMetricSummaries(Database& db)
{
    auto rows = db.prepare("SELECT DISTINCT metric FROM epoch_metrics");
    auto setSplit = db.prepare("UPDATE epoch_metrics SET split = ? WHERE metric = ?");
    std::vector<std::string> metrics;
    while (rows.step()) {
        metrics.push_back(rows.getText(0));
    }
    for (const auto& m : metrics) {
        setSplit.bind(1, std::string(eval::splitName(m))).bind(2, m).run();
    }
    auto all = db.prepare("SELECT run_id, phase, epoch, metric, value FROM epoch_metrics ORDER BY "
                          "run_id, phase, metric, epoch");
    auto upsert = db.prepare(kUpsertRunMetric);
    while (all.step()) {
        if (!all.isNull(4)) {
            upsertRunMetric(upsert, all.getInt(0), all.getText(1), all.getText(3), all.getDouble(4),
                static_cast<int>(all.getInt(2)));
        }
    }
}

// Version 2: start time, notes and tags of runs; the split of every metric row; and a per-run
// table of final and best values, so that listing and sorting 10,000 runs by a metric stays fast.
void migrateTo2(Database& db)
{
    addColumn(db, "runs", "started_at", "TEXT");
    addColumn(db, "runs", "notes", "TEXT NOT NULL DEFAULT ''");
    db.exec("UPDATE runs SET started_at = created_at WHERE started_at IS NULL");
    addColumn(db, "epoch_metrics", "split", "TEXT NOT NULL DEFAULT 'validation'");
    db.exec(R"sql(
CREATE TABLE IF NOT EXISTS run_tags (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_tags_tag ON run_tags(tag);
CREATE TABLE IF NOT EXISTS run_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    metric TEXT NOT NULL,
    final_value REAL,
    final_epoch INTEGER NOT NULL,
    best_value REAL,
    best_epoch INTEGER NOT NULL,
    PRIMARY KEY (run_id, phase, metric)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_metrics_sort ON run_metrics(phase, metric, final_value);
CREATE INDEX IF NOT EXISTS runs_status ON runs(status);
CREATE INDEX IF NOT EXISTS runs_method ON runs(method);
)sql");
    // The config documents (a few KB each) move out of the runs table, so that listing and
    // filtering runs reads small rows only.
    db.exec(R"sql(
CREATE TABLE IF NOT EXISTS run_configs (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    config TEXT NOT NULL
);
)sql");
    if (hasColumn(db, "runs", "config")) {
        db.exec("INSERT OR IGNORE INTO run_configs (run_id, config) SELECT id, config FROM runs");
        db.exec("ALTER TABLE runs DROP COLUMN config");
    }
    deriveMetricSummaries(db);
}

// Earlier histories knew a sweep only by its runs' names, "<sweep> · <method> · seed <s>". A run
// joins the sweep so named when its name has that form AND the method and seed in it are the
// run's own (runs.method, runs.seed): names a person wrote by hand rarely match all three. Each
// sweep found this way is created with the earliest creation time of its runs and the plan
// {"adopted_from_run_names": true}; runs already in a sweep are left alone.
void adoptSweepsFromNames(Database& db)
{
    std::map<std::string, std::vector<std::int64_t>> members;
    std::map<std::string, std::string> firstCreated;
    auto runs = db.prepare(
        "SELECT id, name, method, seed, created_at FROM runs WHERE sweep_id IS NULL ORDER BY id");
    while (runs.step()) {
        const auto sweep = sweepOfRunName(
            runs.getText(1), runs.getText(2), static_cast<std::uint64_t>(runs.getInt(3)));
        if (!sweep) {
            continue;
        }
        members[*sweep].push_back(runs.getInt(0));
        const auto created = runs.getText(4);
        auto [it, fresh] = firstCreated.emplace(*sweep, created);
        if (!fresh && created < it->second) {
            it->second = created;
        }
    }
    auto create = db.prepare("INSERT OR IGNORE INTO sweeps (uuid, name, created_at, plan) "
                             "VALUES (?, ?, ?, '{\"adopted_from_run_names\": true}')");
    auto find = db.prepare("SELECT id FROM sweeps WHERE name = ?");
    auto join = db.prepare("UPDATE runs SET sweep_id = ? WHERE id = ?");
    for (const auto& [name, ids] : members) {
        create.bind(1, newUuid()).bind(2, name).bind(3, firstCreated[name]).run();
        find.bind(1, name);
        find.step();
        const auto sweepId = find.getInt(0);
        find.reset();
        for (auto id : ids) {
            join.bind(1, sweepId).bind(2, id).run();
        }
    }
}

// Version 3: sweeps as entities. A run belongs to a sweep through runs.sweep_id, so that renaming
// it keeps it in its sweep; the plan holds what the sweep was asked to do (JSON).
void migrateTo3(Database& db)
{
    db.exec(R"sql(
CREATE TABLE IF NOT EXISTS sweeps (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    plan TEXT NOT NULL DEFAULT '{}'
);
)sql");
    addColumn(db, "runs", "sweep_id", "INTEGER REFERENCES sweeps(id) ON DELETE SET NULL");
    db.exec("CREATE INDEX IF NOT EXISTS runs_sweep ON runs(sweep_id)");
    adoptSweepsFromNames(db);
}

struct Migration {
    int version;
    void (*apply)(Database&);
};

constexpr std::array<Migration, 3> kMigrations {
    {{1, migrateTo1}, {2, migrateTo2}, {3, migrateTo3}}};
static_assert(kMigrations.back().version == kLatestSchema);

} // namespace

bool hasColumn(Database& db, const std::string& table, const std::string& column)
{
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    st.bind(1, table).bind(2, column);
    return st.step();
}

void applyMigrations(Database& db, int fromVersion)
{
    for (const auto& m : kMigrations) {
        if (m.version > fromVersion) {
            m.apply(db);
        }
    }
}

} // namespace kdw::store
