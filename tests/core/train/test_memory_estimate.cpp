// SPDX-License-Identifier: MIT
// A run the machine cannot hold is refused before any data is generated or model allocated, with
// the estimate and the limit (issue 17: 1M users at embedding size 4096 died with bad_alloc after
// a minute of data preparation).
#include <chrono>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/nn/model_spec.h"
#include "core/train/memory_estimate.h"
#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw::train {
namespace {

TEST(MemoryEstimate, ModelsCountFourFloatsPerParameter)
{
    auto cfg = test::tinyConfig("none");
    const double users = 1000;
    const double items = 2000;
    const auto e = estimateMemory(cfg, users, items, 0.0);
    const double params = static_cast<double>(nn::countParameters(cfg.teacher.model, 1000, 2000)
        + nn::countParameters(cfg.student.model, 1000, 2000));
    // Models, plus one evaluation block of 32,768 columns of the widest model's units (8 bytes).
    const double widest = 2.0 * 16 + 1 + 32 + 16;
    EXPECT_DOUBLE_EQ(e.bytes, params * 16.0 + 32768.0 * widest * 8.0);
    EXPECT_NE(e.breakdown.find("teacher"), std::string::npos);
}

TEST(MemoryEstimate, AHugeSyntheticRunIsRefusedAtOnceWithTheEstimateAndTheLimit)
{
    ASSERT_GT(availableMemoryBytes(), 0.0) << "/proc/meminfo or sysconf gives the memory";
    auto cfg = test::tinyConfig("none");
    cfg.dataset.synthetic.users = 1000000;
    cfg.teacher.model.embeddingDim = 4096;
    if (estimateMemory(cfg, 1e6, 160, 3e6).bytes < 0.9 * availableMemoryBytes()) {
        GTEST_SKIP() << "this machine has more memory than the largest run the schema allows";
    }
    const auto start = std::chrono::steady_clock::now();
    try {
        Trainer trainer(cfg);
        FAIL() << "a run of about 66 GB of teacher is refused";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("needs about"), std::string::npos) << what;
        EXPECT_NE(what.find("available"), std::string::npos) << what;
        EXPECT_NE(what.find("teacher 65."), std::string::npos) << what;
    }
    const double secs
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(secs, 1.0) << "refused before the million users are generated";
}

} // namespace
} // namespace kdw::train
