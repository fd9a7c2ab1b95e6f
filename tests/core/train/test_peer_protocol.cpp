// SPDX-License-Identifier: MIT
// The protocol switches that explain the gap to the PyTorch peer (issue 12, docs/EXPERIMENTS.md):
// each does what its name says, the default keeps kdw's behaviour, and the config reads and
// writes them. And the end-to-end check that would catch a broken soft-target path: a student
// with the teacher's own architecture trained on nothing but the teacher's probabilities
// (alpha = 1, T = 1) ends far closer to the teacher than the same network trained alone.
#include <algorithm>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/data/split.h"
#include "core/nn/model.h"
#include "core/nn/optimizer.h"
#include "core/train/config.h"
#include "core/train/trainer.h"
#include "tests/support/configs.h"

namespace kdw {
namespace {

// Two users; user 0's three latest interactions share one timestamp, in the file order given.
data::Dataset tiedDataset()
{
    data::Dataset d;
    d.name = "ties";
    d.numUsers = 2;
    d.numItems = 20;
    d.hasTimestamps = true;
    const std::vector<std::pair<std::int32_t, std::int64_t>> user0 {
        {5, 10}, {7, 50}, {3, 50}, {9, 50}, {1, 20}};
    for (const auto& [item, time] : user0) {
        d.interactions.push_back(
            {0, item, 1.0f, time, static_cast<std::int64_t>(d.interactions.size())});
    }
    for (std::int32_t item = 0; item < 4; ++item) {
        d.interactions.push_back(
            {1, item, 1.0f, item, static_cast<std::int64_t>(d.interactions.size())});
    }
    return d;
}

TEST(PeerProtocol, HoldoutTiesLastTakesTheLastInFileOrderRandomTakesEachTie)
{
    const auto d = tiedDataset();
    std::set<std::int32_t> randomPicks;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
        const auto last = data::leaveOneOut(d, {5, 2, seed, data::HoldoutTies::LastInFile});
        ASSERT_EQ(last.evalUsers.front(), 0);
        EXPECT_EQ(last.heldOut.front(), 9) << "the last of items 7, 3, 9 (time 50) in the file";
        EXPECT_EQ(last.heldOut.back(), 3) << "user 1 has no tie: the latest";
        randomPicks.insert(data::leaveOneOut(d, {5, 2, seed}).heldOut.front());
    }
    EXPECT_EQ(randomPicks, (std::set<std::int32_t> {3, 7, 9}));
}

TEST(PeerProtocol, UniformNegativesMayHitTheUsersItemsUnseenNeverDo)
{
    auto d = tiedDataset();
    // User 1 has seen half the catalogue: a uniform draw hits one of them half the time.
    for (std::int32_t item = 4; item < 10; ++item) {
        d.interactions.push_back({1, item, 1.0f, item, 100 + item});
    }
    const auto split = data::leaveOneOut(d, {5, 2, 1});
    for (const auto sampling : {data::NegativeSampling::Unseen, data::NegativeSampling::Uniform}) {
        Rng rng(4);
        const auto ex = data::sampleEpoch(split, 4, rng, sampling);
        long long negatives = 0;
        long long onSeen = 0;
        for (std::size_t k = 0; k < ex.size(); ++k) {
            if (ex.labels[k] == 0.0f) {
                ++negatives;
                onSeen += split.hasSeen(ex.users[k], ex.items[k]) ? 1 : 0;
            }
        }
        EXPECT_EQ(negatives, 4 * static_cast<long long>(split.train.size()));
        if (sampling == data::NegativeSampling::Unseen) {
            EXPECT_EQ(onSeen, 0);
        } else {
            EXPECT_GT(onSeen, negatives / 8) << "about 8 of 20 items are seen by user 0 or 1";
        }
    }
}

TEST(PeerProtocol, PyTorchDenseInitIsUniformInOneOverRootFanInWithBiases)
{
    nn::ModelSpec spec {8, nn::InteractionKind::Mlp, {{64}, {32}}};
    for (const auto scheme : {nn::DenseInit::HeXavier, nn::DenseInit::PyTorch}) {
        spec.denseInit = scheme;
        nn::Model<float> m(spec, 30, 40);
        Rng rng(1);
        m.initialize(rng);
        for (const auto& p : m.parameters()) {
            if (p.touched != nullptr) {
                continue; // embeddings: N(0, 0.01) either way
            }
            const bool bias = p.name.ends_with(".bias");
            const double fanIn = bias ? 0.0 : static_cast<double>(p.cols);
            const auto n = static_cast<std::size_t>(p.rows * p.cols);
            const auto [lo, hi] = std::minmax_element(p.value, p.value + n);
            const double maxAbs = std::max(std::abs(*lo), std::abs(*hi));
            if (scheme == nn::DenseInit::HeXavier) {
                if (bias) {
                    EXPECT_EQ(maxAbs, 0.0) << p.name;
                }
                continue;
            }
            // PyTorch: weight and bias in +-1/sqrt(fan_in) of the layer (the weight's columns).
            if (!bias) {
                const double bound = 1.0 / std::sqrt(fanIn);
                EXPECT_LE(maxAbs, bound) << p.name;
                EXPECT_GT(maxAbs, 0.8 * bound) << p.name << ": the whole interval is used";
            } else {
                EXPECT_GT(maxAbs, 0.0) << p.name << ": biases are not zero";
            }
        }
    }
    // He uniform for ReLU spans sqrt(6 / fan_in): 2.45 times PyTorch's bound.
    spec.denseInit = nn::DenseInit::HeXavier;
    nn::Model<float> he(spec, 30, 40);
    Rng rng(1);
    he.initialize(rng);
    const auto ps = he.parameters();
    const auto first = std::find_if(
        ps.begin(), ps.end(), [](const auto& p) { return p.name.ends_with(".weight"); });
    ASSERT_NE(first, ps.end());
    const auto n = static_cast<std::size_t>(first->rows * first->cols);
    const auto big = std::count_if(first->value, first->value + n,
        [&](float w) { return std::abs(w) > 1.0 / std::sqrt(static_cast<double>(first->cols)); });
    EXPECT_GT(big, static_cast<long>(n / 2));
}

TEST(PeerProtocol, DenseEmbeddingUpdatesMoveRowsTheBatchDidNotUse)
{
    for (const auto rule : {nn::EmbeddingUpdates::Lazy, nn::EmbeddingUpdates::Dense}) {
        std::vector<float> table {1.0f, 1.0f, 1.0f, 1.0f}; // 2 x 2: rows (columns) 0 and 1
        std::vector<float> grad(4, 0.0f);
        std::vector<std::int32_t> touched {0};
        nn::OptimizerSpec spec;
        spec.embeddingUpdates = rule;
        nn::Optimizer<float> opt(spec);
        const std::vector<nn::Parameter<float>> params {
            {"user_embedding", table.data(), grad.data(), 2, 2, &touched}};
        grad[0] = grad[1] = 0.5f; // step 1: row 0 used
        opt.step(params);
        const float afterFirst = table[0];
        EXPECT_LT(afterFirst, 1.0f);
        EXPECT_EQ(table[2], 1.0f) << "row 1 has no gradient and no moment yet";
        grad[0] = grad[1] = 0.0f; // step 2: only row 1 used
        grad[2] = grad[3] = 0.5f;
        touched = {1};
        opt.step(params);
        EXPECT_LT(table[2], 1.0f);
        if (rule == nn::EmbeddingUpdates::Lazy) {
            EXPECT_EQ(table[0], afterFirst) << "lazy: an unused row stays";
        } else {
            EXPECT_LT(table[0], afterFirst) << "dense: row 0 keeps moving on its momentum";
        }
    }
}

TEST(PeerProtocol, ConfigReadsWritesAndRefusesTheSwitches)
{
    auto c = test::tinyConfig("none");
    EXPECT_EQ(c.dataset.negativeSampling, data::NegativeSampling::Unseen);
    EXPECT_EQ(c.dataset.holdoutTies, data::HoldoutTies::Random);
    EXPECT_EQ(c.teacher.model.denseInit, nn::DenseInit::HeXavier);
    EXPECT_EQ(c.student.training.optimizer.embeddingUpdates, nn::EmbeddingUpdates::Lazy);
    c.dataset.negativeSampling = data::NegativeSampling::Uniform;
    c.dataset.holdoutTies = data::HoldoutTies::LastInFile;
    c.teacher.model.denseInit = nn::DenseInit::PyTorch;
    c.student.training.optimizer.embeddingUpdates = nn::EmbeddingUpdates::Dense;
    c.eval.protocol = train::RankingProtocol::Full;
    const auto text = train::configToJson(c);
    for (const auto* word : {"\"negative_sampling\": \"uniform\"", "\"holdout_ties\": \"last\"",
             "\"dense_init\": \"pytorch\"", "\"embedding_updates\": \"dense\"",
             "\"protocol\": \"full\""}) {
        EXPECT_NE(text.find(word), std::string::npos) << word;
    }
    const auto back = train::configFromJson(text);
    EXPECT_EQ(train::configToJson(back), text);
    try {
        train::configFromJson(R"({"dataset": {"negative_sampling": "random"}})");
        FAIL() << "an unknown choice is refused";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("dataset.negative_sampling"), std::string::npos) << what;
        EXPECT_NE(what.find("unseen"), std::string::npos) << what;
        EXPECT_NE(what.find("uniform"), std::string::npos) << what;
    }
}

// KL(teacher || student) at T = 1 of the last student epoch.
double finalKl(const train::ExperimentConfig& cfg)
{
    train::Trainer trainer(cfg);
    const auto r = trainer.run({}, {});
    EXPECT_EQ(r.status, train::RunStatus::Finished);
    double kl = -1.0;
    for (const auto& e : r.epochs) {
        if (e.phase == "student") {
            kl = e.metrics.at("kl");
        }
    }
    return kl;
}

TEST(SoftTargets, AStudentWithTheTeachersArchitectureLearnsTheTeachersProbabilities)
{
    auto cfg = test::tinyConfig("none");
    cfg.dataset.synthetic.users = 300;
    cfg.dataset.synthetic.items = 300;
    cfg.teacher.training.epochs = 6;
    cfg.student.model = cfg.teacher.model;
    cfg.student.training = cfg.teacher.training;
    const double alone = finalKl(cfg);
    cfg.distillation.method = "soft_target";
    cfg.distillation.alpha = 1.0;
    cfg.distillation.temperature = 1.0;
    const double distilled = finalKl(cfg);
    EXPECT_GT(alone, 0.0);
    EXPECT_LT(distilled, 0.4 * alone) << "alone " << alone << ", distilled " << distilled;
}

} // namespace
} // namespace kdw
