// SPDX-License-Identifier: MIT
#include "core/nn/optimizer.h"

#include <array>
#include <cmath>

#include "core/common/enum_table.h"
#include "core/common/error.h"

namespace kdw::nn {

namespace {

constexpr EnumTable kOptimizers {"optimizer",
    std::array<EnumText<OptimizerKind>, 3> {{{OptimizerKind::Sgd, "sgd"},
        {OptimizerKind::Adam, "adam"}, {OptimizerKind::AdamW, "adamw"}}}};

constexpr EnumTable kEmbeddingUpdates {"embedding update rule",
    std::array<EnumText<EmbeddingUpdates>, 2> {
        {{EmbeddingUpdates::Lazy, "lazy"}, {EmbeddingUpdates::Dense, "dense"}}}};

} // namespace

EmbeddingUpdates parseEmbeddingUpdates(const std::string& name)
{
    return kEmbeddingUpdates.parse(name);
}

std::string toString(EmbeddingUpdates u)
{
    return std::string(kEmbeddingUpdates.text(u));
}

OptimizerKind parseOptimizer(const std::string& name)
{
    return kOptimizers.parse(name);
}

std::string toString(OptimizerKind k)
{
    return std::string(kOptimizers.text(k));
}

template <typename T> void Optimizer<T>::step(const std::vector<Parameter<T>>& params)
{
    if (m_first.empty()) {
        for (const auto& p : params) {
            m_first.push_back(Mat<T>::Zero(p.rows, p.cols));
            if (m_spec.kind != OptimizerKind::Sgd) {
                m_second.push_back(Mat<T>::Zero(p.rows, p.cols));
            }
        }
    }
    ++m_step; // once per step, whatever the number of parameters
    m_bias1 = T(1) - static_cast<T>(std::pow(m_spec.beta1, static_cast<double>(m_step)));
    m_bias2 = T(1) - static_cast<T>(std::pow(m_spec.beta2, static_cast<double>(m_step)));
    for (std::size_t s = 0; s < params.size(); ++s) {
        const auto& p = params[s];
        if (p.touched != nullptr && m_spec.embeddingUpdates == EmbeddingUpdates::Lazy) {
            for (auto id : *p.touched) {
                update(p, s, id, 1);
            }
        } else {
            update(p, s, 0, p.cols);
        }
    }
}

template <typename T>
void Optimizer<T>::update(const Parameter<T>& p, std::size_t slot, Index col0, Index cols)
{
    // Columns are contiguous in memory (column-major), so the block is one flat array: linear
    // maps keep every expression below vectorised.
    using Flat = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
    const Index offset = col0 * p.rows;
    const Index size = cols * p.rows;
    Flat w(p.value + offset, size);
    Flat g(p.grad + offset, size);
    Flat m(m_first[slot].data() + offset, size);
    const T lr = static_cast<T>(m_spec.learningRate);
    const T wd = static_cast<T>(m_spec.weightDecay);
    switch (m_spec.kind) {
    case OptimizerKind::Sgd: {
        // buf = momentum * buf + (g + wd w);  w -= lr * buf
        const T mu = static_cast<T>(m_spec.momentum);
        if (wd != T(0)) {
            m = mu * m + g + wd * w;
        } else {
            m = mu * m + g;
        }
        w -= lr * m;
        break;
    }
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW: {
        Flat v(m_second[slot].data() + offset, size);
        const T b1 = static_cast<T>(m_spec.beta1);
        const T b2 = static_cast<T>(m_spec.beta2);
        const T eps = static_cast<T>(m_spec.epsilon);
        const bool decoupled = m_spec.kind == OptimizerKind::AdamW;
        if (decoupled && wd != T(0)) {
            w *= T(1) - lr * wd; // AdamW: w -= lr * wd * w, before the Adam step
        }
        if (!decoupled && wd != T(0)) {
            // Adam with L2: the decay joins the gradient (and so the moments).
            m = b1 * m + (T(1) - b1) * (g + wd * w);
            v = b2 * v + (T(1) - b2) * (g + wd * w).square();
        } else {
            m = b1 * m + (T(1) - b1) * g;
            v = b2 * v + (T(1) - b2) * g.square();
        }
        // w -= lr / bias1 * m / (sqrt(v) / sqrt(bias2) + eps)
        const T stepSize = lr / m_bias1;
        const T invSqrtBias2 = T(1) / std::sqrt(m_bias2);
        w -= stepSize * m / (v.sqrt() * invSqrtBias2 + eps);
        break;
    }
    }
}

template class Optimizer<float>;
template class Optimizer<double>;

} // namespace kdw::nn
