// SPDX-License-Identifier: MIT
// The live charts: a grid of RunCharts over one curve store, with the controls they share:
// smoothing (a 0-0.99 slider), which charts are shown and in how many columns, and the export of
// every shown chart as one image.
#pragma once

#include <vector>

#include <QList>
#include <QString>
#include <QWidget>

class QGridLayout;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace kdw::ui {

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
    [[nodiscard]] QList<RunChart*> charts() const { return m_charts; }
    [[nodiscard]] RunChart* chart(const QString& id) const;
    [[nodiscard]] QList<RunChart*> shownCharts() const;

    // The runs every chart draws; all the store's while showAllRuns.
    void setRuns(const QList<qint64>& runs);
    void showAllRuns();
    void setSmoothing(double weight);
    [[nodiscard]] double smoothing() const;
    void setChartShown(const QString& id, bool shown);
    void setColumns(int columns);

    // Every shown chart, in the grid's layout, as one PNG at `scale` (1 or 2). Empty string on
    // success, else what failed.
    QString exportAll(const QString& path, qreal scale = 1.0);

private:
    void rebuild();
    void relayout();
    void fillChartMenu();
    void exportAllAsked();

    const CurveStore* m_store;
    std::vector<int> m_cutoffs;
    QList<RunChart*> m_charts;
    QList<QString> m_hiddenIds;
    QList<qint64> m_runs;
    bool m_allRuns = true;
    QGridLayout* m_grid;
    QSlider* m_smoothing;
    QLabel* m_smoothingValue;
    QSpinBox* m_columns;
    QToolButton* m_chartsButton;
};

} // namespace kdw::ui
