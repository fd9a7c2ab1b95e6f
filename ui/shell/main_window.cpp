// SPDX-License-Identifier: MIT
#include "ui/shell/main_window.h"

#include <array>
#include <utility>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/train/config.h"
#include "ui/charts/chart_board.h"
#include "ui/compare/compare_view.h"
#include "ui/designer/experiment_form.h"
#include "ui/designer/field_boxes.h"
#include "ui/designer/method_pages.h"
#include "ui/designer/models_form.h"
#include "ui/designer/temperature_explorer.h"
#include "ui/history/history_browser.h"
#include "ui/history/history_table_model.h"
#include "ui/model/experiment_document.h"
#include "ui/model/experiment_problems.h"
#include "ui/model/settings.h"
#include "ui/queue/queue_view.h"
#include "ui/queue/runs_panel.h"
#include "ui/services/history_browser_reader.h"
#include "ui/services/history_reader.h"
#include "ui/services/run_queue.h"
#include "ui/shell/about_dialog.h"
#include "ui/shell/action_icons.h"
#include "ui/shell/appearance.h"
#include "ui/shell/error_banner.h"
#include "ui/shell/shortcuts.h"
#include "ui/shell/shortcuts_dialog.h"

namespace kdw::ui {

void MainWindow::showWarning(const QString& title, const QString& message)
{
    // Window-modal and opened, not exec()-ed: the GUI thread keeps serving the running runs'
    // signals (and tests) while the message waits for the user.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

MainWindow::MainWindow(const QString& historyPath, QWidget* parent)
    : QMainWindow(parent)
    , m_historyPath(historyPath)
{
    // Before anything sets a palette or a font: it captures the platform's.
    m_appearance = new Appearance(this);
    qRegisterMetaType<EpochPoint>();
    qRegisterMetaType<RunRow>();
    qRegisterMetaType<QList<RunRow>>();
    qRegisterMetaType<QList<EpochPoint>>();

    setWindowTitle(tr("KD Workbench"));
    setDockNestingEnabled(true);
    m_document = new ExperimentDocument(this);
    buildDesigner();
    // The centre: the live charts of every run of this session and of the run the history
    // selects; compare views open as closable tabs beside them. Scrolled, so that the charts
    // never set the window's minimum size (unscrolled they asked for 896 x 833 and made the
    // window 1426 x 1374 on a 1280 x 720 screen, a newcomer's try).
    m_runsPanel = new RunsPanel(m_historyPath);
    auto* chartsScroll = new QScrollArea;
    chartsScroll->setWidgetResizable(true);
    chartsScroll->setFrameShape(QFrame::NoFrame);
    chartsScroll->setWidget(m_runsPanel);
    m_centre = new QTabWidget;
    m_centre->setObjectName(QStringLiteral("centreTabs"));
    m_centre->setDocumentMode(true);
    m_centre->setTabsClosable(true);
    m_centre->setTabBarAutoHide(true); // one tab (the charts): no tab bar, no height lost
    m_centre->addTab(chartsScroll, tr("Charts"));
    m_centre->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the charts stay
    connect(m_centre, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (index > 0) { // the charts stay
            QWidget* page = m_centre->widget(index);
            m_centre->removeTab(index);
            page->deleteLater();
        }
    });
    // Errors that need no answer sit in a strip above the charts (hidden while there is none).
    m_errors = new ErrorBanner;
    m_errors->setObjectName(QStringLiteral("errorBanner"));
    auto* centre = new QWidget;
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    centreLayout->addWidget(m_errors);
    centreLayout->addWidget(m_centre, 1);
    setCentralWidget(centre);
    buildDocks();
    // The designer runs the window's full height; the queue and the history sit under the charts.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    buildMenus();
    statusBar()->showMessage(tr("History: %1").arg(m_historyPath));
    m_browserReader = new HistoryBrowserReader(this);

    wireRunsPanel();
    connect(m_document, &ExperimentDocument::changed, this, [this](DocumentPart part) {
        if (part != DocumentPart::All) {
            statusBar()->clearMessage(); // "Loaded …" no longer describes the experiment
        }
        updateRunButtons();
        m_runsPanel->setExperiment(m_document->config()); // what the sweep starts from
    });
    connect(m_form, &ExperimentForm::problemsChanged, this,
        [this](const QStringList& problems) { setViewProblems(QStringLiteral("form"), problems); });
    connect(m_form->methodPages(), &MethodPages::helpRequested, this, &MainWindow::showHelp);

    startReader();
    restoreLayout();
    restoreChartChoices();
    updateRunButtons();
    // Hidden in presentation mode: the charts' controls and the queue's concurrency.
    for (auto* w : m_runsPanel->board()->advancedControls()) {
        w->setProperty(kAdvancedProperty, true);
    }
    for (auto* w : m_runsPanel->queueView()->advancedControls()) {
        w->setProperty(kAdvancedProperty, true);
    }
    m_appearance->manage(this);
    // Test-only (tests/ui/screens/run_screens.sh): a designer page to open, a widget to focus.
    m_form->showPage(
        qEnvironmentVariable("KDW_DESIGNER_PAGE"), qEnvironmentVariable("KDW_DESIGNER_FOCUS"));
}

void MainWindow::buildDocks()
{
    // Under the charts, tabbed: the run queue and the run history (the browser is made once the
    // history could be read; a damaged file is never opened by it).
    auto* queueView = m_runsPanel->releaseQueueView();
    queueView->setEnqueueButtonsVisible(false); // they sit under the designer
    m_queueDock = new QDockWidget(tr("Run queue"), this);
    m_queueDock->setObjectName(QStringLiteral("queueDock"));
    m_queueDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    // Scrolled too: the queue's row of buttons and its columns asked for 629 px, which with the
    // designer made the window's minimum 1399 px wide, more than a 1280 x 720 screen.
    auto* queueScroll = new QScrollArea;
    queueScroll->setWidgetResizable(true);
    queueScroll->setFrameShape(QFrame::NoFrame);
    queueScroll->setWidget(queueView);
    m_queueDock->setWidget(queueScroll);
    addDockWidget(Qt::BottomDockWidgetArea, m_queueDock);
    m_historyDock = new QDockWidget(tr("Run history"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto* reading = new QLabel(tr("Reading the run history…"));
    reading->setAlignment(Qt::AlignCenter);
    m_historyDock->setWidget(reading);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    tabifyDockWidget(m_queueDock, m_historyDock);
    m_historyDock->raise();
}

void MainWindow::wireRunsPanel()
{
    connect(m_runsPanel, &RunsPanel::runEnded, this,
        [this](qint64 runId, const QString& status, const QString& message) {
            QString text = tr("Run %1 %2").arg(runId).arg(status);
            if (!message.isEmpty()) {
                text += QStringLiteral(": ") + message;
            }
            statusBar()->showMessage(text, 10000);
            if (status == QLatin1String("failed") || status == QLatin1String("diverged")) {
                m_errors->post(tr("Run %1 failed").arg(runId),
                    message.isEmpty() ? tr("Run %1 failed.").arg(runId) : message);
            }
            refreshRuns();
            if (m_browser != nullptr) {
                m_browser->refresh();
            }
            Q_EMIT runEnded(runId, status, message);
        });
    connect(m_runsPanel, &RunsPanel::failedUnrecorded, this,
        [this](const QString& label, const QString& message) {
            m_errors->post(tr("Run “%1” failed before it was recorded").arg(label), message);
        });
    connect(m_runsPanel->queue(), &RunQueue::runCreated, this, [this](qint64 item, qint64 runId) {
        if (m_browser != nullptr) {
            m_browser->refresh(); // the new run's row, running
        }
        // A run that takes a saved teacher draws that run's teacher curves as its own.
        if (const auto source = m_runsPanel->queue()->teacherSource(item); !source.isEmpty()) {
            onReader([runId, source](HistoryReader& r) { r.loadTeacherCurves(runId, source); });
        }
    });
    // The dock's tab says how many runs are active (its width changes only with the digits, so
    // the tab beside it stays put); the status bar says which ("2 training, 1 queued").
    auto* queueSummary = new QLabel();
    queueSummary->setObjectName(QStringLiteral("queueSummary"));
    statusBar()->addPermanentWidget(queueSummary);
    connect(
        m_runsPanel, &RunsPanel::summaryChanged, this, [this, queueSummary](const QString& text) {
            const int active = m_runsPanel->queue()->activeCount();
            m_queueDock->setWindowTitle(
                active == 0 ? tr("Run queue") : tr("Run queue (%1)").arg(active));
            queueSummary->setText(text);
        });
    connect(m_runsPanel->queueView(), &QueueView::sweepQueued, this, [this](int runs) {
        m_queueDock->raise();
        statusBar()->showMessage(tr("%n run(s) of the sweep queued", nullptr, runs), 8000);
    });
}

MainWindow::~MainWindow()
{
    m_readerThread->quit();
    m_readerThread->wait();
}

void MainWindow::buildDesigner()
{
    // The left dock: the designer's pages, then Run now, Add to queue and Sweep….
    m_form = new ExperimentForm(*m_document);
    m_runNow = new QPushButton(tr("Run now"));
    m_runNow->setObjectName(QStringLiteral("runNow"));
    m_runNow->setDefault(true);
    m_runNow->setMinimumHeight(32);
    // Bold through the font's resolve mask (its size still follows the application's, e.g. in
    // presentation mode); a style sheet drew it with the light theme's colours in the dark one.
    QFont bold;
    bold.setBold(true);
    m_runNow->setFont(bold);
    m_runNow->setIcon(actionIcon(ActionIcon::Run));
    m_addToQueue = new QPushButton(tr("Add to queue"));
    m_addToQueue->setObjectName(QStringLiteral("addToQueue"));
    m_addToQueue->setMinimumHeight(32);
    m_addToQueue->setIcon(actionIcon(ActionIcon::QueueAdd));
    m_sweep = new QPushButton(tr("Sweep…"));
    m_sweep->setObjectName(QStringLiteral("sweep"));
    m_sweep->setMinimumHeight(32);
    m_sweep->setToolTip(tr("Queue the experiment with one setting over a list of values, with "
                           "seeds"));
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(m_runNow, 2);
    buttons->addWidget(m_addToQueue, 2);
    buttons->addWidget(m_sweep, 1);
    auto* left = new QWidget();
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(4, 4, 4, 4);
    leftLayout->addWidget(m_form, 1);
    leftLayout->addLayout(buttons);
    m_designerDock = new QDockWidget(tr("Experiment designer"), this);
    m_designerDock->setObjectName(QStringLiteral("designerDock"));
    m_designerDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_designerDock->setWidget(left);
    m_designerDock->setMinimumWidth(440);
    addDockWidget(Qt::LeftDockWidgetArea, m_designerDock);
    connect(m_runNow, &QPushButton::clicked, this, &MainWindow::runNow);
    connect(m_addToQueue, &QPushButton::clicked, this, &MainWindow::addToQueue);
    connect(m_sweep, &QPushButton::clicked, this, [this] {
        if (runBlockedBecause().isEmpty()) {
            m_runsPanel->queueView()->openSweep(); // its runs reach RunsPanel::enqueue
        }
    });
}

qint64 MainWindow::runNow()
{
    return enqueueDesigned(true);
}

qint64 MainWindow::addToQueue()
{
    return enqueueDesigned(false);
}

qint64 MainWindow::enqueueDesigned(bool now)
{
    if (const auto reason = runBlockedBecause(); !reason.isEmpty()) {
        showWarning(tr("Cannot start the run"), reason);
        return 0;
    }
    const qint64 item = m_runsPanel->enqueue(m_document->config(), now);
    m_queueDock->raise(); // the new row, with its progress
    statusBar()->showMessage(now ? tr("Run queued first: it starts at the next free slot")
                                 : tr("Run added to the queue"),
        5000);
    return item;
}

bool MainWindow::hasActiveRuns() const
{
    return m_runsPanel->queue()->activeCount() > 0;
}

void MainWindow::startReader()
{
    // The window's history reader: its own thread and connection.
    m_readerThread = new QThread(this);
    m_readerThread->setObjectName(QStringLiteral("history-reader"));
    m_reader = new HistoryReader(m_historyPath);
    m_reader->moveToThread(m_readerThread);
    connect(m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &HistoryReader::runsListed, this, &MainWindow::onRunsListed);
    connect(m_reader, &HistoryReader::curvesLoaded, this,
        [this](
            qint64 runId, const QList<EpochPoint>& epochs, const QList<EpochPoint>& teacherEpochs) {
            if (runId != m_shownRunId || m_browser == nullptr) {
                return; // the user moved on
            }
            const int row = m_browser->model()->rowOf(runId);
            const auto& run = row >= 0 ? m_browser->model()->run(row) : BrowserRun {};
            m_runsPanel->showStoredRun(runId, run.name, run.method, epochs, teacherEpochs);
            Q_EMIT storedRunShown(runId);
        });
    connect(
        m_reader, &HistoryReader::teacherCurvesLoaded, m_runsPanel, &RunsPanel::addTeacherCurves);
    connect(m_reader, &HistoryReader::error, this, [this](const QString& message) {
        statusBar()->showMessage(tr("History: %1").arg(message));
        m_errors->post(tr("The run history could not be read"), message);
    });
    connect(m_reader, &HistoryReader::unreadable, this, &MainWindow::offerBackup);
    connect(m_reader, &HistoryReader::warning, this, [this](const QString& message) {
        auto* label = new QLabel(message);
        auto p = label->palette(); // a red readable on the theme's background (was a fixed #b00020)
        p.setColor(QPalette::WindowText, errorColour(statusBar()->palette()));
        label->setPalette(p);
        statusBar()->addPermanentWidget(label);
    });
    m_readerThread->start();
    onReader([](HistoryReader& r) { r.open(); });
}

template <typename Fn> void MainWindow::onReader(Fn&& fn)
{
    QMetaObject::invokeMethod(
        m_reader, [reader = m_reader, fn = std::forward<Fn>(fn)] { fn(*reader); },
        Qt::QueuedConnection);
}

void MainWindow::refreshRuns()
{
    onReader([](HistoryReader& r) { r.listRuns(); });
}

void MainWindow::onRunsListed(const QString& path, const QList<RunRow>& rows)
{
    if (path != m_historyPath) {
        return; // the damaged file's answer, after its backup was opened
    }
    m_form->modelsForm()->setTeacherSources(rows);
    // The explorer and the browser read the history once the window's reader has read it (never
    // a damaged file); the explorer lists its runs again whenever the list is refreshed.
    if (m_explorerHistory != m_historyPath) {
        m_explorerHistory = m_historyPath;
        m_form->temperatureExplorer()->setHistoryPath(m_historyPath);
    } else {
        m_form->temperatureExplorer()->refreshRuns();
    }
    if (m_browser == nullptr) {
        createBrowser(m_historyPath);
    }
    Q_EMIT runsRefreshed();
}

void MainWindow::createBrowser(const QString& path)
{
    m_browserReader->setHistoryPath(path);
    m_browser = new HistoryBrowser(*m_browserReader);
    m_browser->setObjectName(QStringLiteral("historyBrowser"));
    if (const auto columns = settings::historyColumns.value(); !columns.isEmpty()) {
        m_browser->setColumnIds(columns);
    }
    m_browser->view()->horizontalHeader()->restoreState(settings::historyHeader.value());
    m_historyDock->setWidget(m_browser); // the "Reading…" label is deleted with the old widget
    wireBrowser();
    Q_EMIT historyBrowserReady();
}

void MainWindow::wireBrowser()
{
    connect(m_browser, &HistoryBrowser::statusMessage, this,
        [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_browser, &HistoryBrowser::useAsTeacherRequested, this,
        [this](qint64 runId, const QString&) { useTeacherOf(runId); });
    connect(m_browser, &HistoryBrowser::rerunRequested, this, &MainWindow::rerunWithChanges);
    connect(m_browser, &HistoryBrowser::duplicateRequested, this, &MainWindow::duplicate);
    connect(m_browser, &HistoryBrowser::compareRequested, this, &MainWindow::openCompare);
    takeBrowserShortcuts();
    connect(m_browser->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MainWindow::onBrowserSelection);
}

void MainWindow::onBrowserSelection()
{
    const auto ids = m_browser->selectedRunIds();
    if (ids.size() != 1 || ids.front() == m_shownRunId) {
        return;
    }
    const qint64 runId = ids.front();
    const int row = m_browser->model()->rowOf(runId);
    const qint64 teacherRun = row >= 0 ? m_browser->model()->run(row).teacherRun : 0;
    m_shownRunId = runId;
    // Its epochs, and its teacher source run's teacher epochs (drawn as its teacher curves).
    onReader([runId, teacherRun](HistoryReader& r) { r.loadCurves(runId, teacherRun); });
}

void MainWindow::useTeacherOf(qint64 runId)
{
    m_document->setTeacherSource(std::to_string(runId));
    statusBar()->showMessage(tr("The next run takes its teacher from run %1").arg(runId), 8000);
}

void MainWindow::rerunWithChanges(qint64 runId, const QString& configJson)
{
    try {
        loadStoredConfig(*m_document, configJson, runId); // one undoable step
        statusBar()->showMessage(
            tr("The experiment of run %1 is in the designer: change it and press Run now")
                .arg(runId),
            8000);
        Q_EMIT rerunLoaded(runId);
    } catch (const Error& e) {
        showWarning(tr("Re-run with changes"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::duplicate(qint64 runId, const QString& configJson)
{
    if (m_historyUnreadable) {
        showWarning(tr("Duplicate run %1").arg(runId), runBlockedBecause());
        return;
    }
    try {
        auto config = train::configFromJson(configJson.toStdString());
        m_runsPanel->enqueue(config);
        m_queueDock->raise();
        statusBar()->showMessage(tr("A copy of run %1 is queued").arg(runId), 8000);
    } catch (const Error& e) {
        showWarning(tr("Duplicate run %1").arg(runId), QString::fromUtf8(e.what()));
    }
}

void MainWindow::openCompare(const QList<qint64>& runIds)
{
    if (runIds.size() < 2) {
        return;
    }
    // Its own history connection and worker; closing the tab deletes it (tabCloseRequested).
    auto* view = new CompareView(m_historyPath);
    view->setObjectName(QStringLiteral("compareView"));
    view->compare(runIds);
    const int tab
        = m_centre->addTab(view, tr("Compare: %n runs", nullptr, static_cast<int>(runIds.size())));
    m_centre->setCurrentIndex(tab);
}

void MainWindow::buildMenus()
{
    buildFileMenu();
    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    auto* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    // The platform's redo keys plus Ctrl+Shift+Z, each once: on Linux the platform's list already
    // holds Ctrl+Shift+Z, and a key bound twice to one action is ambiguous to Qt, which then
    // ignores it ("Ambiguous shortcut overload", found by a newcomer's try).
    auto redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    if (!redoKeys.contains(QKeySequence(QStringLiteral("Ctrl+Shift+Z")))) {
        redoKeys.append(QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
    }
    redo->setShortcuts(redoKeys);
    edit->addAction(undo);
    edit->addAction(redo);
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_designerDock->toggleViewAction());
    m_viewMenu->addAction(m_queueDock->toggleViewAction());
    m_viewMenu->addAction(m_historyDock->toggleViewAction());
    buildAppearanceMenu();
    buildRunMenu();
    buildHelpMenu();
    connect(m_runsPanel->board(), &ChartBoard::exportFailed, this, [this](const QString& error) {
        m_errors->post(tr("The chart could not be exported"), error);
    });
}

void MainWindow::buildAppearanceMenu()
{
    m_viewMenu->addSeparator();
    auto* themes = m_viewMenu->addMenu(actionIcon(ActionIcon::Theme), tr("&Theme"));
    themes->setObjectName(QStringLiteral("themeMenu"));
    auto* group = new QActionGroup(themes);
    const std::array choices {std::pair {Theme::System, tr("Follow the &system")},
        std::pair {Theme::Light, tr("&Light")}, std::pair {Theme::Dark, tr("&Dark")}};
    for (const auto& [theme, text] : choices) {
        auto* a = themes->addAction(text);
        a->setObjectName(QStringLiteral("theme-") + themeName(theme));
        a->setCheckable(true);
        a->setChecked(m_appearance->theme() == theme);
        group->addAction(a);
        connect(
            a, &QAction::triggered, this, [this, theme = theme] { m_appearance->setTheme(theme); });
    }
    auto* presentation
        = m_viewMenu->addAction(actionIcon(ActionIcon::Presentation), tr("&Presentation mode"));
    presentation->setObjectName(QStringLiteral("presentationMode"));
    presentation->setCheckable(true);
    presentation->setChecked(m_appearance->presentationMode());
    presentation->setShortcut(shortcuts::kPresentationMode);
    presentation->setToolTip(
        tr("Larger fonts and lines for a projector; advanced controls hidden"));
    connect(presentation, &QAction::toggled, m_appearance, &Appearance::setPresentationMode);
}

void MainWindow::buildRunMenu()
{
    auto* run = menuBar()->addMenu(tr("&Run"));
    const auto add
        = [run](ActionIcon icon, const QString& text, QKeyCombination key, const char* name) {
              auto* a = run->addAction(actionIcon(icon), text);
              a->setObjectName(QString::fromLatin1(name));
              a->setShortcut(key);
              return a;
          };
    connect(add(ActionIcon::Run, tr("Run &now"), shortcuts::kRunNow, "runNowAction"),
        &QAction::triggered, this, [this] {
            if (m_runNow->isEnabled()) {
                runNow();
            }
        });
    connect(
        add(ActionIcon::QueueAdd, tr("&Add to queue"), shortcuts::kAddToQueue, "addToQueueAction"),
        &QAction::triggered, this, [this] {
            if (m_addToQueue->isEnabled()) {
                addToQueue();
            }
        });
    run->addSeparator();
    auto* queue = m_runsPanel->queueView();
    connect(add(ActionIcon::Pause, tr("&Pause run"), shortcuts::kPause, "pauseAction"),
        &QAction::triggered, queue, &QueueView::pauseSelected);
    connect(add(ActionIcon::Resume, tr("&Resume run"), shortcuts::kResume, "resumeAction"),
        &QAction::triggered, queue, &QueueView::resumeSelected);
    connect(add(ActionIcon::Cancel, tr("&Cancel run"), shortcuts::kCancel, "cancelAction"),
        &QAction::triggered, queue, &QueueView::cancelSelected);
    run->addSeparator();
    auto* exportChart = add(
        ActionIcon::Export, tr("&Export charts…"), shortcuts::kExportChart, "exportChartsAction");
    exportChart->setProperty(kAdvancedProperty, true);
    connect(exportChart, &QAction::triggered, m_runsPanel->board(), &ChartBoard::askExportAll);

    auto* history = menuBar()->addMenu(tr("H&istory"));
    auto* filter = history->addAction(actionIcon(ActionIcon::Filter), tr("&Filter runs"));
    filter->setObjectName(QStringLiteral("focusFilterAction"));
    filter->setShortcut(shortcuts::kFocusFilter);
    connect(filter, &QAction::triggered, this, [this] {
        if (m_browser != nullptr) {
            m_historyDock->show();
            m_historyDock->raise();
            m_browser->filterBox()->setFocus(Qt::ShortcutFocusReason);
            m_browser->filterBox()->selectAll();
        }
    });
    auto* compare
        = history->addAction(actionIcon(ActionIcon::Compare), tr("&Compare selected runs"));
    compare->setObjectName(QStringLiteral("compareAction"));
    compare->setShortcut(shortcuts::kCompare);
    connect(compare, &QAction::triggered, this, [this] {
        if (m_browser != nullptr) {
            openCompare(m_browser->selectedRunIds());
        }
    });
}

void MainWindow::takeBrowserShortcuts()
{
    const QList<QKeySequence> taken {
        QKeySequence(shortcuts::kCompare), QKeySequence(shortcuts::kFocusFilter)};
    const auto actions = m_browser->findChildren<QAction*>();
    for (auto* a : actions) {
        if (taken.contains(a->shortcut())) {
            a->setShortcut(QKeySequence());
        }
    }
}

void MainWindow::buildHelpMenu()
{
    auto* help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&Distillation methods")), &QAction::triggered, this,
        [this] { showHelp(MethodPages::helpUrl(train::Method::None)); });
    auto* keys = help->addAction(tr("&Keyboard shortcuts"));
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(shortcuts::kShowShortcuts);
    connect(keys, &QAction::triggered, this, &MainWindow::showShortcuts);
    auto* about = help->addAction(tr("&About KD Workbench"));
    about->setObjectName(QStringLiteral("aboutAction"));
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::showShortcuts()
{
    if (!m_shortcutsDialog) {
        auto* dialog = new ShortcutsDialog(this, this);
        dialog->setObjectName(QStringLiteral("shortcutsDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_shortcutsDialog = dialog;
    }
    m_shortcutsDialog->show();
    m_shortcutsDialog->raise();
}

void MainWindow::showAbout()
{
    auto* dialog = new AboutDialog(m_historyPath, this);
    dialog->setObjectName(QStringLiteral("aboutDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::restoreLayout()
{
    // First start: nine tenths of the screen, at least 1280 x 720 where the screen allows, less
    // a title bar's height (a 1366 x 768 laptop with a panel has about 1366 x 736 available).
    const QSize screen
        = this->screen() != nullptr ? this->screen()->availableGeometry().size() : QSize(1280, 720);
    constexpr int kFrame = 40;
    resize(std::min(screen.width(), std::max(screen.width() * 9 / 10, 1280)),
        std::min(screen.height() - kFrame, std::max(screen.height() * 9 / 10, 720)));
    restoreGeometry(settings::windowGeometry.value());
    m_layoutRestored = restoreState(settings::windowState.value());
}

void MainWindow::restoreChartChoices()
{
    auto* board = m_runsPanel->board();
    board->setSmoothing(settings::chartSmoothing.value());
    board->setColumns(settings::chartColumns.value());
    board->setHiddenCharts(settings::chartsHidden.value());
    if (settings::chartsLogY.isSet()) { // else each chart's default scale
        board->setLogYCharts(settings::chartsLogY.value());
    }
}

void MainWindow::saveChoices()
{
    settings::windowGeometry.setValue(saveGeometry());
    settings::windowState.setValue(saveState());
    const auto* board = m_runsPanel->board();
    settings::chartSmoothing.setValue(board->smoothing());
    settings::chartColumns.setValue(board->columns());
    settings::chartsHidden.setValue(board->hiddenChartIds());
    settings::chartsLogY.setValue(board->logYChartIds());
    if (m_browser != nullptr) {
        settings::historyColumns.setValue(m_browser->columnIds());
        settings::historyHeader.setValue(m_browser->view()->horizontalHeader()->saveState());
    }
    settings::lastConfig.setValue(
        QString::fromStdString(train::configToJson(m_document->config())));
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_layoutRestored) {
        // First start: the designer gets two fifths of the width, the queue and history two
        // fifths of the height (five rows of the history at 1280 x 720; the charts the rest);
        // later starts restore the user's layout.
        m_layoutRestored = true;
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_designerDock}, {width() * 2 / 5}, Qt::Horizontal);
            resizeDocks({m_historyDock}, {height() * 2 / 5}, Qt::Vertical);
        });
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_runsPanel->confirmClose()) { // asks when runs are active, then cancels them
        event->ignore();
        return;
    }
    saveChoices();
    QMainWindow::closeEvent(event);
}

void MainWindow::setViewProblems(const QString& view, const QStringList& problems)
{
    if (problems.isEmpty()) {
        m_viewProblems.remove(view);
    } else {
        m_viewProblems.insert(view, problems);
    }
    updateRunButtons();
}

QString MainWindow::runBlockedBecause() const
{
    if (m_historyUnreadable) {
        return tr("The run history %1 cannot be read; a run is not written into it. Open its "
                  "backup, or start the workbench with --db and another file.")
            .arg(m_historyPath);
    }
    for (auto it = m_viewProblems.cbegin(); it != m_viewProblems.cend(); ++it) {
        return it.value().front();
    }
    const auto problems = experimentProblems(m_document->config());
    return problems.isEmpty() ? QString() : problems.front().message;
}

void MainWindow::updateRunButtons()
{
    // The form stays editable while runs train: its edits are for the next run.
    const auto reason = runBlockedBecause();
    const bool can = reason.isEmpty();
    const QString blocked = tr("Cannot run: %1").arg(reason);
    m_runNow->setEnabled(can);
    m_runNow->setToolTip(
        can ? tr("Queue the experiment on the left before every waiting run") : blocked);
    m_addToQueue->setEnabled(can);
    m_addToQueue->setToolTip(
        can ? tr("Queue the experiment on the left; it starts when a slot is free") : blocked);
    m_sweep->setEnabled(can);
    if (!can) {
        statusBar()->showMessage(blocked);
    } else if (statusBar()->currentMessage().startsWith(tr("Cannot run: ").left(10))) {
        statusBar()->clearMessage();
    }
}

void MainWindow::openBackup(const QString& backup)
{
    m_historyPath = backup;
    m_historyUnreadable = false;
    m_runsPanel->setHistoryPath(backup); // runs from now on are recorded there
    statusBar()->showMessage(tr("History: %1 (a backup)").arg(backup));
    updateRunButtons();
    onReader([backup](HistoryReader& r) { r.switchTo(backup); });
}

void MainWindow::offerBackup(const QString& path, const QString& problem, const QString& backup)
{
    m_historyUnreadable = true;
    updateRunButtons();
    statusBar()->showMessage(tr("History: %1 cannot be read (%2)").arg(path, problem));
    QString text
        = tr("The run history %1 cannot be opened: %2.\n\nThe file is left exactly as it is; "
             "nothing will be written into it.")
              .arg(path, problem);
    auto* box = new QMessageBox(
        QMessageBox::Critical, tr("Run history damaged"), text, QMessageBox::NoButton, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (backup.isEmpty()) {
        box->setInformativeText(
            tr("There is no intact backup beside it. Start the workbench with --db and "
               "another file to keep working."));
        box->addButton(QMessageBox::Close);
    } else {
        box->setInformativeText(
            tr("The newest intact backup is %1. Open it instead? (Training and edits then "
               "go into the backup.)")
                .arg(QFileInfo(backup).fileName()));
        auto* openButton = box->addButton(tr("Open the backup"), QMessageBox::AcceptRole);
        box->addButton(QMessageBox::Close);
        box->setDefaultButton(openButton);
        connect(openButton, &QPushButton::clicked, this, [this, backup] { openBackup(backup); });
    }
    m_recoveryDialog = box;
    box->open();
}

bool MainWindow::refuseHistoryFile(const QString& title, const QString& path)
{
    if (!store::isHistoryFile(path.toStdString(), m_historyPath.toStdString())) {
        return false;
    }
    showWarning(title,
        tr("%1 is the run history, which only SQLite may open while the workbench uses it. "
           "Choose another file.")
            .arg(path));
    return true;
}

void MainWindow::buildFileMenu()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open config…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::openConfig);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
    auto* save = file->addAction(tr("&Save config"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, &MainWindow::saveConfig);
    auto* saveAs = file->addAction(tr("Save config &as…"));
    saveAs->setShortcut(QKeySequence::SaveAs);
    connect(saveAs, &QAction::triggered, this, &MainWindow::saveConfigAs);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const auto files = settings::recentFiles.value();
    for (const auto& path : files) {
        connect(m_recentMenu->addAction(QFileInfo(path).fileName() + QStringLiteral("  (")
                    + QFileInfo(path).absolutePath() + QLatin1Char(')')),
            &QAction::triggered, this, [this, path] { loadConfigFile(path); });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::rememberFile(const QString& path)
{
    if (path.startsWith(QLatin1Char(':'))) {
        return; // a bundled example, not a file of the user's
    }
    m_configFile = path;
    settings::addRecentFile(QFileInfo(path).absoluteFilePath());
    settings::lastConfigFolder.setValue(QFileInfo(path).absolutePath());
}

void MainWindow::loadConfigFile(const QString& path)
{
    if (refuseHistoryFile(tr("Open config"), path)) {
        return;
    }
    // Read through QFile so that configs bundled as Qt resources (":/...") open too; a config is
    // a few hundred bytes, not a dataset.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showWarning(tr("Open config"), tr("%1: %2").arg(path, file.errorString()));
        return;
    }
    try {
        auto config = train::configFromJson(file.readAll().toStdString());
        if (!path.startsWith(QLatin1Char(':'))) {
            train::resolveRelativePaths(config, QFileInfo(path).absolutePath().toStdString());
        }
        m_document->load(config, tr("open %1").arg(QFileInfo(path).fileName()));
        rememberFile(path);
        statusBar()->showMessage(tr("Loaded %1").arg(path), 5000);
    } catch (const Error& e) {
        showWarning(tr("Open config"), tr("%1: %2").arg(path, QString::fromUtf8(e.what())));
    }
}

void MainWindow::openStartupConfig(const QString& requested)
{
    if (!requested.isEmpty()) {
        loadConfigFile(requested);
        return;
    }
    const auto last = settings::lastConfig.value();
    if (!last.isEmpty()) {
        try {
            m_document->load(train::configFromJson(last.toStdString()), tr("last experiment"));
            m_document->undoStack()->clear();
            return;
        } catch (const Error&) {
            settings::lastConfig.reset(); // written by another version: start from the demo
        }
    }
    loadConfigFile(QStringLiteral(":/kdworkbench/examples/demo.json"));
    m_document->undoStack()->clear();
}

void MainWindow::openConfig()
{
    const auto path = QFileDialog::getOpenFileName(this, tr("Open experiment config"),
        settings::lastConfigFolder.value(), tr("Experiment configs (*.json)"));
    if (!path.isEmpty()) {
        loadConfigFile(path);
    }
}

void MainWindow::saveConfig()
{
    if (m_configFile.isEmpty()) {
        saveConfigAs();
    } else {
        writeConfig(m_configFile);
    }
}

void MainWindow::saveConfigAs()
{
    const auto folder = settings::lastConfigFolder.value();
    const auto path = QFileDialog::getSaveFileName(this, tr("Save experiment config"),
        (folder.isEmpty() ? QString() : folder + QLatin1Char('/'))
            + QStringLiteral("experiment.json"),
        tr("Experiment configs (*.json)"));
    if (!path.isEmpty()) {
        writeConfig(path);
    }
}

void MainWindow::writeConfig(const QString& path)
{
    if (refuseHistoryFile(tr("Save config"), path)) {
        return;
    }
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || f.write(QByteArray::fromStdString(train::configToJson(m_document->config()))) < 0
        || !f.flush()) {
        showWarning(tr("Save config"), tr("Could not write %1: %2").arg(path, f.errorString()));
        return;
    }
    rememberFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
}

void MainWindow::showHelp(const QUrl& url)
{
    // The bundled help page in a window of its own, at the method's section.
    if (!m_help) {
        m_help = new QTextBrowser(this);
        m_help->setWindowFlag(Qt::Window);
        m_help->setAttribute(Qt::WA_DeleteOnClose);
        m_help->setWindowTitle(tr("Distillation methods"));
        m_help->setOpenExternalLinks(true);
        m_help->resize(640, 560);
    }
    m_help->setSource(url);
    m_help->show();
    m_help->raise();
}

} // namespace kdw::ui
