// SPDX-License-Identifier: MIT
// The main window offscreen, on real tiny runs and temporary histories: Run now and Add to queue
// follow the designer's problems; a run queued from the designer trains on the queue's thread,
// draws its curves and appears in the history browser as a row; selecting a stored run draws its
// curves and its teacher source's teacher curves; re-run with changes and use as teacher reach
// the designer; closing with an active run asks and stores it cancelled with its finished
// epochs; the chart choices and the browser's columns survive a second window; an unreadable
// history is left alone and its newest intact backup offered. The polish (issue 15, part 3): the
// theme override is applied and kept with the docks for a second window; presentation mode hides
// the advanced controls and enlarges the font; Help > Keyboard shortcuts lists Run now with its
// key and no key is bound twice in the window; About shows the Qt and SQLite versions; a failed
// run is posted to the error banner without a modal box.
#include <algorithm>

#include <sqlite3.h> // SQLITE_VERSION: the header Debian builds against (no link needed)

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/store/history.h"
#include "tests/support/configs.h"
#include "ui/charts/chart_board.h"
#include "ui/charts/run_chart.h"
#include "ui/designer/experiment_form.h"
#include "ui/designer/models_form.h"
#include "ui/history/history_browser.h"
#include "ui/history/history_table_model.h"
#include "ui/model/curve_store.h"
#include "ui/model/experiment_document.h"
#include "ui/model/settings.h"
#include "ui/queue/runs_panel.h"
#include "ui/services/run_queue.h"
#include "ui/shell/about_dialog.h"
#include "ui/shell/appearance.h"
#include "ui/shell/error_banner.h"
#include "ui/shell/main_window.h"
#include "ui/shell/shortcuts.h"
#include "ui/shell/shortcuts_dialog.h"

using kdw::ui::MainWindow;

namespace {

// A finished run with `epochs` epochs of `phase`, its config `config` (JSON), taking its teacher
// from `teacherRun` when given.
qint64 addFinishedRun(kdw::store::History& h, const std::string& name, const std::string& phase,
    int epochs, const std::string& config = "{}", std::optional<std::int64_t> teacherRun = {})
{
    kdw::store::NewRun run;
    run.name = name;
    run.method = "none";
    run.configJson = config;
    run.teacherRun = teacherRun;
    const auto id = h.createRun(run);
    for (int e = 1; e <= epochs; ++e) {
        h.appendEpoch(id, {phase, e, {{"hr@10", 0.1 * e}, {"f1", 0.05 * e}}});
    }
    h.finishRun(id, "finished", 1.0);
    return id;
}

// Waits for the window's browser and its first page.
kdw::ui::HistoryBrowser* browserOf(MainWindow& w, int rows)
{
    if (!QTest::qWaitFor([&] { return w.historyBrowser() != nullptr; }, 10000)) {
        return nullptr;
    }
    auto* b = w.historyBrowser();
    return QTest::qWaitFor([&] { return b->model()->rowCount() == rows; }, 10000) ? b : nullptr;
}

void selectRow(kdw::ui::HistoryBrowser* b, int row)
{
    b->view()->selectionModel()->select(
        b->model()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QAction* action(kdw::ui::HistoryBrowser* b, const QString& textStart)
{
    for (auto* a : b->actions()) {
        if (a->text().startsWith(textStart)) {
            return a;
        }
    }
    return nullptr;
}

// Answers the next modal question with `button` (QMessageBox::question blocks in exec()).
void answerNextQuestion(QMessageBox::StandardButton button, bool* asked)
{
    QTimer::singleShot(200, qApp, [button, asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (box != nullptr) {
            *asked = true;
            box->button(button)->click();
        }
    });
}

// The smallest font (points) of the labels under `w`: a chart's legend (0.9 of the chart's font,
// set when the chart is made) beside its empty-state text.
qreal smallestLabelFont(const QWidget* w)
{
    qreal smallest = 1000;
    for (const auto* label : w->findChildren<QLabel*>()) {
        smallest = std::min(smallest, label->font().pointSizeF());
    }
    return smallest;
}

// The window's action named `name` (object name).
QAction* windowAction(MainWindow& w, const QString& name)
{
    return w.findChild<QAction*>(name);
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }

    void runNowAndAddToQueueFollowTheDesignersProblems()
    {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        w.document()->load(kdw::test::tinyConfig("none"), QStringLiteral("test"));
        QVERIFY(w.runNowButton()->isEnabled() && w.addToQueueButton()->isEnabled());
        auto cfg = kdw::test::tinyConfig("none");
        cfg.student.model.layers.at(0).units = 0;
        w.document()->load(cfg, QStringLiteral("test"));
        const auto reason = w.runBlockedBecause();
        QVERIFY2(reason.contains(QStringLiteral("layer 1")), qPrintable(reason));
        for (auto* b : {w.runNowButton(), w.addToQueueButton()}) {
            QVERIFY(!b->isEnabled());
            QVERIFY2(b->toolTip().contains(reason), qPrintable(b->toolTip()));
        }
        QCOMPARE(w.addToQueue(), qint64 {0}); // refused: nothing queued
        QVERIFY(!w.hasActiveRuns());
        // A view's own problem (text the document cannot hold) blocks them too.
        w.document()->load(kdw::test::tinyConfig("none"), QStringLiteral("test"));
        w.setViewProblems(QStringLiteral("dataset"), {QStringLiteral("ratings.csv is missing")});
        QVERIFY(!w.runNowButton()->isEnabled());
        QVERIFY(w.addToQueueButton()->toolTip().contains(QStringLiteral("ratings.csv")));
        w.setViewProblems(QStringLiteral("dataset"), {});
        QVERIFY(w.runNowButton()->isEnabled() && w.addToQueueButton()->isEnabled());
    }

    void aRunQueuedFromTheDesignerFinishesAndIsARowOfTheBrowser()
    {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        w.show();
        QVERIFY(browserOf(w, 0) != nullptr);
        auto cfg = kdw::test::tinyConfig("soft_target");
        cfg.name = "from the designer";
        w.document()->load(cfg, QStringLiteral("test"));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QTest::mouseClick(w.addToQueueButton(), Qt::LeftButton);
        QVERIFY(w.hasActiveRuns());
        // The queue dock's tab counts the active runs; the status bar says which they are.
        QDockWidget* queueDock = nullptr;
        for (auto* d : w.findChildren<QDockWidget*>()) {
            if (d->windowTitle().startsWith(QStringLiteral("Run queue"))) {
                queueDock = d;
            }
        }
        QVERIFY(queueDock != nullptr);
        auto* summary = w.statusBar()->findChild<QLabel*>(QStringLiteral("queueSummary"));
        QVERIFY(summary != nullptr);
        QCOMPARE(queueDock->windowTitle(), QStringLiteral("Run queue (1)"));
        QCOMPARE(summary->text(), QStringLiteral("1 training"));
        // The designer stays editable while the run trains: edits are for the next run.
        auto* seed = w.experimentForm()->findChild<QSpinBox*>(QStringLiteral("seed"));
        QVERIFY(seed != nullptr && seed->isEnabled());
        seed->setValue(11);
        QCOMPARE(w.document()->config().seed, std::uint64_t {11});

        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
        QVERIFY2(ended.at(0).at(1).toString() == QStringLiteral("finished"),
            qPrintable(ended.at(0).at(2).toString()));
        const qint64 runId = ended.at(0).at(0).toLongLong();
        // Its curves are in the charts' store: every epoch of both phases.
        auto* store = w.runsPanel()->store();
        const auto f1 = QStringLiteral("f1");
        QCOMPARE(store->points({runId, QStringLiteral("teacher"), f1}).size(),
            cfg.teacher.training.epochs);
        QCOMPARE(store->points({runId, QStringLiteral("student"), f1}).size(),
            cfg.student.training.epochs);
        // ... and the history browser has it as a finished row.
        auto* b = w.historyBrowser();
        QTRY_COMPARE(b->model()->rowCount(), 1);
        QTRY_COMPARE(b->model()->run(0).status, QStringLiteral("finished"));
        QCOMPARE(b->model()->run(0).id, runId);
        QCOMPARE(b->model()->run(0).name, QStringLiteral("from the designer"));
        QVERIFY(!w.hasActiveRuns());
        QCOMPARE(queueDock->windowTitle(), QStringLiteral("Run queue"));
        QCOMPARE(summary->text(), QString());
    }

    void aQueuedRunThatTakesASharedTeacherDrawsThatTeachersCurves()
    {
        // Two runs with the same teacher and seed: the second takes the first's teacher from the
        // history and draws the first run's teacher curves as its own.
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        auto cfg = kdw::test::tinyConfig("soft_target");
        w.document()->load(cfg, QStringLiteral("test"));
        QSignalSpy ended(&w, &MainWindow::runEnded);
        QVERIFY(w.addToQueue() != 0);
        w.document()->setTemperature(2.0); // another student, the same teacher
        QVERIFY(w.addToQueue() != 0);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 180000);
        const qint64 first = ended.at(0).at(0).toLongLong();
        const qint64 second = ended.at(1).at(0).toLongLong();
        auto* store = w.runsPanel()->store();
        const auto f1 = QStringLiteral("f1");
        const auto teacher = store->points({first, QStringLiteral("teacher"), f1});
        QCOMPARE(teacher.size(), cfg.teacher.training.epochs);
        QTRY_COMPARE(store->points({second, QStringLiteral("teacher"), f1}), teacher);
        QCOMPARE(store->points({second, QStringLiteral("student"), f1}).size(),
            cfg.student.training.epochs);
    }

    void selectingAStoredRunDrawsItAndItsTeacherSourcesTeacher()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        qint64 source = 0;
        qint64 reuser = 0;
        {
            kdw::store::History h(path.toStdString());
            source = addFinishedRun(h, "teacher source", "teacher", 5);
            reuser = addFinishedRun(h, "reuses it", "student", 3, "{}", source);
        }
        MainWindow w(path);
        auto* b = browserOf(w, 2);
        QVERIFY(b != nullptr);
        QSignalSpy shown(&w, &MainWindow::storedRunShown);
        selectRow(b, b->model()->rowOf(reuser));
        QTRY_COMPARE(shown.count(), 1);
        QCOMPARE(shown.at(0).at(0).toLongLong(), reuser);
        auto* store = w.runsPanel()->store();
        const auto hr = QStringLiteral("hr@10");
        QCOMPARE(store->points({reuser, QStringLiteral("student"), hr}).size(), 3);
        // The saved teacher's curves are drawn as this run's teacher curves.
        QCOMPARE(store->points({reuser, QStringLiteral("teacher"), hr}).size(), 5);
        QCOMPARE(store->points({reuser, QStringLiteral("teacher"), hr}).last().y(), 0.5);
        // Another run replaces it.
        selectRow(b, b->model()->rowOf(source));
        QTRY_COMPARE(shown.count(), 2);
        QCOMPARE(store->points({source, QStringLiteral("teacher"), hr}).size(), 5);
        QVERIFY(store->points({reuser, QStringLiteral("student"), hr}).isEmpty());
    }

    void compareOpensAClosableTabBesideTheCharts()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            kdw::store::History h(path.toStdString());
            addFinishedRun(h, "one", "student", 2);
            addFinishedRun(h, "two", "student", 3);
        }
        MainWindow w(path);
        auto* b = browserOf(w, 2);
        QVERIFY(b != nullptr);
        b->view()->selectAll();
        QCOMPARE(b->selectedRunIds().size(), 2);
        action(b, QStringLiteral("Compare"))->trigger();
        auto* tabs = w.centreTabs();
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->tabText(1), QStringLiteral("Compare: 2 runs"));
        QCOMPARE(tabs->currentIndex(), 1);
        QCOMPARE(tabs->widget(1)->objectName(), QStringLiteral("compareView"));
        Q_EMIT tabs->tabCloseRequested(1);
        QCOMPARE(tabs->count(), 1);
        Q_EMIT tabs->tabCloseRequested(0); // the charts stay
        QCOMPARE(tabs->count(), 1);
    }

    void reRunWithChangesAndUseAsTeacherReachTheDesigner()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        auto stored = kdw::test::tinyConfig("soft_target");
        stored.distillation.temperature = 3.5;
        stored.name = "stored";
        qint64 id = 0;
        {
            kdw::store::History h(path.toStdString());
            id = addFinishedRun(h, "stored", "student", 2, kdw::train::configToJson(stored));
        }
        MainWindow w(path);
        w.document()->load(kdw::test::tinyConfig("none"), QStringLiteral("test"));
        auto* b = browserOf(w, 1);
        QVERIFY(b != nullptr);
        selectRow(b, 0);
        QSignalSpy loaded(&w, &MainWindow::rerunLoaded);
        const int stepsBefore = w.document()->undoStack()->count();
        action(b, QStringLiteral("Re-run"))->trigger();
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(loaded.at(0).at(0).toLongLong(), id);
        QCOMPARE(w.document()->config().distillation.method, std::string("soft_target"));
        QCOMPARE(w.document()->config().distillation.temperature, 3.5);
        QCOMPARE(w.document()->undoStack()->count(), stepsBefore + 1); // one undoable step
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->config().distillation.method, std::string("none"));

        w.document()->load(kdw::test::tinyConfig("soft_target"), QStringLiteral("test"));
        QVERIFY(!w.document()->config().teacher.fromRun.has_value());
        action(b, QStringLiteral("Use as teacher"))->trigger();
        QTRY_VERIFY(w.document()->config().teacher.fromRun.has_value());
        QCOMPARE(*w.document()->config().teacher.fromRun, std::to_string(id));
    }

    void closingWithAnActiveRunAsksThenStoresItCancelledWithItsEpochs()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        qint64 runId = 0;
        int epochsSeen = 0;
        {
            MainWindow w(path);
            w.show();
            auto cfg = kdw::test::tinyConfig("none");
            // Long enough never to end on its own between the two questions (200 tiny epochs
            // could, under load); cancelling ends it within one batch.
            cfg.teacher.training.epochs = 100000;
            w.document()->load(cfg, QStringLiteral("test"));
            auto* queue = w.runsPanel()->queue();
            connect(queue, &kdw::ui::RunQueue::epochFinished, this,
                [&](qint64, qint64 run, const kdw::ui::EpochPoint&) {
                    runId = run;
                    ++epochsSeen;
                });
            QVERIFY(w.runNow() != 0);
            QTRY_VERIFY_WITH_TIMEOUT(epochsSeen >= 2, 60000);
            // "No" keeps the window and the run.
            bool asked = false;
            answerNextQuestion(QMessageBox::No, &asked);
            QVERIFY(!w.close());
            QVERIFY(asked);
            QVERIFY(w.hasActiveRuns());
            asked = false;
            answerNextQuestion(QMessageBox::Yes, &asked);
            QVERIFY(w.close());
            QVERIFY(asked);
            QTRY_VERIFY(!w.hasActiveRuns()); // each ended within one batch
        }
        QVERIFY(runId != 0);
        kdw::store::History h(path.toStdString());
        const auto status = h.run(runId)->summary.status;
        QVERIFY2(status == "cancelled", status.c_str());
        // Every epoch it finished is kept (the last one's signal may still be on its way).
        QTRY_COMPARE(static_cast<int>(h.epochs(runId).size()), epochsSeen);
        QVERIFY(epochsSeen >= 2 && epochsSeen < 100000);
    }

    void theThemeAndTheDocksAreKeptForASecondWindow()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            MainWindow w(path);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            auto* dark = windowAction(w, QStringLiteral("theme-dark"));
            QVERIFY(dark != nullptr && dark->isCheckable());
            dark->trigger();
            QCOMPARE(w.appearance()->theme(), kdw::ui::Theme::Dark);
            // Applied: the application's window colour is dark (HSL lightness below half).
            QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 128);
            QTRY_VERIFY2(w.palette().color(QPalette::Base).lightness() < 128,
                qPrintable(w.palette().color(QPalette::Base).name()));
            auto* queueDock = w.findChild<QDockWidget*>(QStringLiteral("queueDock"));
            QVERIFY(queueDock != nullptr);
            queueDock->hide();
            QVERIFY(w.close());
        }
        MainWindow again(path);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.appearance()->theme(), kdw::ui::Theme::Dark);
        QVERIFY(windowAction(again, QStringLiteral("theme-dark"))->isChecked());
        QVERIFY(!windowAction(again, QStringLiteral("theme-system"))->isChecked());
        QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 128);
        QVERIFY(again.findChild<QDockWidget*>(QStringLiteral("queueDock"))->isHidden());
        QVERIFY(!again.findChild<QDockWidget*>(QStringLiteral("historyDock"))->isHidden());
        windowAction(again, QStringLiteral("theme-light"))->trigger();
        QVERIFY(qApp->palette().color(QPalette::Window).lightness() >= 128);
        QCOMPARE(kdw::ui::settings::theme.value(), QStringLiteral("light"));
    }

    void presentationModeHidesAdvancedControlsAndEnlargesTheFontAndIsKept()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        qreal normal = 0;
        {
            MainWindow w(path);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            const auto advanced = w.runsPanel()->board()->advancedControls();
            QVERIFY(advanced.size() >= 3);
            for (auto* c : advanced) {
                QVERIFY(c->isVisible());
            }
            normal = w.experimentForm()->font().pointSizeF();
            auto* chart = w.runsPanel()->board()->chart(QStringLiteral("loss"));
            QVERIFY(chart != nullptr);
            const qreal legendBefore = smallestLabelFont(chart);
            auto* mode = windowAction(w, QStringLiteral("presentationMode"));
            QVERIFY(mode != nullptr);
            QCOMPARE(mode->shortcut(), QKeySequence(kdw::ui::shortcuts::kPresentationMode));
            mode->trigger();
            QVERIFY(w.appearance()->presentationMode());
            for (auto* c : advanced) {
                QVERIFY2(!c->isVisible(), qPrintable(c->metaObject()->className()));
            }
            QVERIFY(!windowAction(w, QStringLiteral("exportChartsAction"))->isVisible());
            // Widgets take the application's font on a posted event.
            QTRY_VERIFY(w.experimentForm()->font().pointSizeF() >= normal * 1.4);
            const qreal big = w.experimentForm()->font().pointSizeF();
            QVERIFY2(
                big >= normal * 1.4, qPrintable(QStringLiteral("%1 -> %2").arg(normal).arg(big)));
            // The charts' legends (a font set at build) grow with it.
            QVERIFY2(smallestLabelFont(chart) >= legendBefore * 1.4,
                qPrintable(
                    QStringLiteral("%1 -> %2").arg(legendBefore).arg(smallestLabelFont(chart))));
            QVERIFY(w.runNowButton()->isVisible()); // not advanced
            QVERIFY(w.close());
        }
        MainWindow again(path);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.appearance()->presentationMode());
        QVERIFY(windowAction(again, QStringLiteral("presentationMode"))->isChecked());
        for (auto* c : again.runsPanel()->board()->advancedControls()) {
            QVERIFY(!c->isVisible());
        }
        // (This process's font is already the first window's enlarged one, which the second
        // Appearance takes as the platform's: compare with the mode's factor, not with `normal`.)
        QTRY_VERIFY(again.experimentForm()->font().pointSizeF() > normal);
        const qreal on = again.experimentForm()->font().pointSizeF();
        windowAction(again, QStringLiteral("presentationMode"))->trigger(); // off
        for (auto* c : again.runsPanel()->board()->advancedControls()) {
            QVERIFY(c->isVisible());
        }
        QTRY_COMPARE(again.experimentForm()->font().pointSizeF(),
            on / kdw::ui::Appearance::kPresentationScale);
    }

    void helpListsTheShortcutsAndNoKeyIsBoundTwice()
    {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        w.show();
        QVERIFY(browserOf(w, 0) != nullptr); // its actions are the window's too
        auto* keys = windowAction(w, QStringLiteral("shortcutsAction"));
        QVERIFY(keys != nullptr);
        QCOMPARE(keys->shortcut(), QKeySequence(kdw::ui::shortcuts::kShowShortcuts));
        keys->trigger();
        auto* dialog = w.findChild<kdw::ui::ShortcutsDialog*>();
        QVERIFY(dialog != nullptr && dialog->isVisible());
        QVERIFY(!dialog->isModal());
        const QString runNowKey
            = QKeySequence(kdw::ui::shortcuts::kRunNow).toString(QKeySequence::NativeText);
        bool listed = false;
        for (const auto& e : dialog->shownEntries()) {
            listed = listed || (e.action == QStringLiteral("Run now") && e.keys == runNowKey);
        }
        QVERIFY2(listed, qPrintable(runNowKey));
        // Every shortcut of the table is bound, to the action it names.
        for (const auto& entry : kdw::ui::shortcuts::kAll) {
            bool bound = false;
            for (const auto* a : w.findChildren<QAction*>()) {
                bound = bound || a->shortcuts().contains(QKeySequence(entry.key));
            }
            QVERIFY2(bound, entry.name);
        }
        // No key twice in the whole window (menus, the browser's, the designer's).
        QHash<QKeySequence, QString> seen;
        for (const auto* a : w.findChildren<QAction*>()) {
            for (const auto& k : a->shortcuts()) {
                QVERIFY2(!seen.contains(k),
                    qPrintable(k.toString() + QStringLiteral(": ") + seen.value(k)
                        + QStringLiteral(" and ") + a->text()));
                seen.insert(k, a->text());
            }
        }
        // Ctrl+F reaches the history's filter box.
        windowAction(w, QStringLiteral("focusFilterAction"))->trigger();
        QTRY_VERIFY(w.historyBrowser()->filterBox()->hasFocus());
    }

    void aboutShowsTheQtAndSqliteVersions()
    {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        w.show();
        windowAction(w, QStringLiteral("aboutAction"))->trigger();
        auto* about = w.findChild<kdw::ui::AboutDialog*>();
        QVERIFY(about != nullptr);
        QTRY_VERIFY(about->isVisible());
        QString text;
        for (const auto* label : about->findChildren<QLabel*>()) {
            text += label->text() + QLatin1Char('\n');
        }
        QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(SQLITE_VERSION)), qPrintable(text));
        about->close();
    }

    void aFailedRunIsPostedToTheErrorBannerWithoutAModalBox()
    {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        w.show();
        QVERIFY(browserOf(w, 0) != nullptr);
        auto* banner = w.errorBanner();
        QVERIFY(banner != nullptr && banner->isHidden());
        auto cfg = kdw::test::tinyConfig("soft_target");
        cfg.dataset.source = "csv";
        cfg.dataset.path = dir.filePath(QStringLiteral("missing-ratings.csv")).toStdString();
        w.runsPanel()->enqueue(cfg); // past the designer's checks, as a saved config would be
        // Its data cannot be read: it fails before it has a history row, said in the banner.
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 60000);
        QVERIFY(!w.hasActiveRuns());
        QVERIFY2(banner->currentSummary().contains(QStringLiteral("failed")),
            qPrintable(banner->currentSummary()));
        QVERIFY2(banner->currentDetails().contains(QStringLiteral("missing-ratings")),
            qPrintable(banner->currentDetails()));
        // A recorded run that fails is posted too (the queue's signal as a failed run ends).
        Q_EMIT w.runsPanel()->runEnded(
            41, QStringLiteral("failed"), QStringLiteral("loss became NaN at epoch 2"));
        QCOMPARE(banner->pendingCount(), 2);
        QVERIFY(QApplication::activeModalWidget() == nullptr);
        QVERIFY(w.findChildren<QMessageBox*>().isEmpty());
        banner->dismiss();
        QCOMPARE(banner->currentSummary(), QStringLiteral("Run 41 failed"));
        QVERIFY(banner->currentDetails().contains(QStringLiteral("loss became NaN at epoch 2")));
        banner->dismiss();
        QVERIFY(banner->isHidden());
    }

    void chartChoicesAndBrowserColumnsSurviveASecondWindow()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        QStringList columns;
        {
            MainWindow w(path);
            w.show();
            auto* board = w.runsPanel()->board();
            QVERIFY(board->chart(QStringLiteral("terms"))->logY()); // its spec's default
            board->setSmoothing(0.45);
            board->setColumns(2);
            board->setChartShown(QStringLiteral("auc"), false);
            board->chart(QStringLiteral("loss"))->setLogY(true);
            board->chart(QStringLiteral("terms"))->setLogY(false);
            auto* b = browserOf(w, 0);
            QVERIFY(b != nullptr);
            columns = b->columnIds();
            QVERIFY(columns.size() > 3);
            columns.removeAt(1);
            columns.move(0, columns.size() - 1);
            b->setColumnIds(columns);
            QCOMPARE(b->columnIds(), columns);
            QVERIFY(w.close());
        }
        MainWindow again(path);
        auto* board = again.runsPanel()->board();
        QCOMPARE(board->smoothing(), 0.45);
        QCOMPARE(board->columns(), 2);
        QCOMPARE(board->hiddenChartIds(), QStringList {QStringLiteral("auc")});
        QVERIFY(!board->shownCharts().contains(board->chart(QStringLiteral("auc"))));
        QVERIFY(board->chart(QStringLiteral("loss"))->logY());
        QVERIFY(!board->chart(QStringLiteral("terms"))->logY());
        auto* b = browserOf(again, 0);
        QVERIFY(b != nullptr);
        QCOMPARE(b->columnIds(), columns);
    }

    void theDesignerShowsEveryMethodAndItsParametersWithoutChangingThem()
    {
        kdw::ui::ExperimentDocument doc;
        kdw::ui::ExperimentForm form(doc);
        const auto box = [&form](const char* name) {
            return form.findChild<QComboBox*>(QString::fromLatin1(name));
        };
        for (const std::string method : {"none", "soft_target", "logit_matching", "ranking", "hint",
                 "relation", "hint+soft_target", "relation+ranking", "hint+logit_matching"}) {
            auto cfg = kdw::test::tinyConfig(method);
            cfg.teacher.model.layers
                = {{32, kdw::nn::Activation::Relu, 0.0}, {16, kdw::nn::Activation::Relu, 0.0}};
            cfg.distillation.temperature = 3.5;
            cfg.distillation.alpha = 0.7;
            cfg.distillation.ranking = {7, 2.5, 0.3};
            cfg.distillation.hint = {"layers.0", "layers.1", 0.25};
            cfg.distillation.relation.layer = "embedding";
            cfg.distillation.relation.distanceWeight = 10;
            cfg.distillation.relation.angleWeight = 20;
            doc.load(cfg, QStringLiteral("test"));
            // Showing a config writes nothing back: the document is exactly what was loaded.
            QCOMPARE(kdw::train::configToJson(doc.config()), kdw::train::configToJson(cfg));
            // The method boxes form the method; every parameter shows the config's value.
            QStringList chosen;
            for (const auto* b : {box("featureMethod"), box("logitMethod")}) {
                if (b->currentIndex() > 0) {
                    chosen << b->currentData().toString();
                }
            }
            QCOMPARE(chosen.isEmpty() ? QStringLiteral("none") : chosen.join(QLatin1Char('+')),
                QString::fromStdString(method));
            QCOMPARE(form.findChild<QDoubleSpinBox*>(QStringLiteral("temperature"))->value(), 3.5);
            QCOMPARE(box("hintStudentLayer")->currentText(), QStringLiteral("layers.0"));
            QCOMPARE(box("hintTeacherLayer")->currentText(), QStringLiteral("layers.1"));
            QCOMPARE(box("relationLayer")->currentText(), QStringLiteral("embedding"));
            QStringList values;
            for (const auto* number : form.findChildren<QDoubleSpinBox*>()) {
                values << QString::number(number->value());
            }
            for (const auto* expected : {"0.7", "2.5", "0.3", "0.25", "10", "20"}) {
                QVERIFY2(values.contains(QLatin1String(expected)), expected);
            }
        }
        // A teacher taken from a saved run.
        auto reuse = kdw::test::tinyConfig("soft_target");
        reuse.teacher.fromRun = "5";
        doc.load(reuse, QStringLiteral("test"));
        auto* source = box("teacherSource");
        QCOMPARE(source->currentData().toString(), QStringLiteral("5"));
        kdw::ui::RunRow row;
        row.id = 5;
        row.name = QStringLiteral("earlier");
        row.status = QStringLiteral("finished");
        form.modelsForm()->setTeacherSources({row});
        QCOMPARE(source->currentData().toString(), QStringLiteral("5"));
        QCOMPARE(*doc.config().teacher.fromRun, std::string("5"));
        source->setCurrentIndex(source->findData(QString()));
        Q_EMIT source->activated(source->currentIndex());
        QVERIFY(!doc.config().teacher.fromRun.has_value());
    }

    void anUnreadableHistoryIsLeftAloneAndItsNewestIntactBackupOffered()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            kdw::store::History h(path.toStdString());
            addFinishedRun(h, "kept", "student", 1);
            kdw::store::backUpHistory(h.database(), path.toStdString());
        }
        // The history itself is destroyed (here: overwritten with text while nothing has it open).
        QFile damaged(path);
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write(QByteArray(2048, 'x'));
        damaged.close();

        MainWindow w(path);
        w.show();
        QTRY_VERIFY(w.recoveryDialog() != nullptr);
        QVERIFY2(w.recoveryDialog()->text().contains(QStringLiteral("not an SQLite database")),
            qPrintable(w.recoveryDialog()->text()));
        QVERIFY2(
            w.recoveryDialog()->informativeText().contains(QStringLiteral("history.sqlite.bak-")),
            qPrintable(w.recoveryDialog()->informativeText()));
        // Nothing is trained into the damaged file meanwhile, and no browser reads it.
        w.document()->load(kdw::test::tinyConfig("none"), QStringLiteral("test"));
        QVERIFY(!w.runNowButton()->isEnabled());
        QCOMPARE(w.runNow(), qint64 {0});
        QVERIFY(!w.hasActiveRuns());
        QVERIFY(w.historyBrowser() == nullptr);

        QAbstractButton* openBackup = nullptr;
        for (auto* b : w.recoveryDialog()->buttons()) {
            openBackup
                = w.recoveryDialog()->buttonRole(b) == QMessageBox::AcceptRole ? b : openBackup;
        }
        QVERIFY(openBackup != nullptr);
        openBackup->click();
        auto* b = browserOf(w, 1);
        QVERIFY(b != nullptr);
        QCOMPARE(b->model()->run(0).name, QStringLiteral("kept"));
        QVERIFY(w.historyPath().startsWith(path + QStringLiteral(".bak-")));
        QVERIFY(w.runNowButton()->isEnabled());

        QVERIFY(damaged.open(QIODevice::ReadOnly)); // nothing has it open: safe to look
        QCOMPARE(damaged.readAll(), QByteArray(2048, 'x'));
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
