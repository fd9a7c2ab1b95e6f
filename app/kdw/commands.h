// SPDX-License-Identifier: MIT
// The subcommands of kdw; each registers itself on the CLI11 app and sets `run` when chosen.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "core/train/config.h"

namespace kdw::cli {

// The action of the chosen subcommand, returning the process exit code.
using Action = std::function<int()>;

void addTrainCommand(CLI::App& app, Action& action);
void addBenchCommand(CLI::App& app, Action& action);
void addSweepCommands(CLI::App& app, Action& action);
void addHistoryCommands(CLI::App& app, Action& action);
void addConfigCommand(CLI::App& app, Action& action);
void addMethodsCommand(CLI::App& app, Action& action);

// Reads a config file as kdw's commands do: train::loadConfigFile, with each renamed key's notice
// printed to standard error ("kdw: notice: config key 'a' is now 'b'"). Throws ConfigError.
train::ExperimentConfig loadConfig(const std::string& path);

} // namespace kdw::cli
