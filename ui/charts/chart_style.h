// SPDX-License-Identifier: MIT
// What the charts of this folder share: a widget around one QChartView whose colours follow the
// widget's palette, light or dark (Qt Charts' own themes ignore the application palette), and the
// style scale of presentation mode (ui/shell/appearance.h): line widths and chart fonts times
// styleScale(). A chart follows theme and mode by handling isStyleChange() events in its
// changeEvent (applyPalette again, then restyle its series with lineWidth()), as ChartFrame does;
// the appearance sends every widget a PaletteChange when either changes.
// Internal to ui/charts/ (and the appearance, which sets the scale). GUI thread.
#pragma once

#include <QPalette>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QEvent;
QT_END_NAMESPACE

namespace kdw::ui::charts {

// Background from Base, titles, labels and the legend from Text, grid lines from Mid, for the chart
// and every axis it has now; their fonts at styleScale() times the size they had the first time.
void applyPalette(QChart* chart, const QPalette& palette);

// The factor of presentation mode (1 normally, 1.5 for a projector); set by the appearance
// before it changes the application font and palette, so charts read it on the events that follow.
void setStyleScale(double scale);
[[nodiscard]] double styleScale();
// A pen width in pixels for a line `base` pixels wide at scale 1.
[[nodiscard]] qreal lineWidth(qreal base);
// True for the events after which a chart restyles itself: PaletteChange (theme) and FontChange
// (presentation mode).
[[nodiscard]] bool isStyleChange(const QEvent* event);
// WCAG 2.x contrast ratio of two colours, (L1 + 0.05) / (L2 + 0.05) with L the relative
// luminance of sRGB (0.2126 R + 0.7152 G + 0.0722 B, linearised); 1 (same) to 21 (black on white).
[[nodiscard]] double contrastRatio(const QColor& a, const QColor& b);
// `color` darkened (light background) or lightened (dark background) in small steps until its
// WCAG contrast ratio with `background` is at least `minimum` (3 is WCAG's for graphics), hue
// kept. Returns `color` itself when it already is.
[[nodiscard]] QColor readableOn(
    const QColor& color, const QColor& background, double minimum = 3.0);

// A widget showing `chart` (owned by its view, a child of this widget) with antialiasing, no
// animation, small margins, and the palette applied now and on every palette change.
class ChartFrame : public QWidget {
    Q_OBJECT
public:
    ChartFrame(QChart* chart, const QSize& minimum, QWidget* parent);

protected:
    [[nodiscard]] QChart* chart() const { return m_chart; }
    void changeEvent(QEvent* event) override;

private:
    QChart* m_chart;
};

} // namespace kdw::ui::charts
