// SPDX-License-Identifier: MIT
// The workbench window. It lays out and wires, and computes nothing: the experiment designer (a
// dock of views over one ExperimentDocument, with "Run now", "Add to queue" and "Sweep…" under
// it), the live charts in the centre (RunsPanel's ChartBoard over its CurveStore; compare views
// open beside them as closable tabs), and two docks under the charts: the run queue (QueueView)
// and the run history (HistoryBrowser). Runs train on the RunQueue's threads and the history is
// read on reader threads (ui/services/). Geometry, docks, the charts' choices, the browser's
// columns, recent files and the last experiment are kept in the typed settings
// (ui/model/settings.h). The look (theme, presentation mode) is the window's Appearance's, kept
// under "appearance/"; View has its choices, Run/History/Help the keyboard shortcuts of
// ui/shell/shortcuts.h (Help > Keyboard shortcuts lists them). Errors that need no answer (a run
// that failed, an export or a history read that failed) go to the ErrorBanner above the charts,
// never to a modal box, so that training and the GUI go on.
//
// A designer view is wired in three steps: construct it (a page of experimentForm()->pages(), or
// a dock), connect its intent signals to the document's setters, and let it observe
// ExperimentDocument::changed(part). A view that can hold input the document cannot (text that is
// not a number) reports it with setViewProblems(); Run now and Add to queue stay disabled while
// any view or the document has one.
#pragma once

#include <QHash>
#include <QList>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QString>
#include <QStringList>

#include "core/train/config.h"
#include "ui/types.h"

class QDialog;
class QDockWidget;
class QMenu;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QThread;

namespace kdw::ui {

class Appearance;
class ErrorBanner;
class ExperimentDocument;
class ExperimentForm;
class HistoryBrowser;
class HistoryBrowserReader;
class HistoryReader;
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
    // Queues the designer's experiment ("Run now": before every waiting run) and returns the
    // queue's item id; 0 (after telling the user) while runBlockedBecause() is not empty.
    qint64 runNow();
    qint64 addToQueue();
    // Problems a view holds that the document cannot (keyed by the view's name); Run now and Add
    // to queue are disabled while any view or the document has one. An empty list clears them.
    void setViewProblems(const QString& view, const QStringList& problems);
    // Opens the compare view of `runIds` (two or more) as a closable tab "Compare: N runs" beside
    // the charts, and shows it.
    void openCompare(const QList<qint64>& runIds);

    // Runs queued, waiting, training or paused.
    [[nodiscard]] bool hasActiveRuns() const;
    // The live charts, the run queue and its store.
    [[nodiscard]] RunsPanel* runsPanel() const { return m_runsPanel; }
    // The history browser; null until the history has been read once (never on a damaged file).
    [[nodiscard]] HistoryBrowser* historyBrowser() const { return m_browser; }
    [[nodiscard]] QTabWidget* centreTabs() const { return m_centre; }
    [[nodiscard]] ExperimentDocument* document() const { return m_document; }
    [[nodiscard]] ExperimentForm* experimentForm() const { return m_form; }
    [[nodiscard]] QPushButton* runNowButton() const { return m_runNow; }
    [[nodiscard]] QPushButton* addToQueueButton() const { return m_addToQueue; }
    [[nodiscard]] const QString& historyPath() const { return m_historyPath; }
    // The theme and presentation mode of the application, as this window sets them.
    [[nodiscard]] Appearance* appearance() const { return m_appearance; }
    // The strip above the charts where errors that need no answer are posted.
    [[nodiscard]] ErrorBanner* errorBanner() const { return m_errors; }
    // Help > Keyboard shortcuts (non-modal; one at a time) and Help > About.
    void showShortcuts();
    void showAbout();
    // The dialog offering a backup of an unreadable history, while it is open.
    [[nodiscard]] QMessageBox* recoveryDialog() const { return m_recoveryDialog; }
    // The reason runs cannot be queued (the first problem, in the form's words, or an unreadable
    // history), empty when they can.
    [[nodiscard]] QString runBlockedBecause() const;

Q_SIGNALS:
    // A queued run ended and is in the history.
    void runEnded(qint64 runId, const QString& status, const QString& message);
    // The designer's list of runs to take a teacher from was read again.
    void runsRefreshed();
    // A stored run's config reached the document ("re-run with changes").
    void rerunLoaded(qint64 runId);
    // A stored run's curves (and its teacher source's) reached the charts.
    void storedRunShown(qint64 runId);
    // The history browser was created (the history was read once).
    void historyBrowserReady();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildMenus();
    void buildFileMenu();
    void buildRunMenu();
    void buildAppearanceMenu();
    void buildHelpMenu();
    // The history browser's own Compare and Find keys are the window's (History menu) once it
    // exists, so that no key is bound twice.
    void takeBrowserShortcuts();
    void buildDesigner();
    void buildDocks();
    void wireRunsPanel();
    void restoreLayout();
    void restoreChartChoices();
    void saveChoices();
    // The window's history reader: its own thread and connection, its answers wired to the views.
    void startReader();
    void onRunsListed(const QString& path, const QList<RunRow>& rows);
    // The browser over `path`, made once the history could be read; wired to the designer, the
    // queue and the charts.
    void createBrowser(const QString& path);
    void wireBrowser();
    void onBrowserSelection();
    qint64 enqueueDesigned(bool now);
    void updateRunButtons();
    void refreshRuns();
    void showWarning(const QString& title, const QString& message);
    void showHelp(const QUrl& url);
    // Says that the history cannot be read and offers its newest intact backup (if any).
    void offerBackup(const QString& path, const QString& problem, const QString& backup);
    void openBackup(const QString& backup);
    // True (after telling the user) when `path` is the history file itself.
    bool refuseHistoryFile(const QString& title, const QString& path);
    void saveConfig();
    void saveConfigAs();
    void writeConfig(const QString& path);
    void openConfig();
    void rememberFile(const QString& path);
    void fillRecentMenu();
    // The browser's actions that reach the designer or the queue.
    void useTeacherOf(qint64 runId);
    void rerunWithChanges(qint64 runId, const QString& configJson);
    void duplicate(qint64 runId, const QString& configJson);
    // Runs `fn` on the reader's thread (history reads never block the GUI).
    template <typename Fn> void onReader(Fn&& fn);

    Appearance* m_appearance = nullptr; // first member made: before any palette or font
    ErrorBanner* m_errors = nullptr;
    QPointer<QDialog> m_shortcutsDialog;
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
    QMenu* m_viewMenu = nullptr;
    QDockWidget* m_designerDock = nullptr;
    QDockWidget* m_queueDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QTabWidget* m_centre = nullptr;
    RunsPanel* m_runsPanel = nullptr; // in the centre's first tab
    QPointer<QTextBrowser> m_help;
    QPushButton* m_runNow = nullptr;
    QPushButton* m_addToQueue = nullptr;
    QPushButton* m_sweep = nullptr;

    QThread* m_readerThread = nullptr;
    HistoryReader* m_reader = nullptr; // lives on m_readerThread, deleted when it finishes
    HistoryBrowserReader* m_browserReader = nullptr; // owns its thread; child of this window
    HistoryBrowser* m_browser = nullptr; // in m_historyDock once created
    qint64 m_shownRunId = 0; // the stored run the charts show besides this session's runs
};

} // namespace kdw::ui
