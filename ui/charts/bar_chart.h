// SPDX-License-Identifier: MIT
// A chart of one row of bars over named categories, one bar optionally drawn in a second colour
// (the temperature explorer's candidate probabilities with the held-out positive marked; the
// dataset panel's histogram). Qt Charts stays behind this API.
#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "ui/charts/chart_style.h"

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QCategoryAxis;
class QValueAxis;
QT_END_NAMESPACE

namespace kdw::ui {

class BarChart : public charts::ChartFrame {
    Q_OBJECT
public:
    explicit BarChart(const QString& title, QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setAxisTitles(const QString& x, const QString& y);
    // Decimals of the value axis's labels.
    void setValueDecimals(int decimals);
    // The bars: values[i] over categories[i] (the same length), the value axis from 0 to about
    // `yMax` (> 0; rounded up to a nice number), bar `highlighted` (-1: none) in
    // `highlightColor`, the others in `color`. With more than `maxLabels` bars, the axis labels
    // positions instead: 1, 10, 20, ... (a category label under every bar would not fit).
    void setBars(const QList<double>& values, const QStringList& categories, double yMax,
        const QColor& color, int highlighted = -1, const QColor& highlightColor = {},
        int maxLabels = 24);
    [[nodiscard]] QList<double> values() const;
    [[nodiscard]] QString title() const;

private:
    QBarCategoryAxis* m_x; // one label per bar
    QCategoryAxis* m_positions; // 1, 10, 20, ... for many bars
    QValueAxis* m_y;
    QList<double> m_values;
};

} // namespace kdw::ui
