// SPDX-License-Identifier: MIT
// Fuzz target: the layers under every rating loader, driven directly so that each input reaches
// them faster than through fuzz_ratings: text decoding (BOM, UTF-16, Latin-1), physical lines,
// content lines, the separator sniffer, RFC 4180 field splitting and number parsing. Decoding
// either gives valid UTF-8 or throws DataError; splitting either gives fields or throws DataError.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/error.h"
#include "core/data/delimited.h"
#include "core/data/text_decoding.h"

namespace {

namespace detail = kdw::data::detail;

// Whether `s` is well-formed UTF-8 (as decodeText promises).
bool validUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto n = detail::utf8Length(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

void splitEveryLine(std::string_view text)
{
    const auto first = detail::contentLines(text, 2);
    const auto sniffed
        = first.empty() ? std::string_view(",") : detail::sniffSeparator(first[0].second);
    (void)detail::separatorName(sniffed);
    detail::Lines lines(text);
    std::string_view line;
    int count = 0;
    while (lines.next(line) && ++count <= 64) {
        if (!detail::isContent(line)) {
            continue;
        }
        for (const std::string_view sep :
            {sniffed, std::string_view(" "), std::string_view("::")}) {
            try {
                for (const auto& field : kdw::data::splitFields(line, sep, "line")) {
                    double value = 0.0;
                    (void)detail::parseDouble(field, value);
                }
            } catch (const kdw::DataError&) {
                // an unclosed quote or text after one is refused
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> notes;
    std::string text;
    try {
        text = kdw::data::decodeText(bytes, "input.txt", notes);
    } catch (const kdw::DataError&) {
        splitEveryLine(bytes); // the layers below still meet raw bytes in the other tests
        return 0;
    }
    if (!validUtf8(text)) {
        __builtin_trap(); // decoding promised UTF-8
    }
    splitEveryLine(text);
    return 0;
}
