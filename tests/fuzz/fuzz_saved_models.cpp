// SPDX-License-Identifier: MIT
// Fuzz target: loading a run's saved models from a history whose bytes are arbitrary (what the
// GUI's temperature explorer does with a run of a colleague's history): the history goes to a
// scratch copy, and for its first runs experiment::teacherRunOf, loadSavedModels (the recorded
// config, its data, the teacher and student checkpoints decoded into models of the recorded
// architecture) and scoreCandidates for the first evaluated user. Every step works or throws
// StoreError, ConfigError or DataError. The work is bounded: only runs on the synthetic set of at
// most 20,000 user x item cells are loaded (a recorded file path could name any file of the
// machine; file parsing is fuzz_ratings' part).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/experiment/saved_models.h"
#include "core/store/history.h"
#include "core/train/config.h"
#include "tests/fuzz/scratch_dir.h"

namespace {

constexpr long long kMaxCells = 20'000;

// Whether loading run `runId` stays small: a readable config on a small synthetic set.
bool smallSyntheticRun(kdw::store::History& history, std::int64_t runId)
{
    const auto details = history.run(runId);
    if (!details) {
        return false;
    }
    try {
        const auto config = kdw::train::configFromJson(details->configJson);
        const auto& s = config.dataset.synthetic;
        return config.dataset.source == "synthetic"
            && static_cast<long long>(s.users) * s.items <= kMaxCells;
    } catch (const kdw::ConfigError&) {
        return true; // loadSavedModels must refuse it with a ConfigError: worth driving
    }
}

void loadRun(kdw::store::History& history, std::int64_t runId)
{
    (void)kdw::experiment::teacherRunOf(history, runId);
    if (!smallSyntheticRun(history, runId)) {
        return;
    }
    auto models = kdw::experiment::loadSavedModels(history, runId);
    if (!models.data.split.evalUsers.empty()) {
        (void)kdw::experiment::scoreCandidates(models, 0);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const kdw::fuzz::ScratchDir scratch;
    scratch.clear();
    const auto path = scratch.write("history.sqlite", data, size);
    try {
        kdw::store::History history(path);
        int seen = 0;
        for (const auto& r : history.listRuns()) {
            if (++seen > 2) {
                break;
            }
            try {
                loadRun(history, r.id);
            } catch (const kdw::ConfigError&) {
                // a run whose config or checkpoints do not fit is refused
            } catch (const kdw::DataError&) {
                // a run whose data cannot be made again is refused
            }
        }
    } catch (const kdw::StoreError&) {
        // a clear refusal is a correct answer
    }
    scratch.clear();
    return 0;
}
