// SPDX-License-Identifier: MIT
// kdw merge OUT IN...: unions history files (the shards of a sweep run on a cluster) into OUT,
// each run once (by uuid). The work is core/store/merge.h; this file is arguments and printing.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/kdw/commands.h"
#include "app/kdw/format.h"
#include "core/store/history.h"
#include "core/store/merge.h"

namespace kdw::cli {
namespace {

struct MergeOptions {
    std::vector<std::string> files;
    std::string db;
    bool json = false;
};

// OUT and the inputs: `--db OUT IN...`; `OUT IN...`; or one file alone, merged into the default
// history (the older `kdw merge OTHER` form).
std::pair<std::string, std::vector<std::string>> outAndInputs(const MergeOptions& o)
{
    if (!o.db.empty()) {
        return {o.db, o.files};
    }
    if (o.files.size() == 1) {
        return {store::History::defaultPath(), o.files};
    }
    return {o.files.front(), {o.files.begin() + 1, o.files.end()}};
}

int runMerge(const MergeOptions& o)
{
    const auto [out, inputs] = outAndInputs(o);
    warnAboutHistoryLocation(out);
    const auto results = store::mergeHistories(out, inputs);
    const auto total = store::History(out).listRuns().size();
    if (o.json) {
        nlohmann::json doc {{"into", out}, {"runs", total}, {"inputs", nlohmann::json::array()}};
        for (const auto& r : results) {
            doc["inputs"].push_back({{"path", r.path}, {"added", r.added}, {"skipped", r.skipped}});
        }
        std::cout << doc.dump(2) << '\n';
        return 0;
    }
    for (const auto& r : results) {
        std::cout << r.path << ": " << r.added << " run(s) added, " << r.skipped
                  << " already present\n";
    }
    std::cout << out << ": " << total << " run(s)\n";
    return 0;
}

} // namespace

void addMergeCommand(CLI::App& app, Action& action)
{
    auto o = std::make_shared<MergeOptions>();
    auto* cmd = app.add_subcommand("merge",
        "Union history files into OUT without duplicates (a run is its uuid): kdw merge OUT IN...");
    cmd->add_option("files", o->files,
           "OUT then the histories to merge into it (left unchanged); with --db, or a single "
           "file, every file named is an input")
        ->required()
        ->expected(1, -1);
    cmd->add_option("--db", o->db, "the history to merge into (instead of the first file)");
    cmd->add_flag("--json", o->json, "print what was merged as JSON");
    cmd->footer("OUT is created when missing. Every input is checked first (a missing, empty, "
                "damaged or foreign file is refused by its name) and the copy is one "
                "transaction, so on any failure OUT is left as it was. Before the copy, OUT is "
                "backed up beside itself (OUT.bak-YYYYMMDD-HHMMSS).");
    cmd->callback([o, &action] { action = [o] { return runMerge(*o); }; });
}

} // namespace kdw::cli
