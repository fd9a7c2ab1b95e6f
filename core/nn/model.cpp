// SPDX-License-Identifier: MIT
#include "core/nn/model.h"

#include "core/common/error.h"

namespace kdw::nn {

// ---- Model -------------------------------------------------------------------------------------

template <typename T>
Model<T>::Model(const ModelSpec& spec, std::int32_t numUsers, std::int32_t numItems)
    : m_spec(spec)
    , m_numUsers(numUsers)
    , m_numItems(numItems)
{
    if (spec.embeddingDim < 1) {
        throw ConfigError("model: embedding_dim must be at least 1");
    }
    if (numUsers < 1 || numItems < 1) {
        throw ConfigError("model: the dataset has no users or no items");
    }
    const Index d = spec.embeddingDim;
    Index width = 0;
    if (usesMlp()) {
        m_user = std::make_unique<Embedding<T>>(d, numUsers);
        m_item = std::make_unique<Embedding<T>>(d, numItems);
        width = 2 * d;
        m_layers.reserve(spec.layers.size());
        for (const auto& l : spec.layers) {
            if (l.units < 1) {
                throw ConfigError("model: every layer needs at least 1 unit");
            }
            if (!(l.dropout >= 0.0 && l.dropout < 1.0)) {
                throw ConfigError("model: dropout must be in [0, 1)");
            }
            m_layers.emplace_back(width, l.units, l.activation, l.dropout);
            width = l.units;
        }
    }
    if (usesGmf()) {
        m_gmfUser = std::make_unique<Embedding<T>>(d, numUsers);
        m_gmfItem = std::make_unique<Embedding<T>>(d, numItems);
        width += d;
    }
    m_output = std::make_unique<Dense<T>>(width, 1, Activation::Identity);
    m_dA.resize(m_layers.size());
}

template <typename T> void Model<T>::initialize(Rng& rng)
{
    // Embeddings N(0, 0.01^2) as in the NCF reference code; dense layers as the spec says.
    for (auto* e : {m_user.get(), m_item.get(), m_gmfUser.get(), m_gmfItem.get()}) {
        if (e != nullptr) {
            e->initialize(rng, 0.01);
        }
    }
    for (auto& l : m_layers) {
        l.initialize(rng, m_spec.denseInit);
    }
    m_output->initialize(rng, m_spec.denseInit);
}

template <typename T>
const RowVec<T>& Model<T>::forward(const IdVec& users, const IdVec& items, Rng* dropoutRng)
{
    const Index b = static_cast<Index>(users.size());
    m_users = &users;
    m_items = &items;
    const Index d = m_spec.embeddingDim;
    const Mat<T>* top = usesMlp() ? forwardMlp(users, items, dropoutRng) : nullptr;
    if (usesGmf()) {
        forwardGmf(users, items);
    }
    const Mat<T>* head = nullptr;
    switch (m_spec.interaction) {
    case InteractionKind::Mlp:
        head = top;
        break;
    case InteractionKind::Gmf:
        head = &m_g;
        break;
    case InteractionKind::NeuMf: // the two towers joined: [h_last; g]
        m_joined.resize(top->rows() + d, b);
        m_joined.topRows(top->rows()) = *top;
        m_joined.bottomRows(d) = m_g;
        head = &m_joined;
        break;
    }
    m_logits = m_output->forward(*head, nullptr);
    return m_logits;
}

template <typename T>
const Mat<T>* Model<T>::extraFor(
    const std::map<std::string, Mat<T>>* extra, const std::string& name) const
{
    if (extra == nullptr) {
        return nullptr;
    }
    auto it = extra->find(name);
    return it == extra->end() ? nullptr : &it->second;
}

template <typename T>
void Model<T>::backward(const RowVec<T>& dLogits, const std::map<std::string, Mat<T>>* extra)
{
    m_dOut = dLogits;
    m_output->backward(m_dOut, &m_dJoined); // dJoined = W_out^T dlogits
    if (usesGmf()) {
        backwardGmf(extra);
    }
    if (usesMlp()) {
        backwardMlp(extra);
    }
}

template <typename T> void Model<T>::clearSparseGrads()
{
    for (auto* e : {m_user.get(), m_item.get(), m_gmfUser.get(), m_gmfItem.get()}) {
        if (e != nullptr) {
            e->clearGrad();
        }
    }
}

template <typename T>
RowVec<T> Model<T>::predict(const IdVec& users, const IdVec& items, Index chunk)
{
    const auto n = static_cast<Index>(users.size());
    RowVec<T> out(n);
    IdVec cu;
    IdVec ci;
    for (Index start = 0; start < n; start += chunk) {
        const Index len = std::min(chunk, n - start);
        cu.assign(users.begin() + start, users.begin() + start + len);
        ci.assign(items.begin() + start, items.begin() + start + len);
        out.segment(start, len) = forward(cu, ci, nullptr);
    }
    m_users = nullptr;
    m_items = nullptr;
    return out;
}

template <typename T> std::vector<std::string> Model<T>::representationNames() const
{
    return nn::representationNames(m_spec);
}

template <typename T> bool Model<T>::hasRepresentation(const std::string& name) const
{
    const auto names = representationNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

template <typename T> Index Model<T>::representationSize(const std::string& name) const
{
    const Index d = m_spec.embeddingDim;
    if (name == "embedding") {
        return usesMlp() ? 2 * d : d;
    }
    if (name == "gmf") {
        return d;
    }
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        if (name == "layers." + std::to_string(i)) {
            return m_layers[i].outputs();
        }
    }
    throw ConfigError("model has no layer named '" + name + "'");
}

template <typename T> const Mat<T>& Model<T>::representation(const std::string& name) const
{
    if (name == "embedding") {
        return usesMlp() ? m_x0 : m_g;
    }
    if (name == "gmf") {
        return m_g;
    }
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        if (name == "layers." + std::to_string(i)) {
            return m_layers[i].output();
        }
    }
    throw ConfigError("model has no layer named '" + name + "'");
}

template <typename T> std::vector<Parameter<T>> Model<T>::parameters()
{
    std::vector<Parameter<T>> ps;
    auto addEmbedding = [&](const char* name, Embedding<T>* e) {
        if (e != nullptr) {
            ps.push_back({name, e->table().data(), e->grad().data(), e->table().rows(),
                e->table().cols(), &e->touched()});
        }
    };
    auto addDense = [&](const std::string& name, Dense<T>& l) {
        ps.push_back({name + ".weight", l.weight().data(), l.weightGrad().data(), l.weight().rows(),
            l.weight().cols(), nullptr});
        ps.push_back(
            {name + ".bias", l.bias().data(), l.biasGrad().data(), l.bias().rows(), 1, nullptr});
    };
    addEmbedding("user_embedding", m_user.get());
    addEmbedding("item_embedding", m_item.get());
    addEmbedding("gmf_user_embedding", m_gmfUser.get());
    addEmbedding("gmf_item_embedding", m_gmfItem.get());
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        addDense("layers." + std::to_string(i), m_layers[i]);
    }
    addDense("output", *m_output);
    return ps;
}

template <typename T> long long Model<T>::parameterCount() const
{
    return countParameters(m_spec, m_numUsers, m_numItems);
}

template <typename T> long long Model<T>::multiplyAddsPerExample() const
{
    return countMultiplyAdds(m_spec);
}

template <typename T> std::vector<std::uint8_t> Model<T>::saveWeights() const
{
    return encodeWeights(const_cast<Model<T>*>(this)->parameters()); // read-only use
}

template <typename T> void Model<T>::loadWeights(const std::vector<std::uint8_t>& blob)
{
    decodeWeights(blob, parameters());
}

template class Model<float>;
template class Model<double>;

} // namespace kdw::nn
