// SPDX-License-Identifier: MIT
// A trainable parameter as the optimiser and the weight format see it. A light header (std only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kdw::nn {

// A column-major rows x cols block of values and its gradient (not owned: they live in the layer).
// For an embedding table (one column per id) only the columns in `touched` carry a gradient.
// rows and cols are Eigen::Index (std::ptrdiff_t); `touched` is an IdVec.
template <typename T> struct Parameter {
    std::string name;
    T* value = nullptr;
    T* grad = nullptr;
    std::ptrdiff_t rows = 0;
    std::ptrdiff_t cols = 0;
    const std::vector<std::int32_t>* touched = nullptr; // sparse parameter when not null
};

} // namespace kdw::nn
