// SPDX-License-Identifier: MIT
#include "ui/run_list_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

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
    if (role == kRunIdRole) {
        return r.id;
    }
    const auto value = [&]() -> QVariant {
        switch (index.column()) {
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
            return metric(r, QStringLiteral("hr@10"));
        case Ndcg:
            return metric(r, QStringLiteral("ndcg@10"));
        case F1:
            return metric(r, QStringLiteral("f1"));
        case Kl:
            return metric(r, QStringLiteral("kl"));
        default:
            return {};
        }
    }();
    switch (role) {
    case kSortRole:
        return value;
    case Qt::DisplayRole: {
        if (index.column() == Created) {
            return localTime(r.createdAt);
        }
        if (index.column() >= HitRate && value.isValid()) {
            return QString::number(value.toDouble(), 'f', index.column() == Kl ? 4 : 3);
        }
        if (index.column() == Name) {
            return QString(r.name).replace(QLatin1Char('\n'), QLatin1Char(' '));
        }
        if (index.column() == Status && r.status == QLatin1String("finished") && !r.message.isEmpty()) {
            // Finished with warnings or notes on its data (the tooltip shows them).
            return QString(r.status + QStringLiteral(" \u26A0"));
        }
        return value;
    }
    case Qt::ToolTipRole:
        if (!r.message.isEmpty()) {
            return r.message;
        }
        return r.name;
    case Qt::TextAlignmentRole:
        return index.column() == Id || index.column() >= HitRate
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Status) {
            if (r.status == QLatin1String("failed") || r.status == QLatin1String("diverged")) {
                return QBrush(QColor(0xc0, 0x39, 0x2b));
            }
            if (r.status == QLatin1String("running")) {
                return QBrush(QColor(0x1f, 0x77, 0xb4));
            }
            if (r.status == QLatin1String("interrupted") || r.status == QLatin1String("cancelled")) {
                return QBrush(QColor(0x99, 0x7a, 0x00));
            }
        }
        return {};
    default:
        return {};
    }
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
        return tr("HR@10");
    case Ndcg:
        return tr("NDCG@10");
    case F1:
        return tr("F1");
    case Kl:
        return tr("KL(t‖s)");
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
