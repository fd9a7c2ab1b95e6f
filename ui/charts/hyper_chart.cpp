// SPDX-License-Identifier: MIT
#include "ui/charts/hyper_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include "ui/charts/chart_export.h"

namespace kdw::ui {
namespace {

// `lo`..`hi` widened by 8% of the span on each side (or by 5% of the value when the span is 0).
std::pair<double, double> padded(double lo, double hi)
{
    const double span = hi - lo;
    const double pad = span > 0.0 ? span * 0.08 : std::max(std::abs(hi) * 0.05, 1e-3);
    return {lo - pad, hi + pad};
}

} // namespace

HyperChart::HyperChart(QWidget* parent)
    : ChartFrame(new QChart(), QSize(320, 240), parent)
    , m_x(new QValueAxis())
    , m_y(new QValueAxis())
{
    QFont titleFont = chart()->titleFont();
    titleFont.setBold(true);
    chart()->setTitleFont(titleFont);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->addAxis(m_x, Qt::AlignBottom);
    chart()->addAxis(m_y, Qt::AlignLeft);
    m_x->setLabelFormat(QStringLiteral("%g"));
    m_y->setLabelFormat(QStringLiteral("%.3f"));
    charts::applyPalette(chart(), palette());
}

void HyperChart::setSeries(
    const QString& title, const QString& xTitle, const QString& yTitle, const QList<Series>& series)
{
    chart()->setTitle(title);
    m_x->setTitleText(xTitle);
    m_y->setTitleText(yTitle);
    chart()->removeAllSeries(); // deletes them
    m_meanLines = 0;
    m_levels = 0;
    double x0 = std::numeric_limits<double>::infinity();
    double x1 = -x0;
    double y0 = x0;
    double y1 = -x0;
    for (const auto& s : series) {
        for (const auto& p : s.points) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
        if (s.level) {
            y0 = std::min(y0, *s.level);
            y1 = std::max(y1, *s.level);
        }
    }
    if (!std::isfinite(x0)) {
        m_x->setRange(0.0, 1.0);
        m_y->setRange(0.0, 1.0);
        return;
    }
    const auto [xa, xb] = padded(x0, x1);
    const auto [ya, yb] = padded(y0, y1);
    m_x->setRange(xa, xb);
    m_y->setRange(ya, yb);
    m_x->applyNiceNumbers();
    m_y->applyNiceNumbers();
    for (const auto& s : series) {
        if (s.level) {
            addLevel(s, m_x->min(), m_x->max());
            continue;
        }
        auto* dots = new QScatterSeries();
        dots->setName(s.name);
        dots->setColor(s.color);
        dots->setBorderColor(s.color.darker(130));
        dots->setMarkerSize(9.0);
        dots->replace(s.points);
        attach(dots);
        if (s.means.size() >= 2) {
            auto* line = new QLineSeries();
            QPen pen(s.color);
            pen.setWidthF(2.2);
            line->setPen(pen);
            line->replace(s.means);
            attach(line);
            // The mean line explains itself beside its points: one legend entry per series.
            chart()->legend()->markers(line).front()->setVisible(false);
            ++m_meanLines;
        }
    }
    charts::applyPalette(chart(), palette());
}

void HyperChart::attach(QAbstractSeries* series)
{
    chart()->addSeries(series); // the chart owns it
    series->attachAxis(m_x);
    series->attachAxis(m_y);
}

void HyperChart::addLevel(const Series& s, double x0, double x1)
{
    auto* line = new QLineSeries();
    line->setName(s.name);
    QPen pen(s.color);
    pen.setWidthF(2.0);
    pen.setStyle(Qt::DashLine);
    line->setPen(pen);
    line->replace({QPointF(x0, *s.level), QPointF(x1, *s.level)});
    attach(line);
    ++m_levels;
}

int HyperChart::pointCount() const
{
    int n = 0;
    for (auto* s : chart()->series()) {
        if (const auto* dots = qobject_cast<const QScatterSeries*>(s)) {
            n += static_cast<int>(dots->count());
        }
    }
    return n;
}

QList<double> HyperChart::ranges() const
{
    return {m_x->min(), m_x->max(), m_y->min(), m_y->max()};
}

QString HyperChart::exportPng(const QString& path, qreal scale)
{
    return charts::exportPng(this, path, scale);
}

QString HyperChart::exportSvg(const QString& path)
{
    return charts::exportSvg(this, path);
}

} // namespace kdw::ui
