// SPDX-License-Identifier: MIT
// A thin RAII layer over SQLite: a connection, prepared statements with bound parameters, and a
// transaction that rolls back in its destructor. One Database per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace kdw::store {

class Statement;

class Database {
public:
    // ReadOnly: SQLite's read-only open (a WAL file still needs its -shm: an existing one, or a
    // writable folder to create it in). Immutable: read-only and promising SQLite that nothing
    // changes the file while it is open (URI parameter immutable=1): no lock, no -shm, no WAL read,
    // so it opens a history in a folder nobody can write; what a crashed writer left only in the
    // -wal file is not seen.
    enum class Mode { ReadWrite, ReadOnly, Immutable };
    // Opens (creating when ReadWrite) the file. Throws StoreError naming the file.
    Database(const std::string& path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql); // one or more statements without parameters
    // Like exec, but returns SQLite's result code instead of throwing (the error text is in
    // errorMessage()).
    int tryExec(const std::string& sql);
    [[nodiscard]] std::string errorMessage() const;
    // Like exec, but while SQLite refuses `sql` as busy or locked it retries after growing pauses
    // (a few seconds in all, on top of the busy timeout); then throws StoreError naming `what`.
    void execRetrying(const std::string& sql, const std::string& what);
    Statement prepare(const std::string& sql);
    [[nodiscard]] std::int64_t lastInsertId() const;
    [[nodiscard]] int changes() const;
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] sqlite3* handle() const { return m_db; }
    // When this connection closes, it neither checkpoints nor deletes the WAL: closing it writes
    // nothing into the file (for a damaged history, kept as it was found).
    void keepWalOnClose();

    // Throws StoreError with `what`, the file name and SQLite's message for result code rc.
    [[noreturn]] void fail(int rc, const std::string& what) const;

private:
    // SQLITE_FULL for an I/O error whose cause was a full file system (errno ENOSPC), else rc.
    [[nodiscard]] int diskFullAsSuch(int rc) const;

    sqlite3* m_db = nullptr;
    std::string m_path;
};

class Statement {
public:
    Statement(Database& db, const std::string& sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bind(int index, const std::vector<std::uint8_t>& blob);
    Statement& bindNull(int index);
    template <typename T> Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    bool step(); // true while a row is available
    void run(); // step to completion, expecting no rows
    void reset(); // ready to step again, bindings kept

    [[nodiscard]] bool isNull(int col) const;
    [[nodiscard]] std::int64_t getInt(int col) const;
    [[nodiscard]] double getDouble(int col) const;
    [[nodiscard]] std::string getText(int col) const;
    [[nodiscard]] std::vector<std::uint8_t> getBlob(int col) const;

private:
    Database* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    std::string m_sql;
};

// BEGIN IMMEDIATE on construction; commit() or roll back in the destructor (never throws).
// Both BEGIN and COMMIT wait out other writers: SQLite's busy timeout first, then a few retries
// with a growing pause, so that callers never see "database is locked" under normal contention.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace kdw::store
