// SPDX-License-Identifier: MIT
// Fuzz target: the checkpoint decoder (core/nn/weights_format.h, what loading a saved teacher or
// student reads from the history). Any blob is either loaded into a model with the same
// parameters (names and shapes) or refused with an Error; a loaded float model saves back to the
// very same bytes. The models are those of the seed corpus' checkpoints: NeuMF (embedding 4, one
// ReLU layer of 4) and GMF (embedding 2) over 24 users x 29 items, the teacher also in double.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/common/error.h"
#include "core/nn/model.h"
#include "core/nn/model_spec.h"

namespace {

constexpr std::int32_t kUsers = 24;
constexpr std::int32_t kItems = 29;

kdw::nn::ModelSpec neuMf()
{
    kdw::nn::ModelSpec spec;
    spec.embeddingDim = 4;
    spec.interaction = kdw::nn::InteractionKind::NeuMf;
    spec.layers = {kdw::nn::LayerSpec {4, kdw::nn::Activation::Relu, 0.0}};
    return spec;
}

kdw::nn::ModelSpec gmf()
{
    kdw::nn::ModelSpec spec;
    spec.embeddingDim = 2;
    spec.interaction = kdw::nn::InteractionKind::Gmf;
    return spec;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static kdw::nn::Model<float> teacher(neuMf(), kUsers, kItems);
    static kdw::nn::Model<float> student(gmf(), kUsers, kItems);
    static kdw::nn::Model<double> teacherDouble(neuMf(), kUsers, kItems);
    const std::vector<std::uint8_t> blob(data, data + size);
    for (auto* model : {&teacher, &student}) {
        try {
            model->loadWeights(blob);
        } catch (const kdw::Error&) {
            continue; // a clear refusal is a correct answer
        }
        if (model->saveWeights() != blob) {
            __builtin_trap(); // loaded values do not save back to the same bytes
        }
    }
    try {
        teacherDouble.loadWeights(blob);
    } catch (const kdw::Error&) {
        // a clear refusal is a correct answer
    }
    return 0;
}
