// SPDX-License-Identifier: MIT
// --set key.path=value: overrides go through the config reader, so they are refused as a file's
// keys are (unknown key with the nearest one, type, range), and relative paths follow their origin.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/train/config_overrides.h"
#include "tests/support/temp_dir.h"

namespace kdw::train {
namespace {

std::string messageOf(const std::vector<std::string>& sets)
{
    try {
        (void)configWithOverrides("", sets);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(ConfigOverrides, SetValuesOverTheDefaultsWithTheirTypes)
{
    const auto c = configWithOverrides("",
        {"dataset.path=u.data", "dataset.source=movielens", "distillation.temperature=4",
            "student.training.epochs=3", "distillation.listwise=true", "name=2024",
            "teacher.model.layers.1.units=99", "eval.k=[5,10]"});
    EXPECT_EQ(c.dataset.path, "u.data"); // relative to the working directory, as typed
    EXPECT_EQ(c.dataset.source, "movielens");
    EXPECT_DOUBLE_EQ(c.distillation.temperature, 4.0);
    EXPECT_EQ(c.student.training.epochs, 3);
    EXPECT_TRUE(c.distillation.listwise);
    EXPECT_EQ(c.name, "2024"); // a string field keeps the text
    EXPECT_EQ(c.teacher.model.layers.at(1).units, 99);
    EXPECT_EQ(c.eval.k, (std::vector<int> {5, 10}));
    EXPECT_EQ(
        c.teacher.model.layers.at(0).units, ExperimentConfig {}.teacher.model.layers[0].units);
}

TEST(ConfigOverrides, AreRefusedAsTheSameKeyInAFileWouldBe)
{
    EXPECT_EQ(messageOf({"distillation.temprature=4"}),
        "--set: config: 'distillation.temprature': unknown key; did you mean 'temperature'?");
    EXPECT_NE(messageOf({"distillation.temperature=0"}).find("'distillation.temperature'"),
        std::string::npos);
    EXPECT_NE(
        messageOf({"student.training.epochs=many"}).find("must be an integer"), std::string::npos);
    EXPECT_EQ(messageOf({"distillation.temperature"}),
        "--set 'distillation.temperature': expected key.path=value");
    EXPECT_NE(messageOf({"teacher.model.layers.7.units=3"}).find("index 7 is past the end (3"),
        std::string::npos);
    EXPECT_NE(messageOf({"a..b=1"}).find("an empty part"), std::string::npos);
}

TEST(ConfigOverrides, ApplyToAFileAndKeepItsRelativePathsRelativeToIt)
{
    const test::TempDir dir("overrides");
    const auto path = dir.file("c.json");
    std::ofstream(path) << R"({"dataset": {"source": "csv", "path": "r.csv"},
        "distillation": {"temperature": 2}})";
    const auto c = configWithOverrides(path, {"distillation.alpha=0.25"});
    EXPECT_EQ(c.dataset.path, (std::filesystem::path(dir.path()) / "r.csv").string());
    EXPECT_DOUBLE_EQ(c.distillation.temperature, 2.0);
    EXPECT_DOUBLE_EQ(c.distillation.alpha, 0.25);
    const auto moved = configWithOverrides(path, {"dataset.path=other.csv"});
    EXPECT_EQ(moved.dataset.path, "other.csv");
    try {
        (void)configWithOverrides(path, {"distillation.alfa=1"});
        FAIL() << "accepted";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()),
            path + ": config: 'distillation.alfa': unknown key; did you mean 'alpha'?");
    }
}

TEST(ConfigOverrides, ApplyOverridesEditsJsonInOrder)
{
    nlohmann::json doc = nlohmann::json::object();
    applyOverrides(doc, {"distillation.alpha=1", "name=x", "distillation.alpha=0.5"});
    EXPECT_EQ(doc["distillation"]["alpha"], 0.5);
    EXPECT_EQ(doc["name"], "x");
    // An element of an array the document lacks is set in a copy of the default array.
    applyOverrides(doc, {"student.model.layers.0.units=12"});
    ASSERT_EQ(
        doc["student"]["model"]["layers"].size(), ExperimentConfig {}.student.model.layers.size());
    EXPECT_EQ(doc["student"]["model"]["layers"][0]["units"], 12);
}

} // namespace
} // namespace kdw::train
