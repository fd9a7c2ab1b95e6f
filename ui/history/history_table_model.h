// SPDX-License-Identifier: MIT
// The run history as a table: filtered and sorted by the store's query on the reader's thread,
// paged (canFetchMore/fetchMore, kPageSize runs at a time) so that 10,000 runs open at once, and
// refreshed in place (rows changed, inserted, moved and removed one by one, never a reset) so
// that selection and scrolling survive runs progressing. Tags and notes are edited in place.
// Lives on the GUI thread; never waits on the database.
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "ui/history/browser_columns.h"
#include "ui/services/history_browser_reader.h"

namespace kdw::ui {

class HistoryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kPageSize = 200;
    // The role of a row's run id (qint64), in every column.
    static constexpr int RunIdRole = Qt::UserRole + 1;

    // `reader` outlives the model. Shows defaultColumns(), newest first; reads nothing until
    // setQuery() or refresh().
    explicit HistoryTableModel(HistoryBrowserReader& reader, QObject* parent = nullptr);

    // The filter (text, tag, method, status, sweep, dates; its sort and fields are the model's):
    // the rows are read again from the first page.
    void setFilter(const BrowserQuery& filter);
    [[nodiscard]] const BrowserQuery& query() const { return m_query; }
    void setColumns(const QList<BrowserColumn>& columns); // reads again
    [[nodiscard]] const QList<BrowserColumn>& columns() const { return m_columns; }
    // Reads the loaded rows again (at least a page) and applies the differences in place.
    void refresh();

    [[nodiscard]] qint64 totalRuns() const { return m_total; } // matching runs; -1 before known
    [[nodiscard]] bool busy() const { return m_pendingFetch != 0 || m_pendingRefresh != 0; }
    [[nodiscard]] bool hasActiveRuns() const; // a loaded row is running, paused or queued
    [[nodiscard]] const BrowserRun& run(int row) const { return m_rows.at(row); }
    [[nodiscard]] int rowOf(qint64 runId) const; // -1 when not loaded

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    void sort(int column, Qt::SortOrder order) override;
    [[nodiscard]] bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void pageApplied(); // a page or a refresh was applied (rows and total are current)

private:
    void restart(); // forgets the rows and reads the first page
    void onPage(const BrowserPage& page);
    void appendPage(const BrowserPage& page);
    void applyRefresh(const BrowserPage& page);
    void removeAbsent(const QList<BrowserRun>& runs);
    void placeRow(int row, const BrowserRun& run);
    void onDeleted(const QList<qint64>& runIds);

    HistoryBrowserReader& m_reader;
    BrowserQuery m_query;
    QList<BrowserColumn> m_columns;
    QList<BrowserRun> m_rows;
    qint64 m_total = -1;
    quint64 m_nextRequest = 1;
    quint64 m_pendingFetch = 0; // the request of the page being read; 0: none
    quint64 m_pendingRefresh = 0;
    bool m_refreshAgain = false; // a refresh was asked while one was read
};

} // namespace kdw::ui
