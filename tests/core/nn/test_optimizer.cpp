// SPDX-License-Identifier: MIT
// Optimisers step by step against PyTorch's (../shared/golden/kd_reference.json), and the sparse
// row-wise update of embedding tables.
#include <gtest/gtest.h>

#include "core/nn/optimizer.h"
#include "tests/support/golden.h"

namespace kdw::nn {
namespace {

OptimizerSpec specFor(const nlohmann::json& c)
{
    const std::string name = c["name"];
    const auto& h = c["hyper"];
    OptimizerSpec s;
    s.learningRate = h["lr"];
    s.weightDecay = h.value("weight_decay", 0.0);
    if (name == "sgd_momentum") {
        s.kind = OptimizerKind::Sgd;
        s.momentum = h["momentum"];
    } else {
        s.kind = name == "adamw" ? OptimizerKind::AdamW : OptimizerKind::Adam;
        s.beta1 = h["betas"][0];
        s.beta2 = h["betas"][1];
        s.epsilon = h["eps"];
    }
    return s;
}

TEST(Optimizer, EveryStepMatchesPyTorch)
{
    const auto cases = test::goldenCases("optimizer");
    KDW_REQUIRE_GOLDEN(cases);
    ASSERT_EQ(cases.size(), 4U);
    for (const auto& c : cases) {
        const std::string name = c["name"];
        Vec<double> w = test::rowVec(c["initial"]).transpose();
        Vec<double> g(w.size());
        Optimizer<double> opt(specFor(c));
        std::vector<Parameter<double>> params {{"w", w.data(), g.data(), w.size(), 1, nullptr}};
        for (std::size_t step = 0; step < c["grads"].size(); ++step) {
            g = test::rowVec(c["grads"][step]).transpose();
            opt.step(params);
            test::expectAllNear(w, test::rowVec(c["after_each_step"][step]).transpose(),
                name + " step " + std::to_string(step + 1));
        }
        EXPECT_EQ(opt.steps(), 3);
    }
}

TEST(Optimizer, StepCountsOncePerStepWhateverTheNumberOfParameters)
{
    // Two parameters stepped together must each follow the single-parameter trajectory.
    Vec<double> a = Vec<double>::Constant(3, 1.0);
    Vec<double> b = Vec<double>::Constant(3, 1.0);
    Vec<double> ga = Vec<double>::Constant(3, 0.5);
    Vec<double> gb = Vec<double>::Constant(3, 0.5);
    Vec<double> solo = Vec<double>::Constant(3, 1.0);
    Vec<double> gs = Vec<double>::Constant(3, 0.5);
    Optimizer<double> both({OptimizerKind::Adam, 0.1});
    Optimizer<double> one({OptimizerKind::Adam, 0.1});
    std::vector<Parameter<double>> pb {
        {"a", a.data(), ga.data(), 3, 1, nullptr}, {"b", b.data(), gb.data(), 3, 1, nullptr}};
    std::vector<Parameter<double>> ps {{"s", solo.data(), gs.data(), 3, 1, nullptr}};
    for (int k = 0; k < 5; ++k) {
        both.step(pb);
        one.step(ps);
    }
    EXPECT_EQ(both.steps(), 5);
    EXPECT_EQ(a, solo);
    EXPECT_EQ(b, solo);
}

TEST(Optimizer, SparseParametersMoveOnlyTouchedColumns)
{
    Mat<double> table = Mat<double>::Ones(2, 4);
    Mat<double> grad = Mat<double>::Zero(2, 4);
    grad.col(2).setConstant(0.3);
    IdVec touched {2};
    Optimizer<double> opt({OptimizerKind::AdamW, 0.01, 0.9, 0.9, 0.999, 1e-8, 0.1});
    std::vector<Parameter<double>> params {{"emb", table.data(), grad.data(), 2, 4, &touched}};
    opt.step(params);
    EXPECT_EQ(table.col(0), Vec<double>::Ones(2));
    EXPECT_EQ(table.col(1), Vec<double>::Ones(2));
    EXPECT_EQ(table.col(3), Vec<double>::Ones(2));
    EXPECT_LT(table(0, 2), 1.0);
}

} // namespace
} // namespace kdw::nn
