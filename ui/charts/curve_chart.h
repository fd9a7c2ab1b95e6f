// SPDX-License-Identifier: MIT
// A chart of a few named curves y(x) over fixed axis ranges (the temperature explorer's
// sigmoid(z/T) curves). Qt Charts stays behind this API (ui/charts/ holds every Qt Charts include).
#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include "ui/charts/chart_style.h"

QT_BEGIN_NAMESPACE
class QValueAxis;
QT_END_NAMESPACE

namespace kdw::ui {

class CurveChart : public charts::ChartFrame {
    Q_OBJECT
public:
    struct Curve {
        QString name; // the legend's entry
        QColor color;
        QList<QPointF> points; // in axis units, x increasing
        Qt::PenStyle style = Qt::SolidLine;
        qreal width = 2.0; // pen width, in device-independent pixels
    };

    explicit CurveChart(const QString& title, QWidget* parent = nullptr);

    void setAxisTitles(const QString& x, const QString& y);
    // The visible ranges; lo < hi on each axis.
    void setRanges(double xLo, double xHi, double yLo, double yHi);
    // Replaces every curve (the legend follows their order).
    void setCurves(const QList<Curve>& curves);
    [[nodiscard]] int curveCount() const;
    [[nodiscard]] QList<QPointF> curvePoints(int index) const;

private:
    QValueAxis* m_x;
    QValueAxis* m_y;
};

} // namespace kdw::ui
