// SPDX-License-Identifier: MIT
#include "core/data/text_decoding.h"

#include <algorithm>

#include "core/common/error.h"

namespace kdw::data {
namespace detail {

void appendUtf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (b < 0x80) {
        return 1;
    }
    if ((b & 0xE0) == 0xC0) {
        n = 2;
        min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
        n = 3;
        min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    std::uint32_t cp = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    const bool valid = cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    return valid ? n : 0;
}

std::string fromUtf16(std::string_view bytes, bool bigEndian)
{
    std::string out;
    out.reserve(bytes.size() / 2);
    const auto unit = [&](std::size_t i) {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return static_cast<std::uint32_t>(bigEndian ? (a << 8) | b : (b << 8) | a);
    };
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
            const auto lo = unit(i + 2);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        appendUtf8(out, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFDU : cp);
    }
    return out;
}

} // namespace detail

namespace {

// UTF-16 behind its byte-order mark (FF FE little-endian, FE FF big-endian) as UTF-8.
std::string decodeMarkedUtf16(
    std::string_view in, const std::string& name, std::vector<std::string>& notes)
{
    const bool le = in.starts_with("\xFF\xFE");
    const std::string mark = le ? "FF FE" : "FE FF";
    if (in.size() % 2 != 0) {
        throw DataError(name + " is UTF-16 encoded (byte-order mark " + mark
            + ") but has an odd number of bytes; save it as UTF-8");
    }
    notes.push_back(
        name + " read as UTF-16" + (le ? "LE" : "BE") + " (byte-order mark " + mark + ")");
    in.remove_prefix(2);
    return detail::fromUtf16(in, !le);
}

// Text with NUL bytes and no UTF-16 mark is refused; this says why. Always throws.
[[noreturn]] void refuseNulBytes(std::string_view in, const std::string& name)
{
    // UTF-16 without a mark: every other byte of ASCII text is NUL.
    std::size_t evenNul = 0;
    std::size_t oddNul = 0;
    const auto probe = std::min<std::size_t>(in.size(), 256);
    for (std::size_t i = 0; i < probe; ++i) {
        (i % 2 == 0 ? evenNul : oddNul) += in[i] == '\0' ? 1 : 0;
    }
    if (probe >= 4 && std::max(evenNul, oddNul) * 2 >= probe * 9 / 10
        && std::min(evenNul, oddNul) == 0) {
        throw DataError(name
            + ": looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 "
              "with a byte-order mark)");
    }
    throw DataError(name + ": not a text file (it contains NUL bytes)");
}

// UTF-8 (its byte-order mark stripped) with every byte that is not UTF-8 read as Latin-1.
std::string decodeUtf8OrLatin1(
    std::string_view in, const std::string& name, std::vector<std::string>& notes)
{
    if (in.starts_with("\xEF\xBB\xBF")) {
        in.remove_prefix(3);
    }
    std::string out;
    out.reserve(in.size());
    std::size_t latin1 = 0;
    for (std::size_t i = 0; i < in.size();) {
        const auto n = detail::utf8Length(in, i);
        if (n == 0) {
            detail::appendUtf8(
                out, static_cast<unsigned char>(in[i])); // Latin-1: byte = code point
            ++latin1;
            ++i;
        } else {
            out.append(in.substr(i, n));
            i += n;
        }
    }
    if (latin1 > 0) {
        notes.push_back(
            name + ": " + std::to_string(latin1) + " byte(s) that are not UTF-8 read as Latin-1");
    }
    return out;
}

} // namespace

std::string decodeText(
    const std::string& bytes, const std::string& name, std::vector<std::string>& notes)
{
    const std::string_view in(bytes);
    if (in.starts_with("\xFF\xFE") || in.starts_with("\xFE\xFF")) {
        return decodeMarkedUtf16(in, name, notes);
    }
    if (in.find('\0') != std::string_view::npos) {
        refuseNulBytes(in, name);
    }
    return decodeUtf8OrLatin1(in, name, notes);
}

} // namespace kdw::data
