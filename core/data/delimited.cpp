// SPDX-License-Identifier: MIT
#include "core/data/delimited.h"

#include <charconv>
#include <cmath>

#include "core/common/error.h"

namespace kdw::data {
namespace detail {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool parseDouble(std::string_view s, double& out)
{
    s = trim(s);
    if (s.empty()) {
        return false;
    }
    const auto* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && ptr == end && std::isfinite(out);
}

bool Lines::next(std::string_view& line)
{
    if (m_rest.empty()) {
        return false;
    }
    const auto end = m_rest.find_first_of("\r\n");
    line = m_rest.substr(0, end);
    ++m_number;
    if (end == std::string_view::npos) {
        m_rest = {};
    } else {
        const bool crlf = m_rest[end] == '\r' && end + 1 < m_rest.size() && m_rest[end + 1] == '\n';
        m_rest.remove_prefix(end + (crlf ? 2 : 1));
    }
    return true;
}

bool isContent(std::string_view line)
{
    const auto t = trim(line);
    return !t.empty() && t.front() != '#';
}

// The first `n` content lines (not blank, not comments) and their numbers.
std::vector<std::pair<long long, std::string_view>> contentLines(
    std::string_view text, std::size_t n)
{
    std::vector<std::pair<long long, std::string_view>> out;
    Lines lines(text);
    std::string_view line;
    while (out.size() < n && lines.next(line)) {
        if (isContent(line)) {
            out.emplace_back(lines.number(), line);
        }
    }
    return out;
}

// The line with quoted sections blanked out, so that separators inside quotes do not count.
static std::string unquoted(std::string_view line)
{
    std::string out;
    bool inQuotes = false;
    for (char c : line) {
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes) {
            out += c;
        }
    }
    return out;
}

std::string_view sniffSeparator(std::string_view line)
{
    const std::string bare = unquoted(trim(line));
    for (std::string_view sep : {"::", "\t", ";", ","}) {
        if (bare.find(sep) != std::string::npos) {
            return sep;
        }
    }
    return " ";
}

std::string separatorName(std::string_view sep)
{
    if (sep == "\t") {
        return "'\\t'";
    }
    if (sep == " ") {
        return "spaces";
    }
    return "'" + std::string(sep) + "'";
}

} // namespace detail

namespace {

using detail::trim;

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

std::size_t skipBlanks(std::string_view line, std::size_t i)
{
    while (i < line.size() && isBlank(line[i])) {
        ++i;
    }
    return i;
}

// One line's fields being read: the line, its separator (" " for runs of blanks), and the prefix
// of every error message.
struct FieldReader {
    std::string_view line;
    std::string_view sep;
    bool spaces;
    const std::string& where;
    std::vector<std::string>& out;

    [[nodiscard]] std::string fieldName() const
    {
        return "field " + std::to_string(out.size() + 1);
    }

    // The quoted field whose opening quote is at line[j]: its text into `field`, and the index
    // just past its closing quote. "" and \" inside are a quote. Throws if the quote is not closed.
    std::size_t readQuoted(std::size_t j, std::string& field) const
    {
        const std::size_t n = line.size();
        std::size_t k = j + 1;
        while (k < n) {
            const bool escaped
                = (line[k] == '"' || line[k] == '\\') && k + 1 < n && line[k + 1] == '"';
            if (escaped) {
                field += '"';
                k += 2;
            } else if (line[k] == '"') {
                return k + 1;
            } else {
                field += line[k++];
            }
        }
        throw DataError(where + fieldName() + " opens a quote that is not closed");
    }

    // From just past a closing quote, over the blanks before the separator: the index of the
    // separator, or of the line's end. Throws for any other text after the quote.
    [[nodiscard]] std::size_t afterQuote(std::size_t k) const
    {
        const std::size_t n = line.size();
        while (k < n && isBlank(line[k]) && !(spaces || (sep == "\t" && line[k] == '\t'))) {
            ++k;
        }
        if (spaces) {
            while (k < n && isBlank(line[k]) && k + 1 < n && isBlank(line[k + 1])) {
                ++k;
            }
        }
        if (k < n && line.substr(k, sep.size()) != sep && !(spaces && isBlank(line[k]))) {
            throw DataError(where + fieldName() + " has text after its closing quote");
        }
        return k;
    }

    // Reads the field starting at line[i] into `out`: the index of the separator after it, or the
    // line's length when it is the last.
    [[nodiscard]] std::size_t readField(std::size_t i) const
    {
        const std::size_t j = skipBlanks(line, i);
        if (j < line.size() && line[j] == '"') {
            std::string field;
            const std::size_t k = afterQuote(readQuoted(j, field));
            out.push_back(std::move(field));
            return k;
        }
        std::size_t end = spaces ? line.find_first_of(" \t", i) : line.find(sep, i);
        if (end == std::string_view::npos) {
            end = line.size();
        }
        out.emplace_back(trim(line.substr(i, end - i)));
        return end;
    }
};

} // namespace

std::vector<std::string> splitFields(
    std::string_view line, std::string_view sep, const std::string& where)
{
    std::vector<std::string> out;
    const bool spaces = sep == " ";
    const FieldReader reader {line, sep, spaces, where, out};
    const std::size_t n = line.size();
    std::size_t i = spaces ? skipBlanks(line, 0) : 0;
    while (true) {
        const std::size_t end = reader.readField(i);
        if (end >= n) {
            return out;
        }
        i = end + (spaces ? 1 : sep.size());
        if (spaces) {
            i = skipBlanks(line, i);
            if (i >= n) {
                return out;
            }
        }
    }
}

} // namespace kdw::data
