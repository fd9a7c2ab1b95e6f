// SPDX-License-Identifier: MIT
// The activation functions by name, without their maths: a light header (std only) for configs and
// the layers above core/nn. The functions themselves: activation.h.
#pragma once

#include <string>

namespace kdw::nn {

enum class Activation { Relu, LeakyRelu, Tanh, Sigmoid, Gelu, Identity };

// "relu", "leaky_relu", "tanh", "sigmoid", "gelu", "identity" (also read: "linear", "none").
// Throws ConfigError "unknown activation 'x' (expected relu, leaky_relu, ... or identity)".
Activation parseActivation(const std::string& name);
std::string toString(Activation a);

} // namespace kdw::nn
