// SPDX-License-Identifier: MIT
// The workbench window: the experiment designer, live charts, and the run history. It lays out
// and wires; training happens on a worker thread and history reads on a reader thread.
#pragma once

#include <optional>
#include <stop_token>

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QString>
#include <QThread>

#include "core/train/config.h"
#include "ui/types.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace kdw::ui {

class ExperimentPanel;
class HistoryReader;
class MetricChart;
class RunListModel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const QString& historyPath, QWidget* parent = nullptr);
    ~MainWindow() override;

    void loadConfigFile(const QString& path);
    void startRun();
    void stopRun();

    [[nodiscard]] bool isRunning() const { return m_runThread != nullptr; }
    [[nodiscard]] MetricChart* chart(const QString& title) const;
    [[nodiscard]] RunListModel* runModel() const { return m_runs; }
    [[nodiscard]] ExperimentPanel* experimentPanel() const { return m_panel; }
    [[nodiscard]] QPushButton* trainButton() const { return m_train; }
    [[nodiscard]] const QString& historyPath() const { return m_historyPath; }
    // The dialog offering a backup of an unreadable history, while it is open.
    [[nodiscard]] QMessageBox* recoveryDialog() const { return m_recoveryDialog; }

Q_SIGNALS:
    void runEnded(qint64 runId, const QString& status, const QString& message);
    void runsRefreshed();

private:
    void buildMenus();
    QWidget* buildCharts();
    QWidget* buildHistory();
    void setRunning(bool running);
    void refreshRuns();
    void showRun(qint64 runId);
    void clearCharts();
    void plotEpoch(const EpochPoint& e);
    void onRunsListed(const QList<RunRow>& rows);
    void onProgress(const ProgressPoint& p);
    void onRunEnded(qint64 runId, const QString& status, const QString& message);
    void onRunFailed(const QString& message);
    void showWarning(const QString& title, const QString& message);
    // Says that the history cannot be read and offers its newest intact backup (if any).
    void offerBackup(const QString& path, const QString& problem, const QString& backup);
    // True (after telling the user) when `path` is the history file itself.
    bool refuseHistoryFile(const QString& title, const QString& path);
    // The designer's config, or nothing after telling the user (under `title`) what is wrong.
    std::optional<train::ExperimentConfig> panelConfig(const QString& title);
    void saveConfigAs();
    void openConfig();
    void showRunMenu(const QPoint& pos);
    // The run menu's actions, each asking what it needs and handing the work to the reader thread.
    void askRename(qint64 id, const QString& current);
    void askTag(qint64 id);
    void askNotes(qint64 id);
    void reuseTeacherOf(qint64 id);
    void askExport(qint64 id, bool csv);
    void askDelete(qint64 id, const QString& name);
    // Runs `fn` on the reader's thread (history reads and edits never block the GUI).
    template <typename Fn> void onReader(Fn&& fn);

    QString m_historyPath;
    bool m_historyUnreadable = false; // nothing is started or written until a backup is opened
    QPointer<QMessageBox> m_recoveryDialog;
    ExperimentPanel* m_panel = nullptr;
    QPushButton* m_train = nullptr;
    QPushButton* m_stop = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    QLabel* m_placeholder = nullptr;
    QList<MetricChart*> m_charts;
    RunListModel* m_runs = nullptr;
    QSortFilterProxyModel* m_sortedRuns = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;

    QThread* m_readerThread = nullptr;
    HistoryReader* m_reader = nullptr; // lives on m_readerThread, deleted when it finishes

    QPointer<QThread> m_runThread; // the running run's thread, deleted when it finishes
    std::stop_source m_stopSource;
    qint64 m_liveRunId = -1;
    qint64 m_shownRunId = -1;
};

} // namespace kdw::ui
