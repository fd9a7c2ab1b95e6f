// SPDX-License-Identifier: MIT
// One chart of metric curves against the epoch. Every Qt Charts include of the project lives in
// ui/charts/ behind this small API, so that moving to Qt Graphs is a local change.
#pragma once

#include <QColor>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

class QTimer;

namespace kdw::ui {

class MetricChart : public QWidget {
    Q_OBJECT
public:
    MetricChart(const QString& title, const QString& yLabel, QWidget* parent = nullptr);
    ~MetricChart() override;

    // A curve identified by `key`, drawn with `label` in the legend.
    void defineSeries(const QString& key, const QString& label, const QColor& color, bool dashed = false);
    void clear();
    // Appends a point; redraws are coalesced (one every 40 ms at most).
    void append(const QString& key, double epoch, double value);
    void setPoints(const QString& key, const QList<QPointF>& points);
    [[nodiscard]] int pointCount(const QString& key) const;
    [[nodiscard]] QString title() const;

private:
    void scheduleRedraw();
    void redraw();

    struct Impl;
    Impl* m_impl; // owned; holds the Qt Charts objects (parented to this widget)
    QTimer* m_timer;
};

} // namespace kdw::ui
