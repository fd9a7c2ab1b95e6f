// SPDX-License-Identifier: MIT
// The compare view's tables filled from compare_model's values: the config fields (rows) across
// the runs (columns), the final and best metrics (a row per metric and kind, a column per run; the
// best of each metric bold and starred, deltas against the baseline run), and the differences
// between two seed groups. Each table is as tall as its rows (the page scrolls, not the table).
#pragma once

#include <QColor>
#include <QList>

#include "ui/model/compare_model.h"

class QTableWidget;

namespace kdw::ui::comparetables {

// The mark of a column's best value in the metric table.
inline constexpr QChar kBestMark {u'\u2605'}; // ★

// Columns headed by the runs' labels (compare::runLabels; the name and id in the tooltip), each
// with a square of its curves' colour (`colors`, aligned with `runs`).
void setRunColumns(QTableWidget* table, const QList<compare::CompareRun>& runs,
    const QStringList& labels, const QList<QColor>& colors, const QList<int>& baseline = {});
// A field's value in a run whose method does not read it (T of the student alone) is greyed, with
// a tooltip saying so.
void fillConfig(QTableWidget* table, const QList<compare::ConfigDiffRow>& rows,
    const QList<compare::CompareRun>& runs);
// `baseline`: the runs the deltas are measured from (no delta shown in their columns).
void fillMetrics(
    QTableWidget* table, const compare::MetricTable& metrics, const QList<int>& baseline);
void fillDifferences(QTableWidget* table, const QList<compare::GroupDifference>& differences);
// Fixes the table's height to its header and rows.
void fitHeight(QTableWidget* table);

} // namespace kdw::ui::comparetables
