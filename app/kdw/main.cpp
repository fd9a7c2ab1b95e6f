// SPDX-License-Identifier: MIT
// kdw: the command line of KD Workbench. Arguments and wiring only; the work is in core.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/kdw/commands.h"
#include "app/kdw/interrupt.h"
#include "core/common/error.h"

int main(int argc, char** argv)
{
    namespace cli = kdw::cli;
    CLI::App app {"kdw: knowledge distillation workbench for recommender systems (command line)"};
    app.set_version_flag("--version", std::string("kdw ") + KDW_VERSION);
    app.footer(cli::exitCodeHelp());
    app.require_subcommand(1);
    cli::Action action;
    cli::addTrainCommand(app, action);
    cli::addBenchCommand(app, action);
    cli::addSweepCommands(app, action);
    cli::addHistoryCommands(app, action);
    cli::addMergeCommand(app, action);
    cli::addConfigCommand(app, action);
    cli::addMethodsCommand(app, action);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every other parse error is a usage error.
        return app.exit(e) == 0 ? cli::exit_code::kOk : cli::exit_code::kUsage;
    }
    try {
        return action ? action() : cli::exit_code::kOk;
    } catch (const kdw::Error& e) {
        std::cerr << "kdw: " << e.what() << '\n';
        // A stop asked for while data was being prepared ends the command as stopped.
        return cli::interrupted() ? cli::interruptExitCode() : cli::exit_code::kRefused;
    } catch (const std::exception& e) {
        std::cerr << "kdw: unexpected error: " << e.what() << '\n';
        return cli::exit_code::kInternal;
    }
}
