// SPDX-License-Identifier: MIT
// One table per enum that both parses and prints it, instead of a hand-written parse/print pair
// per enum. The table's order is the order that messages and menus list the values in.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/common/error.h"

namespace kdw {

template <typename E> struct EnumText {
    E value;
    std::string_view text;
};

// A fixed list of (value, text) pairs. `what` names the kind in refusals ("activation").
// Example: constexpr EnumTable<Shape, 2> kShapes {"shape", {{{Shape::Round, "round"}, {Shape::Flat,
// "flat"}}}};
template <typename E, std::size_t N> class EnumTable {
public:
    constexpr EnumTable(std::string_view what, std::array<EnumText<E>, N> entries)
        : m_what(what)
        , m_entries(entries)
    {
    }

    // The text of a value; a value missing from the table (a programming error) gives "".
    [[nodiscard]] constexpr std::string_view text(E value) const
    {
        for (const auto& e : m_entries) {
            if (e.value == value) {
                return e.text;
            }
        }
        return {};
    }

    // Whether `text` is one of the texts (exact, case-sensitive).
    [[nodiscard]] constexpr bool contains(std::string_view text) const
    {
        for (const auto& e : m_entries) {
            if (e.text == text) {
                return true;
            }
        }
        return false;
    }

    // The value of an exact text. Throws ConfigError "unknown <what> 'x' (expected a, b or c)".
    [[nodiscard]] E parse(std::string_view text) const
    {
        for (const auto& e : m_entries) {
            if (e.text == text) {
                return e.value;
            }
        }
        throw ConfigError("unknown " + std::string(m_what) + " '" + std::string(text)
            + "' (expected " + choices() + ")");
    }

    // "a, b or c", in table order.
    [[nodiscard]] std::string choices() const
    {
        std::string out;
        for (std::size_t i = 0; i < N; ++i) {
            if (i > 0) {
                out += i + 1 == N ? " or " : ", ";
            }
            out += m_entries[i].text;
        }
        return out;
    }

    [[nodiscard]] constexpr const std::array<EnumText<E>, N>& entries() const { return m_entries; }

private:
    std::string_view m_what;
    std::array<EnumText<E>, N> m_entries;
};

template <typename E, std::size_t N>
EnumTable(std::string_view, std::array<EnumText<E>, N>) -> EnumTable<E, N>;

} // namespace kdw
