// SPDX-License-Identifier: MIT
// Synthetic run histories for the history browser's tests, benchmark and screenshots, written
// through the store's API (createRun, appendEpoch, addTag, finishRun), as the trainer writes them.
// Run r (0-based, id r + 1 in a new history) is made by a rule the tests count with:
//   method      kMethods[r % 7] (1: soft targets pointwise, 2: soft targets listwise)
//   T, alpha    {1, 2, 4, 8}[r % 4], {0.3, 0.5, 0.7}[r % 3]; seed r % 5
//   tags        "lecture" when r % 10 == 0; "baseline" when the method is none
//   status      "cancelled" when r % 13 == 0, else "finished"
//   student     two epochs; ndcg@10 best 0.1 + (r % 97) / 1000 at epoch 1, final 0.9 of it
#pragma once

#include <array>
#include <functional>
#include <string>

#include "core/store/history.h"
#include "core/train/config.h"

namespace kdw::test {

struct SyntheticMethod {
    const char* method;
    bool listwise;
};
inline constexpr std::array<SyntheticMethod, 7> kMethods {
    {{"none", false}, {"soft_target", false}, {"soft_target", true}, {"logit_matching", false},
        {"hint", false}, {"relation", false}, {"hint+soft_target", true}}};

inline double syntheticBestNdcg(int r)
{
    return 0.1 + (r % 97) / 1000.0;
}

inline bool syntheticHasTag(int r, const std::string& tag)
{
    return (tag == "lecture" && r % 10 == 0)
        || (tag == "baseline" && std::string(kMethods[r % 7].method) == "none");
}

// Appends runs [first, first + count) to `history`; `progress` is told every 1,000 runs.
inline void fillHistory(
    store::History& history, int first, int count, const std::function<void(int)>& progress = {})
{
    constexpr std::array<double, 4> kTemperatures {1.0, 2.0, 4.0, 8.0};
    constexpr std::array<double, 3> kAlphas {0.3, 0.5, 0.7};
    for (int r = first; r < first + count; ++r) {
        const auto& m = kMethods[static_cast<std::size_t>(r % 7)];
        train::ExperimentConfig c;
        c.distillation.method = m.method;
        c.distillation.listwise = m.listwise;
        c.distillation.temperature = kTemperatures[static_cast<std::size_t>(r % 4)];
        c.distillation.alpha = kAlphas[static_cast<std::size_t>(r % 3)];
        c.seed = static_cast<std::uint64_t>(r % 5);
        c.name = "run " + std::to_string(r) + " " + m.method
            + " T=" + std::to_string(static_cast<int>(c.distillation.temperature));
        store::NewRun run;
        run.name = c.name;
        run.method = m.method;
        run.seed = c.seed;
        run.configJson = train::configToJson(c);
        const auto id = history.createRun(run);
        const double best = syntheticBestNdcg(r);
        history.appendEpoch(id, {"student", 1, {{"ndcg@10", best}, {"f1", 0.5 * best}}});
        history.appendEpoch(id, {"student", 2, {{"ndcg@10", 0.9 * best}, {"f1", 0.6 * best}}});
        for (const char* tag : {"lecture", "baseline"}) {
            if (syntheticHasTag(r, tag)) {
                history.addTag(id, tag);
            }
        }
        history.finishRun(id, r % 13 == 0 ? "cancelled" : "finished", 10.0 + r % 50);
        if (progress && (r + 1) % 1000 == 0) {
            progress(r + 1);
        }
    }
}

} // namespace kdw::test
