// SPDX-License-Identifier: MIT
// The workbench window. It lays out and wires, and computes nothing: the experiment designer (a
// dock of views over one ExperimentDocument), the live charts (centre) and the run history (a
// dock); menus for config files, undo/redo and the docks. Training happens on a worker thread and
// history reads on a reader thread. Geometry, dock layout, recent files, last folders and the last
// experiment are kept in the typed settings (ui/model/settings.h).
//
// A designer view is wired in three steps: construct it (a page of experimentForm()->pages(), or
// a dock), connect its intent signals to the document's setters, and let it observe
// ExperimentDocument::changed(part). A view that can hold input the document cannot (text that is
// not a number) reports it with setViewProblems(); Run stays disabled while any view has one.
#pragma once

#include <stop_token>

#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThread>

#include "core/train/config.h"
#include "ui/types.h"

class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace kdw::ui {

class ExperimentDocument;
class ExperimentForm;
class HistoryReader;
class MetricChart;
class RunListModel;
class RunsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const QString& historyPath, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Reads a config file (or a ":/" resource) into the document as one undoable step; a warning
    // names the file and core's reason when it cannot be read.
    void loadConfigFile(const QString& path);
    // The experiment to start with: `requested` when given, else the one the window closed with
    // last time (settings::lastConfig()), else the bundled demo.
    void openStartupConfig(const QString& requested);
    void startRun();
    void stopRun();
    // Problems a view holds that the document cannot (keyed by the view's name); Run is disabled
    // while any view or the document has one. An empty list clears the view's problems.
    void setViewProblems(const QString& view, const QStringList& problems);

    [[nodiscard]] bool isRunning() const { return m_runThread != nullptr; }
    [[nodiscard]] MetricChart* chart(const QString& title) const;
    [[nodiscard]] RunListModel* runModel() const { return m_runs; }
    // The run queue and its charts (a dock tabbed with the run history).
    [[nodiscard]] RunsPanel* runsPanel() const { return m_runsPanel; }
    [[nodiscard]] ExperimentDocument* document() const { return m_document; }
    [[nodiscard]] ExperimentForm* experimentForm() const { return m_form; }
    [[nodiscard]] QPushButton* trainButton() const { return m_train; }
    [[nodiscard]] const QString& historyPath() const { return m_historyPath; }
    // The dialog offering a backup of an unreadable history, while it is open.
    [[nodiscard]] QMessageBox* recoveryDialog() const { return m_recoveryDialog; }
    // The reason Run is disabled (the first problem, in the form's words), empty when it can run.
    [[nodiscard]] QString runBlockedBecause() const;

Q_SIGNALS:
    void runEnded(qint64 runId, const QString& status, const QString& message);
    void runsRefreshed();
    // A stored run's config reached the document ("re-run with changes").
    void rerunLoaded(qint64 runId);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildMenus();
    void buildFileMenu();
    void buildDesigner();
    QWidget* buildCharts();
    QWidget* buildHistory();
    void restoreLayout();
    // The history reader: its own thread and connection, its answers wired to the views.
    void startReader();
    void setRunning(bool running);
    void updateRunButton();
    void refreshRuns();
    void showRun(qint64 runId);
    void clearCharts();
    void plotEpoch(const EpochPoint& e);
    void onRunsListed(const QList<RunRow>& rows);
    void onProgress(const ProgressPoint& p);
    void onRunEnded(qint64 runId, const QString& status, const QString& message);
    void onRunFailed(const QString& message);
    void showWarning(const QString& title, const QString& message);
    void showHelp(const QUrl& url);
    // Says that the history cannot be read and offers its newest intact backup (if any).
    void offerBackup(const QString& path, const QString& problem, const QString& backup);
    // True (after telling the user) when `path` is the history file itself.
    bool refuseHistoryFile(const QString& title, const QString& path);
    void saveConfig();
    void saveConfigAs();
    void writeConfig(const QString& path);
    void openConfig();
    void rememberFile(const QString& path);
    void fillRecentMenu();
    void showRunMenu(const QPoint& pos);
    // The run menu's actions, each asking what it needs and handing the work to the reader thread.
    void askRename(qint64 id, const QString& current);
    void askTag(qint64 id);
    void askNotes(qint64 id);
    void reuseTeacherOf(qint64 id);
    void rerunWithChanges(qint64 id);
    void askExport(qint64 id, bool csv);
    void askDelete(qint64 id, const QString& name);
    // Runs `fn` on the reader's thread (history reads and edits never block the GUI).
    template <typename Fn> void onReader(Fn&& fn);

    QString m_historyPath;
    bool m_historyUnreadable = false; // nothing is started or written until a backup is opened
    QPointer<QMessageBox> m_recoveryDialog;
    ExperimentDocument* m_document = nullptr; // owned (child)
    ExperimentForm* m_form = nullptr;
    bool m_layoutRestored = false; // the docks' sizes came from the settings, or were set once
    QString m_explorerHistory; // the history the temperature explorer reads, once readable
    QString m_configFile; // the file Save writes; empty until opened from or saved to a file
    QHash<QString, QStringList> m_viewProblems;
    QMenu* m_recentMenu = nullptr;
    QDockWidget* m_designerDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QDockWidget* m_queueDock = nullptr;
    RunsPanel* m_runsPanel = nullptr; // owned by m_queueDock
    QPointer<QTextBrowser> m_help;
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
