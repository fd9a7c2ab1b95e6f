// SPDX-License-Identifier: MIT
// One chart as a view over the curve store (ui/model/curve_store.h): the spec's metrics for every
// shown run, one stable colour per run (the store's colour index), the teacher dashed and the
// student solid (line style means the phase on every chart, nothing else), the metrics of one run
// told apart by shades of its colour. Smoothing (TensorBoard's EMA, raw curve faint behind), log
// y, a legend whose entries toggle their curve, a hover tooltip with every curve's value at the
// epoch, rubber-band zoom, pan (middle button, or Shift + drag, or the arrow keys), double-click
// reset. Redraws coalesced: at most one per 40 ms however fast the store changes. Qt Charts stays
// behind this API.
#pragma once

#include <limits>
#include <memory>
#include <utility>

#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QSize>
#include <QString>
#include <QWidget>

#include "ui/charts/chart_export.h"
#include "ui/charts/chart_specs.h"
#include "ui/model/curve_store.h"

class QTimer;

namespace kdw::ui {

class RunChart : public QWidget {
    Q_OBJECT
public:
    // `store` outlives the chart.
    RunChart(const CurveStore* store, charts::ChartSpec spec, QWidget* parent = nullptr);
    ~RunChart() override;

    [[nodiscard]] const charts::ChartSpec& spec() const { return m_spec; }
    // The runs drawn; all the store's runs while none were set.
    void setRuns(const QList<qint64>& runs);
    void showAllRuns();
    // The EMA weight, clamped to [0, 0.99]; 0 draws the raw curves alone.
    void setSmoothing(double weight);
    [[nodiscard]] double smoothing() const { return m_smoothing; }
    void setLogY(bool on);
    [[nodiscard]] bool logY() const { return m_logY; }
    // Zoom to a region in axis units (what the rubber band does), and back.
    void zoomTo(double x0, double x1, double y0, double y1);
    void resetZoom();
    [[nodiscard]] bool zoomed() const { return m_zoomed; }

    // A shaded band around a curve: a seed group's spread (min-max or ±1 SD) around its mean,
    // as Weights & Biases draws grouped runs. `lower` and `upper` have the curve's epochs.
    struct Band {
        QList<QPointF> lower;
        QList<QPointF> upper;
    };
    // The bands to draw, each under the curve of its key (when that curve is drawn), in the
    // curve's colour, faint; smoothed with the curve. Replaces the bands set before.
    void setBands(const QHash<CurveKey, Band>& bands);
    // The lines of text the legend keeps room for (2 by default; its height never changes with
    // its entries, so that the chart does not jump); at least 1.
    void setLegendLines(int lines);

    // The bands drawn now (a shown curve with a band), for tests.
    [[nodiscard]] int bandCount() const;
    // The band drawn under the curve of `key` as shown (smoothed when smoothing); empty if none.
    [[nodiscard]] Band shownBand(const CurveKey& key) const;

    // The curves drawn now (visible or toggled off in the legend), raw and smoothed.
    [[nodiscard]] QList<charts::ExportedCurve> curves() const;
    // The hover tooltip's text at `epoch`: every shown curve's value there (and its smoothed
    // value when smoothing), one line each; empty when no curve has that epoch.
    [[nodiscard]] QString hoverText(int epoch) const;
    // Shows the hover tooltip at `epoch` as the mouse would (for screenshots).
    void showHover(int epoch);
    // Legend toggles by entry (the legend's text: a run, a metric or a phase); hiding one hides
    // every curve it names.
    void setCurveVisible(const QString& legendName, bool visible);
    [[nodiscard]] QStringList legendNames() const;
    // The visible ranges (x0, x1, y0, y1) and the y tick labels' texts, for tests.
    [[nodiscard]] QList<double> ranges() const;
    [[nodiscard]] bool isEmpty() const;
    [[nodiscard]] int redrawCount() const { return m_redraws; }
    // Redraws now (the coalescing timer's work).
    void redraw();

    // The size, in device-independent pixels, charts are exported at (whatever their size on
    // screen): 1600 x 900, 16:9 for slides; PNG at 2x is 3200 x 1800 pixels.
    static constexpr QSize kExportSize {1600, 900};
    // An offscreen copy of this chart (same runs, smoothing, log axis, bands, legend toggles and
    // zoom) laid out at `size`, its legend given as many lines as its entries need. Never shown.
    [[nodiscard]] std::unique_ptr<RunChart> exportCopy(QSize size = kExportSize) const;
    // Whether the legend's whole text fits in its height (no entry cut off), for tests.
    [[nodiscard]] bool legendFits() const;
    // Export of this chart (see chart_export.h) drawn by exportCopy at `size`, not grabbed from
    // the screen: an empty string or what failed.
    QString exportPng(const QString& path, qreal scale = 1.0, QSize size = kExportSize);
    QString exportSvg(const QString& path, QSize size = kExportSize);
    QString exportCsv(const QString& path) const;

Q_SIGNALS:
    void hideRequested(); // the context menu's "Hide this chart"
    // An export from the context menu failed (`error` says what). With nothing connected, a
    // warning box says it instead.
    void exportFailed(const QString& error);

protected:
    void changeEvent(QEvent* event) override;

private:
    // The plot's least size at style scale 1 (times charts::styleScale() in presentation mode).
    static constexpr int kMinViewWidth = 240;
    static constexpr int kMinViewHeight = 170;
    // The legend's font (0.9 of the chart's) and its height for the lines it keeps.
    void fitLegendFont();
    struct Impl;
    class View;
    void scheduleRedraw();
    void onStoreChanged(const QSet<qint64>& runs);
    void showMenu(const QPoint& pos);
    void syncSeries();
    void updateSeries(const CurveKey& key, int metricIndex, const QList<QPointF>& pts);
    void syncBands();
    void styleSeries(const QString& id);
    void nameSeries();
    void fitAxes();
    void updateLegend();
    void collectLegend();
    // After a zoom or pan: y never wider than `yBefore` (the linear y range before it).
    void retick(std::pair<double, double> yBefore
        = {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()});
    [[nodiscard]] int yIntervals() const;
    [[nodiscard]] QList<qint64> shownRuns() const;

    const CurveStore* m_store;
    charts::ChartSpec m_spec;
    std::unique_ptr<Impl> m_impl;
    QTimer* m_timer;
    QList<qint64> m_runs;
    bool m_allRuns = true;
    double m_smoothing = 0.0;
    bool m_logY = false;
    bool m_zoomed = false;
    int m_redraws = 0;
};

} // namespace kdw::ui
