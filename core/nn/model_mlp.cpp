// SPDX-License-Identifier: MIT
// The MLP tower of NCF-MLP and NeuMF: x0 = [p_u; q_i] (2d x B) through the hidden layers.
#include "core/nn/model.h"

namespace kdw::nn {

template <typename T>
const Mat<T>* Model<T>::forwardMlp(const IdVec& users, const IdVec& items, Rng* dropoutRng)
{
    const Index b = static_cast<Index>(users.size());
    const Index d = m_spec.embeddingDim;
    m_x0.resize(2 * d, b);
    m_user->gather(users, m_x0, 0);
    m_item->gather(items, m_x0, d);
    const Mat<T>* top = &m_x0;
    for (auto& l : m_layers) {
        top = &l.forward(*top, dropoutRng);
    }
    return top;
}

template <typename T> void Model<T>::backwardMlp(const std::map<std::string, Mat<T>>* extra)
{
    const Index d = m_spec.embeddingDim;
    const auto nLayers = m_layers.size();
    // The tower's share of dJoined: all of it, or NeuMF's top rows (the GMF rows come last).
    if (nLayers > 0) {
        m_dA[nLayers - 1] = m_spec.interaction == InteractionKind::NeuMf
            ? Mat<T>(m_dJoined.topRows(m_dJoined.rows() - d))
            : m_dJoined;
    } else {
        m_dX0 = m_spec.interaction == InteractionKind::NeuMf
            ? Mat<T>(m_dJoined.topRows(m_dJoined.rows() - d))
            : m_dJoined;
    }
    for (std::size_t i = nLayers; i-- > 0;) {
        if (const auto* e = extraFor(extra, "layers." + std::to_string(i))) {
            m_dA[i] += *e;
        }
        Mat<T>* below = i == 0 ? &m_dX0 : &m_dA[i - 1];
        m_layers[i].backward(m_dA[i], below);
    }
    if (const auto* e = extraFor(extra, "embedding")) {
        m_dX0 += *e;
    }
    m_user->scatter(*m_users, m_dX0, 0);
    m_item->scatter(*m_items, m_dX0, d);
}

template const Mat<float>* Model<float>::forwardMlp(const IdVec&, const IdVec&, Rng*);
template const Mat<double>* Model<double>::forwardMlp(const IdVec&, const IdVec&, Rng*);
template void Model<float>::backwardMlp(const std::map<std::string, Mat<float>>*);
template void Model<double>::backwardMlp(const std::map<std::string, Mat<double>>*);

} // namespace kdw::nn
