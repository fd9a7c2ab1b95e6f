// SPDX-License-Identifier: MIT
// Internal to core/store: the parts of importing a run export that a merge uses inside its own
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kdw::store {

class Database;

// The id of the run of `db` with that uuid, if any.
std::optional<std::int64_t> runByUuid(Database& db, const std::string& uuid);

// Adds the exported run `json` (History::exportRunJson's format) to `db` inside the caller's
// transaction and returns its id; a run whose uuid is already there is not duplicated (its id is
// returned). Throws StoreError naming what is wrong with a malformed document.
std::int64_t importRunDocument(Database& db, const std::string& json);

} // namespace kdw::store
