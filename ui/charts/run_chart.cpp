// SPDX-License-Identifier: MIT
#include "ui/charts/run_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QEvent>
#include <QFileDialog>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QHash>
#include <QHelpEvent>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QMessageBox>
#include <QMetaMethod>
#include <QMouseEvent>
#include <QPen>
#include <QStackedLayout>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include "core/eval/metric_catalogue.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/run_chart_impl.h"
#include "ui/charts/run_colors.h"
#include "ui/charts/smoothing.h"
#include "ui/model/curve_store.h"

namespace kdw::ui {

// The chart's view: rubber-band zoom, pan, double-click reset, hover tooltip.
class RunChart::View : public QChartView {
public:
    View(QChart* chart, RunChart* owner)
        : QChartView(chart, owner)
        , m_owner(owner)
    {
        setRubberBand(QChartView::RectangleRubberBand);
        setMouseTracking(true);
        setFocusPolicy(Qt::ClickFocus);
    }

protected:
    // Over the plot area the tooltip is the values at the epoch under the mouse; the metrics'
    // definitions (the view's own tooltip) show only over the title, the axes and the margins.
    bool event(QEvent* e) override
    {
        if (e->type() == QEvent::ToolTip && !m_owner->isEmpty()) {
            const QPoint at = static_cast<QHelpEvent*>(e)->pos();
            if (chart()->plotArea().contains(mapToScene(at))) {
                const QString text = m_owner->hoverText(qRound(chart()->mapToValue(at).x()));
                if (!text.isEmpty()) {
                    QToolTip::showText(static_cast<QHelpEvent*>(e)->globalPos(), text, this);
                    return true;
                }
            }
        }
        return QChartView::event(e);
    }
    void mousePressEvent(QMouseEvent* e) override
    {
        const bool pan = e->button() == Qt::MiddleButton
            || (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier));
        if (pan) {
            m_panFrom = e->position();
            m_panning = true;
            return;
        }
        if (e->button() == Qt::RightButton) {
            return; // the context menu, not Qt Charts' zoom-out
        }
        QChartView::mousePressEvent(e);
    }
    void mouseMoveEvent(QMouseEvent* e) override
    {
        if (m_panning) {
            const QPointF d = e->position() - m_panFrom;
            m_panFrom = e->position();
            chart()->scroll(-d.x(), d.y());
            m_owner->m_zoomed = true;
            return;
        }
        QChartView::mouseMoveEvent(e);
        if (m_owner->isEmpty()) {
            return;
        }
        const QPointF v = chart()->mapToValue(e->position());
        const QString text = m_owner->hoverText(qRound(v.x()));
        if (text.isEmpty()) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(e->globalPosition().toPoint(), text, this);
        }
    }
    void mouseReleaseEvent(QMouseEvent* e) override
    {
        if (m_panning) {
            m_panning = false;
            return;
        }
        if (e->button() == Qt::RightButton) {
            return;
        }
        const bool band = e->button() == Qt::LeftButton;
        const auto before = m_owner->ranges();
        QChartView::mouseReleaseEvent(e);
        if (band && !m_owner->isEmpty()) {
            m_owner->m_zoomed = true; // the rubber band zoomed (a plain click zooms nothing)
            m_owner->retick({before[2], before[3]});
        }
    }
    void mouseDoubleClickEvent(QMouseEvent*) override { m_owner->resetZoom(); }
    void keyPressEvent(QKeyEvent* e) override
    {
        const qreal step = 30;
        switch (e->key()) {
        case Qt::Key_Left:
            chart()->scroll(-step, 0);
            break;
        case Qt::Key_Right:
            chart()->scroll(step, 0);
            break;
        case Qt::Key_Up:
            chart()->scroll(0, step);
            break;
        case Qt::Key_Down:
            chart()->scroll(0, -step);
            break;
        default:
            QChartView::keyPressEvent(e);
            return;
        }
        m_owner->m_zoomed = true;
    }

private:
    RunChart* m_owner;
    QPointF m_panFrom;
    bool m_panning = false;
};

RunChart::RunChart(const CurveStore* store, charts::ChartSpec spec, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_spec(std::move(spec))
    , m_impl(std::make_unique<Impl>())
    , m_timer(new QTimer(this))
    , m_logY(m_spec.logY)
{
    auto& im = *m_impl;
    im.chart = new QChart();
    im.chart->setTitle(m_spec.title);
    im.chart->setAnimationOptions(QChart::NoAnimation);
    im.chart->setMargins(QMargins(2, 2, 10, 2)); // room for the last x label
    im.chart->legend()->hide(); // the legend below is ours: it wraps instead of eliding
    QFont titleFont = im.chart->titleFont();
    titleFont.setBold(true);
    im.chart->setTitleFont(titleFont);
    im.x = new QValueAxis();
    im.x->setTitleText(tr("epoch"));
    im.x->setLabelFormat(QStringLiteral("%.0f"));
    im.x->setTickType(QValueAxis::TicksDynamic);
    im.x->setTickAnchor(1.0);
    im.yLinear = new QValueAxis();
    im.yLinear->setTickType(QValueAxis::TicksDynamic);
    im.yLog = new QLogValueAxis();
    im.yLog->setBase(10.0);
    im.yLog->setLabelFormat(QStringLiteral("%g"));
    im.yLog->setMinorTickCount(-1);
    im.chart->addAxis(im.x, Qt::AlignBottom);
    im.chart->addAxis(m_logY ? static_cast<QAbstractAxis*>(im.yLog) : im.yLinear, Qt::AlignLeft);
    im.view = new View(im.chart, this); // the view owns the chart
    im.view->setRenderHint(QPainter::Antialiasing);
    im.view->setMinimumSize(kMinViewWidth, kMinViewHeight);
    im.view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(im.view, &QWidget::customContextMenuRequested, this, &RunChart::showMenu);

    im.empty = new QLabel(tr("No curves yet.\nQueue a run, or select one in the run history."));
    im.empty->setAlignment(Qt::AlignCenter);
    im.empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    auto* stack = new QStackedLayout();
    stack->setStackingMode(QStackedLayout::StackAll);
    stack->addWidget(im.empty);
    stack->addWidget(im.view);

    im.legend = new QLabel();
    im.legend->setWordWrap(true);
    im.legend->setTextFormat(Qt::RichText);
    im.legend->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    im.legend->setContentsMargins(4, 0, 4, 0);
    // Two lines always reserved: a legend appearing never changes the chart's height.
    fitLegendFont();
    connect(im.legend, &QLabel::linkActivated, this, [this](const QString& token) {
        if (!m_impl->hidden.remove(token)) {
            m_impl->hidden.insert(token);
        }
        redraw();
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(stack, 1);
    layout->addWidget(im.legend);

    QStringList meanings;
    for (const auto& m : m_spec.metrics) {
        if (const auto info = eval::findMetric(m.toStdString())) {
            meanings << QStringLiteral("%1: %2").arg(
                QString::fromStdString(info->label), QString::fromStdString(info->meaning));
        }
    }
    meanings << tr("Drag to zoom, Shift+drag or the middle button to pan, double-click to reset.");
    im.view->setToolTip(meanings.join(QLatin1Char('\n')));

    m_timer->setSingleShot(true);
    m_timer->setInterval(40);
    connect(m_timer, &QTimer::timeout, this, &RunChart::redraw);
    connect(store, &CurveStore::changed, this, &RunChart::onStoreChanged);
    charts::applyPalette(im.chart, palette());
    redraw();
}

RunChart::~RunChart()
{
    // The y axis not attached to the chart is ours to delete; the chart deletes the other.
    if (m_logY) {
        delete m_impl->yLinear;
    } else {
        delete m_impl->yLog;
    }
}

void RunChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange) {
        fitLegendFont();
        // Room for the larger fonts of presentation mode (at 240 x 170 its axes' labels were
        // elided to "...").
        const double scale = charts::styleScale();
        m_impl->view->setMinimumSize(qRound(kMinViewWidth * scale), qRound(kMinViewHeight * scale));
        charts::applyPalette(m_impl->chart, palette()); // fonts at the new scale
        scheduleRedraw(); // line widths follow the style scale
    }
    if (event->type() == QEvent::PaletteChange) {
        charts::applyPalette(m_impl->chart, palette());
        for (auto* axis : {static_cast<QAbstractAxis*>(m_impl->yLinear),
                 static_cast<QAbstractAxis*>(m_impl->yLog)}) {
            axis->setLabelsColor(palette().color(QPalette::Text));
            axis->setTitleBrush(palette().color(QPalette::Text));
        }
        scheduleRedraw();
    }
    QWidget::changeEvent(event);
}

void RunChart::setRuns(const QList<qint64>& runs)
{
    m_runs = runs;
    m_allRuns = false;
    scheduleRedraw();
}

void RunChart::showAllRuns()
{
    m_allRuns = true;
    scheduleRedraw();
}

QList<qint64> RunChart::shownRuns() const
{
    return m_allRuns ? m_store->runs() : m_runs;
}

void RunChart::setSmoothing(double weight)
{
    m_smoothing = std::clamp(weight, 0.0, charts::kMaxSmoothing);
    scheduleRedraw();
}

void RunChart::setLogY(bool on)
{
    if (on == m_logY) {
        return;
    }
    auto& im = *m_impl;
    QAbstractAxis* from = m_logY ? static_cast<QAbstractAxis*>(im.yLog) : im.yLinear;
    QAbstractAxis* to = on ? static_cast<QAbstractAxis*>(im.yLog) : im.yLinear;
    for (const auto& s : std::as_const(im.series)) {
        s.line->detachAxis(from);
        s.raw->detachAxis(from);
    }
    for (const auto& b : std::as_const(im.bands)) {
        b.area->detachAxis(from);
    }
    im.chart->removeAxis(from); // ownership comes back to us (deleted in ~RunChart)
    im.chart->addAxis(to, Qt::AlignLeft);
    for (const auto& s : std::as_const(im.series)) {
        s.line->attachAxis(to);
        s.raw->attachAxis(to);
    }
    for (const auto& b : std::as_const(im.bands)) {
        b.area->attachAxis(to);
    }
    m_logY = on;
    charts::applyPalette(im.chart, palette());
    m_zoomed = false;
    redraw();
}

void RunChart::onStoreChanged(const QSet<qint64>& runs)
{
    const auto shown = shownRuns();
    if (m_allRuns
        || std::any_of(shown.begin(), shown.end(), [&](qint64 r) { return runs.contains(r); })) {
        scheduleRedraw();
    }
}

void RunChart::scheduleRedraw()
{
    if (!m_timer->isActive()) {
        m_timer->start();
    }
}

void RunChart::setBands(const QHash<CurveKey, Band>& bands)
{
    m_impl->bandData.clear();
    for (auto it = bands.begin(); it != bands.end(); ++it) {
        m_impl->bandData.insert(chartdraw::seriesId(it.key()), it.value());
    }
    scheduleRedraw();
}

void RunChart::setLegendLines(int lines)
{
    m_impl->legendLines = std::max(1, lines);
    const QFontMetrics metrics(m_impl->legend->font());
    m_impl->legend->setFixedHeight(metrics.lineSpacing() * m_impl->legendLines + 2);
}

void RunChart::fitLegendFont()
{
    // 0.9 of the chart's font, which presentation mode enlarges: set again on every font change.
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    m_impl->legend->setFont(legendFont);
    setLegendLines(m_impl->legendLines);
}

int RunChart::bandCount() const
{
    return static_cast<int>(m_impl->bands.size());
}

RunChart::Band RunChart::shownBand(const CurveKey& key) const
{
    const auto it = m_impl->bands.constFind(chartdraw::seriesId(key));
    return it == m_impl->bands.cend() ? Band {} : Band {it->lower, it->upper};
}

bool RunChart::isEmpty() const
{
    return m_impl->series.isEmpty();
}

QStringList RunChart::legendNames() const
{
    QStringList out;
    for (const auto& e : m_impl->entries) {
        out << e.text;
    }
    return out;
}

void RunChart::setCurveVisible(const QString& legendName, bool visible)
{
    for (const auto& e : std::as_const(m_impl->entries)) {
        if (e.text != legendName) {
            continue;
        }
        if (visible) {
            m_impl->hidden.remove(e.token);
        } else {
            m_impl->hidden.insert(e.token);
        }
    }
    redraw();
}

QList<double> RunChart::ranges() const
{
    const auto* y = m_logY ? static_cast<QAbstractAxis*>(m_impl->yLog) : m_impl->yLinear;
    const double y0 = m_logY ? m_impl->yLog->min() : m_impl->yLinear->min();
    const double y1 = m_logY ? m_impl->yLog->max() : m_impl->yLinear->max();
    Q_UNUSED(y);
    return {m_impl->x->min(), m_impl->x->max(), y0, y1};
}

QList<charts::ExportedCurve> RunChart::curves() const
{
    QList<charts::ExportedCurve> out;
    for (const auto& id : m_impl->order) {
        const auto& s = m_impl->series[id];
        const auto band = m_impl->bandData.value(id);
        out.append({m_store->runLabel(s.key.run), s.key.run, s.key.phase, s.key.metric, s.points,
            s.smoothed, band.lower, band.upper});
    }
    return out;
}

QString RunChart::hoverText(int epoch) const
{
    QStringList lines;
    for (const auto& id : m_impl->order) {
        const auto& s = m_impl->series[id];
        if (m_impl->isHidden(s)) {
            continue;
        }
        for (int k = 0; k < s.points.size(); ++k) {
            if (qRound(s.points[k].x()) != epoch) {
                continue;
            }
            const auto info = eval::findMetric(s.key.metric.toStdString());
            const int decimals = info ? info->precision : 4;
            QString line = QStringLiteral("<span style='color:%1'>■</span> %2: <b>%3</b>")
                               .arg(s.color.name(), s.name.toHtmlEscaped(),
                                   QString::number(s.points[k].y(), 'f', decimals));
            if (m_smoothing > 0.0) {
                line += tr(" (smoothed %1)").arg(QString::number(s.smoothed[k].y(), 'f', decimals));
            }
            lines << line;
        }
    }
    if (lines.isEmpty()) {
        return {};
    }
    return QStringLiteral("<b>%1</b><br>").arg(tr("%1, epoch %2").arg(m_spec.title).arg(epoch))
        + lines.join(QStringLiteral("<br>"));
}

void RunChart::showHover(int epoch)
{
    const auto text = hoverText(epoch);
    const auto& im = *m_impl;
    const QPointF at = im.chart->mapToPosition(QPointF(epoch, (ranges()[2] + ranges()[3]) / 2),
        im.series.isEmpty() ? nullptr : im.series.begin()->line);
    QToolTip::showText(im.view->mapToGlobal(at.toPoint()), text, im.view);
}

void RunChart::zoomTo(double x0, double x1, double y0, double y1)
{
    const auto before = ranges();
    m_impl->x->setRange(x0, x1);
    if (m_logY) {
        m_impl->yLog->setRange(y0, y1);
    } else {
        m_impl->yLinear->setRange(y0, y1);
    }
    m_zoomed = true;
    retick({before[2], before[3]});
}

void RunChart::resetZoom()
{
    m_zoomed = false;
    m_impl->chart->zoomReset();
    redraw();
}

void RunChart::showMenu(const QPoint& pos)
{
    QMenu menu(this);
    const auto ask = [this](const QString& filter, const QString& suffix) {
        return QFileDialog::getSaveFileName(this, tr("Export chart"), m_spec.id + suffix, filter);
    };
    const auto report = [this](const QString& error) {
        if (error.isEmpty()) {
            return;
        }
        if (isSignalConnected(QMetaMethod::fromSignal(&RunChart::exportFailed))) {
            Q_EMIT exportFailed(error); // the window's error banner: nothing waits
        } else {
            QMessageBox::warning(this, tr("Export chart"), error);
        }
    };
    connect(menu.addAction(tr("Export as PNG…")), &QAction::triggered, this, [=, this] {
        if (const auto p = ask(tr("PNG image (*.png)"), QStringLiteral(".png")); !p.isEmpty()) {
            report(exportPng(p, 1.0));
        }
    });
    connect(menu.addAction(tr("Export as PNG at 2× (for slides)…")), &QAction::triggered, this,
        [=, this] {
            if (const auto p = ask(tr("PNG image (*.png)"), QStringLiteral("@2x.png"));
                !p.isEmpty()) {
                report(exportPng(p, 2.0));
            }
        });
    connect(menu.addAction(tr("Export as SVG…")), &QAction::triggered, this, [=, this] {
        if (const auto p = ask(tr("SVG image (*.svg)"), QStringLiteral(".svg")); !p.isEmpty()) {
            report(exportSvg(p));
        }
    });
    connect(menu.addAction(tr("Export curves as CSV (raw and smoothed)…")), &QAction::triggered,
        this, [=, this] {
            if (const auto p = ask(tr("CSV (*.csv)"), QStringLiteral(".csv")); !p.isEmpty()) {
                report(exportCsv(p));
            }
        });
    menu.addSeparator();
    auto* log = menu.addAction(tr("Logarithmic y axis"));
    log->setCheckable(true);
    log->setChecked(m_logY);
    connect(log, &QAction::toggled, this, &RunChart::setLogY);
    connect(menu.addAction(tr("Reset zoom")), &QAction::triggered, this, &RunChart::resetZoom);
    connect(
        menu.addAction(tr("Hide this chart")), &QAction::triggered, this, &RunChart::hideRequested);
    menu.exec(m_impl->view->mapToGlobal(pos));
}

std::unique_ptr<RunChart> RunChart::exportCopy(QSize size) const
{
    auto copy = std::make_unique<RunChart>(m_store, m_spec);
    copy->setAttribute(Qt::WA_DontShowOnScreen);
    copy->setPalette(palette());
    copy->setFont(font());
    copy->m_runs = m_runs;
    copy->m_allRuns = m_allRuns;
    copy->m_smoothing = m_smoothing;
    copy->setLogY(m_logY);
    copy->m_impl->bandData = m_impl->bandData;
    copy->m_impl->hidden = m_impl->hidden;
    copy->resize(size);
    copy->show();
    copy->redraw();
    // As many legend lines as the entries need at this width (one line of slack for rounding).
    const auto* legend = copy->m_impl->legend;
    const int needed = legend->heightForWidth(size.width());
    const int line = std::max(1, QFontMetrics(legend->font()).lineSpacing());
    copy->setLegendLines(std::max(m_impl->legendLines, (needed + line - 1) / line));
    copy->layout()->activate();
    if (m_zoomed) {
        const auto r = ranges();
        copy->zoomTo(r[0], r[1], r[2], r[3]);
    }
    copy->redraw();
    // Lay the chart out at its new size now (posted layout requests; no user input).
    QCoreApplication::sendPostedEvents();
    copy->m_impl->chart->layout()->activate();
    return copy;
}

bool RunChart::legendFits() const
{
    const auto* legend = m_impl->legend;
    return legend->heightForWidth(legend->width()) <= legend->height();
}

QString RunChart::exportPng(const QString& path, qreal scale, QSize size)
{
    redraw();
    const auto copy = exportCopy(size);
    return charts::exportPng(copy.get(), path, scale);
}

QString RunChart::exportSvg(const QString& path, QSize size)
{
    redraw();
    const auto copy = exportCopy(size);
    return charts::exportSvg(copy.get(), path);
}

QString RunChart::exportCsv(const QString& path) const
{
    return charts::exportCsv(curves(), path);
}

} // namespace kdw::ui
