// SPDX-License-Identifier: MIT
#include "core/data/split.h"

#include <algorithm>
#include <array>
#include <numeric>

#include "core/common/enum_table.h"
#include "core/common/error.h"

namespace kdw::data {

namespace {

constexpr EnumTable kHoldoutTies {"holdout tie rule",
    std::array<EnumText<HoldoutTies>, 2> {
        {{HoldoutTies::Random, "random"}, {HoldoutTies::LastInFile, "last"}}}};
constexpr EnumTable kNegativeSampling {"negative sampling",
    std::array<EnumText<NegativeSampling>, 2> {
        {{NegativeSampling::Unseen, "unseen"}, {NegativeSampling::Uniform, "uniform"}}}};

} // namespace

HoldoutTies parseHoldoutTies(const std::string& name)
{
    return kHoldoutTies.parse(name);
}

std::string toString(HoldoutTies t)
{
    return std::string(kHoldoutTies.text(t));
}

NegativeSampling parseNegativeSampling(const std::string& name)
{
    return kNegativeSampling.parse(name);
}

std::string toString(NegativeSampling s)
{
    return std::string(kNegativeSampling.text(s));
}

bool Split::hasSeen(std::int32_t user, std::int32_t item) const
{
    const auto& s = seen[static_cast<std::size_t>(user)];
    return std::binary_search(s.begin(), s.end(), item);
}

namespace {

void checkSplitInput(const Dataset& data, const SplitSpec& spec)
{
    if (data.interactions.empty()) {
        throw DataError(data.name + ": no interactions to split");
    }
    if (spec.evalNegatives < 1 || spec.validationNegatives < 0
        || spec.validationNegatives > spec.evalNegatives) {
        throw DataError(
            "split: eval negatives must be >= 1 and validation negatives in [0, eval negatives]");
    }
}

// The rows of `data.interactions` of each user, in file order.
std::vector<std::vector<std::size_t>> rowsByUser(const Dataset& data)
{
    std::vector<std::vector<std::size_t>> byUser(static_cast<std::size_t>(data.numUsers));
    for (std::size_t k = 0; k < data.interactions.size(); ++k) {
        byUser[static_cast<std::size_t>(data.interactions[k].user)].push_back(k);
    }
    return byUser;
}

// The distinct items of the rows, sorted.
std::vector<std::int32_t> seenItems(const Dataset& data, const std::vector<std::size_t>& rows)
{
    std::vector<std::int32_t> seen;
    seen.reserve(rows.size());
    for (auto k : rows) {
        seen.push_back(data.interactions[k].item);
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    return seen;
}

// The held-out interaction (an index into `rows`): the latest one; among equally late ones the
// last in file order (HoldoutTies::LastInFile) or one chosen at random; with no timestamps at
// all, one chosen at random.
std::size_t pickHeldOut(
    const Dataset& data, const std::vector<std::size_t>& rows, HoldoutTies ties, Rng& rng)
{
    if (!data.hasTimestamps) {
        return rng.below(static_cast<std::uint32_t>(rows.size()));
    }
    std::int64_t latest = data.interactions[rows[0]].timestamp;
    for (auto k : rows) {
        latest = std::max(latest, data.interactions[k].timestamp);
    }
    std::vector<std::size_t> candidates;
    for (std::size_t j = 0; j < rows.size(); ++j) {
        if (data.interactions[rows[j]].timestamp == latest) {
            candidates.push_back(j);
        }
    }
    if (ties == HoldoutTies::LastInFile) {
        return *std::max_element(
            candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
                return data.interactions[rows[a]].order < data.interactions[rows[b]].order;
            });
    }
    return candidates[candidates.size() == 1
            ? 0
            : rng.below(static_cast<std::uint32_t>(candidates.size()))];
}

// User u's rows into the split: all to training, or all but the held-out one.
void splitUser(const Dataset& data, std::size_t u, const std::vector<std::size_t>& rows,
    HoldoutTies ties, Rng& rng, Split& s)
{
    s.seen[u] = seenItems(data, rows);
    const bool sawEverything = s.seen[u].size() >= static_cast<std::size_t>(data.numItems);
    s.usersWithoutNegatives += rows.size() >= 2 && sawEverything ? 1 : 0;
    if (rows.size() < 2 || sawEverything) {
        for (auto k : rows) {
            s.train.push_back(data.interactions[k]);
        }
        return;
    }
    const std::size_t pick = pickHeldOut(data, rows, ties, rng);
    for (std::size_t j = 0; j < rows.size(); ++j) {
        if (j != pick) {
            s.train.push_back(data.interactions[rows[j]]);
        }
    }
    s.evalUsers.push_back(static_cast<std::int32_t>(u));
    s.heldOut.push_back(data.interactions[rows[pick]].item);
}

// `want` distinct items outside `seen` (sorted), drawn from `rng`: shuffled from the whole pool
// when it is small, else by rejection.
IdVec sampleNegatives(
    const std::vector<std::int32_t>& seen, std::int32_t numItems, std::size_t want, Rng& rng)
{
    const auto unseen = static_cast<std::size_t>(numItems) - seen.size();
    IdVec negs;
    if (want * 3 > unseen) {
        std::vector<std::int32_t> pool;
        for (std::int32_t i = 0; i < numItems; ++i) {
            if (!std::binary_search(seen.begin(), seen.end(), i)) {
                pool.push_back(i);
            }
        }
        rng.shuffle(pool);
        negs.assign(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(want));
        return negs;
    }
    while (negs.size() < want) {
        const auto i = static_cast<std::int32_t>(rng.below(static_cast<std::uint32_t>(numItems)));
        if (std::binary_search(seen.begin(), seen.end(), i)
            || std::find(negs.begin(), negs.end(), i) != negs.end()) {
            continue;
        }
        negs.push_back(i);
    }
    return negs;
}

// Evaluation negatives: distinct items the user never interacted with, fixed by the seed.
// A user who has seen almost the whole catalogue gets as many as there are. The validation pairs:
// each held-out positive and the first validationNegatives of its negatives.
void sampleEvaluation(const Dataset& data, const SplitSpec& spec, Rng& rng, Split& s)
{
    s.evalNegatives.resize(s.evalUsers.size());
    for (std::size_t e = 0; e < s.evalUsers.size(); ++e) {
        const auto u = static_cast<std::size_t>(s.evalUsers[e]);
        const auto unseen = static_cast<std::size_t>(data.numItems) - s.seen[u].size();
        const auto want
            = std::min<std::size_t>(static_cast<std::size_t>(spec.evalNegatives), unseen);
        s.evalNegatives[e] = sampleNegatives(s.seen[u], data.numItems, want, rng);
        const auto& negs = s.evalNegatives[e];
        s.validation.users.push_back(static_cast<std::int32_t>(u));
        s.validation.items.push_back(s.heldOut[e]);
        s.validation.labels.push_back(1.0f);
        const auto nv = std::min<std::size_t>(
            static_cast<std::size_t>(spec.validationNegatives), negs.size());
        for (std::size_t j = 0; j < nv; ++j) {
            s.validation.users.push_back(static_cast<std::int32_t>(u));
            s.validation.items.push_back(negs[j]);
            s.validation.labels.push_back(0.0f);
        }
    }
}

// Throws DataError, saying why, when the split evaluates no user.
void checkSomeoneEvaluated(const Dataset& data, const Split& s)
{
    if (s.evalUsers.empty() && data.numUsers == 1) {
        throw DataError(data.name
            + ": one user only: every item is one of theirs, so no negatives can be sampled "
              "and the ranking evaluation is meaningless");
    }
    if (s.evalUsers.empty() && s.usersWithoutNegatives > 0) {
        throw DataError(data.name
            + ": no user has an item left to sample as a negative: every user with two or "
              "more interactions has seen all "
            + std::to_string(data.numItems) + " items");
    }
    if (s.evalUsers.empty()) {
        throw DataError(data.name
            + ": no user has two or more interactions, so nothing can be held out for evaluation");
    }
}

} // namespace

Split leaveOneOut(const Dataset& data, const SplitSpec& spec)
{
    checkSplitInput(data, spec);
    Rng rng(spec.seed ^ 0x5eed5917ULL);
    Split s;
    s.requestedNegatives = spec.evalNegatives;
    s.numUsers = data.numUsers;
    s.numItems = data.numItems;
    const auto byUser = rowsByUser(data);
    s.seen.resize(byUser.size());
    s.train.reserve(data.interactions.size());
    for (std::size_t u = 0; u < byUser.size(); ++u) {
        splitUser(data, u, byUser[u], spec.ties, rng, s);
    }
    sampleEvaluation(data, spec, rng, s);
    checkSomeoneEvaluated(data, s);
    return s;
}

std::vector<std::string> evaluationWarnings(const Split& split, const std::vector<int>& ks)
{
    std::vector<std::string> out;
    const auto evaluated = split.evalUsers.size();
    std::size_t shortLists = 0;
    for (const auto& negs : split.evalNegatives) {
        shortLists += negs.size() < static_cast<std::size_t>(split.requestedNegatives) ? 1 : 0;
    }
    std::string trivial; // cut-offs at or above a user's number of candidates
    bool onlyShort = true;
    for (const int k : ks) {
        std::size_t n = 0;
        for (const auto& negs : split.evalNegatives) {
            const bool hit
                = negs.size() + 1 <= static_cast<std::size_t>(k); // held-out item + negatives
            n += hit ? 1 : 0;
            onlyShort = onlyShort
                && (!hit || negs.size() < static_cast<std::size_t>(split.requestedNegatives));
        }
        if (n > 0) {
            trivial += (trivial.empty() ? "HR@" : ", HR@") + std::to_string(k)
                + " is 1 by construction for " + std::to_string(n);
        }
    }
    if (shortLists > 0) {
        std::string s = std::to_string(shortLists) + " of " + std::to_string(evaluated)
            + " evaluated users had fewer than " + std::to_string(split.requestedNegatives)
            + " negatives";
        if (!trivial.empty()) {
            s += "; " + trivial + (onlyShort ? " of them" : " of the " + std::to_string(evaluated));
        }
        out.push_back(s);
    } else if (!trivial.empty()) {
        out.push_back(trivial + " of " + std::to_string(evaluated)
            + " evaluated users (a cut-off at or above "
              "their number of candidates)");
    }
    if (split.usersWithoutNegatives > 0) {
        out.push_back(std::to_string(split.usersWithoutNegatives)
            + " users have seen every item and are not evaluated (no negative to rank against)");
    }
    return out;
}

Split trainingOnly(const Dataset& data)
{
    Split s;
    s.numUsers = data.numUsers;
    s.numItems = data.numItems;
    s.train = data.interactions;
    s.seen.resize(static_cast<std::size_t>(data.numUsers));
    for (const auto& x : data.interactions) {
        s.seen[static_cast<std::size_t>(x.user)].push_back(x.item);
    }
    for (auto& items : s.seen) {
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
    }
    return s;
}

namespace {

Pairs sampleOrdered(const Split& split, int negatives, Rng& rng, bool wholeGroupsOnly,
    NegativeSampling sampling = NegativeSampling::Unseen)
{
    const bool anyItem = sampling == NegativeSampling::Uniform;
    const std::size_t n = split.train.size() * static_cast<std::size_t>(1 + negatives);
    Pairs ordered;
    ordered.users.reserve(n);
    ordered.items.reserve(n);
    ordered.labels.reserve(n);
    const auto numItems = static_cast<std::uint32_t>(split.numItems);
    for (const auto& x : split.train) {
        const auto& seen = split.seen[static_cast<std::size_t>(x.user)];
        const bool canSample = seen.size() < numItems;
        if (!canSample && wholeGroupsOnly && negatives > 0) {
            continue;
        }
        ordered.users.push_back(x.user);
        ordered.items.push_back(x.item);
        ordered.labels.push_back(1.0f);
        for (int k = 0; k < negatives && canSample; ++k) {
            std::int32_t item = 0;
            do {
                item = static_cast<std::int32_t>(rng.below(numItems));
            } while (!anyItem && std::binary_search(seen.begin(), seen.end(), item));
            ordered.users.push_back(x.user);
            ordered.items.push_back(item);
            ordered.labels.push_back(0.0f);
        }
    }
    return ordered;
}

// out[k] = in[perm[k] * group + j] for each group of `group` consecutive pairs.
Pairs permuteGroups(const Pairs& in, const std::vector<std::uint32_t>& perm, std::size_t group)
{
    Pairs out;
    out.users.resize(perm.size() * group);
    out.items.resize(out.users.size());
    out.labels.resize(out.users.size());
    for (std::size_t k = 0; k < perm.size(); ++k) {
        for (std::size_t j = 0; j < group; ++j) {
            const std::size_t from = perm[k] * group + j;
            out.users[k * group + j] = in.users[from];
            out.items[k * group + j] = in.items[from];
            out.labels[k * group + j] = in.labels[from];
        }
    }
    return out;
}

} // namespace

Pairs sampleEpoch(const Split& split, int negatives, Rng& rng, NegativeSampling sampling)
{
    const Pairs ordered = sampleOrdered(split, negatives, rng, false, sampling);
    std::vector<std::uint32_t> perm(ordered.size());
    std::iota(perm.begin(), perm.end(), 0U);
    rng.shuffle(perm);
    return permuteGroups(ordered, perm, 1);
}

Pairs sampleEpochGrouped(const Split& split, int negatives, Rng& rng)
{
    const Pairs ordered = sampleOrdered(split, negatives, rng, true);
    const auto group = static_cast<std::size_t>(1 + negatives);
    std::vector<std::uint32_t> perm(ordered.size() / group);
    std::iota(perm.begin(), perm.end(), 0U);
    rng.shuffle(perm);
    return permuteGroups(ordered, perm, group);
}

} // namespace kdw::data
