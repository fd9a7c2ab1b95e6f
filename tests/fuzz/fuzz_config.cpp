// SPDX-License-Identifier: MIT
// Fuzz target: the experiment config parser. Any input is either a valid config (which must
// survive a JSON round trip unchanged) or refused with a ConfigError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/train/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto c = kdw::train::configFromJson(text);
        const auto json = kdw::train::configToJson(c);
        if (kdw::train::configToJson(kdw::train::configFromJson(json)) != json) {
            __builtin_trap();
        }
    } catch (const kdw::ConfigError&) {
        // a clear refusal is a correct answer
    }
    return 0;
}
