// SPDX-License-Identifier: MIT
#include "core/distill/relational.h"

#include <cmath>

namespace kdw::distill {
namespace {

// Huber with beta = 1: value and derivative.
template <typename T> T smoothL1(T x)
{
    const T a = std::abs(x);
    return a < T(1) ? T(0.5) * x * x : a - T(0.5);
}
template <typename T> T smoothL1Grad(T x)
{
    return std::abs(x) < T(1) ? x : (x > T(0) ? T(1) : T(-1));
}

// Pairwise Euclidean distances (N x N, zero diagonal), squared distances clamped at 1e-12 before
// the square root as in the authors' code.
template <typename T> Mat<T> pairwiseDistances(const Mat<T>& e)
{
    const Vec<T> sq = e.colwise().squaredNorm().transpose();
    Mat<T> d = (-T(2) * (e.transpose() * e)).eval();
    d.colwise() += sq;
    d.rowwise() += sq.transpose();
    d = d.cwiseMax(T(1e-12)).cwiseSqrt();
    d.diagonal().setZero();
    return d;
}

// Distances divided by the mean of the non-zero ones; `mean` and `count` are returned for backward.
template <typename T> Mat<T> normalisedDistances(const Mat<T>& e, T& mean, T& count)
{
    Mat<T> d = pairwiseDistances(e);
    count = static_cast<T>((d.array() > T(0)).count());
    mean = count > T(0) ? d.sum() / count : T(1);
    return d / mean;
}

} // namespace

template <typename T> MatLossGrad<T> rkdDistance(const Mat<T>& student, const Mat<T>& teacher)
{
    const Index n = student.cols();
    T muS = T(1);
    T cS = T(0);
    T muT = T(1);
    T cT = T(0);
    const Mat<T> psiS = normalisedDistances(student, muS, cS);
    const Mat<T> psiT = normalisedDistances(teacher, muT, cT);
    const auto total = static_cast<T>(n * n);
    MatLossGrad<T> out;
    Mat<T> g(n, n); // dL/dpsi_s
    T value = T(0);
    for (Index j = 0; j < n; ++j) {
        for (Index i = 0; i < n; ++i) {
            const T x = psiS(i, j) - psiT(i, j);
            value += smoothL1(x);
            g(i, j) = smoothL1Grad(x) / total;
        }
    }
    out.value = value / total;
    out.grad = Mat<T>::Zero(student.rows(), n);
    if (n < 2) {
        return out;
    }
    // psi = D / mu, mu = sum(D) / c  =>  dL/dD_kl = g_kl / mu - sum_ij(g_ij D_ij) / (mu^2 c)
    const Mat<T> dist = psiS * muS;
    const T coupling = (g.cwiseProduct(dist)).sum() / (muS * muS * cS);
    Mat<T> gd = g / muS;
    gd.array() -= coupling;
    gd.diagonal().setZero(); // the zero diagonal takes no part in psi or the mean
    // D_ij = ||e_i - e_j||  =>  dL/de_i = sum_j (G_ij + G_ji) (e_i - e_j) / D_ij
    Mat<T> w = gd + gd.transpose();
    for (Index j = 0; j < n; ++j) {
        for (Index i = 0; i < n; ++i) {
            w(i, j) = i == j ? T(0) : w(i, j) / dist(i, j);
        }
    }
    // sum_j w_ij (e_i - e_j) = e_i * rowsum(w)_i - (E w^T)_i
    const Vec<T> rowSum = w.rowwise().sum();
    out.grad = student * rowSum.asDiagonal();
    out.grad.noalias() -= student * w.transpose();
    return out;
}

namespace {

// Unit difference vectors around vertex a: column b is (e_b - e_a) / ||e_b - e_a||, 0 when b = a.
template <typename T> void unitDifferences(const Mat<T>& e, Index a, Mat<T>& u, Vec<T>& norms)
{
    u = e.colwise() - e.col(a);
    norms = u.colwise().norm().transpose();
    for (Index b = 0; b < u.cols(); ++b) {
        const T len = std::max(norms[b], T(1e-12)); // F.normalize's eps
        u.col(b) /= len;
        norms[b] = len;
    }
}

} // namespace

template <typename T> MatLossGrad<T> rkdAngle(const Mat<T>& student, const Mat<T>& teacher)
{
    const Index n = student.cols();
    const auto total = static_cast<T>(n * n * n);
    MatLossGrad<T> out;
    out.grad = Mat<T>::Zero(student.rows(), n);
    Mat<T> us;
    Mat<T> ut;
    Vec<T> ns;
    Vec<T> nt;
    Mat<T> g(n, n);
    T value = T(0);
    for (Index a = 0; a < n; ++a) {
        unitDifferences(student, a, us, ns);
        unitDifferences(teacher, a, ut, nt);
        const Mat<T> as = us.transpose() * us; // cos of the angle at vertex a, N x N
        const Mat<T> at = ut.transpose() * ut;
        for (Index c = 0; c < n; ++c) {
            for (Index b = 0; b < n; ++b) {
                const T x = as(b, c) - at(b, c);
                value += smoothL1(x);
                g(b, c) = smoothL1Grad(x) / total;
            }
        }
        // A = U^T U  =>  dL/dU = U (G + G^T)
        const Mat<T> gu = us * (g + g.transpose());
        // u = v / ||v||  =>  dL/dv = (dL/du - u (u . dL/du)) / ||v||;  v_b = e_b - e_a
        for (Index b = 0; b < n; ++b) {
            if (b == a) {
                continue;
            }
            const Vec<T> gv = (gu.col(b) - us.col(b) * us.col(b).dot(gu.col(b))) / ns[b];
            out.grad.col(b) += gv;
            out.grad.col(a) -= gv;
        }
    }
    out.value = value / total;
    return out;
}

template MatLossGrad<float> rkdDistance(const Mat<float>&, const Mat<float>&);
template MatLossGrad<double> rkdDistance(const Mat<double>&, const Mat<double>&);
template MatLossGrad<float> rkdAngle(const Mat<float>&, const Mat<float>&);
template MatLossGrad<double> rkdAngle(const Mat<double>&, const Mat<double>&);

} // namespace kdw::distill
