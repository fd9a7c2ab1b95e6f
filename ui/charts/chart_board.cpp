// SPDX-License-Identifier: MIT
#include "ui/charts/chart_board.h"

#include <algorithm>

#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMetaMethod>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

#include "ui/charts/chart_export.h"
#include "ui/charts/run_chart.h"
#include "ui/charts/smoothing.h"

namespace kdw::ui {

ChartBoard::ChartBoard(const CurveStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_cutoffs {5, 10, 20}
    , m_grid(new QGridLayout())
    , m_smoothing(new QSlider(Qt::Horizontal))
    , m_smoothingValue(new QLabel())
    , m_columns(new QSpinBox())
    , m_chartsButton(new QToolButton())
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
    m_chartsButton->setPopupMode(QToolButton::InstantPopup);
    m_chartsButton->setMenu(new QMenu(m_chartsButton));
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
    m_grid->setSpacing(6);
    layout->addLayout(m_grid, 1);

    connect(m_smoothing, &QSlider::valueChanged, this, [this](int v) {
        m_smoothingValue->setText(QString::number(v / 100.0, 'f', 2));
        for (auto* c : std::as_const(m_charts)) {
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
    const bool keepLogY = !m_charts.isEmpty(); // else each chart's spec says
    const auto logY = logYChartIds();
    qDeleteAll(m_charts);
    m_charts.clear();
    for (auto spec : charts::defaultChartSpecs(m_cutoffs)) {
        auto* chart = new RunChart(m_store, std::move(spec), this);
        chart->setSmoothing(m_smoothing->value() / 100.0);
        if (keepLogY) {
            chart->setLogY(logY.contains(chart->spec().id));
        }
        if (!m_allRuns) {
            chart->setRuns(m_runs);
        }
        const QString id = chart->spec().id;
        connect(chart, &RunChart::hideRequested, this, [this, id] { setChartShown(id, false); });
        connect(chart, &RunChart::exportFailed, this, &ChartBoard::reportExportError);
        m_charts.append(chart);
    }
    fillChartMenu();
    relayout();
}

void ChartBoard::fillChartMenu()
{
    auto* menu = m_chartsButton->menu();
    menu->clear();
    for (auto* c : std::as_const(m_charts)) {
        auto* action = menu->addAction(c->spec().title);
        action->setCheckable(true);
        action->setChecked(!m_hiddenIds.contains(c->spec().id));
        const QString id = c->spec().id;
        connect(action, &QAction::toggled, this, [this, id](bool on) { setChartShown(id, on); });
    }
}

void ChartBoard::relayout()
{
    while (m_grid->count() > 0) {
        delete m_grid->takeAt(0);
    }
    const int cols = effectiveColumns();
    m_laidOutColumns = cols;
    int k = 0;
    for (auto* c : std::as_const(m_charts)) {
        const bool shown = !m_hiddenIds.contains(c->spec().id);
        c->setVisible(shown);
        if (shown) {
            m_grid->addWidget(c, k / cols, k % cols);
            ++k;
        }
    }
    for (int col = 0; col < 4; ++col) {
        m_grid->setColumnStretch(col, col < cols ? 1 : 0);
    }
}

RunChart* ChartBoard::chart(const QString& id) const
{
    for (auto* c : m_charts) {
        if (c->spec().id == id) {
            return c;
        }
    }
    return nullptr;
}

QList<RunChart*> ChartBoard::shownCharts() const
{
    QList<RunChart*> out;
    for (auto* c : m_charts) {
        if (!m_hiddenIds.contains(c->spec().id)) {
            out.append(c);
        }
    }
    return out;
}

void ChartBoard::setRuns(const QList<qint64>& runs)
{
    m_runs = runs;
    m_allRuns = false;
    for (auto* c : std::as_const(m_charts)) {
        c->setRuns(runs);
    }
}

void ChartBoard::showAllRuns()
{
    m_allRuns = true;
    for (auto* c : std::as_const(m_charts)) {
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
    m_hiddenIds.removeAll(id);
    if (!shown) {
        m_hiddenIds.append(id);
    }
    fillChartMenu();
    relayout();
}

void ChartBoard::setColumns(int columns)
{
    m_columns->setValue(columns);
}

int ChartBoard::effectiveColumns() const
{
    const int spacing = m_grid->spacing();
    const int least = m_charts.isEmpty()
        ? kMinChartWidth
        : std::max(kMinChartWidth, m_charts.front()->minimumSizeHint().width());
    const int fit = width() > 0 ? (width() + spacing) / (least + spacing) : 4;
    return std::clamp(fit, 1, m_columns->value());
}

void ChartBoard::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (effectiveColumns() != m_laidOutColumns) {
        relayout();
    }
}

void ChartBoard::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        // After the charts took their new least size (they get the event too).
        QTimer::singleShot(0, this, [this] {
            if (effectiveColumns() != m_laidOutColumns) {
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
    m_hiddenIds = ids;
    fillChartMenu();
    relayout();
}

QStringList ChartBoard::logYChartIds() const
{
    QStringList ids;
    for (auto* c : m_charts) {
        if (c->logY()) {
            ids.append(c->spec().id);
        }
    }
    return ids;
}

void ChartBoard::setLogYCharts(const QStringList& ids)
{
    for (auto* c : std::as_const(m_charts)) {
        c->setLogY(ids.contains(c->spec().id));
    }
}

QString ChartBoard::exportAll(const QString& path, qreal scale)
{
    QList<QWidget*> widgets;
    for (auto* c : shownCharts()) {
        c->redraw();
        widgets.append(c);
    }
    return charts::exportPngGrid(widgets, effectiveColumns(), path, scale);
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
