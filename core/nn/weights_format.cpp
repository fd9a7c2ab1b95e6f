// SPDX-License-Identifier: MIT
#include "core/nn/weights_format.h"

#include <cstring>
#include <string>

#include "core/common/error.h"

namespace kdw::nn {

namespace {

void putU32(std::vector<std::uint8_t>& out, std::uint32_t v)
{
    for (int k = 0; k < 4; ++k) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    }
}

std::uint32_t getU32(const std::vector<std::uint8_t>& in, std::size_t& pos)
{
    if (pos + 4 > in.size()) {
        throw Error("weights: the blob is truncated");
    }
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
        v |= static_cast<std::uint32_t>(in[pos++]) << (8 * k);
    }
    return v;
}

constexpr std::uint32_t kMagic = 0x5757444bU; // "KDWW"

} // namespace

// Layout: magic, format, parameter count, then per parameter: name length, name, rows, cols,
// rows*cols little-endian float32 values in column-major order.
template <typename T>
std::vector<std::uint8_t> encodeWeights(const std::vector<Parameter<T>>& params)
{
    std::vector<std::uint8_t> out;
    putU32(out, kMagic);
    putU32(out, kWeightsFormatVersion);
    putU32(out, static_cast<std::uint32_t>(params.size()));
    for (const auto& p : params) {
        putU32(out, static_cast<std::uint32_t>(p.name.size()));
        out.insert(out.end(), p.name.begin(), p.name.end());
        putU32(out, static_cast<std::uint32_t>(p.rows));
        putU32(out, static_cast<std::uint32_t>(p.cols));
        for (std::ptrdiff_t k = 0; k < p.rows * p.cols; ++k) {
            const auto f = static_cast<float>(p.value[k]);
            std::uint32_t bits = 0;
            std::memcpy(&bits, &f, sizeof bits);
            putU32(out, bits);
        }
    }
    return out;
}

template <typename T>
void decodeWeights(const std::vector<std::uint8_t>& blob, const std::vector<Parameter<T>>& params)
{
    std::size_t pos = 0;
    if (getU32(blob, pos) != kMagic) {
        throw Error("weights: not a KD Workbench weights blob");
    }
    const auto format = getU32(blob, pos);
    if (format != kWeightsFormatVersion) {
        throw Error("weights: format version " + std::to_string(format)
            + " is not supported (this build reads " + std::to_string(kWeightsFormatVersion) + ")");
    }
    const auto count = getU32(blob, pos);
    if (count != params.size()) {
        throw Error("weights: the blob has " + std::to_string(count) + " parameters, the model "
            + std::to_string(params.size()));
    }
    for (const auto& p : params) {
        const auto len = getU32(blob, pos);
        if (pos + len > blob.size()) {
            throw Error("weights: the blob is truncated");
        }
        const std::string name(blob.begin() + static_cast<std::ptrdiff_t>(pos),
            blob.begin() + static_cast<std::ptrdiff_t>(pos + len));
        pos += len;
        const auto rows = getU32(blob, pos);
        const auto cols = getU32(blob, pos);
        if (name != p.name || rows != p.rows || cols != p.cols) {
            throw Error("weights: parameter '" + name + "' (" + std::to_string(rows) + "x"
                + std::to_string(cols) + ") does not match the model's '" + p.name + "' ("
                + std::to_string(p.rows) + "x" + std::to_string(p.cols) + ")");
        }
        for (std::ptrdiff_t k = 0; k < p.rows * p.cols; ++k) {
            const auto bits = getU32(blob, pos);
            float f = 0.0f;
            std::memcpy(&f, &bits, sizeof f);
            p.value[k] = static_cast<T>(f);
        }
    }
    if (pos != blob.size()) {
        throw Error("weights: trailing bytes after the last parameter");
    }
}

template std::vector<std::uint8_t> encodeWeights(const std::vector<Parameter<float>>&);
template std::vector<std::uint8_t> encodeWeights(const std::vector<Parameter<double>>&);
template void decodeWeights(const std::vector<std::uint8_t>&, const std::vector<Parameter<float>>&);
template void decodeWeights(
    const std::vector<std::uint8_t>&, const std::vector<Parameter<double>>&);

} // namespace kdw::nn
