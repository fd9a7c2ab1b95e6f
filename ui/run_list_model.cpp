// SPDX-License-Identifier: MIT
#include "ui/run_list_model.h"

#include <optional>

#include <QBrush>
#include <QColor>
#include <QDateTime>

#include "core/eval/metric_catalogue.h"
#include "core/train/vocabulary.h"

namespace kdw::ui {

int RunListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QVariant metric(const RunRow& r, const QString& key)
{
    const auto it = r.finalMetrics.find(key);
    return it == r.finalMetrics.end() ? QVariant() : QVariant(*it);
}

// The catalogue's name of a metric column (HitRate..Kl): eval::headlineMetrics(), in order.
const std::string& headlineOf(int column)
{
    return eval::headlineMetrics().at(static_cast<std::size_t>(column - RunListModel::HitRate));
}

QVariant headline(const RunRow& r, int column)
{
    return metric(r, QString::fromStdString(headlineOf(column)));
}

std::optional<train::RunState> stateOf(const RunRow& r)
{
    try {
        return train::parseRunState(r.status.toStdString());
    } catch (const std::exception&) {
        return std::nullopt; // a status this build does not know: shown as it is, uncoloured
    }
}

// The colour of a run's status: red for failed or diverged, blue while running, amber when it
// stopped early; none otherwise.
QVariant statusColour(const RunRow& r)
{
    using train::RunState;
    switch (stateOf(r).value_or(RunState::Finished)) {
    case RunState::Failed:
    case RunState::Diverged:
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    case RunState::Running:
        return QBrush(QColor(0x1f, 0x77, 0xb4));
    case RunState::Interrupted:
    case RunState::Cancelled:
        return QBrush(QColor(0x99, 0x7a, 0x00));
    default:
        return {};
    }
}

QString localTime(const QString& iso)
{
    const auto t = QDateTime::fromString(iso, Qt::ISODate);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : iso;
}

} // namespace

QVariant RunListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size()) {
        return {};
    }
    const auto& r = m_runs[index.row()];
    const int column = index.column();
    switch (role) {
    case kRunIdRole:
        return r.id;
    case kSortRole:
        return cellValue(r, column);
    case Qt::DisplayRole:
        return cellText(r, column);
    case Qt::ToolTipRole:
        return r.message.isEmpty() ? r.name : r.message;
    case Qt::TextAlignmentRole:
        return column == Id || column >= HitRate ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                 : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        return column == Status ? statusColour(r) : QVariant();
    default:
        return {};
    }
}

QVariant RunListModel::cellValue(const RunRow& r, int column)
{
    switch (column) {
    case Id:
        return r.id;
    case Name:
        return r.name;
    case Method:
        return r.method;
    case Status:
        return r.status;
    case Created:
        return r.createdAt;
    case HitRate:
    case Ndcg:
    case F1:
    case Kl:
        return headline(r, column);
    default:
        return {};
    }
}

QVariant RunListModel::cellText(const RunRow& r, int column)
{
    const auto value = cellValue(r, column);
    if (column == Created) {
        return localTime(r.createdAt);
    }
    if (column >= HitRate && value.isValid()) {
        const auto info = eval::findMetric(headlineOf(column));
        return QString::number(value.toDouble(), 'f', info ? info->precision : 4);
    }
    if (column == Name) {
        return QString(r.name).replace(QLatin1Char('\n'), QLatin1Char(' '));
    }
    if (column == Status && stateOf(r) == train::RunState::Finished && !r.message.isEmpty()) {
        // Finished with warnings or notes on its data (the tooltip shows them).
        return QString(r.status + QStringLiteral(" \u26A0"));
    }
    return value;
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case Id:
        return tr("ID");
    case Name:
        return tr("Name");
    case Method:
        return tr("Method");
    case Status:
        return tr("Status");
    case Created:
        return tr("Created");
    case HitRate:
    case Ndcg:
    case F1:
    case Kl: {
        const auto info = eval::findMetric(headlineOf(section));
        return info ? QString::fromStdString(info->label)
                    : QString::fromStdString(headlineOf(section));
    }
    default:
        return {};
    }
}

void RunListModel::setRuns(const QList<RunRow>& runs)
{
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

const RunRow* RunListModel::run(int row) const
{
    return row >= 0 && row < m_runs.size() ? &m_runs[row] : nullptr;
}

int RunListModel::rowOf(qint64 runId) const
{
    for (int r = 0; r < m_runs.size(); ++r) {
        if (m_runs[r].id == runId) {
            return r;
        }
    }
    return -1;
}

} // namespace kdw::ui
