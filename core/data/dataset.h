// SPDX-License-Identifier: MIT
// Implicit-feedback interactions with ids remapped to dense indices.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kdw::data {

struct Interaction {
    std::int32_t user = 0; // dense index in [0, numUsers)
    std::int32_t item = 0; // dense index in [0, numItems)
    float rating = 1.0f; // as read, rounded to float (toImplicit compares in float too)
    std::int64_t timestamp = 0; // seconds as read; with fractional times, their rank (order kept)
    std::int64_t order = 0; // position among the source's interactions (file order), from 0
};

struct Dataset {
    std::string name;
    std::int32_t numUsers = 0;
    std::int32_t numItems = 0;
    std::vector<Interaction> interactions;
    std::vector<std::string> userIds; // original id of each dense user index
    std::vector<std::string> itemIds; // original id of each dense item index
    bool hasTimestamps = false;
    bool hasRatings = false;
    // What the reader decided that a user should know ("ratings.csv line 1 taken as a header"),
    // one sentence each; not part of the fingerprint.
    std::vector<std::string> notes;

    // A stable 64-bit hash (hex) of the interactions and catalogue sizes: two runs with the same
    // fingerprint trained on the same data, in the same index order.
    [[nodiscard]] std::string fingerprint() const;
    // A stable hash of the item catalogue alone (ids in index order): a teacher is reusable for a
    // student only when both see the same catalogue.
    [[nodiscard]] std::string catalogueFingerprint() const;
};

// Keeps the interactions with rating >= threshold (threshold <= 0 keeps all: the NCF protocol),
// merges repeated (user, item) pairs into one positive with the latest timestamp, and drops users
// and items left with no interaction, re-indexing densely. A rating equal to the threshold is kept
// (both compared as float). Throws DataError if nothing is left, or if threshold > 0 and the data
// has no rating column.
Dataset toImplicit(const Dataset& raw, double threshold);

} // namespace kdw::data
