// SPDX-License-Identifier: MIT
// An architecture as configs describe it, without building it: a light header (std only) for the
// experiment config and the layers above core/nn. The model itself: model.h.
#pragma once

#include <string>
#include <vector>

#include "core/nn/activation_kind.h"

namespace kdw::nn {

// NCF-MLP (concatenated embeddings through an MLP), GMF (element-wise product of embeddings) or
// NeuMF (both, joined before the output layer).
enum class InteractionKind { Mlp, Gmf, NeuMf };
// "mlp", "gmf", "neumf". Throws ConfigError "unknown interaction 'x' (expected mlp, gmf or neumf)".
InteractionKind parseInteraction(const std::string& name);
std::string toString(InteractionKind k);

struct LayerSpec {
    int units = 16;
    Activation activation = Activation::Relu;
    double dropout = 0.0;
};

// How dense layers start: He (Kaiming) uniform, limit sqrt(6 / fan_in), for the ReLU family and
// Xavier (Glorot) uniform otherwise, biases zero (kdw's default); or PyTorch's nn.Linear default,
// weights and biases uniform in +-1/sqrt(fan_in) (the PyTorch peer's). Embeddings are N(0, 0.01)
// either way.
enum class DenseInit { HeXavier, PyTorch };
// "he_xavier", "pytorch". Throws ConfigError naming the choices.
DenseInit parseDenseInit(const std::string& name);
std::string toString(DenseInit d);

struct ModelSpec {
    int embeddingDim = 8;
    InteractionKind interaction = InteractionKind::Mlp;
    std::vector<LayerSpec> layers; // the MLP tower (unused by GMF)
    DenseInit denseInit = DenseInit::HeXavier;
};

// Size and cost of an architecture without building it: parameters for a catalogue of
// numUsers x numItems, and multiply-adds of one example's forward pass.
long long countParameters(const ModelSpec& spec, long long numUsers, long long numItems);
long long countMultiplyAdds(const ModelSpec& spec);
// The representations of an architecture that hint and relational distillation may use, in
// forward order: "embedding" (the tower's input), "layers.i" for each hidden layer of the MLP tower
// (none for GMF), and "gmf" (NeuMF's GMF branch). Model::representationNames() gives the same list.
std::vector<std::string> representationNames(const ModelSpec& spec);

} // namespace kdw::nn
