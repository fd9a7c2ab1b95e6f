// SPDX-License-Identifier: MIT
// The one central-difference gradient check every differentiable piece goes through.
#pragma once

#include <cmath>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "core/common/types.h"

namespace kdw::test {

// For each of the n values at `x`, compares analytic[k] with (f(x+h) - f(x-h)) / 2h.
// `f` recomputes the loss from the current contents of x. Double precision: relative error below
// `tol` (or absolute error below tol where both are tiny).
inline void checkGradient(const std::function<double()>& f, double* x, const double* analytic,
    Index n, const std::string& what, double h = 1e-6, double tol = 1e-5)
{
    for (Index k = 0; k < n; ++k) {
        const double saved = x[k];
        x[k] = saved + h;
        const double up = f();
        x[k] = saved - h;
        const double down = f();
        x[k] = saved;
        const double numeric = (up - down) / (2.0 * h);
        const double scale = std::max({1.0, std::abs(numeric), std::abs(analytic[k])});
        EXPECT_LE(std::abs(numeric - analytic[k]), tol * scale)
            << what << "[" << k << "]: analytic " << analytic[k] << ", numeric " << numeric;
    }
}

} // namespace kdw::test
