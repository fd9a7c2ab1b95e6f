// SPDX-License-Identifier: MIT
#include "ui/charts/metric_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QPainter>
#include <QPen>
#include <QScatterSeries>
#include <QStringList>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include "core/eval/metric_catalogue.h"

namespace kdw::ui {

namespace {

// The catalogue entries of `names`; throws std::invalid_argument for a name it does not know.
std::vector<eval::MetricInfo> resolve(const std::vector<std::string>& names)
{
    std::vector<eval::MetricInfo> out;
    for (const auto& name : names) {
        const auto info = eval::findMetric(name);
        if (!info) {
            throw std::invalid_argument(
                "MetricChart: '" + name + "' is not in the metric catalogue");
        }
        out.push_back(*info);
    }
    if (out.empty()) {
        throw std::invalid_argument("MetricChart: a chart needs at least one metric");
    }
    return out;
}

} // namespace

struct MetricChart::Impl {
    explicit Impl(std::vector<eval::MetricInfo> m)
        : metrics(std::move(m))
    {
    }
    QChart* chart = nullptr;
    QChartView* view = nullptr;
    QValueAxis* x = nullptr;
    QValueAxis* y = nullptr;
    std::vector<eval::MetricInfo> metrics; // the chart's, from the catalogue
    struct Curve {
        QString phase;
        std::string metric;
        QString legend; // given by the caller; empty = from the catalogue
        QLineSeries* line = nullptr; // owned by the chart while attached, by this Impl otherwise
        QList<QPointF> points; // the truth; the series is refreshed from it on redraw
        bool dirty = false;
        bool attached = false; // only curves with points are in the chart (and its legend)
    };
    ~Impl()
    {
        for (auto& c : curves) {
            if (!c.attached) {
                delete c.line;
            }
        }
    }
    QHash<QString, Curve> curves;
    QList<QString> order;
};

MetricChart::MetricChart(
    const QString& title, const std::vector<std::string>& metrics, QWidget* parent)
    : QWidget(parent)
    , m_impl(new Impl(resolve(metrics)))
    , m_timer(new QTimer(this))
{
    const auto& first = m_impl->metrics.front();
    const bool oneLabel = std::all_of(m_impl->metrics.begin(), m_impl->metrics.end(),
        [&](const eval::MetricInfo& m) { return m.label == first.label; });
    const bool oneDirection = std::all_of(m_impl->metrics.begin(), m_impl->metrics.end(),
        [&](const eval::MetricInfo& m) { return m.direction == first.direction; });
    const QString chartTitle = title.isEmpty() ? QString::fromStdString(first.label) : title;
    QString axis = oneLabel ? QString::fromStdString(first.label) : QString();
    if (!first.unit.empty() && oneLabel) {
        axis += QStringLiteral(" (%1)").arg(QString::fromStdString(first.unit));
    }
    QString direction;
    if (oneDirection) {
        direction = first.lowerIsBetter() ? tr("Lower is better.") : tr("Higher is better.");
    }

    m_impl->chart = new QChart();
    m_impl->chart->setTitle(chartTitle);
    m_impl->chart->setAnimationOptions(QChart::NoAnimation);
    m_impl->chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = m_impl->chart->legend()->font();
    legendFont.setPointSizeF(
        legendFont.pointSizeF() * 0.9); // three entries fit under a small chart
    m_impl->chart->legend()->setFont(legendFont);
    m_impl->chart->setMargins(QMargins(4, 4, 4, 4));
    QFont titleFont = m_impl->chart->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_impl->chart->setTitleFont(titleFont);
    m_impl->x = new QValueAxis();
    m_impl->x->setTitleText(tr("epoch"));
    m_impl->x->setLabelFormat(QStringLiteral("%d"));
    m_impl->x->setRange(1, 2);
    m_impl->y = new QValueAxis();
    m_impl->y->setTitleText(axis);
    m_impl->y->setLabelFormat(QStringLiteral("%.%1f").arg(precision()));
    m_impl->chart->addAxis(m_impl->x, Qt::AlignBottom);
    m_impl->chart->addAxis(m_impl->y, Qt::AlignLeft);
    m_impl->view = new QChartView(m_impl->chart, this); // the view owns the chart
    m_impl->view->setRenderHint(QPainter::Antialiasing);
    m_impl->view->setMinimumSize(260, 220);
    // What each metric is, from the catalogue, and which way is better.
    QStringList meanings;
    for (const auto& m : m_impl->metrics) {
        meanings << QStringLiteral("%1: %2").arg(
            QString::fromStdString(m.label), QString::fromStdString(m.meaning));
    }
    m_impl->view->setToolTip(
        (meanings + QStringList {direction}).join(QLatin1Char('\n')).trimmed());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_impl->view);
    m_timer->setSingleShot(true);
    m_timer->setInterval(40);
    connect(m_timer, &QTimer::timeout, this, &MetricChart::redraw);
}

MetricChart::~MetricChart()
{
    delete m_impl;
}

QString MetricChart::title() const
{
    return m_impl->chart->title();
}

QString MetricChart::yLabel() const
{
    return m_impl->y->titleText();
}

int MetricChart::precision() const
{
    int p = 0;
    for (const auto& m : m_impl->metrics) {
        p = std::max(p, m.precision);
    }
    return p;
}

bool MetricChart::lowerIsBetter() const
{
    return std::all_of(m_impl->metrics.begin(), m_impl->metrics.end(),
        [](const eval::MetricInfo& m) { return m.lowerIsBetter(); });
}

QString MetricChart::curveKey(const QString& phase, const std::string& metric)
{
    return phase + QLatin1Char('.') + QString::fromStdString(metric);
}

QString MetricChart::legendLabel(const QString& key) const
{
    const auto it = m_impl->curves.constFind(key);
    return it == m_impl->curves.constEnd() ? QString() : it->line->name();
}

void MetricChart::defineCurve(const QString& phase, const std::string& metric, const QColor& color,
    bool dashed, const QString& legend)
{
    const bool known = std::any_of(m_impl->metrics.begin(), m_impl->metrics.end(),
        [&](const eval::MetricInfo& m) { return m.name == metric; });
    if (!known) {
        throw std::invalid_argument(
            "MetricChart: '" + metric + "' is not one of the chart's metrics");
    }
    auto* line = new QLineSeries();
    QPen pen(color);
    pen.setWidthF(dashed ? 1.8 : 2.4);
    pen.setStyle(dashed ? Qt::DashLine : Qt::SolidLine);
    line->setPen(pen);
    line->setPointsVisible(true);
    const auto key = curveKey(phase, metric);
    m_impl->curves.insert(key, {phase, metric, legend, line, {}, false, false});
    m_impl->order.append(key);
    relabel();
}

void MetricChart::relabel()
{
    // The legend says only what tells the curves apart: the phase, the metric, or both.
    bool severalPhases = false;
    bool severalMetrics = false;
    const auto& first = m_impl->curves[m_impl->order.front()];
    for (const auto& c : m_impl->curves) {
        severalPhases = severalPhases || c.phase != first.phase;
        severalMetrics = severalMetrics || c.metric != first.metric;
    }
    for (auto& c : m_impl->curves) {
        if (!c.legend.isEmpty()) {
            c.line->setName(c.legend);
            continue;
        }
        QStringList parts;
        if (severalPhases || !severalMetrics) {
            parts << c.phase;
        }
        if (severalMetrics) {
            parts << QString::fromStdString(eval::findMetric(c.metric)->label);
        }
        c.line->setName(parts.join(QLatin1Char(' ')));
    }
}

void MetricChart::clear()
{
    for (auto& c : m_impl->curves) {
        c.points.clear();
        c.dirty = true;
    }
    scheduleRedraw();
}

void MetricChart::append(const QString& key, double epoch, double value)
{
    auto it = m_impl->curves.find(key);
    if (it == m_impl->curves.end() || !std::isfinite(value)) {
        return;
    }
    // Points arrive in epoch order; one already known (loaded from the history while it was
    // also reported live) replaces the old value instead of doubling it.
    if (!it->points.isEmpty() && it->points.last().x() >= epoch) {
        for (auto& p : it->points) {
            if (p.x() == epoch) {
                p.setY(value);
            }
        }
    } else {
        it->points.append(QPointF(epoch, value));
    }
    it->dirty = true;
    scheduleRedraw();
}

void MetricChart::setPoints(const QString& key, const QList<QPointF>& points)
{
    auto it = m_impl->curves.find(key);
    if (it == m_impl->curves.end()) {
        return;
    }
    it->points = points;
    it->dirty = true;
    scheduleRedraw();
}

int MetricChart::pointCount(const QString& key) const
{
    const auto it = m_impl->curves.constFind(key);
    return it == m_impl->curves.constEnd() ? 0 : static_cast<int>(it->points.size());
}

void MetricChart::scheduleRedraw()
{
    if (!m_timer->isActive()) {
        m_timer->start();
    }
}

void MetricChart::redraw()
{
    double xMax = 2.0;
    double yMin = std::numeric_limits<double>::infinity();
    double yMax = -std::numeric_limits<double>::infinity();
    for (const auto& key : m_impl->order) {
        auto& c = m_impl->curves[key];
        if (c.dirty) {
            c.line->replace(c.points);
            c.dirty = false;
        }
        if (!c.points.isEmpty() && !c.attached) {
            m_impl->chart->addSeries(c.line); // the chart takes ownership
            c.line->attachAxis(m_impl->x);
            c.line->attachAxis(m_impl->y);
            c.attached = true;
        } else if (c.points.isEmpty() && c.attached) {
            m_impl->chart->removeSeries(c.line); // ownership comes back
            c.attached = false;
        }
        for (const auto& p : c.points) {
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
    }
    m_impl->x->setRange(1.0, xMax);
    m_impl->x->setTickCount(std::min(static_cast<int>(xMax), 10));
    if (std::isfinite(yMin)) {
        const double pad = std::max((yMax - yMin) * 0.08, std::abs(yMax) * 0.02 + 1e-6);
        m_impl->y->setRange(yMin - pad, yMax + pad);
        m_impl->y->applyNiceNumbers();
    } else {
        m_impl->y->setRange(0.0, 1.0);
    }
}

} // namespace kdw::ui
