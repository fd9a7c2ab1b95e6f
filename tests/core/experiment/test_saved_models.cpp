// SPDX-License-Identifier: MIT
// A saved run's models loaded again (saved_models.h): the teacher scores a user's candidates as
// the trained teacher did, through a reused teacher too; runs without a teacher or whose data file
// is gone are refused with a message that says so.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/experiment/run_recorder.h"
#include "core/experiment/saved_models.h"
#include "tests/support/configs.h"
#include "tests/support/temp_dir.h"

namespace kdw::experiment {
namespace {

using store::History;

std::string errorOf(History& h, std::int64_t run)
{
    try {
        loadSavedModels(h, run);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(SavedModels, TeacherScoresTheUsersCandidatesAsTrained)
{
    const test::TempDir dir("saved-models");
    History h(dir.file("h.sqlite"));
    const auto cfg = test::tinyConfig("soft_target");
    const auto run = runAndRecord(h, cfg, {}, {});

    auto models = loadSavedModels(h, run.runId);
    EXPECT_EQ(models.teacherRun, run.runId);
    ASSERT_TRUE(models.student != nullptr);
    const auto& split = models.data.split;
    ASSERT_GT(split.evalUsers.size(), 3U);
    const auto c = scoreCandidates(models, 3);
    EXPECT_EQ(c.user, split.evalUsers[3]);
    EXPECT_EQ(c.userId, models.data.dataset.userIds[static_cast<std::size_t>(c.user)]);
    ASSERT_EQ(c.items.size(), static_cast<std::size_t>(cfg.dataset.evalNegatives) + 1);
    EXPECT_EQ(c.items[0], split.heldOut[3]);
    EXPECT_EQ(c.items[1], split.evalNegatives[3][0]);

    // The same logits as the weights the training returned.
    nn::Model<float> teacher(
        cfg.teacher.model, models.data.dataset.numUsers, models.data.dataset.numItems);
    teacher.loadWeights(run.result.teacherWeights);
    const IdVec users(c.items.size(), c.user);
    const auto expected = teacher.predict(users, c.items);
    for (std::size_t k = 0; k < c.items.size(); ++k) {
        EXPECT_DOUBLE_EQ(c.teacher[k], static_cast<double>(expected[static_cast<Index>(k)]));
    }
    ASSERT_TRUE(c.student.has_value());
    EXPECT_EQ(c.student->size(), c.items.size());
    EXPECT_NE((*c.student)[0], c.teacher[0]);
    EXPECT_THROW(scoreCandidates(models, split.evalUsers.size()), std::out_of_range);

    // A run that took its teacher from the first finds it there.
    auto reuse = cfg;
    reuse.teacher.fromRun = std::to_string(run.runId);
    const auto second = runAndRecord(h, reuse, {}, {});
    auto again = loadSavedModels(h, second.runId);
    EXPECT_EQ(again.teacherRun, run.runId);
    EXPECT_DOUBLE_EQ(scoreCandidates(again, 3).teacher[0], c.teacher[0]);
}

TEST(SavedModels, RefusesRunsWithoutTeacherOrData)
{
    const test::TempDir dir("saved-models-refused");
    History h(dir.file("h.sqlite"));
    // A run stopped before its teacher was saved: recorded, without checkpoints.
    store::NewRun bare;
    bare.name = "stopped early";
    bare.method = "soft_target";
    bare.configJson = train::configToJson(test::tinyConfig("soft_target"));
    const auto stopped = h.createRun(bare);
    h.finishRun(stopped, train::RunState::Cancelled, 1.0);
    EXPECT_FALSE(teacherRunOf(h, stopped).has_value());
    EXPECT_NE(errorOf(h, stopped).find("saved no teacher checkpoint"), std::string::npos)
        << errorOf(h, stopped);

    // A file dataset deleted after training.
    const auto path = dir.file("ratings.csv");
    {
        std::ofstream out(path);
        for (int u = 0; u < 30; ++u) {
            for (int i = 0; i < 8; ++i) {
                out << u << ',' << (u * 7 + i * 3) % 40 << ",4," << i << '\n';
            }
        }
    }
    auto file = test::tinyConfig("soft_target");
    file.dataset.source = "csv";
    file.dataset.path = path;
    file.dataset.evalNegatives = 20;
    file.teacher.training.epochs = 1;
    file.student.training.epochs = 1;
    const auto trained = runAndRecord(h, file, {}, {});
    EXPECT_NO_THROW(loadSavedModels(h, trained.runId));
    {
        std::ofstream out(path, std::ios::app);
        out << "99,1,4,100\n";
    }
    EXPECT_NE(
        errorOf(h, trained.runId).find("has changed since the run trained"), std::string::npos)
        << errorOf(h, trained.runId);
    std::filesystem::remove(path);
    const auto gone = errorOf(h, trained.runId);
    EXPECT_NE(gone.find("dataset cannot be read"), std::string::npos) << gone;
    EXPECT_NE(gone.find("no such file"), std::string::npos) << gone;
    EXPECT_THROW(loadSavedModels(h, 999), StoreError);
}

} // namespace
} // namespace kdw::experiment
