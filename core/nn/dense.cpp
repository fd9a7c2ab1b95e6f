// SPDX-License-Identifier: MIT
#include "core/nn/dense.h"

#include <cmath>

namespace kdw::nn {

template <typename T>
Dense<T>::Dense(Index in, Index out, Activation act, double dropout)
    : m_w(Mat<T>::Zero(out, in))
    , m_dw(Mat<T>::Zero(out, in))
    , m_b(Vec<T>::Zero(out))
    , m_db(Vec<T>::Zero(out))
    , m_act(act)
    , m_dropout(dropout)
{
}

template <typename T> void Dense<T>::initialize(Rng& rng, DenseInit scheme)
{
    const double fanIn = static_cast<double>(m_w.cols());
    if (scheme == DenseInit::PyTorch) {
        const double bound = 1.0 / std::sqrt(fanIn);
        for (Index j = 0; j < m_w.cols(); ++j) {
            for (Index i = 0; i < m_w.rows(); ++i) {
                m_w(i, j) = static_cast<T>((2.0 * rng.uniform() - 1.0) * bound);
            }
        }
        for (Index i = 0; i < m_b.size(); ++i) {
            m_b[i] = static_cast<T>((2.0 * rng.uniform() - 1.0) * bound);
        }
        return;
    }
    const double fanOut = static_cast<double>(m_w.rows());
    const bool reluFamily
        = m_act == Activation::Relu || m_act == Activation::LeakyRelu || m_act == Activation::Gelu;
    const double limit = reluFamily ? std::sqrt(6.0 / fanIn) : std::sqrt(6.0 / (fanIn + fanOut));
    for (Index j = 0; j < m_w.cols(); ++j) {
        for (Index i = 0; i < m_w.rows(); ++i) {
            m_w(i, j) = static_cast<T>((2.0 * rng.uniform() - 1.0) * limit);
        }
    }
    m_b.setZero();
}

template <typename T> const Mat<T>& Dense<T>::forward(const Mat<T>& x, Rng* dropoutRng)
{
    m_x = &x;
    m_z.resize(m_w.rows(), x.cols());
    m_z.noalias() = m_w * x;
    m_z.colwise() += m_b;
    activate(m_act, m_z, m_a);
    m_dropped = dropoutRng != nullptr && m_dropout > 0.0;
    if (m_dropped) {
        const T keep = T(1.0 - m_dropout);
        m_mask.resize(m_a.rows(), m_a.cols());
        for (Index k = 0; k < m_mask.size(); ++k) {
            m_mask.data()[k] = dropoutRng->uniform() < m_dropout ? T(0) : T(1) / keep;
        }
        m_out = m_a.cwiseProduct(m_mask);
        return m_out;
    }
    return m_a;
}

template <typename T> void Dense<T>::backward(Mat<T>& dA, Mat<T>* dx)
{
    if (m_dropped) {
        dA.array() *= m_mask.array(); // dA/d(f(z)) = mask
    }
    multiplyByDerivative(m_act, m_z, m_a, dA); // dZ = dA * f'(Z)
    m_dw.noalias() = dA * m_x->transpose(); // dW = dZ X^T   (out x in)
    m_db.noalias() = dA.rowwise().sum(); // db = sum over the batch
    if (dx != nullptr) {
        dx->resize(m_w.cols(), dA.cols());
        dx->noalias() = m_w.transpose() * dA; // dX = W^T dZ   (in x B)
    }
}

template class Dense<float>;
template class Dense<double>;

} // namespace kdw::nn
