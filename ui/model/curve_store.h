// SPDX-License-Identifier: MIT
// Every curve the charts draw: (run, phase, metric) to points (epoch, value), fed by live runs (the
// run queue's epochs) and by the history (a stored run's epochs). Charts are views over it, as
// PlotJuggler's PlotWidgets are views over its PlotDataMapRef: one chart can show several runs,
// and a smoothed or exported copy is computed from the store, never kept by a widget.
// Qt Core only; GUI thread.
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QSet>
#include <QString>
#include <QStringList>

#include "ui/types.h"

class QTimer;

namespace kdw::ui {

struct CurveKey {
    qint64 run = 0; // the history's run id
    QString phase; // "teacher" or "student"
    QString metric; // a catalogue name ("ndcg@10")

    friend bool operator==(const CurveKey&, const CurveKey&) = default;
};

size_t qHash(const CurveKey& key, size_t seed = 0) noexcept;

class CurveStore : public QObject {
    Q_OBJECT
public:
    explicit CurveStore(QObject* parent = nullptr);

    // A run is known from its first label or point on; its colour index (stable for the window's
    // life, also after removeRun and a later return) is the order in which runs first appeared.
    void setRunLabel(qint64 run, const QString& label);
    [[nodiscard]] QString runLabel(qint64 run) const;
    [[nodiscard]] int colorIndex(qint64 run) const;
    // The runs with curves or a label, in the order they first appeared.
    [[nodiscard]] QList<qint64> runs() const;

    // Every metric of one finished epoch. An epoch already known (read from the history while it
    // was also reported live) replaces the old value instead of doubling it. Non-finite values are
    // left out (a diverged run's last loss).
    void append(qint64 run, const EpochPoint& epoch);
    // A stored run's epochs, replacing every curve the run had.
    void setRun(qint64 run, const QList<EpochPoint>& epochs);
    void removeRun(qint64 run);
    void clear();

    // The points of one curve, epoch increasing; empty when unknown.
    [[nodiscard]] QList<QPointF> points(const CurveKey& key) const;
    [[nodiscard]] QList<CurveKey> keys(qint64 run) const;
    [[nodiscard]] QList<CurveKey> keys() const;
    [[nodiscard]] bool contains(const CurveKey& key) const;

Q_SIGNALS:
    // Coalesced: one signal per event-loop pass however many epochs arrived, with every run whose
    // curves changed since the last one (added, replaced or removed).
    void changed(const QSet<qint64>& runs);

private:
    void touch(qint64 run);
    void see(qint64 run);

    QHash<CurveKey, QList<QPointF>> m_curves;
    QHash<qint64, QString> m_labels;
    QHash<qint64, int> m_colors; // run -> colour index, never forgotten
    QList<qint64> m_order; // runs present, in order of first appearance
    QSet<qint64> m_dirty;
    QTimer* m_notify;
};

} // namespace kdw::ui
