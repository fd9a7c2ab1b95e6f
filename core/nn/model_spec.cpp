// SPDX-License-Identifier: MIT
#include "core/nn/model_spec.h"

#include <array>
#include <utility>

#include "core/common/enum_table.h"

namespace kdw::nn {

namespace {

constexpr EnumTable kInteractions {"interaction",
    std::array<EnumText<InteractionKind>, 3> {{{InteractionKind::Mlp, "mlp"},
        {InteractionKind::Gmf, "gmf"}, {InteractionKind::NeuMf, "neumf"}}}};

constexpr EnumTable kDenseInits {"dense initialisation",
    std::array<EnumText<DenseInit>, 2> {
        {{DenseInit::HeXavier, "he_xavier"}, {DenseInit::PyTorch, "pytorch"}}}};

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

InteractionKind parseInteraction(const std::string& name)
{
    return kInteractions.parse(name);
}

std::string toString(InteractionKind k)
{
    return std::string(kInteractions.text(k));
}

DenseInit parseDenseInit(const std::string& name)
{
    return kDenseInits.parse(name);
}

std::string toString(DenseInit d)
{
    return std::string(kDenseInits.text(d));
}

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

} // namespace kdw::nn
