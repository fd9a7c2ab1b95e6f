// SPDX-License-Identifier: MIT
// Descriptive statistics of a dataset, as the GUI's dataset panel and kdw show them: its size,
// its density and how interactions spread over users.
#pragma once

#include <cstdint>
#include <vector>

#include "core/data/dataset.h"

namespace kdw::data {

// One bin of a histogram of counts: the users with between `lo` and `hi` interactions, both
// inclusive.
struct CountBin {
    long long lo = 0;
    long long hi = 0;
    long long users = 0;
};

struct DatasetStatistics {
    std::int32_t users = 0; // numUsers: every dense user index, with or without interactions
    std::int32_t items = 0; // numItems
    long long interactions = 0; // rows of the dataset (after toImplicit: distinct pairs)
    // interactions / (users * items), in [0, 1] when the pairs are distinct; 0 for an empty grid.
    double density = 0.0;
    // Interactions per user over the users with at least one: least, most, mean and median (the
    // mean of the two middle values for an even count); all 0 when no user has one.
    long long minPerUser = 0;
    long long maxPerUser = 0;
    double meanPerUser = 0.0;
    double medianPerUser = 0.0;
    long long singleInteractionUsers = 0; // users with exactly one: never evaluated (split.h)
    // Users by their number of interactions, in bins whose lower edges follow 1, 2, 5, 10, 20,
    // 50, ... (so [1,1], [2,4], [5,9], [10,19], ...), from the bin of the least to the bin of the
    // most; empty when no user has an interaction.
    std::vector<CountBin> perUserHistogram;
};

// The lower edge of the 1-2-5 bin that holds count n >= 1 (1, 2, 5, 10, 20, 50, ...), and the
// next edge above it.
long long binEdgeBelow(long long n);
long long binEdgeAbove(long long edge);

// The statistics of `d`. Never throws; O(interactions + users log users).
DatasetStatistics computeStatistics(const Dataset& d);

} // namespace kdw::data
