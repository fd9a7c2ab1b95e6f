// SPDX-License-Identifier: MIT
// The bytes of a ratings file as UTF-8 text: byte-order marks, UTF-16 and Latin-1 (README, "Data").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kdw::data {

// The text of a file as UTF-8: strips a UTF-8 byte-order mark, converts UTF-16 (with its mark) and
// reads bytes that are not UTF-8 as Latin-1. Appends what it did to `notes`. Throws DataError for
// text with NUL bytes and no UTF-16 mark, or UTF-16 with an odd number of bytes.
std::string decodeText(
    const std::string& bytes, const std::string& name, std::vector<std::string>& notes);

namespace detail {

// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8.
void appendUtf8(std::string& out, std::uint32_t cp);

// The length of the valid UTF-8 sequence at s[i], or 0 when the byte there does not start one
// (overlong forms, surrogates and code points above U+10FFFF are not valid).
std::size_t utf8Length(std::string_view s, std::size_t i);

// UTF-16 code units (without their byte-order mark) as UTF-8; a lone surrogate becomes U+FFFD.
std::string fromUtf16(std::string_view bytes, bool bigEndian);

} // namespace detail
} // namespace kdw::data
