// SPDX-License-Identifier: MIT
// Scalar, matrix and index aliases shared by every core layer.
#pragma once

#include <cstdint>

#include <Eigen/Core>

namespace kdw {

using Index = Eigen::Index;

// Column-major throughout: a batch of B examples with F features is an F x B matrix, one column
// per example, so a dense layer is Z = W X + b with W out x in as in PyTorch.
template <typename T> using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <typename T> using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <typename T> using RowVec = Eigen::Matrix<T, 1, Eigen::Dynamic>;

using IdVec = std::vector<std::int32_t>;

} // namespace kdw
