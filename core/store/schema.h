// SPDX-License-Identifier: MIT
// The history's schema: one migration per version, in order. Each runs inside the transaction that
// also sets PRAGMA user_version, and each is idempotent (IF NOT EXISTS, columns added only when
// missing, rows derived only where still missing).
#pragma once

#include <string>

namespace kdw::store {

class Database;

// The schema version this build writes (History::kSchemaVersion).
inline constexpr int kLatestSchema = 3;

// Applies, in order, every migration above `fromVersion` (0 for a new file) on `db`, in the
// caller's transaction. Throws StoreError from SQLite.
void applyMigrations(Database& db, int fromVersion);

// Whether `table` has `column`.
bool hasColumn(Database& db, const std::string& table, const std::string& column);

} // namespace kdw::store
