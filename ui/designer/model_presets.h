// SPDX-License-Identifier: MIT
// Ready-made architectures the tower editor offers: four sizes that fit either network and the
// seed article's teacher/student pair. Qt Core only.
#pragma once

#include <optional>
#include <vector>

#include <QString>

#include "core/nn/model_spec.h"
#include "ui/model/model_role.h"

namespace kdw::ui {

// One preset: an embedding size and an MLP tower for each role. Applying it keeps the model's
// dense initialisation and, unless `interaction` is set, its interaction.
struct ModelPreset {
    QString name; // shown in the preset menu ("Small")
    QString description; // one line, e.g. "embeddings of 8, layers 16-8"
    nn::ModelSpec teacher;
    nn::ModelSpec student;
    std::optional<nn::InteractionKind> interaction; // set by the preset; nullopt = kept
};

// Tiny, small, medium, large (the same spec for both roles) and the seed article's pair (teacher
// towers 128-64 and student 64-32 before the 1-unit output, MLP). Widths in units, ReLU, no
// dropout.
const std::vector<ModelPreset>& modelPresets();

// `current` with the preset's embedding size and tower for `role` (and its interaction if it sets
// one); the dense initialisation is kept.
nn::ModelSpec applyPreset(const ModelPreset& preset, ModelRole role, const nn::ModelSpec& current);

} // namespace kdw::ui
