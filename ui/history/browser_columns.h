// SPDX-License-Identifier: MIT
// The history browser's columns: what each shows, how it sorts (store::RunQuery::sortBy), what a
// query must return for it, and the columns a user can choose from (the config fields of
// train::configSchema() and the metrics of the catalogue). Qt Core only, no widgets.
#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QVariant>

#include "ui/services/history_browser_reader.h"

namespace kdw::ui {

enum class ColumnKind {
    Name,
    Method, // the method's label, soft targets said pointwise or listwise
    Status,
    Duration,
    Date, // created
    Teacher, // the run whose teacher it reused, or "own"
    Tags, // editable: "a, b"
    Notes, // editable
    StudentSize, // the student's embedding size and MLP tower ("8 · 16-8")
    Config, // a config field (key: its path)
    Final, // the student's final value of a metric (key: the metric)
    Best, // its best value (key: the metric)
};

struct BrowserColumn {
    ColumnKind kind = ColumnKind::Name;
    QString key;

    bool operator==(const BrowserColumn&) const = default;
    // "name", "config:distillation.temperature", "final:f1", "best:ndcg@10": kept in settings.
    [[nodiscard]] QString id() const;
    [[nodiscard]] QString header() const;
    [[nodiscard]] QString toolTip() const;
    // store::RunQuery::sortBy for this column.
    [[nodiscard]] QString sortKey() const;
    [[nodiscard]] bool editable() const
    {
        return kind == ColumnKind::Tags || kind == ColumnKind::Notes;
    }
    [[nodiscard]] bool numeric() const;
};

// A column from its id(); std::nullopt for an id no column has.
std::optional<BrowserColumn> columnFromId(const QString& id);

// name, method, T, alpha, student size, best NDCG@10, final F1, status, duration, date.
QList<BrowserColumn> defaultColumns();

// A group of columns the chooser offers under one heading.
struct ColumnGroup {
    QString title;
    QList<BrowserColumn> columns;
};
// Run (name ... notes, seed, teacher, tags), Config (every scalar field of the schema), Final and
// Best (every validation and training metric of the catalogue, the cut-off families at K = 5, 10,
// 20).
QList<ColumnGroup> columnGroups();

// Asks `query` for what `columns` show (config fields, final and best metrics; the listwise flag
// with the method).
void requestFields(BrowserQuery& query, const QList<BrowserColumn>& columns);

// The text a cell shows (Qt::DisplayRole), and its value for editing (Qt::EditRole).
QString cellText(const BrowserRun& run, const BrowserColumn& column);
QVariant cellEditValue(const BrowserRun& run, const BrowserColumn& column);

// "Soft targets (listwise)", "Hint + Soft targets (pointwise)", "Student alone".
QString methodLabel(const QString& method, const QString& listwise);
// "2 min 05 s", "1 h 02 min", "12.3 s".
QString durationText(double seconds);
// "a, b, c" from the tags; the tags from "a, b,c " (trimmed, empty ones dropped, sorted, unique).
QString tagsText(const QStringList& tags);
QStringList parseTags(const QString& text);

} // namespace kdw::ui
