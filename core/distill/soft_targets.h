// SPDX-License-Identifier: MIT
// The soft targets of one candidate list at a temperature, as the listwise and pointwise
// soft-target losses (losses.h) see them, for views that show them (the GUI's temperature
// explorer, reports). Logits are column vectors (candidates x 1); every quantity is in nats.
#pragma once

#include <cmath>

#include "core/common/stable_math.h"
#include "core/common/types.h"

namespace kdw::distill {

// log softmax(z / T), computed stably (the max subtracted before the exponentials). T > 0.
template <typename T> Vec<T> logSoftmaxWithTemperature(const Vec<T>& z, T temperature)
{
    const Vec<T> scaled = z / temperature;
    const T m = scaled.maxCoeff();
    const T lse = m + std::log((scaled.array() - m).exp().sum());
    return scaled.array() - lse;
}

// softmax(z / T) (Hinton et al. 2015, eq. 1): p_i = exp(z_i/T) / sum_j exp(z_j/T); sums to 1.
// T -> 0 puts all mass on the largest logit, T -> infinity tends to uniform. T > 0.
template <typename T> Vec<T> softmaxWithTemperature(const Vec<T>& z, T temperature)
{
    return logSoftmaxWithTemperature(z, temperature).array().exp();
}

// Shannon entropy H(p) = -sum_i p_i ln p_i in nats (divide by ln 2 for bits), 0 ln 0 = 0.
// Between 0 (one certain item) and ln n (uniform over n items).
template <typename T> T entropyNats(const Vec<T>& p)
{
    T h = T(0);
    for (Index i = 0; i < p.size(); ++i) {
        if (p[i] > T(0)) {
            h -= p[i] * std::log(p[i]);
        }
    }
    return h;
}

// KL(softmax(t/T) || softmax(s/T)) in nats for one list of teacher logits t and student logits s
// of the same length: the per-list term of softTargetListwise before its T^2 factor and its mean
// over lists (softTargetListwise(s, t, T).value = T^2 * this, for a single list). 0 log 0 = 0.
template <typename T> T listwiseKl(const Vec<T>& t, const Vec<T>& s, T temperature)
{
    const Vec<T> logQ = logSoftmaxWithTemperature(t, temperature);
    const Vec<T> logP = logSoftmaxWithTemperature(s, temperature);
    return (logQ.array().exp() * (logQ - logP).array()).sum();
}

// mean_i KL(Bern(sigma(t_i/T)) || Bern(sigma(s_i/T))) in nats over the candidates: the pointwise
// soft-target term of softTargetPointwise before its T^2 factor. Empty lists give 0.
template <typename T> T pointwiseKl(const Vec<T>& t, const Vec<T>& s, T temperature)
{
    if (t.size() == 0) {
        return T(0);
    }
    T sum = T(0);
    for (Index i = 0; i < t.size(); ++i) {
        sum += bernoulliKl(t[i] / temperature, s[i] / temperature);
    }
    return sum / static_cast<T>(t.size());
}

} // namespace kdw::distill
