// SPDX-License-Identifier: MIT
#include "core/store/file_identity.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "core/common/error.h"
#include "core/store/sqlite.h"
#include "core/store/store_context.h"

namespace kdw::store {

FileIdentity identify(const std::string& path)
{
    struct stat st { };
    if (::stat(path.c_str(), &st) != 0) {
        return {};
    }
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

void checkSameFile(const std::string& path, const FileIdentity& opened, const std::string& what)
{
    struct stat st { };
    if (::stat(path.c_str(), &st) != 0) {
        throw StoreError(path + ": " + what
            + " failed: the history file was deleted while it was open; "
              "nothing more is written (reopen KD Workbench to start a new history)");
    }
    if (opened.inode != 0
        && (static_cast<std::uint64_t>(st.st_dev) != opened.device
            || static_cast<std::uint64_t>(st.st_ino) != opened.inode)) {
        throw StoreError(path + ": " + what
            + " failed: the history file was replaced by another file while it was "
              "open; nothing was written to either");
    }
}

void checkIsHistory(Database& db, const std::string& path, int knownVersion)
{
    // Whether the file is a database at all, asked of SQLite (its first read of the header).
    if (const int rc = db.tryExec("SELECT count(*) FROM sqlite_master");
        (rc & 0xff) == SQLITE_NOTADB) {
        throw StoreError(path
                + ": not a KD Workbench history (not an SQLite database); the file was left "
                  "untouched",
            rc);
    }
    withContext(path, "opening the history", [&] {
        // One statement, so one snapshot: another connection creating this history at the same
        // moment is seen either not at all or with its tables and its application id together.
        auto identity = db.prepare("SELECT (SELECT user_version FROM pragma_user_version), "
                                   "(SELECT application_id FROM pragma_application_id), "
                                   "(SELECT count(*) FROM sqlite_master)");
        identity.step();
        const auto version = identity.getInt(0);
        const auto appId = identity.getInt(1);
        const auto tableCount = identity.getInt(2);
        identity.reset();
        if (appId != kApplicationId && (appId != 0 || tableCount > 0)) {
            throw StoreError(path
                + ": not a KD Workbench history (another application's SQLite "
                  "database); the file was left untouched");
        }
        if (appId == 0 && version != 0) {
            throw StoreError(path + ": not a KD Workbench history (an empty SQLite database marked "
                + "with another application's version " + std::to_string(version)
                + "); the file was left untouched");
        }
        if (version > knownVersion) {
            throw StoreError(path + ": this history was written by a newer KD Workbench (schema "
                + std::to_string(version) + ", this build knows up to "
                + std::to_string(knownVersion)
                + "); it was left untouched. Update KD Workbench to open it.");
        }
    });
}

} // namespace kdw::store
