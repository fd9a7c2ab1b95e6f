// SPDX-License-Identifier: MIT
// The logit-level losses of DISTILLATION.md, each returning its value and its gradient with respect
// to the student's input. Logits are row vectors (1 x B); every loss is a mean over the batch.
// Everything is computed from logits (log-sigmoid, log-softmax), never from probabilities.
#pragma once

#include <cmath>
#include <vector>

#include "core/common/stable_math.h"
#include "core/common/types.h"

namespace kdw::distill {

template <typename T> struct LossGrad {
    T value = T(0);
    RowVec<T> grad; // dLoss/d(input), same shape as the input
};

template <typename T> struct MatLossGrad {
    T value = T(0);
    Mat<T> grad;
};

// hard = BCE(y, sigma(s)) = mean softplus(s) - y s;  d/ds = (sigma(s) - y) / B.
template <typename T, typename Labels>
LossGrad<T> binaryCrossEntropy(const RowVec<T>& s, const Labels& y)
{
    const auto n = s.size();
    LossGrad<T> out;
    out.grad.resize(n);
    T sum = T(0);
    for (Index k = 0; k < n; ++k) {
        const T yk = static_cast<T>(y[k]);
        sum += -(yk * logSigmoid(s[k]) + (T(1) - yk) * logSigmoid(-s[k]));
        out.grad[k] = (sigmoid(s[k]) - yk) / static_cast<T>(n);
    }
    out.value = sum / static_cast<T>(n);
    return out;
}

template <typename T> struct SoftTargetResult {
    T hard = T(0);
    T soft = T(0); // T^2 * mean KL at temperature T
    T loss = T(0); // (1 - alpha) hard + alpha soft
    RowVec<T> grad;
};

// Hinton et al. 2015 on a one-logit output:
//   (1 - alpha) BCE(y, s) + alpha T^2 mean KL(Bern(sigma(t/T)) || Bern(sigma(s/T)))
//   d soft / d s = T (sigma(s/T) - sigma(t/T)) / B
template <typename T, typename Labels>
SoftTargetResult<T> softTargetPointwise(
    const RowVec<T>& s, const RowVec<T>& t, const Labels& y, T temperature, T alpha)
{
    const auto n = s.size();
    auto hard = binaryCrossEntropy(s, y);
    SoftTargetResult<T> out;
    out.hard = hard.value;
    out.grad.resize(n);
    T kl = T(0);
    for (Index k = 0; k < n; ++k) {
        const T zs = s[k] / temperature;
        const T zt = t[k] / temperature;
        kl += bernoulliKl(zt, zs);
        const T dsoft = temperature * (sigmoid(zs) - sigmoid(zt)) / static_cast<T>(n);
        out.grad[k] = (T(1) - alpha) * hard.grad[k] + alpha * dsoft;
    }
    out.soft = temperature * temperature * kl / static_cast<T>(n);
    out.loss = (T(1) - alpha) * out.hard + alpha * out.soft;
    return out;
}

// Listwise soft targets over candidate lists, one list per column (candidates x lists):
//   T^2 mean_lists KL(softmax(t/T) || softmax(s/T));  d/ds = T (softmax(s/T) - softmax(t/T)) /
//   lists
template <typename T>
MatLossGrad<T> softTargetListwise(const Mat<T>& s, const Mat<T>& t, T temperature)
{
    MatLossGrad<T> out;
    out.grad.resize(s.rows(), s.cols());
    T total = T(0);
    const auto lists = static_cast<T>(s.cols());
    for (Index c = 0; c < s.cols(); ++c) {
        const Vec<T> zs = s.col(c) / temperature;
        const Vec<T> zt = t.col(c) / temperature;
        const T ms = zs.maxCoeff();
        const T mt = zt.maxCoeff();
        const T lse_s = ms + std::log((zs.array() - ms).exp().sum());
        const T lse_t = mt + std::log((zt.array() - mt).exp().sum());
        const Vec<T> logPs = zs.array() - lse_s;
        const Vec<T> logQt = zt.array() - lse_t;
        const Vec<T> qt = logQt.array().exp();
        total += (qt.array() * (logQt - logPs).array()).sum();
        out.grad.col(c) = temperature * (logPs.array().exp() - qt.array()) / lists;
    }
    out.value = temperature * temperature * total / lists;
    return out;
}

// Mean over all elements of (a - b)^2, and its gradient 2 (a - b) / n with respect to a.
template <typename M, typename T = typename M::Scalar>
void meanSquaredError(const M& a, const M& b, T& value, M& grad)
{
    grad = a - b;
    const auto n = static_cast<T>(grad.size());
    value = grad.squaredNorm() / n;
    grad *= T(2) / n;
}

// Ba & Caruana 2014: mean (s - t)^2;  d/ds = 2 (s - t) / B.
template <typename T> LossGrad<T> logitMatching(const RowVec<T>& s, const RowVec<T>& t)
{
    LossGrad<T> out;
    meanSquaredError(s, t, out.value, out.grad);
    return out;
}

// FitNets hint: mean over all elements of (regressed - target)^2, where regressed = W h_s + b is
// the output of the hint regressor (a dense identity layer learned with the student).
//   d/d regressed = 2 (regressed - target) / (rows * cols)
template <typename T> MatLossGrad<T> hintMse(const Mat<T>& regressed, const Mat<T>& target)
{
    MatLossGrad<T> out;
    meanSquaredError(regressed, target, out.value, out.grad);
    return out;
}

// Position weights of ranking distillation (Tang & Wang 2018): w_r = exp(-r/lambda) / sum, r
// = 1..K.
template <typename T> Vec<T> rankingWeights(Index k, T lambda)
{
    Vec<T> w(k);
    for (Index r = 0; r < k; ++r) {
        w[r] = std::exp(-static_cast<T>(r + 1) / lambda);
    }
    return w / w.sum();
}

// Ranking distillation: the student's scores of each user's teacher top-K unobserved items, one
// user per column (K x users):  -mean_users sum_r w_r log sigma(s_ru);
//   d/ds_ru = -w_r (1 - sigma(s_ru)) / users
template <typename T>
MatLossGrad<T> rankingDistillation(const Mat<T>& scores, const Vec<T>& weights)
{
    MatLossGrad<T> out;
    out.grad.resize(scores.rows(), scores.cols());
    const auto users = static_cast<T>(scores.cols());
    T total = T(0);
    for (Index c = 0; c < scores.cols(); ++c) {
        for (Index r = 0; r < scores.rows(); ++r) {
            const T z = scores(r, c);
            total -= weights[r] * logSigmoid(z);
            out.grad(r, c) = -weights[r] * sigmoid(-z) / users;
        }
    }
    out.value = total / users;
    return out;
}

// Ranking distillation over lists of different lengths, for users with fewer unobserved items
// than K: `scores` holds the lists one after another, user c's `lengths[c]` (<= weights.size())
// scores at ranks 1..lengths[c]. A short list contributes the terms of the ranks it has, with those
// ranks' weights (not renormalised); users with an empty list are left out of the mean. With every
// length K this is rankingDistillation. Gradient in the layout of `scores`.
template <typename T>
LossGrad<T> rankingDistillationRagged(
    const RowVec<T>& scores, const std::vector<Index>& lengths, const Vec<T>& weights)
{
    LossGrad<T> out;
    out.grad.setZero(scores.size());
    Index users = 0;
    Index total = 0;
    for (const auto n : lengths) {
        users += n > 0 ? 1 : 0;
        total += n;
    }
    if (users == 0 || total != scores.size()) {
        return out; // no list (or inconsistent lengths): the term is zero
    }
    T sum = T(0);
    Index at = 0;
    for (const auto n : lengths) {
        for (Index r = 0; r < n && r < weights.size(); ++r) {
            const T z = scores[at + r];
            sum -= weights[r] * logSigmoid(z);
            out.grad[at + r] = -weights[r] * sigmoid(-z) / static_cast<T>(users);
        }
        at += n;
    }
    out.value = sum / static_cast<T>(users);
    return out;
}

} // namespace kdw::distill
