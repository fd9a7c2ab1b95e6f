// SPDX-License-Identifier: MIT
#include "ui/compare/compare_curves.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/eval/metric_catalogue.h"
#include "ui/charts/chart_grid.h"
#include "ui/charts/run_chart.h"
#include "ui/charts/run_colors.h"
#include "ui/charts/smoothing.h"
#include "ui/model/curve_store.h"

namespace kdw::ui {
namespace {

constexpr int kColumns = 3;
constexpr int kShownByDefault = 6;
constexpr int kChartHeight = 250; // a chart's least height on the page (the page scrolls)
constexpr int kLegendLines = 3; // nine runs side by side fit at 1280 px
const QString kTeacher = QStringLiteral("teacher");

QString qsv(std::string_view v)
{
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

// The metrics the runs recorded, for charting: headline metrics first, then the validation loss
// and the training loss, then the others in name order (speed and timing left out).
QStringList chartMetrics(const QList<compare::CompareRun>& runs)
{
    std::set<QString> present;
    for (const auto& r : runs) {
        for (const auto& e : r.epochs) {
            for (auto it = e.metrics.begin(); it != e.metrics.end(); ++it) {
                present.insert(it.key());
            }
        }
    }
    QStringList first;
    for (const auto& h : eval::headlineMetrics()) {
        first << QString::fromStdString(h);
    }
    namespace mn = eval::metric;
    first << qsv(mn::kValLoss) << qsv(mn::kTrainLoss);
    const QStringList skipped {
        qsv(mn::kExamplesPerSecond), qsv(mn::kSeconds), qsv(mn::kLearningRate)};
    QStringList out;
    for (const auto& m : first) {
        if (present.erase(m) > 0) {
            out << m;
        }
    }
    for (const auto& m : present) {
        if (!skipped.contains(m)) {
            out << m;
        }
    }
    return out;
}

// The curves of `epochs` by (phase, metric), teachers' left out unless `teachers`.
void collectCurves(const QList<EpochPoint>& epochs, bool teachers,
    std::map<std::pair<QString, QString>, QList<QList<QPointF>>>& curves)
{
    std::map<std::pair<QString, QString>, QList<QPointF>> own;
    for (const auto& e : epochs) {
        if (!teachers && e.phase == kTeacher) {
            continue;
        }
        for (auto it = e.metrics.begin(); it != e.metrics.end(); ++it) {
            own[{e.phase, it.key()}] << QPointF(e.epoch, it.value());
        }
    }
    for (auto& [key, pts] : own) {
        curves[key] << pts;
    }
}

// A group's mean epochs (every phase and metric its members have), stored under `id` (its first
// member's id: the group keeps that run's colour), and its bands.
void addGroup(CurveStore& store, const QList<compare::CompareRun>& runs,
    const compare::SeedGroup& g, bool teachers, compare::BandKind kind,
    QHash<CurveKey, RunChart::Band>& bands)
{
    const qint64 id = runs[g.members.front()].id;
    std::map<std::pair<QString, QString>, QList<QList<QPointF>>> curves; // (phase, metric)
    for (const int m : g.members) {
        collectCurves(runs[m].epochs, teachers, curves);
    }
    std::map<std::pair<QString, int>, EpochPoint> epochs; // (phase, epoch)
    for (const auto& [pm, list] : curves) {
        const auto c = compare::groupCurve(list, kind);
        for (const auto& p : c.mean) {
            auto& e = epochs[{pm.first, qRound(p.x())}];
            e.phase = pm.first;
            e.epoch = qRound(p.x());
            e.metrics.insert(pm.second, p.y());
        }
        bands.insert({id, pm.first, pm.second}, {c.lower, c.upper});
    }
    QList<EpochPoint> all;
    for (const auto& [k, e] : epochs) {
        all << e;
    }
    store.setRunLabel(id, g.label);
    store.setRun(id, all);
}

} // namespace

CompareCurves::CompareCurves(QWidget* parent)
    : QWidget(parent)
    , m_store(new CurveStore(this))
    , m_smoothing(new QSlider(Qt::Horizontal))
    , m_smoothingValue(new QLabel(QStringLiteral("0.00")))
    , m_metricsButton(new QToolButton())
    , m_teachers(new QCheckBox(tr("Teachers' curves")))
{
    auto* grid = new QGridLayout();
    m_grid = new ChartGrid(grid, m_metricsButton, this);
    m_grid->relayout(kColumns);
    auto* bar = new QHBoxLayout();
    bar->setContentsMargins(0, 0, 0, 0);
    auto* smoothingLabel = new QLabel(tr("Smoothing"));
    smoothingLabel->setBuddy(m_smoothing);
    m_smoothing->setRange(0, qRound(charts::kMaxSmoothing * 100));
    m_smoothing->setMaximumWidth(160);
    m_smoothing->setToolTip(tr("TensorBoard's debiased exponential moving average, weight 0 to "
                               "0.99; the raw curve stays faint behind."));
    m_metricsButton->setText(tr("Metrics"));
    m_metricsButton->setToolTip(tr("Which metrics are charted"));
    m_teachers->setToolTip(tr("Also draw the teachers' curves (dashed) of runs that trained one"));
    bar->addWidget(smoothingLabel);
    bar->addWidget(m_smoothing);
    bar->addWidget(m_smoothingValue);
    bar->addSpacing(12);
    bar->addWidget(m_metricsButton);
    bar->addWidget(m_teachers);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    grid->setSpacing(6);
    layout->addLayout(grid, 1);
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int v) {
        m_smoothingValue->setText(QString::number(v / 100.0, 'f', 2));
        for (auto* c : charts()) {
            c->setSmoothing(v / 100.0);
        }
    });
    connect(m_teachers, &QCheckBox::toggled, this, &CompareCurves::refill);
}

void CompareCurves::setRuns(const QList<compare::CompareRun>& runs,
    const QList<compare::SeedGroup>& groups, bool grouped, compare::BandKind band)
{
    m_runs = runs;
    m_groups = groups;
    m_grouped = grouped;
    m_band = band;
    refill();
}

// Feeds the store from the runs (a group's first run replaced by the group's mean when grouping)
// and points every chart at them.
void CompareCurves::refill()
{
    m_store->clear();
    const bool teachers = m_teachers->isChecked();
    QList<qint64> shown;
    QHash<CurveKey, RunChart::Band> bands;
    const auto labels = compare::runLabels(m_runs, m_groups);
    // Colours by first appearance: each group's first run first (the groups' colours are the
    // palette's first), then the others.
    for (const auto& g : std::as_const(m_groups)) {
        m_store->setRunLabel(m_runs[g.members.front()].id, labels[g.members.front()]);
    }
    for (int m = 0; m < m_runs.size(); ++m) {
        m_store->setRunLabel(m_runs[m].id, labels[m]);
    }
    for (const auto& g : std::as_const(m_groups)) {
        if (m_grouped && g.members.size() >= 2) {
            addGroup(*m_store, m_runs, g, teachers, m_band, bands);
            shown << m_runs[g.members.front()].id;
            continue;
        }
        for (const int m : g.members) {
            const auto& r = m_runs[m];
            m_store->setRunLabel(r.id, labels[m]);
            QList<EpochPoint> epochs = r.epochs;
            if (!teachers) {
                epochs.removeIf([](const EpochPoint& e) { return e.phase == kTeacher; });
            }
            m_store->setRun(r.id, epochs);
            shown << r.id;
        }
    }
    const auto metrics = chartMetrics(m_runs);
    QStringList now;
    for (auto* c : charts()) {
        now << c->spec().id;
    }
    if (metrics != now) {
        rebuildCharts(metrics);
    }
    for (auto* c : charts()) {
        c->setRuns(shown);
        c->setBands(bands);
        c->redraw();
    }
}

void CompareCurves::rebuildCharts(const QStringList& metrics)
{
    QList<RunChart*> built;
    QStringList hidden = m_grid->hiddenIds();
    for (int k = 0; k < metrics.size(); ++k) {
        const auto& m = metrics[k];
        const auto info = eval::findMetric(m.toStdString());
        const QString title = info ? QString::fromStdString(info->label) : m;
        auto* chart = new RunChart(m_store, {m, title, {m}, false}, this);
        chart->setMinimumHeight(kChartHeight);
        chart->setLegendLines(kLegendLines);
        chart->setSmoothing(m_smoothing->value() / 100.0);
        built << chart;
        if (k >= kShownByDefault && !hidden.contains(m)) {
            hidden << m;
        }
    }
    m_grid->setHiddenIds(hidden);
    m_grid->setCharts(built);
    m_grid->relayout(kColumns);
}

QList<RunChart*> CompareCurves::charts() const
{
    return m_grid->charts();
}

QList<QColor> CompareCurves::curveColors() const
{
    QList<QColor> out(m_runs.size());
    for (const auto& g : m_groups) {
        for (const int m : g.members) {
            const qint64 drawn
                = m_grouped && g.members.size() >= 2 ? m_runs[g.members.front()].id : m_runs[m].id;
            out[m] = charts::runColor(m_store->colorIndex(drawn), palette());
        }
    }
    return out;
}

QList<RunChart*> CompareCurves::shownCharts() const
{
    return m_grid->shownCharts();
}

RunChart* CompareCurves::chart(const QString& metric) const
{
    return m_grid->chart(metric);
}

void CompareCurves::setSmoothing(double weight)
{
    m_smoothing->setValue(qRound(weight * 100));
}

void CompareCurves::setMetricShown(const QString& metric, bool shown)
{
    m_grid->setShown(metric, shown);
}

QString CompareCurves::exportAll(const QString& path, qreal scale)
{
    return m_grid->exportAll(path, scale);
}

} // namespace kdw::ui
