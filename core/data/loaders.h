// SPDX-License-Identifier: MIT
// Readers for rating files: MovieLens 100K (u.data), 1M/10M (ratings.dat), the 'latest' sets'
// ratings.csv, and generic delimited text of user,item[,rating[,timestamp]] with arbitrary string
// ids, columns found by position, by the header's names or by the config (README, "Data").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/data/dataset.h"

namespace kdw::data {

enum class RatingFormat {
    Auto, // detect from the name and the first lines
    MovieLens100K, // u.data: user \t item \t rating \t timestamp, no header
    MovieLensDat, // ratings.dat: user::item::rating::timestamp, no header
    MovieLensCsv, // ratings.csv: userId,movieId,rating,timestamp with a header
    Csv, // user,item[,rating[,timestamp]], any separator, optional header, named columns
};

RatingFormat parseRatingFormat(
    const std::string& name); // "auto", "movielens100k", ... ; throws DataError
std::string toString(RatingFormat format);

// Which column of a generic (Csv) file holds each role: a header name ("user_id", matched as
// written or case-insensitively without a RecBole ":type" suffix) or a 1-based position ("3").
// Empty: the header's name for the role when the header has one, else the role's position
// (user 1, item 2, rating 3, timestamp 4) in a file without a header.
struct ColumnRoles {
    std::string user;
    std::string item;
    std::string rating;
    std::string timestamp;
};

// Detects the format of a file from its name and first line. Throws DataError if it cannot.
RatingFormat detectFormat(const std::string& path);

// Reads every interaction; ids are remapped to dense indices in order of first appearance.
// Text: UTF-8 with or without a byte-order mark, UTF-16 with one (converted), bytes that are not
// UTF-8 read as Latin-1; LF, CRLF or CR line ends; '#' comment lines and blank lines skipped.
// Generic files: separator ',', tab, ';', '::' or runs of spaces, guessed from the first data
// line; RFC 4180 quoted fields; a first line is a header only when it cannot be data, and the
// dataset's notes say so. Throws DataError naming the file and line for a missing or unreadable
// file, a file that is not text, an empty file, a line with the wrong number of fields, an
// unsupported layout (Netflix Prize blocks), an unknown column in `columns`, or a non-numeric
// rating/timestamp.
Dataset loadRatings(const std::string& path, RatingFormat format = RatingFormat::Auto,
    const ColumnRoles& columns = {});

// The same, from the bytes of a file already in memory (used by tests and fuzzing); `name`
// stands for the file.
Dataset parseRatings(const std::string& text, const std::string& name, RatingFormat format,
    const ColumnRoles& columns = {});

// The text of a file as UTF-8: strips a UTF-8 byte-order mark, converts UTF-16 (with its mark) and
// reads bytes that are not UTF-8 as Latin-1. Appends what it did to `notes`. Throws DataError for
// text with NUL bytes and no UTF-16 mark, or UTF-16 with an odd number of bytes.
std::string decodeText(
    const std::string& bytes, const std::string& name, std::vector<std::string>& notes);

// The fields of one line (no line end) separated by `sep` (",", ";", "\t", "::", or " " for runs
// of spaces and tabs). A field may be quoted (RFC 4180): "" and \" inside stand for a quote.
// Unquoted fields are trimmed of spaces and tabs. Throws DataError prefixed with `where` for a
// quote that is not closed or text after a closing quote.
std::vector<std::string> splitFields(
    std::string_view line, std::string_view sep, const std::string& where);

} // namespace kdw::data
