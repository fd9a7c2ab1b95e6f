// SPDX-License-Identifier: MIT
// Timing for the benchmark programs under tests/bench (not for tests: speed is measured there,
// never asserted in a ctest).
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace kdw::test {

// Median of `reps` timings of fn(), in milliseconds.
inline double medianMs(int reps, const std::function<void()>& fn)
{
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        t.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

} // namespace kdw::test
