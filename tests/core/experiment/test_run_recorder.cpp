// SPDX-License-Identifier: MIT
// The recorder used by kdw and the GUI: every epoch written, a saved teacher reused.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/experiment/run_recorder.h"
#include "tests/support/configs.h"
#include "tests/support/temp_dir.h"

namespace kdw::experiment {
namespace {

using store::History;

class RecorderTest : public ::testing::Test {
protected:
    std::string file(const std::string& name) const { return m_dir.file(name); }

    test::TempDir m_dir {"recorder"};
};

TEST_F(RecorderTest, RecorderWritesEveryEpochAndReusesASavedTeacher)
{
    const auto path = file("h.sqlite");
    History h(path);
    auto cfg = test::tinyConfig("soft_target");
    const auto first = runAndRecord(h, cfg, {}, {});
    EXPECT_EQ(first.result.status, train::RunStatus::Finished);
    EXPECT_EQ(h.epochs(first.runId).size(), 12U);
    EXPECT_TRUE(h.loadCheckpoint(first.runId, "teacher").has_value());
    EXPECT_TRUE(h.loadCheckpoint(first.runId, "student").has_value());

    auto reuse = cfg;
    reuse.teacher.fromRun = std::to_string(first.runId);
    int teacherEpochs = 0;
    train::TrainerCallbacks cb;
    cb.epochFinished
        = [&](const train::EpochRecord& e) { teacherEpochs += e.phase == "teacher" ? 1 : 0; };
    const auto second = runAndRecord(h, reuse, cb, {});
    EXPECT_EQ(teacherEpochs, 0); // no teacher was trained
    EXPECT_FALSE(second.result.teacherTrained);
    EXPECT_EQ(*h.run(second.runId)->summary.teacherRun, first.runId);
    // Same teacher, so the same KL reference: the first student epoch's kl is identical.
    EXPECT_DOUBLE_EQ(
        h.epochs(second.runId)[0].metrics.at("kl"), h.epochs(first.runId)[8].metrics.at("kl"));

    // A run that itself reused a teacher can be named too: the chain leads to the saved weights.
    // And the teacher's architecture comes from the run that trained it, whatever the config says.
    auto chained = cfg;
    chained.teacher.fromRun = std::to_string(second.runId);
    chained.teacher.model.layers = {{3, nn::Activation::Relu, 0.0}};
    const auto third = runAndRecord(h, chained, {}, {});
    EXPECT_EQ(*h.run(third.runId)->summary.teacherRun, first.runId);
    EXPECT_EQ(train::configFromJson(h.run(third.runId)->configJson).teacher.model.layers.size(),
        cfg.teacher.model.layers.size());
    EXPECT_DOUBLE_EQ(
        h.epochs(third.runId)[0].metrics.at("kl"), h.epochs(first.runId)[8].metrics.at("kl"));

    auto otherData = reuse;
    otherData.dataset.synthetic.seed += 1;
    EXPECT_THROW(runAndRecord(h, otherData, {}, {}), ConfigError);
}

} // namespace
} // namespace kdw::experiment
