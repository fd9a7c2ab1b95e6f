// SPDX-License-Identifier: MIT
#include "ui/model/run_queue_model.h"

#include <cmath>

#include <QLocale>

namespace kdw::ui {

namespace {

constexpr double kSpeedTimeConstantMs = 3000.0;

} // namespace

RunQueueModel::RunQueueModel(RunQueue* queue, QObject* parent)
    : QAbstractTableModel(parent)
{
    m_clock.start();
    connect(queue, &RunQueue::queued, this, [this](qint64 item, const QString& name, int epochs) {
        const auto n = static_cast<int>(m_rows.size());
        beginInsertRows({}, n, n);
        Row r;
        r.item = item;
        r.name = name;
        r.epochs = epochs;
        m_rows.append(r);
        endInsertRows();
    });
    connect(queue, &RunQueue::stateChanged, this, &RunQueueModel::onState);
    connect(queue, &RunQueue::progress, this, &RunQueueModel::onProgress);
    connect(queue, &RunQueue::phaseStarted, this, [this](qint64 item, const QString& phase) {
        if (const int row = rowOf(item); row >= 0) {
            m_rows[row].phase = phase;
            m_rows[row].epoch = 0;
            changed(row);
        }
    });
    connect(queue, &RunQueue::ended, this,
        [this](qint64 item, qint64, const QString& status, const QString& message) {
            if (const int row = rowOf(item); row >= 0) {
                auto& r = m_rows[row];
                r.message = message.isEmpty() ? status : status + QStringLiteral(": ") + message;
                r.progress = status == stateText(train::RunState::Finished) ? 1.0 : r.progress;
                r.eta = -1.0;
                changed(row);
            }
        });
}

int RunQueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RunQueueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int RunQueueModel::rowOf(qint64 item) const
{
    for (int k = 0; k < m_rows.size(); ++k) {
        if (m_rows[k].item == item) {
            return k;
        }
    }
    return -1;
}

qint64 RunQueueModel::itemAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].item : 0;
}

double RunQueueModel::progress(int row) const
{
    return m_rows.value(row).progress;
}

double RunQueueModel::examplesPerSecond(int row) const
{
    return m_rows.value(row).speed;
}

double RunQueueModel::etaSeconds(int row) const
{
    return m_rows.value(row).eta;
}

void RunQueueModel::changed(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RunQueueModel::onState(qint64 item, RunQueue::State state)
{
    const int row = rowOf(item);
    if (row < 0) {
        return;
    }
    auto& r = m_rows[row];
    r.state = state;
    r.lastDone = -1; // the next report starts the speed's clock again (paused time is no speed)
    if (state != RunQueue::State::Running) {
        r.eta = state == RunQueue::State::Paused ? r.eta : -1.0;
    }
    changed(row);
}

// Overall progress from the run's examples done of its total; the speed an exponential moving
// average of examples per second between reports with a ~3 s time constant, so that neither it
// nor the ETA jumps at an epoch or phase boundary.
void RunQueueModel::onProgress(qint64 item, const ProgressPoint& p)
{
    const int row = rowOf(item);
    if (row < 0) {
        return;
    }
    auto& r = m_rows[row];
    r.phase = p.phase;
    r.epoch = p.epoch;
    r.epochs = p.epochs;
    if (p.runExamplesTotal > 0) {
        r.progress = std::clamp(
            static_cast<double>(p.runExamplesDone) / static_cast<double>(p.runExamplesTotal), 0.0,
            1.0);
    }
    const qint64 now = m_clock.elapsed();
    if (r.lastDone < 0) {
        r.speed = r.speed > 0.0 ? r.speed : p.examplesPerSecond;
    } else if (now > r.lastAt) {
        const double dt = static_cast<double>(now - r.lastAt);
        const double rate = static_cast<double>(p.runExamplesDone - r.lastDone) * 1000.0 / dt;
        const double a = 1.0 - std::exp(-dt / kSpeedTimeConstantMs);
        r.speed = r.speed > 0.0 ? r.speed + a * (rate - r.speed) : rate;
    }
    r.lastDone = p.runExamplesDone;
    r.lastAt = now;
    r.eta = r.speed > 0.0 ? static_cast<double>(p.runExamplesTotal - p.runExamplesDone) / r.speed
                          : -1.0;
    changed(row);
}

QString RunQueueModel::durationText(double seconds)
{
    const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    if (s >= 3600) {
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    }
    if (s >= 60) {
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    return tr("%1 s").arg(s);
}

QVariant RunQueueModel::display(const Row& r, int column) const
{
    switch (column) {
    case Name:
        return r.name;
    case State:
        return RunQueue::stateText(r.state);
    case Phase:
        return r.phase;
    case Epoch:
        return r.epochs > 0 && r.epoch > 0 ? tr("%1 of %2").arg(r.epoch).arg(r.epochs) : QString();
    case Progress:
        return QStringLiteral("%1 %").arg(qRound(r.progress * 100));
    case Speed:
        return r.speed > 0.0 && r.state == RunQueue::State::Running
            ? QLocale().toString(qRound64(r.speed)) // grouped: 678,712
            : QString();
    case Eta:
        if (r.eta < 0.0) {
            return QString();
        }
        // A paused run's clock is stopped: its ETA is what is left once it runs again.
        return r.state == RunQueue::State::Paused ? tr("%1 once resumed").arg(durationText(r.eta))
                                                  : durationText(r.eta);
    default:
        return {};
    }
}

QVariant RunQueueModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const auto& r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case Qt::ToolTipRole:
        return r.message.isEmpty() ? r.name : r.name + QLatin1Char('\n') + r.message;
    case Qt::TextAlignmentRole:
        return index.column() >= Epoch ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case kItemRole:
        return r.item;
    case kProgressRole:
        return r.progress;
    case kStateRole:
        return static_cast<int>(r.state);
    default:
        return {};
    }
}

QVariant RunQueueModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const QStringList names {tr("Run"), tr("State"), tr("Phase"), tr("Epoch"),
        tr("Progress"), tr("Examples/s"), tr("ETA")};
    return names.value(section);
}

} // namespace kdw::ui
