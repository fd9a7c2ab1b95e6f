// SPDX-License-Identifier: MIT
// Relational knowledge distillation (Park et al. 2019): the student's batch representations should
// relate to each other as the teacher's do. Features are one example per column (dim x N).
#pragma once

#include "core/common/types.h"
#include "core/distill/losses.h"

namespace kdw::distill {

// RKD-D: smoothL1(psi(h_s), psi(h_t)) averaged over all N x N entries, where
// psi_ij = ||h_i - h_j|| / (mean of the non-zero distances). Gradient w.r.t. the student features.
template <typename T> MatLossGrad<T> rkdDistance(const Mat<T>& student, const Mat<T>& teacher);

// RKD-A: smoothL1(cos angle_ijk of h_s, of h_t) averaged over all N x N x N entries, with
// cos angle_ijk = <e_ij, e_kj>, e_ij = (h_i - h_j) / ||h_i - h_j|| (0 when i = j).
template <typename T> MatLossGrad<T> rkdAngle(const Mat<T>& student, const Mat<T>& teacher);

extern template MatLossGrad<float> rkdDistance(const Mat<float>&, const Mat<float>&);
extern template MatLossGrad<double> rkdDistance(const Mat<double>&, const Mat<double>&);
extern template MatLossGrad<float> rkdAngle(const Mat<float>&, const Mat<float>&);
extern template MatLossGrad<double> rkdAngle(const Mat<double>&, const Mat<double>&);

} // namespace kdw::distill
