// SPDX-License-Identifier: MIT
// Which charts the board offers and what each draws: catalogue metric names only (labels, units
// and directions come from core's metric catalogue). Qt Core only.
#pragma once

#include <vector>

#include <QString>
#include <QStringList>

namespace kdw::ui::charts {

struct ChartSpec {
    QString id; // stable, for the settings: "loss", "ndcg"
    QString title;
    QStringList metrics; // catalogue names; a run draws those it recorded
    bool logY = false; // the default scale: terms of very different sizes share the terms chart
};

// Loss (train, validation); distillation terms (log y: RKD's distance and angle terms differ by
// orders of magnitude); F1 with accuracy, precision and recall; AUC; KL at T = 1 and at the run's
// T; HR@K and NDCG@K for each cut-off in `cutoffs`.
std::vector<ChartSpec> defaultChartSpecs(const std::vector<int>& cutoffs);

} // namespace kdw::ui::charts
