// SPDX-License-Identifier: MIT
// The temperature explorer offscreen: its probabilities, entropy and KL are core's soft-target
// functions for given scores and T; moving the slider emits temperatureChosen with the log-mapped
// value; a teacher loaded from a real tiny run, on the loader's thread, gives that user's
// candidate list; a run without checkpoint says so.
#include <cmath>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/distill/soft_targets.h"
#include "core/experiment/run_recorder.h"
#include "core/experiment/saved_models.h"
#include "tests/support/configs.h"
#include "ui/charts/bar_chart.h"
#include "ui/charts/curve_chart.h"
#include "ui/designer/field_boxes.h"
#include "ui/designer/temperature_explorer.h"

using kdw::ui::CandidateList;
using kdw::ui::TemperatureExplorer;

namespace {

kdw::Vec<double> vec(const QList<double>& v)
{
    kdw::Vec<double> out(v.size());
    for (int k = 0; k < v.size(); ++k) {
        out[k] = v[k];
    }
    return out;
}

CandidateList listOf(const QList<double>& teacher, const QList<double>& student)
{
    CandidateList c;
    c.userId = QStringLiteral("u7");
    for (int k = 0; k < teacher.size(); ++k) {
        c.itemIds << QStringLiteral("i%1").arg(k);
    }
    c.teacher = teacher;
    c.student = student;
    return c;
}

} // namespace

class ExplorerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void numbersAreCoresSoftTargetFunctions()
    {
        TemperatureExplorer w;
        const QList<double> t {2.5, -1.0, 0.3, 4.0, -3.2};
        const QList<double> s {1.0, 0.2, -0.4, 2.0, -1.0};
        w.showCandidates(listOf(t, s));
        w.setTemperature(3.0);
        const auto p = w.probabilities();
        const auto core = kdw::distill::softmaxWithTemperature<double>(vec(t), 3.0);
        QCOMPARE(p.size(), 5);
        for (int k = 0; k < 5; ++k) {
            QCOMPARE(p[k], core[k]); // the same function, so the same bits
        }
        QCOMPARE(*w.entropy(), kdw::distill::entropyNats<double>(core));
        QCOMPARE(*w.listwiseKl(), kdw::distill::listwiseKl<double>(vec(t), vec(s), 3.0));
        QCOMPARE(*w.pointwiseKl(), kdw::distill::pointwiseKl<double>(vec(t), vec(s), 3.0));

        // A value that matters, by hand: z = (2, 0) at T = 2 gives e / (e + 1) = 0.7310586.
        w.showCandidates(listOf({2.0, 0.0}, {}));
        w.setTemperature(2.0);
        QVERIFY(std::abs(w.probabilities()[0] - 0.7310585786300049) < 1e-12);
        QVERIFY(!w.listwiseKl().has_value()); // no student in this list
        // Higher T: flatter (more entropy), and the bars drawn are those probabilities.
        const double h2 = *w.entropy();
        w.setTemperature(10.0);
        QVERIFY(*w.entropy() > h2);
        QTRY_COMPARE(w.candidateChart()->values(), w.probabilities());
        // The sigmoid view draws sigma(z/T) for the current T (first curve) and the hard label.
        QTRY_VERIFY(w.sigmoidChart()->curveCount() >= 2);
        const auto curve = w.sigmoidChart()->curvePoints(0);
        QVERIFY(!curve.isEmpty());
        for (const auto& pt : curve) {
            QVERIFY(std::abs(pt.y() - kdw::sigmoid(pt.x() / 10.0)) < 1e-12);
        }
    }

    void sliderEmitsTheLogMappedTemperature()
    {
        TemperatureExplorer w;
        QSignalSpy chosen(&w, &TemperatureExplorer::temperatureChosen);
        w.setTemperature(4.0); // from the document: no signal
        QCOMPARE(chosen.count(), 0);
        QCOMPARE(w.temperatureSlider()->value(), kdw::ui::sliderPosition(4.0));
        QCOMPARE(w.temperatureBox()->value(), 4.0);

        // Halfway along the slider is the geometric mean of 0.5 and 20: sqrt(10) = 3.16.
        w.temperatureSlider()->setValue(500);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toDouble(), 3.16);
        QCOMPARE(w.temperatureBox()->value(), 3.16);
        QCOMPARE(w.temperature(), 3.16);
        // The keyboard: End moves to the top of the scale.
        w.temperatureSlider()->setFocus();
        QTest::keyClick(w.temperatureSlider(), Qt::Key_End);
        QCOMPARE(chosen.count(), 2);
        QCOMPARE(chosen.at(1).at(0).toDouble(), 20.0);
        // The box moves the slider and emits once.
        w.temperatureBox()->setValue(1.0);
        QCOMPARE(chosen.count(), 3);
        QCOMPARE(chosen.at(2).at(0).toDouble(), 1.0);
        QCOMPARE(w.temperatureSlider()->value(), kdw::ui::sliderPosition(1.0));
    }

    void loadsATeacherFromARealRunOnTheWorker()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto path = dir.filePath(QStringLiteral("history.sqlite")).toStdString();
        std::int64_t runId = 0;
        std::int64_t bareId = 0;
        {
            kdw::store::History h(path);
            runId = kdw::experiment::runAndRecord(h, kdw::test::tinyConfig("soft_target"), {}, {})
                        .runId;
            kdw::store::NewRun bare; // recorded, stopped before any checkpoint
            bare.name = "bare";
            bare.method = "soft_target";
            bare.configJson = kdw::train::configToJson(kdw::test::tinyConfig("soft_target"));
            bareId = h.createRun(bare);
            h.finishRun(bareId, kdw::train::RunState::Cancelled, 1.0);
        }
        // What core says user 2's list is.
        kdw::store::History reference(path);
        auto models = kdw::experiment::loadSavedModels(reference, runId);
        const auto expected = kdw::experiment::scoreCandidates(models, 2);

        TemperatureExplorer w;
        QSignalSpy listed(&w, &TemperatureExplorer::runsListed);
        QSignalSpy shown(&w, &TemperatureExplorer::candidatesShown);
        w.setHistoryPath(QString::fromStdString(path));
        QVERIFY(listed.wait(10000));
        QCOMPARE(listed.at(0).at(0).toInt(), 1); // the bare run has no teacher: not offered
        QCOMPARE(w.runPicker()->currentData().toLongLong(), static_cast<qlonglong>(runId));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000); // the first user, loaded on its own
        QVERIFY(w.userPicker()->isEnabled());
        w.userPicker()->setValue(3); // the third evaluated user: index 2
        QTRY_VERIFY_WITH_TIMEOUT(w.candidates().userIndex == 2, 20000);
        const auto& got = w.candidates();
        QCOMPARE(got.userId, QString::fromStdString(expected.userId));
        QCOMPARE(got.teacher.size(), static_cast<qsizetype>(expected.teacher.size()));
        QCOMPARE(got.teacher.size(), 50); // the held-out item and 49 sampled negatives
        for (int k = 0; k < got.teacher.size(); ++k) {
            QCOMPARE(got.teacher[k], expected.teacher[static_cast<std::size_t>(k)]);
        }
        QCOMPARE(got.itemIds.at(0), QString::fromStdString(expected.itemIds[0]));
        QVERIFY(w.listwiseKl().has_value()); // the run saved a student
        QCOMPARE(*w.listwiseKl(),
            kdw::distill::listwiseKl<double>(vec(got.teacher), vec(got.student), w.temperature()));

        // A run without a checkpoint: the message says so.
        w.selectRun(bareId);
        QTRY_VERIFY_WITH_TIMEOUT(w.message().contains(QStringLiteral("saved no teacher")), 10000);
    }
};

QTEST_MAIN(ExplorerTest)
#include "test_explorer.moc"
