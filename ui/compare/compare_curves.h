// SPDX-License-Identifier: MIT
// The compare view's curves: one RunChart per metric over a curve store of the compared runs, one
// stable colour per run; runs of a seed group drawn, when grouping, as the group's mean curve with
// a band (min-max or ±1 SD). Smoothing, which metrics are charted, the teacher's curves, export of
// every shown chart as one PNG (each chart's own menu exports it as PNG, SVG or CSV).
#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "ui/model/compare_model.h"

class QSlider;
class QLabel;
class QToolButton;
class QCheckBox;

namespace kdw::ui {

class ChartGrid;
class CurveStore;
class RunChart;

class CompareCurves : public QWidget {
    Q_OBJECT
public:
    explicit CompareCurves(QWidget* parent = nullptr);

    // Shows `runs`; with `grouped`, each group of `groups` with two runs or more as its mean and
    // band (`band`), labelled by the group, under its first run's id (and colour); a run shown
    // alone is labelled by compare::runLabels.
    void setRuns(const QList<compare::CompareRun>& runs, const QList<compare::SeedGroup>& groups,
        bool grouped, compare::BandKind band);
    [[nodiscard]] const CurveStore* store() const { return m_store; }
    [[nodiscard]] QList<RunChart*> charts() const;
    [[nodiscard]] QList<RunChart*> shownCharts() const;
    [[nodiscard]] RunChart* chart(const QString& metric) const;
    // The colour each run is drawn in (its group's while grouped), aligned with setRuns' runs.
    [[nodiscard]] QList<QColor> curveColors() const;
    void setSmoothing(double weight);
    void setMetricShown(const QString& metric, bool shown);

    // Every shown chart, three to a row, as one PNG; an empty string or what failed.
    QString exportAll(const QString& path, qreal scale = 1.0);

private:
    void rebuildCharts(const QStringList& metrics);
    void refill();

    CurveStore* m_store;
    QSlider* m_smoothing;
    QLabel* m_smoothingValue;
    QToolButton* m_metricsButton;
    QCheckBox* m_teachers;
    ChartGrid* m_grid; // a chart per metric, which are shown (the metrics menu), their layout
    QList<compare::CompareRun> m_runs;
    QList<compare::SeedGroup> m_groups;
    bool m_grouped = false;
    compare::BandKind m_band = compare::BandKind::MinMax;
};

} // namespace kdw::ui
