// SPDX-License-Identifier: MIT
// Which file a history is: its device and inode when opened, to notice it being deleted or
// replaced while open, and whether a file is a KD Workbench history at all (asked of SQLite only:
// no other descriptor is ever opened on a history, since closing one would drop the POSIX locks of
// every connection this process holds on it).
#pragma once

#include <cstdint>
#include <string>

namespace kdw::store {

class Database;

inline constexpr std::int32_t kApplicationId = 0x4B445742; // "KDWB"

struct FileIdentity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0; // 0: unknown (stat failed), never compared
};

// The device and inode of `path` (stat(2), no descriptor); {0, 0} when it cannot be stat'ed.
FileIdentity identify(const std::string& path);

// Throws StoreError "<path>: <what> failed: the history file was deleted / replaced ..." when
// `path` no longer exists or is no longer the file `opened`.
void checkSameFile(const std::string& path, const FileIdentity& opened, const std::string& what);

// Refuses, with a StoreError and without writing anything, a file that is not an SQLite database,
// another application's database, or a history of a schema newer than `knownVersion`.
void checkIsHistory(Database& db, const std::string& path, int knownVersion);

} // namespace kdw::store
