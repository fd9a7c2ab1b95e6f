// SPDX-License-Identifier: MIT
// Access to ../shared/golden/kd_reference.json (read at test time, never copied) and to the
// shared data directory. Tests that need them skip with a message when ../shared is absent.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/common/types.h"

namespace kdw::test {

// ../shared beside the checkout, or $KDW_SHARED_DIR.
inline std::filesystem::path sharedDir()
{
    if (const char* env = std::getenv("KDW_SHARED_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    return std::filesystem::path(KDW_SOURCE_DIR) / ".." / "shared";
}

inline std::filesystem::path goldenPath()
{
    return sharedDir() / "golden" / "kd_reference.json";
}

// The golden file's cases of one kind; empty when the file is absent (the caller skips).
inline std::vector<nlohmann::json> goldenCases(const std::string& kind)
{
    std::vector<nlohmann::json> out;
    std::ifstream in(goldenPath());
    if (!in) {
        return out;
    }
    const auto doc = nlohmann::json::parse(in);
    for (const auto& c : doc.at("cases")) {
        if (c.at("kind") == kind) {
            out.push_back(c);
        }
    }
    return out;
}

#define KDW_REQUIRE_GOLDEN(cases)                                                                  \
    if ((cases).empty()) {                                                                         \
        GTEST_SKIP() << "golden reference not found at " << kdw::test::goldenPath()                \
                     << " (it lives in ../shared beside the checkout)";                            \
    }

inline std::vector<double> doubles(const nlohmann::json& j)
{
    return j.get<std::vector<double>>();
}

// A row vector of doubles from a JSON array.
inline RowVec<double> rowVec(const nlohmann::json& j)
{
    const auto v = doubles(j);
    return Eigen::Map<const RowVec<double>>(v.data(), static_cast<Index>(v.size()));
}

// A JSON row-major n x d array (examples as rows) as our d x n column-per-example matrix.
inline Mat<double> examplesAsColumns(const nlohmann::json& j, Index n, Index d)
{
    const auto v = doubles(j);
    Mat<double> m(d, n);
    for (Index i = 0; i < n; ++i) {
        for (Index k = 0; k < d; ++k) {
            m(k, i) = v[static_cast<std::size_t>(i * d + k)];
        }
    }
    return m;
}

// The tolerance of DISTILLATION.md for double-precision code: rel 1e-5 (abs 1e-7 near zero).
inline void expectNear(
    double actual, double expected, const std::string& what, double rel = 1e-5, double abs = 1e-7)
{
    EXPECT_LE(std::abs(actual - expected), abs + rel * std::abs(expected))
        << what << ": got " << actual << ", reference " << expected;
}

template <typename A, typename B>
void expectAllNear(const A& actual, const B& expected, const std::string& what, double rel = 1e-5,
    double abs = 1e-7)
{
    ASSERT_EQ(static_cast<Index>(actual.size()), static_cast<Index>(expected.size())) << what;
    for (Index k = 0; k < static_cast<Index>(actual.size()); ++k) {
        expectNear(static_cast<double>(actual.data()[k]), static_cast<double>(expected.data()[k]),
            what + "[" + std::to_string(k) + "]", rel, abs);
    }
}

} // namespace kdw::test
