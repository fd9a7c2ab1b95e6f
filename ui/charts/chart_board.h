// SPDX-License-Identifier: MIT
// The live charts: a grid of RunCharts over one curve store, with the controls they share:
// smoothing (a 0-0.99 slider), which charts are shown and in how many columns, and the export of
// every shown chart as one image.
#pragma once

#include <vector>

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QGridLayout;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace kdw::ui {

class ChartGrid;
class CurveStore;
class RunChart;

class ChartBoard : public QWidget {
    Q_OBJECT
public:
    // `store` outlives the board.
    explicit ChartBoard(const CurveStore* store, QWidget* parent = nullptr);

    // The cut-offs whose HR@K and NDCG@K are drawn (the config's eval.k); rebuilds the charts
    // when they change, keeping smoothing, shown charts and columns.
    void setCutoffs(const std::vector<int>& cutoffs);
    [[nodiscard]] QList<RunChart*> charts() const;
    [[nodiscard]] RunChart* chart(const QString& id) const;
    [[nodiscard]] QList<RunChart*> shownCharts() const;

    // The runs every chart draws; all the store's while showAllRuns.
    void setRuns(const QList<qint64>& runs);
    void showAllRuns();
    void setSmoothing(double weight);
    [[nodiscard]] double smoothing() const;
    void setChartShown(const QString& id, bool shown);
    void setColumns(int columns);
    [[nodiscard]] int columns() const;
    // The hidden charts' ids (ChartSpec::id); setHiddenCharts shows every other chart.
    [[nodiscard]] QStringList hiddenChartIds() const;
    void setHiddenCharts(const QStringList& ids);
    // The ids of the charts with a log-scale y axis (each chart's own choice, kept through a
    // rebuild); setLogYCharts puts exactly these on a log scale.
    [[nodiscard]] QStringList logYChartIds() const;
    void setLogYCharts(const QStringList& ids);

    // The columns the grid has now: the chosen ones, fewer when the board is too narrow for
    // charts of their minimum width, at least kMinChartWidth (at 1100 px wide three columns
    // clipped the last chart).
    [[nodiscard]] int effectiveColumns() const;
    static constexpr int kMinChartWidth = 240;

    // Every shown chart, in the grid's layout, as one PNG at `scale` (1 or 2). Empty string on
    // success, else what failed.
    QString exportAll(const QString& path, qreal scale = 1.0);
    // Asks for a file and exports every shown chart there ("Export all…", the window's Ctrl+E).
    void askExportAll();
    // The controls a presentation hides: smoothing, columns, export.
    [[nodiscard]] QList<QWidget*> advancedControls() const { return m_advanced; }

Q_SIGNALS:
    // An export (of the board or of one of its charts) failed; `error` says what.
    void exportFailed(const QString& error);

protected:
    void resizeEvent(QResizeEvent* event) override;
    // A font change (presentation mode) changes the charts' least width: lay out again.
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void relayout();
    // To the window (exportFailed) when it listens, else a warning box.
    void reportExportError(const QString& error);

    const CurveStore* m_store;
    std::vector<int> m_cutoffs;
    QList<qint64> m_runs;
    bool m_allRuns = true;
    QGridLayout* m_layout;
    QSlider* m_smoothing;
    QLabel* m_smoothingValue;
    QSpinBox* m_columns;
    QToolButton* m_chartsButton;
    ChartGrid* m_grid; // the charts, which are shown, their layout
    QList<QWidget*> m_advanced;
};

} // namespace kdw::ui
