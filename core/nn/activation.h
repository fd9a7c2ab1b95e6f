// SPDX-License-Identifier: MIT
// Element-wise activations and their derivatives.
#pragma once

#include <cmath>
#include <numbers>
#include <string>

#include "core/common/types.h"
#include "core/nn/activation_kind.h"

namespace kdw::nn {

inline constexpr double kLeakySlope = 0.01;

// a = f(z), element-wise; z and a have the same shape, a may not alias z.
template <typename T> void activate(Activation act, const Mat<T>& z, Mat<T>& a)
{
    switch (act) {
    case Activation::Relu:
        a.noalias() = z.cwiseMax(T(0));
        break;
    case Activation::LeakyRelu:
        a = z.unaryExpr([](T v) { return v > T(0) ? v : T(kLeakySlope) * v; });
        break;
    case Activation::Tanh:
        a = z.array().tanh().matrix();
        break;
    case Activation::Sigmoid:
        a = z.unaryExpr([](T v) { return T(1) / (T(1) + std::exp(-v)); });
        break;
    case Activation::Gelu: // exact form: z * Phi(z)
        a = z.unaryExpr(
            [](T v) { return T(0.5) * v * (T(1) + std::erf(v / std::numbers::sqrt2_v<T>)); });
        break;
    case Activation::Identity:
        a = z;
        break;
    }
}

// g <- g * f'(z), element-wise, using the cached z and a = f(z).
template <typename T>
void multiplyByDerivative(Activation act, const Mat<T>& z, const Mat<T>& a, Mat<T>& g)
{
    switch (act) {
    case Activation::Relu: // f' = [z > 0]
        g = (z.array() > T(0)).select(g, T(0));
        break;
    case Activation::LeakyRelu: // f' = 1 or slope
        g = (z.array() > T(0)).select(g, T(kLeakySlope) * g);
        break;
    case Activation::Tanh: // f' = 1 - a^2
        g.array() *= (T(1) - a.array().square());
        break;
    case Activation::Sigmoid: // f' = a (1 - a)
        g.array() *= a.array() * (T(1) - a.array());
        break;
    case Activation::Gelu: // f' = Phi(z) + z phi(z)
        g.array() *= z.array().unaryExpr([](T v) {
            const T phi = std::exp(T(-0.5) * v * v) / std::sqrt(T(2) * std::numbers::pi_v<T>);
            return T(0.5) * (T(1) + std::erf(v / std::numbers::sqrt2_v<T>)) + v * phi;
        });
        break;
    case Activation::Identity:
        break;
    }
}

} // namespace kdw::nn
