// SPDX-License-Identifier: MIT
// Fuzz target: opening a history file whose bytes are arbitrary (a damaged file, a colleague's
// file, something that is not a history at all). The bytes go to a scratch copy in a private
// temporary directory; the copy is opened with store::History, its runs and sweeps listed, the
// first runs read, their metrics summarised and exported as JSON (with checkpoints) and CSV. Every
// step either works or throws StoreError; anything else (a crash, a hang, another exception, a
// sanitizer report, a file written outside the scratch directory) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/store/history.h"
#include "tests/fuzz/scratch_dir.h"

namespace {

constexpr const char* kName = "history.sqlite";

void readEverything(kdw::store::History& history)
{
    const auto runs = history.listRuns();
    (void)history.listSweeps();
    (void)history.queryRuns(kdw::store::RunQuery {});
    kdw::store::RunQuery query;
    query.text = "a";
    query.sortBy = "best:hr@10";
    query.bestMetrics = {"hr@10"};
    query.configFields = {"distillation.temperature"};
    query.configEquals = {{"distillation.method", "\"soft_target\""}};
    (void)history.queryRuns(query);
    (void)kdw::store::runsCsv(runs, {"hr@10", "ndcg@10"});
    std::size_t seen = 0;
    for (const auto& r : runs) {
        if (++seen > 3) {
            break;
        }
        try {
            (void)history.run(r.id);
            (void)history.epochs(r.id);
            (void)history.metricSummary(r.id);
            (void)history.loadCheckpoint(r.id, "teacher");
            (void)history.exportRunJson(r.id, true);
            (void)history.exportMetricsCsv(r.id);
        } catch (const kdw::StoreError&) {
            // a damaged run is refused; the others are still read
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const kdw::fuzz::ScratchDir scratch;
    scratch.clear();
    const auto path = scratch.write(kName, data, size);
    try {
        kdw::store::History history(path);
        readEverything(history);
    } catch (const kdw::StoreError&) {
        // a clear refusal is a correct answer
    }
    if (!scratch.onlyFilesStartingWith(kName)) {
        __builtin_trap(); // something was written beside the history that is not its own
    }
    scratch.clear();
    return 0;
}
