// SPDX-License-Identifier: MIT
// The compare view (issue 15, item 2): two or more stored runs side by side. Their curves overlaid
// per metric (one stable colour per run, smoothing, zoom, export); a table of the config fields
// that differ (or all); the final and best metrics with each column's best marked and deltas
// against a baseline run; seed groups (runs alike but for the seed) drawn as a mean curve with a
// min-max or ±1 SD band; "is the difference real?" for two groups (the mean difference of each
// final metric with its 95% interval across seeds, in plain words); a final metric against a
// numeric config field; export of each chart (PNG, SVG), the tables (CSV) and the whole page
// (PNG). The runs are read on a worker thread (ui/services/compare_loader.h), never on the GUI
// thread; the logic lives in ui/model/compare_model.h.
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include "ui/model/compare_model.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLayout;
class QScrollArea;
class QTableWidget;
class QToolButton;

namespace kdw::ui {

class CompareCurves;
class CompareLoader;
class HyperChart;

class CompareView : public QWidget {
    Q_OBJECT
public:
    // Reads runs from the history at `historyPath` (its own connection, on the loader's thread).
    explicit CompareView(const QString& historyPath, QWidget* parent = nullptr);
    ~CompareView() override;

    // Compares these runs (two or more; one is shown alone): loads them on the worker thread and
    // shows them when they arrive (compared()); a newer call supersedes one in flight.
    void compare(const QList<qint64>& runIds);

    // What is shown, for tests and the screenshots.
    [[nodiscard]] const QList<compare::CompareRun>& runs() const { return m_runs; }
    [[nodiscard]] const QList<compare::SeedGroup>& groups() const { return m_groups; }
    [[nodiscard]] CompareCurves* curves() const { return m_curves; }
    [[nodiscard]] QTableWidget* configTable() const { return m_configTable; }
    [[nodiscard]] QTableWidget* metricTable() const { return m_metricTable; }
    [[nodiscard]] QTableWidget* differenceTable() const { return m_diffTable; }
    [[nodiscard]] HyperChart* hyperChart() const { return m_hyper; }
    [[nodiscard]] QScrollArea* page() const { return m_scroll; }
    // The section headings' widgets, to scroll to ("curves", "config", "metrics", "differences",
    // "hyper").
    [[nodiscard]] QWidget* section(const QString& id) const;

    // The user's choices, also settable from code.
    void setGrouped(bool grouped);
    void setBandKind(compare::BandKind kind);
    void setShowAllFields(bool all);
    // The baseline entry holding run `runIndex` (its group's when grouped); -1: no deltas.
    void setBaseline(int runIndex);
    // The runs the deltas are measured from (their mean), indices into the compared runs.
    [[nodiscard]] QList<int> baselineRuns() const;
    void setDifferenceGroups(int a, int b);
    void setHyperField(const QString& field);
    void setHyperMetric(const QString& metric);

    // Export: the whole page as one PNG; the tables as <stem>-config.csv, <stem>-metrics.csv and
    // <stem>-differences.csv beside `stemPath` (its .csv suffix dropped). Each returns an empty
    // string or what failed.
    QString exportPage(const QString& path, qreal scale = 1.0);
    QString exportTablesCsv(const QString& stemPath);

Q_SIGNALS:
    void compared(int runs); // the runs arrived and every section shows them
    void failed(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QLayout* buildBar();
    void buildPage();
    void wire();
    void onLoaded(int request, const QList<compare::CompareRun>& runs);
    void refitTables();
    void showRuns();
    void fillConfig();
    void fillMetrics();
    void fillDifferences();
    void fillHyperChoices();
    void fillHyper();
    void fillGroupChoices();
    void fillBaselineChoices();
    void showExportMenu();
    QWidget* addSection(const QString& id, const QString& title, QWidget* body);

    CompareLoader* m_loader;
    int m_request = 0;
    QList<compare::CompareRun> m_runs;
    QList<compare::SeedGroup> m_groups;
    QList<compare::GroupDifference> m_differences;

    QLabel* m_title;
    QLabel* m_status;
    QCheckBox* m_grouped;
    QComboBox* m_band;
    QComboBox* m_baseline;
    QToolButton* m_export;
    QScrollArea* m_scroll;
    QWidget* m_pageWidget;
    CompareCurves* m_curves;
    QCheckBox* m_showAll;
    QTableWidget* m_configTable;
    QTableWidget* m_metricTable;
    QComboBox* m_groupA;
    QComboBox* m_groupB;
    QLabel* m_diffNote;
    QTableWidget* m_diffTable;
    QComboBox* m_hyperField;
    QComboBox* m_hyperMetric;
    QCheckBox* m_hyperBest;
    HyperChart* m_hyper;
    QList<QPair<QString, QWidget*>> m_sections;
};

} // namespace kdw::ui
