// SPDX-License-Identifier: MIT
// Optimisers with PyTorch's update rules: SGD with momentum, Adam (L2 weight decay added to the
// gradient) and AdamW (decoupled decay). State is kept per parameter, in the order the model lists
// them; the step counter advances once per step. Sparse parameters (embedding tables) are updated
// row-wise: only the ids the batch touched move, their state included ("lazy" Adam).
#pragma once

#include <string>
#include <vector>

#include "core/common/types.h"
#include "core/nn/optimizer_spec.h"
#include "core/nn/parameter.h"

namespace kdw::nn {

template <typename T> class Optimizer {
public:
    explicit Optimizer(const OptimizerSpec& spec)
        : m_spec(spec)
    {
    }

    // One update of every parameter from its gradient. `params` must list the same parameters
    // in the same order at every call.
    void step(const std::vector<Parameter<T>>& params);

    void setLearningRate(double lr) { m_spec.learningRate = lr; }
    [[nodiscard]] double learningRate() const { return m_spec.learningRate; }
    [[nodiscard]] long long steps() const { return m_step; }

private:
    void update(const Parameter<T>& p, std::size_t slot, Index col0, Index cols);

    OptimizerSpec m_spec;
    long long m_step = 0;
    std::vector<Mat<T>> m_first; // momentum buffer (SGD) or first moment (Adam)
    std::vector<Mat<T>> m_second; // second moment (Adam)
    T m_bias1 = T(1);
    T m_bias2 = T(1);
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

} // namespace kdw::nn
