// SPDX-License-Identifier: MIT
// Smoothing of a curve as a pure function on its points (PlotJuggler keeps its filters apart from
// its plots the same way). Qt Core only.
#pragma once

#include <QList>
#include <QPointF>

namespace kdw::ui::charts {

inline constexpr double kMaxSmoothing = 0.99;

// TensorBoard's debiased exponential moving average (vz_line_chart2's resmoothDataset), with the
// weight w clamped to [0, kMaxSmoothing]:
//   last_0 = 0;  last_n = w * last_{n-1} + (1 - w) * y_n;  smoothed_n = last_n / (1 - w^n)
// where n counts the finite points so far. A non-finite point is kept as it is (and does not
// count); a constant curve is returned unchanged (as TensorBoard does, to avoid rounding noise).
// w = 0 returns the points themselves. x values are kept.
[[nodiscard]] QList<QPointF> smoothEma(const QList<QPointF>& points, double weight);

} // namespace kdw::ui::charts
