// SPDX-License-Identifier: MIT
// kdw config: the config's fields (--schema) and a check of a config file (--check); and the one
// way kdw's commands read a config file.
#include <algorithm>
#include <array>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/kdw/commands.h"
#include "core/train/config.h"
#include "core/train/config_overrides.h"

namespace kdw::cli {
namespace {

struct ConfigOptions {
    bool schema = false;
    bool json = false;
    std::string check;
};

void printSchemaTable(const std::vector<train::ConfigFieldInfo>& fields)
{
    const std::array<std::string, 4> heads {"field", "type", "default", "range"};
    std::array<std::size_t, 4> width {};
    for (std::size_t c = 0; c < heads.size(); ++c) {
        width[c] = heads[c].size();
    }
    for (const auto& f : fields) {
        const std::array<const std::string*, 4> cells {&f.path, &f.type, &f.defaultValue, &f.range};
        for (std::size_t c = 0; c < cells.size(); ++c) {
            width[c] = std::max(width[c], cells[c]->size());
        }
    }
    const auto row
        = [&](const std::array<const std::string*, 4>& cells, const std::string& meaning) {
              for (std::size_t c = 0; c < cells.size(); ++c) {
                  std::cout << *cells[c] << std::string(width[c] - cells[c]->size() + 2, ' ');
              }
              std::cout << meaning << '\n';
          };
    row({&heads[0], &heads[1], &heads[2], &heads[3]}, "meaning");
    for (const auto& f : fields) {
        row({&f.path, &f.type, &f.defaultValue, &f.range}, f.meaning);
    }
}

void printSchemaJson(const std::vector<train::ConfigFieldInfo>& fields)
{
    auto out = nlohmann::json::array();
    for (const auto& f : fields) {
        out.push_back({{"path", f.path}, {"type", f.type}, {"default", f.defaultValue},
            {"range", f.range}, {"meaning", f.meaning}});
    }
    std::cout << out.dump(2) << '\n';
}

int runConfig(const ConfigOptions& o)
{
    if (!o.check.empty()) {
        const auto config = loadConfig(o.check);
        std::cout << o.check << ": ok (\"" << config.name << "\")\n";
    }
    if (o.schema) {
        const auto fields = train::configSchema();
        if (o.json) {
            printSchemaJson(fields);
        } else {
            printSchemaTable(fields);
        }
    }
    return 0;
}

} // namespace

train::ExperimentConfig loadConfig(const std::string& path, const std::vector<std::string>& sets)
{
    train::ConfigReadOptions options;
    options.notice = [](const std::string& line) { std::cerr << "kdw: notice: " << line << '\n'; };
    return train::configWithOverrides(path, sets, options);
}

void addConfigCommand(CLI::App& app, Action& action)
{
    auto opts = std::make_shared<ConfigOptions>();
    auto* cmd = app.add_subcommand(
        "config", "Show the experiment config's fields, or check a config file");
    auto* schema = cmd->add_flag(
        "--schema", opts->schema, "print every field: type, default, range and meaning");
    cmd->add_flag("--json", opts->json, "with --schema: print the schema as JSON")->needs(schema);
    cmd->add_option("--check", opts->check, "read and validate this config file")
        ->check(CLI::ExistingFile);
    cmd->require_option(1, 0); // --schema, --check or both
    cmd->callback([opts, &action] { action = [opts] { return runConfig(*opts); }; });
}

} // namespace kdw::cli
