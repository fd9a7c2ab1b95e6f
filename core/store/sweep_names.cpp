// SPDX-License-Identifier: MIT
#include "core/store/sweep_names.h"

namespace kdw::store {
namespace {

constexpr const char* kSeparator = " · ";

} // namespace

std::string sweepRunName(const std::string& sweep, const std::string& method, std::uint64_t seed)
{
    return sweep + kSeparator + method + kSeparator + "seed " + std::to_string(seed);
}

std::optional<std::string> sweepOfRunName(
    const std::string& name, const std::string& method, std::uint64_t seed)
{
    const std::string tail
        = std::string(kSeparator) + method + kSeparator + "seed " + std::to_string(seed);
    if (name.size() <= tail.size()
        || name.compare(name.size() - tail.size(), tail.size(), tail) != 0) {
        return std::nullopt;
    }
    return name.substr(0, name.size() - tail.size());
}

} // namespace kdw::store
