// SPDX-License-Identifier: MIT
// An embedding table with a sparse gradient: only the ids a batch touched carry one.
#pragma once

#include <cstdint>
#include <vector>

#include "core/common/random.h"
#include "core/common/types.h"

namespace kdw::nn {

// An embedding table: column j is the vector of id j (dim x count).
template <typename T> class Embedding {
public:
    Embedding(Index dim, Index count);
    // Every entry from N(0, stddev²).
    void initialize(Rng& rng, double stddev);
    // out.block(row0, 0, dim, B) = columns of ids.
    void gather(const IdVec& ids, Mat<T>& out, Index row0) const;
    // grad.col(ids[b]) += g.block(row0, b, dim, 1); remembers the touched ids.
    void scatter(const IdVec& ids, const Mat<T>& g, Index row0);
    void clearGrad(); // zero the touched columns, forget them
    Mat<T>& table() { return m_table; }
    [[nodiscard]] const Mat<T>& table() const { return m_table; }
    Mat<T>& grad() { return m_grad; }
    [[nodiscard]] const IdVec& touched() const { return m_touched; }

private:
    Mat<T> m_table, m_grad;
    IdVec m_touched;
    std::vector<std::uint8_t> m_isTouched;
};

extern template class Embedding<float>;
extern template class Embedding<double>;

} // namespace kdw::nn
