// SPDX-License-Identifier: MIT
// Delimited text: physical lines, the separator of a generic file and the fields of one line,
// RFC 4180 quotes included (README, "Data").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kdw::data {

// The fields of one line (no line end) separated by `sep` (",", ";", "\t", "::", or " " for runs
// of spaces and tabs). A field may be quoted (RFC 4180): "" and \" inside stand for a quote.
// Unquoted fields are trimmed of spaces and tabs. Throws DataError prefixed with `where` for a
// quote that is not closed or text after a closing quote.
std::vector<std::string> splitFields(
    std::string_view line, std::string_view sep, const std::string& where);

namespace detail {

// `s` without leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);

// Reads a whole (trimmed) field as a finite number into `out`; false when it is not one.
bool parseDouble(std::string_view s, double& out);

// Physical lines of the text, numbered from 1; LF, CRLF and CR alone all end a line. Views into
// the text, which must outlive the object.
class Lines {
public:
    explicit Lines(std::string_view text)
        : m_rest(text)
    {
    }
    // The next line (without its end) into `line`; false at the end of the text.
    bool next(std::string_view& line);
    // The number of the line `next` gave last (1-based).
    [[nodiscard]] long long number() const { return m_number; }

private:
    std::string_view m_rest;
    long long m_number = 0;
};

// Whether a line holds data: not blank and not a '#' comment.
bool isContent(std::string_view line);

// The first `n` content lines (not blank, not comments) and their numbers.
std::vector<std::pair<long long, std::string_view>> contentLines(
    std::string_view text, std::size_t n);

// The separator of a generic file, guessed from one data line: '::', tab, ';', ',' in that
// order, else runs of spaces (" "). Separators inside quotes do not count.
std::string_view sniffSeparator(std::string_view line);

// A separator as messages name it: "'\t'", "spaces", "','".
std::string separatorName(std::string_view sep);

} // namespace detail
} // namespace kdw::data
