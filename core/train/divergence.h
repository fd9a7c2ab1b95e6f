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

#include "core/train/config.h"
#include "core/train/epoch_record.h"

namespace kdw::train {

// The parameters that can make a phase diverge, with their values, as a parenthesis to append:
// " (parameters that can cause this: the learning rate, 99; the distillation temperature, ...)".
// `student` is the student phase's distillation config, null for the teacher phase.
std::string divergenceCauses(
    const TrainingConfig& t, const DistillationConfig* student, const MethodSet& methods);

// Why a recorded epoch shows divergence, or nothing. `firstLoss` is the phase's first epoch's
// training loss (this epoch's own for epoch 1). Rules: the hard-label loss (binary cross-entropy)
// above 50, where a model predicting 0.5 everywhere has 0.69; the training loss above 100 times
// the first epoch's (after epoch 1); predictions collapsed (AUC within 1e-9 of 0.5 and HR@K = 0
// for every K of `cutoffs`).
std::optional<std::string> epochDivergence(
    const EpochRecord& epoch, double firstLoss, const std::vector<int>& cutoffs);

} // namespace kdw::train
