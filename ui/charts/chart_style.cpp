// SPDX-License-Identifier: MIT
#include "ui/charts/chart_style.h"

#include <algorithm>
#include <cmath>

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegend>
#include <QPainter>
#include <QPen>
#include <QVBoxLayout>

namespace kdw::ui::charts {

namespace {

double g_styleScale = 1.0; // GUI thread only

// `font` at styleScale() times the point size it had the first time `holder` was styled (kept in
// the dynamic property `name` of `holder`, so scaling twice never compounds).
QFont scaledFont(QObject* holder, const char* name, QFont font)
{
    QVariant base = holder->property(name);
    if (!base.isValid()) {
        base = font.pointSizeF();
        holder->setProperty(name, base);
    }
    if (base.toDouble() > 0) {
        font.setPointSizeF(base.toDouble() * g_styleScale);
    }
    return font;
}

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double relativeLuminance(const QColor& c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

void setStyleScale(double scale)
{
    g_styleScale = scale > 0 ? scale : 1.0;
}

double styleScale()
{
    return g_styleScale;
}

qreal lineWidth(qreal base)
{
    return base * g_styleScale;
}

bool isStyleChange(const QEvent* event)
{
    return event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange;
}

QColor readableOn(const QColor& color, const QColor& background, double minimum)
{
    const bool darkBackground = relativeLuminance(background) < 0.18;
    QColor c = color;
    for (int step = 0; step < 40 && contrastRatio(c, background) < minimum; ++step) {
        c = darkBackground ? c.lighter(108) : c.darker(108);
    }
    return c;
}

void applyPalette(QChart* chart, const QPalette& palette)
{
    const QColor text = palette.color(QPalette::Text);
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundPen(QPen(palette.color(QPalette::Mid)));
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->setTitleFont(scaledFont(chart, "kdwTitlePt", chart->titleFont()));
    chart->legend()->setLabelColor(text);
    chart->legend()->setFont(scaledFont(chart->legend(), "kdwLegendPt", chart->legend()->font()));
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlpha(110);
    for (auto* axis : chart->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(palette.color(QPalette::Mid));
        axis->setGridLineColor(grid);
        axis->setLabelsFont(scaledFont(axis, "kdwLabelsPt", axis->labelsFont()));
        axis->setTitleFont(scaledFont(axis, "kdwAxisTitlePt", axis->titleFont()));
    }
    // Qt Charts keeps the axes' old label sizes until the chart is laid out again (the labels
    // are elided to "..." after a font grows otherwise).
    if (auto* layout = chart->layout()) {
        layout->invalidate();
    }
}

ChartFrame::ChartFrame(QChart* chart, const QSize& minimum, QWidget* parent)
    : QWidget(parent)
    , m_chart(chart)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(m_chart, this); // the view owns the chart
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(minimum);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
}

void ChartFrame::changeEvent(QEvent* event)
{
    if (isStyleChange(event)) {
        applyPalette(m_chart, palette());
    }
    QWidget::changeEvent(event);
}

} // namespace kdw::ui::charts
