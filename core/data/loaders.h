// SPDX-License-Identifier: MIT
// Readers for rating files: MovieLens 100K (u.data), 1M/10M (ratings.dat), the 'latest' sets'
// ratings.csv, and generic CSV/TSV of user,item[,rating[,timestamp]] with arbitrary string ids.
#pragma once

#include <string>

#include "core/data/dataset.h"

namespace kdw::data {

enum class RatingFormat {
    Auto,        // detect from the name and the first lines
    MovieLens100K, // u.data: user \t item \t rating \t timestamp, no header
    MovieLensDat,  // ratings.dat: user::item::rating::timestamp, no header
    MovieLensCsv,  // ratings.csv: userId,movieId,rating,timestamp with a header
    Csv,           // user,item[,rating[,timestamp]], comma, tab or semicolon, optional header
};

RatingFormat parseRatingFormat(const std::string& name); // "auto", "movielens100k", ... ; throws DataError
std::string toString(RatingFormat format);

// Detects the format of a file from its name and first line. Throws DataError if it cannot.
RatingFormat detectFormat(const std::string& path);

// Reads every interaction; ids are remapped to dense indices in order of first appearance.
// Throws DataError naming the file and line for a missing or unreadable file, a file that is not
// text, an empty file, a line with the wrong number of fields, or a non-numeric rating/timestamp.
Dataset loadRatings(const std::string& path, RatingFormat format = RatingFormat::Auto);

// The same, from text already in memory (used by tests and fuzzing); `name` stands for the file.
Dataset parseRatings(const std::string& text, const std::string& name, RatingFormat format);

} // namespace kdw::data
