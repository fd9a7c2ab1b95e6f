// SPDX-License-Identifier: MIT
// Opening a history: identity, WAL, migrations, interrupted runs; and the one write path every
// change goes through.
#include "core/store/history.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <signal.h>
#include <unistd.h>
#include <utility>

#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/store/schema.h"
#include "core/store/sqlite.h"
#include "core/store/store_context.h"

namespace kdw::store {

static_assert(History::kSchemaVersion == kLatestSchema);

std::string History::defaultPath()
{
    namespace fs = std::filesystem;
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

namespace {

// An existing history that this process cannot write, or whose folder it cannot write (SQLite
// needs to create the -wal and -shm files beside it): access(2) says so for a read-only mount
// (EROFS) as for permissions.
bool cannotWrite(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return false; // a new history: the normal open says why it cannot be created
    }
    const fs::path folder = fs::absolute(fs::path(path), ec).parent_path();
    return ::access(folder.c_str(), W_OK) != 0 || ::access(path.c_str(), W_OK) != 0;
}

} // namespace

void History::openReadOnly()
{
    m_readOnly = true;
    try {
        // Sees what a writer elsewhere committed to the -wal when its -shm exists too.
        m_db = std::make_unique<Database>(m_path, Database::Mode::ReadOnly);
        m_db->exec("SELECT count(*) FROM sqlite_master");
    } catch (const StoreError&) {
        // A WAL history closed cleanly has no -shm, and none can be created here.
        m_db = std::make_unique<Database>(m_path, Database::Mode::Immutable);
    }
    checkIsHistory(*m_db, m_path, kSchemaVersion);
    if (schemaVersion() < kSchemaVersion) {
        throw StoreError(m_path
            + ": this history was written by an older KD Workbench and must be upgraded, which "
              "its read-only folder does not allow: copy it to a writable folder");
    }
    m_identity = identify(m_path);
}

void History::requireWritable(const std::string& what) const
{
    if (m_readOnly) {
        throw StoreError(m_path + ": " + what + " refused: " + kReadOnlyNote);
    }
}

History::History(const std::string& path)
    : m_path(path)
{
    if (cannotWrite(path)) {
        openReadOnly();
        return;
    }
    m_db = std::make_unique<Database>(path);
    m_db->exec("PRAGMA busy_timeout = 10000");
    m_db->exec("PRAGMA foreign_keys = ON");
    checkIsHistory(*m_db, path, kSchemaVersion);
    withContext(path, "opening the history", [&] {
        // WAL: readers never block the writer, a crash loses at most the transaction in flight.
        // Switching a new file to WAL needs it alone for a moment: another connection creating it
        // at the same time is waited for (SQLite does not always call the busy handler here).
        m_db->execRetrying("PRAGMA journal_mode = WAL", "switching the history to WAL");
        m_db->exec("PRAGMA synchronous = NORMAL");
        migrate();
    });
    try {
        markInterrupted();
    } catch (const StoreError&) {
        // A full disk (or a lock held too long) must not keep the history from being read: the
        // runs stay as stored, and the next open that can write marks them.
    }
    m_identity = identify(path);
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
    applyMigrations(*m_db, current);
    m_db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    m_db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
}

void History::backUpOnce()
{
    if (m_backedUp) {
        return;
    }
    requireWritable("backing up the history");
    withContext(m_path, "backing up the history", [&] { backUpHistory(*m_db, m_path); });
    m_backedUp = true;
}

void History::markInterrupted()
{
    const std::string running(train::toString(train::RunState::Running));
    const std::string queued(train::toString(train::RunState::Queued));
    // (run id, the owner seen): a run whose owner process is gone.
    std::vector<std::pair<std::int64_t, std::int64_t>> dead;
    auto st = m_db->prepare("SELECT id, owner_pid FROM runs WHERE status IN (?, ?)");
    st.bind(1, running).bind(2, queued);
    while (st.step()) {
        const auto pid = st.isNull(1) ? 0 : st.getInt(1);
        const bool alive = pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
        if (!alive) {
            dead.emplace_back(st.getInt(0), pid);
        }
    }
    if (dead.empty()) {
        return;
    }
    // Only if the run is still the one seen: its owner may have finished it and exited between the
    // read above and the check of its pid (found with 120 kdw processes on one new history, where
    // 1 or 2 finished runs were marked interrupted).
    Transaction tx(*m_db);
    auto up = m_db->prepare("UPDATE runs SET status = ?, owner_pid = NULL WHERE id = ? AND "
                            "status IN (?, ?) AND owner_pid IS ?");
    for (const auto& [id, pid] : dead) {
        up.bind(1, std::string(train::toString(train::RunState::Interrupted)))
            .bind(2, id)
            .bind(3, running)
            .bind(4, queued)
            .bind(5, pid > 0 ? std::optional<std::int64_t>(pid) : std::nullopt)
            .run();
    }
    tx.commit();
}

void History::checkSameFile(const std::string& what) const
{
    store::checkSameFile(m_path, m_identity, what);
}

void History::write(const std::string& what, const std::function<void()>& fn)
{
    requireWritable(what);
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

} // namespace kdw::store
