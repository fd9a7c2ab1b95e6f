// SPDX-License-Identifier: MIT
#include "core/nn/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/common/error.h"

namespace kdw::nn {

InteractionKind parseInteraction(const std::string& name)
{
    if (name == "mlp") {
        return InteractionKind::Mlp;
    }
    if (name == "gmf") {
        return InteractionKind::Gmf;
    }
    if (name == "neumf") {
        return InteractionKind::NeuMf;
    }
    throw ConfigError("unknown interaction '" + name + "' (expected mlp, gmf or neumf)");
}

std::string toString(InteractionKind k)
{
    switch (k) {
    case InteractionKind::Mlp:
        return "mlp";
    case InteractionKind::Gmf:
        return "gmf";
    case InteractionKind::NeuMf:
        return "neumf";
    }
    return "mlp";
}

// ---- Embedding ---------------------------------------------------------------------------------

template <typename T>
Embedding<T>::Embedding(Index dim, Index count)
    : m_table(Mat<T>::Zero(dim, count)), m_grad(Mat<T>::Zero(dim, count)),
      m_isTouched(static_cast<std::size_t>(count), 0)
{
}

template <typename T>
void Embedding<T>::initialize(Rng& rng, double stddev)
{
    for (Index k = 0; k < m_table.size(); ++k) {
        m_table.data()[k] = static_cast<T>(stddev * rng.normal());
    }
}

template <typename T>
void Embedding<T>::gather(const IdVec& ids, Mat<T>& out, Index row0) const
{
    const Index dim = m_table.rows();
    for (Index b = 0; b < static_cast<Index>(ids.size()); ++b) {
        out.block(row0, b, dim, 1) = m_table.col(ids[static_cast<std::size_t>(b)]);
    }
}

template <typename T>
void Embedding<T>::scatter(const IdVec& ids, const Mat<T>& g, Index row0)
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

template <typename T>
void Embedding<T>::clearGrad()
{
    for (auto id : m_touched) {
        m_grad.col(id).setZero();
        m_isTouched[static_cast<std::size_t>(id)] = 0;
    }
    m_touched.clear();
}

// ---- Model -------------------------------------------------------------------------------------

template <typename T>
Model<T>::Model(const ModelSpec& spec, std::int32_t numUsers, std::int32_t numItems)
    : m_spec(spec), m_numUsers(numUsers), m_numItems(numItems)
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

template <typename T>
void Model<T>::initialize(Rng& rng)
{
    // Embeddings N(0, 0.01^2) as in the NCF reference code; dense layers by Xavier/He.
    for (auto* e : {m_user.get(), m_item.get(), m_gmfUser.get(), m_gmfItem.get()}) {
        if (e != nullptr) {
            e->initialize(rng, 0.01);
        }
    }
    for (auto& l : m_layers) {
        l.initialize(rng);
    }
    m_output->initialize(rng);
}

template <typename T>
const RowVec<T>& Model<T>::forward(const IdVec& users, const IdVec& items, Rng* dropoutRng)
{
    const Index b = static_cast<Index>(users.size());
    m_users = &users;
    m_items = &items;
    const Index d = m_spec.embeddingDim;
    const Mat<T>* top = nullptr;
    if (usesMlp()) {
        m_x0.resize(2 * d, b);
        m_user->gather(users, m_x0, 0);
        m_item->gather(items, m_x0, d);
        top = &m_x0;
        for (auto& l : m_layers) {
            top = &l.forward(*top, dropoutRng);
        }
    }
    if (usesGmf()) {
        m_pu.resize(d, b);
        m_qi.resize(d, b);
        m_gmfUser->gather(users, m_pu, 0);
        m_gmfItem->gather(items, m_qi, 0);
        m_g.noalias() = m_pu.cwiseProduct(m_qi);
    }
    const Mat<T>* head = nullptr;
    switch (m_spec.interaction) {
    case InteractionKind::Mlp:
        head = top;
        break;
    case InteractionKind::Gmf:
        head = &m_g;
        break;
    case InteractionKind::NeuMf:
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
const Mat<T>* Model<T>::extraFor(const std::map<std::string, Mat<T>>* extra,
                                 const std::string& name) const
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
    const Index d = m_spec.embeddingDim;
    if (usesGmf()) {
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
    if (usesMlp()) {
        const auto nLayers = m_layers.size();
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
}

template <typename T>
void Model<T>::clearSparseGrads()
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

template <typename T>
std::vector<std::string> Model<T>::representationNames() const
{
    return nn::representationNames(m_spec);
}

template <typename T>
bool Model<T>::hasRepresentation(const std::string& name) const
{
    const auto names = representationNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

template <typename T>
Index Model<T>::representationSize(const std::string& name) const
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

template <typename T>
const Mat<T>& Model<T>::representation(const std::string& name) const
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

template <typename T>
std::vector<Parameter<T>> Model<T>::parameters()
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
        ps.push_back({name + ".bias", l.bias().data(), l.biasGrad().data(), l.bias().rows(), 1,
                      nullptr});
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

template <typename T>
long long Model<T>::parameterCount() const
{
    return countParameters(m_spec, m_numUsers, m_numItems);
}

template <typename T>
long long Model<T>::multiplyAddsPerExample() const
{
    return countMultiplyAdds(m_spec);
}

namespace {

// Widths of the dense layers, input first: the MLP tower (if any) and the output layer's input.
std::pair<std::vector<long long>, long long> denseShape(const ModelSpec& spec)
{
    const long long d = spec.embeddingDim;
    std::vector<long long> widths;
    long long head = 0;
    if (spec.interaction != InteractionKind::Gmf) {
        widths.push_back(2 * d);
        for (const auto& l : spec.layers) {
            widths.push_back(l.units);
        }
        head = widths.back();
    }
    if (spec.interaction != InteractionKind::Mlp) {
        head += d;
    }
    return {widths, head};
}

} // namespace

std::vector<std::string> representationNames(const ModelSpec& spec)
{
    std::vector<std::string> names {"embedding"};
    if (spec.interaction != InteractionKind::Gmf) {
        for (std::size_t i = 0; i < spec.layers.size(); ++i) {
            names.push_back("layers." + std::to_string(i));
        }
    }
    if (spec.interaction == InteractionKind::NeuMf) {
        names.emplace_back("gmf");
    }
    return names;
}

long long countParameters(const ModelSpec& spec, long long numUsers, long long numItems)
{
    const long long d = spec.embeddingDim;
    const int tables = spec.interaction == InteractionKind::NeuMf ? 2 : 1;
    long long n = tables * (numUsers + numItems) * d;
    const auto [widths, head] = denseShape(spec);
    for (std::size_t i = 1; i < widths.size(); ++i) {
        n += widths[i - 1] * widths[i] + widths[i];
    }
    return n + head + 1;
}

long long countMultiplyAdds(const ModelSpec& spec)
{
    long long n = spec.interaction != InteractionKind::Mlp ? spec.embeddingDim : 0; // the product
    const auto [widths, head] = denseShape(spec);
    for (std::size_t i = 1; i < widths.size(); ++i) {
        n += widths[i - 1] * widths[i];
    }
    return n + head;
}

namespace {

void putU32(std::vector<std::uint8_t>& out, std::uint32_t v)
{
    for (int k = 0; k < 4; ++k) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    }
}

std::uint32_t getU32(const std::vector<std::uint8_t>& in, std::size_t& pos)
{
    if (pos + 4 > in.size()) {
        throw Error("weights: the blob is truncated");
    }
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
        v |= static_cast<std::uint32_t>(in[pos++]) << (8 * k);
    }
    return v;
}

constexpr std::uint32_t kMagic = 0x5757444bU; // "KDWW"

} // namespace

// Layout: magic, format, parameter count, then per parameter: name length, name, rows, cols,
// rows*cols little-endian float32 values in column-major order.
template <typename T>
std::vector<std::uint8_t> Model<T>::saveWeights() const
{
    std::vector<std::uint8_t> out;
    auto params = const_cast<Model<T>*>(this)->parameters(); // read-only use
    putU32(out, kMagic);
    putU32(out, kWeightsFormat);
    putU32(out, static_cast<std::uint32_t>(params.size()));
    for (const auto& p : params) {
        putU32(out, static_cast<std::uint32_t>(p.name.size()));
        out.insert(out.end(), p.name.begin(), p.name.end());
        putU32(out, static_cast<std::uint32_t>(p.rows));
        putU32(out, static_cast<std::uint32_t>(p.cols));
        for (Index k = 0; k < p.rows * p.cols; ++k) {
            const auto f = static_cast<float>(p.value[k]);
            std::uint32_t bits = 0;
            std::memcpy(&bits, &f, sizeof bits);
            putU32(out, bits);
        }
    }
    return out;
}

template <typename T>
void Model<T>::loadWeights(const std::vector<std::uint8_t>& blob)
{
    std::size_t pos = 0;
    if (getU32(blob, pos) != kMagic) {
        throw Error("weights: not a KD Workbench weights blob");
    }
    const auto format = getU32(blob, pos);
    if (format != kWeightsFormat) {
        throw Error("weights: format version " + std::to_string(format) + " is not supported (this build reads " +
                    std::to_string(kWeightsFormat) + ")");
    }
    auto params = parameters();
    const auto count = getU32(blob, pos);
    if (count != params.size()) {
        throw Error("weights: the blob has " + std::to_string(count) + " parameters, the model " +
                    std::to_string(params.size()));
    }
    for (auto& p : params) {
        const auto len = getU32(blob, pos);
        if (pos + len > blob.size()) {
            throw Error("weights: the blob is truncated");
        }
        const std::string name(blob.begin() + static_cast<std::ptrdiff_t>(pos),
                               blob.begin() + static_cast<std::ptrdiff_t>(pos + len));
        pos += len;
        const auto rows = getU32(blob, pos);
        const auto cols = getU32(blob, pos);
        if (name != p.name || rows != p.rows || cols != p.cols) {
            throw Error("weights: parameter '" + name + "' (" + std::to_string(rows) + "x" +
                        std::to_string(cols) + ") does not match the model's '" + p.name + "' (" +
                        std::to_string(p.rows) + "x" + std::to_string(p.cols) + ")");
        }
        for (Index k = 0; k < p.rows * p.cols; ++k) {
            const auto bits = getU32(blob, pos);
            float f = 0.0f;
            std::memcpy(&f, &bits, sizeof f);
            p.value[k] = static_cast<T>(f);
        }
    }
    if (pos != blob.size()) {
        throw Error("weights: trailing bytes after the last parameter");
    }
}

template class Embedding<float>;
template class Embedding<double>;
template class Model<float>;
template class Model<double>;

} // namespace kdw::nn
