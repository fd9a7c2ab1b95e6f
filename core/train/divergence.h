// SPDX-License-Identifier: MIT
// When a phase has diverged, and what in its own settings can have caused it. Divergence is more
// than a NaN: a loss that explodes while staying finite (Adam at learning rate 99 reaches a loss
// in the millions in its first epoch) or predictions collapsed to one value (every pair scored
// alike: validation AUC exactly 0.5 and HR@K 0 at every cut-off, ties counting against the model)
// end the run as `diverged` too, after the epoch that shows it is recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/nn/parameter.h"
#include "core/train/config.h"
#include "core/train/epoch_record.h"

namespace kdw::train {

// The settings of a phase that can make it diverge, with their values, as a parenthesis to append.
// Those outside their usual range come first as the likely cause: " (likely cause: the learning
// rate, 99, above the usual range (at most 0.1 for Adam); other settings that can cause this: the
// distillation temperature, 4; the distillation weight alpha, 0.5)". Without one outside its range:
// " (settings that can cause this: the learning rate, 0.001; ...)". `student` is the student
// phase's distillation config, null for the teacher phase; only the weights of the methods in
// `methods` are named (alpha for soft targets and logit matching, beta for hints, the distance and
// angle weights for relations, the ranking weight and lambda for ranking distillation).
std::string divergenceCauses(
    const TrainingConfig& t, const DistillationConfig* student, const MethodSet& methods);

// The first parameter holding a NaN or an infinity, as "'layers.0.weight' (3 of 4096 values
// non-finite)", or nothing when every value is finite. One pass over the values (rows x cols
// floats each); no allocation.
std::optional<std::string> nonFiniteParameter(const std::vector<nn::Parameter<float>>& params);

// Why a recorded epoch shows divergence, or nothing. `firstLoss` is the phase's first epoch's
// training loss (this epoch's own for epoch 1). Rules: the hard-label loss (binary cross-entropy)
// above 50, where a model predicting 0.5 everywhere has 0.69; the training loss above 100 times
// the first epoch's (after epoch 1); predictions collapsed (AUC within 1e-9 of 0.5 and HR@K = 0
// for every K of `cutoffs`).
std::optional<std::string> epochDivergence(
    const EpochRecord& epoch, double firstLoss, const std::vector<int>& cutoffs);

} // namespace kdw::train
