// SPDX-License-Identifier: MIT
// The recommender: NCF-MLP (concatenated embeddings through an MLP tower, model_mlp.cpp), GMF
// (element-wise product of embeddings, model_gmf.cpp) and NeuMF (both, joined before the output
// layer, model.cpp), each ending in one logit. The architecture: model_spec.h; the weight blob:
// weights_format.h.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/common/random.h"
#include "core/common/types.h"
#include "core/nn/dense.h"
#include "core/nn/embedding.h"
#include "core/nn/model_spec.h"
#include "core/nn/parameter.h"
#include "core/nn/weights_format.h"

namespace kdw::nn {

static_assert(
    std::is_same_v<Index, std::ptrdiff_t>, "Parameter<T> stores shapes as std::ptrdiff_t");

template <typename T> class Model {
public:
    Model(const ModelSpec& spec, std::int32_t numUsers, std::int32_t numItems);

    void initialize(Rng& rng);

    // Forward pass over a batch; returns the logits (1 x B), caching what backward needs.
    // Dropout applies only when dropoutRng is given (training).
    const RowVec<T>& forward(const IdVec& users, const IdVec& items, Rng* dropoutRng = nullptr);

    // Backward pass for the last forward: dLogits is dLoss/dlogit (1 x B). `extra` adds gradients
    // flowing into named representations (hint and relational losses), each rows x B.
    void backward(const RowVec<T>& dLogits, const std::map<std::string, Mat<T>>* extra = nullptr);

    // Zero every gradient (dense ones are overwritten by backward; sparse ones accumulate).
    void clearSparseGrads();

    // Logits of many pairs, in chunks, without dropout. Overwrites the forward caches.
    RowVec<T> predict(const IdVec& users, const IdVec& items, Index chunk = 8192);

    // Names of the representations a distillation method may use: "embedding" (the tower's
    // input), "layers.0", ... (hidden layer outputs), "gmf" for NeuMF's product branch.
    [[nodiscard]] std::vector<std::string> representationNames() const;
    [[nodiscard]] bool hasRepresentation(const std::string& name) const;
    [[nodiscard]] Index representationSize(const std::string& name) const;
    // The cached representation of the last forward (rows x B).
    [[nodiscard]] const Mat<T>& representation(const std::string& name) const;

    std::vector<Parameter<T>> parameters();
    [[nodiscard]] long long parameterCount() const;
    [[nodiscard]] long long multiplyAddsPerExample() const; // forward pass, one example
    [[nodiscard]] const ModelSpec& spec() const { return m_spec; }
    [[nodiscard]] std::int32_t numUsers() const { return m_numUsers; }
    [[nodiscard]] std::int32_t numItems() const { return m_numItems; }

    Embedding<T>& userEmbedding() { return *m_user; }
    Embedding<T>& itemEmbedding() { return *m_item; }
    std::vector<Dense<T>>& layers() { return m_layers; }
    Dense<T>& outputLayer() { return *m_output; }

    // Weights as a self-describing byte blob (format version kWeightsFormat), and back. load
    // throws Error when the blob is malformed or its shapes do not match this model.
    [[nodiscard]] std::vector<std::uint8_t> saveWeights() const;
    void loadWeights(const std::vector<std::uint8_t>& blob);
    static constexpr std::uint32_t kWeightsFormat = kWeightsFormatVersion;

private:
    [[nodiscard]] bool usesMlp() const { return m_spec.interaction != InteractionKind::Gmf; }
    [[nodiscard]] bool usesGmf() const { return m_spec.interaction != InteractionKind::Mlp; }
    const Mat<T>* extraFor(
        const std::map<std::string, Mat<T>>* extra, const std::string& name) const;
    // The MLP tower (model_mlp.cpp): embeddings concatenated, through the hidden layers; returns
    // the last layer's output (units x B, or the 2d x B input without hidden layers).
    const Mat<T>* forwardMlp(const IdVec& users, const IdVec& items, Rng* dropoutRng);
    // From the output layer's input gradient (m_dJoined: the tower's rows, then NeuMF's GMF rows)
    // down to the embeddings, adding `extra`'s layer and embedding terms.
    void backwardMlp(const std::map<std::string, Mat<T>>* extra);
    // The GMF branch (model_gmf.cpp): g = p_u ⊙ q_i (d x B).
    void forwardGmf(const IdVec& users, const IdVec& items);
    // From m_dJoined's GMF rows (all of it for GMF alone) to the GMF embeddings, adding `extra`'s
    // "gmf" (and for GMF alone "embedding") term.
    void backwardGmf(const std::map<std::string, Mat<T>>* extra);

    ModelSpec m_spec;
    std::int32_t m_numUsers;
    std::int32_t m_numItems;
    std::unique_ptr<Embedding<T>> m_user, m_item; // MLP branch (MLP, NeuMF)
    std::unique_ptr<Embedding<T>> m_gmfUser, m_gmfItem; // GMF branch (GMF, NeuMF)
    std::vector<Dense<T>> m_layers;
    std::unique_ptr<Dense<T>> m_output;

    // Forward caches and backward buffers.
    const IdVec* m_users = nullptr;
    const IdVec* m_items = nullptr;
    Mat<T> m_x0; // 2d x B: [user; item] (MLP branch input)
    Mat<T> m_pu, m_qi, m_g; // d x B: GMF embeddings and their product
    Mat<T> m_joined; // NeuMF: [h_last; g]
    RowVec<T> m_logits;
    std::vector<Mat<T>> m_dA; // per hidden layer, the gradient w.r.t. its output
    Mat<T> m_dOut, m_dJoined, m_dX0, m_dG;
};

extern template class Model<float>;
extern template class Model<double>;

} // namespace kdw::nn
