// SPDX-License-Identifier: MIT
// Numerically stable scalar helpers shared by the losses and the metrics.
#pragma once

#include <cmath>

namespace kdw {

// log sigma(z) = -softplus(-z), stable for any z.
template <typename T> T logSigmoid(T z)
{
    return z >= T(0) ? -std::log1p(std::exp(-z)) : z - std::log1p(std::exp(z));
}

template <typename T> T sigmoid(T z)
{
    return z >= T(0) ? T(1) / (T(1) + std::exp(-z)) : std::exp(z) / (T(1) + std::exp(z));
}

// KL(Bern(sigma(zt)) || Bern(sigma(zs))) for one pair of logits; 0 log 0 = 0 by construction.
template <typename T> T bernoulliKl(T zt, T zs)
{
    const T pt = sigmoid(zt);
    return pt * (logSigmoid(zt) - logSigmoid(zs))
        + (T(1) - pt) * (logSigmoid(-zt) - logSigmoid(-zs));
}

} // namespace kdw
