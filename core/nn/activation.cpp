// SPDX-License-Identifier: MIT
#include "core/nn/activation.h"

#include "core/common/error.h"

namespace kdw::nn {

Activation parseActivation(const std::string& name)
{
    if (name == "relu") {
        return Activation::Relu;
    }
    if (name == "leaky_relu") {
        return Activation::LeakyRelu;
    }
    if (name == "tanh") {
        return Activation::Tanh;
    }
    if (name == "sigmoid") {
        return Activation::Sigmoid;
    }
    if (name == "gelu") {
        return Activation::Gelu;
    }
    if (name == "identity" || name == "linear" || name == "none") {
        return Activation::Identity;
    }
    throw ConfigError("unknown activation '" + name +
                      "' (expected relu, leaky_relu, tanh, sigmoid, gelu or identity)");
}

std::string toString(Activation a)
{
    switch (a) {
    case Activation::Relu:
        return "relu";
    case Activation::LeakyRelu:
        return "leaky_relu";
    case Activation::Tanh:
        return "tanh";
    case Activation::Sigmoid:
        return "sigmoid";
    case Activation::Gelu:
        return "gelu";
    case Activation::Identity:
        return "identity";
    }
    return "identity";
}

} // namespace kdw::nn
