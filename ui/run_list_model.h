// SPDX-License-Identifier: MIT
// The runs of the history as a table: id, name, method, status, date and final metrics.
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "ui/types.h"

namespace kdw::ui {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // HitRate..Kl show the student's final value of eval::headlineMetrics(), in its order, with
    // the catalogue's label and precision.
    enum Column { Id, Name, Method, Status, Created, HitRate, Ndcg, F1, Kl, ColumnCount };
    static constexpr int kRunIdRole = Qt::UserRole + 1;
    static constexpr int kSortRole = Qt::UserRole + 2;

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows, keeping the model's row objects where ids match (a full reset otherwise).
    void setRuns(const QList<RunRow>& runs);
    [[nodiscard]] const RunRow* run(int row) const;
    [[nodiscard]] int rowOf(qint64 runId) const;

private:
    // A cell's value as sorted (numbers stay numbers), and as shown.
    static QVariant cellValue(const RunRow& r, int column);
    static QVariant cellText(const RunRow& r, int column);

    QList<RunRow> m_runs;
};

} // namespace kdw::ui
