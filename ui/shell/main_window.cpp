// SPDX-License-Identifier: MIT
#include "ui/shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/store/backup.h"
#include "core/train/config.h"
#include "ui/charts/metric_chart.h"
#include "ui/designer/experiment_form.h"
#include "ui/designer/method_pages.h"
#include "ui/designer/models_form.h"
#include "ui/designer/temperature_explorer.h"
#include "ui/history_reader.h"
#include "ui/model/experiment_document.h"
#include "ui/model/experiment_problems.h"
#include "ui/model/settings.h"
#include "ui/queue/runs_panel.h"
#include "ui/run_list_model.h"
#include "ui/run_worker.h"

namespace kdw::ui {
namespace {

// The charts and their curves, by the metric catalogue's names; the charts take titles, axis
// labels, precision and direction from the catalogue. A curve's key is "<phase>.<metric>" as
// recorded in the history.
struct CurveSpec {
    QString phase;
    std::string metric;
    QColor color;
    bool dashed;
    QString legend
        = {}; // a short legend where the catalogue's label would not fit; empty = its label
};

struct ChartSpec {
    QString title; // for a chart of several metrics; empty = the metric's catalogue label
    std::vector<std::string> metrics;
    std::vector<CurveSpec> curves;
};

const QColor kTeacher(0x7f, 0x7f, 0x7f);
const QColor kStudent(0x1f, 0x77, 0xb4);
const QColor kStudentAlt(0xff, 0x7f, 0x0e);
const QColor kFeature(0x2c, 0xa0, 0x2c);
const QColor kFeatureAlt(0x94, 0x67, 0xbd);

// Both phases' curves of one metric: the teacher dashed and grey, the student solid.
ChartSpec comparison(const std::string& metric)
{
    const QString teacher = QStringLiteral("teacher");
    const QString student = QStringLiteral("student");
    return {{}, {metric}, {{teacher, metric, kTeacher, true}, {student, metric, kStudent, false}}};
}

const std::vector<ChartSpec>& chartSpecs()
{
    static const std::vector<ChartSpec> specs = [] {
        using namespace eval::metric;
        const std::string trainLoss(kTrainLoss), valLoss(kValLoss), hard(kHardLoss),
            soft(kSoftLoss), logit(kLogitLoss), ranking(kRankingLoss), hint(kHintLoss),
            distance(kRkdDistanceLoss), angle(kRkdAngleLoss), kl(kKl), klT(kKlAtTemperature);
        const QString teacher = QStringLiteral("teacher");
        const QString student = QStringLiteral("student");
        return std::vector<ChartSpec> {
            {MainWindow::tr("Loss"), {valLoss, trainLoss},
                {{teacher, valLoss, kTeacher, true, MainWindow::tr("teacher")},
                    {student, trainLoss, kStudentAlt, false, MainWindow::tr("train")},
                    {student, valLoss, kStudent, false, MainWindow::tr("val")}}},
            {MainWindow::tr("Distillation terms"),
                {hard, soft, logit, ranking, hint, distance, angle},
                {{student, hard, kStudent, false}, {student, soft, kStudentAlt, false},
                    {student, logit, kStudentAlt, false}, {student, ranking, kStudentAlt, true},
                    {student, hint, kFeature, false}, {student, distance, kFeature, false},
                    {student, angle, kFeatureAlt, false}}},
            {{}, {kl, klT},
                {{student, kl, kStudent, false, MainWindow::tr("at T = 1")},
                    {student, klT, kStudentAlt, true, MainWindow::tr("at the run's T")}}},
            comparison(std::string(kF1)),
            comparison(hitRate(10)),
            comparison(ndcg(10)),
        };
    }();
    return specs;
}

QString formatDuration(double seconds)
{
    const auto s = static_cast<long long>(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

void MainWindow::showWarning(const QString& title, const QString& message)
{
    // Window-modal and opened, not exec()-ed: the GUI thread keeps serving the running run's
    // signals (and tests) while the message waits for the user.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

MainWindow::MainWindow(const QString& historyPath, QWidget* parent)
    : QMainWindow(parent)
    , m_historyPath(historyPath)
{
    qRegisterMetaType<EpochPoint>();
    qRegisterMetaType<RunRow>();
    qRegisterMetaType<ProgressPoint>();
    qRegisterMetaType<QList<RunRow>>();
    qRegisterMetaType<QList<EpochPoint>>();

    setWindowTitle(tr("KD Workbench"));
    setDockNestingEnabled(true);
    m_document = new ExperimentDocument(this);
    buildDesigner();
    setCentralWidget(buildCharts());
    m_historyDock = new QDockWidget(tr("Run history"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_historyDock->setWidget(buildHistory());
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    // The run queue with its charts (issue 14): runs queued, several at once, paused, swept.
    m_runsPanel = new RunsPanel(m_historyPath);
    m_queueDock = new QDockWidget(tr("Run queue"), this);
    m_queueDock->setObjectName(QStringLiteral("queueDock"));
    m_queueDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    // Scrolled, so that its charts and queue never set the window's minimum size: unscrolled they
    // asked for 896 x 833 and made the window 1426 x 1374 on a 1280 x 720 screen (a newcomer's
    // try).
    auto* queueScroll = new QScrollArea;
    queueScroll->setWidgetResizable(true);
    queueScroll->setFrameShape(QFrame::NoFrame);
    queueScroll->setWidget(m_runsPanel);
    m_queueDock->setWidget(queueScroll);
    addDockWidget(Qt::BottomDockWidgetArea, m_queueDock);
    tabifyDockWidget(m_historyDock, m_queueDock);
    m_historyDock->raise();
    // The designer runs the window's full height; the history sits under the charts.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    buildMenus();
    statusBar()->showMessage(tr("History: %1").arg(m_historyPath));

    connect(m_runsPanel, &RunsPanel::runEnded, this, &MainWindow::refreshRuns);
    connect(m_runsPanel, &RunsPanel::summaryChanged, this, [this](const QString& text) {
        m_queueDock->setWindowTitle(
            text.isEmpty() ? tr("Run queue") : tr("Run queue (%1)").arg(text));
    });
    connect(m_train, &QPushButton::clicked, this, &MainWindow::startRun);
    connect(m_stop, &QPushButton::clicked, this, &MainWindow::stopRun);
    connect(m_document, &ExperimentDocument::changed, this, [this](DocumentPart part) {
        if (part != DocumentPart::All) {
            statusBar()->clearMessage(); // "Loaded …" no longer describes the experiment
        }
        updateRunButton();
        m_runsPanel->setExperiment(m_document->config()); // what Add to queue and Sweep take
    });
    connect(m_form, &ExperimentForm::problemsChanged, this,
        [this](const QStringList& problems) { setViewProblems(QStringLiteral("form"), problems); });
    connect(m_form->methodPages(), &MethodPages::helpRequested, this, &MainWindow::showHelp);

    startReader();
    restoreLayout();
    updateRunButton();
    // Test-only (tests/ui/screens/run_screens.sh): a designer page to open, a widget to focus.
    m_form->showPage(
        qEnvironmentVariable("KDW_DESIGNER_PAGE"), qEnvironmentVariable("KDW_DESIGNER_FOCUS"));
}

void MainWindow::startReader()
{
    // The history reader: its own thread and connection.
    m_readerThread = new QThread(this);
    m_readerThread->setObjectName(QStringLiteral("history-reader"));
    m_reader = new HistoryReader(m_historyPath);
    m_reader->moveToThread(m_readerThread);
    connect(m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &HistoryReader::runsListed, this, &MainWindow::onRunsListed);
    connect(m_reader, &HistoryReader::curvesLoaded, this,
        [this](qint64 runId, const QList<EpochPoint>& epochs) {
            if (runId != m_shownRunId) {
                return; // the user moved on
            }
            clearCharts();
            for (const auto& e : epochs) {
                plotEpoch(e);
            }
        });
    connect(m_reader, &HistoryReader::changed, this, [this](const QString& what) {
        statusBar()->showMessage(what, 8000);
        refreshRuns();
    });
    connect(m_reader, &HistoryReader::error, this, [this](const QString& message) {
        statusBar()->showMessage(tr("History: %1").arg(message));
        showWarning(tr("Run history"), message);
    });
    connect(m_reader, &HistoryReader::unreadable, this, &MainWindow::offerBackup);
    connect(m_reader, &HistoryReader::configLoaded, this,
        [this](qint64 runId, const QString& configJson) {
            try {
                loadStoredConfig(*m_document, configJson, runId);
                statusBar()->showMessage(
                    tr("The experiment of run %1 is in the designer: change it and press Train")
                        .arg(runId),
                    8000);
                Q_EMIT rerunLoaded(runId);
            } catch (const Error& e) {
                showWarning(tr("Re-run with changes"), QString::fromUtf8(e.what()));
            }
        });
    connect(m_reader, &HistoryReader::warning, this, [this](const QString& message) {
        auto* label = new QLabel(message);
        label->setStyleSheet(QStringLiteral("color: #b00020;"));
        statusBar()->addPermanentWidget(label);
    });
    m_readerThread->start();
    onReader([](HistoryReader& r) { r.open(); });
}

void MainWindow::buildDesigner()
{
    // The left dock: the designer's pages, the run's plan, Train and Stop.
    m_form = new ExperimentForm(*m_document);
    m_train = new QPushButton(tr("Train"));
    m_train->setObjectName(QStringLiteral("train"));
    m_train->setDefault(true);
    m_train->setMinimumHeight(32);
    m_train->setStyleSheet(QStringLiteral("QPushButton { font-weight: bold; }"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setEnabled(false);
    m_stop->setMinimumHeight(32);
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(m_train, 2);
    buttons->addWidget(m_stop, 1);
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
}

void MainWindow::restoreLayout()
{
    // First start: nine tenths of the screen (at least 1280 x 720 where the screen allows).
    const QSize screen
        = this->screen() != nullptr ? this->screen()->availableGeometry().size() : QSize(1400, 880);
    resize(std::max(screen.width() * 9 / 10, std::min(1280, screen.width())),
        std::max(screen.height() * 9 / 10, std::min(720, screen.height())));
    restoreGeometry(settings::windowGeometry.value());
    m_layoutRestored = restoreState(settings::windowState.value());
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_layoutRestored) {
        // First start: the designer gets two fifths of the width, the history a quarter of the
        // height (the charts keep their minimum); later starts restore the user's layout.
        m_layoutRestored = true;
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_designerDock}, {width() * 2 / 5}, Qt::Horizontal);
            resizeDocks({m_historyDock}, {height() / 4}, Qt::Vertical);
        });
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_runsPanel->confirmClose()) { // asks when runs are active, then cancels them
        event->ignore();
        return;
    }
    settings::windowGeometry.setValue(saveGeometry());
    settings::windowState.setValue(saveState());
    settings::lastConfig.setValue(
        QString::fromStdString(train::configToJson(m_document->config())));
    QMainWindow::closeEvent(event);
}

void MainWindow::setViewProblems(const QString& view, const QStringList& problems)
{
    if (problems.isEmpty()) {
        m_viewProblems.remove(view);
    } else {
        m_viewProblems.insert(view, problems);
    }
    updateRunButton();
}

QString MainWindow::runBlockedBecause() const
{
    for (auto it = m_viewProblems.cbegin(); it != m_viewProblems.cend(); ++it) {
        return it.value().front();
    }
    const auto problems = experimentProblems(m_document->config());
    return problems.isEmpty() ? QString() : problems.front().message;
}

void MainWindow::updateRunButton()
{
    // The form stays editable while a run trains: its edits are for the next run.
    const auto reason = runBlockedBecause();
    m_train->setEnabled(!m_runThread && reason.isEmpty());
    m_train->setToolTip(reason.isEmpty() ? tr("Train the experiment on the left")
                                         : tr("Cannot train: %1").arg(reason));
    if (!reason.isEmpty()) {
        statusBar()->showMessage(tr("Cannot train: %1").arg(reason));
    } else if (statusBar()->currentMessage().startsWith(tr("Cannot train: ").left(12))) {
        statusBar()->clearMessage();
    }
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

MainWindow::~MainWindow()
{
    if (m_runThread) {
        m_stopSource.request_stop();
        m_runThread->quit();
        m_runThread->wait();
    }
    m_readerThread->quit();
    m_readerThread->wait();
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
    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_designerDock->toggleViewAction());
    view->addAction(m_historyDock->toggleViewAction());
    view->addAction(m_queueDock->toggleViewAction());
    auto* help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&Distillation methods")), &QAction::triggered, this,
        [this] { showHelp(MethodPages::helpUrl(train::Method::None)); });
    auto* about = help->addAction(tr("&About KD Workbench"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About KD Workbench"),
            tr("<b>KD Workbench %1</b><p>Knowledge distillation for recommender systems: design a "
               "teacher and a student, distil, and compare runs.</p><p>History: %2</p>")
                .arg(QStringLiteral(KDW_VERSION), m_historyPath.toHtmlEscaped()));
    });
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

QWidget* MainWindow::buildCharts()
{
    auto* box = new QWidget();
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 0);
    auto* grid = new QGridLayout();
    grid->setSpacing(6);
    int k = 0;
    for (const auto& spec : chartSpecs()) {
        auto* chart = new MetricChart(spec.title, spec.metrics);
        for (const auto& c : spec.curves) {
            chart->defineCurve(c.phase, c.metric, c.color, c.dashed, c.legend);
        }
        m_charts.append(chart);
        grid->addWidget(chart, k / 3, k % 3);
        ++k;
    }
    layout->addLayout(grid, 1);
    m_placeholder = new QLabel(tr("No run shown yet. Press <b>Train</b> to train the experiment on "
                                  "the left, or pick a saved run below."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setStyleSheet(QStringLiteral("padding: 2px;"));
    layout->addWidget(m_placeholder);
    auto* progressRow = new QHBoxLayout();
    m_progress = new QProgressBar();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(14);
    m_progressLabel = new QLabel(tr("Idle"));
    m_progressLabel->setMinimumWidth(420);
    progressRow->addWidget(m_progressLabel);
    progressRow->addWidget(m_progress, 1);
    layout->addLayout(progressRow);
    return box;
}

QWidget* MainWindow::buildHistory()
{
    auto* group = new QWidget();
    auto* layout = new QVBoxLayout(group);
    layout->setContentsMargins(4, 0, 4, 4);
    m_filter = new QLineEdit();
    m_filter->setPlaceholderText(tr("Filter by name, method or status"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_runs = new RunListModel(this);
    m_sortedRuns = new QSortFilterProxyModel(this);
    m_sortedRuns->setSourceModel(m_runs);
    m_sortedRuns->setSortRole(RunListModel::kSortRole);
    m_sortedRuns->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_sortedRuns->setFilterKeyColumn(-1);
    m_table = new QTableView();
    m_table->setModel(m_sortedRuns);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunListModel::Id, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RunListModel::Name, QHeaderView::Stretch);
    layout->addWidget(m_table);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &MainWindow::showRunMenu);
    connect(m_filter, &QLineEdit::textChanged, m_sortedRuns,
        &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (!current.isValid()) {
                return;
            }
            const auto id = current.data(RunListModel::kRunIdRole).toLongLong();
            if (id != m_shownRunId) {
                showRun(id);
            }
        });
    return group;
}

MetricChart* MainWindow::chart(const QString& title) const
{
    for (auto* c : m_charts) {
        if (c->title() == title) {
            return c;
        }
    }
    return nullptr;
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

void MainWindow::offerBackup(const QString& path, const QString& problem, const QString& backup)
{
    m_historyUnreadable = true;
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
        auto* openBackup = box->addButton(tr("Open the backup"), QMessageBox::AcceptRole);
        box->addButton(QMessageBox::Close);
        box->setDefaultButton(openBackup);
        connect(openBackup, &QPushButton::clicked, this, [this, backup] {
            m_historyPath = backup;
            m_historyUnreadable = false;
            statusBar()->showMessage(tr("History: %1 (a backup)").arg(backup));
            onReader([backup](HistoryReader& r) { r.switchTo(backup); });
        });
    }
    m_recoveryDialog = box;
    box->open();
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

void MainWindow::startRun()
{
    if (m_runThread) {
        return;
    }
    if (m_historyUnreadable) {
        showWarning(tr("Cannot start the run"),
            tr("The run history %1 cannot be read; a run is not written into it. "
               "Open its backup, or start the workbench with --db and another file.")
                .arg(m_historyPath));
        return;
    }
    if (const auto reason = runBlockedBecause(); !reason.isEmpty()) {
        showWarning(tr("Cannot start the run"), reason);
        return;
    }
    m_stopSource = std::stop_source();
    auto* thread = new QThread(this);
    thread->setObjectName(QStringLiteral("run-worker"));
    auto* worker = new RunWorker(m_document->config(), m_historyPath, m_stopSource.get_token());
    worker->moveToThread(thread);
    connect(thread, &QThread::started, worker, &RunWorker::start);
    connect(worker, &RunWorker::finished, thread, &QThread::quit);
    connect(worker, &RunWorker::failed, thread, &QThread::quit);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(worker, &RunWorker::runCreated, this, [this](qint64 id) {
        m_liveRunId = id;
        m_shownRunId = id;
        refreshRuns();
    });
    connect(worker, &RunWorker::phaseStarted, this, [this](const QString& phase) {
        m_progressLabel->setText(tr("Training the %1…").arg(phase));
    });
    connect(worker, &RunWorker::epochFinished, this, [this](const EpochPoint& e) {
        if (m_shownRunId == m_liveRunId) {
            plotEpoch(e);
        }
    });
    connect(worker, &RunWorker::progress, this, &MainWindow::onProgress);
    connect(worker, &RunWorker::finished, this, &MainWindow::onRunEnded);
    connect(worker, &RunWorker::failed, this, &MainWindow::onRunFailed);
    m_runThread = thread;
    m_liveRunId = -1;
    m_shownRunId = -1;
    clearCharts();
    setRunning(true);
    statusBar()->clearMessage();
    m_progressLabel->setText(tr("Preparing the data…"));
    thread->start();
}

void MainWindow::stopRun()
{
    if (m_runThread) {
        m_stopSource.request_stop();
        m_progressLabel->setText(tr("Stopping after this batch…"));
        m_stop->setEnabled(false);
    }
}

void MainWindow::setRunning(bool running)
{
    m_stop->setEnabled(running);
    if (!running) {
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
    }
    updateRunButton();
}

void MainWindow::onProgress(const ProgressPoint& p)
{
    m_progress->setRange(0, static_cast<int>(std::max<qint64>(1, p.batches)));
    m_progress->setValue(static_cast<int>(p.batch));
    m_progressLabel->setText(tr("Run %1 · %2 epoch %3/%4 · %L5 examples/s · ETA %6")
                                 .arg(m_liveRunId)
                                 .arg(p.phase)
                                 .arg(p.epoch)
                                 .arg(p.epochs)
                                 .arg(qRound64(p.examplesPerSecond))
                                 .arg(formatDuration(p.etaSeconds)));
}

void MainWindow::onRunEnded(qint64 runId, const QString& status, const QString& message)
{
    m_runThread = nullptr;
    setRunning(false);
    QString text = tr("Run %1 %2").arg(runId).arg(status);
    if (!message.isEmpty()) {
        text += QStringLiteral(": ") + message;
    }
    m_progressLabel->setText(text);
    statusBar()->showMessage(text, 10000);
    refreshRuns();
    Q_EMIT runEnded(runId, status, message);
}

void MainWindow::onRunFailed(const QString& message)
{
    m_runThread = nullptr;
    setRunning(false);
    m_progressLabel->setText(tr("The run failed: %1").arg(message));
    refreshRuns();
    showWarning(tr("The run failed"), message);
    Q_EMIT runEnded(m_liveRunId, stateText(train::RunState::Failed), message);
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

void MainWindow::showRunMenu(const QPoint& pos)
{
    const auto index = m_table->indexAt(pos);
    if (!index.isValid()) {
        return;
    }
    const RunRow* run = m_runs->run(m_sortedRuns->mapToSource(index).row());
    if (run == nullptr) {
        return;
    }
    // Values, not the row: the list may refresh while the menu is open.
    const qint64 id = run->id;
    const QString name = run->name;
    const bool live = m_runThread && id == m_liveRunId;
    QMenu menu(this);
    connect(menu.addAction(tr("Rename…")), &QAction::triggered, this,
        [=, this] { askRename(id, name); });
    connect(menu.addAction(tr("Add tag…")), &QAction::triggered, this, [=, this] { askTag(id); });
    connect(menu.addAction(tr("Notes…")), &QAction::triggered, this, [=, this] { askNotes(id); });
    auto* reuse = menu.addAction(tr("Use its teacher for the next run"));
    reuse->setEnabled(run->state() == train::RunState::Finished);
    connect(reuse, &QAction::triggered, this, [=, this] { reuseTeacherOf(id); });
    connect(menu.addAction(tr("Re-run with changes")), &QAction::triggered, this,
        [=, this] { rerunWithChanges(id); });
    menu.addSeparator();
    connect(menu.addAction(tr("Export as JSON…")), &QAction::triggered, this,
        [=, this] { askExport(id, false); });
    connect(menu.addAction(tr("Export metrics as CSV…")), &QAction::triggered, this,
        [=, this] { askExport(id, true); });
    menu.addSeparator();
    auto* remove = menu.addAction(tr("Delete"));
    remove->setEnabled(!live);
    connect(remove, &QAction::triggered, this, [=, this] { askDelete(id, name); });
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void MainWindow::askRename(qint64 id, const QString& current)
{
    bool ok = false;
    const auto name = QInputDialog::getText(
        this, tr("Rename run %1").arg(id), tr("Name:"), QLineEdit::Normal, current, &ok);
    if (ok && !name.trimmed().isEmpty()) {
        onReader([id, name = name.trimmed()](HistoryReader& r) { r.renameRun(id, name); });
    }
}

void MainWindow::askTag(qint64 id)
{
    bool ok = false;
    const auto text = QInputDialog::getText(
        this, tr("Tag run %1").arg(id), tr("Tag:"), QLineEdit::Normal, {}, &ok);
    if (ok && !text.trimmed().isEmpty()) {
        onReader([id, text = text.trimmed()](HistoryReader& r) { r.addTag(id, text); });
    }
}

void MainWindow::askNotes(qint64 id)
{
    bool ok = false;
    const auto text = QInputDialog::getMultiLineText(
        this, tr("Notes on run %1").arg(id), tr("Notes:"), {}, &ok);
    if (ok) {
        onReader([id, text](HistoryReader& r) { r.setNotes(id, text); });
    }
}

void MainWindow::reuseTeacherOf(qint64 id)
{
    m_document->setTeacherSource(std::to_string(id));
    statusBar()->showMessage(tr("The next run takes its teacher from run %1").arg(id), 8000);
}

void MainWindow::rerunWithChanges(qint64 id)
{
    // The stored config is read on the reader thread; configLoaded puts it into the document.
    onReader([id](HistoryReader& r) { r.loadConfig(id); });
}

void MainWindow::askExport(qint64 id, bool csv)
{
    const auto path = QFileDialog::getSaveFileName(this, tr("Export run %1").arg(id),
        QStringLiteral("run-%1.%2")
            .arg(id)
            .arg(csv ? QStringLiteral("csv") : QStringLiteral("json")),
        csv ? tr("CSV (*.csv)") : tr("Run exports (*.json)"));
    if (!path.isEmpty()) {
        onReader([id, path, csv](HistoryReader& r) { r.exportRun(id, path, csv, !csv); });
    }
}

void MainWindow::askDelete(qint64 id, const QString& name)
{
    const auto answer = QMessageBox::question(this, tr("Delete run %1").arg(id),
        tr("Delete \"%1\" with its curves and saved models? This cannot be undone.").arg(name));
    if (answer != QMessageBox::Yes) {
        return;
    }
    if (m_shownRunId == id) {
        m_shownRunId = -1;
        clearCharts();
    }
    onReader([id](HistoryReader& r) { r.deleteRun(id); });
}

void MainWindow::onRunsListed(const QList<RunRow>& rows)
{
    m_runs->setRuns(rows);
    m_form->modelsForm()->setTeacherSources(rows);
    // The explorer reads the history once the reader has read it (never a damaged file), and
    // lists its runs again whenever the run list is refreshed.
    if (m_explorerHistory != m_historyPath) {
        m_explorerHistory = m_historyPath;
        m_form->temperatureExplorer()->setHistoryPath(m_historyPath);
    } else {
        m_form->temperatureExplorer()->refreshRuns();
    }
    if (m_shownRunId < 0 && !rows.isEmpty() && !m_runThread) {
        showRun(rows.front().id); // the most recent run
    }
    const int row = m_runs->rowOf(m_shownRunId);
    if (row >= 0) {
        const QSignalBlocker block(m_table->selectionModel());
        const auto index = m_sortedRuns->mapFromSource(m_runs->index(row, 0));
        m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    Q_EMIT runsRefreshed();
}

void MainWindow::showRun(qint64 runId)
{
    m_shownRunId = runId;
    QMetaObject::invokeMethod(
        m_reader, [reader = m_reader, runId] { reader->loadCurves(runId); }, Qt::QueuedConnection);
}

void MainWindow::clearCharts()
{
    for (auto* c : m_charts) {
        c->clear();
    }
    m_placeholder->setVisible(true);
}

void MainWindow::plotEpoch(const EpochPoint& e)
{
    m_placeholder->setVisible(false);
    for (std::size_t k = 0; k < chartSpecs().size(); ++k) {
        for (const auto& c : chartSpecs()[k].curves) {
            if (c.phase != e.phase) {
                continue;
            }
            const auto it = e.metrics.find(QString::fromStdString(c.metric));
            if (it != e.metrics.end()) {
                m_charts[static_cast<int>(k)]->append(
                    MetricChart::curveKey(c.phase, c.metric), e.epoch, *it);
            }
        }
    }
}

} // namespace kdw::ui
