// SPDX-License-Identifier: MIT
// What several of kdw's commands share: run references by id, uuid or name; --set; exit codes.
#include <algorithm>

#include "app/kdw/commands.h"
#include "core/common/error.h"

namespace kdw::cli {

std::string exitCodeHelp()
{
    return "Exit codes:\n"
           "  0    done\n"
           "  1    refused: a config, data file, history or value named in the message\n"
           "  2    command-line usage: unknown option, missing or malformed argument\n"
           "  3    a run ended failed or diverged (kdw sweep: at least one did)\n"
           "  4    unexpected internal error (please report it)\n"
           "  130  stopped by Ctrl-C (143: SIGTERM); the runs are stored 'cancelled' with their "
           "finished epochs";
}

std::int64_t resolveRunRef(store::History& history, const std::string& ref)
{
    try {
        return history.resolveRun(ref);
    } catch (const StoreError& byId) {
        store::RunQuery q;
        q.text = ref;
        q.descending = false;
        std::vector<store::RunSummary> named;
        for (auto& r : history.queryRuns(q).runs) {
            if (r.name == ref) {
                named.push_back(std::move(r));
            }
        }
        if (named.size() == 1) {
            return named.front().id;
        }
        if (named.empty()) {
            throw StoreError(
                history.path() + ": there is no run '" + ref + "' (by id, uuid or name)");
        }
        std::string list;
        for (const auto& r : named) {
            list += (list.empty() ? "" : ", ") + std::to_string(r.id) + " (" + r.status + ", "
                + r.createdAt + ")";
        }
        throw StoreError(history.path() + ": the name '" + ref + "' is ambiguous: runs " + list
            + "; name one by its id");
    }
}

void addSetOption(CLI::App* cmd, std::vector<std::string>& sets)
{
    cmd->add_option("--set,-s", sets,
           "override one config value, key.path=value (repeatable; e.g. --set "
           "distillation.temperature=4 --set dataset.path=u.data)")
        ->allow_extra_args(false)
        ->take_all();
}

} // namespace kdw::cli
