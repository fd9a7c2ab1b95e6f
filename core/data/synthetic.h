// SPDX-License-Identifier: MIT
// The bundled synthetic implicit-feedback dataset: users and items with hidden latent factors,
// each user interacting with the items whose factors best match theirs (plus noise and a
// popularity bias), so that a recommender has real structure to learn and a larger model can
// learn more of it than a small one.
#pragma once

#include <cstdint>

#include "core/common/progress.h"
#include "core/data/dataset.h"

namespace kdw::data {

struct SyntheticSpec {
    // Defaults: the shape of MovieLens 100K (943 users, 1,682 items, about 100,000 interactions).
    std::int32_t users = 943;
    std::int32_t items = 1682;
    int latentDim = 16; // rank of the hidden preference structure
    double density = 0.063; // mean fraction of the catalogue each user interacts with
    double noise = 0.6; // scale of the Gumbel noise on preferences (0 = deterministic taste)
    double popularity = 0.6; // scale of the per-item popularity bias
    std::uint64_t seed = 2026;
};

// Deterministic in spec.seed. Every user gets at least 3 interactions; timestamps order each
// user's interactions, so leave-one-out by time is meaningful.
// Throws Cancelled when `stop` is requested (checked for every user).
Dataset generateSynthetic(const SyntheticSpec& spec, const StopToken& stop = {});

} // namespace kdw::data
