// SPDX-License-Identifier: MIT
#include "core/data/loaders.h"

#include <algorithm>
#include <cctype>
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

void appendUtf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The length of the valid UTF-8 sequence at s[i], or 0 when the byte there does not start one.
std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (b < 0x80) {
        return 1;
    }
    if ((b & 0xE0) == 0xC0) {
        n = 2;
        min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
        n = 3;
        min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    std::uint32_t cp = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    const bool valid = cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    return valid ? n : 0;
}

std::string fromUtf16(std::string_view bytes, bool bigEndian)
{
    std::string out;
    out.reserve(bytes.size() / 2);
    const auto unit = [&](std::size_t i) {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return static_cast<std::uint32_t>(bigEndian ? (a << 8) | b : (b << 8) | a);
    };
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
            const auto lo = unit(i + 2);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        appendUtf8(out, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFDU : cp);
    }
    return out;
}

// Physical lines of the text, numbered from 1; LF, CRLF and CR alone all end a line.
class Lines {
public:
    explicit Lines(std::string_view text)
        : m_rest(text)
    {
    }
    bool next(std::string_view& line)
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
            const bool crlf
                = m_rest[end] == '\r' && end + 1 < m_rest.size() && m_rest[end + 1] == '\n';
            m_rest.remove_prefix(end + (crlf ? 2 : 1));
        }
        return true;
    }
    [[nodiscard]] long long number() const { return m_number; }

private:
    std::string_view m_rest;
    long long m_number = 0;
};

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
std::string unquoted(std::string_view line)
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

// The separator of a generic file, guessed from one data line: '::', tab, ';', ',' in that
// order, else runs of spaces.
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

// A header name as compared with the role words: lower case, without a RecBole ":type" suffix,
// '-' and ' ' read as '_'.
std::string normalizedName(std::string_view name)
{
    name = trim(name);
    if (const auto colon = name.find(':'); colon != std::string_view::npos) {
        name = name.substr(0, colon);
    }
    std::string out;
    for (char c : name) {
        out += c == '-' || c == ' '
            ? '_'
            : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

enum Role { kUser, kItem, kRating, kTimestamp, kRoles };
constexpr const char* kRoleNames[kRoles] = {"user", "item", "rating", "timestamp"};

// The role a header name stands for, or -1: the names of MovieLens, RecBole, LibRec, Amazon,
// Book-Crossing, Jester, Steam and the RecSys challenges' files.
int roleOfName(std::string_view raw)
{
    static const std::vector<std::pair<std::string_view, Role>> kNames = {
        {"user", kUser},
        {"user_id", kUser},
        {"userid", kUser},
        {"uid", kUser},
        {"users", kUser},
        {"customer", kUser},
        {"customer_id", kUser},
        {"customerid", kUser},
        {"reviewer", kUser},
        {"reviewer_id", kUser},
        {"reviewerid", kUser},
        {"visitorid", kUser},
        {"visitor_id", kUser},
        {"session_id", kUser},
        {"sessionid", kUser},
        {"member_id", kUser},
        {"item", kItem},
        {"item_id", kItem},
        {"itemid", kItem},
        {"iid", kItem},
        {"items", kItem},
        {"movie", kItem},
        {"movie_id", kItem},
        {"movieid", kItem},
        {"product", kItem},
        {"product_id", kItem},
        {"productid", kItem},
        {"asin", kItem},
        {"isbn", kItem},
        {"book", kItem},
        {"book_id", kItem},
        {"bookid", kItem},
        {"game", kItem},
        {"game_id", kItem},
        {"gameid", kItem},
        {"joke", kItem},
        {"joke_id", kItem},
        {"jokeid", kItem},
        {"track", kItem},
        {"track_id", kItem},
        {"song", kItem},
        {"song_id", kItem},
        {"artist", kItem},
        {"artist_id", kItem},
        {"business_id", kItem},
        {"anime_id", kItem},
        {"recipe_id", kItem},
        {"article_id", kItem},
        {"rating", kRating},
        {"ratings", kRating},
        {"score", kRating},
        {"stars", kRating},
        {"book_rating", kRating},
        {"rate", kRating},
        {"preference", kRating},
        {"overall", kRating},
        {"timestamp", kTimestamp},
        {"time", kTimestamp},
        {"ts", kTimestamp},
        {"datetime", kTimestamp},
        {"date", kTimestamp},
        {"created_at", kTimestamp},
        {"unixreviewtime", kTimestamp},
        {"unix_timestamp", kTimestamp},
    };
    const auto name = normalizedName(raw);
    for (const auto& [word, role] : kNames) {
        if (name == word) {
            return role;
        }
    }
    return -1;
}

bool isNumber(std::string_view s)
{
    double d = 0.0;
    return parseDouble(s, d);
}

bool isPosition(std::string_view s)
{
    return !s.empty() && s.size() < 6
        && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Netflix Prize training files: a "MovieID:" line heads each block of customer,rating,date lines.
bool isNetflixBlockHeader(std::string_view line)
{
    line = trim(line);
    return line.size() >= 2 && line.back() == ':'
        && std::all_of(line.begin(), line.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

// The columns of a generic file: which field holds each role (-1: none), whether line 1 is a
// header, and how many fields every line has.
struct Layout {
    int column[kRoles] = {-1, -1, -1, -1};
    bool header = false;
    std::size_t fields = 0;
};

// `second` holds the fields of the next content line (empty when there is none or it does not
// split): a word above a number in the same column marks a header of unknown names.
Layout resolveColumns(const std::vector<std::string>& first, const std::vector<std::string>& second,
    const ColumnRoles& given, const std::string& file, long long lineNo,
    std::vector<std::string>& notes)
{
    const std::string where = file + " line " + std::to_string(lineNo) + ": ";
    const std::string* asked[kRoles] = {&given.user, &given.item, &given.rating, &given.timestamp};
    Layout l;
    l.fields = first.size();
    bool namesAsked = false;
    for (const auto* a : asked) {
        namesAsked = namesAsked || (!a->empty() && !isPosition(*a));
    }
    // A first line is a header when it cannot be data: the config names columns by header name,
    // a rating or timestamp column (by position) is not a number, or every field is a word and
    // one of them names a role or stands above a number on the next line.
    int known = 0;
    bool allWords = true;
    for (const auto& f : first) {
        known += roleOfName(f) >= 0 ? 1 : 0;
        allWords = allWords && !isNumber(f);
    }
    const int ratingAt
        = given.rating.empty() ? 2 : (isPosition(given.rating) ? std::stoi(given.rating) - 1 : -1);
    const int timeAt = given.timestamp.empty()
        ? 3
        : (isPosition(given.timestamp) ? std::stoi(given.timestamp) - 1 : -1);
    const auto notNumberAt = [&](int c) {
        return c >= 0 && static_cast<std::size_t>(c) < first.size()
            && !isNumber(first[static_cast<std::size_t>(c)]);
    };
    bool aboveNumber = false;
    for (std::size_t k = 0; k < first.size() && k < second.size(); ++k) {
        aboveNumber = aboveNumber || isNumber(second[k]);
    }
    l.header = namesAsked || (allWords && (known > 0 || aboveNumber)) || notNumberAt(ratingAt)
        || notNumberAt(timeAt);

    bool used[256] = {};
    const auto assign = [&](int role, int c) {
        l.column[role] = c;
        if (c >= 0 && c < 256) {
            used[c] = true;
        }
    };
    // The config's choices first.
    for (int r = 0; r < kRoles; ++r) {
        const auto& a = *asked[r];
        if (a.empty()) {
            continue;
        }
        int c = -1;
        if (isPosition(a)) {
            c = std::stoi(a) - 1;
            if (c < 0 || static_cast<std::size_t>(c) >= first.size()) {
                throw DataError(where + "dataset.columns." + kRoleNames[r] + " is column " + a
                    + ", but the line has " + std::to_string(first.size()) + " fields");
            }
        } else {
            for (std::size_t k = 0; k < first.size() && c < 0; ++k) {
                if (trim(first[k]) == a) {
                    c = static_cast<int>(k);
                }
            }
            for (std::size_t k = 0; k < first.size() && c < 0; ++k) {
                if (normalizedName(first[k]) == normalizedName(a)) {
                    c = static_cast<int>(k);
                }
            }
            if (c < 0) {
                throw DataError(where + "dataset.columns." + kRoleNames[r] + " names '" + a
                    + "', which the header does not have (it has: " + joinNames(first) + ")");
            }
        }
        if (c < 256 && used[c]) {
            throw DataError(
                where + "dataset.columns names column " + std::to_string(c + 1) + " for two roles");
        }
        assign(r, c);
    }
    if (l.header && known > 0) {
        // Roles by the header's names; a role named twice takes the first column.
        for (std::size_t k = 0; k < first.size() && k < 256; ++k) {
            const int r = roleOfName(first[k]);
            if (r >= 0 && l.column[r] < 0 && !used[k]) {
                assign(r, static_cast<int>(k));
            }
        }
        // Ids are never optional: unnamed, they are the leftmost columns left.
        for (int r : {kUser, kItem}) {
            for (std::size_t k = 0; k < first.size() && k < 256 && l.column[r] < 0; ++k) {
                if (!used[k] && roleOfName(first[k]) < 0) {
                    assign(r, static_cast<int>(k));
                }
            }
        }
    } else {
        // By position: user, item, rating, timestamp, each where no other role is.
        for (int r = 0; r < kRoles; ++r) {
            if (l.column[r] < 0 && static_cast<std::size_t>(r) < first.size() && !used[r]
                && (r <= kItem || asked[r]->empty())) {
                assign(r, r);
            }
        }
        if (!namesAsked && given.user.empty() && given.item.empty() && given.rating.empty()
            && given.timestamp.empty() && first.size() > 4) {
            throw DataError(where + "found " + std::to_string(first.size())
                + " fields; without a header naming them, expected 2 to 4 "
                  "(user,item[,rating[,timestamp]]) "
                  "- name the columns in a header or in dataset.columns");
        }
    }
    if (l.column[kUser] < 0 || l.column[kItem] < 0) {
        throw DataError(where + "no column for the "
            + std::string(l.column[kUser] < 0 ? "user" : "item")
            + " id (the header has: " + joinNames(first) + "); name it in dataset.columns");
    }
    if (l.header) {
        std::string roles;
        for (int r = 0; r < kRoles; ++r) {
            if (l.column[r] >= 0) {
                roles += std::string(roles.empty() ? "" : ", ") + kRoleNames[r] + " = '"
                    + std::string(trim(first[static_cast<std::size_t>(l.column[r])])) + "'";
            }
        }
        notes.push_back(file + " line " + std::to_string(lineNo) + " taken as a header: " + roles);
        for (std::size_t k = 0; k < first.size(); ++k) {
            if (k >= 256 || !used[k]) {
                notes.push_back(file + ": column " + std::to_string(k + 1) + " '"
                    + std::string(trim(first[k]))
                    + "' is not used (not a user, item, rating or timestamp name; see "
                      "dataset.columns)");
            }
        }
    }
    return l;
}

} // namespace

std::string decodeText(
    const std::string& bytes, const std::string& name, std::vector<std::string>& notes)
{
    std::string_view in(bytes);
    const bool le = in.starts_with("\xFF\xFE");
    const bool be = in.starts_with("\xFE\xFF");
    if (le || be) {
        const std::string mark = le ? "FF FE" : "FE FF";
        if (in.size() % 2 != 0) {
            throw DataError(name + " is UTF-16 encoded (byte-order mark " + mark
                + ") but has an odd number of bytes; save it as UTF-8");
        }
        notes.push_back(
            name + " read as UTF-16" + (le ? "LE" : "BE") + " (byte-order mark " + mark + ")");
        in.remove_prefix(2);
        return fromUtf16(in, be);
    }
    if (in.find('\0') != std::string_view::npos) {
        // UTF-16 without a mark: every other byte of ASCII text is NUL.
        std::size_t evenNul = 0;
        std::size_t oddNul = 0;
        const auto probe = std::min<std::size_t>(in.size(), 256);
        for (std::size_t i = 0; i < probe; ++i) {
            (i % 2 == 0 ? evenNul : oddNul) += in[i] == '\0' ? 1 : 0;
        }
        if (probe >= 4 && std::max(evenNul, oddNul) * 2 >= probe * 9 / 10
            && std::min(evenNul, oddNul) == 0) {
            throw DataError(name
                + ": looks like UTF-16 without a byte-order mark; save it as UTF-8 (or as UTF-16 "
                  "with a byte-order mark)");
        }
        throw DataError(name + ": not a text file (it contains NUL bytes)");
    }
    if (in.starts_with("\xEF\xBB\xBF")) {
        in.remove_prefix(3);
    }
    std::string out;
    out.reserve(in.size());
    std::size_t latin1 = 0;
    for (std::size_t i = 0; i < in.size();) {
        const auto n = utf8Length(in, i);
        if (n == 0) {
            appendUtf8(out, static_cast<unsigned char>(in[i])); // Latin-1: byte = code point
            ++latin1;
            ++i;
        } else {
            out.append(in.substr(i, n));
            i += n;
        }
    }
    if (latin1 > 0) {
        notes.push_back(
            name + ": " + std::to_string(latin1) + " byte(s) that are not UTF-8 read as Latin-1");
    }
    return out;
}

std::vector<std::string> splitFields(
    std::string_view line, std::string_view sep, const std::string& where)
{
    std::vector<std::string> out;
    const bool spaces = sep == " ";
    const auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
    std::size_t i = 0;
    const std::size_t n = line.size();
    if (spaces) {
        while (i < n && isBlank(line[i])) {
            ++i;
        }
    }
    while (true) {
        std::size_t j = i;
        while (j < n && isBlank(line[j])) {
            ++j;
        }
        std::string field;
        if (j < n && line[j] == '"') {
            // Quoted: up to the closing quote; "" and \" inside are a quote.
            std::size_t k = j + 1;
            bool closed = false;
            while (k < n) {
                if (line[k] == '"' && k + 1 < n && line[k + 1] == '"') {
                    field += '"';
                    k += 2;
                } else if (line[k] == '\\' && k + 1 < n && line[k + 1] == '"') {
                    field += '"';
                    k += 2;
                } else if (line[k] == '"') {
                    closed = true;
                    ++k;
                    break;
                } else {
                    field += line[k++];
                }
            }
            if (!closed) {
                throw DataError(where + "field " + std::to_string(out.size() + 1)
                    + " opens a quote that is not closed");
            }
            while (k < n && isBlank(line[k]) && !(spaces || (sep == "\t" && line[k] == '\t'))) {
                ++k;
            }
            if (spaces) {
                while (k < n && isBlank(line[k]) && k + 1 < n && isBlank(line[k + 1])) {
                    ++k;
                }
            }
            if (k < n && line.substr(k, sep.size()) != sep && !(spaces && isBlank(line[k]))) {
                throw DataError(where + "field " + std::to_string(out.size() + 1)
                    + " has text after its closing quote");
            }
            out.push_back(std::move(field));
            if (k >= n) {
                return out;
            }
            i = k + (spaces ? 1 : sep.size());
        } else {
            std::size_t end = spaces ? line.find_first_of(" \t", i) : line.find(sep, i);
            if (end == std::string_view::npos) {
                end = n;
            }
            out.emplace_back(trim(line.substr(i, end - i)));
            if (end >= n) {
                return out;
            }
            i = end + (spaces ? 1 : sep.size());
        }
        if (spaces) {
            while (i < n && isBlank(line[i])) {
                ++i;
            }
            if (i >= n) {
                return out;
            }
        }
    }
}

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

Dataset parseRatings(const std::string& bytes, const std::string& name, RatingFormat format,
    const ColumnRoles& columns)
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
    const std::string firstWhere = d.name + " line " + std::to_string(firstNo) + ": ";
    if (isNetflixBlockHeader(firstLine)) {
        throw DataError(firstWhere + "'" + std::string(trim(firstLine))
            + "' starts a Netflix Prize 'MovieID:' block; this layout is not read - flatten it to "
              "movie,customer,rating lines first (the movie id of each block on every line, dates "
              "as "
              "Unix seconds or dropped)");
    }

    Layout layout;
    std::string_view sep = "\t";
    bool fixed = true;
    switch (format) {
    case RatingFormat::MovieLens100K:
        break;
    case RatingFormat::MovieLensDat:
        sep = "::";
        break;
    case RatingFormat::MovieLensCsv:
        sep = ",";
        layout.header = true;
        break;
    case RatingFormat::Csv:
    case RatingFormat::Auto:
        fixed = false;
        break;
    }
    if (fixed) {
        layout.fields = 4;
        for (int r = 0; r < kRoles; ++r) {
            layout.column[r] = r;
        }
    } else {
        // The separator comes from the first line that is data: the second content line when
        // the first could be a header, so that a header's spaces or ':' do not mislead.
        const auto two = contentLines(text, 2);
        sep = sniffSeparator(two.size() > 1 ? two[1].second : two[0].second);
        auto first = splitFields(firstLine, sep, firstWhere);
        if (first.size() < 2 && two.size() > 1 && sniffSeparator(firstLine) != sep) {
            sep = sniffSeparator(firstLine); // a one-column header over data: trust the first line
            first = splitFields(firstLine, sep, firstWhere);
        }
        if (first.size() < 2) {
            throw DataError(firstWhere
                + "found 1 field; expected 2 to 4 (user,item[,rating[,timestamp]]) separated "
                  "by ',', tab, ';', '::' or spaces");
        }
        std::vector<std::string> second;
        if (two.size() > 1) {
            try {
                second = splitFields(two[1].second, sep, firstWhere);
            } catch (const DataError&) {
                // the line is refused with its own number when it is read
            }
        }
        layout = resolveColumns(first, second, columns, d.name, firstNo, d.notes);
    }

    IdMap users;
    IdMap items;
    std::vector<Time> times;
    bool fractional = false;
    Lines lines(text);
    std::string_view line;
    bool first = true;
    while (lines.next(line)) {
        if (!isContent(line)) {
            continue;
        }
        const std::string where = d.name + " line " + std::to_string(lines.number()) + ": ";
        const auto fields = splitFields(line, sep, where);
        if (first) {
            first = false;
            if (layout.header) {
                if (fixed && fields.size() < layout.fields) {
                    throw DataError(where + "the header has " + std::to_string(fields.size())
                        + " fields, expected at least " + std::to_string(layout.fields));
                }
                continue;
            }
        }
        if (fields.size() != layout.fields) {
            throw DataError(where + "expected " + std::to_string(layout.fields)
                + " fields separated by " + separatorName(sep) + ", found "
                + std::to_string(fields.size()));
        }
        const auto& userId = fields[static_cast<std::size_t>(layout.column[kUser])];
        const auto& itemId = fields[static_cast<std::size_t>(layout.column[kItem])];
        if (userId.empty() || itemId.empty()) {
            throw DataError(
                where + (userId.empty() ? "the user id is empty" : "the item id is empty"));
        }
        Interaction x;
        x.user = users.get(userId, d.userIds);
        x.item = items.get(itemId, d.itemIds);
        if (layout.column[kRating] >= 0) {
            const auto& field = fields[static_cast<std::size_t>(layout.column[kRating])];
            double r = 0.0;
            if (!parseDouble(field, r)) {
                throw DataError(where + "the rating '" + field + "' is not a number");
            }
            x.rating = static_cast<float>(r);
        }
        Time t;
        if (layout.column[kTimestamp] >= 0) {
            const auto& field = fields[static_cast<std::size_t>(layout.column[kTimestamp])];
            if (!parseTime(field, t)) {
                throw DataError(where + "the timestamp '" + field + "' is not a number");
            }
        } else {
            t.whole = static_cast<std::int64_t>(d.interactions.size());
            t.value = static_cast<double>(t.whole);
        }
        fractional = fractional || t.fractional;
        x.timestamp = t.whole;
        times.push_back(t);
        d.interactions.push_back(x);
    }
    if (d.interactions.empty()) {
        throw DataError(d.name + ": the file contains no interactions");
    }
    if (fractional) {
        // Fractions of a second: the order is what the split needs, so each time becomes its rank
        // among the distinct times (equal times stay equal).
        std::vector<double> distinct;
        distinct.reserve(times.size());
        for (const auto& t : times) {
            distinct.push_back(t.value);
        }
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        for (std::size_t k = 0; k < times.size(); ++k) {
            d.interactions[k].timestamp
                = std::lower_bound(distinct.begin(), distinct.end(), times[k].value)
                - distinct.begin();
        }
        d.notes.push_back(d.name + ": timestamps have fractions of a second; their order is kept");
    }
    d.numUsers = static_cast<std::int32_t>(d.userIds.size());
    d.numItems = static_cast<std::int32_t>(d.itemIds.size());
    d.hasRatings = layout.column[kRating] >= 0;
    d.hasTimestamps = layout.column[kTimestamp] >= 0;
    return d;
}

Dataset loadRatings(const std::string& path, RatingFormat format, const ColumnRoles& columns)
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
    auto d = parseRatings(buffer.str(), path, format, columns);
    d.name = baseName(path);
    return d;
}

} // namespace kdw::data
