// SPDX-License-Identifier: MIT
// The hyperparameter chart of the compare view: a final metric against a numeric config field (T,
// alpha, the student's size, ...) over the compared runs, a point per run and, for each series
// (runs alike but for that field and the seed), the seed-group mean at each value as a line, so
// that one sees where distillation helps most. Qt Charts stays behind this API.
#pragma once

#include <optional>

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include "ui/charts/chart_style.h"

QT_BEGIN_NAMESPACE
class QAbstractSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace kdw::ui {

class HyperChart : public charts::ChartFrame {
    Q_OBJECT
public:
    struct Series {
        QString name; // the legend's entry
        QColor color;
        QList<QPointF> points; // (field value, metric value), one per run
        QList<QPointF> means; // the seed-group means, x increasing; a line when 2 or more
        // A reference level (runs the field does not apply to, e.g. the student alone against T):
        // a dashed horizontal line across the chart; std::nullopt for none.
        std::optional<double> level;
    };

    explicit HyperChart(QWidget* parent = nullptr);

    // Replaces every series; the axes fit the points with a margin (x in the field's units).
    void setSeries(const QString& title, const QString& xTitle, const QString& yTitle,
        const QList<Series>& series);
    // The points drawn (every series' runs) and the mean lines drawn, for tests.
    [[nodiscard]] int pointCount() const;
    [[nodiscard]] int meanLineCount() const { return m_meanLines; }
    [[nodiscard]] int levelCount() const { return m_levels; }
    // The visible ranges (x0, x1, y0, y1), for tests.
    [[nodiscard]] QList<double> ranges() const;

    // Export of this chart (see chart_export.h): an empty string or what failed.
    QString exportPng(const QString& path, qreal scale = 1.0);
    QString exportSvg(const QString& path);

private:
    void addLevel(const Series& s, double x0, double x1);
    void attach(QAbstractSeries* series);

    QValueAxis* m_x;
    QValueAxis* m_y;
    int m_meanLines = 0;
    int m_levels = 0;
};

} // namespace kdw::ui
