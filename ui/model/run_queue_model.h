// SPDX-License-Identifier: MIT
// The runs queued, running, paused and ended since the window opened, one row each, for the queue
// view: name, state, phase, epoch of epochs, the whole run's progress (both phases, not the
// epoch's), examples per second (smoothed over about three seconds) and the ETA from that speed.
// Fed by a RunQueue's signals; updated in place (rowsInserted, dataChanged), never reset.
// Qt Core only; GUI thread.
#pragma once

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QList>

#include "ui/services/run_queue.h"

namespace kdw::ui {

class RunQueueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, State, Phase, Epoch, Progress, Speed, Eta, ColumnCount };
    static constexpr int kItemRole = Qt::UserRole + 1; // the queue's item id (qint64)
    static constexpr int kProgressRole = Qt::UserRole + 2; // overall progress in [0, 1]
    static constexpr int kStateRole = Qt::UserRole + 3; // RunQueue::State as int

    // `queue` outlives the model.
    explicit RunQueueModel(RunQueue* queue, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation o, int role) const override;

    [[nodiscard]] int rowOf(qint64 item) const;
    [[nodiscard]] qint64 itemAt(int row) const;
    // The row's figures (for tests): overall progress, smoothed examples/s, ETA in seconds (< 0
    // when unknown).
    [[nodiscard]] double progress(int row) const;
    [[nodiscard]] double examplesPerSecond(int row) const;
    [[nodiscard]] double etaSeconds(int row) const;

    // "1 h 02 min", "3 min 05 s", "42 s".
    [[nodiscard]] static QString durationText(double seconds);

private:
    struct Row {
        qint64 item = 0;
        QString name;
        RunQueue::State state = RunQueue::State::Queued;
        QString phase;
        int epoch = 0;
        int epochs = 0;
        double progress = 0.0;
        double speed = 0.0; // smoothed examples/s
        double eta = -1.0;
        qint64 lastDone = -1; // the last report's examples done, -1 after a pause
        qint64 lastAt = 0; // ms of m_clock at that report
        QString message;
    };

    void onProgress(qint64 item, const ProgressPoint& p);
    void onState(qint64 item, RunQueue::State state);
    void changed(int row);
    [[nodiscard]] QVariant display(const Row& r, int column) const;

    QList<Row> m_rows;
    QElapsedTimer m_clock;
};

} // namespace kdw::ui
