// SPDX-License-Identifier: MIT
// The data of one experiment: the dataset its config names, made implicit and split.
#pragma once

#include "core/common/progress.h"
#include "core/data/dataset.h"
#include "core/data/split.h"
#include "core/train/config.h"

namespace kdw::train {

struct ExperimentData {
    data::Dataset dataset; // implicit, densely indexed
    data::Split split;
};

// Generates or loads the dataset of `config` (throws DataError naming the file and line on bad
// input), applies the implicit threshold and splits it by leave-one-out with the config's seed.
// Reads files: never call it on a GUI thread. Throws Cancelled when `stop` is requested (checked
// per user while generating, every 16,384 lines while reading, and between the steps).
ExperimentData prepareData(
    const DatasetConfig& config, std::uint64_t seed, const StopToken& stop = {});

} // namespace kdw::train
