// SPDX-License-Identifier: MIT
// Whole-file operations on a history that go through SQLite, never through another descriptor:
// closing any descriptor on a database file drops every POSIX lock the process holds on it, and
// another process may then delete the WAL under our connections ("How To Corrupt An SQLite
// Database File", 2.2). Here: copies by the online backup API, dated backups beside a history,
// the check of a file that cannot be opened, the newest intact backup, and the file system a
// history lives on.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kdw::store {

class Database;

// How many dated backups of one history are kept; older ones are deleted.
inline constexpr int kBackupsKept = 3;

// Copies the main database of `source` (a consistent snapshot, with whatever is in its WAL) to a
// new file `target` through SQLite's online backup API. The copy is a rollback-journal file
// (not WAL), so that reading it later leaves no -wal/-shm beside it. Throws StoreError when
// `target` exists or cannot be written; a partial copy is removed.
void copyDatabase(Database& source, const std::string& target);

// Makes "<historyPath>.bak-YYYYMMDD-HHMMSS" (UTC; "-2", "-3"... appended within one second)
// from the open connection `live` and deletes all but the newest kBackupsKept backups of
// `historyPath`. Returns the backup's path. Throws StoreError when the copy fails (nothing is
// deleted then).
std::string backUpHistory(Database& live, const std::string& historyPath);

// The dated backups of `historyPath` that exist, newest first (by the stamp in their names).
std::vector<std::string> listBackups(const std::string& historyPath);

// What is wrong with a history file, as SQLite sees it when opening it read-only; nullopt when
// it opens, reads and passes PRAGMA quick_check (or does not exist yet, or is empty).
// Otherwise a sentence for the user: "not an SQLite database", or "damaged: <SQLite's words>".
std::optional<std::string> historyProblem(const std::string& path);

// The newest backup of `historyPath` that opens read-only and passes PRAGMA integrity_check, or
// nullopt when there is none.
std::optional<std::string> newestIntactBackup(const std::string& historyPath);

// True when `path` names the history file `historyPath` itself (the same inode, through any
// name or link) or one of its -wal, -shm and -journal files. Only stat(2): opens nothing. Use it
// to refuse writing exports, reports or configs over a live history.
bool isHistoryFile(const std::string& path, const std::string& historyPath);

// Throws StoreError ("<path>: is the run history <historyPath> ...; choose another file") when
// isHistoryFile(path, historyPath).
void refuseHistoryFile(const std::string& path, const std::string& historyPath);

// The name of the network or remote file system `path` (or, when it does not exist yet, its
// folder) lives on ("NFS", "SMB/CIFS", "sshfs", ...), where SQLite's locking is unreliable and a
// history must not be shared between processes; nullopt on a local disk or when it cannot tell
// (statfs(2) f_type on Linux; nullopt elsewhere).
std::optional<std::string> networkFileSystem(const std::string& path);

// One line to print when networkFileSystem(path) names one, else empty.
std::string networkFileSystemWarning(const std::string& path);

} // namespace kdw::store
