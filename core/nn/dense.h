// SPDX-License-Identifier: MIT
// A fully connected layer with an activation and inverted dropout: A = drop(f(W X + b)).
#pragma once

#include "core/common/random.h"
#include "core/common/types.h"
#include "core/nn/activation.h"
#include "core/nn/model_spec.h"

namespace kdw::nn {

template <typename T> class Dense {
public:
    Dense(Index in, Index out, Activation act, double dropout = 0.0);

    // DenseInit::HeXavier: Xavier (Glorot) uniform for saturating activations, He (Kaiming)
    // uniform for the ReLU family, biases zero. DenseInit::PyTorch: nn.Linear's default, weights
    // and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    void initialize(Rng& rng, DenseInit scheme = DenseInit::HeXavier);

    // X: in x B. Returns A: out x B, cached (with X's address) until the next forward.
    // X must stay alive and unchanged until backward. Dropout applies only when rng is given.
    const Mat<T>& forward(const Mat<T>& x, Rng* dropoutRng);

    // dA: out x B (consumed: overwritten with dZ). Writes dW, db and, if dx is given, dX: in x B.
    void backward(Mat<T>& dA, Mat<T>* dx);

    [[nodiscard]] Index inputs() const { return m_w.cols(); }
    [[nodiscard]] Index outputs() const { return m_w.rows(); }
    [[nodiscard]] Activation activation() const { return m_act; }
    [[nodiscard]] double dropout() const { return m_dropout; }
    [[nodiscard]] const Mat<T>& output() const { return m_dropped ? m_out : m_a; }

    Mat<T>& weight() { return m_w; }
    Vec<T>& bias() { return m_b; }
    Mat<T>& weightGrad() { return m_dw; }
    Vec<T>& biasGrad() { return m_db; }
    [[nodiscard]] const Mat<T>& weight() const { return m_w; }
    [[nodiscard]] const Vec<T>& bias() const { return m_b; }

private:
    Mat<T> m_w, m_dw; // out x in
    Vec<T> m_b, m_db; // out
    Activation m_act;
    double m_dropout;
    const Mat<T>* m_x = nullptr; // not owned: the input of the last forward
    Mat<T> m_z, m_a, m_mask, m_out; // out x B: pre-activation, f(z), dropout mask, output
    bool m_dropped = false;
};

extern template class Dense<float>;
extern template class Dense<double>;

} // namespace kdw::nn
