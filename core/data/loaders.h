// SPDX-License-Identifier: MIT
// Readers for rating files: MovieLens 100K (u.data), 1M/10M (ratings.dat), the 'latest' sets'
// ratings.csv, and generic delimited text of user,item[,rating[,timestamp]] with arbitrary string
// ids, columns found by position, by the header's names or by the config (README, "Data").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/data/columns.h"
#include "core/data/dataset.h"
#include "core/data/delimited.h"
#include "core/data/text_decoding.h"

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

// How a long read reports and stops, for callers on a worker thread. `progress` gets the fraction
// of the work done, in [0, 1] and non-decreasing, about every 16,384 lines or 4 MiB read (never
// when empty); a stop requested through `stop` makes the reader throw Cancelled at the next such
// point. Both are called on the reading thread.
struct LoadHooks {
    StopToken stop;
    std::function<void(double fraction)> progress;
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
// rating/timestamp; throws Cancelled when `hooks.stop` asks.
Dataset loadRatings(const std::string& path, RatingFormat format = RatingFormat::Auto,
    const ColumnRoles& columns = {}, const LoadHooks& hooks = {});

// The same, from the bytes of a file already in memory (used by tests and fuzzing); `name`
// stands for the file.
Dataset parseRatings(const std::string& bytes, const std::string& name, RatingFormat format,
    const ColumnRoles& columns = {}, const LoadHooks& hooks = {});

} // namespace kdw::data
