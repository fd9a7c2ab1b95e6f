// SPDX-License-Identifier: MIT
#include "core/nn/embedding.h"

namespace kdw::nn {

template <typename T>
Embedding<T>::Embedding(Index dim, Index count)
    : m_table(Mat<T>::Zero(dim, count))
    , m_grad(Mat<T>::Zero(dim, count))
    , m_isTouched(static_cast<std::size_t>(count), 0)
{
}

template <typename T> void Embedding<T>::initialize(Rng& rng, double stddev)
{
    for (Index k = 0; k < m_table.size(); ++k) {
        m_table.data()[k] = static_cast<T>(stddev * rng.normal());
    }
}

template <typename T> void Embedding<T>::gather(const IdVec& ids, Mat<T>& out, Index row0) const
{
    const Index dim = m_table.rows();
    for (Index b = 0; b < static_cast<Index>(ids.size()); ++b) {
        out.block(row0, b, dim, 1) = m_table.col(ids[static_cast<std::size_t>(b)]);
    }
}

template <typename T> void Embedding<T>::scatter(const IdVec& ids, const Mat<T>& g, Index row0)
{
    const Index dim = m_table.rows();
    for (Index b = 0; b < static_cast<Index>(ids.size()); ++b) {
        const auto id = ids[static_cast<std::size_t>(b)];
        m_grad.col(id) += g.block(row0, b, dim, 1);
        if (m_isTouched[static_cast<std::size_t>(id)] == 0) {
            m_isTouched[static_cast<std::size_t>(id)] = 1;
            m_touched.push_back(id);
        }
    }
}

template <typename T> void Embedding<T>::clearGrad()
{
    for (auto id : m_touched) {
        m_grad.col(id).setZero();
        m_isTouched[static_cast<std::size_t>(id)] = 0;
    }
    m_touched.clear();
}

template class Embedding<float>;
template class Embedding<double>;

} // namespace kdw::nn
