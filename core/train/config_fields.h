// SPDX-License-Identifier: MIT
// The field lists of the experiment config, internal to core/train: for each config struct one
// list of its JSON keys, each with an accessor of its member, type, default (the struct's own),
// range and one-line meaning. The JSON reader, the writer, range validation and the schema all
// walk these lists, so a new field is one line in config_fields.cpp.
#pragma once

#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/train/config.h"

namespace kdw::train::fields {

using nlohmann::json;

// `path.key`, or `key` at the top level.
std::string join(const std::string& path, const std::string& key);

// Where a read is: the path that messages name ("teacher.model.layers[1]"), the same path with
// array indices dropped ("teacher.model.layers[]") that the rename table names, and the options.
struct Context {
    std::string path;
    std::string schemaPath;
    const ConfigReadOptions* options = nullptr;

    [[nodiscard]] Context child(const std::string& key) const;
    [[nodiscard]] Context element(const std::string& key, std::size_t index) const;
    // Throws ConfigError "config: '<path.key>' <what>".
    [[noreturn]] void fail(const std::string& key, const std::string& what) const;
};

// The values a number may take, in the words that messages and the schema use ("between 1 and
// 100000", "in [0, 1)"). A range with no bounds checks nothing (its words may still describe a
// rule checked elsewhere, e.g. "in [0, learning_rate]").
struct Range {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    bool loOpen = false;
    bool hiOpen = false;
    std::string words;
    std::string why; // shown in parentheses after the words in a refusal

    [[nodiscard]] bool contains(double v) const;
};

Range any();
Range words(std::string text); // described here, checked by ExperimentConfig::validate
Range between(double lo, double hi, std::string why = {}); // [lo, hi]
Range interval(double lo, bool loOpen, double hi, bool hiOpen); // "in [lo, hi)" and the like
Range atLeast(double lo); // >= lo
Range above(double lo); // > lo

template <typename S> struct Field {
    Field(std::string k, std::string t, Range r, std::string m)
        : key(std::move(k))
        , type(std::move(t))
        , range(std::move(r))
        , meaning(std::move(m))
    {
    }

    std::string key;
    std::string type;
    Range range;
    std::string meaning;
    // Reads a present, non-null value into the struct; throws ConfigError naming the field.
    std::function<void(S&, const json&, const Context&)> read;
    std::function<json(const S&)> write;
    // Throws ConfigError when the value is out of range; `path` is the struct's path.
    std::function<void(const S&, const std::string& path)> validate;
    // For objects and arrays of objects: appends the rows of the inner fields under `path`.
    std::function<void(const S&, const std::string& path, std::vector<ConfigFieldInfo>&)> nested;
};

template <typename S> using Fields = std::vector<Field<S>>;

// The one list per config struct (defined in config_fields.cpp).
const Fields<ExperimentConfig>& experimentFields();

// Renames old keys of one object to their new names (with a notice each) and refuses any key
// that is not in `known`, naming the nearest known one. Returns the object to read: `j` itself,
// or `scratch` holding a renamed copy.
const json& checkKeys(
    const json& j, json& scratch, const std::vector<std::string>& known, const Context& c);

// The scalar readers, with the messages of the config ("must be an integer").
std::string readString(const json& v, const Context& c, const std::string& key);
double readNumber(const json& v, const Context& c, const std::string& key);
int readInt(const json& v, const Context& c, const std::string& key);
std::uint64_t readUnsigned(const json& v, const Context& c, const std::string& key);
bool readBool(const json& v, const Context& c, const std::string& key);
std::vector<int> readIntList(const json& v, const Context& c, const std::string& key);

// A default value as the schema shows it: 4, 0.001, "soft_target", [5, 10, 20], "3 entries" for
// an array of objects, nothing for an object.
std::string showDefault(const json& v);

template <typename S> std::vector<std::string> keysOf(const Fields<S>& fields)
{
    std::vector<std::string> keys;
    keys.reserve(fields.size());
    for (const auto& f : fields) {
        keys.push_back(f.key);
    }
    return keys;
}

template <typename S>
void readObject(const Fields<S>& fields, S& s, const json& j, const Context& c)
{
    if (!j.is_object()) {
        throw ConfigError("config: '" + (c.path.empty() ? std::string("(top level)") : c.path)
            + "' must be an object");
    }
    json scratch;
    const json& obj = checkKeys(j, scratch, keysOf(fields), c);
    for (const auto& f : fields) {
        const auto it = obj.find(f.key);
        if (it != obj.end() && !it->is_null()) {
            f.read(s, *it, c);
        }
    }
}

template <typename S> json writeObject(const Fields<S>& fields, const S& s)
{
    json j = json::object();
    for (const auto& f : fields) {
        j[f.key] = f.write(s);
    }
    return j;
}

template <typename S>
void validateObject(const Fields<S>& fields, const S& s, const std::string& path)
{
    for (const auto& f : fields) {
        if (f.validate) {
            f.validate(s, path);
        }
    }
}

template <typename S>
void schemaRows(const Fields<S>& fields, const S& s, const std::string& path,
    std::vector<ConfigFieldInfo>& rows)
{
    for (const auto& f : fields) {
        const auto at = join(path, f.key);
        rows.push_back({at, f.type, showDefault(f.write(s)), f.range.words, f.meaning});
        if (f.nested) {
            f.nested(s, at, rows);
        }
    }
}

// Reading one member by its type, and the type's name in the schema. An overload per member type
// keeps value() free of a chain of type tests.
inline void readInto(std::string& out, const json& v, const Context& c, const std::string& key)
{
    out = readString(v, c, key);
}
inline void readInto(bool& out, const json& v, const Context& c, const std::string& key)
{
    out = readBool(v, c, key);
}
inline void readInto(double& out, const json& v, const Context& c, const std::string& key)
{
    out = readNumber(v, c, key);
}
inline void readInto(int& out, const json& v, const Context& c, const std::string& key)
{
    out = readInt(v, c, key);
}
inline void readInto(std::uint64_t& out, const json& v, const Context& c, const std::string& key)
{
    out = readUnsigned(v, c, key);
}
inline void readInto(std::vector<int>& out, const json& v, const Context& c, const std::string& key)
{
    out = readIntList(v, c, key);
}
inline const char* typeName(const std::string*)
{
    return "string";
}
inline const char* typeName(const bool*)
{
    return "boolean";
}
inline const char* typeName(const double*)
{
    return "number";
}
inline const char* typeName(const int*)
{
    return "integer";
}
inline const char* typeName(const std::uint64_t*)
{
    return "unsigned integer";
}
inline const char* typeName(const std::vector<int>*)
{
    return "array of integers";
}

// The range check of a numeric member; none when the range has no bounds.
template <typename S, typename Get>
std::function<void(const S&, const std::string&)> rangeCheck(
    Get get, const std::string& key, const Range& range)
{
    if (range.lo == -std::numeric_limits<double>::infinity()
        && range.hi == std::numeric_limits<double>::infinity()) {
        return {};
    }
    return [get, key, range](const S& s, const std::string& path) {
        if (!range.contains(static_cast<double>(get(s)))) {
            throw ConfigError("config: '" + join(path, key) + "' must be " + range.words
                + (range.why.empty() ? "" : " (" + range.why + ")"));
        }
    };
}

// A string, boolean, number, integer, unsigned 64-bit integer or list of integers, by the type
// of the member that `get` returns a reference to.
template <typename S, typename Get>
Field<S> value(std::string key, Get get, Range range, std::string meaning)
{
    using T = std::remove_cvref_t<decltype(get(std::declval<S&>()))>;
    Field<S> f {std::move(key), typeName(static_cast<const T*>(nullptr)), std::move(range),
        std::move(meaning)};
    f.write = [get](const S& s) { return json(get(s)); };
    f.read = [get, key = f.key](
                 S& s, const json& v, const Context& c) { readInto(get(s), v, c, key); };
    if constexpr (std::is_arithmetic_v<T>) {
        f.validate = rangeCheck<S>(get, f.key, f.range);
    }
    return f;
}

// An enumeration read from and written as its name; `values` lists every enumerator.
template <typename S, typename Get, typename E>
Field<S> choice(std::string key, Get get, std::vector<E> values, E (*parse)(const std::string&),
    std::string (*print)(E), std::string meaning)
{
    std::string names;
    for (const auto e : values) {
        names += (names.empty() ? "" : " | ") + print(e);
    }
    Field<S> f {std::move(key), "choice", words(std::move(names)), std::move(meaning)};
    f.write = [get, print](const S& s) { return json(print(get(s))); };
    f.read = [get, parse, key = f.key](S& s, const json& v, const Context& c) {
        const auto text = readString(v, c, key);
        try {
            get(s) = parse(text);
        } catch (const ConfigError& e) {
            c.fail(key, std::string("is invalid: ") + e.what());
        }
    };
    return f;
}

// A nested object whose fields are listed by `list`.
template <typename S, typename Get, typename C>
Field<S> object(std::string key, Get get, const Fields<C>& (*list)(), std::string meaning)
{
    Field<S> f {std::move(key), "object", any(), std::move(meaning)};
    f.write = [get, list](const S& s) { return writeObject(list(), get(s)); };
    f.read = [get, list, key = f.key](S& s, const json& v, const Context& c) {
        readObject(list(), get(s), v, c.child(key));
    };
    f.validate = [get, list, key = f.key](const S& s, const std::string& path) {
        validateObject(list(), get(s), join(path, key));
    };
    f.nested = [get, list](const S& s, const std::string& path,
                   std::vector<ConfigFieldInfo>& rows) { schemaRows(list(), get(s), path, rows); };
    return f;
}

// An array of objects whose fields are listed by `list`; a given array replaces the default
// one, and each element starts from C's defaults.
template <typename S, typename Get, typename C>
Field<S> objectList(std::string key, Get get, const Fields<C>& (*list)(), std::string meaning)
{
    Field<S> f {std::move(key), "array of objects", any(), std::move(meaning)};
    f.write = [get, list](const S& s) {
        json arr = json::array();
        for (const auto& e : get(s)) {
            arr.push_back(writeObject(list(), e));
        }
        return arr;
    };
    f.read = [get, list, key = f.key](S& s, const json& v, const Context& c) {
        if (!v.is_array()) {
            std::string keys;
            for (const auto& k : keysOf(list())) {
                keys += (keys.empty() ? "" : ", ") + k;
            }
            c.fail(key, "must be an array of {" + keys + "}");
        }
        auto& out = get(s);
        out.clear();
        for (std::size_t i = 0; i < v.size(); ++i) {
            C e {};
            readObject(list(), e, v[i], c.element(key, i));
            out.push_back(e);
        }
    };
    f.validate = [get, list, key = f.key](const S& s, const std::string& path) {
        const auto& arr = get(s);
        for (std::size_t i = 0; i < arr.size(); ++i) {
            validateObject(list(), arr[i], join(path, key) + "[" + std::to_string(i) + "]");
        }
    };
    f.nested = [list](const S&, const std::string& path, std::vector<ConfigFieldInfo>& rows) {
        schemaRows(list(), C {}, path + "[]", rows);
    };
    return f;
}

} // namespace kdw::train::fields
