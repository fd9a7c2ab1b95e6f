// SPDX-License-Identifier: MIT
// The GMF tower of GMF and NeuMF: g = p_u ⊙ q_i (d x B), from embedding tables of its own.
#include "core/nn/model.h"

namespace kdw::nn {

template <typename T> void Model<T>::forwardGmf(const IdVec& users, const IdVec& items)
{
    const Index b = static_cast<Index>(users.size());
    const Index d = m_spec.embeddingDim;
    m_pu.resize(d, b);
    m_qi.resize(d, b);
    m_gmfUser->gather(users, m_pu, 0);
    m_gmfItem->gather(items, m_qi, 0);
    m_g.noalias() = m_pu.cwiseProduct(m_qi);
}

template <typename T> void Model<T>::backwardGmf(const std::map<std::string, Mat<T>>* extra)
{
    const Index d = m_spec.embeddingDim;
    m_dG = m_spec.interaction == InteractionKind::Gmf ? m_dJoined : Mat<T>(m_dJoined.bottomRows(d));
    if (const auto* e = extraFor(extra, "gmf")) {
        m_dG += *e;
    }
    if (m_spec.interaction == InteractionKind::Gmf) {
        if (const auto* e = extraFor(extra, "embedding")) {
            m_dG += *e;
        }
    }
    // g = p * q  =>  dp = dg * q, dq = dg * p
    Mat<T> dp = m_dG.cwiseProduct(m_qi);
    Mat<T> dq = m_dG.cwiseProduct(m_pu);
    m_gmfUser->scatter(*m_users, dp, 0);
    m_gmfItem->scatter(*m_items, dq, 0);
}

template void Model<float>::forwardGmf(const IdVec&, const IdVec&);
template void Model<double>::forwardGmf(const IdVec&, const IdVec&);
template void Model<float>::backwardGmf(const std::map<std::string, Mat<float>>*);
template void Model<double>::backwardGmf(const std::map<std::string, Mat<double>>*);

} // namespace kdw::nn
