// SPDX-License-Identifier: MIT
// Full-ranking evaluation: each evaluated user's held-out item ranked against every item the user
// never interacted with, not against a sample of them. Sampled metrics can reorder models that
// full ranking orders the other way (Krichene and Rendle, "On Sampled Metrics for Item
// Recommendation", KDD 2020), so experiments report both (eval.protocol = full).
#pragma once

#include <vector>

#include "core/common/progress.h"
#include "core/common/types.h"
#include "core/data/split.h"
#include "core/nn/model.h"

namespace kdw::train {

// Per evaluated user (aligned with split.evalUsers), the held-out item's rank among the user's
// candidates: rank = 1 + #{ i never seen by the user : score(i) >= score(held-out) } (ties count
// against the model, as in the sampled protocol). Scores the whole catalogue for a block of users
// at a time, one forward pass (one GEMM per layer) per block of about `columnsPerBlock`
// (user, item) pairs. Throws Cancelled when `stop` is requested between blocks.
std::vector<long long> fullRankingRanks(nn::Model<float>& model, const data::Split& split,
    const StopToken& stop, Index columnsPerBlock = 32768);

// HR@K, NDCG@K and MRR@K of those ranks under the catalogue's full-ranking names
// (full_hr@K, full_ndcg@K, full_mrr@K), for every K of `cutoffs`, into `out`.
void addFullRankingMetrics(const std::vector<long long>& ranks, const std::vector<int>& cutoffs,
    std::map<std::string, double>& out);

} // namespace kdw::train
