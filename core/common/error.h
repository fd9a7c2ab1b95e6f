// SPDX-License-Identifier: MIT
// The typed exceptions of core. Every message is meant to be shown to a user as it is.
#pragma once

#include <stdexcept>
#include <string>

namespace kdw {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A data file that cannot be read or parsed; the message names the file and the line.
class DataError : public Error {
public:
    using Error::Error;
};

// An impossible or malformed experiment config; the message names the field.
class ConfigError : public Error {
public:
    using Error::Error;
};

// The run history could not be opened, read or written; the message names the file and the call.
// When SQLite refused, sqliteCode() is its extended result code (SQLITE_FULL, SQLITE_IOERR_WRITE,
// ...), so that callers classify a failure by its code, never by its text; 0 otherwise.
class StoreError : public Error {
public:
    explicit StoreError(const std::string& message, int sqliteCode = 0)
        : Error(message)
        , m_sqliteCode(sqliteCode)
    {
    }
    // SQLite's extended result code, or 0 when the error did not come from SQLite.
    [[nodiscard]] int sqliteCode() const { return m_sqliteCode; }
    // The primary result code (the low byte of the extended one): SQLITE_FULL, SQLITE_CORRUPT, ...
    [[nodiscard]] int sqlitePrimaryCode() const { return m_sqliteCode & 0xff; }

private:
    int m_sqliteCode = 0;
};

// A run was cancelled through its stop token.
class Cancelled : public Error {
public:
    Cancelled()
        : Error("cancelled")
    {
    }
};

} // namespace kdw
