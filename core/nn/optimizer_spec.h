// SPDX-License-Identifier: MIT
// Which optimiser a phase trains with, and its hyper-parameters: a light header (std only) for
// configs. The optimisers themselves: optimizer.h.
#pragma once

#include <string>

namespace kdw::nn {

enum class OptimizerKind { Sgd, Adam, AdamW };
// "sgd", "adam", "adamw". Throws ConfigError "unknown optimizer 'x' (expected sgd, adam or adamw)".
OptimizerKind parseOptimizer(const std::string& name);
std::string toString(OptimizerKind k);

// Which embedding rows an optimiser step updates: only the rows the batch used (sparse, "lazy"
// Adam: kdw's default; a row's moments decay only when it is used), or every row every step
// (dense, as torch.optim.Adam on nn.Embedding: unused rows keep moving on their momentum).
enum class EmbeddingUpdates { Lazy, Dense };
// "lazy", "dense". Throws ConfigError naming the choices.
EmbeddingUpdates parseEmbeddingUpdates(const std::string& name);
std::string toString(EmbeddingUpdates u);

struct OptimizerSpec {
    OptimizerKind kind = OptimizerKind::Adam;
    double learningRate = 1e-3;
    double momentum = 0.9; // SGD
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weightDecay = 0.0; // L2 for SGD/Adam, decoupled for AdamW
    EmbeddingUpdates embeddingUpdates = EmbeddingUpdates::Lazy;
};

} // namespace kdw::nn
