// SPDX-License-Identifier: MIT
// The subcommands of kdw; each registers itself on the CLI11 app and sets `action` when chosen.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/store/history.h"
#include "core/train/config.h"

namespace kdw::cli {

// The action of the chosen subcommand, returning the process exit code.
using Action = std::function<int()>;

// kdw's exit codes (README, "The command line", and `kdw --help`).
namespace exit_code {
inline constexpr int kOk = 0;
inline constexpr int kRefused = 1; // a config, data file, history or argument value refused
inline constexpr int kUsage = 2; // the command line itself: unknown option, missing argument
inline constexpr int kRunFailed = 3; // a run ended failed or diverged (a sweep: one or more)
inline constexpr int kInternal = 4; // an unexpected error (a bug: please report it)
// 128 + the signal when stopped by Ctrl-C (130) or SIGTERM (143): runs stored 'cancelled'.
} // namespace exit_code

// The `kdw --help` epilog: the exit codes above, one line each.
std::string exitCodeHelp();

void addTrainCommand(CLI::App& app, Action& action);
void addBenchCommand(CLI::App& app, Action& action);
void addSweepCommands(CLI::App& app, Action& action);
void addHistoryCommands(CLI::App& app, Action& action);
void addConfigCommand(CLI::App& app, Action& action);
void addMethodsCommand(CLI::App& app, Action& action);
// `kdw merge OUT IN...` (cmd_merge.cpp, with the cluster work); until it is registered,
// addHistoryCommands registers the older `kdw merge OTHER`.
void addMergeCommand(CLI::App& app, Action& action);

// Reads a config as kdw's commands do: the file `path` (empty: the built-in defaults) with the
// `--set key.path=value` overrides `sets` (train::configWithOverrides), each renamed key's notice
// printed to standard error ("kdw: notice: config key 'a' is now 'b'"). Throws ConfigError.
train::ExperimentConfig loadConfig(
    const std::string& path, const std::vector<std::string>& sets = {});

// The run `ref` names: an id ("12"), a uuid, or a name that exactly one run has. Throws
// StoreError when none does, and for a name several runs share, listing them ("name 'x' is
// ambiguous: runs 3 (finished, 2026-11-29T10:00:00Z), 7 (...); use an id").
std::int64_t resolveRunRef(store::History& history, const std::string& ref);

// Adds `--set key.path=value` (repeatable) to a command, into `sets`.
void addSetOption(CLI::App* cmd, std::vector<std::string>& sets);

} // namespace kdw::cli
