// SPDX-License-Identifier: MIT
#include "core/data/columns.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>

#include "core/common/error.h"
#include "core/data/delimited.h"

namespace kdw::data::detail {
namespace {

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

constexpr std::array<const char*, kRoles> kRoleNames = {"user", "item", "rating", "timestamp"};

// The header names of each role: the names of MovieLens, RecBole, LibRec, Amazon,
// Book-Crossing, Jester, Steam and the RecSys challenges' files.
constexpr auto kRoleWords = std::to_array<std::pair<std::string_view, Role>>({
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
});

// The role a header name stands for (one of kRoleWords), or -1.
int roleOfName(std::string_view raw)
{
    const auto name = normalizedName(raw);
    for (const auto& [word, role] : kRoleWords) {
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

// A field that begins as a number does but is not one ("4.5x", "4,5", "2005-09-06") is a
// malformed value, not a column name.
bool startsLikeNumber(std::string_view s)
{
    const auto digitAt = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    const bool sign = !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == '.');
    return digitAt(0) || (sign && digitAt(1));
}

bool isPosition(std::string_view s)
{
    return !s.empty() && s.size() < 6
        && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

using Asked = std::array<const std::string*, kRoles>;

// How many fields name a role.
int countRoleNames(const std::vector<std::string>& first)
{
    int known = 0;
    for (const auto& f : first) {
        known += roleOfName(f) >= 0 ? 1 : 0;
    }
    return known;
}

// The 0-based column of a role given by position, `fallback` when not given, -1 when by name.
int positionAsked(const std::string& asked, int fallback)
{
    return asked.empty() ? fallback : (isPosition(asked) ? std::stoi(asked) - 1 : -1);
}

// A first line is a header when it cannot be data: the config names columns by header name,
// a rating or timestamp column (by position) holds a word (a malformed number such as "4.5x"
// makes the line bad data, not a header), or every field is a word and one of them names a role
// or stands above a number on the next line.
bool isHeaderLine(const std::vector<std::string>& first, const std::vector<std::string>& second,
    const ColumnRoles& given, bool namesAsked)
{
    const bool allWords = std::none_of(first.begin(), first.end(), isNumber);
    const auto notNumberAt = [&](int c) {
        if (c < 0 || static_cast<std::size_t>(c) >= first.size()) {
            return false;
        }
        const auto& f = first[static_cast<std::size_t>(c)];
        return !isNumber(f) && !startsLikeNumber(f);
    };
    bool aboveNumber = false;
    for (std::size_t k = 0; k < first.size() && k < second.size(); ++k) {
        aboveNumber = aboveNumber || isNumber(second[k]);
    }
    return namesAsked || (allWords && (countRoleNames(first) > 0 || aboveNumber))
        || notNumberAt(positionAsked(given.rating, 2))
        || notNumberAt(positionAsked(given.timestamp, 3));
}

// The column the config gives for role `r` (`asked`: a 1-based position or a header name).
// Throws DataError prefixed with `where` when the line has no such column.
int askedColumn(int r, const std::string& asked, const std::vector<std::string>& first,
    const std::string& where)
{
    if (isPosition(asked)) {
        const int c = std::stoi(asked) - 1;
        if (c < 0 || static_cast<std::size_t>(c) >= first.size()) {
            throw DataError(where + "dataset.columns." + kRoleNames[r] + " is column " + asked
                + ", but the line has " + std::to_string(first.size()) + " fields");
        }
        return c;
    }
    for (std::size_t k = 0; k < first.size(); ++k) {
        if (trim(first[k]) == asked) {
            return static_cast<int>(k);
        }
    }
    for (std::size_t k = 0; k < first.size(); ++k) {
        if (normalizedName(first[k]) == normalizedName(asked)) {
            return static_cast<int>(k);
        }
    }
    throw DataError(where + "dataset.columns." + kRoleNames[r] + " names '" + asked
        + "', which the header does not have (it has: " + joinNames(first) + ")");
}

// The layout being built, with the columns (of the first 256) that a role has taken.
class Assignment {
public:
    Layout layout;

    void assign(int role, int c)
    {
        layout.column[role] = c;
        if (c >= 0 && static_cast<std::size_t>(c) < kTracked) {
            m_used[static_cast<std::size_t>(c)] = true;
        }
    }
    [[nodiscard]] bool used(std::size_t k) const { return k < kTracked && m_used[k]; }

    static constexpr std::size_t kTracked = 256;

private:
    std::array<bool, kTracked> m_used {};
};

// The config's choices, which come first. Throws for a missing column or one named twice.
void assignAsked(Assignment& a, const Asked& asked, const std::vector<std::string>& first,
    const std::string& where)
{
    for (int r = 0; r < kRoles; ++r) {
        if (asked[r]->empty()) {
            continue;
        }
        const int c = askedColumn(r, *asked[r], first, where);
        if (a.used(static_cast<std::size_t>(c))) {
            throw DataError(
                where + "dataset.columns names column " + std::to_string(c + 1) + " for two roles");
        }
        a.assign(r, c);
    }
}

// Roles by the header's names; a role named twice takes the first column. Ids are never
// optional: unnamed, they are the leftmost columns left.
void assignByNames(Assignment& a, const std::vector<std::string>& first)
{
    const std::size_t n = std::min(first.size(), Assignment::kTracked);
    for (std::size_t k = 0; k < n; ++k) {
        const int r = roleOfName(first[k]);
        if (r >= 0 && a.layout.column[r] < 0 && !a.used(k)) {
            a.assign(r, static_cast<int>(k));
        }
    }
    for (int r : {kUser, kItem}) {
        for (std::size_t k = 0; k < n && a.layout.column[r] < 0; ++k) {
            if (!a.used(k) && roleOfName(first[k]) < 0) {
                a.assign(r, static_cast<int>(k));
            }
        }
    }
}

// By position: user, item, rating, timestamp, each where no other role is. Throws for more than
// 4 fields when nothing names the columns.
void assignByPosition(Assignment& a, const Asked& asked, const std::vector<std::string>& first,
    bool namesAsked, const std::string& where)
{
    for (int r = 0; r < kRoles; ++r) {
        if (a.layout.column[r] < 0 && static_cast<std::size_t>(r) < first.size()
            && !a.used(static_cast<std::size_t>(r)) && (r <= kItem || asked[r]->empty())) {
            a.assign(r, r);
        }
    }
    const bool noneGiven
        = std::all_of(asked.begin(), asked.end(), [](const std::string* s) { return s->empty(); });
    if (!namesAsked && noneGiven && first.size() > 4) {
        throw DataError(where + "found " + std::to_string(first.size())
            + " fields; without a header naming them, expected 2 to 4 "
              "(user,item[,rating[,timestamp]]) "
              "- name the columns in a header or in dataset.columns");
    }
}

// The notes for a header: the role of each named column, then each column left unused.
void noteHeader(const Assignment& a, const std::vector<std::string>& first, const std::string& file,
    long long lineNo, std::vector<std::string>& notes)
{
    std::string roles;
    for (int r = 0; r < kRoles; ++r) {
        if (a.layout.column[r] >= 0) {
            roles += std::string(roles.empty() ? "" : ", ") + kRoleNames[r] + " = '"
                + std::string(trim(first[static_cast<std::size_t>(a.layout.column[r])])) + "'";
        }
    }
    notes.push_back(file + " line " + std::to_string(lineNo) + " taken as a header: " + roles);
    for (std::size_t k = 0; k < first.size(); ++k) {
        if (!a.used(k)) {
            notes.push_back(file + ": column " + std::to_string(k + 1) + " '"
                + std::string(trim(first[k]))
                + "' is not used (not a user, item, rating or timestamp name; see "
                  "dataset.columns)");
        }
    }
}

} // namespace

Layout resolveColumns(const std::vector<std::string>& first, const std::vector<std::string>& second,
    const ColumnRoles& given, const std::string& file, long long lineNo,
    std::vector<std::string>& notes)
{
    const std::string where = file + " line " + std::to_string(lineNo) + ": ";
    const Asked asked = {&given.user, &given.item, &given.rating, &given.timestamp};
    const bool namesAsked = std::any_of(asked.begin(), asked.end(),
        [](const std::string* a) { return !a->empty() && !isPosition(*a); });
    Assignment a;
    a.layout.fields = first.size();
    a.layout.header = isHeaderLine(first, second, given, namesAsked);
    assignAsked(a, asked, first, where);
    if (a.layout.header && countRoleNames(first) > 0) {
        assignByNames(a, first);
    } else {
        assignByPosition(a, asked, first, namesAsked, where);
    }
    if (a.layout.column[kUser] < 0 || a.layout.column[kItem] < 0) {
        throw DataError(where + "no column for the "
            + std::string(a.layout.column[kUser] < 0 ? "user" : "item")
            + " id (the header has: " + joinNames(first) + "); name it in dataset.columns");
    }
    if (a.layout.header) {
        noteHeader(a, first, file, lineNo, notes);
    }
    return a.layout;
}

} // namespace kdw::data::detail
