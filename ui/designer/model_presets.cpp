// SPDX-License-Identifier: MIT
#include "ui/designer/model_presets.h"

#include <QCoreApplication>

namespace kdw::ui {

namespace {

nn::ModelSpec mlp(int embeddingDim, std::initializer_list<int> widths)
{
    nn::ModelSpec spec;
    spec.embeddingDim = embeddingDim;
    spec.interaction = nn::InteractionKind::Mlp;
    for (const int w : widths) {
        spec.layers.push_back({w, nn::Activation::Relu, 0.0});
    }
    return spec;
}

QString tr(const char* text)
{
    return QCoreApplication::translate("kdw::ui::ModelPreset", text);
}

ModelPreset sized(const char* name, const char* description, const nn::ModelSpec& spec)
{
    return {tr(name), tr(description), spec, spec, std::nullopt};
}

} // namespace

const std::vector<ModelPreset>& modelPresets()
{
    static const std::vector<ModelPreset> presets {
        sized("Tiny", "embeddings of 4, one layer of 8", mlp(4, {8})),
        sized("Small", "embeddings of 8, layers 16-8", mlp(8, {16, 8})),
        sized("Medium", "embeddings of 32, layers 64-32-16", mlp(32, {64, 32, 16})),
        sized("Large", "embeddings of 64, layers 256-128-64", mlp(64, {256, 128, 64})),
        // The seed article's NCF pair: teacher 128-64-1 and student 64-32-1 (towers before the
        // 1-unit output), embeddings half the first layer's width so the concatenation feeds it.
        {tr("The seed article's"),
            tr("teacher 128-64-1 on embeddings of 64, student 64-32-1 on embeddings of 32"),
            mlp(64, {128, 64}), mlp(32, {64, 32}), nn::InteractionKind::Mlp},
    };
    return presets;
}

nn::ModelSpec applyPreset(const ModelPreset& preset, ModelRole role, const nn::ModelSpec& current)
{
    const nn::ModelSpec& chosen = role == ModelRole::Teacher ? preset.teacher : preset.student;
    nn::ModelSpec out = current;
    out.embeddingDim = chosen.embeddingDim;
    out.layers = chosen.layers;
    out.interaction = preset.interaction.value_or(current.interaction);
    return out;
}

} // namespace kdw::ui
