// SPDX-License-Identifier: MIT
// RunChart's redraw: the series from the store, their names, the axes and the legend.
#include <algorithm>
#include <cmath>
#include <limits>

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QHash>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTimer>
#include <QValueAxis>

#include "core/eval/metric_catalogue.h"
#include "ui/charts/chart_style.h"
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
    syncBands();
    updateLegend();
    if (!m_zoomed) {
        fitAxes();
    }
    const bool empty = isEmpty();
    if (m_impl->empty->isHidden() == empty || m_impl->x->isVisible() == empty) {
        m_impl->empty->setVisible(empty);
        m_impl->x->setVisible(!empty);
        m_impl->x->setTitleVisible(!empty);
        (m_logY ? static_cast<QAbstractAxis*>(m_impl->yLog) : m_impl->yLinear)->setVisible(!empty);
    }
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
    it->color = charts::readableOn(
        charts::metricShade(charts::runColor(m_store->colorIndex(key.run), palette()), metricIndex),
        palette().color(QPalette::Base));
    it->points = pts;
    it->smoothed = charts::smoothEma(pts, m_smoothing);
}

// Pens, visibility and points of a series: dashed teacher, solid student; the raw curve faint
// behind the smoothed one while smoothing.
void RunChart::styleSeries(const QString& id)
{
    auto& s = m_impl->series[id];
    const bool teacher = s.key.phase == chartdraw::kTeacher;
    const bool hidden = m_impl->isHidden(s);
    // Qt Charts lays a series out again on every call, changed or not: only what changed is set.
    QPen pen(s.color);
    pen.setWidthF(charts::lineWidth(teacher ? 1.8 : 2.2));
    pen.setStyle(teacher ? Qt::DashLine : Qt::SolidLine);
    if (s.line->pen() != pen) {
        s.line->setPen(pen);
    }
    const bool dots = s.points.size() < 40;
    if (s.line->pointsVisible() != dots) {
        s.line->setPointsVisible(dots);
    }
    const auto& shown = m_smoothing > 0.0 ? s.smoothed : s.points;
    if (s.line->points() != shown) {
        s.line->replace(shown);
    }
    QColor faint = s.color;
    faint.setAlpha(70);
    pen.setColor(faint);
    pen.setWidthF(charts::lineWidth(1.2));
    if (s.raw->pen() != pen) {
        s.raw->setPen(pen);
    }
    const bool rawShown = m_smoothing > 0.0 && !hidden;
    if (rawShown && s.raw->points() != s.points) {
        s.raw->replace(s.points);
    }
    if (s.raw->isVisible() != rawShown) {
        s.raw->setVisible(rawShown);
    }
    if (s.line->isVisible() == hidden) { // a series' visibility is its own, not its widget's
        s.line->setVisible(!hidden);
    }
}

// Creates, updates and removes the bands so that each drawn curve with band data has one, under
// it, in its colour, faint, smoothed as the curve is; hidden with the curve.
void RunChart::syncBands()
{
    auto& im = *m_impl;
    for (auto it = im.bands.begin(); it != im.bands.end();) {
        if (im.order.contains(it.key()) && im.bandData.contains(it.key())) {
            ++it;
            continue;
        }
        im.chart->removeSeries(it->area);
        delete it->area;
        it = im.bands.erase(it);
    }
    QAbstractAxis* y = m_logY ? static_cast<QAbstractAxis*>(im.yLog) : im.yLinear;
    for (const auto& id : std::as_const(im.order)) {
        const auto given = im.bandData.constFind(id);
        if (given == im.bandData.cend()) {
            continue;
        }
        auto& s = im.series[id];
        auto b = im.bands.find(id);
        if (b == im.bands.end()) {
            auto* area = new QAreaSeries();
            area->setUpperSeries(new QLineSeries(area));
            area->setLowerSeries(new QLineSeries(area));
            im.chart->addSeries(area);
            area->attachAxis(im.x);
            area->attachAxis(y);
            // Series are painted in the order they were added: the curve is made again on top
            // (re-adding the same series object leaves its old drawing behind in Qt 6.4).
            for (QLineSeries** line : {&s.raw, &s.line}) {
                im.chart->removeSeries(*line);
                delete *line;
                *line = new QLineSeries();
                im.chart->addSeries(*line); // the chart owns it
                (*line)->attachAxis(im.x);
                (*line)->attachAxis(y);
            }
            styleSeries(id);
            b = im.bands.insert(id, {area, {}, {}});
        }
        b->lower = charts::smoothEma(given->lower, m_smoothing);
        b->upper = charts::smoothEma(given->upper, m_smoothing);
        if (m_logY) {
            b->lower.removeIf([](const QPointF& p) { return p.y() <= 0.0; });
            b->upper.removeIf([](const QPointF& p) { return p.y() <= 0.0; });
        }
        b->area->upperSeries()->replace(b->upper);
        b->area->lowerSeries()->replace(b->lower);
        QColor fill = s.color;
        fill.setAlpha(55);
        b->area->setBrush(fill);
        b->area->setPen(Qt::NoPen);
        b->area->setVisible(!im.isHidden(s));
    }
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
            parts << m_store->runLabel(s.key.run);
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

// The legend's entries: a run by its colour (when several), a metric by its shade (when several),
// a phase by its line style (when both, or when nothing else tells the curves apart). Each entry
// toggles every curve it names.
void RunChart::collectLegend()
{
    auto& im = *m_impl;
    QList<qint64> runs;
    QStringList metrics;
    QStringList phases;
    const auto addOnce = [](auto& list, const auto& value) {
        if (!list.contains(value)) {
            list << value;
        }
    };
    for (const auto& id : std::as_const(im.order)) {
        const auto& k = im.series[id].key;
        addOnce(runs, k.run);
        addOnce(metrics, k.metric);
        addOnce(phases, k.phase);
    }
    im.entries.clear();
    const QColor text = palette().color(QPalette::Text);
    const QColor first
        = runs.isEmpty() ? text : charts::runColor(m_store->colorIndex(runs.front()), palette());
    if (runs.size() > 1) {
        QStringList labels;
        for (const qint64 run : runs) {
            labels << m_store->runLabel(run);
        }
        const auto shortened = chartdraw::withoutCommonStart(labels);
        for (int k = 0; k < runs.size(); ++k) {
            im.entries.append({QStringLiteral("run:%1").arg(runs[k]),
                chartdraw::shortLabel(shortened[k]),
                charts::runColor(m_store->colorIndex(runs[k]), palette()), QStringLiteral("■")});
        }
    }
    if (metrics.size() > 1) {
        for (const auto& m : metrics) {
            im.entries.append({QStringLiteral("metric:") + m, chartdraw::metricLabel(m),
                charts::metricShade(first, static_cast<int>(m_spec.metrics.indexOf(m))),
                QStringLiteral("━━")});
        }
    }
    if (phases.size() > 1 || (runs.size() <= 1 && metrics.size() <= 1)) {
        for (const auto& p : phases) {
            im.entries.append({QStringLiteral("phase:") + p, p, runs.size() > 1 ? text : first,
                p == chartdraw::kTeacher ? QStringLiteral("╌╌") : QStringLiteral("━━")});
        }
    }
}

void RunChart::updateLegend()
{
    collectLegend();
    auto& im = *m_impl;
    QStringList html;
    const QString text = palette().color(QPalette::Text).name();
    const QString off = palette().color(QPalette::PlaceholderText).name();
    for (const auto& e : std::as_const(im.entries)) {
        const bool hidden = im.hidden.contains(e.token);
        // Lines break between entries, never inside one ("KL(teacher ‖" / "student)").
        const QString escaped
            = e.text.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
        const QString label = hidden ? QStringLiteral("<s>%1</s>").arg(escaped) : escaped;
        html << QStringLiteral("<a href=\"%1\" style=\"text-decoration:none; color:%2\">"
                               "<span style=\"color:%3\"><b>%4</b></span>&nbsp;%5</a>")
                    .arg(
                        e.token, hidden ? off : text, hidden ? off : e.color.name(), e.mark, label);
    }
    const QString legend = html.join(QStringLiteral(" &nbsp; "));
    if (im.legend->text() != legend) {
        im.legend->setText(legend);
    }
    im.legend->setToolTip(
        html.isEmpty() ? QString() : tr("Click an entry to hide or show its curves."));
}

// x: the epochs, integer ticks; y: nice 1-2-5 ticks, never below zero when every value is
// non-negative, as many as the height has room for (no elided label); log y over the positive
// values.
void RunChart::fitAxes()
{
    auto& im = *m_impl;
    chartdraw::Extent e;
    for (const auto& s : std::as_const(im.series)) {
        if (!im.isHidden(s)) {
            e.add(m_smoothing > 0.0 ? s.smoothed : s.points);
            e.add(s.points);
        }
    }
    for (auto b = im.bands.cbegin(); b != im.bands.cend(); ++b) {
        if (b->area->isVisible()) {
            e.add(b->lower);
            e.add(b->upper);
        }
    }
    const double xMax = std::max(2.0, std::ceil(e.xMax));
    im.x->setRange(0.75, xMax + 0.25);
    if (!std::isfinite(e.yMin)) {
        im.yLinear->setRange(0.0, 1.0);
        im.yLinear->setTickInterval(0.5);
        im.yLog->setRange(0.01, 1.0);
        return;
    }
    if (m_logY) {
        const double lo = std::pow(10.0, std::floor(std::log10(e.yMinPositive)));
        const double hi = std::pow(10.0, std::ceil(std::log10(std::max(e.yMax, lo * 1.01))));
        im.yLog->setRange(lo * 0.999, std::max(hi, lo * 10.0) * 1.001); // end ticks labelled
        // The epoch axis' ticks too: without them Qt 6.4 never laid the x axis' title out, and
        // "epoch" stayed at the scene's top-left, over the chart (Distillation terms).
        retick();
        return;
    }
    double lo = e.yMin;
    double hi = e.yMax;
    if (hi - lo < 1e-12) {
        const double pad = std::max(std::abs(hi) * 0.05, 1e-6);
        lo -= pad;
        hi += pad;
    }
    const double step = chartdraw::niceStep(hi - lo, yIntervals());
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi / step) * step;
    if (e.yMin >= 0.0) {
        lo = std::max(lo, 0.0); // a loss, a rate or a divergence never goes below zero
    }
    im.yLinear->setRange(lo, hi);
    retick();
}

int RunChart::yIntervals() const
{
    const int plotHeight = std::max(60, static_cast<int>(m_impl->chart->plotArea().height()));
    return std::clamp(plotHeight / 38, 2, 6);
}

// Ticks for the visible range (after a fit, a zoom or a pan): integer epochs; on a linear y axis
// a 1-2-5 step with the decimals it needs, as many as the height has room for.
void RunChart::retick(std::pair<double, double> yBefore)
{
    auto& im = *m_impl;
    // Qt 6.4's dynamic ticks drop labels on a zoomed range: a zoom takes fixed, nice ticks.
    const auto type = m_zoomed ? QValueAxis::TicksFixed : QValueAxis::TicksDynamic;
    im.x->setTickType(type);
    im.yLinear->setTickType(type);
    if (m_zoomed) {
        // Widened a little to whole steps, so that every fixed tick falls on a nice value; never
        // beyond the view before the zoom (a wide step once turned a y zoom of 0-0.5 into 0-0.8).
        const auto snap = [](QValueAxis* axis, const chartdraw::SnappedRange& r) {
            axis->setRange(r.lo, r.hi);
            axis->setTickCount(
                std::max(2, static_cast<int>(std::lround((r.hi - r.lo) / r.step)) + 1));
        };
        const double xStep
            = std::max(1.0, std::ceil(chartdraw::niceStep(im.x->max() - im.x->min(), 6)));
        snap(im.x,
            {std::floor(im.x->min() / xStep + 1e-9) * xStep,
                std::ceil(im.x->max() / xStep - 1e-9) * xStep, xStep});
        if (!m_logY) {
            const auto y = chartdraw::snapZoom(
                im.yLinear->min(), im.yLinear->max(), yIntervals(), yBefore.first, yBefore.second);
            snap(im.yLinear, y);
            const int decimals = chartdraw::tickDecimals(y.step);
            im.yLinear->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
            im.chart->layout()->invalidate(); // labels of a new width: lay the axes out again
        }
        return;
    }
    const double xSpan = im.x->max() - im.x->min();
    im.x->setTickAnchor(1.0);
    im.x->setTickInterval(std::max(1.0, std::ceil(chartdraw::niceStep(xSpan, 6))));
    if (m_logY) {
        return;
    }
    const double lo = im.yLinear->min();
    const double step = chartdraw::niceStep(im.yLinear->max() - lo, yIntervals());
    const int decimals = chartdraw::tickDecimals(step);
    const QString format = QStringLiteral("%.%1f").arg(decimals);
    if (im.yLinear->labelFormat() != format) {
        im.yLinear->setLabelFormat(format);
        im.chart->layout()->invalidate(); // labels of a new width: lay the axes out again
    }
    im.yLinear->setTickAnchor(std::ceil(lo / step - 1e-9) * step);
    im.yLinear->setTickInterval(step);
}

} // namespace kdw::ui
