// SPDX-License-Identifier: MIT
#include "core/data/loaders.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/common/error.h"

namespace kdw::data {
namespace {

std::string baseName(const std::string& path)
{
    return std::filesystem::path(path).filename().string();
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t' ||
                          s.front() == '"')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t' ||
                          s.back() == '"')) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string_view> split(std::string_view line, std::string_view sep)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = line.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(line.substr(start));
            return out;
        }
        out.push_back(line.substr(start, pos - start));
        start = pos + sep.size();
    }
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

bool parseInt64(std::string_view s, std::int64_t& out)
{
    s = trim(s);
    if (s.empty()) {
        return false;
    }
    const auto* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, out);
    if (ec == std::errc() && ptr == end) {
        return true;
    }
    double d = 0.0; // some exports write timestamps as 9.7e8 or 978300760.0
    if (parseDouble(s, d) && std::abs(d) < 9.0e18) {
        out = static_cast<std::int64_t>(d);
        return true;
    }
    return false;
}

std::string_view firstLine(std::string_view text)
{
    const auto nl = text.find('\n');
    return trim(nl == std::string_view::npos ? text : text.substr(0, nl));
}

// The separator of a generic CSV/TSV file, chosen from its first line.
std::string_view sniffSeparator(std::string_view line)
{
    if (line.find("::") != std::string_view::npos) {
        return "::";
    }
    if (line.find('\t') != std::string_view::npos) {
        return "\t";
    }
    if (line.find(';') != std::string_view::npos) {
        return ";";
    }
    return ",";
}

RatingFormat detectFromText(const std::string& text, const std::string& name)
{
    const std::string base = baseName(name);
    const auto line = firstLine(text);
    if (base == "u.data" || base == "u1.base" || base == "ua.base") {
        return RatingFormat::MovieLens100K;
    }
    if (line.find("::") != std::string_view::npos) {
        return RatingFormat::MovieLensDat;
    }
    if (line.starts_with("userId,movieId,rating")) {
        return RatingFormat::MovieLensCsv;
    }
    return RatingFormat::Csv;
}

class IdMap {
public:
    std::int32_t get(std::string_view id, std::vector<std::string>& names)
    {
        auto [it, inserted] = m_ids.try_emplace(std::string(id), static_cast<std::int32_t>(names.size()));
        if (inserted) {
            names.emplace_back(id);
        }
        return it->second;
    }

private:
    std::unordered_map<std::string, std::int32_t> m_ids;
};

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
    throw DataError("unknown rating file format '" + name +
                    "' (expected auto, movielens100k, movielens_dat, movielens_csv or csv)");
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

Dataset parseRatings(const std::string& text, const std::string& name, RatingFormat format)
{
    if (text.find('\0') != std::string::npos) {
        throw DataError(name + ": not a text file (it contains NUL bytes)");
    }
    if (format == RatingFormat::Auto) {
        format = detectFromText(text, name);
    }
    std::string_view sep = "\t";
    std::size_t minFields = 4;
    std::size_t maxFields = 4;
    bool header = false;
    switch (format) {
    case RatingFormat::MovieLens100K:
        break;
    case RatingFormat::MovieLensDat:
        sep = "::";
        break;
    case RatingFormat::MovieLensCsv:
        sep = ",";
        header = true;
        break;
    case RatingFormat::Csv:
    case RatingFormat::Auto:
        sep = sniffSeparator(firstLine(text));
        minFields = 2;
        break;
    }

    Dataset d;
    d.name = baseName(name);
    IdMap users;
    IdMap items;
    std::size_t fieldsSeen = 0;
    std::string_view rest(text);
    long long lineNo = 0;
    bool first = true;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        ++lineNo;
        if (first && line.starts_with("\xEF\xBB\xBF")) {
            line.remove_prefix(3); // UTF-8 byte order mark
        }
        if (trim(line).empty() || trim(line).starts_with('#')) {
            continue;
        }
        auto fields = split(line, sep);
        const std::string where = d.name + " line " + std::to_string(lineNo) + ": ";
        if (first) {
            first = false;
            double probe = 0.0;
            // A generic file has a header when its rating (or, with two fields, its first) column is
            // not a number; ids themselves may be any string.
            const bool looksLikeHeader =
                format == RatingFormat::Csv &&
                ((fields.size() >= 3 && !parseDouble(fields[2], probe)) ||
                 (fields.size() == 2 && trim(fields[0]).find_first_of("0123456789") ==
                                            std::string_view::npos));
            if (header || looksLikeHeader) {
                if (fields.size() < minFields) {
                    throw DataError(where + "the header has " + std::to_string(fields.size()) +
                                    " fields, expected at least " + std::to_string(minFields));
                }
                if (format == RatingFormat::Csv) {
                    maxFields = std::min<std::size_t>(fields.size(), 4);
                    minFields = maxFields;
                }
                continue;
            }
            if (format == RatingFormat::Csv) {
                maxFields = std::min<std::size_t>(fields.size(), 4);
                minFields = std::max<std::size_t>(2, maxFields);
            }
        }
        if (fields.size() < minFields || fields.size() > maxFields) {
            const std::string expected = minFields == maxFields
                                             ? std::to_string(minFields)
                                             : std::to_string(minFields) + " to " +
                                                   std::to_string(maxFields);
            throw DataError(where + "expected " + expected + " fields separated by '" +
                            (sep == "\t" ? std::string("\\t") : std::string(sep)) + "', found " +
                            std::to_string(fields.size()));
        }
        fieldsSeen = std::max(fieldsSeen, fields.size());
        const auto userId = trim(fields[0]);
        const auto itemId = trim(fields[1]);
        if (userId.empty() || itemId.empty()) {
            throw DataError(where + (userId.empty() ? "the user id is empty" : "the item id is empty"));
        }
        Interaction x;
        x.user = users.get(userId, d.userIds);
        x.item = items.get(itemId, d.itemIds);
        if (fields.size() >= 3) {
            double r = 0.0;
            if (!parseDouble(fields[2], r)) {
                throw DataError(where + "the rating '" + std::string(trim(fields[2])) +
                                "' is not a number");
            }
            x.rating = static_cast<float>(r);
        }
        if (fields.size() >= 4) {
            if (!parseInt64(fields[3], x.timestamp)) {
                throw DataError(where + "the timestamp '" + std::string(trim(fields[3])) +
                                "' is not a number");
            }
        } else {
            x.timestamp = static_cast<std::int64_t>(d.interactions.size());
        }
        d.interactions.push_back(x);
    }
    if (d.interactions.empty()) {
        throw DataError(d.name + ": the file contains no interactions");
    }
    d.numUsers = static_cast<std::int32_t>(d.userIds.size());
    d.numItems = static_cast<std::int32_t>(d.itemIds.size());
    d.hasRatings = fieldsSeen >= 3;
    d.hasTimestamps = fieldsSeen >= 4;
    return d;
}

Dataset loadRatings(const std::string& path, RatingFormat format)
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
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        throw DataError(path + ": read error");
    }
    auto d = parseRatings(buffer.str(), path, format);
    d.name = baseName(path);
    return d;
}

} // namespace kdw::data
