// SPDX-License-Identifier: MIT
#include "core/store/encoding.h"

#include <chrono>
#include <cstring>
#include <ctime>
#include <uuid/uuid.h>

#include "core/common/error.h"
#include "core/store/history.h"

namespace kdw::store {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

} // namespace

std::string newUuid()
{
    uuid_t id;
    uuid_generate_random(id);
    char out[37];
    uuid_unparse_lower(id, out);
    return out;
}

std::string toBase64(const std::vector<std::uint8_t>& bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint32_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) {
            v |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
        }
        if (i + 2 < bytes.size()) {
            v |= bytes[i + 2];
        }
        out += kBase64[(v >> 18) & 63];
        out += kBase64[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? kBase64[(v >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kBase64[v & 63] : '=';
    }
    return out;
}

std::vector<std::uint8_t> fromBase64(const std::string& text, const std::string& what)
{
    std::vector<std::uint8_t> out;
    std::uint32_t v = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') {
            break;
        }
        const char* p = std::strchr(kBase64, c);
        if (p == nullptr || c == '\0') {
            throw StoreError(what + " is not valid base64");
        }
        v = (v << 6) | static_cast<std::uint32_t>(p - kBase64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((v >> bits) & 0xff));
        }
    }
    return out;
}

std::string csvField(std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(field);
    }
    std::string out = "\"";
    for (char c : field) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    out += '"';
    return out;
}

std::string nowUtc(const char* format)
{
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&now, &tm);
    char buf[64];
    return std::strftime(buf, sizeof buf, format, &tm) > 0 ? buf : "";
}

std::string nowIso8601()
{
    return nowUtc("%Y-%m-%dT%H:%M:%SZ");
}

} // namespace kdw::store
