// SPDX-License-Identifier: MIT
#include "ui/history/history_table_model.h"

#include <algorithm>

#include <QSet>

#include "core/common/error.h"
#include "core/train/vocabulary.h"
#include "ui/history/filter_syntax.h"

namespace kdw::ui {

HistoryTableModel::HistoryTableModel(HistoryBrowserReader& reader, QObject* parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
    , m_columns(defaultColumns())
{
    m_query.sortBy = QStringLiteral("id");
    m_query.descending = true;
    requestFields(m_query, m_columns);
    connect(&m_reader, &HistoryBrowserReader::pageLoaded, this, &HistoryTableModel::onPage);
    connect(&m_reader, &HistoryBrowserReader::deleted, this, &HistoryTableModel::onDeleted);
    connect(&m_reader, &HistoryBrowserReader::failed, this, [this] {
        // The failed read answers nothing more: let the view ask again.
        m_pendingFetch = 0;
        m_pendingRefresh = 0;
    });
}

void HistoryTableModel::setFilter(const BrowserQuery& filter)
{
    copyFilter(m_query, filter);
    restart();
}

void HistoryTableModel::setColumns(const QList<BrowserColumn>& columns)
{
    beginResetModel(); // the columns themselves change; the rows are read again
    m_columns = columns;
    requestFields(m_query, m_columns);
    m_rows.clear();
    m_total = -1;
    m_pendingRefresh = 0;
    m_refreshAgain = false;
    m_pendingFetch = m_nextRequest++;
    endResetModel();
    m_reader.fetchPage(m_pendingFetch, m_query, 0, kPageSize);
}

void HistoryTableModel::restart()
{
    // Another filter or order: another list of runs, not an update of this one. The state is set
    // before the views hear of the reset, so that none of them fetches the old list's next page.
    const bool reset = !m_rows.isEmpty();
    if (reset) {
        beginResetModel();
        m_rows.clear();
    }
    m_total = -1;
    m_pendingRefresh = 0;
    m_refreshAgain = false;
    m_pendingFetch = m_nextRequest++;
    if (reset) {
        endResetModel();
    }
    m_reader.fetchPage(m_pendingFetch, m_query, 0, kPageSize);
}

void HistoryTableModel::refresh()
{
    if (m_total < 0 && m_pendingFetch == 0) {
        restart(); // nothing read yet
        return;
    }
    if (m_pendingRefresh != 0 || m_pendingFetch != 0) {
        m_refreshAgain = true; // once the read in flight is applied
        return;
    }
    m_pendingRefresh = m_nextRequest++;
    m_reader.fetchPage(
        m_pendingRefresh, m_query, 0, std::max(kPageSize, static_cast<int>(m_rows.size())));
}

bool HistoryTableModel::hasActiveRuns() const
{
    return std::any_of(m_rows.begin(), m_rows.end(), [](const BrowserRun& r) {
        try {
            return !train::isTerminal(train::parseRunState(r.status.toStdString()));
        } catch (const Error&) {
            return false;
        }
    });
}

int HistoryTableModel::rowOf(qint64 runId) const
{
    const auto it = std::find_if(
        m_rows.begin(), m_rows.end(), [runId](const BrowserRun& r) { return r.id == runId; });
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

int HistoryTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int HistoryTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant HistoryTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto& run = m_rows.at(index.row());
    const auto& column = m_columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return cellText(run, column);
    case Qt::EditRole:
        return cellEditValue(run, column);
    case Qt::ToolTipRole:
        if (column.kind == ColumnKind::Notes && !run.notes.isEmpty()) {
            return run.notes;
        }
        if (column.kind == ColumnKind::Status && !run.status.isEmpty()) {
            return run.status;
        }
        return column.kind == ColumnKind::Name ? run.uuid : QVariant();
    case Qt::TextAlignmentRole:
        return column.numeric() ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case RunIdRole:
        return run.id;
    default:
        return {};
    }
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size()) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (role == Qt::DisplayRole) {
        return m_columns.at(section).header();
    }
    if (role == Qt::ToolTipRole) {
        return m_columns.at(section).toolTip();
    }
    return {};
}

Qt::ItemFlags HistoryTableModel::flags(const QModelIndex& index) const
{
    auto f = QAbstractTableModel::flags(index);
    if (index.isValid() && m_columns.at(index.column()).editable()) {
        f |= Qt::ItemIsEditable;
    }
    return f;
}

bool HistoryTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_columns.at(index.column()).editable()) {
        return false;
    }
    auto& run = m_rows[index.row()];
    if (m_columns.at(index.column()).kind == ColumnKind::Tags) {
        run.tags = parseTags(value.toString());
        m_reader.setTags(run.id, run.tags);
    } else {
        run.notes = value.toString();
        m_reader.setNotes(run.id, run.notes);
    }
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole});
    return true;
}

void HistoryTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size()) {
        return;
    }
    m_query.sortBy = m_columns.at(column).sortKey();
    m_query.descending = order == Qt::DescendingOrder;
    restart();
}

bool HistoryTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_pendingFetch == 0 && m_pendingRefresh == 0 && m_total >= 0
        && m_rows.size() < m_total;
}

void HistoryTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent)) {
        return;
    }
    m_pendingFetch = m_nextRequest++;
    m_reader.fetchPage(m_pendingFetch, m_query, static_cast<int>(m_rows.size()), kPageSize);
}

void HistoryTableModel::onPage(const BrowserPage& page)
{
    if (page.request != 0 && page.request == m_pendingFetch) {
        m_pendingFetch = 0;
        appendPage(page);
    } else if (page.request != 0 && page.request == m_pendingRefresh) {
        m_pendingRefresh = 0;
        applyRefresh(page);
    } else {
        return; // an answer to a query since replaced
    }
    Q_EMIT pageApplied();
    if (m_refreshAgain) {
        m_refreshAgain = false;
        refresh();
    }
}

void HistoryTableModel::appendPage(const BrowserPage& page)
{
    m_total = page.total;
    QSet<qint64> loaded;
    for (const auto& r : m_rows) {
        loaded.insert(r.id);
    }
    QList<BrowserRun> fresh;
    for (const auto& r : page.runs) {
        if (!loaded.contains(r.id)) { // a refresh moved it into a page already read
            fresh.push_back(r);
        }
    }
    if (fresh.isEmpty()) {
        return;
    }
    const auto first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    m_rows.append(fresh);
    endInsertRows();
}

// The refreshed page covers every loaded row: rows it lacks are gone (deleted, or no longer
// matching), the others are changed, moved or inserted to stand where it says.
void HistoryTableModel::applyRefresh(const BrowserPage& page)
{
    m_total = page.total;
    removeAbsent(page.runs);
    for (int k = 0; k < page.runs.size(); ++k) {
        placeRow(k, page.runs.at(k));
    }
}

void HistoryTableModel::removeAbsent(const QList<BrowserRun>& runs)
{
    QSet<qint64> present;
    for (const auto& r : runs) {
        present.insert(r.id);
    }
    for (auto row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (!present.contains(m_rows.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
}

// Makes row `row` hold `run`: changed in place, moved up from below, or inserted.
void HistoryTableModel::placeRow(int row, const BrowserRun& run)
{
    int at = -1;
    for (auto k = static_cast<int>(row); k < m_rows.size(); ++k) {
        if (m_rows.at(k).id == run.id) {
            at = k;
            break;
        }
    }
    if (at < 0) {
        beginInsertRows({}, row, row);
        m_rows.insert(row, run);
        endInsertRows();
        return;
    }
    if (at != row) {
        beginMoveRows({}, at, at, {}, row);
        m_rows.move(at, row);
        endMoveRows();
    }
    if (!(m_rows.at(row) == run)) {
        m_rows[row] = run;
        Q_EMIT dataChanged(index(row, 0), index(row, static_cast<int>(m_columns.size()) - 1));
    }
}

void HistoryTableModel::onDeleted(const QList<qint64>& runIds)
{
    for (const auto id : runIds) {
        if (const int row = rowOf(id); row >= 0) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
            m_total = std::max<qint64>(0, m_total - 1);
        }
    }
}

} // namespace kdw::ui
