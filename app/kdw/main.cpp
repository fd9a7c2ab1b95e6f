// SPDX-License-Identifier: MIT
// kdw: the command line of KD Workbench. Arguments and wiring only; the work is in core.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/kdw/commands.h"
#include "core/common/error.h"

int main(int argc, char** argv)
{
    CLI::App app {"kdw: knowledge distillation workbench for recommender systems (command line)"};
    app.set_version_flag("--version", std::string("kdw ") + KDW_VERSION);
    app.require_subcommand(1);
    kdw::cli::Action action;
    kdw::cli::addTrainCommand(app, action);
    kdw::cli::addBenchCommand(app, action);
    kdw::cli::addSweepCommands(app, action);
    kdw::cli::addHistoryCommands(app, action);
    kdw::cli::addConfigCommand(app, action);
    kdw::cli::addMethodsCommand(app, action);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        return action ? action() : 0;
    } catch (const kdw::Error& e) {
        std::cerr << "kdw: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "kdw: unexpected error: " << e.what() << '\n';
        return 2;
    }
}
