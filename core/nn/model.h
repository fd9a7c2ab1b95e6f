// SPDX-License-Identifier: MIT
// The recommender towers: NCF-MLP (concatenated embeddings through an MLP), GMF (element-wise
// product of embeddings) and NeuMF (both, joined before the output layer), each ending in one logit.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/random.h"
#include "core/common/types.h"
#include "core/nn/activation.h"
#include "core/nn/dense.h"

namespace kdw::nn {

enum class InteractionKind { Mlp, Gmf, NeuMf };
InteractionKind parseInteraction(const std::string& name); // "mlp", "gmf", "neumf"; throws ConfigError
std::string toString(InteractionKind k);

struct LayerSpec {
    int units = 16;
    Activation activation = Activation::Relu;
    double dropout = 0.0;
};

struct ModelSpec {
    int embeddingDim = 8;
    InteractionKind interaction = InteractionKind::Mlp;
    std::vector<LayerSpec> layers; // the MLP tower (unused by GMF)
};

// Size and cost of an architecture without building it: parameters for a catalogue of
// numUsers x numItems, and multiply-adds of one example's forward pass.
long long countParameters(const ModelSpec& spec, long long numUsers, long long numItems);
long long countMultiplyAdds(const ModelSpec& spec);
// The representations of an architecture that hint and relational distillation may use, in
// forward order: "embedding" (the tower's input), "layers.i" for each hidden layer of the MLP tower
// (none for GMF), and "gmf" (NeuMF's GMF branch). Model::representationNames() gives the same list.
std::vector<std::string> representationNames(const ModelSpec& spec);

// A trainable parameter seen by the optimiser: a column-major rows x cols block and its gradient.
// For an embedding table (one column per id) only the columns in `touched` carry a gradient.
template <typename T>
struct Parameter {
    std::string name;
    T* value = nullptr;
    T* grad = nullptr;
    Index rows = 0;
    Index cols = 0;
    const IdVec* touched = nullptr; // sparse parameter when not null
};

// An embedding table: column j is the vector of id j (dim x count).
template <typename T>
class Embedding {
public:
    Embedding(Index dim, Index count);
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

template <typename T>
class Model {
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
    static constexpr std::uint32_t kWeightsFormat = 1;

private:
    [[nodiscard]] bool usesMlp() const { return m_spec.interaction != InteractionKind::Gmf; }
    [[nodiscard]] bool usesGmf() const { return m_spec.interaction != InteractionKind::Mlp; }
    const Mat<T>* extraFor(const std::map<std::string, Mat<T>>* extra, const std::string& name) const;

    ModelSpec m_spec;
    std::int32_t m_numUsers;
    std::int32_t m_numItems;
    std::unique_ptr<Embedding<T>> m_user, m_item;       // MLP branch (MLP, NeuMF)
    std::unique_ptr<Embedding<T>> m_gmfUser, m_gmfItem; // GMF branch (GMF, NeuMF)
    std::vector<Dense<T>> m_layers;
    std::unique_ptr<Dense<T>> m_output;

    // Forward caches and backward buffers.
    const IdVec* m_users = nullptr;
    const IdVec* m_items = nullptr;
    Mat<T> m_x0;      // 2d x B: [user; item] (MLP branch input)
    Mat<T> m_pu, m_qi, m_g; // d x B: GMF embeddings and their product
    Mat<T> m_joined;  // NeuMF: [h_last; g]
    RowVec<T> m_logits;
    std::vector<Mat<T>> m_dA; // per hidden layer, the gradient w.r.t. its output
    Mat<T> m_dOut, m_dJoined, m_dX0, m_dG;
};

extern template class Embedding<float>;
extern template class Embedding<double>;
extern template class Model<float>;
extern template class Model<double>;

} // namespace kdw::nn
