// SPDX-License-Identifier: MIT
#include "core/store/sqlite.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include <sqlite3.h>

#include "core/common/error.h"

namespace kdw::store {

namespace {

// Why a history may not open, said in the user's terms: its folder cannot be written (a history
// needs to create its journal files beside it) or does not exist.
std::string folderHint(const std::string& path, Database::Mode mode)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path folder = fs::absolute(fs::path(path), ec).parent_path();
    if (!fs::is_directory(folder, ec)) {
        return "; the folder " + folder.string() + " does not exist";
    }
    if (mode == Database::Mode::ReadWrite && ::access(folder.c_str(), W_OK) != 0) {
        return "; the folder " + folder.string()
            + " is read-only: a history needs to write its journal beside it (copy the file to a "
              "writable folder, or choose another history)";
    }
    return {};
}

// `path` as an SQLite URI ("file:/a%20b/h.sqlite?immutable=1"): '%', '?' and '#' and the bytes
// outside printable ASCII are %-escaped (https://sqlite.org/uri.html).
std::string immutableUri(const std::string& path)
{
    std::string uri = "file:";
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '%' || c == '?' || c == '#' || u <= 0x20 || u >= 0x7f) {
            static constexpr char kHex[] = "0123456789ABCDEF";
            uri += '%';
            uri += kHex[u >> 4];
            uri += kHex[u & 0xf];
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

} // namespace

Database::Database(const std::string& path, Mode mode)
    : m_path(path)
{
    int flags = (mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                         : SQLITE_OPEN_READONLY)
        | SQLITE_OPEN_NOMUTEX;
    std::string name = path;
    if (mode == Mode::Immutable) {
        flags |= SQLITE_OPEN_URI;
        name = immutableUri(path);
    }
    const int rc = sqlite3_open_v2(name.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw StoreError(
            path + ": cannot open the history (" + msg + ")" + folderHint(path, mode), rc);
    }
    sqlite3_extended_result_codes(m_db, 1);
}

Database::~Database()
{
    sqlite3_close_v2(m_db);
}

int Database::diskFullAsSuch(int rc) const
{
    // A write that failed because the file system is full comes back as SQLITE_IOERR ("disk I/O
    // error") unless SQLite itself saw the space run out: say it as what it is.
    if ((rc & 0xff) == SQLITE_IOERR && m_db != nullptr && sqlite3_system_errno(m_db) == ENOSPC) {
        return SQLITE_FULL;
    }
    return rc;
}

void Database::fail(int rc, const std::string& what) const
{
    std::string msg = sqlite3_errmsg(m_db);
    if (msg.empty() || msg == "not an error") {
        msg = sqlite3_errstr(rc);
    }
    const int code = diskFullAsSuch(rc);
    if ((code & 0xff) == SQLITE_FULL) {
        msg = "the disk is full"; // SQLite's own words: "database or disk is full"
    }
    throw StoreError(m_path + ": " + what + " failed (" + msg + ")", code);
}

void Database::keepWalOnClose()
{
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

void Database::exec(const std::string& sql)
{
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const int code = diskFullAsSuch(rc);
        const std::string msg = (code & 0xff) == SQLITE_FULL
            ? "the disk is full"
            : (err != nullptr ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        throw StoreError(m_path + ": " + msg + " (in: " + sql.substr(0, 80) + ")", code);
    }
}

int Database::tryExec(const std::string& sql)
{
    return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
}

std::string Database::errorMessage() const
{
    return sqlite3_errmsg(m_db);
}

Statement Database::prepare(const std::string& sql)
{
    return {*this, sql};
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Statement::Statement(Database& db, const std::string& sql)
    : m_db(&db)
    , m_sql(sql)
{
    const int rc = sqlite3_prepare_v2(
        db.handle(), sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        db.fail(rc, "preparing '" + sql.substr(0, 60) + "'");
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
    , m_sql(std::move(other.m_sql))
{
    other.m_stmt = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK) {
        m_db->fail(rc, "binding");
    }
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    const int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK) {
        m_db->fail(rc, "binding");
    }
    return *this;
}

Statement& Statement::bind(int index, const std::string& value)
{
    const int rc = sqlite3_bind_text64(
        m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        m_db->fail(rc, "binding");
    }
    return *this;
}

Statement& Statement::bind(int index, const std::vector<std::uint8_t>& blob)
{
    const int rc = sqlite3_bind_blob64(m_stmt, index, blob.data(), blob.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) {
        m_db->fail(rc, "binding");
    }
    return *this;
}

Statement& Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK) {
        m_db->fail(rc, "binding");
    }
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    sqlite3_reset(m_stmt);
    m_db->fail(rc, "'" + m_sql.substr(0, 60) + "'");
}

void Statement::run()
{
    while (step()) { }
    sqlite3_reset(m_stmt);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
}

bool Statement::isNull(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

std::int64_t Statement::getInt(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

double Statement::getDouble(int col) const
{
    return sqlite3_column_double(m_stmt, col);
}

std::string Statement::getText(int col) const
{
    const auto* p = sqlite3_column_text(m_stmt, col);
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p == nullptr
        ? std::string()
        : std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::vector<std::uint8_t> Statement::getBlob(int col) const
{
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, col));
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p == nullptr ? std::vector<std::uint8_t>() : std::vector<std::uint8_t>(p, p + n);
}

namespace {

bool isBusy(int rc)
{
    const int primary = rc & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

} // namespace

void Database::execRetrying(const std::string& sql, const std::string& what)
{
    constexpr int kAttempts = 8;
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        rc = tryExec(sql);
        if (!isBusy(rc)) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 << std::min(attempt, 5)));
    }
    if (rc != SQLITE_OK) {
        fail(rc, what);
    }
}

Transaction::Transaction(Database& db)
    : m_db(db)
{
    m_db.execRetrying("BEGIN IMMEDIATE", "starting a transaction");
}

Transaction::~Transaction()
{
    if (!m_done) {
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr); // never throws
    }
}

void Transaction::commit()
{
    m_db.execRetrying("COMMIT", "committing");
    m_done = true;
}

} // namespace kdw::store
