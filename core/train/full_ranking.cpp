// SPDX-License-Identifier: MIT
#include "core/train/full_ranking.h"

#include <algorithm>

#include "core/eval/metric_catalogue.h"
#include "core/eval/metrics.h"

namespace kdw::train {

namespace {

// The rank of the held-out item among the user's never-seen items, from the user's scores of the
// whole catalogue (`scores[i]` for item i).
long long rankAmongUnseen(const float* scores, std::int32_t numItems,
    const std::vector<std::int32_t>& seen, std::int32_t heldOut)
{
    const float positive = scores[heldOut];
    long long rank = 1;
    auto next = seen.begin(); // seen is sorted: walk it beside the items
    for (std::int32_t i = 0; i < numItems; ++i) {
        if (next != seen.end() && *next == i) {
            ++next;
            continue;
        }
        rank += scores[i] >= positive ? 1 : 0;
    }
    return rank;
}

} // namespace

std::vector<long long> fullRankingRanks(
    nn::Model<float>& model, const data::Split& split, const StopToken& stop, Index columnsPerBlock)
{
    const std::int32_t numItems = split.numItems;
    const std::size_t evaluated = split.evalUsers.size();
    const auto perBlock = static_cast<std::size_t>(
        std::max<Index>(1, columnsPerBlock / std::max<Index>(1, numItems)));
    std::vector<long long> ranks(evaluated);
    IdVec users;
    IdVec items;
    for (std::size_t first = 0; first < evaluated; first += perBlock) {
        throwIfStopped(stop);
        const std::size_t count = std::min(perBlock, evaluated - first);
        users.clear();
        items.clear();
        for (std::size_t e = first; e < first + count; ++e) {
            for (std::int32_t i = 0; i < numItems; ++i) {
                users.push_back(split.evalUsers[e]);
                items.push_back(i);
            }
        }
        const RowVec<float> scores = model.predict(users, items, static_cast<Index>(users.size()));
        for (std::size_t e = first; e < first + count; ++e) {
            const auto user = static_cast<std::size_t>(split.evalUsers[e]);
            const float* row = scores.data() + static_cast<Index>(e - first) * numItems;
            ranks[e] = rankAmongUnseen(row, numItems, split.seen[user], split.heldOut[e]);
        }
    }
    return ranks;
}

void addFullRankingMetrics(const std::vector<long long>& ranks, const std::vector<int>& cutoffs,
    std::map<std::string, double>& out)
{
    eval::RankingMeter meter;
    for (auto r : ranks) {
        meter.addRank(r);
    }
    for (auto k : cutoffs) {
        out[eval::metric::fullHitRate(k)] = meter.hitRate(k);
        out[eval::metric::fullNdcg(k)] = meter.ndcg(k);
        out[eval::metric::fullMrr(k)] = meter.mrr(k);
    }
}

} // namespace kdw::train
