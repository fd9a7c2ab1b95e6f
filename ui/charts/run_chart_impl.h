// SPDX-License-Identifier: MIT
// RunChart's insides, shared by run_chart.cpp (the widget) and run_chart_draw.cpp (its redraw).
// Internal to ui/charts/.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QHash>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSet>
#include <QValueAxis>

#include "core/eval/metric_catalogue.h"
#include "ui/charts/run_chart.h"
#include "ui/model/curve_store.h"

namespace kdw::ui {

namespace chartdraw {

inline const QString kTeacher = QStringLiteral("teacher");
inline const QString kStudent = QStringLiteral("student");

inline QString metricLabel(const QString& metric)
{
    const auto info = eval::findMetric(metric.toStdString());
    return info ? QString::fromStdString(info->label) : metric;
}

inline QString seriesId(const CurveKey& k)
{
    return QStringLiteral("%1|%2|%3").arg(k.run).arg(k.phase, k.metric);
}

// A run's label short enough for a legend entry under a small chart (the hover has it whole): whole
// up to 34 characters (a sweep's "soft targets T=4, student 4→[8]"), else its end, where a sweep's
// names differ, cut before a whole word ("… T=4 · seed 1", never "…gets T=4"); a label whose last
// word alone is too long keeps that word whole.
inline QString shortLabel(const QString& label)
{
    constexpr int kMax = 34;
    if (label.size() <= kMax) {
        return label;
    }
    // The first word start from which the rest fits ("… " takes two characters).
    qsizetype start = label.size() - (kMax - 2);
    while (start > 0 && !label[start - 1].isSpace()) {
        ++start;
        if (start >= label.size()) { // no break in the tail: its last word whole
            start = label.lastIndexOf(QLatin1Char(' ')) + 1;
            break;
        }
    }
    QString tail = label.mid(start).trimmed();
    while (tail.startsWith(QChar(0x00B7)) || tail.startsWith(QLatin1Char('-'))) {
        tail = tail.mid(1).trimmed(); // no separator first
    }
    return tail.isEmpty() || start == 0 ? label : QChar(0x2026) + QLatin1Char(' ') + tail;
}

// `labels` without the start they all share, cut at a " · " (a sweep's "<base> · T=2 · seed 1"
// become "T=2 · seed 1"); unchanged when they share none or one would become empty.
inline QStringList withoutCommonStart(const QStringList& labels)
{
    if (labels.size() < 2) {
        return labels;
    }
    qsizetype common = labels.front().size();
    for (const auto& l : labels) {
        qsizetype k = 0;
        while (k < std::min(common, l.size()) && l[k] == labels.front()[k]) {
            ++k;
        }
        common = k;
    }
    const QString separator = QStringLiteral(" · ");
    const qsizetype cut = labels.front().left(common).lastIndexOf(separator);
    if (cut < 0) {
        return labels;
    }
    QStringList out;
    for (const auto& l : labels) {
        const QString rest = l.mid(cut + separator.size());
        if (rest.isEmpty()) {
            return labels;
        }
        out << rest;
    }
    return out;
}

// A 1-2-2.5-5 step near `span / intervals`.
inline double niceStep(double span, int intervals)
{
    const double raw = std::max(span, 1e-12) / std::max(1, intervals);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double f : {1.0, 2.0, 2.5, 5.0}) {
        if (f * mag >= raw * 0.999) {
            return f * mag;
        }
    }
    return 10.0 * mag;
}

// The decimals a tick label needs at tick interval `step` (0 to 6): 2 at 0.05, 0 at 5.
inline int tickDecimals(double step)
{
    return std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 6);
}

// A zoomed axis range [lo, hi] widened to whole steps of a nice tick, so that fixed ticks fall on
// nice values, but by little: the step is the coarsest 1-2-2.5-5 step (at most `intervals` of the
// range, more when needed) whose whole-step range adds at most 15% of the span at each end, and
// the result never exceeds [limitLo, limitHi] (the view before the zoom). Returns {lo, hi, step}.
struct SnappedRange {
    double lo;
    double hi;
    double step;
};
inline SnappedRange snapZoom(double lo, double hi, int intervals, double limitLo, double limitHi)
{
    const double span = std::max(hi - lo, 1e-12);
    double step = niceStep(span, intervals);
    for (int n = std::max(1, intervals); n <= std::max(10, 4 * intervals); ++n) {
        step = niceStep(span, n);
        const double outLo = lo - std::floor(lo / step + 1e-9) * step;
        const double outHi = std::ceil(hi / step - 1e-9) * step - hi;
        if (outLo <= 0.15 * span + 1e-12 && outHi <= 0.15 * span + 1e-12) {
            break;
        }
    }
    const double snappedLo = std::max(std::floor(lo / step + 1e-9) * step, limitLo);
    const double snappedHi = std::min(std::ceil(hi / step - 1e-9) * step, limitHi);
    return {snappedLo, std::max(snappedHi, snappedLo + 1e-12), step};
}

struct Extent {
    double xMax = 1.0;
    double yMin = std::numeric_limits<double>::infinity();
    double yMax = -std::numeric_limits<double>::infinity();
    double yMinPositive = std::numeric_limits<double>::infinity();
    void add(const QList<QPointF>& pts)
    {
        for (const auto& p : pts) {
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
            if (p.y() > 0) {
                yMinPositive = std::min(yMinPositive, p.y());
            }
        }
    }
};

} // namespace chartdraw

struct RunChart::Impl {
    struct Series {
        CurveKey key;
        QString name; // the legend's text
        QColor color;
        QLineSeries* line = nullptr; // owned by the chart
        QLineSeries* raw = nullptr; // the raw curve, faint, behind the smoothed one
        QList<QPointF> points;
        QList<QPointF> smoothed;
    };
    QChart* chart = nullptr;
    QChartView* view = nullptr;
    QValueAxis* x = nullptr;
    QValueAxis* yLinear = nullptr;
    QLogValueAxis* yLog = nullptr;
    QLabel* empty = nullptr;
    QLabel* legend = nullptr;
    int legendLines = 2; // the lines of room the legend keeps (RunChart::setLegendLines)
    struct LegendEntry {
        QString token; // "run:12", "metric:f1", "phase:teacher"
        QString text;
        QColor color;
        QString mark; // "■" a run, "━━" solid, "╌╌" dashed
    };
    QHash<QString, Series> series; // by chartdraw::seriesId
    QStringList order; // series ids in drawing order
    QList<LegendEntry> entries; // the legend: runs, metrics and phases that tell curves apart
    QSet<QString> hidden; // legend tokens toggled off
    struct BandSeries {
        QAreaSeries* area = nullptr; // owned by the chart; owns its two edges
        QList<QPointF> lower; // as shown (smoothed when smoothing)
        QList<QPointF> upper;
    };
    QHash<QString, RunChart::Band> bandData; // by chartdraw::seriesId, as set
    QHash<QString, BandSeries> bands; // drawn, by chartdraw::seriesId

    // Whether a legend toggle hides the series (its run, metric or phase is off).
    [[nodiscard]] bool isHidden(const Series& s) const
    {
        return hidden.contains(QStringLiteral("run:%1").arg(s.key.run))
            || hidden.contains(QStringLiteral("metric:") + s.key.metric)
            || hidden.contains(QStringLiteral("phase:") + s.key.phase);
    }
};

} // namespace kdw::ui
