// SPDX-License-Identifier: MIT
// The soft targets of one candidate list (soft_targets.h): the same numbers as the listwise and
// pointwise losses, and against the PyTorch golden values of ../shared/golden/kd_reference.json.
#include <cmath>

#include <gtest/gtest.h>

#include "core/distill/losses.h"
#include "core/distill/soft_targets.h"
#include "tests/support/golden.h"

namespace kdw::distill {
namespace {

Vec<double> vec(std::initializer_list<double> v)
{
    Vec<double> out(static_cast<Index>(v.size()));
    Index k = 0;
    for (const double x : v) {
        out[k++] = x;
    }
    return out;
}

TEST(SoftTargets, SoftmaxWithTemperatureByHand)
{
    // z = (2, 0), T = 2: p = (e^1, e^0) / (e + 1) = (0.7310586, 0.2689414).
    const auto p = softmaxWithTemperature<double>(vec({2.0, 0.0}), 2.0);
    EXPECT_NEAR(p[0], std::exp(1.0) / (std::exp(1.0) + 1.0), 1e-15);
    EXPECT_NEAR(p[0], 0.7310585786300049, 1e-15);
    EXPECT_NEAR(p[1], 0.2689414213699951, 1e-15);
    // Stable for logits whose exponentials overflow a double.
    const auto big = softmaxWithTemperature<double>(vec({1000.0, 999.0, -1000.0}), 1.0);
    EXPECT_NEAR(big[0], 1.0 / (1.0 + std::exp(-1.0)), 1e-12);
    EXPECT_NEAR(big.sum(), 1.0, 1e-12);
}

TEST(SoftTargets, HigherTemperatureFlattensTowardsUniform)
{
    const auto z = vec({3.0, 1.0, -2.0, 0.5});
    double previous = -1.0;
    for (const double t : {0.5, 1.0, 2.0, 5.0, 20.0}) {
        const double h = entropyNats(softmaxWithTemperature<double>(z, t));
        EXPECT_GT(h, previous) << "T=" << t;
        previous = h;
    }
    EXPECT_LT(previous, std::log(4.0));
    EXPECT_NEAR(entropyNats<double>(softmaxWithTemperature<double>(z, 1e6)), std::log(4.0), 1e-9);
}

TEST(SoftTargets, EntropyInNatsWithZeroLogZeroZero)
{
    EXPECT_DOUBLE_EQ(entropyNats<double>(vec({1.0, 0.0, 0.0})), 0.0);
    EXPECT_NEAR(entropyNats<double>(vec({0.5, 0.5})), std::log(2.0), 1e-15);
    // -(0.7 ln 0.7 + 0.2 ln 0.2 + 0.1 ln 0.1) = 0.8018185525433373
    EXPECT_NEAR(entropyNats<double>(vec({0.7, 0.2, 0.1})), 0.8018185525433373, 1e-14);
}

TEST(SoftTargets, ListwiseKlIsTheListwiseLossOverTSquared)
{
    const auto cases = test::goldenCases("soft_target_listwise");
    KDW_REQUIRE_GOLDEN(cases);
    for (const auto& c : cases) {
        const Index rows = c["rows"];
        const Index cols = c["cols"];
        const Mat<double> s = test::examplesAsColumns(c["student_logits"], rows, cols);
        const Mat<double> t = test::examplesAsColumns(c["teacher_logits"], rows, cols);
        const double temp = c["T"];
        double mean = 0.0;
        for (Index col = 0; col < s.cols(); ++col) {
            const Vec<double> one = s.col(col);
            mean += listwiseKl<double>(t.col(col), one, temp) / static_cast<double>(s.cols());
            const Mat<double> sc = s.col(col);
            const Mat<double> tc = t.col(col);
            EXPECT_NEAR(temp * temp * listwiseKl<double>(t.col(col), one, temp),
                softTargetListwise<double>(sc, tc, temp).value, 1e-12);
        }
        test::expectNear(temp * temp * mean, c["loss"], "T^2 mean listwiseKl vs PyTorch");
    }
    // Identical lists: no divergence at any temperature.
    EXPECT_NEAR(listwiseKl<double>(vec({1.0, 2.0}), vec({1.0, 2.0}), 3.0), 0.0, 1e-15);
}

TEST(SoftTargets, PointwiseKlIsThePointwiseSoftTermOverTSquared)
{
    const auto t = vec({2.0, -1.0, 0.3});
    const auto s = vec({0.5, -3.0, 1.0});
    const double temp = 3.0;
    const RowVec<double> srow = s.transpose();
    const RowVec<double> trow = t.transpose();
    const RowVec<double> y = RowVec<double>::Zero(3);
    const auto r = softTargetPointwise<double>(srow, trow, y, temp, 1.0);
    EXPECT_NEAR(temp * temp * pointwiseKl<double>(t, s, temp), r.soft, 1e-14);
    EXPECT_DOUBLE_EQ(pointwiseKl<double>(Vec<double>(), Vec<double>(), temp), 0.0);
}

} // namespace
} // namespace kdw::distill
