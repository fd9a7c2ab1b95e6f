// SPDX-License-Identifier: MIT
// Every distillation loss against ../shared/golden/kd_reference.json (PyTorch autograd, float64)
// and against central differences.
#include <gtest/gtest.h>

#include "core/distill/losses.h"
#include "core/distill/relational.h"
#include "core/nn/dense.h"
#include "tests/support/golden.h"
#include "tests/support/gradcheck.h"

namespace kdw::distill {
namespace {

using test::expectAllNear;
using test::expectNear;

TEST(SoftTargetPointwise, MatchesGoldenLossesAndGradients)
{
    const auto cases = test::goldenCases("soft_target_pointwise");
    KDW_REQUIRE_GOLDEN(cases);
    ASSERT_EQ(cases.size(), 16U);
    for (const auto& c : cases) {
        const std::string tag = "T=" + std::to_string(c["T"].get<double>())
            + " alpha=" + std::to_string(c["alpha"].get<double>());
        const RowVec<double> s = test::rowVec(c["student_logits"]);
        const RowVec<double> t = test::rowVec(c["teacher_logits"]);
        const RowVec<double> y = test::rowVec(c["labels"]);
        const auto r
            = softTargetPointwise<double>(s, t, y, c["T"].get<double>(), c["alpha"].get<double>());
        expectNear(r.hard, c["hard"], tag + " hard");
        expectNear(r.soft, c["soft"], tag + " soft");
        expectNear(r.loss, c["loss"], tag + " loss");
        expectAllNear(r.grad, test::rowVec(c["grad_student_logits"]), tag + " grad");
    }
}

TEST(SoftTargetPointwise, FloatAgreesWithGoldenWithinFloatTolerance)
{
    const auto cases = test::goldenCases("soft_target_pointwise");
    KDW_REQUIRE_GOLDEN(cases);
    for (const auto& c : cases) {
        const RowVec<float> s = test::rowVec(c["student_logits"]).cast<float>();
        const RowVec<float> t = test::rowVec(c["teacher_logits"]).cast<float>();
        const RowVec<float> y = test::rowVec(c["labels"]).cast<float>();
        const auto r
            = softTargetPointwise<float>(s, t, y, c["T"].get<float>(), c["alpha"].get<float>());
        expectNear(r.loss, c["loss"], "float loss", 1e-4, 1e-6);
        expectAllNear(r.grad, test::rowVec(c["grad_student_logits"]), "float grad", 1e-4, 1e-6);
    }
}

TEST(SoftTargetPointwise, GradientMatchesCentralDifferences)
{
    RowVec<double> s(6);
    s << 0.3, -1.2, 2.5, -0.1, 0.9, -3.0;
    RowVec<double> t(6);
    t << 1.0, -0.5, 0.2, 2.2, -1.1, -2.0;
    RowVec<double> y(6);
    y << 1, 0, 1, 0, 0, 1;
    for (double temp : {1.0, 3.0}) {
        const auto r = softTargetPointwise<double>(s, t, y, temp, 0.7);
        test::checkGradient([&] { return softTargetPointwise<double>(s, t, y, temp, 0.7).loss; },
            s.data(), r.grad.data(), s.size(), "soft target");
    }
}

TEST(SoftTargetPointwise, IsStableForExtremeLogits)
{
    RowVec<double> s(3);
    s << 800.0, -800.0, 0.0;
    RowVec<double> t(3);
    t << -800.0, 800.0, 0.0;
    RowVec<double> y(3);
    y << 0, 1, 1;
    const auto r = softTargetPointwise<double>(s, t, y, 1.0, 0.5);
    EXPECT_TRUE(std::isfinite(r.loss));
    EXPECT_TRUE(r.grad.allFinite());
    // A zero-probability target contributes 0 log 0 = 0, not NaN.
    EXPECT_NEAR(bernoulliKl(-800.0, -800.0), 0.0, 1e-12);
}

TEST(SoftTargetListwise, MatchesGoldenAndCentralDifferences)
{
    const auto cases = test::goldenCases("soft_target_listwise");
    KDW_REQUIRE_GOLDEN(cases);
    for (const auto& c : cases) {
        const Index rows = c["rows"];
        const Index cols = c["cols"];
        // Golden rows are candidate lists; ours are columns.
        Mat<double> s = test::examplesAsColumns(c["student_logits"], rows, cols);
        const Mat<double> t = test::examplesAsColumns(c["teacher_logits"], rows, cols);
        const double temp = c["T"];
        const auto r = softTargetListwise<double>(s, t, temp);
        expectNear(r.value, c["loss"], "listwise loss");
        expectAllNear(
            r.grad, test::examplesAsColumns(c["grad_student_logits"], rows, cols), "listwise grad");
        test::checkGradient([&] { return softTargetListwise<double>(s, t, temp).value; }, s.data(),
            r.grad.data(), s.size(), "listwise");
    }
}

TEST(LogitMatching, MatchesGoldenAndCentralDifferences)
{
    const auto cases = test::goldenCases("logit_mse");
    KDW_REQUIRE_GOLDEN(cases);
    const auto& c = cases.front();
    RowVec<double> s = test::rowVec(c["student_logits"]);
    const RowVec<double> t = test::rowVec(c["teacher_logits"]);
    const auto r = logitMatching<double>(s, t);
    expectNear(r.value, c["loss"], "logit mse");
    expectAllNear(r.grad, test::rowVec(c["grad_student_logits"]), "logit mse grad");
    test::checkGradient([&] { return logitMatching<double>(s, t).value; }, s.data(), r.grad.data(),
        s.size(), "logit mse");
}

TEST(Hint, RegressorAndLossMatchGoldenAndCentralDifferences)
{
    const auto cases = test::goldenCases("hint_mse");
    KDW_REQUIRE_GOLDEN(cases);
    const auto& c = cases.front();
    const Index n = c["n"];
    const Index ds = c["ds"];
    const Index dt = c["dt"];
    Mat<double> hs = test::examplesAsColumns(c["student_hidden"], n, ds);
    const Mat<double> ht = test::examplesAsColumns(c["teacher_hidden"], n, dt);
    nn::Dense<double> reg(ds, dt, nn::Activation::Identity);
    // Golden W is ds x dt applied as h W; ours is out x in = dt x ds.
    reg.weight() = test::examplesAsColumns(c["regressor_weight"], ds, dt);
    reg.bias() = test::rowVec(c["regressor_bias"]).transpose();
    const auto lossOf = [&] {
        const Mat<double> out = reg.forward(hs, nullptr);
        return hintMse<double>(out, ht).value;
    };
    const Mat<double> regressed = reg.forward(hs, nullptr);
    auto r = hintMse<double>(regressed, ht);
    expectNear(r.value, c["loss"], "hint loss");
    Mat<double> dhs;
    reg.backward(r.grad, &dhs);
    expectAllNear(dhs, test::examplesAsColumns(c["grad_student_hidden"], n, ds), "hint grad h_s");
    const Mat<double> dw = reg.weightGrad();
    const Vec<double> db = reg.biasGrad();
    expectAllNear(dw, test::examplesAsColumns(c["grad_regressor_weight"], ds, dt), "hint grad W");
    expectAllNear(db, test::rowVec(c["grad_regressor_bias"]).transpose(), "hint grad b");
    test::checkGradient(lossOf, hs.data(), dhs.data(), hs.size(), "hint h_s");
    test::checkGradient(lossOf, reg.weight().data(), dw.data(), dw.size(), "hint W");
}

TEST(Relational, DistanceAndAngleMatchGoldenAndCentralDifferences)
{
    const auto cases = test::goldenCases("rkd");
    KDW_REQUIRE_GOLDEN(cases);
    for (const auto& c : cases) {
        const Index n = c["n"];
        const Index ds = c["ds"];
        const Index dt = c["dt"];
        Mat<double> s = test::examplesAsColumns(c["student_features"], n, ds);
        const Mat<double> t = test::examplesAsColumns(c["teacher_features"], n, dt);
        const auto d = rkdDistance<double>(s, t);
        expectNear(d.value, c["distance_loss"], "rkd distance n=" + std::to_string(n));
        expectAllNear(
            d.grad, test::examplesAsColumns(c["grad_distance"], n, ds), "rkd distance grad");
        const auto a = rkdAngle<double>(s, t);
        expectNear(a.value, c["angle_loss"], "rkd angle n=" + std::to_string(n));
        expectAllNear(a.grad, test::examplesAsColumns(c["grad_angle"], n, ds), "rkd angle grad");
        test::checkGradient([&] { return rkdDistance<double>(s, t).value; }, s.data(),
            d.grad.data(), s.size(), "rkd-d");
        test::checkGradient([&] { return rkdAngle<double>(s, t).value; }, s.data(), a.grad.data(),
            s.size(), "rkd-a");
    }
}

TEST(RankingDistillation, WeightsLossAndGradientMatchGolden)
{
    const auto cases = test::goldenCases("ranking_distillation");
    KDW_REQUIRE_GOLDEN(cases);
    for (const auto& c : cases) {
        const Index users = c["users"];
        const Index k = c["K"];
        const auto w = rankingWeights<double>(k, c["lam"].get<double>());
        expectAllNear(w, test::rowVec(c["weights"]).transpose(), "position weights");
        Mat<double> s = test::examplesAsColumns(c["student_scores_of_teacher_topk"], users, k);
        const auto r = rankingDistillation<double>(s, w);
        expectNear(r.value, c["loss"], "ranking distillation loss");
        expectAllNear(r.grad, test::examplesAsColumns(c["grad_student_scores"], users, k),
            "ranking distillation grad");
        test::checkGradient([&] { return rankingDistillation<double>(s, w).value; }, s.data(),
            r.grad.data(), s.size(), "rd");
    }
}

// Users with fewer unobserved items than K (issue 10, case 14): lists of any length, never read
// past.
TEST(RankingDistillation, RaggedListsMatchTheFullFormAndDropEmptyLists)
{
    const auto w = rankingWeights<double>(4, 2.0);
    Mat<double> full(4, 3);
    full << 0.3, -1.2, 2.0, 0.1, 0.4, -0.5, -0.7, 1.1, 0.0, 2.2, -0.3, 0.6;
    const RowVec<double> flat = Eigen::Map<const RowVec<double>>(full.data(), full.size());
    const auto a = rankingDistillation<double>(full, w);
    const auto b = rankingDistillationRagged<double>(flat, {4, 4, 4}, w);
    expectNear(b.value, a.value, "ragged = full");
    expectAllNear(b.grad, Eigen::Map<const RowVec<double>>(a.grad.data(), a.grad.size()),
        "ragged grad = full");

    // Lists of 1, 0 and 3: the empty one is left out of the mean, the others keep their ranks'
    // weights.
    const RowVec<double> s = flat.leftCols(4);
    const std::vector<Index> lengths {1, 0, 3};
    const auto r = rankingDistillationRagged<double>(s, lengths, w);
    const double expected = (-w[0] * std::log(1.0 / (1.0 + std::exp(-s[0])))
                                - w[0] * std::log(1.0 / (1.0 + std::exp(-s[1])))
                                - w[1] * std::log(1.0 / (1.0 + std::exp(-s[2])))
                                - w[2] * std::log(1.0 / (1.0 + std::exp(-s[3]))))
        / 2.0;
    expectNear(r.value, expected, "ragged loss");
    RowVec<double> v = s;
    test::checkGradient([&] { return rankingDistillationRagged<double>(v, lengths, w).value; },
        v.data(), r.grad.data(), v.size(), "ragged rd");
    EXPECT_EQ(rankingDistillationRagged<double>(RowVec<double>(), {0, 0}, w).value, 0.0);
}

} // namespace
} // namespace kdw::distill
