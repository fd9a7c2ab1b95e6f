// SPDX-License-Identifier: MIT
#include "core/nn/activation.h"

#include <array>

#include "core/common/enum_table.h"
#include "core/common/error.h"

namespace kdw::nn {

namespace {

constexpr EnumTable kActivations {"activation",
    std::array<EnumText<Activation>, 6> {
        {{Activation::Relu, "relu"}, {Activation::LeakyRelu, "leaky_relu"},
            {Activation::Tanh, "tanh"}, {Activation::Sigmoid, "sigmoid"},
            {Activation::Gelu, "gelu"}, {Activation::Identity, "identity"}}}};

} // namespace

Activation parseActivation(const std::string& name)
{
    if (name == "linear" || name == "none") {
        return Activation::Identity; // accepted spellings, never written
    }
    return kActivations.parse(name);
}

std::string toString(Activation a)
{
    return std::string(kActivations.text(a));
}

} // namespace kdw::nn
