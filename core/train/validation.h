// SPDX-License-Identifier: MIT
// What the trainer measures of a model after each epoch (DISTILLATION.md, "Metrics"), and what it
// precomputes of the frozen teacher for the student phase (its validation logits, its top-K
// lists for ranking distillation).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/types.h"
#include "core/data/split.h"
#include "core/nn/model.h"

namespace kdw::train {

// The leave-one-out ranking pairs of a split: per evaluated user its held-out item, then its
// negatives, flattened; user e's pairs are [offsets[e], offsets[e + 1]).
struct RankingPairs {
    IdVec users;
    IdVec items;
    std::vector<std::size_t> offsets; // evalUsers.size() + 1

    explicit RankingPairs(const data::Split& split);
};

// The validation metrics of one epoch, by the metric catalogue's names: val_loss, accuracy,
// precision, recall, f1 and auc on the labelled validation pairs; hr@K and ndcg@K for every K of
// `cutoffs`; and, when `teacherValidation` is given (1 x validation pairs, the teacher's logits),
// kl at T = 1 and kl_T at `temperature`. Overwrites the model's forward caches.
std::map<std::string, double> validationMetrics(nn::Model<float>& model, const data::Split& split,
    const RankingPairs& ranking, const std::vector<int>& cutoffs,
    const RowVec<float>* teacherValidation, double temperature);

// Per user, the teacher's top-K items among those the user never interacted with (fewer when
// fewer are left), best first; ties go to the smaller item id. Scores the whole catalogue for
// every user. Throws Cancelled when `stop` is requested.
std::vector<IdVec> teacherTopK(
    nn::Model<float>& teacher, const data::Split& split, int topK, const StopToken& stop);

} // namespace kdw::train
