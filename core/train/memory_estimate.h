// SPDX-License-Identifier: MIT
// How much memory a run needs at its peak, and the refusal of a run the machine cannot hold,
// before any data is generated or a model allocated (issue 17: 1M users at embedding size 4096
// passed validation, prepared data for a minute, then died with std::bad_alloc).
#pragma once

#include <string>

#include "core/train/config.h"

namespace kdw::train {

// Bytes, and a short account of where they go ("teacher 61.0 GB, student 1.2 GB, data 0.1 GB").
struct MemoryEstimate {
    double bytes = 0.0;
    std::string breakdown;
};

// The peak memory of a run of `config` on a catalogue of `users` x `items` with `interactions`
// positives: each model's parameters four times over in float32 (weights, gradients and Adam's two
// moments), the interactions (held by the dataset and the split, about 40 bytes each), one epoch's
// sampled examples (12 bytes each, (1 + train negatives) per positive), and the largest forward
// pass (evaluation blocks of up to 32,768 pairs, full ranking at least one user's whole catalogue;
// 8 bytes per unit of every layer: pre-activation and output). Estimates, within tens of percent.
MemoryEstimate estimateMemory(
    const ExperimentConfig& config, double users, double items, double interactions);

// Memory the system can give a new run: MemAvailable of /proc/meminfo, else physical memory; in
// bytes, 0 when unknown. The environment variable KDW_MEMORY_LIMIT (bytes, or a number with K, M
// or G: "4G") caps it: a share of a machine others use too, and a figure tests can rely on.
// Throws ConfigError naming the variable when it is set but not a positive size.
double availableMemoryBytes();

// The estimate for a synthetic source, from its configured size and density (files are checked
// once read: see refuseIfTooLarge). Nothing when the source is a file.
void refuseSyntheticIfTooLarge(const ExperimentConfig& config);

// Throws ConfigError "config: this run needs about 64.1 GB (teacher ..., student ..., data ...)
// but the machine has 7.6 GB available; reduce the embedding size, the layers or the catalogue"
// when the estimate exceeds 90% of the available memory. Nothing when the available memory is
// unknown.
void refuseIfTooLarge(
    const ExperimentConfig& config, double users, double items, double interactions);
// The same against `availableBytes` (> 0) instead of availableMemoryBytes().
void refuseIfTooLarge(const ExperimentConfig& config, double users, double items,
    double interactions, double availableBytes);

} // namespace kdw::train
