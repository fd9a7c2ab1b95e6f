// SPDX-License-Identifier: MIT
#include "ui/charts/chart_board.h"

#include <algorithm>

#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMetaMethod>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

#include "ui/charts/chart_grid.h"
#include "ui/charts/run_chart.h"
#include "ui/charts/smoothing.h"

namespace kdw::ui {

ChartBoard::ChartBoard(const CurveStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_cutoffs {5, 10, 20}
    , m_layout(new QGridLayout())
    , m_smoothing(new QSlider(Qt::Horizontal))
    , m_smoothingValue(new QLabel())
    , m_columns(new QSpinBox())
    , m_chartsButton(new QToolButton())
    , m_grid(new ChartGrid(m_layout, m_chartsButton, this))
{
    auto* bar = new QHBoxLayout();
    bar->setContentsMargins(0, 0, 0, 0);
    auto* smoothingLabel = new QLabel(tr("Smoothing"));
    smoothingLabel->setBuddy(m_smoothing);
    m_smoothing->setRange(0, qRound(charts::kMaxSmoothing * 100));
    m_smoothing->setMaximumWidth(180);
    m_smoothing->setToolTip(tr("TensorBoard's debiased exponential moving average, weight 0 to "
                               "0.99; the raw curve stays faint behind."));
    m_smoothingValue->setMinimumWidth(
        QFontMetrics(font()).horizontalAdvance(QStringLiteral("0.00")) + 4);
    m_columns->setRange(1, 4);
    m_columns->setValue(3);
    m_columns->setPrefix(tr("Columns: "));
    m_chartsButton->setText(tr("Charts"));
    auto* exportButton = new QToolButton();
    exportButton->setText(tr("Export all…"));
    exportButton->setToolTip(tr("Every shown chart as one PNG image"));
    bar->addWidget(smoothingLabel);
    bar->addWidget(m_smoothing);
    bar->addWidget(m_smoothingValue);
    bar->addSpacing(12);
    bar->addWidget(m_chartsButton);
    bar->addWidget(m_columns);
    bar->addWidget(exportButton);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    m_layout->setSpacing(6);
    layout->addLayout(m_layout, 1);

    connect(m_smoothing, &QSlider::valueChanged, this, [this](int v) {
        m_smoothingValue->setText(QString::number(v / 100.0, 'f', 2));
        for (auto* c : charts()) {
            c->setSmoothing(v / 100.0);
        }
    });
    connect(m_columns, &QSpinBox::valueChanged, this, &ChartBoard::relayout);
    connect(exportButton, &QToolButton::clicked, this, &ChartBoard::askExportAll);
    m_advanced = {smoothingLabel, m_smoothing, m_smoothingValue, m_columns, exportButton};
    m_smoothingValue->setText(QStringLiteral("0.00"));
    rebuild();
}

void ChartBoard::setCutoffs(const std::vector<int>& cutoffs)
{
    if (cutoffs == m_cutoffs || cutoffs.empty()) {
        return;
    }
    m_cutoffs = cutoffs;
    rebuild();
}

void ChartBoard::rebuild()
{
    const bool keepLogY = !charts().isEmpty(); // else each chart's spec says
    const auto logY = logYChartIds();
    QList<RunChart*> built;
    for (auto spec : charts::defaultChartSpecs(m_cutoffs)) {
        auto* chart = new RunChart(m_store, std::move(spec), this);
        chart->setSmoothing(m_smoothing->value() / 100.0);
        if (keepLogY) {
            chart->setLogY(logY.contains(chart->spec().id));
        }
        if (!m_allRuns) {
            chart->setRuns(m_runs);
        }
        connect(chart, &RunChart::exportFailed, this, &ChartBoard::reportExportError);
        built.append(chart);
    }
    m_grid->setCharts(built);
    relayout();
}

QList<RunChart*> ChartBoard::charts() const
{
    return m_grid->charts();
}

QStringList ChartBoard::hiddenChartIds() const
{
    return m_grid->hiddenIds();
}

void ChartBoard::relayout()
{
    m_grid->relayout(effectiveColumns());
}

RunChart* ChartBoard::chart(const QString& id) const
{
    return m_grid->chart(id);
}

QList<RunChart*> ChartBoard::shownCharts() const
{
    return m_grid->shownCharts();
}

void ChartBoard::setRuns(const QList<qint64>& runs)
{
    m_runs = runs;
    m_allRuns = false;
    for (auto* c : charts()) {
        c->setRuns(runs);
    }
}

void ChartBoard::showAllRuns()
{
    m_allRuns = true;
    for (auto* c : charts()) {
        c->showAllRuns();
    }
}

void ChartBoard::setSmoothing(double weight)
{
    m_smoothing->setValue(qRound(weight * 100));
}

double ChartBoard::smoothing() const
{
    return m_smoothing->value() / 100.0;
}

void ChartBoard::setChartShown(const QString& id, bool shown)
{
    m_grid->setShown(id, shown);
}

void ChartBoard::setColumns(int columns)
{
    m_columns->setValue(columns);
}

int ChartBoard::effectiveColumns() const
{
    const int spacing = m_layout->spacing();
    const auto shown = charts();
    const int least = shown.isEmpty()
        ? kMinChartWidth
        : std::max(kMinChartWidth, shown.front()->minimumSizeHint().width());
    const int fit = width() > 0 ? (width() + spacing) / (least + spacing) : 4;
    return std::clamp(fit, 1, m_columns->value());
}

void ChartBoard::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (effectiveColumns() != m_grid->laidOutColumns()) {
        relayout();
    }
}

void ChartBoard::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        // After the charts took their new least size (they get the event too).
        QTimer::singleShot(0, this, [this] {
            if (effectiveColumns() != m_grid->laidOutColumns()) {
                relayout();
            }
        });
    }
}

int ChartBoard::columns() const
{
    return m_columns->value();
}

void ChartBoard::setHiddenCharts(const QStringList& ids)
{
    m_grid->setHiddenIds(ids);
}

QStringList ChartBoard::logYChartIds() const
{
    QStringList ids;
    for (auto* c : charts()) {
        if (c->logY()) {
            ids.append(c->spec().id);
        }
    }
    return ids;
}

void ChartBoard::setLogYCharts(const QStringList& ids)
{
    for (auto* c : charts()) {
        c->setLogY(ids.contains(c->spec().id));
    }
}

QString ChartBoard::exportAll(const QString& path, qreal scale)
{
    return m_grid->exportAll(path, scale);
}

void ChartBoard::askExportAll()
{
    QString filter;
    const auto path = QFileDialog::getSaveFileName(this, tr("Export all charts"),
        QStringLiteral("charts.png"), tr("PNG image (*.png);;PNG image at 2× (*.png)"), &filter);
    if (path.isEmpty()) {
        return;
    }
    const auto error = exportAll(path, filter.contains(QStringLiteral("2×")) ? 2.0 : 1.0);
    if (!error.isEmpty()) {
        reportExportError(error);
    }
}

void ChartBoard::reportExportError(const QString& error)
{
    if (isSignalConnected(QMetaMethod::fromSignal(&ChartBoard::exportFailed))) {
        Q_EMIT exportFailed(error); // the window's error banner: nothing waits
    } else {
        QMessageBox::warning(this, tr("Export all charts"), error);
    }
}

} // namespace kdw::ui
