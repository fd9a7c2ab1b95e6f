// SPDX-License-Identifier: MIT
// What the charts of this folder share: a widget around one QChartView whose colours follow the
// widget's palette, light or dark (Qt Charts' own themes ignore the application palette).
// Internal to ui/charts/.
#pragma once

#include <QPalette>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace kdw::ui::charts {

// Background from Base, titles, labels and the legend from Text, grid lines from Mid, for the chart
// and every axis it has now.
void applyPalette(QChart* chart, const QPalette& palette);

// A widget showing `chart` (owned by its view, a child of this widget) with antialiasing, no
// animation, small margins, and the palette applied now and on every palette change.
class ChartFrame : public QWidget {
    Q_OBJECT
public:
    ChartFrame(QChart* chart, const QSize& minimum, QWidget* parent);

protected:
    [[nodiscard]] QChart* chart() const { return m_chart; }
    void changeEvent(QEvent* event) override;

private:
    QChart* m_chart;
};

} // namespace kdw::ui::charts
