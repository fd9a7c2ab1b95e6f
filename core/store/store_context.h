// SPDX-License-Identifier: MIT
// Internal to core/store: how a failure is reported (what the caller was doing, and a plainer word
// chosen by SQLite's result code), and the run-summary columns every run query reads.
#pragma once

#include <string>

#include "core/common/error.h"

namespace kdw::store {

class Statement;
struct RunSummary;

// What a user can do about a failure with SQLite's extended result code `code` on the history
// `path`: " (free some space: ...)" for a full disk, which of the file or its folder is read-only,
// and so on; empty when there is nothing to add.
std::string hintFor(int code, const std::string& path);

// Runs fn(); re-throws a StoreError with `path`, what the caller was doing and a hint in front,
// keeping its SQLite result code.
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
        throw StoreError(
            path + ": " + what + " failed: " + msg + hintFor(e.sqliteCode(), path), e.sqliteCode());
    }
}

// The columns readSummary reads, in its order (13 columns, 0..12).
inline constexpr const char* kSummaryColumns
    = "runs.id, runs.uuid, runs.name, runs.status, runs.method, runs.created_at, runs.started_at, "
      "runs.finished_at, runs.duration_s, runs.teacher_run, runs.message, runs.notes, "
      "runs.sweep_id";
inline constexpr int kSummaryColumnCount = 13;

// A RunSummary from a row whose first columns are kSummaryColumns (no tags or metrics yet).
RunSummary readSummary(const Statement& st);

} // namespace kdw::store
