// SPDX-License-Identifier: MIT
// The paired interval of core/experiment/sweep_summary.h (the compare view's "is the difference
// real?" when both groups ran the same seeds), and Welch's on unequal groups, against values
// computed independently with mpmath 1.3.0 (40 digits; Student's t quantile by inverting its CDF
// through the regularized incomplete beta function):
//
//   from mpmath import mp, mpf, betainc, sqrt, findroot, fsum
//   mp.dps = 40
//   def t_cdf(t, nu):
//       x = nu / (nu + t * t)
//       tail = betainc(nu / 2, mpf(1) / 2, 0, x, regularized=True) / 2
//       return 1 - tail if t > 0 else tail
//   def t_quantile(p, nu):
//       return findroot(lambda t: t_cdf(t, nu) - p, mpf(2))
//   def stat(v):
//       n = len(v); m = fsum(v) / n
//       return m, fsum((x - m) ** 2 for x in v) / (n - 1), n
//   a = [mpf("0.412"), mpf("0.405"), mpf("0.421")]
//   b = [mpf("0.401"), mpf("0.399"), mpf("0.409")]
//   d = [x - y for x, y in zip(a, b)]
//   m, var, n = stat(d)
//   t = t_quantile(mpf("0.975"), n - 1)
//   h = t * sqrt(var / n)
//   print("paired:", t, m, m - h, m + h)
//   a = [mpf("0.412"), mpf("0.405"), mpf("0.421"), mpf("0.398")]
//   ma, va, na = stat(a); mb, vb, nb = stat(b)
//   v1, v2 = va / na, vb / nb
//   df = (v1 + v2) ** 2 / (v1 ** 2 / (na - 1) + v2 ** 2 / (nb - 1))
//   t = t_quantile(mpf("0.975"), df)
//   h = t * sqrt(v1 + v2)
//   print("welch:", df, t, ma - mb, ma - mb - h, ma - mb + h)
//
// Output:
//   paired: t=4.3026527297494639 diff=0.0096666666666666667 lo=0.0016812811552225406
//           hi=0.017652052178110793
//   welch: df=4.7107544016479459 t=2.6187888002322661 diff=0.006 lo=-0.0091573360171712027
//          hi=0.021157336017171203
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/experiment/sweep_summary.h"

namespace kdw::experiment {
namespace {

TEST(PairedInterval, MatchesMpmath)
{
    const auto ci = pairedInterval({0.412, 0.405, 0.421}, {0.401, 0.399, 0.409});
    ASSERT_TRUE(ci.has_value());
    EXPECT_NEAR(ci->diff, 0.0096666666666666667, 1e-9);
    EXPECT_NEAR(ci->lo, 0.0016812811552225406, 1e-9);
    EXPECT_NEAR(ci->hi, 0.017652052178110793, 1e-9);
}

TEST(PairedInterval, WelchOnTheSameKindOfNumbersMatchesMpmath)
{
    const auto ci = welchInterval(
        metricStat({0.412, 0.405, 0.421, 0.398}), metricStat({0.401, 0.399, 0.409}));
    ASSERT_TRUE(ci.has_value());
    EXPECT_NEAR(ci->diff, 0.006, 1e-9);
    EXPECT_NEAR(ci->lo, -0.0091573360171712027, 1e-9);
    EXPECT_NEAR(ci->hi, 0.021157336017171203, 1e-9);
}

// Pairing removes the seed's shared part: the same values give a narrower paired interval than
// Welch's, which here contains 0 while the paired one does not.
TEST(PairedInterval, NarrowerThanWelchWhenSeedsMoveBothSides)
{
    const std::vector<double> a {0.412, 0.405, 0.421};
    const std::vector<double> b {0.401, 0.399, 0.409};
    const auto paired = pairedInterval(a, b);
    const auto welch = welchInterval(metricStat(a), metricStat(b));
    ASSERT_TRUE(paired && welch);
    EXPECT_GT(paired->lo, 0.0);
    EXPECT_LT(welch->lo, 0.0);
    EXPECT_LT(paired->hi - paired->lo, welch->hi - welch->lo);
}

TEST(PairedInterval, EdgeCases)
{
    EXPECT_FALSE(pairedInterval({0.4}, {0.3}).has_value());
    EXPECT_THROW((void)pairedInterval({0.4, 0.5}, {0.3}), Error);
    const auto same = pairedInterval({0.5, 0.6}, {0.4, 0.5}); // every difference 0.1
    ASSERT_TRUE(same.has_value());
    EXPECT_NEAR(same->lo, 0.1, 1e-12);
    EXPECT_NEAR(same->hi, 0.1, 1e-12);
}

} // namespace
} // namespace kdw::experiment
