// SPDX-License-Identifier: MIT
// The columns of a generic ratings file: whether its first line is a header, and which column
// holds the user, item, rating and timestamp (README, "Data").
#pragma once

#include <string>
#include <vector>

namespace kdw::data {

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

namespace detail {

enum Role { kUser, kItem, kRating, kTimestamp, kRoles };

// The columns of a generic file: which field holds each role (-1: none), whether line 1 is a
// header, and how many fields every line has.
struct Layout {
    int column[kRoles] = {-1, -1, -1, -1};
    bool header = false;
    std::size_t fields = 0;
};

// The layout of a generic file from the fields of its first content line (`first`, line `lineNo`
// of `file`) and of the next one (`second`: empty when there is none or it does not split; a word
// above a number in the same column marks a header of unknown names), with the roles the config
// asks for in `given`. A header's roles and unused columns are appended to `notes`. Throws
// DataError for a column in `given` that the line does not have or that two roles share, more than
// 4 fields without names, or no column for the user or the item.
Layout resolveColumns(const std::vector<std::string>& first, const std::vector<std::string>& second,
    const ColumnRoles& given, const std::string& file, long long lineNo,
    std::vector<std::string>& notes);

} // namespace detail
} // namespace kdw::data
