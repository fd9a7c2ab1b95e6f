// SPDX-License-Identifier: MIT
#include "ui/charts/curve_chart.h"

#include <cmath>

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

namespace kdw::ui {

CurveChart::CurveChart(const QString& title, QWidget* parent)
    : ChartFrame(new QChart(), QSize(240, 200), parent)
    , m_x(new QValueAxis())
    , m_y(new QValueAxis())
{
    chart()->setTitle(title);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->addAxis(m_x, Qt::AlignBottom);
    chart()->addAxis(m_y, Qt::AlignLeft);
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setLabelFormat(QStringLiteral("%.1f"));
    charts::applyPalette(chart(), palette());
}

void CurveChart::setAxisTitles(const QString& x, const QString& y)
{
    m_x->setTitleText(x);
    m_y->setTitleText(y);
}

void CurveChart::setRanges(double xLo, double xHi, double yLo, double yHi)
{
    // x: ticks at multiples of a 1-2-5 step that leaves at most 8 of them, anchored at 0, over
    // exactly the range asked; y: five intervals.
    double step = 1.0;
    while ((xHi - xLo) / step > 8.0) {
        const double lead = step / std::pow(10.0, std::floor(std::log10(step)));
        step *= lead < 1.5 ? 2.0 : (lead < 3.0 ? 2.5 : 2.0);
    }
    m_x->setRange(xLo, xHi);
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0.0);
    m_x->setTickInterval(step);
    m_y->setRange(yLo, yHi);
    m_y->setTickCount(6);
}

void CurveChart::setCurves(const QList<Curve>& curves)
{
    chart()->removeAllSeries(); // deletes them
    for (const auto& c : curves) {
        auto* line = new QLineSeries();
        line->setName(c.name);
        QPen pen(c.color);
        pen.setWidthF(charts::lineWidth(c.width));
        pen.setStyle(c.style);
        line->setPen(pen);
        line->replace(c.points);
        chart()->addSeries(line); // the chart owns it
        line->attachAxis(m_x);
        line->attachAxis(m_y);
    }
}

int CurveChart::curveCount() const
{
    return static_cast<int>(chart()->series().size());
}

QList<QPointF> CurveChart::curvePoints(int index) const
{
    const auto series = chart()->series();
    if (index < 0 || index >= series.size()) {
        return {};
    }
    const auto* line = qobject_cast<const QLineSeries*>(series[index]);
    return line != nullptr ? line->points() : QList<QPointF> {};
}

} // namespace kdw::ui
