// SPDX-License-Identifier: MIT
#include "core/store/history.h"

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include <signal.h>
#include <unistd.h>

#include "core/common/error.h"
#include "core/store/sqlite.h"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;

// One migration per schema version, in order; each runs inside the transaction that also sets
// PRAGMA user_version, and each is idempotent (IF NOT EXISTS).
struct Migration {
    int version;
    std::function<void(Database&)> apply;
};

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

const std::array<Migration, 1> kMigrations {{{1, migrateTo1}}};

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

// Refuses a non-empty file that does not start with SQLite's header.
void checkIsSqlite(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) {
        return;
    }
    std::ifstream in(path, std::ios::binary);
    char header[16] {};
    in.read(header, sizeof header);
    if (in.gcount() < 16 || std::string(header, 15) != "SQLite format 3") {
        throw StoreError(path + ": not a KD Workbench history (not an SQLite database); the file was left untouched");
    }
}

} // namespace

std::string nowIso8601()
{
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
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
    checkIsSqlite(path);
    m_db = std::make_unique<Database>(path);
    m_db->exec("PRAGMA busy_timeout = 10000");
    try {
        m_db->exec("PRAGMA foreign_keys = ON");
        auto version = m_db->prepare("PRAGMA user_version");
        version.step();
        const auto v = version.getInt(0);
        auto app = m_db->prepare("PRAGMA application_id");
        app.step();
        const auto appId = app.getInt(0);
        auto tables = m_db->prepare("SELECT count(*) FROM sqlite_master");
        tables.step();
        const auto tableCount = tables.getInt(0);
        if (appId != kApplicationId && (appId != 0 || tableCount > 0)) {
            throw StoreError(path + ": not a KD Workbench history (another application's SQLite database); the file was left untouched");
        }
        if (v > kSchemaVersion) {
            throw StoreError(path + ": this history was written by a newer KD Workbench (schema " + std::to_string(v) +
                             ", this build knows up to " + std::to_string(kSchemaVersion) +
                             "); it was left untouched. Update KD Workbench to open it.");
        }
    } catch (const StoreError&) {
        throw;
    }
    m_db->exec("PRAGMA journal_mode = WAL");
    m_db->exec("PRAGMA synchronous = NORMAL");
    migrate();
    markInterrupted();
}

History::~History() = default;

int History::schemaVersion() const
{
    auto st = m_db->prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.getInt(0));
}

void History::migrate()
{
    const int current = schemaVersion();
    if (current >= kSchemaVersion) {
        return;
    }
    Transaction tx(*m_db);
    for (const auto& m : kMigrations) {
        if (m.version > current) {
            m.apply(*m_db);
        }
    }
    m_db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    m_db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
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

std::int64_t History::createRun(const NewRun& run)
{
    Transaction tx(*m_db);
    auto st = m_db->prepare(
        "INSERT INTO runs (uuid, name, created_at, status, method, config, seed, dataset_fingerprint, "
        "catalogue_fingerprint, app_version, teacher_run, owner_pid) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, newUuid())
        .bind(2, run.name)
        .bind(3, nowIso8601())
        .bind(4, run.method)
        .bind(5, run.configJson)
        .bind(6, static_cast<std::int64_t>(run.seed))
        .bind(7, run.datasetFingerprint)
        .bind(8, run.catalogueFingerprint)
        .bind(9, std::string(KDW_VERSION))
        .bind(10, run.teacherRun)
        .bind(11, static_cast<std::int64_t>(::getpid()));
    st.run();
    const auto id = m_db->lastInsertId();
    tx.commit();
    return id;
}

void History::appendEpoch(std::int64_t runId, const train::EpochRecord& epoch)
{
    Transaction tx(*m_db);
    auto st = m_db->prepare("INSERT OR REPLACE INTO epoch_metrics (run_id, phase, epoch, metric, value) VALUES (?, ?, ?, ?, ?)");
    for (const auto& [name, value] : epoch.metrics) {
        st.bind(1, runId).bind(2, epoch.phase).bind(3, epoch.epoch).bind(4, name).bind(5, value);
        st.run();
    }
    tx.commit();
}

void History::finishRun(std::int64_t runId, const std::string& status, double durationSeconds, const std::string& message)
{
    auto st = m_db->prepare(
        "UPDATE runs SET status = ?, finished_at = ?, duration_s = ?, message = ?, owner_pid = NULL WHERE id = ?");
    st.bind(1, status).bind(2, nowIso8601()).bind(3, durationSeconds).bind(4, message).bind(5, runId).run();
}

void History::saveCheckpoint(std::int64_t runId, const std::string& role, int epoch, const std::vector<std::uint8_t>& weights)
{
    auto st = m_db->prepare("INSERT OR REPLACE INTO checkpoints (run_id, role, epoch, format, weights) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, runId).bind(2, role).bind(3, epoch).bind(4, 1).bind(5, weights).run();
}

namespace {

RunSummary readSummary(const Statement& st)
{
    RunSummary r;
    r.id = st.getInt(0);
    r.uuid = st.getText(1);
    r.name = st.getText(2);
    r.status = st.getText(3);
    r.method = st.getText(4);
    r.createdAt = st.getText(5);
    r.finishedAt = st.getText(6);
    r.durationSeconds = st.getDouble(7);
    if (!st.isNull(8)) {
        r.teacherRun = st.getInt(8);
    }
    r.message = st.getText(9);
    return r;
}

constexpr const char* kSummaryColumns =
    "id, uuid, name, status, method, created_at, finished_at, duration_s, teacher_run, message";

} // namespace

std::vector<RunSummary> History::listRuns()
{
    std::vector<RunSummary> runs;
    auto st = m_db->prepare(std::string("SELECT ") + kSummaryColumns + " FROM runs ORDER BY id DESC");
    while (st.step()) {
        runs.push_back(readSummary(st));
    }
    // Final metrics: the student's last epoch of each run.
    auto fm = m_db->prepare(
        "SELECT m.metric, m.value FROM epoch_metrics m WHERE m.run_id = ?1 AND m.phase = 'student' AND "
        "m.epoch = (SELECT max(epoch) FROM epoch_metrics WHERE run_id = ?1 AND phase = 'student')");
    for (auto& r : runs) {
        fm.bind(1, r.id);
        while (fm.step()) {
            r.finalMetrics[fm.getText(0)] = fm.getDouble(1);
        }
        fm.reset();
    }
    return runs;
}

std::optional<RunDetails> History::run(std::int64_t runId)
{
    auto st = m_db->prepare(std::string("SELECT ") + kSummaryColumns +
                            ", config, dataset_fingerprint, catalogue_fingerprint, seed, app_version FROM runs WHERE id = ?");
    st.bind(1, runId);
    if (!st.step()) {
        return std::nullopt;
    }
    RunDetails d;
    d.summary = readSummary(st);
    d.configJson = st.getText(10);
    d.datasetFingerprint = st.getText(11);
    d.catalogueFingerprint = st.getText(12);
    d.seed = static_cast<std::uint64_t>(st.getInt(13));
    d.appVersion = st.getText(14);
    return d;
}

std::vector<train::EpochRecord> History::epochs(std::int64_t runId)
{
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
}

std::optional<std::vector<std::uint8_t>> History::loadCheckpoint(std::int64_t runId, const std::string& role)
{
    auto st = m_db->prepare("SELECT weights FROM checkpoints WHERE run_id = ? AND role = ?");
    st.bind(1, runId).bind(2, role);
    if (!st.step()) {
        return std::nullopt;
    }
    return st.getBlob(0);
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

} // namespace kdw::store
