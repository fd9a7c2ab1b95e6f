// SPDX-License-Identifier: MIT
// End to end: `kdw config --schema` lists the config's fields, `kdw methods` the method catalogue,
// and kdw refuses a misspelt key before it opens a history or trains anything.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/train/config.h"
#include "core/train/vocabulary.h"
#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using kdw::test::runCommand;

std::size_t lineCount(const std::string& text)
{
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(KdwConfig, SchemaPrintsEveryFieldWithTypeDefaultRangeAndMeaning)
{
    const auto out = runCommand(std::string(KDW_BINARY) + " config --schema");
    ASSERT_EQ(out.status, 0) << out.text;
    EXPECT_EQ(lineCount(out.text), kdw::train::configSchema().size() + 1)
        << out.text; // + the heading
    EXPECT_EQ(out.text.substr(0, out.text.find(' ')), "field");
    // distillation.temperature  number  4  between 0.01 and 1000  softens ...
    const auto at = out.text.find("\ndistillation.temperature ");
    ASSERT_NE(at, std::string::npos) << out.text;
    const auto line = out.text.substr(at + 1, out.text.find('\n', at + 1) - at - 1);
    std::istringstream words(line);
    std::string path, type, def;
    words >> path >> type >> def;
    EXPECT_EQ(type, "number");
    EXPECT_EQ(def, "4");
    const auto range = line.find("  between 0.01 and 1000  ");
    EXPECT_NE(range, std::string::npos) << line;
    const auto meaning = line.find("  softens teacher and student scores");
    EXPECT_NE(meaning, std::string::npos) << line;
    EXPECT_GT(meaning, range) << line;

    const auto json = runCommand(std::string(KDW_BINARY) + " config --schema --json 2>/dev/null");
    ASSERT_EQ(json.status, 0) << json.text;
    const auto rows = nlohmann::json::parse(json.text);
    ASSERT_EQ(rows.size(), kdw::train::configSchema().size());
    EXPECT_EQ(rows[0]["path"], "name");
    EXPECT_EQ(rows[0]["default"], "\"untitled run\"");
}

TEST(KdwConfig, AMisspeltKeyIsRefusedBeforeAnythingIsTrained)
{
    const kdw::test::TempDir dir("e2e-config");
    const auto cfg = dir.file("typo.json");
    std::ofstream(cfg) << R"({"name": "typo", "distillation": {"temprature": 4}})";
    const auto db = dir.file("history.sqlite");
    const std::string message
        = cfg + ": config: 'distillation.temprature': unknown key; did you mean 'temperature'?";

    const auto train
        = runCommand(std::string(KDW_BINARY) + " train --config " + cfg + " --db " + db);
    EXPECT_EQ(train.status, 1) << train.text;
    EXPECT_EQ(train.text, "kdw: " + message + "\n");
    EXPECT_FALSE(fs::exists(db)) << "a history was opened for a refused config";

    const auto check = runCommand(std::string(KDW_BINARY) + " config --check " + cfg);
    EXPECT_EQ(check.status, 1) << check.text;
    EXPECT_EQ(check.text, "kdw: " + message + "\n");

    const auto sweep = runCommand(
        std::string(KDW_BINARY) + " sweep --name typo --config " + cfg + " --db " + db);
    EXPECT_NE(sweep.status, 0) << sweep.text;
    EXPECT_NE(sweep.text.find(message), std::string::npos) << sweep.text;
    EXPECT_FALSE(fs::exists(db));
}

TEST(KdwConfig, CheckAcceptsEveryExampleConfig)
{
    for (const auto& e :
        fs::directory_iterator(fs::path(KDW_SOURCE_DIR) / "resources" / "examples")) {
        if (e.path().extension() != ".json") {
            continue; // the example sweep is a shell script
        }
        const auto out
            = runCommand(std::string(KDW_BINARY) + " config --check " + e.path().string());
        EXPECT_EQ(out.status, 0) << out.text;
        EXPECT_NE(out.text.find(": ok (\""), std::string::npos) << out.text;
    }
}

TEST(KdwMethods, PrintsTheMethodCatalogueInOrderWithItsParameters)
{
    const auto out = runCommand(std::string(KDW_BINARY) + " methods");
    ASSERT_EQ(out.status, 0) << out.text;
    // One block per method, headed "name  label", in the catalogue's order.
    std::size_t at = 0;
    for (const auto& m : kdw::train::methodCatalogue()) {
        const auto head = std::string(m.name) + "  " + std::string(m.label) + "\n";
        const auto found = out.text.find(head, at);
        ASSERT_NE(found, std::string::npos) << head << "missing or out of order:\n" << out.text;
        EXPECT_TRUE(found == 0 || out.text[found - 1] == '\n') << head;
        at = found + head.size();
        const auto end = out.text.find("\n\n", at);
        const auto block = out.text.substr(at, end - at);
        EXPECT_NE(block.find("  formula:    " + std::string(m.formula) + "\n"), std::string::npos)
            << block;
        if (!m.paper.empty()) {
            EXPECT_NE(block.find("  paper:      " + std::string(m.paper) + "\n"), std::string::npos)
                << block;
        }
        for (const auto& p : m.parameters) {
            EXPECT_NE(block.find(" " + std::string(p)), std::string::npos) << p << " missing in\n"
                                                                           << block;
        }
    }
    // The combinations a config may name, e.g. hint+soft_target.
    const auto combos = out.text.find("\ncombinations (distillation.method):");
    ASSERT_NE(combos, std::string::npos) << out.text;
    for (const auto& s : kdw::train::allMethodSets()) {
        EXPECT_NE(out.text.find(" " + s.toString(), combos), std::string::npos) << s.toString();
    }
}

} // namespace
