// SPDX-License-Identifier: MIT
#include "ui/charts/smoothing.h"

#include <algorithm>
#include <cmath>

namespace kdw::ui::charts {

QList<QPointF> smoothEma(const QList<QPointF>& points, double weight)
{
    const double w = std::clamp(weight, 0.0, kMaxSmoothing);
    const bool constant = std::all_of(points.begin(), points.end(),
        [&](const QPointF& p) { return p.y() == points.front().y(); });
    if (w == 0.0 || constant) {
        return points;
    }
    QList<QPointF> out;
    out.reserve(points.size());
    double last = 0.0;
    int n = 0;
    for (const auto& p : points) {
        if (!std::isfinite(p.y())) {
            out.append(p);
            continue;
        }
        last = last * w + (1.0 - w) * p.y();
        ++n;
        out.append(QPointF(p.x(), last / (1.0 - std::pow(w, n))));
    }
    return out;
}

} // namespace kdw::ui::charts
