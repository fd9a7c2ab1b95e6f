// SPDX-License-Identifier: MIT
// The one field list of each config struct, and the key checks, readers and formatting they use.
#include "core/train/config_fields.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace kdw::train::fields {

std::string join(const std::string& path, const std::string& key)
{
    return path.empty() ? key : path + "." + key;
}

Context Context::child(const std::string& key) const
{
    return {join(path, key), join(schemaPath, key), options};
}

Context Context::element(const std::string& key, std::size_t index) const
{
    return {
        join(path, key) + "[" + std::to_string(index) + "]", join(schemaPath, key) + "[]", options};
}

void Context::fail(const std::string& key, const std::string& what) const
{
    throw ConfigError("config: '" + join(path, key) + "' " + what);
}

namespace {

// 1 for 1.0, 0.01 for 0.01, 1048576 for 2^20: the shortest honest spelling of a bound.
std::string number(double v)
{
    if (std::abs(v) < 1e15 && v == std::floor(v)) {
        return std::to_string(static_cast<long long>(v));
    }
    std::ostringstream out;
    out << v;
    return out.str();
}

std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j]
                = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

[[noreturn]] void refuseUnknown(
    const std::string& key, const std::vector<std::string>& known, const Context& c)
{
    const std::string* nearest = nullptr;
    std::size_t best = std::max<std::size_t>(2, key.size() / 2) + 1; // farther is no suggestion
    for (const auto& k : known) {
        // An abbreviation ("temp" for "temperature") is as near as a typo.
        const auto d = key.size() >= 3 && k.starts_with(key) ? 1 : editDistance(key, k);
        if (d < best) {
            best = d;
            nearest = &k;
        }
    }
    if (nearest != nullptr) {
        throw ConfigError(
            "config: '" + join(c.path, key) + "': unknown key; did you mean '" + *nearest + "'?");
    }
    std::string list;
    for (const auto& k : known) {
        list += (list.empty() ? "" : ", ") + k;
    }
    throw ConfigError(
        "config: '" + join(c.path, key) + "': unknown key (known here: " + list + ")");
}

// "a.b[].c" -> {"a.b[]", "c"}
std::pair<std::string, std::string> splitPath(const std::string& path)
{
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? std::pair {std::string(), path}
                                    : std::pair {path.substr(0, dot), path.substr(dot + 1)};
}

} // namespace

const json& checkKeys(
    const json& j, json& scratch, const std::vector<std::string>& known, const Context& c)
{
    const auto* table = c.options != nullptr && c.options->renames != nullptr ? c.options->renames
                                                                              : &keyRenames();
    const json* obj = &j;
    for (const auto& rename : *table) {
        const auto [oldParent, oldKey] = splitPath(rename.oldPath);
        const auto [newParent, newKey] = splitPath(rename.newPath);
        if (oldParent != c.schemaPath || newParent != c.schemaPath || !obj->contains(oldKey)) {
            continue;
        }
        if (obj == &j) {
            scratch = j;
            obj = &scratch;
        }
        if (scratch.contains(newKey)) {
            c.fail(oldKey,
                "and '" + join(c.path, newKey) + "' are both given ('" + oldKey
                    + "' is the old name of '" + newKey + "')");
        }
        scratch[newKey] = scratch[oldKey];
        scratch.erase(oldKey);
        if (c.options != nullptr && c.options->notice) {
            c.options->notice(
                "config key '" + join(c.path, oldKey) + "' is now '" + join(c.path, newKey) + "'");
        }
    }
    for (const auto& item : obj->items()) {
        if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
            refuseUnknown(item.key(), known, c);
        }
    }
    return *obj;
}

bool Range::contains(double v) const
{
    return (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
}

Range any()
{
    return {};
}

Range words(std::string text)
{
    Range r;
    r.words = std::move(text);
    return r;
}

Range between(double lo, double hi, std::string why)
{
    return {lo, hi, false, false, "between " + number(lo) + " and " + number(hi), std::move(why)};
}

Range interval(double lo, bool loOpen, double hi, bool hiOpen)
{
    return {lo, hi, loOpen, hiOpen,
        std::string("in ") + (loOpen ? "(" : "[") + number(lo) + ", " + number(hi)
            + (hiOpen ? ")" : "]"),
        {}};
}

Range atLeast(double lo)
{
    Range r;
    r.lo = lo;
    r.words = ">= " + number(lo);
    return r;
}

Range above(double lo)
{
    Range r;
    r.lo = lo;
    r.loOpen = true;
    r.words = "> " + number(lo);
    return r;
}

std::string readString(const json& v, const Context& c, const std::string& key)
{
    if (!v.is_string()) {
        c.fail(key, "must be a string");
    }
    return v.get<std::string>();
}

double readNumber(const json& v, const Context& c, const std::string& key)
{
    if (!v.is_number()) {
        c.fail(key, "must be a number");
    }
    return v.get<double>();
}

int readInt(const json& v, const Context& c, const std::string& key)
{
    const bool whole = v.is_number_integer()
        || (v.is_number() && v.get<double>() == std::floor(v.get<double>()));
    if (!whole) {
        c.fail(key, "must be an integer");
    }
    const bool fits = v.is_number_integer()
        ? v.get<long long>() >= -2147483647LL && v.get<long long>() <= 2147483647LL
        : std::abs(v.get<double>()) <= 2147483647.0;
    if (!fits || (v.is_number_unsigned() && v.get<std::uint64_t>() > 2147483647ULL)) {
        c.fail(key, "is out of range");
    }
    return v.is_number_integer() ? static_cast<int>(v.get<long long>())
                                 : static_cast<int>(v.get<double>());
}

std::uint64_t readUnsigned(const json& v, const Context& c, const std::string& key)
{
    if (v.is_number_unsigned()) {
        return v.get<std::uint64_t>();
    }
    if (v.is_number_integer() && v.get<long long>() >= 0) {
        return static_cast<std::uint64_t>(v.get<long long>());
    }
    // A whole number written as a float (1e6, 1e33): checked against the range before any
    // conversion (converting an out-of-range double is undefined behaviour).
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (d >= 0.0 && d == std::floor(d)) {
            if (d >= 18446744073709551616.0) {
                c.fail(key, "is out of range (0 to 18446744073709551615)");
            }
            return static_cast<std::uint64_t>(d);
        }
    }
    c.fail(key, "must be a non-negative integer");
}

bool readBool(const json& v, const Context& c, const std::string& key)
{
    if (!v.is_boolean()) {
        c.fail(key, "must be true or false");
    }
    return v.get<bool>();
}

std::vector<int> readIntList(const json& v, const Context& c, const std::string& key)
{
    if (!v.is_array()) {
        c.fail(key, "must be an array of integers");
    }
    std::vector<int> out;
    for (const auto& e : v) {
        if (!e.is_number_integer()) {
            c.fail(key, "must be an array of integers");
        }
        out.push_back(readInt(e, c, key));
    }
    return out;
}

std::string showDefault(const json& v)
{
    if (v.is_object()) {
        return {};
    }
    if (v.is_array() && !v.empty() && v.front().is_object()) {
        return std::to_string(v.size()) + (v.size() == 1 ? " entry" : " entries");
    }
    if (v.is_number_float()) {
        return number(v.get<double>());
    }
    return v.dump();
}

} // namespace kdw::train::fields
