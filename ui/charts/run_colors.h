// SPDX-License-Identifier: MIT
// The colours of runs (one per run, by the curve store's colour index) and the shades that tell a
// run's metrics apart on one chart. Internal to ui/charts/.
#pragma once

#include <QColor>
#include <QPalette>

namespace kdw::ui::charts {

// A run's colour: Tableau 10 by index (cycling), lightened on a dark background.
QColor runColor(int index, const QPalette& palette);
// The `shade`-th variant of `base` (0 is base itself): alternately darker and lighter.
QColor metricShade(const QColor& base, int shade);

} // namespace kdw::ui::charts
