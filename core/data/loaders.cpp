// SPDX-License-Identifier: MIT
#include "core/data/loaders.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/common/error.h"

namespace kdw::data {
namespace {

using detail::contentLines;
using detail::isContent;
using detail::kItem;
using detail::kRating;
using detail::kRoles;
using detail::kTimestamp;
using detail::kUser;
using detail::Layout;
using detail::Lines;
using detail::parseDouble;
using detail::separatorName;
using detail::sniffSeparator;
using detail::trim;

std::string baseName(const std::string& path)
{
    return std::filesystem::path(path).filename().string();
}

// A timestamp as read: exact as an integer when it is one, else as a double (fractions, 9.7e8).
struct Time {
    std::int64_t whole = 0;
    double value = 0.0;
    bool fractional = false;
};

bool parseTime(std::string_view s, Time& out)
{
    s = trim(s);
    const auto* end = s.data() + s.size();
    if (!s.empty()) {
        auto [ptr, ec] = std::from_chars(s.data(), end, out.whole);
        if (ec == std::errc() && ptr == end) {
            out.value = static_cast<double>(out.whole);
            out.fractional = false;
            return true;
        }
    }
    if (!parseDouble(s, out.value) || std::abs(out.value) >= 9.0e18) {
        return false;
    }
    out.whole = static_cast<std::int64_t>(out.value);
    out.fractional = static_cast<double>(out.whole) != out.value;
    return true;
}

RatingFormat detectFromText(const std::string& text, const std::string& name)
{
    const std::string base = baseName(name);
    if (base == "u.data" || base == "u1.base" || base == "ua.base") {
        return RatingFormat::MovieLens100K;
    }
    std::string_view body(text);
    if (body.starts_with("\xEF\xBB\xBF")) {
        body.remove_prefix(3);
    }
    const auto first = contentLines(body, 1);
    const auto line = first.empty() ? std::string_view() : trim(first[0].second);
    if (line.find("::") != std::string_view::npos) {
        return RatingFormat::MovieLensDat;
    }
    // MovieLens' header, also behind a pandas index column (",userId,movieId,..."): the fixed
    // four-column layout, which refuses the extra column.
    if (line.starts_with("userId,movieId,rating") || line.starts_with(",userId,movieId,rating")) {
        return RatingFormat::MovieLensCsv;
    }
    return RatingFormat::Csv;
}

class IdMap {
public:
    std::int32_t get(std::string_view id, std::vector<std::string>& names)
    {
        auto [it, inserted]
            = m_ids.try_emplace(std::string(id), static_cast<std::int32_t>(names.size()));
        if (inserted) {
            names.emplace_back(id);
        }
        return it->second;
    }

private:
    std::unordered_map<std::string, std::int32_t> m_ids;
};

// Netflix Prize training files: a "MovieID:" line heads each block of customer,rating,date lines.
bool isNetflixBlockHeader(std::string_view line)
{
    line = trim(line);
    return line.size() >= 2 && line.back() == ':'
        && std::all_of(line.begin(), line.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}

// A file laid out in Netflix Prize blocks is refused, with a way out. Throws when `line` (the
// first content line) heads such a block.
void refuseNetflixBlocks(std::string_view line, const std::string& where)
{
    if (isNetflixBlockHeader(line)) {
        throw DataError(where + "'" + std::string(trim(line))
            + "' starts a Netflix Prize 'MovieID:' block; this layout is not read - flatten it to "
              "movie,customer,rating lines first (the movie id of each block on every line, dates "
              "as "
              "Unix seconds or dropped)");
    }
}

// How the lines of a file are read: their separator and columns; `fixed` for the MovieLens
// layouts of four fields in a set order.
struct Reading {
    std::string_view sep = "\t";
    Layout layout;
    bool fixed = true;
};

// The reading of a MovieLens format (fixed = false for a generic one, to be resolved).
Reading formatReading(RatingFormat format)
{
    Reading reading;
    switch (format) {
    case RatingFormat::MovieLens100K:
        break;
    case RatingFormat::MovieLensDat:
        reading.sep = "::";
        break;
    case RatingFormat::MovieLensCsv:
        reading.sep = ",";
        reading.layout.header = true;
        break;
    case RatingFormat::Csv:
    case RatingFormat::Auto:
        reading.fixed = false;
        return reading;
    }
    reading.layout.fields = 4;
    for (int r = 0; r < kRoles; ++r) {
        reading.layout.column[r] = r;
    }
    return reading;
}

// The separator and columns of a generic file from its first two content lines (the first is
// line `firstNo`, `firstLine`). Throws DataError for a first line of one field, and as
// resolveColumns does.
Reading genericReading(const std::string& text, long long firstNo, std::string_view firstLine,
    const ColumnRoles& columns, Dataset& d)
{
    const std::string firstWhere = d.name + " line " + std::to_string(firstNo) + ": ";
    Reading reading;
    reading.fixed = false;
    // The separator comes from the first line that is data: the second content line when
    // the first could be a header, so that a header's spaces or ':' do not mislead.
    const auto two = contentLines(text, 2);
    reading.sep = sniffSeparator(two.size() > 1 ? two[1].second : two[0].second);
    auto first = splitFields(firstLine, reading.sep, firstWhere);
    if (first.size() < 2 && two.size() > 1 && sniffSeparator(firstLine) != reading.sep) {
        // a one-column header over data: trust the first line
        reading.sep = sniffSeparator(firstLine);
        first = splitFields(firstLine, reading.sep, firstWhere);
    }
    if (first.size() < 2) {
        throw DataError(firstWhere
            + "found 1 field; expected 2 to 4 (user,item[,rating[,timestamp]]) separated "
              "by ',', tab, ';', '::' or spaces");
    }
    std::vector<std::string> second;
    if (two.size() > 1) {
        try {
            second = splitFields(two[1].second, reading.sep, firstWhere);
        } catch (const DataError&) {
            // the line is refused with its own number when it is read
        }
    }
    reading.layout = detail::resolveColumns(first, second, columns, d.name, firstNo, d.notes);
    return reading;
}

// The users and items seen so far, each id with its dense index.
struct Ids {
    IdMap users;
    IdMap items;
};

// " (a decimal comma? ...)" when the field reads as a number with its comma taken as the point.
std::string decimalCommaHint(const std::string& field)
{
    auto dotted = field;
    std::replace(dotted.begin(), dotted.end(), ',', '.');
    double v = 0.0;
    if (dotted == field || !parseDouble(dotted, v)) {
        return {};
    }
    return " (a decimal comma? write it as " + dotted + ")";
}

// The interaction in one data line's fields, its ids added to `d`; `t` gets its time as read
// (the interaction's index in the file when there is no timestamp column). Throws DataError
// prefixed with `where` for an empty id or a rating or timestamp that is not a number.
Interaction toInteraction(const std::vector<std::string>& fields, const Layout& layout,
    const std::string& where, Ids& ids, Dataset& d, Time& t)
{
    const auto& userId = fields[static_cast<std::size_t>(layout.column[kUser])];
    const auto& itemId = fields[static_cast<std::size_t>(layout.column[kItem])];
    if (userId.empty() || itemId.empty()) {
        throw DataError(where + (userId.empty() ? "the user id is empty" : "the item id is empty"));
    }
    Interaction x;
    x.order = static_cast<std::int64_t>(d.interactions.size());
    x.user = ids.users.get(userId, d.userIds);
    x.item = ids.items.get(itemId, d.itemIds);
    if (layout.column[kRating] >= 0) {
        const auto& field = fields[static_cast<std::size_t>(layout.column[kRating])];
        double r = 0.0;
        if (!parseDouble(field, r)) {
            throw DataError(
                where + "the rating '" + field + "' is not a number" + decimalCommaHint(field));
        }
        x.rating = static_cast<float>(r);
    }
    if (layout.column[kTimestamp] >= 0) {
        const auto& field = fields[static_cast<std::size_t>(layout.column[kTimestamp])];
        if (!parseTime(field, t)) {
            throw DataError(where + "the timestamp '" + field + "' is not a number");
        }
    } else {
        t.whole = static_cast<std::int64_t>(d.interactions.size());
        t.value = static_cast<double>(t.whole);
    }
    x.timestamp = t.whole;
    return x;
}

// Where a generic file's field count came from, when it is an earlier data line that may be the
// odd one out: " (line 1, the first data line, has 3)".
std::string fieldCountOrigin(const Reading& reading, long long firstData, long long here)
{
    if (reading.fixed || reading.layout.header || firstData == 0 || firstData == here) {
        return {};
    }
    return " (line " + std::to_string(firstData) + ", the first data line, has "
        + std::to_string(reading.layout.fields) + ")";
}

// One stage of a load: its own progress `at` in [0, 1] is [from, to] of the whole; each report
// is also where a stop is honoured (throws Cancelled).
struct Stage {
    const LoadHooks* hooks = nullptr;
    double from = 0.0;
    double to = 1.0;
    void report(double at) const
    {
        throwIfStopped(hooks->stop);
        if (hooks->progress) {
            hooks->progress(from + (to - from) * at);
        }
    }
};

constexpr long long kLinesPerReport = 16384;
constexpr std::size_t kReadChunk = std::size_t(4) << 20U;

// Every interaction of the text into `d`, and each one's time as read, reporting to `stage` every
// kLinesPerReport lines. Throws DataError naming the line for a short header, a line with the
// wrong number of fields, and as toInteraction does; Cancelled when the stage's stop asks.
std::vector<Time> readInteractions(
    const std::string& text, const Reading& reading, Dataset& d, const Stage& stage)
{
    const Layout& layout = reading.layout;
    Ids ids;
    std::vector<Time> times;
    Lines lines(text);
    std::string_view line;
    bool first = true;
    long long firstData = 0; // the number of the first data line
    while (lines.next(line)) {
        if (lines.number() % kLinesPerReport == 0) {
            stage.report(static_cast<double>(line.data() - text.data())
                / static_cast<double>(std::max<std::size_t>(text.size(), 1)));
        }
        if (!isContent(line)) {
            continue;
        }
        const std::string where = d.name + " line " + std::to_string(lines.number()) + ": ";
        const auto fields = splitFields(line, reading.sep, where);
        const bool isHeader = first && layout.header;
        first = false;
        if (isHeader && reading.fixed && fields.size() < layout.fields) {
            throw DataError(where + "the header has " + std::to_string(fields.size())
                + " fields, expected at least " + std::to_string(layout.fields));
        }
        if (isHeader) {
            continue;
        }
        if (firstData == 0) {
            firstData = lines.number();
        }
        if (fields.size() != layout.fields) {
            throw DataError(where + "expected " + std::to_string(layout.fields)
                + " fields separated by " + separatorName(reading.sep) + ", found "
                + std::to_string(fields.size())
                + fieldCountOrigin(reading, firstData, lines.number()));
        }
        Time t;
        d.interactions.push_back(toInteraction(fields, layout, where, ids, d, t));
        times.push_back(t);
    }
    return times;
}

// Fractions of a second: the order is what the split needs, so each time becomes its rank
// among the distinct times (equal times stay equal).
void rankFractionalTimes(const std::vector<Time>& times, Dataset& d)
{
    std::vector<double> distinct;
    distinct.reserve(times.size());
    for (const auto& t : times) {
        distinct.push_back(t.value);
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (std::size_t k = 0; k < times.size(); ++k) {
        d.interactions[k].timestamp
            = std::lower_bound(distinct.begin(), distinct.end(), times[k].value) - distinct.begin();
    }
    d.notes.push_back(d.name + ": timestamps have fractions of a second; their order is kept");
}

} // namespace

RatingFormat parseRatingFormat(const std::string& name)
{
    if (name.empty() || name == "auto") {
        return RatingFormat::Auto;
    }
    if (name == "movielens100k" || name == "u.data") {
        return RatingFormat::MovieLens100K;
    }
    if (name == "movielens_dat" || name == "ratings.dat") {
        return RatingFormat::MovieLensDat;
    }
    if (name == "movielens_csv" || name == "ratings.csv") {
        return RatingFormat::MovieLensCsv;
    }
    if (name == "csv" || name == "tsv") {
        return RatingFormat::Csv;
    }
    throw DataError("unknown rating file format '" + name
        + "' (expected auto, movielens100k, movielens_dat, movielens_csv or csv)");
}

std::string toString(RatingFormat format)
{
    switch (format) {
    case RatingFormat::Auto:
        return "auto";
    case RatingFormat::MovieLens100K:
        return "movielens100k";
    case RatingFormat::MovieLensDat:
        return "movielens_dat";
    case RatingFormat::MovieLensCsv:
        return "movielens_csv";
    case RatingFormat::Csv:
        return "csv";
    }
    return "auto";
}

RatingFormat detectFormat(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw DataError(path + ": cannot open the file");
    }
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return detectFromText(head, path);
}

namespace {

// parseRatings, reporting to `stage`.
Dataset parseStaged(const std::string& bytes, const std::string& name, RatingFormat format,
    const ColumnRoles& columns, const Stage& stage)
{
    Dataset d;
    d.name = baseName(name);
    const std::string text = decodeText(bytes, d.name, d.notes);
    if (format == RatingFormat::Auto) {
        format = detectFromText(text, name);
    }
    const auto head = contentLines(text, 1);
    if (head.empty()) {
        throw DataError(d.name + ": the file contains no interactions");
    }
    const auto [firstNo, firstLine] = head[0];
    refuseNetflixBlocks(firstLine, d.name + " line " + std::to_string(firstNo) + ": ");
    Reading reading = formatReading(format);
    if (!reading.fixed) {
        reading = genericReading(text, firstNo, firstLine, columns, d);
    }
    const auto times = readInteractions(text, reading, d, stage);
    if (d.interactions.empty()) {
        throw DataError(d.name + ": the file contains no interactions");
    }
    if (std::any_of(times.begin(), times.end(), [](const Time& t) { return t.fractional; })) {
        rankFractionalTimes(times, d);
    }
    d.numUsers = static_cast<std::int32_t>(d.userIds.size());
    d.numItems = static_cast<std::int32_t>(d.itemIds.size());
    d.hasRatings = reading.layout.column[kRating] >= 0;
    d.hasTimestamps = reading.layout.column[kTimestamp] >= 0;
    stage.report(1.0);
    return d;
}

// The bytes of an open file in chunks of kReadChunk, reporting to `stage` after each one.
std::string readAll(std::ifstream& in, const std::string& path, const Stage& stage)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    std::string bytes;
    if (!ec) {
        bytes.reserve(static_cast<std::size_t>(size));
    }
    std::string chunk(kReadChunk, '\0');
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (!ec && size > 0) {
            stage.report(
                std::min(1.0, static_cast<double>(bytes.size()) / static_cast<double>(size)));
        }
    }
    if (in.bad()) {
        throw DataError(path + ": read error");
    }
    return bytes;
}

} // namespace

Dataset parseRatings(const std::string& bytes, const std::string& name, RatingFormat format,
    const ColumnRoles& columns, const LoadHooks& hooks)
{
    return parseStaged(bytes, name, format, columns, {&hooks, 0.0, 1.0});
}

Dataset loadRatings(const std::string& path, RatingFormat format, const ColumnRoles& columns,
    const LoadHooks& hooks)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw DataError(path + ": no such file");
    }
    if (std::filesystem::is_directory(path, ec)) {
        throw DataError(path + ": is a directory, not a ratings file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw DataError(path + ": cannot open the file for reading");
    }
    // Reading takes about a fifth of the time of parsing, per byte.
    constexpr double kReadShare = 0.2;
    const auto bytes = readAll(in, path, {&hooks, 0.0, kReadShare});
    auto d = parseStaged(bytes, path, format, columns, {&hooks, kReadShare, 1.0});
    d.name = baseName(path);
    return d;
}

} // namespace kdw::data
