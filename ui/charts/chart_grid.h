// SPDX-License-Identifier: MIT
// The grid of RunCharts that the live chart board and the compare view share: which charts are
// shown (a menu of check boxes, and each chart's own "Hide"), the grid of the shown ones in N
// columns, lookup by chart id, and the export of every shown chart as one PNG. The widget that
// owns the charts creates them and hands them over with setCharts; the grid lays them out in the
// QGridLayout it is given and fills the given button's menu.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QGridLayout;
class QToolButton;

namespace kdw::ui {

class RunChart;

class ChartGrid : public QObject {
    Q_OBJECT
public:
    // `layout` and `menuButton` (whose menu lists the charts) outlive the grid.
    ChartGrid(QGridLayout* layout, QToolButton* menuButton, QObject* parent);

    // The charts to lay out, in order (the previous ones are deleted); the ids in hiddenIds stay
    // hidden. Each chart's hideRequested hides it.
    void setCharts(const QList<RunChart*>& charts);
    [[nodiscard]] QList<RunChart*> charts() const { return m_charts; }
    [[nodiscard]] RunChart* chart(const QString& id) const;
    [[nodiscard]] QList<RunChart*> shownCharts() const;

    // Hidden charts by ChartSpec::id (ids of charts not there now are kept for later ones).
    [[nodiscard]] QStringList hiddenIds() const { return m_hidden; }
    void setHiddenIds(const QStringList& ids);
    void setShown(const QString& id, bool shown);

    // Lays the shown charts out in `columns` columns (1 to kMaxColumns), row by row.
    void relayout(int columns);
    [[nodiscard]] int laidOutColumns() const { return m_columns; }
    static constexpr int kMaxColumns = 4;

    // Every shown chart, redrawn, in the grid's columns, as one PNG at `scale` (1 or 2): an empty
    // string, or what failed (charts::exportPngGrid).
    QString exportAll(const QString& path, qreal scale = 1.0) const;

private:
    void fillMenu();

    QGridLayout* m_layout;
    QToolButton* m_menuButton;
    QList<RunChart*> m_charts;
    QStringList m_hidden;
    int m_columns = 1;
};

} // namespace kdw::ui
