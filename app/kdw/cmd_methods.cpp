// SPDX-License-Identifier: MIT
// kdw methods: the distillation methods a config may name, from core's method catalogue.
#include <iostream>
#include <string>
#include <string_view>

#include "app/kdw/commands.h"
#include "core/train/vocabulary.h"

namespace kdw::cli {
namespace {

std::string_view familyText(train::MethodFamily family)
{
    switch (family) {
    case train::MethodFamily::Logit:
        return "logit (compares outputs)";
    case train::MethodFamily::Feature:
        return "feature (compares inner representations)";
    case train::MethodFamily::None:
        break;
    }
    return "-";
}

int runMethods()
{
    bool first = true;
    for (const auto& m : train::methodCatalogue()) {
        std::cout << (first ? "" : "\n") << m.name << "  " << m.label << '\n';
        first = false;
        std::cout << "  family:     " << familyText(m.family) << '\n';
        std::cout << "  summary:    " << m.summary << '\n';
        std::cout << "  formula:    " << m.formula << '\n';
        std::cout << "  paper:      " << (m.paper.empty() ? "-" : m.paper) << '\n';
        std::cout << "  parameters:";
        for (const auto& p : m.parameters) {
            std::cout << ' ' << p;
        }
        std::cout << (m.parameters.empty() ? " -\n" : "\n");
    }
    std::cout << "\ncombinations (distillation.method):";
    for (const auto& s : train::allMethodSets()) {
        std::cout << ' ' << s.toString();
    }
    std::cout << '\n';
    return 0;
}

} // namespace

void addMethodsCommand(CLI::App& app, Action& action)
{
    auto* cmd = app.add_subcommand("methods",
        "List the distillation methods: name, label, family, formula, paper and config parameters");
    cmd->callback([&action] { action = [] { return runMethods(); }; });
}

} // namespace kdw::cli
