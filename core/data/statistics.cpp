// SPDX-License-Identifier: MIT
#include "core/data/statistics.h"

#include <algorithm>

namespace kdw::data {

long long binEdgeBelow(long long n)
{
    long long edge = 1;
    while (binEdgeAbove(edge) <= n) {
        edge = binEdgeAbove(edge);
    }
    return edge;
}

long long binEdgeAbove(long long edge)
{
    // 1 -> 2 -> 5 -> 10 -> 20 -> 50 -> 100 ...: the leading digit of the edge decides the step.
    long long decade = 1;
    while (decade * 10 <= edge) {
        decade *= 10;
    }
    const long long lead = edge / decade;
    return lead == 1 ? 2 * decade : (lead == 2 ? 5 * decade : 10 * decade);
}

namespace {

// The histogram of the (sorted, positive) counts in 1-2-5 bins, every bin between the first and
// the last non-empty one included.
std::vector<CountBin> histogram(const std::vector<long long>& sorted)
{
    std::vector<CountBin> bins;
    if (sorted.empty()) {
        return bins;
    }
    long long lo = binEdgeBelow(sorted.front());
    auto at = sorted.begin();
    while (at != sorted.end()) {
        const long long next = binEdgeAbove(lo);
        const auto end = std::lower_bound(at, sorted.end(), next);
        bins.push_back({lo, next - 1, static_cast<long long>(end - at)});
        at = end;
        lo = next;
    }
    return bins;
}

} // namespace

DatasetStatistics computeStatistics(const Dataset& d)
{
    DatasetStatistics s;
    s.users = d.numUsers;
    s.items = d.numItems;
    s.interactions = static_cast<long long>(d.interactions.size());
    const double cells = static_cast<double>(d.numUsers) * static_cast<double>(d.numItems);
    s.density = cells > 0.0 ? static_cast<double>(s.interactions) / cells : 0.0;

    std::vector<long long> perUser(static_cast<std::size_t>(std::max(d.numUsers, 0)), 0);
    for (const auto& x : d.interactions) {
        if (x.user >= 0 && static_cast<std::size_t>(x.user) < perUser.size()) {
            ++perUser[static_cast<std::size_t>(x.user)];
        }
    }
    std::vector<long long> counts;
    counts.reserve(perUser.size());
    std::copy_if(perUser.begin(), perUser.end(), std::back_inserter(counts),
        [](long long n) { return n > 0; });
    if (counts.empty()) {
        return s;
    }
    std::sort(counts.begin(), counts.end());
    const auto n = counts.size();
    long long total = 0;
    for (const auto c : counts) {
        total += c;
    }
    s.minPerUser = counts.front();
    s.maxPerUser = counts.back();
    s.meanPerUser = static_cast<double>(total) / static_cast<double>(n);
    s.medianPerUser = n % 2 == 1 ? static_cast<double>(counts[n / 2])
                                 : 0.5 * static_cast<double>(counts[n / 2 - 1] + counts[n / 2]);
    s.singleInteractionUsers = std::upper_bound(counts.begin(), counts.end(), 1LL) - counts.begin();
    s.perUserHistogram = histogram(counts);
    return s;
}

} // namespace kdw::data
