// SPDX-License-Identifier: MIT
// The experiment as a document, offscreen: every edit is one undoable and redoable step, the
// change signal names the part that changed, a slider drag is one step, the run name follows the
// settings until one is typed, a stored run's config loads for a re-run, problems are said in the
// form's words, and the typed settings round-trip.
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "core/common/error.h"
#include "tests/support/configs.h"
#include "ui/model/experiment_document.h"
#include "ui/model/experiment_problems.h"
#include "ui/model/settings.h"

using kdw::ui::DocumentPart;
using kdw::ui::ExperimentDocument;
using kdw::ui::ModelRole;

Q_DECLARE_METATYPE(kdw::ui::DocumentPart)

namespace {

std::string json(const kdw::train::ExperimentConfig& c)
{
    return kdw::train::configToJson(c);
}

QList<DocumentPart> parts(QSignalSpy& spy)
{
    QList<DocumentPart> out;
    for (const auto& args : spy) {
        out << args.at(0).value<DocumentPart>();
    }
    spy.clear();
    return out;
}

} // namespace

class DocumentTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<DocumentPart>();
    }

    void everyEditIsOneUndoableAndRedoableStepNamingItsPart()
    {
        ExperimentDocument doc;
        doc.load(kdw::test::tinyConfig("soft_target"), QStringLiteral("load"));
        doc.undoStack()->clear();
        const auto start = json(doc.config());
        QSignalSpy changed(&doc, &ExperimentDocument::changed);

        // Each edit, the part it must name, and what it must have changed.
        struct Edit {
            std::function<void()> apply;
            DocumentPart part;
            std::function<bool(const kdw::train::ExperimentConfig&)> applied;
        };
        auto dataset = doc.config().dataset;
        dataset.synthetic.users = 222;
        auto teacherModel = doc.config().teacher.model;
        teacherModel.embeddingDim = 24;
        auto teacherTraining = doc.config().teacher.training;
        teacherTraining.epochs = 3;
        auto studentModel = doc.config().student.model;
        studentModel.layers.push_back({4, kdw::nn::Activation::Tanh, 0.1});
        auto studentTraining = doc.config().student.training;
        studentTraining.optimizer.learningRate = 0.02;
        auto distillation = doc.config().distillation;
        distillation.method = "hint+soft_target";
        kdw::train::EvalConfig eval;
        eval.k = {1, 3};
        const std::vector<Edit> edits {
            {[&] { doc.setName(QStringLiteral("my run")); }, DocumentPart::RunIdentity,
                [](const auto& c) { return c.name == "my run"; }},
            {[&] { doc.setSeed(99); }, DocumentPart::RunIdentity,
                [](const auto& c) { return c.seed == 99; }},
            {[&] { doc.setDataset(dataset, QStringLiteral("users")); }, DocumentPart::Dataset,
                [](const auto& c) { return c.dataset.synthetic.users == 222; }},
            {[&] { doc.setModel(ModelRole::Teacher, teacherModel, QStringLiteral("size")); },
                DocumentPart::TeacherModel,
                [](const auto& c) { return c.teacher.model.embeddingDim == 24; }},
            {[&] { doc.setTraining(ModelRole::Teacher, teacherTraining, QStringLiteral("e")); },
                DocumentPart::TeacherTraining,
                [](const auto& c) { return c.teacher.training.epochs == 3; }},
            {[&] { doc.setTeacherSource(std::string("12")); }, DocumentPart::TeacherSource,
                [](const auto& c) { return c.teacher.fromRun == std::string("12"); }},
            {[&] { doc.setModel(ModelRole::Student, studentModel, QStringLiteral("layers")); },
                DocumentPart::StudentModel,
                [](const auto& c) { return c.student.model.layers.size() == 2; }},
            {[&] { doc.setTraining(ModelRole::Student, studentTraining, QStringLiteral("lr")); },
                DocumentPart::StudentTraining,
                [](const auto& c) { return c.student.training.optimizer.learningRate == 0.02; }},
            {[&] { doc.setDistillation(distillation, QStringLiteral("method")); },
                DocumentPart::Distillation,
                [](const auto& c) { return c.distillation.method == "hint+soft_target"; }},
            {[&] { doc.setTemperature(7.5); }, DocumentPart::Distillation,
                [](const auto& c) { return c.distillation.temperature == 7.5; }},
            {[&] { doc.setEval(eval); }, DocumentPart::Evaluation,
                [](const auto& c) {
                    return c.eval.k == std::vector<int> {1, 3};
                }},
        };
        std::vector<std::string> states {start};
        for (const auto& e : edits) {
            e.apply();
            QVERIFY(e.applied(doc.config()));
            QCOMPARE(parts(changed).front(), e.part);
            states.push_back(json(doc.config()));
        }
        QCOMPARE(doc.undoStack()->count(), static_cast<int>(edits.size()));
        // Undo walks back through every state, naming the part again; redo walks forward.
        for (auto i = edits.size(); i-- > 0;) {
            doc.undoStack()->undo();
            QCOMPARE(json(doc.config()), states[i]);
            QCOMPARE(parts(changed).front(), edits[i].part);
        }
        QCOMPARE(json(doc.config()), start);
        for (std::size_t i = 0; i < edits.size(); ++i) {
            doc.undoStack()->redo();
            QCOMPARE(json(doc.config()), states[i + 1]);
        }
        // An edit that changes nothing is no step.
        doc.setSeed(99);
        QCOMPARE(doc.undoStack()->count(), static_cast<int>(edits.size()));
    }

    void aSliderDragIsOneStepAndUndoReturnsToWhereItStarted()
    {
        ExperimentDocument doc;
        doc.setSeed(1); // a step of another field before the drag
        const double before = doc.config().distillation.temperature;
        for (const double t : {2.0, 2.5, 3.1, 4.4, 6.0}) {
            doc.setTemperature(t);
        }
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(doc.config().distillation.temperature, 6.0);
        doc.undoStack()->undo();
        QCOMPARE(doc.config().distillation.temperature, before);
        QCOMPARE(doc.config().seed, std::uint64_t {1});
        // A temperature set through setDistillation is the same field: it merges too.
        doc.undoStack()->redo();
        auto d = doc.config().distillation;
        d.temperature = 8.0;
        doc.setDistillation(d, ExperimentDocument::tr("temperature"));
        QCOMPARE(doc.undoStack()->count(), 2);
        // Another field ends the merge.
        d.alpha = 0.9;
        doc.setDistillation(d, QStringLiteral("Weight α"));
        doc.setTemperature(9.0);
        QCOMPARE(doc.undoStack()->count(), 4);
        // A drag that returns to where it started leaves no step: undo then undoes α.
        doc.setTemperature(8.0);
        QCOMPARE(doc.undoStack()->count(), 3);
        doc.undoStack()->undo();
        QCOMPARE(doc.config().distillation.alpha, kdw::train::DistillationConfig {}.alpha);
        QCOMPARE(doc.config().distillation.temperature, 8.0);
    }

    void theNameFollowsTheSettingsUntilOneIsTyped()
    {
        ExperimentDocument doc;
        auto cfg = kdw::test::tinyConfig("soft_target");
        cfg.name = "demo: soft targets T=2";
        cfg.student.model.embeddingDim = 8;
        cfg.student.model.layers
            = {{16, kdw::nn::Activation::Relu, 0.0}, {8, kdw::nn::Activation::Relu, 0.0}};
        doc.load(cfg, QStringLiteral("open"));
        QCOMPARE(doc.config().name, cfg.name); // a loaded name is kept until a setting changes
        QSignalSpy changed(&doc, &ExperimentDocument::changed);
        doc.setTemperature(4.0);
        QCOMPARE(QString::fromStdString(doc.config().name),
            QStringLiteral("soft targets T=4, student 8→[16,8]"));
        QCOMPARE(parts(changed), (QList {DocumentPart::Distillation, DocumentPart::RunIdentity}));
        doc.undoStack()->undo();
        QCOMPARE(doc.config().name, cfg.name);
        doc.undoStack()->redo();

        doc.setName(QStringLiteral("lecture 3"));
        QVERIFY(doc.nameTyped());
        doc.setTemperature(2.0);
        QCOMPARE(doc.config().name, std::string("lecture 3"));
        doc.setName(QString()); // cleared: named after the settings again
        QVERIFY(!doc.nameTyped());
        QCOMPARE(QString::fromStdString(doc.config().name),
            QStringLiteral("soft targets T=2, student 8→[16,8]"));
        auto d = doc.config().distillation;
        d.method = "hint";
        doc.setDistillation(d, QStringLiteral("method"));
        QCOMPARE(QString::fromStdString(doc.config().name),
            QStringLiteral("hint layer (FitNets), student 8→[16,8]"));
    }

    void aStoredRunsConfigLoadsForARerunAsOneStep()
    {
        ExperimentDocument doc;
        doc.setSeed(5);
        auto stored = kdw::test::tinyConfig("ranking");
        stored.distillation.ranking.topK = 7;
        QSignalSpy changed(&doc, &ExperimentDocument::changed);
        kdw::ui::loadStoredConfig(doc, QString::fromStdString(json(stored)), 42);
        QCOMPARE(parts(changed), QList {DocumentPart::All});
        QCOMPARE(doc.config().distillation.ranking.topK, 7);
        QCOMPARE(doc.config().seed, stored.seed);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("re-run of run 42"));
        doc.undoStack()->undo();
        QCOMPARE(doc.config().seed, std::uint64_t {5});
        // A config this program cannot read leaves the document as it was.
        QVERIFY_THROWS_EXCEPTION(kdw::ConfigError,
            kdw::ui::loadStoredConfig(doc, QStringLiteral("{\"temprature\": 3}"), 43));
        QCOMPARE(doc.config().seed, std::uint64_t {5});
    }

    void problemsAreSaidInTheWordsOfTheForm()
    {
        auto cfg = kdw::test::tinyConfig("soft_target");
        QVERIFY(kdw::ui::experimentProblems(cfg).isEmpty());
        cfg.distillation.temperature = 0.0;
        auto problems = kdw::ui::experimentProblems(cfg);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].path, std::string("distillation.temperature"));
        QVERIFY2(problems[0].message.startsWith(
                     QStringLiteral("Temperature T must be between 0.01 and 1000")),
            qPrintable(problems[0].message));

        cfg = kdw::test::tinyConfig("hint");
        cfg.student.model.layers[0].units = 0;
        problems = kdw::ui::experimentProblems(cfg);
        QCOMPARE(problems.size(), 1);
        QVERIFY(kdw::ui::concerns(problems[0], "student.model.layers"));
        QVERIFY2(problems[0].message.startsWith(QStringLiteral("Student: width of layer 1 must")),
            qPrintable(problems[0].message));
        QVERIFY(!problems[0].message.contains(QStringLiteral("student.model")));

        // A hint layer the student no longer has (core would refuse it only once training).
        cfg = kdw::test::tinyConfig("hint");
        cfg.distillation.hint.studentLayer = "layers.3";
        problems = kdw::ui::experimentProblems(cfg);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].path, std::string("distillation.hint.student_layer"));
        QVERIFY2(problems[0].message.startsWith(QStringLiteral("Student hint layer: the model has "
                                                               "no layer 'layers.3'")),
            qPrintable(problems[0].message));
    }

    void settingsRoundTripWithTheirDefaults()
    {
        namespace s = kdw::ui::settings;
        QVERIFY(QStandardPaths::isTestModeEnabled());
        for (const auto* setting : {&s::lastConfig, &s::lastConfigFolder}) {
            setting->reset();
        }
        s::recentFiles.reset();
        QCOMPARE(s::lastConfig.value(), QString());
        const kdw::ui::Setting<int> answer(QStringLiteral("test/answer"), 42);
        answer.reset();
        QCOMPARE(answer.value(), 42);
        answer.setValue(7);
        QCOMPARE(answer.value(), 7);
        const kdw::ui::Setting<int> sameKey(QStringLiteral("test/answer"), 0);
        QCOMPARE(sameKey.value(), 7);
        answer.reset();
        QCOMPARE(sameKey.value(), 0);

        s::lastConfigFolder.setValue(QStringLiteral("/data/configs"));
        QCOMPARE(s::lastConfigFolder.value(), QStringLiteral("/data/configs"));
        s::windowGeometry.setValue(QByteArray("\x01\x02", 2));
        QCOMPARE(s::windowGeometry.value(), QByteArray("\x01\x02", 2));
        // Recent files: newest first, once each, at most kMaxRecentFiles.
        for (int i = 0; i < s::kMaxRecentFiles + 3; ++i) {
            s::addRecentFile(QStringLiteral("/c/%1.json").arg(i));
        }
        s::addRecentFile(QStringLiteral("/c/5.json"));
        const auto recent = s::recentFiles.value();
        QCOMPARE(recent.size(), s::kMaxRecentFiles);
        QCOMPARE(recent.front(), QStringLiteral("/c/5.json"));
        QCOMPARE(recent.at(1), QStringLiteral("/c/10.json"));
        QCOMPARE(recent.count(QStringLiteral("/c/5.json")), 1);
    }
};

QTEST_GUILESS_MAIN(DocumentTest)
#include "test_document.moc"
