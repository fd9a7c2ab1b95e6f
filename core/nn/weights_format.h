// SPDX-License-Identifier: MIT
// The weight blob of a model, format version 1 (as stored in the run history): the magic "KDWW",
// the format, the parameter count, then per parameter its name length, name, rows, cols and
// rows*cols float32 values in column-major order, every number little-endian. Values of a double
// model are stored rounded to float32.
#pragma once

#include <cstdint>
#include <vector>

#include "core/nn/parameter.h"

namespace kdw::nn {

inline constexpr std::uint32_t kWeightsFormatVersion = 1;

// The blob of these parameters' values, in their order.
template <typename T>
std::vector<std::uint8_t> encodeWeights(const std::vector<Parameter<T>>& params);

// Writes a blob's values into these parameters. Throws Error when the blob is not a weights blob,
// has another format version, is truncated or has trailing bytes, or when its parameters'
// names or shapes differ from `params` (the message names both).
template <typename T>
void decodeWeights(const std::vector<std::uint8_t>& blob, const std::vector<Parameter<T>>& params);

extern template std::vector<std::uint8_t> encodeWeights(const std::vector<Parameter<float>>&);
extern template std::vector<std::uint8_t> encodeWeights(const std::vector<Parameter<double>>&);
extern template void decodeWeights(
    const std::vector<std::uint8_t>&, const std::vector<Parameter<float>>&);
extern template void decodeWeights(
    const std::vector<std::uint8_t>&, const std::vector<Parameter<double>>&);

} // namespace kdw::nn
