// SPDX-License-Identifier: MIT
// The config's keys: unknown ones refused with the nearest known key at every depth, renamed ones
// read with a notice and written back under the new name, every config the project ships or
// stores accepted, and the schema listing every field of the one field list.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/store/sqlite.h"
#include "core/train/config.h"
#include "tests/support/configs.h"
#include "tests/support/temp_dir.h"

namespace kdw::train {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string errorOf(const std::string& text, const ConfigReadOptions& options = {})
{
    try {
        configFromJson(text, options);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

TEST(ConfigKeys, AMisspeltKeyIsRefusedWithTheNearestKeyAtEveryDepth)
{
    EXPECT_EQ(errorOf(R"({"seeed": 3})"), "config: 'seeed': unknown key; did you mean 'seed'?");
    EXPECT_EQ(errorOf(R"({"teacher": {"model": {"layers": [{"unit": 4}]}}})"),
        "config: 'teacher.model.layers[0].unit': unknown key; did you mean 'units'?");
    EXPECT_EQ(
        errorOf(R"({"teacher": {"model": {"layers": [{"units": 4}, {"activaton": "relu"}]}}})"),
        "config: 'teacher.model.layers[1].activaton': unknown key; did you mean 'activation'?");
    EXPECT_EQ(errorOf(R"({"distillation": {"temprature": 4}})"),
        "config: 'distillation.temprature': unknown key; did you mean 'temperature'?");
    EXPECT_EQ(errorOf(R"({"distillation": {"ranking": {"topk": 5}}})"),
        "config: 'distillation.ranking.topk': unknown key; did you mean 'top_k'?");
    EXPECT_EQ(errorOf(R"({"student": {"training": {"epoch": 5}}})"),
        "config: 'student.training.epoch': unknown key; did you mean 'epochs'?");
    EXPECT_EQ(errorOf(R"({"dataset": {"columns": {"users": "u"}}})"),
        "config: 'dataset.columns.users': unknown key; did you mean 'user'?");
    // A null value is no excuse: the key is still misspelt.
    EXPECT_EQ(errorOf(R"({"distillation": {"temprature": null}})"),
        "config: 'distillation.temprature': unknown key; did you mean 'temperature'?");
}

// Numbers far outside an integer field's type (issue 17: 1e33 was converted to long long before
// the check, undefined behaviour that clang's UBSan flags) are refused as out of range, never
// converted; whole floats in range are read.
TEST(ConfigKeys, HugeNumbersInIntegerFieldsAreOutOfRangeNotConverted)
{
    EXPECT_EQ(errorOf(R"({"teacher": {"training": {"epochs": 1e33}}})"),
        "config: 'teacher.training.epochs' is out of range");
    EXPECT_EQ(errorOf(R"({"teacher": {"training": {"epochs": -1e300}}})"),
        "config: 'teacher.training.epochs' is out of range");
    EXPECT_EQ(
        errorOf(R"({"seed": 1e33})"), "config: 'seed' is out of range (0 to 18446744073709551615)");
    EXPECT_EQ(errorOf(R"({"seed": 1.5})"), "config: 'seed' must be a non-negative integer");
    EXPECT_EQ(errorOf(R"({"eval": {"k": [10, 1e300]}})"),
        "config: 'eval.k' must be an array of integers");
    EXPECT_EQ(configFromJson(R"({"seed": 1e6})").seed, 1000000U);
    EXPECT_EQ(configFromJson(R"({"seed": 18446744073709551615})").seed, 18446744073709551615ULL);
}

TEST(ConfigKeys, AnUnknownKeyInTheEvalBlockIsRefused)
{
    EXPECT_EQ(
        errorOf(R"({"eval": {"kk": [5]}})"), "config: 'eval.kk': unknown key; did you mean 'k'?");
    // Nothing near: the keys that are known there are listed instead.
    EXPECT_EQ(errorOf(R"({"eval": {"metrics": ["auc"]}})"),
        "config: 'eval.metrics': unknown key (known here: k, protocol)");
}

TEST(ConfigKeys, LoadingAFileWithAMisspeltKeyNamesTheFileAndTheKey)
{
    const test::TempDir dir("config-keys");
    const auto path = dir.file("typo.json");
    std::ofstream(path) << R"({"distillation": {"temprature": 4}})";
    try {
        loadConfigFile(path);
        FAIL() << "accepted";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()),
            path + ": config: 'distillation.temprature': unknown key; did you mean 'temperature'?");
    }
}

// Sets `path` ("a.b[].c", elements as [0]) in `doc` to `value`, creating objects on the way.
void setAt(json& doc, const std::string& path, const json& value)
{
    json* at = &doc;
    std::string part;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i < path.size() && path[i] != '.') {
            part += path[i];
            continue;
        }
        const bool element = part.ends_with("[]");
        const auto key = element ? part.substr(0, part.size() - 2) : part;
        at = element ? &(*at)[key][0] : &(*at)[key];
        part.clear();
    }
    *at = value;
}

json valueAt(const json& doc, const std::string& path)
{
    std::string pointer = "/" + path;
    for (std::size_t p = 0; (p = pointer.find('.', p)) != std::string::npos;) {
        pointer.replace(p, 1, "/");
    }
    for (std::size_t p = 0; (p = pointer.find("[]", p)) != std::string::npos;) {
        pointer.replace(p, 2, "/0");
    }
    return doc.contains(json::json_pointer(pointer)) ? doc.at(json::json_pointer(pointer)) : json();
}

// One rename: the old key is read with its notice and written back under the new one; old and
// new together are refused.
void checkRename(const KeyRename& rename, const std::vector<KeyRename>& table)
{
    SCOPED_TRACE(rename.oldPath + " -> " + rename.newPath);
    const json defaults = json::parse(configToJson(ExperimentConfig {}));
    json doc = json::object();
    if (rename.newPath.find("[]") != std::string::npos) {
        setAt(doc, rename.newPath.substr(0, rename.newPath.find("[]") + 2), json::object());
    }
    // A value that differs from the default, so that reading it under the old name shows.
    const auto current = valueAt(defaults, rename.newPath);
    const json value = current.is_number() ? json(current.get<double>() == 3 ? 5 : 3) : current;
    setAt(doc, rename.oldPath, value);

    std::vector<std::string> notices;
    const ConfigReadOptions options {[&](const std::string& n) { notices.push_back(n); }, &table};
    const auto written = json::parse(configToJson(configFromJson(doc.dump(), options)));
    const auto shown = [](std::string p) {
        for (std::size_t at = 0; (at = p.find("[]", at)) != std::string::npos;) {
            p.replace(at, 2, "[0]");
        }
        return p;
    };
    ASSERT_EQ(notices.size(), 1U);
    EXPECT_EQ(notices[0],
        "config key '" + shown(rename.oldPath) + "' is now '" + shown(rename.newPath) + "'");
    EXPECT_EQ(valueAt(written, rename.newPath), value);
    EXPECT_TRUE(valueAt(written, rename.oldPath).is_null()) << "written back under the old name";

    setAt(doc, rename.newPath, value);
    const auto both = errorOf(doc.dump(), options);
    EXPECT_NE(both.find("are both given"), std::string::npos) << both;
}

// Renames only tests know: one at a nested object, one inside an array's elements.
const std::vector<KeyRename> kTestRenames {{"distillation.temp", "distillation.temperature"},
    {"teacher.model.layers[].size", "teacher.model.layers[].units"}};

TEST(ConfigKeys, ARenamedKeyIsReadWithItsNoticeAndWrittenBackUnderTheNewName)
{
    for (const auto& r : kTestRenames) {
        checkRename(r, kTestRenames);
    }
    std::vector<std::string> notices;
    const ConfigReadOptions options {
        [&](const std::string& n) { notices.push_back(n); }, &kTestRenames};
    const auto c = configFromJson(
        R"({"distillation": {"temp": 7}, "teacher": {"model": {"layers": [{"size": 3}, {"size": 5}]}}})",
        options);
    EXPECT_DOUBLE_EQ(c.distillation.temperature, 7.0);
    ASSERT_EQ(c.teacher.model.layers.size(), 2U);
    EXPECT_EQ(c.teacher.model.layers[1].units, 5);
    // In the order the fields are read: the teacher before the distillation block.
    EXPECT_EQ(notices,
        (std::vector<std::string> {
            "config key 'teacher.model.layers[0].size' is now 'teacher.model.layers[0].units'",
            "config key 'teacher.model.layers[1].size' is now 'teacher.model.layers[1].units'",
            "config key 'distillation.temp' is now 'distillation.temperature'"}));
    // Without the table, the old name is just unknown.
    EXPECT_EQ(errorOf(R"({"distillation": {"temp": 7}})"),
        "config: 'distillation.temp': unknown key; did you mean 'temperature'?");
}

TEST(ConfigKeys, EveryRenameOfTheProgramIsReadAndWrittenBack)
{
    std::set<std::string> paths;
    for (const auto& f : configSchema()) {
        paths.insert(f.path);
    }
    for (const auto& r : keyRenames()) {
        EXPECT_TRUE(paths.contains(r.newPath)) << r.newPath;
        EXPECT_FALSE(paths.contains(r.oldPath)) << r.oldPath;
        EXPECT_EQ(r.oldPath.substr(0, r.oldPath.rfind('.') + 1),
            r.newPath.substr(0, r.newPath.rfind('.') + 1));
        checkRename(r, keyRenames());
    }
}

std::vector<fs::path> exampleConfigs()
{
    std::vector<fs::path> files;
    for (const auto& e :
        fs::directory_iterator(fs::path(KDW_SOURCE_DIR) / "resources" / "examples")) {
        if (e.path().extension() == ".json") {
            files.push_back(e.path());
        }
    }
    return files;
}

TEST(ConfigKeys, EveryExampleConfigIsAcceptedAndRoundTrips)
{
    const auto files = exampleConfigs();
    ASSERT_GE(files.size(), 4U);
    for (const auto& f : files) {
        SCOPED_TRACE(f.string());
        std::vector<std::string> notices;
        const auto c
            = loadConfigFile(f.string(), {[&](const std::string& n) { notices.push_back(n); }});
        EXPECT_TRUE(notices.empty()) << "an example uses an old key name: " << notices[0];
        const auto written = configToJson(c);
        EXPECT_EQ(configToJson(configFromJson(written)), written);
    }
}

TEST(ConfigKeys, ConfigsTheProgramWroteAreNeverRefused)
{
    const auto defaults = configToJson(ExperimentConfig {});
    EXPECT_EQ(configToJson(configFromJson(defaults)), defaults);
    // The configs the test suite's runs store.
    for (const auto* method : {"none", "soft_target", "logit_matching", "hint", "relation",
             "ranking", "hint+soft_target"}) {
        const auto written = configToJson(test::tinyConfig(method));
        EXPECT_EQ(configToJson(configFromJson(written)), written) << method;
    }
    EXPECT_NO_THROW(configFromJson("{}"));
    // The configs stored in the history fixture of the first schema version.
    const test::TempDir dir("config-keys");
    fs::copy_file(fs::path(KDW_SOURCE_DIR) / "tests/fixtures/store/history-v1.sqlite",
        dir.path() / "h.sqlite");
    store::Database db(dir.file("h.sqlite"), store::Database::Mode::ReadOnly);
    auto rows = db.prepare("SELECT name, config FROM runs");
    int stored = 0;
    while (rows.step()) {
        EXPECT_NO_THROW(configFromJson(rows.getText(1))) << rows.getText(0);
        ++stored;
    }
    EXPECT_GE(stored, 1);
}

// Every key path of a written config: objects, arrays of objects (their first element's keys
// under "[]") and values.
void flatten(const json& j, const std::string& path, std::vector<std::string>& out)
{
    for (const auto& item : j.items()) {
        const auto at = path.empty() ? item.key() : path + "." + item.key();
        out.push_back(at);
        if (item.value().is_object()) {
            flatten(item.value(), at, out);
        } else if (item.value().is_array() && !item.value().empty()
            && item.value()[0].is_object()) {
            flatten(item.value()[0], at + "[]", out);
        }
    }
}

TEST(ConfigKeys, TheSchemaListsEveryFieldTheWriterWrites)
{
    const auto schema = configSchema();
    std::vector<std::string> written;
    flatten(json::parse(configToJson(ExperimentConfig {})), "", written);
    std::map<std::string, ConfigFieldInfo> byPath;
    for (const auto& f : schema) {
        byPath[f.path] = f;
        EXPECT_FALSE(f.meaning.empty()) << f.path;
        EXPECT_FALSE(f.type.empty()) << f.path;
    }
    EXPECT_EQ(byPath.size(), schema.size()) << "a path listed twice";
    EXPECT_EQ(schema.size(), written.size());
    EXPECT_EQ(
        schema.size(), 100U); // a new field is one line in config_lists.cpp, and one more here
    for (const auto& p : written) {
        EXPECT_TRUE(byPath.contains(p)) << p;
    }
    const auto& t = byPath.at("distillation.temperature");
    EXPECT_EQ(t.type, "number");
    EXPECT_EQ(t.defaultValue, "4");
    EXPECT_EQ(t.range, "between 0.01 and 1000");
    EXPECT_EQ(byPath.at("teacher.model.layers").defaultValue, "3 entries");
    EXPECT_EQ(byPath.at("teacher.model.layers[].activation").type, "choice");
    EXPECT_EQ(byPath.at("teacher.model.layers[].activation").range,
        "relu | leaky_relu | tanh | sigmoid | gelu | identity");
    EXPECT_EQ(byPath.at("eval.k").defaultValue, "[5,10,20]");
    EXPECT_EQ(byPath.at("distillation.method").defaultValue, "\"soft_target\"");
    EXPECT_EQ(byPath.at("teacher.training.learning_rate").range, "in (0, 100)");
}

TEST(ConfigKeys, TheTemperatureStaysWhereFloat32SoftTargetsCanRepresentIt)
{
    EXPECT_NO_THROW(configFromJson(R"({"distillation": {"temperature": 0.01}})"));
    EXPECT_NO_THROW(configFromJson(R"({"distillation": {"temperature": 1000}})"));
    const std::string refusal = "config: 'distillation.temperature' must be between 0.01 and 1000 "
                                "(below 0.01 the float32 soft targets overflow)";
    EXPECT_EQ(errorOf(R"({"distillation": {"temperature": 0.0099}})"), refusal);
    EXPECT_EQ(errorOf(R"({"distillation": {"temperature": 1e-39}})"), refusal);
    EXPECT_EQ(errorOf(R"({"distillation": {"temperature": 1000.5}})"), refusal);
}

} // namespace
} // namespace kdw::train
