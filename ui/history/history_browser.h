// SPDX-License-Identifier: MIT
// The history browser: every saved run in a table (HistoryTableModel over the reader), a filter
// box (words and tag:/method:/status:/sweep:/from:/to: terms, plus method and status lists), the
// columns the user chooses, tags and notes edited in place, and the actions on a run or a
// selection in a toolbar and a context menu. Actions that belong to other screens (compare, use as
// teacher, re-run with changes, duplicate) are signals for the shell; export, details and delete
// (with confirmation) are done here through the reader. Refreshes itself every 2 s while a listed
// run is active; call refresh() when runs are created or finish.
#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

#include "ui/services/history_browser_reader.h"

QT_BEGIN_NAMESPACE
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QTimer;
class QToolButton;
QT_END_NAMESPACE

namespace kdw::ui {

class HistoryTableModel;

class HistoryBrowser : public QWidget {
    Q_OBJECT
public:
    // `reader` (its history path set by the caller) outlives the browser. Reads the first page.
    explicit HistoryBrowser(HistoryBrowserReader& reader, QWidget* parent = nullptr);

    [[nodiscard]] HistoryTableModel* model() const { return m_model; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] QLineEdit* filterBox() const { return m_filter; }
    // The selected runs, in the table's order.
    [[nodiscard]] QList<qint64> selectedRunIds() const;
    // The shown columns as ids (BrowserColumn::id), to keep between launches; setColumnIds
    // ignores ids no column has and reads again.
    [[nodiscard]] QStringList columnIds() const;
    void setColumnIds(const QStringList& ids);

    // Reads the listed runs again, in place (selection and scroll kept).
    void refresh();
    // Writes the selected runs to `path` as JSON or CSV (the final values of the shown metric
    // columns, else of the headline metrics), without asking.
    void exportSelection(const QString& path, bool csv);
    // Reads the run's details and shows them in a dialog.
    void showDetails(qint64 runId);
    // Deletes the runs without asking (the Delete action asks first).
    void deleteRuns(const QList<qint64>& runIds);

Q_SIGNALS:
    void compareRequested(const QList<qint64>& runIds); // two or more runs
    // The run's stored config, for the designer: take its teacher (teacher.from_run = runId), load
    // it to change and run again, or load it as a new run.
    void useAsTeacherRequested(qint64 runId, const QString& configJson);
    void rerunRequested(qint64 runId, const QString& configJson);
    void duplicateRequested(qint64 runId, const QString& configJson);
    void statusMessage(const QString& text); // a one-line outcome (exported, deleted, an error)

private:
    void setUpView();
    void connectReader();
    void buildActions();
    QWidget* buildFilterRow();
    void buildColumnMenu();
    void applyFilter();
    void updateActions();
    void updateCount();
    void showContextMenu(const QPoint& pos);
    void askExport(bool csv);
    void askDelete();
    void requestConfig(ConfigPurpose purpose);
    void onConfigLoaded(qint64 runId, ConfigPurpose purpose, const QString& configJson);
    void applyColumnWidths();
    [[nodiscard]] QStringList exportMetrics() const;

    HistoryBrowserReader& m_reader;
    HistoryTableModel* m_model;
    QTableView* m_view;
    QLineEdit* m_filter = nullptr;
    QComboBox* m_method = nullptr;
    QComboBox* m_status = nullptr;
    QLabel* m_count = nullptr;
    QLabel* m_message = nullptr;
    QTimer* m_filterDelay;
    QTimer* m_activeRefresh;
    QMenu* m_columnMenu = nullptr;
    QToolButton* m_columnButton = nullptr;
    QAction* m_compare = nullptr;
    QAction* m_useAsTeacher = nullptr;
    QAction* m_rerun = nullptr;
    QAction* m_duplicate = nullptr;
    QAction* m_exportJson = nullptr;
    QAction* m_exportCsv = nullptr;
    QAction* m_details = nullptr;
    QAction* m_delete = nullptr;
    QAction* m_refresh = nullptr;
};

} // namespace kdw::ui
