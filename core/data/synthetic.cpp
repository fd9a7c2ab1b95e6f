// SPDX-License-Identifier: MIT
#include "core/data/synthetic.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/common/error.h"
#include "core/common/random.h"

namespace kdw::data {

Dataset generateSynthetic(const SyntheticSpec& spec, const StopToken& stop)
{
    if (spec.users < 2 || spec.items < 10) {
        throw DataError("synthetic dataset: needs at least 2 users and 10 items");
    }
    if (!(spec.density > 0.0 && spec.density < 0.5)) {
        throw DataError("synthetic dataset: density must be in (0, 0.5)");
    }
    if (spec.latentDim < 1) {
        throw DataError("synthetic dataset: latent_dim must be at least 1");
    }
    Rng rng(spec.seed);
    const auto k = static_cast<std::size_t>(spec.latentDim);
    const auto nu = static_cast<std::size_t>(spec.users);
    const auto ni = static_cast<std::size_t>(spec.items);
    std::vector<double> userF(nu * k);
    std::vector<double> itemF(ni * k);
    std::vector<double> pop(ni);
    for (auto& v : userF) {
        v = rng.normal();
    }
    for (auto& v : itemF) {
        v = rng.normal();
    }
    for (auto& v : pop) {
        v = spec.popularity * rng.normal();
    }
    const double scale = 1.0 / std::sqrt(static_cast<double>(k));

    Dataset d;
    d.name = "synthetic";
    d.numUsers = spec.users;
    d.numItems = spec.items;
    d.hasTimestamps = true;
    d.hasRatings = false;
    for (std::int32_t u = 0; u < spec.users; ++u) {
        d.userIds.push_back("u" + std::to_string(u + 1));
    }
    for (std::int32_t i = 0; i < spec.items; ++i) {
        d.itemIds.push_back("i" + std::to_string(i + 1));
    }

    std::vector<double> score(ni);
    std::vector<std::int32_t> order(ni);
    std::int64_t clock = 1'000'000'000;
    for (std::size_t u = 0; u < nu; ++u) {
        throwIfStopped(stop);
        // Activity varies per user (log-normal around the mean density), at least 3 items.
        const double activity
            = spec.density * static_cast<double>(ni) * std::exp(0.5 * rng.normal() - 0.125);
        const auto count
            = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(activity)), 3, ni / 2);
        for (std::size_t i = 0; i < ni; ++i) {
            double dot = 0.0;
            for (std::size_t f = 0; f < k; ++f) {
                dot += userF[u * k + f] * itemF[i * k + f];
            }
            // Gumbel-top-k: the top `count` of (utility + Gumbel noise) is a sample without
            // replacement from softmax(utility / noise).
            const double g = -std::log(-std::log(std::max(rng.uniform(), 1e-300)));
            score[i] = 2.0 * dot * scale + pop[i] + spec.noise * g;
        }
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
            order.end(), [&](std::int32_t a, std::int32_t b) {
                return score[static_cast<std::size_t>(a)] > score[static_cast<std::size_t>(b)];
            });
        // The order in which a user meets items is random: shuffle the chosen ones in time.
        std::vector<std::int32_t> chosen(
            order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count));
        rng.shuffle(chosen);
        for (auto item : chosen) {
            clock += 1 + static_cast<std::int64_t>(rng.below(600));
            const auto position = static_cast<std::int64_t>(d.interactions.size());
            d.interactions.push_back(
                Interaction {static_cast<std::int32_t>(u), item, 1.0f, clock, position});
        }
    }
    return d;
}

} // namespace kdw::data
