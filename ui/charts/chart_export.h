// SPDX-License-Identifier: MIT
// Export of charts: a widget as PNG (at 1x, or 2x for slides) or SVG (Qt SVG), several charts as
// one image, and curves as CSV of their raw and smoothed points. Each returns an empty string on
// success, else a sentence saying what failed (the file and the reason).
#pragma once

#include <QList>
#include <QPointF>
#include <QString>

class QWidget;

namespace kdw::ui::charts {

// One curve as exported: who it belongs to and its points, raw and smoothed (same x values).
struct ExportedCurve {
    QString run; // the run's label
    qint64 runId = 0;
    QString phase;
    QString metric; // catalogue name
    QList<QPointF> raw;
    QList<QPointF> smoothed;
    // A seed group's band around the curve (its min-max or ±1 SD, unsmoothed), at some or all of
    // the curve's epochs; empty for a curve without one.
    QList<QPointF> bandLower;
    QList<QPointF> bandUpper;
};

// `widget` drawn at `scale` times its size in device-independent pixels (1 or 2).
QString exportPng(QWidget* widget, const QString& path, qreal scale = 1.0);
QString exportSvg(QWidget* widget, const QString& path);
// `widgets` laid out in `columns` columns, each cell the size of the largest, as one PNG.
QString exportPngGrid(
    const QList<QWidget*>& widgets, int columns, const QString& path, qreal scale = 1.0);
// Columns: run_id,run,phase,metric,epoch,value,smoothed, and band_lower,band_upper when a curve
// has a band (empty in the rows of a curve or an epoch without one); one row per raw point,
// numbers with 17 significant digits (round-trip exact), text fields quoted as RFC 4180 asks.
QString exportCsv(const QList<ExportedCurve>& curves, const QString& path);
// The CSV text exportCsv writes.
QString curvesCsv(const QList<ExportedCurve>& curves);

} // namespace kdw::ui::charts
