// SPDX-License-Identifier: MIT
// How a sweep names its runs: "<sweep> · <method> · seed <s>". Names are for people; membership is
// runs.sweep_id. Histories before schema 3 knew sweeps by these names only, so the migration that
// adopts them reads names back with sweepOfRunName.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kdw::store {

// "<sweep> · <method> · seed <seed>".
std::string sweepRunName(const std::string& sweep, const std::string& method, std::uint64_t seed);

// The sweep of a run named by sweepRunName, when `name` has that form with exactly this `method`
// and `seed` (the run's own) and a non-empty sweep name; std::nullopt otherwise.
std::optional<std::string> sweepOfRunName(
    const std::string& name, const std::string& method, std::uint64_t seed);

} // namespace kdw::store
