// SPDX-License-Identifier: MIT
// The main window offscreen: Train starts a run on a worker thread, the charts grow as epochs
// finish, the run appears in the history, and selecting a saved run redraws its curves.
#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/common/error.h"
#include "core/store/backup.h"
#include "core/store/history.h"
#include "tests/support/configs.h"
#include "ui/charts/metric_chart.h"
#include "ui/designer/experiment_form.h"
#include "ui/designer/models_form.h"
#include "ui/history_reader.h"
#include "ui/model/experiment_document.h"
#include "ui/run_list_model.h"
#include "ui/shell/main_window.h"

using kdw::ui::MainWindow;

namespace {

// A finished run with one student epoch.
void addFinishedRun(kdw::store::History& h, const std::string& name)
{
    kdw::store::NewRun run;
    run.name = name;
    run.method = "none";
    run.configJson = "{}";
    const auto id = h.createRun(run);
    h.appendEpoch(id, {"student", 1, {{"hr@10", 0.5}}});
    h.finishRun(id, "finished", 1.0);
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void trainButtonRunsOffTheGuiThreadAndDrawsLiveCurves()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        QAbstractItemModelTester tester(
            w.runModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        w.show();
        auto cfg = kdw::test::tinyConfig("soft_target");
        cfg.dataset.synthetic.users = 400;
        cfg.dataset.synthetic.items = 500;
        cfg.teacher.training.epochs = 12;
        cfg.student.training.epochs = 12;
        w.document()->load(cfg, QStringLiteral("test"));

        QSignalSpy ended(&w, &MainWindow::runEnded);
        auto* loss = w.chart(QStringLiteral("Loss"));
        auto* f1 = w.chart(QStringLiteral("F1"));
        auto* kl = w.chart(QStringLiteral("KL(teacher ‖ student)"));
        QVERIFY(loss && f1 && kl);
        QTest::mouseClick(w.trainButton(), Qt::LeftButton);
        QVERIFY(w.isRunning());
        QVERIFY(!w.trainButton()->isEnabled());
        // The designer stays editable while the run trains: edits are for the next run.
        auto* seed = w.experimentForm()->findChild<QSpinBox*>(QStringLiteral("seed"));
        QVERIFY(seed != nullptr && seed->isEnabled() && w.experimentForm()->isEnabled());
        seed->setValue(11);
        QCOMPARE(w.document()->config().seed, std::uint64_t {11});

        // The curves grow while the run is still going: the GUI thread keeps serving events.
        int seenWhileRunning = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            (seenWhileRunning = f1->pointCount(QStringLiteral("teacher.f1"))) > 0
                || !ended.isEmpty(),
            60000);
        QVERIFY2(ended.isEmpty() && seenWhileRunning < 12,
            "the first epochs must be drawn before the run ends");

        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
        QVERIFY2(ended.at(0).at(1).toString() == QStringLiteral("finished"),
            qPrintable(ended.at(0).at(2).toString()));
        QTRY_COMPARE(f1->pointCount(QStringLiteral("teacher.f1")), 12);
        QCOMPARE(f1->pointCount(QStringLiteral("student.f1")), 12);
        QCOMPARE(loss->pointCount(QStringLiteral("student.val_loss")), 12);
        QCOMPARE(kl->pointCount(QStringLiteral("student.kl")), 12);

        // The run is in the history list, finished, with its final metrics.
        QTRY_COMPARE(w.runModel()->rowCount(), 1);
        QTRY_COMPARE(w.runModel()->run(0)->status, QStringLiteral("finished"));
        QVERIFY(w.runModel()->run(0)->finalMetrics.contains(QStringLiteral("kl")));
        QVERIFY(w.trainButton()->isEnabled());
    }

    void reopeningShowsTheSavedRunsCurves()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            MainWindow w(path);
            w.document()->load(kdw::test::tinyConfig("none"), QStringLiteral("test"));
            QSignalSpy ended(&w, &MainWindow::runEnded);
            w.startRun();
            QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
            QVERIFY2(ended.at(0).at(1).toString() == QStringLiteral("finished"),
                qPrintable(ended.at(0).at(2).toString()));
        }
        MainWindow again(path);
        auto* f1 = again.chart(QStringLiteral("F1"));
        // The most recent run is shown on opening, its curves read on the reader thread.
        QTRY_COMPARE(again.runModel()->rowCount(), 1);
        QTRY_COMPARE(f1->pointCount(QStringLiteral("student.f1")),
            kdw::test::tinyConfig().student.training.epochs);
        QCOMPARE(f1->pointCount(QStringLiteral("teacher.f1")),
            kdw::test::tinyConfig().teacher.training.epochs);
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

    void theBrowsersEditsReachTheHistory()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            kdw::store::History h(path.toStdString());
            addFinishedRun(h, "to edit");
        }
        kdw::ui::HistoryReader reader(path);
        QSignalSpy changed(&reader, &kdw::ui::HistoryReader::changed);
        QSignalSpy errors(&reader, &kdw::ui::HistoryReader::error);
        QSignalSpy listed(&reader, &kdw::ui::HistoryReader::runsListed);
        reader.renameRun(1, QStringLiteral("renamed ✓"));
        reader.addTag(1, QStringLiteral("lecture"));
        reader.setNotes(1, QStringLiteral("two\nlines"));
        const auto exported = dir.filePath(QStringLiteral("run.csv"));
        reader.exportRun(1, exported, true, false);
        QCOMPARE(changed.count(), 4);
        QCOMPARE(errors.count(), 0);
        QVERIFY(QFile::exists(exported));
        reader.listRuns();
        auto rows = listed.takeLast().at(0).value<QList<kdw::ui::RunRow>>();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].name, QStringLiteral("renamed ✓"));
        QCOMPARE(rows[0].finalMetrics.value(QStringLiteral("hr@10")), 0.5);
        reader.renameRun(7, QStringLiteral("nobody"));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.takeFirst().at(0).toString().contains(QStringLiteral("there is no run 7")));
        reader.deleteRun(1);
        reader.listRuns();
        QCOMPARE(listed.takeLast().at(0).value<QList<kdw::ui::RunRow>>().size(), 0);
    }

    void anImpossibleConfigIsRefusedBeforeAnythingRuns()
    {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("history.sqlite")));
        auto cfg = kdw::test::tinyConfig("none");
        cfg.student.model.layers.at(0).units = 0;
        w.document()->load(cfg, QStringLiteral("test"));
        QVERIFY(!w.trainButton()->isEnabled());
        QVERIFY2(w.runBlockedBecause().contains(QStringLiteral("layer 1")),
            qPrintable(w.runBlockedBecause()));
        w.startRun();
        QVERIFY(!w.isRunning());
    }

    void anUnreadableHistoryIsLeftAloneAndItsNewestIntactBackupOffered()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("history.sqlite"));
        {
            kdw::store::History h(path.toStdString());
            addFinishedRun(h, "kept");
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
        // Nothing is trained into the damaged file meanwhile.
        w.document()->load(kdw::test::tinyConfig("none"), QStringLiteral("test"));
        w.startRun();
        QVERIFY(!w.isRunning());

        QAbstractButton* openBackup = nullptr;
        for (auto* b : w.recoveryDialog()->buttons()) {
            openBackup
                = w.recoveryDialog()->buttonRole(b) == QMessageBox::AcceptRole ? b : openBackup;
        }
        QVERIFY(openBackup != nullptr);
        openBackup->click();
        QTRY_COMPARE(w.runModel()->rowCount(), 1);
        QCOMPARE(w.runModel()->run(0)->name, QStringLiteral("kept"));
        QVERIFY(w.historyPath().startsWith(path + QStringLiteral(".bak-")));

        QVERIFY(damaged.open(QIODevice::ReadOnly)); // nothing has it open: safe to look
        QCOMPARE(damaged.readAll(), QByteArray(2048, 'x'));
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
