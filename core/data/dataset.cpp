// SPDX-License-Identifier: MIT
#include "core/data/dataset.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/common/error.h"

namespace kdw::data {
namespace {

// FNV-1a, 64 bit: stable across platforms, enough to tell datasets apart.
class Fnv {
public:
    void add(const void* data, std::size_t n)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            m_h = (m_h ^ p[i]) * 0x100000001b3ULL;
        }
    }
    template <typename T> void add(const T& v) { add(&v, sizeof v); }
    void add(const std::string& s)
    {
        add(s.data(), s.size());
        add('\0');
    }
    [[nodiscard]] std::string hex() const
    {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(m_h));
        return buf;
    }

private:
    std::uint64_t m_h = 0xcbf29ce484222325ULL;
};

} // namespace

std::string Dataset::fingerprint() const
{
    Fnv h;
    h.add(numUsers);
    h.add(numItems);
    for (const auto& x : interactions) {
        h.add(x.user);
        h.add(x.item);
        h.add(x.rating);
        h.add(x.timestamp);
    }
    return h.hex();
}

std::string Dataset::catalogueFingerprint() const
{
    Fnv h;
    h.add(numItems);
    for (const auto& id : itemIds) {
        h.add(id);
    }
    return h.hex();
}

namespace {

// The interactions with rating >= threshold (all of them when threshold <= 0). Throws DataError
// when none is.
std::vector<Interaction> keepRated(const Dataset& raw, double threshold)
{
    // Ratings are stored as float: the threshold is rounded the same way, so that a rating
    // written as 9.9 is kept by a threshold of 9.9.
    const auto bar = static_cast<float>(threshold);
    std::vector<Interaction> kept;
    kept.reserve(raw.interactions.size());
    for (const auto& x : raw.interactions) {
        if (threshold <= 0.0 || x.rating >= bar) {
            kept.push_back(x);
        }
    }
    if (kept.empty()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", threshold);
        throw DataError(raw.name + ": no interaction has a rating >= " + buf);
    }
    return kept;
}

// Merges repeats: sorts by (user, item, timestamp) and keeps the last of each pair.
std::vector<Interaction> mergeRepeats(std::vector<Interaction> kept)
{
    std::stable_sort(kept.begin(), kept.end(), [](const Interaction& a, const Interaction& b) {
        if (a.user != b.user) {
            return a.user < b.user;
        }
        if (a.item != b.item) {
            return a.item < b.item;
        }
        return a.timestamp < b.timestamp;
    });
    std::vector<Interaction> merged;
    merged.reserve(kept.size());
    for (const auto& x : kept) {
        if (!merged.empty() && merged.back().user == x.user && merged.back().item == x.item) {
            merged.back() = x;
        } else {
            merged.push_back(x);
        }
    }
    return merged;
}

// New dense indices for the entries of `map` marked 0 (others stay -1), in their original order;
// the original id of each into `ids` (its index as text when `rawIds` has none). Returns how many.
std::int32_t renumber(std::vector<std::int32_t>& map, const std::vector<std::string>& rawIds,
    std::vector<std::string>& ids)
{
    std::int32_t count = 0;
    for (std::size_t k = 0; k < map.size(); ++k) {
        if (map[k] == 0) {
            map[k] = count++;
            ids.push_back(k < rawIds.size() ? rawIds[k] : std::to_string(k));
        }
    }
    return count;
}

} // namespace

Dataset toImplicit(const Dataset& raw, double threshold)
{
    if (threshold > 0.0 && !raw.hasRatings) {
        throw DataError("implicit_threshold needs a rating column; " + raw.name
            + " has none (set implicit_threshold to 0, or name the rating column in "
              "dataset.columns)");
    }
    const auto merged = mergeRepeats(keepRated(raw, threshold));
    const auto negative = threshold <= 0.0 && raw.hasRatings
        ? std::count_if(raw.interactions.begin(), raw.interactions.end(),
            [](const Interaction& x) { return x.rating < 0.0F; })
        : 0;
    // Re-index densely, keeping the original relative order of ids.
    std::vector<std::int32_t> userMap(static_cast<std::size_t>(raw.numUsers), -1);
    std::vector<std::int32_t> itemMap(static_cast<std::size_t>(raw.numItems), -1);
    for (const auto& x : merged) {
        userMap[static_cast<std::size_t>(x.user)] = 0;
        itemMap[static_cast<std::size_t>(x.item)] = 0;
    }
    Dataset out;
    out.name = raw.name;
    out.hasTimestamps = raw.hasTimestamps;
    out.hasRatings = raw.hasRatings;
    out.notes = raw.notes;
    if (negative > 0) {
        out.notes.push_back(raw.name + ": " + std::to_string(negative)
            + " interactions with a negative rating are kept as positives (implicit_threshold 0 "
              "keeps every interaction; set it above 0 to keep only ratings at or above it)");
    }
    out.numUsers = renumber(userMap, raw.userIds, out.userIds);
    out.numItems = renumber(itemMap, raw.itemIds, out.itemIds);
    out.interactions.reserve(merged.size());
    for (auto x : merged) {
        x.user = userMap[static_cast<std::size_t>(x.user)];
        x.item = itemMap[static_cast<std::size_t>(x.item)];
        out.interactions.push_back(x);
    }
    return out;
}

} // namespace kdw::data
