// SPDX-License-Identifier: MIT
// One chart of metric curves against the epoch. Every Qt Charts include of the project lives in
// ui/charts/ behind this small API, so that moving to Qt Graphs is a local change. What a curve
// means (its label, the axis's label and unit, the decimals shown, which way is better) comes from
// core's metric catalogue (core/eval/metric_catalogue.h), never from the caller's literals.
#pragma once

#include <string>
#include <vector>

#include <QColor>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

class QTimer;

namespace kdw::ui {

class MetricChart : public QWidget {
    Q_OBJECT
public:
    // A chart of `metrics` (catalogue names, e.g. eval::metric::kF1; each must be known to
    // eval::findMetric). The title is `title`, or the only metric's label when `title` is empty;
    // the y axis shows the metrics' label and unit when they share one (nothing when they differ:
    // the title says it); the direction is in the chart's tooltip.
    MetricChart(
        const QString& title, const std::vector<std::string>& metrics, QWidget* parent = nullptr);
    ~MetricChart() override;

    // The curve of `metric` (one of the chart's) in `phase` ("teacher", "student"), keyed
    // "<phase>.<metric>" as the history records it. Its legend is `legend` when given (a short
    // word where the catalogue's label would not fit under a small chart), else the phase when the
    // chart has curves of both phases, and the metric's label when the chart has several metrics.
    void defineCurve(const QString& phase, const std::string& metric, const QColor& color,
        bool dashed = false, const QString& legend = {});
    [[nodiscard]] static QString curveKey(const QString& phase, const std::string& metric);
    void clear();
    // Appends a point; redraws are coalesced (one every 40 ms at most).
    void append(const QString& key, double epoch, double value);
    void setPoints(const QString& key, const QList<QPointF>& points);
    [[nodiscard]] int pointCount(const QString& key) const;
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString yLabel() const;
    [[nodiscard]] QString legendLabel(const QString& key) const;
    // Decimals of the axis labels: the largest catalogue precision among the chart's metrics.
    [[nodiscard]] int precision() const;
    // Whether a smaller value is better for every metric of the chart (the catalogue's direction).
    [[nodiscard]] bool lowerIsBetter() const;

private:
    void scheduleRedraw();
    void redraw();
    void relabel();

    struct Impl;
    Impl* m_impl; // owned; holds the Qt Charts objects (parented to this widget)
    QTimer* m_timer;
};

} // namespace kdw::ui
