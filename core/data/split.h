// SPDX-License-Identifier: MIT
// The NCF evaluation protocol: leave-one-out by time, sampled negatives, and the training sampler.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/random.h"
#include "core/common/types.h"
#include "core/data/dataset.h"
#include "core/data/protocol.h"

namespace kdw::data {

struct SplitSpec {
    int evalNegatives = 99; // never-seen items ranked against each held-out positive
    int validationNegatives = 4; // of those, how many join the pointwise validation set per user
    std::uint64_t seed = 0;
    HoldoutTies ties = HoldoutTies::Random;
};

// Labelled (user, item) pairs, columns of a batch.
struct Pairs {
    IdVec users;
    IdVec items;
    std::vector<float> labels;
    [[nodiscard]] std::size_t size() const { return users.size(); }
};

// Leave-one-out split of implicit interactions.
//
// Policy for users with a single interaction: they stay in training and are not evaluated
// (holding their one item out would leave nothing to learn them from). Nor are users who have seen
// every item: no negative exists to rank their held-out item against. The latest interaction of
// every other user is held out; ties in time, or a dataset without timestamps, are broken by the
// seed.
struct Split {
    std::int32_t numUsers = 0;
    std::int32_t numItems = 0;
    std::vector<Interaction> train; // positives to learn from
    std::vector<std::vector<std::int32_t>>
        seen; // per user, every item of theirs (sorted), held-out included
    IdVec evalUsers; // users with a held-out item
    IdVec heldOut; // their held-out item, aligned with evalUsers
    std::vector<IdVec> evalNegatives; // their sampled never-seen items, aligned with evalUsers
    Pairs validation; // held-out positives + validationNegatives each
    int requestedNegatives = 0; // the spec's evalNegatives
    std::int32_t usersWithoutNegatives
        = 0; // users with 2+ interactions not evaluated: they saw every item

    [[nodiscard]] bool hasSeen(std::int32_t user, std::int32_t item) const;
};

// Throws DataError when no user can be evaluated: too few interactions, a single user (whose items
// are the whole catalogue), or every user having seen every item.
Split leaveOneOut(const Dataset& data, const SplitSpec& spec);

// Sentences about evaluations the split makes partly meaningless, for the run's message (empty
// when there are none): users ranked against fewer than the requested negatives, cut-offs `ks`
// at or above a user's number of candidates (HR@K is then 1 by construction), users left out.
std::vector<std::string> evaluationWarnings(const Split& split, const std::vector<int>& ks);

// Every interaction for training, nothing held out (the speed benchmark's workload).
Split trainingOnly(const Dataset& data);

// Draws the examples of one training epoch: every training positive plus `negatives` items
// sampled uniformly (among the user's never-seen items, or, with NegativeSampling::Uniform, the
// whole catalogue), in a shuffled order.
Pairs sampleEpoch(const Split& split, int negatives, Rng& rng,
    NegativeSampling sampling = NegativeSampling::Unseen);

// The same, but each positive stays followed by its own negatives (groups of 1 + negatives, the
// groups shuffled): the candidate lists of listwise distillation. Positives of a user who has seen
// every item are left out, so that every group is whole.
Pairs sampleEpochGrouped(const Split& split, int negatives, Rng& rng);

} // namespace kdw::data
