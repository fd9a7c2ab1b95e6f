// SPDX-License-Identifier: MIT
// RunChart's redraw: the series from the store, their names, the axes and the legend.
#include <algorithm>
#include <cmath>
#include <limits>

#include <QChart>
#include <QChartView>
#include <QHash>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTimer>
#include <QValueAxis>

#include "core/eval/metric_catalogue.h"
#include "ui/charts/run_chart.h"
#include "ui/charts/run_chart_impl.h"
#include "ui/charts/run_colors.h"
#include "ui/charts/smoothing.h"
#include "ui/model/curve_store.h"

namespace kdw::ui {

void RunChart::redraw()
{
    ++m_redraws;
    m_timer->stop();
    syncSeries();
    nameSeries();
    for (const auto& id : std::as_const(m_impl->order)) {
        styleSeries(id);
    }
    updateLegend();
    if (!m_zoomed) {
        fitAxes();
    }
    const bool empty = isEmpty();
    m_impl->empty->setVisible(empty);
    m_impl->x->setVisible(!empty);
    (m_logY ? static_cast<QAbstractAxis*>(m_impl->yLog) : m_impl->yLinear)->setVisible(!empty);
}

// The series of `key` with `pts` (created and attached on first sight), coloured by its run and
// shaded by the metric's place in the spec.
void RunChart::updateSeries(const CurveKey& key, int metricIndex, const QList<QPointF>& pts)
{
    auto& im = *m_impl;
    const QString id = chartdraw::seriesId(key);
    auto it = im.series.find(id);
    if (it == im.series.end()) {
        QAbstractAxis* y = m_logY ? static_cast<QAbstractAxis*>(im.yLog) : im.yLinear;
        it = im.series.insert(id, {key, {}, {}, new QLineSeries(), new QLineSeries(), {}, {}});
        im.chart->addSeries(it->raw); // the chart owns both
        im.chart->addSeries(it->line);
        for (auto* s : {it->raw, it->line}) {
            s->attachAxis(im.x);
            s->attachAxis(y);
        }
    }
    it->color = charts::metricShade(
        charts::runColor(m_store->colorIndex(key.run), palette()), metricIndex);
    it->points = pts;
    it->smoothed = charts::smoothEma(pts, m_smoothing);
}

// Pens, visibility and points of a series: dashed teacher, solid student; the raw curve faint
// behind the smoothed one while smoothing.
void RunChart::styleSeries(const QString& id)
{
    auto& s = m_impl->series[id];
    const bool teacher = s.key.phase == chartdraw::kTeacher;
    const bool hidden = m_impl->hidden.contains(s.name);
    QPen pen(s.color);
    pen.setWidthF(teacher ? 1.8 : 2.2);
    pen.setStyle(teacher ? Qt::DashLine : Qt::SolidLine);
    s.line->setPen(pen);
    s.line->setPointsVisible(s.points.size() < 40);
    s.line->replace(m_smoothing > 0.0 ? s.smoothed : s.points);
    QColor faint = s.color;
    faint.setAlpha(70);
    pen.setColor(faint);
    pen.setWidthF(1.2);
    s.raw->setPen(pen);
    s.raw->replace(s.points);
    s.raw->setVisible(m_smoothing > 0.0 && !hidden);
    s.line->setVisible(!hidden);
}

// Creates, updates and removes series so that there is one per curve of a shown run.
void RunChart::syncSeries()
{
    auto& im = *m_impl;
    QStringList wanted;
    for (const qint64 run : shownRuns()) {
        for (int m = 0; m < m_spec.metrics.size(); ++m) {
            for (const auto& phase : {chartdraw::kTeacher, chartdraw::kStudent}) {
                const CurveKey key {run, phase, m_spec.metrics[m]};
                QList<QPointF> pts = m_store->points(key);
                if (m_logY) {
                    pts.removeIf([](const QPointF& p) { return p.y() <= 0.0; });
                }
                if (!pts.isEmpty()) {
                    wanted << chartdraw::seriesId(key);
                    updateSeries(key, m, pts);
                }
            }
        }
    }
    for (auto it = im.series.begin(); it != im.series.end();) {
        if (wanted.contains(it.key())) {
            ++it;
            continue;
        }
        im.chart->removeSeries(it->line);
        im.chart->removeSeries(it->raw);
        delete it->line;
        delete it->raw;
        it = im.series.erase(it);
    }
    im.order = wanted;
}

// The legend says only what tells the curves apart: the run, the phase, the metric.
void RunChart::nameSeries()
{
    auto& im = *m_impl;
    QSet<qint64> runs;
    QSet<QString> phases;
    QSet<QString> metrics;
    for (const auto& s : std::as_const(im.series)) {
        runs.insert(s.key.run);
        phases.insert(s.key.phase);
        metrics.insert(s.key.metric);
    }
    for (auto& s : im.series) {
        QStringList parts;
        if (runs.size() > 1) {
            parts << chartdraw::shortLabel(m_store->runLabel(s.key.run));
        }
        if (phases.size() > 1 || (runs.size() <= 1 && metrics.size() <= 1)) {
            parts << s.key.phase;
        }
        if (metrics.size() > 1) {
            parts << chartdraw::metricLabel(s.key.metric);
        }
        s.name = parts.join(QStringLiteral(" · "));
    }
}

void RunChart::updateLegend()
{
    auto& im = *m_impl;
    QStringList entries;
    QSet<QString> done;
    const QString text = palette().color(QPalette::Text).name();
    const QString off = palette().color(QPalette::PlaceholderText).name();
    for (const auto& id : std::as_const(im.order)) {
        const auto& s = im.series[id];
        if (done.contains(s.name)) {
            continue;
        }
        done.insert(s.name);
        const bool hidden = im.hidden.contains(s.name);
        const bool teacher = s.key.phase == chartdraw::kTeacher;
        entries << QStringLiteral("<a href=\"%1\" style=\"text-decoration:none; color:%2\">"
                                  "<span style=\"color:%3\"><b>%4</b></span>&nbsp;%5</a>")
                       .arg(s.name.toHtmlEscaped(), hidden ? off : text,
                           hidden ? off : s.color.name(),
                           teacher ? QStringLiteral("╌╌") : QStringLiteral("━━"),
                           hidden ? QStringLiteral("<s>%1</s>").arg(s.name.toHtmlEscaped())
                                  : s.name.toHtmlEscaped());
    }
    im.legend->setText(entries.join(QStringLiteral(" &nbsp; ")));
    im.legend->setToolTip(entries.isEmpty() ? QString() : tr("Click an entry to hide or show it."));
}

// x: the epochs, integer ticks; y: nice 1-2-5 ticks, never below zero when every value is
// non-negative, as many as the height has room for (no elided label); log y over the positive
// values.
void RunChart::fitAxes()
{
    auto& im = *m_impl;
    chartdraw::Extent e;
    for (const auto& s : std::as_const(im.series)) {
        if (!im.hidden.contains(s.name)) {
            e.add(m_smoothing > 0.0 ? s.smoothed : s.points);
            e.add(s.points);
        }
    }
    const double xMax = std::max(2.0, std::ceil(e.xMax));
    im.x->setRange(0.75, xMax + 0.25);
    im.x->setTickAnchor(1.0);
    im.x->setTickInterval(std::max(1.0, std::ceil(chartdraw::niceStep(xMax - 1.0, 6))));
    if (!std::isfinite(e.yMin)) {
        im.yLinear->setRange(0.0, 1.0);
        im.yLinear->setTickInterval(0.5);
        im.yLog->setRange(0.01, 1.0);
        return;
    }
    if (m_logY) {
        const double lo = std::pow(10.0, std::floor(std::log10(e.yMinPositive)));
        const double hi = std::pow(10.0, std::ceil(std::log10(std::max(e.yMax, lo * 1.01))));
        im.yLog->setRange(lo, std::max(hi, lo * 10.0));
        return;
    }
    const int plotHeight = std::max(60, static_cast<int>(im.chart->plotArea().height()));
    const int intervals = std::clamp(plotHeight / 38, 2, 6);
    double lo = e.yMin;
    double hi = e.yMax;
    if (hi - lo < 1e-12) {
        const double pad = std::max(std::abs(hi) * 0.05, 1e-6);
        lo -= pad;
        hi += pad;
    }
    const double step = chartdraw::niceStep(hi - lo, intervals);
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi / step) * step;
    if (e.yMin >= 0.0) {
        lo = std::max(lo, 0.0); // a loss, a rate or a divergence never goes below zero
    }
    const int decimals = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 6);
    im.yLinear->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
    im.yLinear->setTickAnchor(lo);
    im.yLinear->setTickInterval(step);
    im.yLinear->setRange(lo, hi);
}

} // namespace kdw::ui
