// SPDX-License-Identifier: MIT
// Numerical faults (issue 17, part 3): a run whose loss or weights become NaN or infinite stops
// within the epoch, keeps the epochs it finished and names the likely cause from its own settings;
// a run the machine cannot hold (an embedding table of 10 million rows, a full-ranking evaluation
// too large) is refused before any model is allocated, with the estimate and the limit.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/common/random.h"
#include "core/nn/model.h"
#include "core/train/divergence.h"
#include "core/train/memory_estimate.h"
#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw::train {
namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::size_t epochsOf(const TrainResult& r, const std::string& phase)
{
    std::size_t n = 0;
    for (const auto& e : r.epochs) {
        n += e.phase == phase ? 1 : 0;
    }
    return n;
}

// A hint student whose hint loss, weighted 1000 under SGD at learning rate 1, overflows a few
// batches into its first epoch, after a teacher that trains normally.
ExperimentConfig explodingStudent(double beta, nn::OptimizerKind optimizer, double learningRate)
{
    auto cfg = test::tinyConfig("hint");
    cfg.teacher.training.epochs = 3;
    cfg.distillation.hint.beta = beta;
    cfg.student.training.optimizer.kind = optimizer;
    cfg.student.training.optimizer.learningRate = learningRate;
    return cfg;
}

// The batch and the epoch's batches of "..., batch 5 of 23 ...".
std::pair<int, int> batchOf(const std::string& message)
{
    const auto at = message.find("batch ");
    const auto of = message.find(" of ", at);
    if (at == std::string::npos || of == std::string::npos) {
        return {0, 0};
    }
    return {std::stoi(message.substr(at + 6)), std::stoi(message.substr(of + 4))};
}

TEST(NumericalFaults, AnInfiniteLossStopsWithinTheEpochKeepingTheEpochsDone)
{
    Trainer trainer(explodingStudent(1000.0, nn::OptimizerKind::Sgd, 1.0));
    const auto r = trainer.run({}, {});
    ASSERT_EQ(r.status, RunStatus::Diverged) << r.message;
    EXPECT_EQ(epochsOf(r, "teacher"), 3U) << "the curves of the epochs done are kept";
    EXPECT_EQ(epochsOf(r, "student"), 0U) << "the epoch that overflowed is not recorded";
    EXPECT_TRUE(contains(r.message, "student loss became NaN at epoch 1, batch ")
        || contains(r.message, "student loss became infinite at epoch 1, batch "))
        << r.message;
    const auto [batch, batches] = batchOf(r.message);
    EXPECT_GT(batch, 1) << r.message;
    EXPECT_LT(batch, batches) << "stopped at the batch that showed it: " << r.message;
    EXPECT_TRUE(contains(r.message,
        "(likely cause: the hint weight beta, 1000, above the usual range (at most 100); other "
        "settings that can cause this: the learning rate, 1)"))
        << r.message;
}

TEST(NumericalFaults, WeightsTurnedNaNUnderAFiniteLossStopTheRunAtThatBatch)
{
    // Adam's second moment overflows with a hint weighted 1e30: the step writes NaN into the
    // weights while the batch's loss was still finite.
    Trainer trainer(explodingStudent(1e30, nn::OptimizerKind::Adam, 0.001));
    const auto r = trainer.run({}, {});
    ASSERT_EQ(r.status, RunStatus::Diverged) << r.message;
    EXPECT_EQ(epochsOf(r, "teacher"), 3U);
    EXPECT_EQ(epochsOf(r, "student"), 0U);
    EXPECT_TRUE(
        contains(r.message, "student weights became NaN or infinite at epoch 1, batch 1: '"))
        << r.message;
    EXPECT_TRUE(contains(r.message,
        "values NaN or infinite) (likely cause: the hint weight beta, "
        "1e+30, above the usual range (at most 100)"))
        << r.message;
}

TEST(NumericalFaults, NonFiniteParameterFindsNaNAndInfinityAndCountsThem)
{
    std::vector<float> a(64, 0.5F);
    std::vector<float> b(1000, -1.0F);
    std::vector<nn::Parameter<float>> params {
        {"layers.0.weight", a.data(), nullptr, 8, 8, nullptr},
        {"item_embedding", b.data(), nullptr, 4, 250, nullptr},
    };
    EXPECT_FALSE(nonFiniteParameter(params).has_value());
    b[999] = std::numeric_limits<float>::infinity();
    b[3] = std::numeric_limits<float>::quiet_NaN();
    const auto bad = nonFiniteParameter(params);
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(*bad, "'item_embedding' (2 of 1000 values NaN or infinite)");
    a[0] = -std::numeric_limits<float>::infinity();
    EXPECT_EQ(*nonFiniteParameter(params), "'layers.0.weight' (1 of 64 values NaN or infinite)");
    b[3] = std::numeric_limits<float>::max(); // large but finite
    b[999] = 0.0F;
    a[0] = std::numeric_limits<float>::denorm_min();
    EXPECT_FALSE(nonFiniteParameter(params).has_value());
}

TEST(NumericalFaults, ASavedTeacherWithNaNWeightsStopsTheRunNamingTheTeacher)
{
    auto cfg = test::tinyConfig("soft_target");
    Trainer trainer(cfg);
    nn::Model<float> teacher(
        cfg.teacher.model, trainer.data().split.numUsers, trainer.data().split.numItems);
    Rng rng(5);
    teacher.initialize(rng);
    auto params = teacher.parameters();
    ASSERT_FALSE(params.empty());
    params.back().value[0] = std::numeric_limits<float>::quiet_NaN();
    trainer.setTeacherWeights(teacher.saveWeights());
    const auto r = trainer.run({}, {});
    EXPECT_EQ(r.status, RunStatus::Diverged);
    EXPECT_TRUE(contains(r.message,
        "the teacher's weights hold NaN or infinite values in '" + params.back().name + "' (1 of "))
        << r.message;
    EXPECT_TRUE(r.epochs.empty()) << "no student epoch trained on a broken teacher";
}

TEST(NumericalFaults, TheCausesNamedAreTheRunsOwnAndTheUnusualOnesComeFirst)
{
    TrainingConfig t;
    t.optimizer.kind = nn::OptimizerKind::Adam;
    t.optimizer.learningRate = 0.001;
    DistillationConfig d;
    d.temperature = 0.01;
    d.alpha = 0.5;
    d.hint.beta = 5000.0;
    // Teacher phase: only its learning rate, usual here.
    EXPECT_EQ(divergenceCauses(t, nullptr, MethodSet::parse("soft_target")),
        " (settings that can cause this: the learning rate, 0.001)");
    // Student phase of hint+soft_target: the temperature and beta are unusual, alpha is not.
    const auto s = divergenceCauses(t, &d, MethodSet::parse("hint+soft_target"));
    EXPECT_TRUE(contains(s, "likely cause: the distillation temperature, 0.01, below the usual"))
        << s;
    EXPECT_TRUE(contains(s, "; the hint weight beta, 5000, above the usual range (at most 100)"))
        << s;
    EXPECT_TRUE(contains(s,
        "other settings that can cause this: the learning rate, 0.001; the distillation weight "
        "alpha, 0.5)"))
        << s;
    // Relation and ranking name their own weights, and no soft-target setting.
    d.relation.angleWeight = 1e6;
    const auto rel = divergenceCauses(t, &d, MethodSet::parse("relation"));
    EXPECT_TRUE(contains(rel, "likely cause: the relation angle weight, 1e+06")) << rel;
    EXPECT_FALSE(contains(rel, "temperature")) << rel;
    d.ranking.weight = 250.0;
    EXPECT_TRUE(contains(divergenceCauses(t, &d, MethodSet::parse("ranking")),
        "likely cause: the ranking weight, 250"));
}

// Sets KDW_MEMORY_LIMIT for one test and restores it.
class MemoryLimit {
public:
    explicit MemoryLimit(const char* value)
    {
        if (const char* old = std::getenv("KDW_MEMORY_LIMIT")) {
            m_old = old;
        }
        ::setenv("KDW_MEMORY_LIMIT", value, 1);
    }
    ~MemoryLimit()
    {
        if (m_old.empty()) {
            ::unsetenv("KDW_MEMORY_LIMIT");
        } else {
            ::setenv("KDW_MEMORY_LIMIT", m_old.c_str(), 1);
        }
    }
    MemoryLimit(const MemoryLimit&) = delete;
    MemoryLimit& operator=(const MemoryLimit&) = delete;

private:
    std::string m_old;
};

// The tiny config's real data, with the catalogue claimed larger: the trainer must refuse it from
// the sizes alone, before it allocates a model.
ExperimentData claimedData(const ExperimentConfig& cfg, std::int32_t users, std::int32_t items)
{
    auto data = prepareData(cfg.dataset, cfg.seed);
    data.split.numUsers = users;
    data.split.numItems = items;
    return data;
}

TEST(NumericalFaults, AnEmbeddingTableOfTenMillionRowsIsRefusedBeforeAnyModelIsAllocated)
{
    const MemoryLimit limit("4G");
    EXPECT_LE(availableMemoryBytes(), 4e9) << "the limit caps the machine's figure";
    auto cfg = test::tinyConfig("none");
    cfg.teacher.model.embeddingDim = 64; // 10M users x 64 x 4 copies x 4 bytes = 10.2 GB
    const auto start = std::chrono::steady_clock::now();
    try {
        Trainer trainer(cfg, claimedData(cfg, 10'000'000, 160));
        FAIL() << "10 million rows of 64 floats are refused under a 4 GB limit";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_TRUE(contains(what, "this run needs about 1")) << what;
        EXPECT_TRUE(contains(what, "teacher 10.2 GB")) << what;
        EXPECT_TRUE(contains(what, "but the machine has 4.0 GB available")) << what;
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

TEST(NumericalFaults, AFullRankingEvaluationTooLargeIsRefusedWhileTheSampledOneFits)
{
    auto cfg = test::tinyConfig("none");
    cfg.teacher.model = {64, nn::InteractionKind::Mlp,
        {{256, nn::Activation::Relu, 0.0}, {128, nn::Activation::Relu, 0.0},
            {64, nn::Activation::Relu, 0.0}}};
    const double users = 1000;
    const double items = 1'000'000;
    const double interactions = 50'000;
    const double limit = 3e9;
    // Sampled: the models' 1.1 GB and one block of 32,768 columns fit in 3 GB.
    EXPECT_NO_THROW(refuseIfTooLarge(cfg, users, items, interactions, limit));
    // Full: every evaluated user scores the whole million-item catalogue, 577 units of 8 bytes a
    // column: 4.6 GB more.
    cfg.eval.protocol = RankingProtocol::Full;
    const auto e = estimateMemory(cfg, users, items, interactions);
    EXPECT_TRUE(contains(e.breakdown, "evaluation 4.6 GB")) << e.breakdown;
    try {
        refuseIfTooLarge(cfg, users, items, interactions, limit);
        FAIL() << "a full ranking of 4.6 GB is refused under 3 GB";
    } catch (const ConfigError& err) {
        const std::string what = err.what();
        EXPECT_TRUE(contains(what, "evaluation 4.6 GB")) << what;
        EXPECT_TRUE(contains(what, "but the machine has 3.0 GB available")) << what;
    }
    // And through the trainer, from the sizes alone.
    const MemoryLimit cap("3G");
    EXPECT_THROW({ const Trainer refused(cfg, claimedData(cfg, 1000, 1'000'000)); }, ConfigError);
}

TEST(NumericalFaults, AMalformedMemoryLimitIsNamed)
{
    const MemoryLimit limit("lots");
    try {
        (void)availableMemoryBytes();
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_TRUE(contains(e.what(), "KDW_MEMORY_LIMIT is 'lots'")) << e.what();
    }
}

} // namespace
} // namespace kdw::train
