// SPDX-License-Identifier: MIT
#include "core/store/history.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <random>
#include <cstring>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/store/sqlite.h"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---- Schema ----------------------------------------------------------------------------------
// One migration per schema version, in order; each runs inside the transaction that also sets
// PRAGMA user_version, and each is idempotent (IF NOT EXISTS, columns added only when missing).

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

bool hasColumn(Database& db, const std::string& table, const std::string& column)
{
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    st.bind(1, table).bind(2, column);
    return st.step();
}

void addColumn(Database& db, const std::string& table, const std::string& column, const std::string& decl)
{
    if (!hasColumn(db, table, column)) {
        db.exec("ALTER TABLE " + table + " ADD COLUMN " + column + " " + decl);
    }
}

// Upsert of a run's final and best value of one metric; ?1 run, ?2 phase, ?3 metric, ?4 value,
// ?5 epoch, ?6 1 when lower is better.
constexpr const char* kUpsertRunMetric = R"sql(
INSERT INTO run_metrics (run_id, phase, metric, final_value, final_epoch, best_value, best_epoch)
VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)
ON CONFLICT (run_id, phase, metric) DO UPDATE SET
    final_value = CASE WHEN excluded.final_epoch >= final_epoch THEN excluded.final_value ELSE final_value END,
    final_epoch = max(final_epoch, excluded.final_epoch),
    best_value = CASE WHEN best_value IS NULL
                        OR (?6 AND excluded.best_value < best_value)
                        OR (NOT ?6 AND excluded.best_value > best_value)
                      THEN excluded.best_value ELSE best_value END,
    best_epoch = CASE WHEN best_value IS NULL
                        OR (?6 AND excluded.best_value < best_value)
                        OR (NOT ?6 AND excluded.best_value > best_value)
                      THEN excluded.best_epoch ELSE best_epoch END
)sql";

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
    // Derive what version 1 did not store, from the rows it did.
    auto rows = db.prepare("SELECT DISTINCT metric FROM epoch_metrics");
    auto setSplit = db.prepare("UPDATE epoch_metrics SET split = ? WHERE metric = ?");
    std::vector<std::string> metrics;
    while (rows.step()) {
        metrics.push_back(rows.getText(0));
    }
    for (const auto& m : metrics) {
        setSplit.bind(1, train::metricSplit(m)).bind(2, m).run();
    }
    auto all = db.prepare("SELECT run_id, phase, epoch, metric, value FROM epoch_metrics ORDER BY run_id, phase, metric, epoch");
    auto upsert = db.prepare(kUpsertRunMetric);
    while (all.step()) {
        if (all.isNull(4)) {
            continue;
        }
        const auto metric = all.getText(3);
        upsert.bind(1, all.getInt(0))
            .bind(2, all.getText(1))
            .bind(3, metric)
            .bind(4, all.getDouble(4))
            .bind(5, all.getInt(2))
            .bind(6, train::lowerIsBetter(metric) ? 1 : 0);
        upsert.run();
    }
}

struct Migration {
    int version;
    void (*apply)(Database&);
};

const std::array<Migration, 2> kMigrations {{{1, migrateTo1}, {2, migrateTo2}}};

std::string newUuid()
{
    std::random_device rd;
    std::array<std::uint8_t, 16> b {};
    for (auto& x : b) {
        x = static_cast<std::uint8_t>(rd());
    }
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80); // variant 1
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

std::int64_t pragmaInt(Database& db, const std::string& pragma)
{
    auto st = db.prepare("PRAGMA " + pragma);
    st.step();
    return st.getInt(0);
}

// Re-throws a StoreError with what the caller was doing in front, and a plainer word for the
// failures a user can act on.
template <typename Fn>
auto withContext(const std::string& path, const std::string& what, Fn&& fn) -> decltype(fn())
{
    try {
        return fn();
    } catch (const StoreError& e) {
        std::string msg = e.what();
        if (msg.rfind(path + ": ", 0) == 0) {
            msg.erase(0, path.size() + 2);
        }
        std::string hint;
        if (msg.find("disk is full") != std::string::npos) {
            hint = " (free some space: nothing already saved was lost)";
        } else if (msg.find("malformed") != std::string::npos) {
            hint = " (the file is damaged; runs in undamaged parts can still be exported)";
        } else if (msg.find("readonly") != std::string::npos || msg.find("read-only") != std::string::npos) {
            hint = " (the file or its folder cannot be written)";
        }
        throw StoreError(path + ": " + what + " failed: " + msg + hint);
    }
}

RunSummary readSummary(const Statement& st)
{
    RunSummary r;
    r.id = st.getInt(0);
    r.uuid = st.getText(1);
    r.name = st.getText(2);
    r.status = st.getText(3);
    r.method = st.getText(4);
    r.createdAt = st.getText(5);
    r.startedAt = st.getText(6);
    r.finishedAt = st.getText(7);
    r.durationSeconds = st.getDouble(8);
    if (!st.isNull(9)) {
        r.teacherRun = st.getInt(9);
    }
    r.message = st.getText(10);
    r.notes = st.getText(11);
    return r;
}

constexpr const char* kSummaryColumns =
    "runs.id, runs.uuid, runs.name, runs.status, runs.method, runs.created_at, runs.started_at, "
    "runs.finished_at, runs.duration_s, runs.teacher_run, runs.message, runs.notes";

// ---- Base64 for checkpoints in exported JSON ---------------------------------------------------

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string toBase64(const std::vector<std::uint8_t>& in)
{
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint32_t>(in[i]) << 16;
        if (i + 1 < in.size()) {
            v |= static_cast<std::uint32_t>(in[i + 1]) << 8;
        }
        if (i + 2 < in.size()) {
            v |= in[i + 2];
        }
        out += kBase64[(v >> 18) & 63];
        out += kBase64[(v >> 12) & 63];
        out += i + 1 < in.size() ? kBase64[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? kBase64[v & 63] : '=';
    }
    return out;
}

std::vector<std::uint8_t> fromBase64(const std::string& in)
{
    std::vector<std::uint8_t> out;
    std::uint32_t v = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=') {
            break;
        }
        const char* p = std::strchr(kBase64, c);
        if (p == nullptr || c == '\0') {
            throw StoreError("import: a checkpoint is not valid base64");
        }
        v = (v << 6) | static_cast<std::uint32_t>(p - kBase64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((v >> bits) & 0xff));
        }
    }
    return out;
}

} // namespace

std::string nowUtc(const char* format)
{
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&now, &tm);
    char buf[64];
    return std::strftime(buf, sizeof buf, format, &tm) > 0 ? buf : "";
}

std::string nowIso8601()
{
    return nowUtc("%Y-%m-%dT%H:%M:%SZ");
}

std::string History::defaultPath()
{
    fs::path dir;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
        dir = fs::path(xdg) / "kdworkbench";
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        dir = fs::path(home) / ".local" / "share" / "kdworkbench";
    } else {
        dir = fs::current_path() / "kdworkbench";
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    return (dir / "history.sqlite").string();
}

History::History(const std::string& path) : m_path(path)
{
    m_db = std::make_unique<Database>(path);
    m_db->exec("PRAGMA busy_timeout = 10000");
    m_db->exec("PRAGMA foreign_keys = ON");
    // Whether the file is a database at all, asked of SQLite (its first read of the header): no
    // other descriptor is ever opened on a history, since closing one would drop the locks of
    // every connection this process holds on it.
    if (const int rc = m_db->tryExec("SELECT count(*) FROM sqlite_master"); (rc & 0xff) == SQLITE_NOTADB) {
        throw StoreError(path + ": not a KD Workbench history (not an SQLite database); the file was left untouched");
    }
    withContext(path, "opening the history", [&] {
        // One statement, so one snapshot: another connection creating this history at the same
        // moment is seen either not at all or with its tables and its application id together.
        auto identity = m_db->prepare(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id), "
            "(SELECT count(*) FROM sqlite_master)");
        identity.step();
        const auto version = identity.getInt(0);
        const auto appId = identity.getInt(1);
        const auto tableCount = identity.getInt(2);
        identity.reset();
        if (appId != kApplicationId && (appId != 0 || tableCount > 0)) {
            throw StoreError(path + ": not a KD Workbench history (another application's SQLite database); the file was left untouched");
        }
        if (version > kSchemaVersion) {
            throw StoreError(path + ": this history was written by a newer KD Workbench (schema " + std::to_string(version) +
                             ", this build knows up to " + std::to_string(kSchemaVersion) +
                             "); it was left untouched. Update KD Workbench to open it.");
        }
    });
    withContext(path, "opening the history", [&] {
        // WAL: readers never block the writer, a crash loses at most the transaction in flight.
        // Switching a new file to WAL needs it alone for a moment: another connection creating it
        // at the same time is waited for (SQLite does not always call the busy handler here).
        m_db->execRetrying("PRAGMA journal_mode = WAL", "switching the history to WAL");
        m_db->exec("PRAGMA synchronous = NORMAL");
        migrate();
        markInterrupted();
    });
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        m_device = st.st_dev;
        m_inode = st.st_ino;
    }
}

History::~History() = default;

int History::schemaVersion() const
{
    return static_cast<int>(pragmaInt(*m_db, "user_version"));
}

void History::migrate()
{
    const int found = schemaVersion();
    if (found >= kSchemaVersion) {
        return;
    }
    if (found > 0) {
        backUpOnce(); // the file as it was, before any migration touches it
    }
    Transaction tx(*m_db);
    // Read again under the write lock: another connection may have migrated the file meanwhile.
    const int current = schemaVersion();
    if (current >= kSchemaVersion) {
        tx.commit();
        return;
    }
    for (const auto& m : kMigrations) {
        if (m.version > current) {
            m.apply(*m_db);
        }
    }
    m_db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    m_db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
}

void History::backUpOnce()
{
    if (m_backedUp) {
        return;
    }
    withContext(m_path, "backing up the history", [&] { backUpHistory(*m_db, m_path); });
    m_backedUp = true;
}

void History::markInterrupted()
{
    std::vector<std::int64_t> dead;
    auto st = m_db->prepare("SELECT id, owner_pid FROM runs WHERE status IN ('running', 'queued')");
    while (st.step()) {
        const auto pid = st.isNull(1) ? 0 : st.getInt(1);
        const bool alive = pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
        if (!alive) {
            dead.push_back(st.getInt(0));
        }
    }
    if (dead.empty()) {
        return;
    }
    Transaction tx(*m_db);
    auto up = m_db->prepare("UPDATE runs SET status = 'interrupted', owner_pid = NULL WHERE id = ?");
    for (auto id : dead) {
        up.bind(1, id).run();
    }
    tx.commit();
}

void History::checkSameFile(const std::string& what) const
{
    struct stat st {};
    if (::stat(m_path.c_str(), &st) != 0) {
        throw StoreError(m_path + ": " + what + " failed: the history file was deleted while it was open; "
                         "nothing more is written (reopen KD Workbench to start a new history)");
    }
    if (m_inode != 0 && (static_cast<std::uint64_t>(st.st_dev) != m_device || static_cast<std::uint64_t>(st.st_ino) != m_inode)) {
        throw StoreError(m_path + ": " + what + " failed: the history file was replaced by another file while it was open; "
                         "nothing was written to either");
    }
}

void History::write(const std::string& what, const std::function<void()>& fn)
{
    checkSameFile(what);
    withContext(m_path, what, [&] {
        Transaction tx(*m_db);
        fn();
        tx.commit();
    });
}

void History::requireRun(std::int64_t runId, const std::string& what)
{
    auto st = m_db->prepare("SELECT id FROM runs WHERE id = ?");
    st.bind(1, runId);
    if (!st.step()) {
        throw StoreError(m_path + ": " + what + ": there is no run " + std::to_string(runId));
    }
}

std::int64_t History::createRun(const NewRun& run)
{
    std::int64_t id = 0;
    write("creating run \"" + run.name + "\"", [&] {
        const auto now = nowIso8601();
        auto st = m_db->prepare(
            "INSERT INTO runs (uuid, name, created_at, started_at, status, method, seed, dataset_fingerprint, "
            "catalogue_fingerprint, app_version, teacher_run, owner_pid) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)");
        st.bind(1, newUuid())
            .bind(2, run.name)
            .bind(3, now)
            .bind(4, now)
            .bind(5, run.method)
            .bind(6, static_cast<std::int64_t>(run.seed))
            .bind(7, run.datasetFingerprint)
            .bind(8, run.catalogueFingerprint)
            .bind(9, std::string(KDW_VERSION))
            .bind(10, run.teacherRun)
            .bind(11, static_cast<std::int64_t>(::getpid()));
        st.run();
        id = m_db->lastInsertId();
        m_db->prepare("INSERT INTO run_configs (run_id, config) VALUES (?, ?)").bind(1, id).bind(2, run.configJson).run();
    });
    return id;
}

void History::appendEpoch(std::int64_t runId, const train::EpochRecord& epoch)
{
    write("saving " + epoch.phase + " epoch " + std::to_string(epoch.epoch) + " of run " + std::to_string(runId), [&] {
        auto st = m_db->prepare(
            "INSERT OR REPLACE INTO epoch_metrics (run_id, phase, epoch, metric, split, value) VALUES (?, ?, ?, ?, ?, ?)");
        auto upsert = m_db->prepare(kUpsertRunMetric);
        for (const auto& [name, value] : epoch.metrics) {
            st.bind(1, runId).bind(2, epoch.phase).bind(3, epoch.epoch).bind(4, name).bind(5, train::metricSplit(name));
            if (std::isfinite(value)) {
                st.bind(6, value);
            } else {
                st.bindNull(6); // NaN / inf from a diverged run: stored as NULL, read back as NaN
            }
            st.run();
            if (std::isfinite(value)) {
                upsert.bind(1, runId).bind(2, epoch.phase).bind(3, name).bind(4, value).bind(5, epoch.epoch)
                    .bind(6, train::lowerIsBetter(name) ? 1 : 0);
                upsert.run();
            }
        }
    });
}

void History::finishRun(std::int64_t runId, const std::string& status, double durationSeconds, const std::string& message)
{
    write("finishing run " + std::to_string(runId), [&] {
        m_db->prepare("UPDATE runs SET status = ?, finished_at = ?, duration_s = ?, message = ?, owner_pid = NULL WHERE id = ?")
            .bind(1, status).bind(2, nowIso8601()).bind(3, durationSeconds).bind(4, message).bind(5, runId).run();
    });
}

void History::saveCheckpoint(std::int64_t runId, const std::string& role, int epoch, const std::vector<std::uint8_t>& weights)
{
    write("saving the " + role + " checkpoint of run " + std::to_string(runId), [&] {
        m_db->prepare("INSERT OR REPLACE INTO checkpoints (run_id, role, epoch, format, weights) VALUES (?, ?, ?, ?, ?)")
            .bind(1, runId).bind(2, role).bind(3, epoch).bind(4, 1).bind(5, weights).run();
    });
}

void History::loadTagsAndFinals(std::vector<RunSummary>& runs, const std::vector<std::string>& metrics)
{
    if (runs.empty()) {
        return;
    }
    std::map<std::int64_t, RunSummary*> byId;
    std::int64_t lo = runs.front().id;
    std::int64_t hi = lo;
    for (auto& r : runs) {
        byId[r.id] = &r;
        lo = std::min(lo, r.id);
        hi = std::max(hi, r.id);
    }
    auto tags = m_db->prepare("SELECT run_id, tag FROM run_tags WHERE run_id BETWEEN ? AND ? ORDER BY tag");
    tags.bind(1, lo).bind(2, hi);
    while (tags.step()) {
        if (auto it = byId.find(tags.getInt(0)); it != byId.end()) {
            it->second->tags.push_back(tags.getText(1));
        }
    }
    // Final metrics of the student phase, from the per-run summary table: by run for a page, by
    // metric (through the (phase, metric) index) for a long list of named metrics.
    const auto keep = [&](Statement& st) {
        while (st.step()) {
            if (auto it = byId.find(st.getInt(0)); it != byId.end() && !st.isNull(2)) {
                it->second->finalMetrics[st.getText(1)] = st.getDouble(2);
            }
        }
    };
    if (runs.size() > 200 && !metrics.empty()) {
        auto fm = m_db->prepare("SELECT run_id, metric, final_value FROM run_metrics WHERE phase = 'student' AND metric = ?");
        for (const auto& m : metrics) {
            fm.bind(1, m);
            keep(fm);
            fm.reset();
        }
        return;
    }
    const bool few = runs.size() <= 200;
    std::string sql = "SELECT run_id, metric, final_value FROM run_metrics WHERE phase = 'student' AND ";
    if (few) {
        sql += "run_id IN (";
        for (std::size_t k = 0; k < runs.size(); ++k) {
            sql += k == 0 ? "?" : ", ?";
        }
        sql += ")";
    } else {
        sql += "run_id BETWEEN ? AND ?";
    }
    int k = 1;
    if (!metrics.empty()) {
        sql += " AND metric IN (";
        for (std::size_t m = 0; m < metrics.size(); ++m) {
            sql += m == 0 ? "?" : ", ?";
        }
        sql += ")";
    }
    auto fm = m_db->prepare(sql);
    if (few) {
        for (const auto& r : runs) {
            fm.bind(k++, r.id);
        }
    } else {
        fm.bind(k, lo);
        fm.bind(k + 1, hi);
        k += 2;
    }
    for (const auto& m : metrics) {
        fm.bind(k++, m);
    }
    keep(fm);
}

std::vector<RunSummary> History::listRuns()
{
    return queryRuns({}).runs;
}

RunPage History::queryRuns(const RunQuery& q)
{
    return withContext(m_path, "listing runs", [&] {
        std::string where = " WHERE 1";
        std::vector<std::string> params;
        if (!q.text.empty()) {
            where += " AND (instr(lower(runs.name), lower(?)) OR instr(lower(runs.notes), lower(?)) OR "
                     "instr(lower(runs.method), lower(?)) OR runs.uuid = ?)";
            params.insert(params.end(), 4, q.text);
        }
        if (!q.tag.empty()) {
            where += " AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = runs.id AND t.tag = ?)";
            params.push_back(q.tag);
        }
        if (!q.method.empty()) {
            where += " AND runs.method = ?";
            params.push_back(q.method);
        }
        if (!q.status.empty()) {
            where += " AND runs.status = ?";
            params.push_back(q.status);
        }
        if (!q.createdFrom.empty()) {
            where += " AND runs.created_at >= ?";
            params.push_back(q.createdFrom);
        }
        if (!q.createdTo.empty()) {
            where += " AND substr(runs.created_at, 1, length(?)) <= ?";
            params.push_back(q.createdTo);
            params.push_back(q.createdTo);
        }
        static const std::map<std::string, std::string> kColumns {
            {"id", "runs.id"},         {"name", "runs.name COLLATE NOCASE"}, {"created", "runs.created_at"},
            {"status", "runs.status"}, {"method", "runs.method"},           {"duration", "runs.duration_s"}};
        std::string join;
        std::string order;
        const std::string dir = q.descending ? " DESC" : " ASC";
        if (const auto it = kColumns.find(q.sortBy); it != kColumns.end()) {
            order = it->second + dir + ", runs.id" + dir;
        } else {
            // A metric: the student's final value; runs without it last in either direction.
            join = " LEFT JOIN run_metrics sm ON sm.run_id = runs.id AND sm.phase = 'student' AND sm.metric = ?";
            order = "sm.final_value IS NULL, sm.final_value" + dir + ", runs.id" + dir;
        }
        const auto bindAll = [&](Statement& st, bool withJoin) {
            int k = 1;
            if (withJoin && !join.empty()) {
                st.bind(k++, q.sortBy);
            }
            for (const auto& p : params) {
                st.bind(k++, p);
            }
            return k;
        };
        RunPage page;
        auto count = m_db->prepare("SELECT count(*) FROM runs" + where);
        bindAll(count, false);
        count.step();
        page.total = count.getInt(0);
        std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM runs" + join + where + " ORDER BY " + order;
        if (q.limit > 0) {
            sql += " LIMIT ? OFFSET ?";
        }
        auto st = m_db->prepare(sql);
        int k = bindAll(st, true);
        if (q.limit > 0) {
            st.bind(k, q.limit);
            st.bind(k + 1, std::max(0, q.offset));
        }
        while (st.step()) {
            page.runs.push_back(readSummary(st));
        }
        loadTagsAndFinals(page.runs, q.finalMetrics);
        return page;
    });
}

std::optional<RunDetails> History::run(std::int64_t runId)
{
    return withContext(m_path, "reading run " + std::to_string(runId), [&]() -> std::optional<RunDetails> {
        auto st = m_db->prepare(std::string("SELECT ") + kSummaryColumns +
                                ", coalesce(c.config, ''), dataset_fingerprint, catalogue_fingerprint, seed, app_version "
                                "FROM runs LEFT JOIN run_configs c ON c.run_id = runs.id WHERE runs.id = ?");
        st.bind(1, runId);
        if (!st.step()) {
            return std::nullopt;
        }
        RunDetails d;
        d.summary = readSummary(st);
        d.configJson = st.getText(12);
        d.datasetFingerprint = st.getText(13);
        d.catalogueFingerprint = st.getText(14);
        d.seed = static_cast<std::uint64_t>(st.getInt(15));
        d.appVersion = st.getText(16);
        std::vector<RunSummary> one {d.summary};
        loadTagsAndFinals(one);
        d.summary = one.front();
        return d;
    });
}

std::vector<train::EpochRecord> History::epochs(std::int64_t runId)
{
    return withContext(m_path, "reading the curves of run " + std::to_string(runId), [&] {
        std::vector<train::EpochRecord> out;
        auto st = m_db->prepare(
            "SELECT phase, epoch, metric, value FROM epoch_metrics WHERE run_id = ? "
            "ORDER BY CASE phase WHEN 'teacher' THEN 0 ELSE 1 END, epoch");
        st.bind(1, runId);
        while (st.step()) {
            const auto phase = st.getText(0);
            const auto epoch = static_cast<int>(st.getInt(1));
            if (out.empty() || out.back().phase != phase || out.back().epoch != epoch) {
                out.push_back({phase, epoch, {}});
            }
            out.back().metrics[st.getText(2)] = st.isNull(3) ? std::nan("") : st.getDouble(3);
        }
        return out;
    });
}

std::vector<MetricSummary> History::metricSummary(std::int64_t runId)
{
    return withContext(m_path, "reading the metrics of run " + std::to_string(runId), [&] {
        std::vector<MetricSummary> out;
        auto st = m_db->prepare(
            "SELECT phase, metric, final_value, final_epoch, best_value, best_epoch FROM run_metrics WHERE run_id = ? "
            "ORDER BY CASE phase WHEN 'teacher' THEN 0 ELSE 1 END, metric");
        st.bind(1, runId);
        while (st.step()) {
            out.push_back({st.getText(0), st.getText(1), st.getDouble(2), static_cast<int>(st.getInt(3)), st.getDouble(4),
                           static_cast<int>(st.getInt(5))});
        }
        return out;
    });
}

std::optional<std::vector<std::uint8_t>> History::loadCheckpoint(std::int64_t runId, const std::string& role)
{
    return withContext(m_path, "reading the " + role + " checkpoint of run " + std::to_string(runId),
                       [&]() -> std::optional<std::vector<std::uint8_t>> {
                           auto st = m_db->prepare("SELECT weights FROM checkpoints WHERE run_id = ? AND role = ?");
                           st.bind(1, runId).bind(2, role);
                           if (!st.step()) {
                               return std::nullopt;
                           }
                           return st.getBlob(0);
                       });
}

std::int64_t History::resolveRun(const std::string& idOrUuid)
{
    auto st = m_db->prepare("SELECT id FROM runs WHERE uuid = ? OR CAST(id AS TEXT) = ?");
    st.bind(1, idOrUuid).bind(2, idOrUuid);
    if (!st.step()) {
        throw StoreError(m_path + ": there is no run '" + idOrUuid + "' in this history");
    }
    return st.getInt(0);
}

void History::renameRun(std::int64_t runId, const std::string& name)
{
    const std::string what = "renaming run " + std::to_string(runId);
    if (name.empty()) {
        throw StoreError(m_path + ": " + what + ": a run's name cannot be empty");
    }
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("UPDATE runs SET name = ? WHERE id = ?").bind(1, name).bind(2, runId).run();
    });
}

void History::setNotes(std::int64_t runId, const std::string& notes)
{
    const std::string what = "annotating run " + std::to_string(runId);
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("UPDATE runs SET notes = ? WHERE id = ?").bind(1, notes).bind(2, runId).run();
    });
}

void History::addTag(std::int64_t runId, const std::string& tag)
{
    const std::string what = "tagging run " + std::to_string(runId);
    if (tag.empty()) {
        throw StoreError(m_path + ": " + what + ": a tag cannot be empty");
    }
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)").bind(1, runId).bind(2, tag).run();
    });
}

void History::removeTag(std::int64_t runId, const std::string& tag)
{
    write("untagging run " + std::to_string(runId), [&] {
        m_db->prepare("DELETE FROM run_tags WHERE run_id = ? AND tag = ?").bind(1, runId).bind(2, tag).run();
    });
}

void History::deleteRun(std::int64_t runId)
{
    const std::string what = "deleting run " + std::to_string(runId);
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("DELETE FROM runs WHERE id = ?").bind(1, runId).run(); // cascades (foreign keys)
    });
}

std::string History::exportRunJson(std::int64_t runId, bool withCheckpoints)
{
    const auto details = run(runId);
    if (!details) {
        throw StoreError(m_path + ": exporting run " + std::to_string(runId) + ": there is no such run");
    }
    return withContext(m_path, "exporting run " + std::to_string(runId), [&] {
        const auto& s = details->summary;
        json doc;
        doc["format"] = "kdworkbench-run";
        doc["version"] = 1;
        doc["uuid"] = s.uuid;
        doc["name"] = s.name;
        doc["status"] = s.status;
        doc["method"] = s.method;
        doc["created_at"] = s.createdAt;
        doc["started_at"] = s.startedAt;
        doc["finished_at"] = s.finishedAt;
        doc["duration_s"] = s.durationSeconds;
        doc["message"] = s.message;
        doc["notes"] = s.notes;
        doc["tags"] = s.tags;
        doc["seed"] = details->seed;
        doc["dataset_fingerprint"] = details->datasetFingerprint;
        doc["catalogue_fingerprint"] = details->catalogueFingerprint;
        doc["app_version"] = details->appVersion;
        doc["teacher_run_uuid"] = nullptr;
        if (s.teacherRun) {
            if (const auto t = run(*s.teacherRun)) {
                doc["teacher_run_uuid"] = t->summary.uuid;
            }
        }
        try {
            doc["config"] = json::parse(details->configJson);
        } catch (const json::exception&) {
            doc["config"] = details->configJson; // kept verbatim if it is not JSON
        }
        json epochs = json::array();
        for (const auto& e : this->epochs(runId)) {
            json metrics = json::object();
            for (const auto& [k, v] : e.metrics) {
                metrics[k] = std::isfinite(v) ? json(v) : json(nullptr);
            }
            epochs.push_back({{"phase", e.phase}, {"epoch", e.epoch}, {"metrics", metrics}});
        }
        doc["epochs"] = epochs;
        json checkpoints = json::array();
        if (withCheckpoints) {
            auto st = m_db->prepare("SELECT role, epoch, format, weights FROM checkpoints WHERE run_id = ? ORDER BY role");
            st.bind(1, runId);
            while (st.step()) {
                checkpoints.push_back({{"role", st.getText(0)},
                                       {"epoch", st.getInt(1)},
                                       {"format", st.getInt(2)},
                                       {"weights_base64", toBase64(st.getBlob(3))}});
            }
        }
        doc["checkpoints"] = checkpoints;
        return doc.dump(2);
    });
}

std::string History::exportMetricsCsv(std::int64_t runId)
{
    requireRun(runId, "exporting the metrics of run " + std::to_string(runId));
    return withContext(m_path, "exporting the metrics of run " + std::to_string(runId), [&] {
        std::ostringstream csv;
        csv.precision(17);
        csv << "run,phase,epoch,split,metric,value\n";
        auto st = m_db->prepare(
            "SELECT phase, epoch, split, metric, value FROM epoch_metrics WHERE run_id = ? "
            "ORDER BY CASE phase WHEN 'teacher' THEN 0 ELSE 1 END, epoch, metric");
        st.bind(1, runId);
        while (st.step()) {
            csv << runId << ',' << st.getText(0) << ',' << st.getInt(1) << ',' << st.getText(2) << ',' << st.getText(3) << ',';
            if (!st.isNull(4)) {
                csv << st.getDouble(4);
            }
            csv << '\n';
        }
        return csv.str();
    });
}

std::int64_t History::importRunJson(const std::string& text)
{
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception& e) {
        throw StoreError(std::string("import: not valid JSON (") + e.what() + ")");
    }
    const auto field = [&](const char* key) -> const json& {
        if (!doc.is_object() || !doc.contains(key)) {
            throw StoreError(std::string("import: not a KD Workbench run export (no '") + key + "')");
        }
        return doc.at(key);
    };
    if (field("format") != "kdworkbench-run") {
        throw StoreError("import: not a KD Workbench run export ('format' is not kdworkbench-run)");
    }
    if (!field("version").is_number_integer() || field("version").get<int>() > 1) {
        throw StoreError("import: the export was written by a newer KD Workbench (version " + field("version").dump() + ")");
    }
    const auto str = [&](const char* key, const std::string& fallback = {}) {
        return doc.contains(key) && doc.at(key).is_string() ? doc.at(key).get<std::string>() : fallback;
    };
    const std::string uuid = field("uuid").is_string() ? field("uuid").get<std::string>() : "";
    if (uuid.empty() || str("name").empty()) {
        throw StoreError("import: the run export has no uuid or no name");
    }
    checkSameFile("importing run \"" + str("name") + "\"");
    backUpOnce();
    return withContext(m_path, "importing run \"" + str("name") + "\"", [&] {
        Transaction tx(*m_db);
        auto existing = m_db->prepare("SELECT id FROM runs WHERE uuid = ?");
        existing.bind(1, uuid);
        if (existing.step()) {
            return existing.getInt(0); // already here: not duplicated
        }
        std::optional<std::int64_t> teacher;
        if (doc.contains("teacher_run_uuid") && doc["teacher_run_uuid"].is_string()) {
            auto t = m_db->prepare("SELECT id FROM runs WHERE uuid = ?");
            t.bind(1, doc["teacher_run_uuid"].get<std::string>());
            if (t.step()) {
                teacher = t.getInt(0);
            }
        }
        const json& config = field("config");
        auto st = m_db->prepare(
            "INSERT INTO runs (uuid, name, created_at, started_at, finished_at, status, method, seed, "
            "dataset_fingerprint, catalogue_fingerprint, app_version, duration_s, teacher_run, message, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        st.bind(1, uuid)
            .bind(2, str("name"))
            .bind(3, str("created_at", nowIso8601()))
            .bind(4, str("started_at", str("created_at", nowIso8601())))
            .bind(5, str("finished_at"))
            .bind(6, str("status", "finished") == "running" ? std::string("interrupted") : str("status", "finished"))
            .bind(7, str("method", "none"))
            .bind(8, doc.contains("seed") && doc["seed"].is_number_integer() ? doc["seed"].get<std::int64_t>() : std::int64_t {0})
            .bind(9, str("dataset_fingerprint"))
            .bind(10, str("catalogue_fingerprint"))
            .bind(11, str("app_version"))
            .bind(12, doc.contains("duration_s") && doc["duration_s"].is_number() ? doc["duration_s"].get<double>() : 0.0)
            .bind(13, teacher)
            .bind(14, str("message"))
            .bind(15, str("notes"));
        st.run();
        const auto id = m_db->lastInsertId();
        m_db->prepare("INSERT INTO run_configs (run_id, config) VALUES (?, ?)")
            .bind(1, id)
            .bind(2, config.is_string() ? config.get<std::string>() : config.dump())
            .run();
        if (doc.contains("tags") && doc["tags"].is_array()) {
            auto tag = m_db->prepare("INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)");
            for (const auto& t : doc["tags"]) {
                if (t.is_string()) {
                    tag.bind(1, id).bind(2, t.get<std::string>()).run();
                }
            }
        }
        auto metric = m_db->prepare(
            "INSERT OR REPLACE INTO epoch_metrics (run_id, phase, epoch, metric, split, value) VALUES (?, ?, ?, ?, ?, ?)");
        auto upsert = m_db->prepare(kUpsertRunMetric);
        for (const auto& e : doc.value("epochs", json::array())) {
            if (!e.is_object() || !e.contains("phase") || !e.contains("epoch") || !e.contains("metrics") ||
                !e["phase"].is_string() || !e["epoch"].is_number_integer() || !e["metrics"].is_object()) {
                throw StoreError("import: an epoch of the run export is malformed (needs phase, epoch and metrics)");
            }
            const auto phase = e["phase"].get<std::string>();
            const auto epoch = e["epoch"].get<int>();
            for (const auto& [name, value] : e["metrics"].items()) {
                metric.bind(1, id).bind(2, phase).bind(3, epoch).bind(4, name).bind(5, train::metricSplit(name));
                if (value.is_number()) {
                    metric.bind(6, value.get<double>());
                    upsert.bind(1, id).bind(2, phase).bind(3, name).bind(4, value.get<double>()).bind(5, epoch)
                        .bind(6, train::lowerIsBetter(name) ? 1 : 0);
                    upsert.run();
                } else {
                    metric.bindNull(6);
                }
                metric.run();
            }
        }
        auto ck = m_db->prepare("INSERT OR REPLACE INTO checkpoints (run_id, role, epoch, format, weights) VALUES (?, ?, ?, ?, ?)");
        for (const auto& c : doc.value("checkpoints", json::array())) {
            if (!c.is_object() || !c.contains("role") || !c.contains("weights_base64") || !c["role"].is_string() ||
                !c["weights_base64"].is_string()) {
                throw StoreError("import: a checkpoint of the run export is malformed (needs role and weights_base64)");
            }
            ck.bind(1, id)
                .bind(2, c["role"].get<std::string>())
                .bind(3, c.value("epoch", 0))
                .bind(4, c.value("format", 1))
                .bind(5, fromBase64(c["weights_base64"].get<std::string>()))
                .run();
        }
        tx.commit();
        return id;
    });
}

MergeResult History::mergeFrom(const std::string& otherPath)
{
    std::error_code ec;
    if (!fs::exists(otherPath, ec)) {
        throw StoreError(otherPath + ": no such history file to merge");
    }
    if (isHistoryFile(otherPath, m_path)) {
        throw StoreError(otherPath + ": is this history itself; nothing to merge");
    }
    // Read the other history from a private copy made by SQLite's backup API (a consistent
    // snapshot with its WAL), migrated there, so that the file the user named is never modified
    // and whoever uses it keeps their locks.
    const auto tmpDir = fs::temp_directory_path() / ("kdw-merge-" + std::to_string(::getpid()) + "-" + newUuid());
    fs::create_directories(tmpDir);
    const auto copy = tmpDir / "other.sqlite";
    MergeResult result;
    try {
        {
            Database source(otherPath, Database::Mode::ReadOnly);
            copyDatabase(source, copy.string());
        }
        backUpOnce();
        History other(copy.string());
        std::set<std::string> known;
        {
            auto st = m_db->prepare("SELECT uuid FROM runs");
            while (st.step()) {
                known.insert(st.getText(0));
            }
        }
        // Oldest first, so that a teacher run is here before the runs that reused it.
        auto runs = other.listRuns();
        std::reverse(runs.begin(), runs.end());
        for (const auto& r : runs) {
            if (known.contains(r.uuid)) {
                ++result.skipped;
                continue;
            }
            importRunJson(other.exportRunJson(r.id, true));
            ++result.added;
        }
    } catch (...) {
        fs::remove_all(tmpDir, ec);
        throw;
    }
    fs::remove_all(tmpDir, ec);
    return result;
}

} // namespace kdw::store
