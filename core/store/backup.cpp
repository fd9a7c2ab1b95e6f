// SPDX-License-Identifier: MIT
#include "core/store/backup.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <utility>

#include <sqlite3.h>

#if defined(__linux__)
#include <sys/vfs.h>
#endif

#include "core/common/error.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;

constexpr std::array<const char*, 3> kSidecars {"-wal", "-shm", "-journal"};

bool isBusy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

void removeWithSidecars(const std::string& path)
{
    std::error_code ec;
    fs::remove(path, ec);
    for (const auto* s : kSidecars) {
        fs::remove(path + s, ec);
    }
}

// For "<name>.bak-YYYYMMDD-HHMMSS[-N]": the stamp and N (1 when absent); nullopt otherwise.
std::optional<std::pair<std::string, int>> backupStamp(
    const std::string& fileName, const std::string& prefix)
{
    if (fileName.rfind(prefix, 0) != 0) {
        return std::nullopt;
    }
    const std::string rest = fileName.substr(prefix.size());
    const auto digits = [&](std::size_t from, std::size_t n) {
        return rest.size() >= from + n
            && std::all_of(rest.begin() + static_cast<long>(from),
                rest.begin() + static_cast<long>(from + n),
                [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(0, 8) || rest.size() < 15 || rest[8] != '-' || !digits(9, 6)) {
        return std::nullopt;
    }
    int n = 1;
    if (rest.size() > 15) {
        if (rest[15] != '-' || !digits(16, rest.size() - 16) || rest.size() > 19) {
            return std::nullopt;
        }
        n = std::stoi(rest.substr(16));
    }
    return std::make_pair(rest.substr(0, 15), n);
}

// A read-only connection that never checkpoints or deletes the WAL when it closes, so that looking
// at a damaged file changes nothing in it.
std::unique_ptr<Database> openForInspection(const std::string& path)
{
    auto db = std::make_unique<Database>(path, Database::Mode::ReadOnly);
    db->keepWalOnClose();
    return db;
}

std::string describe(int rc, const std::string& message)
{
    if ((rc & 0xff) == SQLITE_NOTADB) {
        return "not an SQLite database";
    }
    return "damaged (" + message + ")";
}

// Runs a check PRAGMA and returns its rows joined, or SQLite's error as a problem sentence.
std::optional<std::string> check(Database& db, const char* sql)
{
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &st, nullptr);
    std::string rows;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(st, 0);
            rows += (rows.empty() ? "" : "; ")
                + std::string(text != nullptr ? reinterpret_cast<const char*>(text) : "");
        }
    }
    const std::string message = sqlite3_errmsg(db.handle());
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        return describe(rc, message);
    }
    if (rows != "ok") {
        return "damaged (" + rows.substr(0, 300) + ")";
    }
    return std::nullopt;
}

std::optional<std::string> problemWith(const std::string& path, const char* checkSql)
{
    std::error_code ec;
    if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) {
        return std::nullopt;
    }
    try {
        auto db = openForInspection(path);
        return check(*db, checkSql);
    } catch (const StoreError& e) {
        return std::string("cannot be opened (") + e.what() + ")";
    }
}

} // namespace

void copyDatabase(Database& source, const std::string& target)
{
    std::error_code ec;
    if (fs::exists(target, ec)) {
        throw StoreError(target + ": exists already; a copy is never written over a file");
    }
    int rc = SQLITE_OK;
    std::string message;
    try {
        Database dest(target);
        sqlite3_backup* backup
            = sqlite3_backup_init(dest.handle(), "main", source.handle(), "main");
        if (backup == nullptr) {
            rc = sqlite3_errcode(dest.handle());
            message = sqlite3_errmsg(dest.handle());
        } else {
            // All pages in one step, retried while another connection holds a lock it needs.
            for (int attempt = 0; attempt < 200; ++attempt) {
                rc = sqlite3_backup_step(backup, -1);
                if (!isBusy(rc)) {
                    break;
                }
                sqlite3_sleep(25);
            }
            sqlite3_backup_finish(backup);
            message = rc == SQLITE_DONE ? "" : sqlite3_errstr(rc);
            if (rc == SQLITE_DONE) {
                rc = dest.tryExec("PRAGMA journal_mode = DELETE");
                message = rc == SQLITE_OK ? "" : dest.errorMessage();
            }
        }
    } catch (const StoreError& e) {
        rc = e.sqliteCode() != 0 ? e.sqliteCode() : SQLITE_CANTOPEN;
        message = e.what();
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        removeWithSidecars(target);
        throw StoreError(
            target + ": copying the history " + source.path() + " failed (" + message + ")", rc);
    }
}

std::string backUpHistory(Database& live, const std::string& historyPath)
{
    // Within one second, a suffix above every backup of that second (older ones may be gone).
    const std::string stamp = nowUtc("%Y%m%d-%H%M%S"); // "20261129-120301"
    const std::string prefix = fs::path(historyPath).filename().string() + ".bak-";
    int n = 1;
    for (const auto& b : listBackups(historyPath)) {
        if (const auto s = backupStamp(fs::path(b).filename().string(), prefix);
            s && s->first == stamp) {
            n = std::max(n, s->second + 1);
        }
    }
    const std::string target
        = historyPath + ".bak-" + stamp + (n > 1 ? "-" + std::to_string(n) : "");
    copyDatabase(live, target);
    const auto backups = listBackups(historyPath);
    for (std::size_t k = kBackupsKept; k < backups.size(); ++k) {
        removeWithSidecars(backups[k]);
    }
    return target;
}

std::vector<std::string> listBackups(const std::string& historyPath)
{
    const fs::path history(historyPath);
    const fs::path dir = history.has_parent_path() ? history.parent_path() : fs::path(".");
    const std::string prefix = history.filename().string() + ".bak-";
    std::vector<std::pair<std::pair<std::string, int>, std::string>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (const auto stamp = backupStamp(entry.path().filename().string(), prefix);
            stamp && entry.is_regular_file(ec)) {
            found.emplace_back(*stamp, (dir / entry.path().filename()).string());
        }
    }
    std::sort(
        found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    out.reserve(found.size());
    for (auto& f : found) {
        out.push_back(std::move(f.second));
    }
    return out;
}

std::optional<std::string> historyProblem(const std::string& path)
{
    return problemWith(path, "PRAGMA quick_check(1)");
}

std::optional<std::string> newestIntactBackup(const std::string& historyPath)
{
    for (const auto& b : listBackups(historyPath)) {
        std::error_code ec;
        if (fs::file_size(b, ec) > 0 && !problemWith(b, "PRAGMA integrity_check(1)")) {
            return b;
        }
    }
    return std::nullopt;
}

bool isHistoryFile(const std::string& path, const std::string& historyPath)
{
    const auto samePath = [](const std::string& a, const std::string& b) {
        std::error_code ec;
        return fs::absolute(a, ec).lexically_normal() == fs::absolute(b, ec).lexically_normal();
    };
    struct stat candidate { };
    const bool exists = ::stat(path.c_str(), &candidate) == 0;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::string other = historyPath + suffix;
        struct stat st { };
        if (exists && ::stat(other.c_str(), &st) == 0 && st.st_dev == candidate.st_dev
            && st.st_ino == candidate.st_ino) {
            return true;
        }
        if (samePath(path, other)) {
            return true;
        }
    }
    return false;
}

void refuseHistoryFile(const std::string& path, const std::string& historyPath)
{
    if (isHistoryFile(path, historyPath)) {
        throw StoreError(path + ": is the run history " + historyPath
            + " (or one of its -wal/-shm/-journal files), which only SQLite may open; choose "
              "another file");
    }
}

std::optional<std::string> networkFileSystem(const std::string& path)
{
#if defined(__linux__)
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    while (!p.empty() && !fs::exists(p, ec) && p.has_parent_path() && p.parent_path() != p) {
        p = p.parent_path();
    }
    struct statfs st { };
    if (::statfs(p.c_str(), &st) != 0) {
        return std::nullopt;
    }
    switch (static_cast<std::uint32_t>(st.f_type)) {
    case 0x6969U:
        return "NFS";
    case 0x517BU:
        return "SMB";
    case 0xFF534D42U:
        return "CIFS";
    case 0xFE534D42U:
        return "SMB2";
    case 0x5346414FU:
        return "AFS";
    case 0x00C36400U:
        return "Ceph";
    case 0x01021997U:
        return "9P";
    case 0x65735546U:
        break; // FUSE: which one is in the mount table
    default:
        return std::nullopt;
    }
    // /proc/self/mounts: "device mount-point type options 0 0"; the longest mount point above p.
    std::ifstream mounts("/proc/self/mounts"); // not a database
    const auto canonical = fs::weakly_canonical(p, ec).string();
    std::string device;
    std::string mountPoint;
    std::string type;
    std::string rest;
    std::size_t best = 0;
    std::string bestType;
    while (mounts >> device >> mountPoint >> type && std::getline(mounts, rest)) {
        const bool above = canonical == mountPoint || mountPoint == "/"
            || canonical.rfind(mountPoint + "/", 0) == 0;
        if (above && mountPoint.size() >= best) {
            best = mountPoint.size();
            bestType = type;
        }
    }
    for (const auto* remote : {"sshfs", "rclone", "s3fs", "gcsfuse", "glusterfs"}) {
        if (bestType == std::string("fuse.") + remote) {
            return std::string(remote);
        }
    }
#else
    (void)path;
#endif
    return std::nullopt;
}

std::string networkFileSystemWarning(const std::string& path)
{
    if (const auto fsName = networkFileSystem(path)) {
        return "warning: the history " + path + " is on a network file system (" + *fsName
            + "), where SQLite's locking is unreliable: do not use it from the workbench and kdw "
              "at the same time";
    }
    return {};
}

} // namespace kdw::store
