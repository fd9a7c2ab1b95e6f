// SPDX-License-Identifier: MIT
// The small encodings of the history: uuids, base64 for checkpoints in exported JSON, CSV fields,
// and UTC time stamps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kdw::store {

// A random (version 4) uuid from libuuid, lower case: "1b4e28ba-2fa1-41d2-883f-0016d3cca427".
std::string newUuid();

// Standard base64 (RFC 4648, with '=' padding) of `bytes`.
std::string toBase64(const std::vector<std::uint8_t>& bytes);
// The bytes of a base64 text (padding optional). Throws StoreError on a character outside the
// alphabet, naming `what` ("import: a checkpoint").
std::vector<std::uint8_t> fromBase64(const std::string& text, const std::string& what);

// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a double quote, CR or LF,
// with every double quote doubled; otherwise as it is.
std::string csvField(std::string_view field);

} // namespace kdw::store
