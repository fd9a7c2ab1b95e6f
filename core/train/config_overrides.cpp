// SPDX-License-Identifier: MIT
#include "core/train/config_overrides.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/error.h"

namespace kdw::train {

using nlohmann::json;

namespace {

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> parts;
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, '.')) {
        parts.push_back(part);
    }
    if (!path.empty() && path.back() == '.') {
        parts.emplace_back();
    }
    return parts;
}

bool isIndex(const std::string& part)
{
    return !part.empty()
        && std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "teacher.model.layers.1.units" -> "teacher.model.layers[].units", as the schema names fields.
std::string schemaPath(const std::vector<std::string>& parts)
{
    std::string out;
    for (const auto& p : parts) {
        out += isIndex(p) ? "[]" : (out.empty() ? "" : ".") + p;
    }
    return out;
}

bool isTextField(const std::string& path)
{
    static const std::vector<ConfigFieldInfo> kSchema = configSchema();
    return std::any_of(kSchema.begin(), kSchema.end(),
        [&](const ConfigFieldInfo& f) { return f.path == path && f.type == "string"; });
}

json valueOf(const ConfigOverride& o, const std::vector<std::string>& parts)
{
    if (isTextField(schemaPath(parts))) {
        return o.value;
    }
    try {
        return json::parse(o.value);
    } catch (const json::exception&) {
        return o.value;
    }
}

[[noreturn]] void refuse(const std::string& text, const std::string& what)
{
    throw ConfigError("--set '" + text + "': " + what);
}

// The element of `node` at `part`: an array's element by index, or an object's member. A member
// the document lacks is copied from `defaults` (the same place in the built-in config's JSON, or
// null past it), so that an index reaches into the default array; else created empty.
json& step(json& node, const json* defaults, const std::string& part, const std::string& text)
{
    if (node.is_array()) {
        if (!isIndex(part)) {
            refuse(text, "'" + part + "' is not an index into an array");
        }
        const auto index = std::stoull(part);
        if (index >= node.size()) {
            refuse(text,
                "index " + part + " is past the end (" + std::to_string(node.size())
                    + " elements)");
        }
        return node[index];
    }
    if (node.is_null()) {
        node = json::object();
    }
    if (!node.is_object()) {
        refuse(text, "'" + part + "' is inside a value that is not an object");
    }
    if (!node.contains(part) && defaults != nullptr && defaults->is_object()
        && defaults->contains(part)) {
        node[part] = (*defaults)[part];
    }
    return node[part];
}

// The built-in config's JSON at `part` below `defaults`; null past its end.
const json* defaultAt(const json* defaults, const std::string& part)
{
    if (defaults == nullptr) {
        return nullptr;
    }
    if (defaults->is_array() && isIndex(part)) {
        const auto i = std::stoull(part);
        return i < defaults->size() ? &(*defaults)[i] : nullptr;
    }
    return defaults->is_object() && defaults->contains(part) ? &(*defaults)[part] : nullptr;
}

} // namespace

ConfigOverride parseOverride(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        refuse(text, "expected key.path=value");
    }
    ConfigOverride o {text.substr(0, eq), text.substr(eq + 1)};
    const auto parts = splitPath(o.path);
    if (std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); })) {
        refuse(text, "expected key.path=value (an empty part in '" + o.path + "')");
    }
    return o;
}

void applyOverrides(json& doc, const std::vector<std::string>& overrides)
{
    for (const auto& text : overrides) {
        const auto o = parseOverride(text);
        const auto parts = splitPath(o.path);
        static const json kDefaults = json::parse(configToJson(ExperimentConfig {}));
        json* node = &doc;
        const json* defaults = &kDefaults;
        for (const auto& part : parts) {
            node = &step(*node, defaults, part, text);
            defaults = defaultAt(defaults, part);
        }
        *node = valueOf(o, parts);
    }
}

ExperimentConfig configWithOverrides(const std::string& path,
    const std::vector<std::string>& overrides, const ConfigReadOptions& options)
{
    json doc = json::object();
    const std::string where = path.empty() ? std::string("--set") : path;
    if (!path.empty()) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw ConfigError(path + ": cannot open the config file");
        }
        std::ostringstream text;
        text << in.rdbuf();
        try {
            doc = json::parse(text.str());
        } catch (const json::exception& e) {
            throw ConfigError(path + ": config: not valid JSON (" + e.what() + ")");
        }
    }
    bool pathOverridden = false;
    for (const auto& text : overrides) {
        pathOverridden = pathOverridden || parseOverride(text).path == "dataset.path";
    }
    ExperimentConfig config;
    try {
        applyOverrides(doc, overrides);
        config = configFromJson(doc.dump(), options);
    } catch (const ConfigError& e) {
        throw ConfigError(where + ": " + e.what());
    }
    if (!path.empty() && !pathOverridden) {
        resolveRelativePaths(config, std::filesystem::path(path).parent_path().string());
    }
    return config;
}

} // namespace kdw::train
