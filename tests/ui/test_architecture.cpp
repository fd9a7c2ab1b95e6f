// SPDX-License-Identifier: MIT
// The architecture designer: the tower editor's edits (add, remove, reorder, width, interaction,
// presets) come out as one modelEdited each with the edited spec; its problems are the form's
// sentences; the figures are core's counts; the drawing follows the specs (a block per layer,
// the link between the named representations, clicks, the log scale).
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

#include "core/nn/model_spec.h"
#include "ui/designer/architecture_view.h"
#include "ui/designer/model_presets.h"
#include "ui/designer/model_stats.h"
#include "ui/designer/tower_editor.h"

Q_DECLARE_METATYPE(kdw::nn::ModelSpec)
Q_DECLARE_METATYPE(kdw::ui::ModelRole)

namespace {

using kdw::nn::Activation;
using kdw::nn::InteractionKind;
using kdw::nn::ModelSpec;
using kdw::ui::ModelRole;

constexpr long long kUsers = 943;
constexpr long long kItems = 1682;

ModelSpec mlp(int dim, std::initializer_list<int> widths)
{
    ModelSpec s;
    s.embeddingDim = dim;
    for (const int w : widths) {
        s.layers.push_back({w, Activation::Relu, 0.0});
    }
    return s;
}

// The demo's networks: teacher 64 -> [256, 128, 64], student 8 -> [16, 8].
ModelSpec demoTeacher()
{
    return mlp(64, {256, 128, 64});
}

ModelSpec demoStudent()
{
    return mlp(8, {16, 8});
}

std::vector<int> widths(const ModelSpec& s)
{
    std::vector<int> out;
    for (const auto& l : s.layers) {
        out.push_back(l.units);
    }
    return out;
}

// A visible control of layer `layer` (0-based) in the editor's tower.
template <typename W> W* rowControl(const QWidget& editor, int layer, const QString& tipStart = {})
{
    for (W* w : editor.findChildren<W*>()) {
        if (!w->isHidden() && w->property("kdwLayer").isValid()
            && w->property("kdwLayer").toInt() == layer && w->toolTip().startsWith(tipStart)) {
            return w;
        }
    }
    return nullptr;
}

QPushButton* addButton(const QWidget& editor)
{
    for (auto* b : editor.findChildren<QPushButton*>()) {
        if (b->text() == QLatin1String("Add layer")) {
            return b;
        }
    }
    return nullptr;
}

ModelSpec editedSpec(const QSignalSpy& spy, int i = -1)
{
    return spy.at(i < 0 ? spy.count() - 1 : i).at(0).value<ModelSpec>();
}

} // namespace

class TestArchitecture : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // for the literals
        qRegisterMetaType<ModelSpec>();
        qRegisterMetaType<ModelRole>();
    }

    // What A's document does: every edit goes to the figures and the drawing.
    void addingALayerUpdatesSpecCountsAndDrawing()
    {
        kdw::ui::TowerEditor editor(ModelRole::Student);
        kdw::ui::ModelStats stats;
        kdw::ui::ArchitectureView view;
        editor.setModel(demoStudent());
        stats.setCatalogue(kUsers, kItems, false);
        stats.setModels(demoTeacher(), demoStudent());
        view.setModels(demoTeacher(), demoStudent(), kUsers, kItems);
        connect(&editor, &kdw::ui::TowerEditor::modelEdited, &stats, [&](const ModelSpec& s) {
            stats.setModels(demoTeacher(), s);
            view.setModels(demoTeacher(), s, kUsers, kItems);
        });
        QCOMPARE(view.layerBlockCount(ModelRole::Student), 2);
        QCOMPARE(view.layerBlockCount(ModelRole::Teacher), 3);
        QSignalSpy edited(&editor, &kdw::ui::TowerEditor::modelEdited);

        QTest::mouseClick(addButton(editor), Qt::LeftButton);

        QCOMPARE(edited.count(), 1);
        const ModelSpec s = editedSpec(edited);
        QCOMPARE(widths(s), (std::vector<int> {16, 8, 4})); // the new layer: half the last one
        QCOMPARE(edited.at(0).at(1).toString(), QStringLiteral("Add layer to student"));
        QCOMPARE(widths(editor.model()), widths(s));
        // 8-d tables ((943 + 1682) x 8 = 21,000), dense 16x16+16, 16x8+8, 8x4+4, output 4+1.
        QCOMPARE(kdw::nn::countParameters(s, kUsers, kItems), 21000 + 272 + 136 + 36 + 5);
        QCOMPARE(stats.value(kdw::ui::ModelStats::Figure::Parameters, ModelRole::Student),
            kdw::nn::countParameters(s, kUsers, kItems));
        QCOMPARE(stats.shownText(kdw::ui::ModelStats::Figure::Parameters, ModelRole::Student),
            QLocale().toString(kdw::nn::countParameters(s, kUsers, kItems)));
        QCOMPARE(stats.shownText(kdw::ui::ModelStats::Figure::MultiplyAdds, ModelRole::Student),
            QLocale().toString(kdw::nn::countMultiplyAdds(s)));
        QCOMPARE(view.layerBlockCount(ModelRole::Student), 3);
        QVERIFY(!view.layerBlockRect(ModelRole::Student, 2).isEmpty());
        QCOMPARE(editor.selectedLayer(), 2);
    }

    void removingAndReordering()
    {
        kdw::ui::TowerEditor editor(ModelRole::Student);
        editor.setModel(mlp(8, {16, 8, 4}));
        QSignalSpy edited(&editor, &kdw::ui::TowerEditor::modelEdited);

        QTest::mouseClick(
            rowControl<QToolButton>(editor, 0, "Move layer 1 towards the output"), Qt::LeftButton);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(widths(editedSpec(edited)), (std::vector<int> {8, 16, 4}));
        QCOMPARE(edited.at(0).at(1).toString(), QStringLiteral("Move student layer 1 down"));
        QVERIFY(!rowControl<QToolButton>(editor, 0, "Move layer 1 towards the input")->isEnabled());

        QTest::mouseClick(
            rowControl<QToolButton>(editor, 2, "Move layer 3 towards the input"), Qt::LeftButton);
        QCOMPARE(widths(editedSpec(edited)), (std::vector<int> {8, 4, 16}));

        QTest::mouseClick(rowControl<QToolButton>(editor, 1, "Remove layer 2"), Qt::LeftButton);
        QCOMPARE(edited.count(), 3);
        QCOMPARE(widths(editedSpec(edited)), (std::vector<int> {8, 16}));
        QCOMPARE(edited.at(2).at(1).toString(), QStringLiteral("Remove layer 2 from student"));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCOMPARE(rowControl<QSpinBox>(editor, 2), nullptr); // the third row is gone
        QCOMPARE(rowControl<QSpinBox>(editor, 1)->value(), 16);
    }

    void setModelEmitsNoEdit()
    {
        kdw::ui::TowerEditor editor(ModelRole::Teacher);
        QSignalSpy edited(&editor, &kdw::ui::TowerEditor::modelEdited);
        QSignalSpy selected(&editor, &kdw::ui::TowerEditor::layerSelected);
        editor.setModel(demoTeacher());
        editor.setModel(mlp(16, {4}));
        editor.selectLayer(0);
        QCOMPARE(edited.count(), 0);
        QCOMPARE(selected.count(), 0);
        QCOMPARE(rowControl<QSpinBox>(editor, 0)->value(), 4);
        QVERIFY(rowControl<QToolButton>(editor, 0, "Select layer 1")->isChecked());

        QTest::mouseClick(rowControl<QToolButton>(editor, 0, "Select layer 1"), Qt::LeftButton);
        QTest::mouseClick(rowControl<QToolButton>(editor, 0, "Select layer 1"), Qt::LeftButton);
        QCOMPARE(selected.count(), 2);
        QCOMPARE(selected.at(0).at(0).toInt(), 0);
    }

    void widthZeroAndEmptyTowerAreSaidInTheFormsWords()
    {
        kdw::ui::TowerEditor editor(ModelRole::Student);
        editor.setModel(demoStudent());
        QVERIFY(editor.problems().isEmpty());
        QSignalSpy edited(&editor, &kdw::ui::TowerEditor::modelEdited);
        QSignalSpy changed(&editor, &kdw::ui::TowerEditor::problemsChanged);

        rowControl<QSpinBox>(editor, 1)->setValue(0);

        QCOMPARE(edited.count(), 1);
        QCOMPARE(editedSpec(edited).layers[1].units, 0);
        QCOMPARE(edited.at(0).at(1).toString(), QStringLiteral("Change width of student layer 2"));
        const QString message = QStringLiteral("Student, layer 2: width must be at least 1");
        QCOMPARE(editor.problems(), QStringList {message});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toStringList(), QStringList {message});
        bool shownInPlace = false;
        for (auto* label : editor.findChildren<QLabel*>()) {
            shownInPlace = shownInPlace
                || (!label->isHidden() && label->text().endsWith("width must be at least 1"));
        }
        QVERIFY(shownInPlace);

        editor.setModel(mlp(8, {}));
        QCOMPARE(editor.problems(),
            QStringList {QString::fromUtf8(
                "Student: the tower is empty \u2014 an MLP needs at least one layer")});
        QCOMPARE(changed.count(), 2);
        editor.setModel(demoStudent());
        QVERIFY(editor.problems().isEmpty());
        QCOMPARE(changed.count(), 3);

        const auto found = kdw::ui::towerProblems(
            [] {
                ModelSpec s = mlp(0, {8});
                s.layers[0].dropout = 1.0;
                return s;
            }(),
            ModelRole::Teacher);
        QCOMPARE(found.size(), std::size_t {2});
        QCOMPARE(
            found[0].message, QStringLiteral("Teacher: embedding size must be between 1 and 4096"));
        QCOMPARE(found[1].message,
            QStringLiteral("Teacher, layer 1: dropout must be at least 0 and below 1"));
    }

    void gmfDisablesTheTower()
    {
        kdw::ui::TowerEditor editor(ModelRole::Student);
        editor.setModel(mlp(8, {}));
        QVERIFY(addButton(editor)->isEnabled());
        QSignalSpy edited(&editor, &kdw::ui::TowerEditor::modelEdited);
        auto* interaction = editor.findChild<QComboBox*>();
        for (auto* box : editor.findChildren<QComboBox*>()) {
            if (box->findData("gmf") >= 0) {
                interaction = box;
            }
        }
        interaction->setCurrentIndex(interaction->findData("gmf"));

        QCOMPARE(edited.count(), 1);
        QVERIFY(editedSpec(edited).interaction == InteractionKind::Gmf);
        QCOMPARE(edited.at(0).at(1).toString(), QStringLiteral("Make student a GMF"));
        QVERIFY(!addButton(editor)->isEnabled());
        bool said = false;
        for (auto* label : editor.findChildren<QLabel*>()) {
            said = said
                || (!label->isHidden() && label->text().startsWith("GMF has no hidden layers"));
        }
        QVERIFY(said);
        QVERIFY(editor.problems().isEmpty()); // GMF's empty tower is not a problem

        kdw::ui::ArchitectureView view;
        view.setModels(demoTeacher(), editor.model(), kUsers, kItems);
        QCOMPARE(view.layerBlockCount(ModelRole::Student), 0);
        QVERIFY(!view.representationRect(ModelRole::Student, "embedding").isEmpty());
    }

    void presetsSetEachRolesTower()
    {
        kdw::ui::TowerEditor teacher(ModelRole::Teacher);
        kdw::ui::TowerEditor student(ModelRole::Student);
        teacher.setModel(demoTeacher());
        student.setModel(demoStudent());
        const auto& presets = kdw::ui::modelPresets();
        const auto seed = std::find_if(presets.begin(), presets.end(),
            [](const auto& p) { return p.name == QStringLiteral("The seed article's"); });
        QVERIFY(seed != presets.end());
        const auto index = static_cast<qsizetype>(seed - presets.begin());
        for (auto* editor : {&teacher, &student}) {
            QSignalSpy edited(editor, &kdw::ui::TowerEditor::modelEdited);
            QToolButton* button = nullptr;
            for (auto* b : editor->findChildren<QToolButton*>()) {
                button = b->text() == QLatin1String("Apply a preset") ? b : button;
            }
            QVERIFY(button != nullptr && button->menu() != nullptr);
            QAction* action = button->menu()->actions().at(index);
            QVERIFY(action->text().startsWith(seed->name));
            action->trigger();
            QCOMPARE(edited.count(), 1);
            QCOMPARE(edited.at(0).at(1).toString(),
                QString::fromUtf8("Apply preset \u201cThe seed article's\u201d to %1")
                    .arg(editor == &teacher ? "teacher" : "student"));
        }
        QCOMPARE(widths(teacher.model()), (std::vector<int> {128, 64}));
        QCOMPARE(widths(student.model()), (std::vector<int> {64, 32}));
        QCOMPARE(teacher.model().embeddingDim, 64);
        QCOMPARE(student.model().embeddingDim, 32);
    }

    void linkJoinsTheTwoNamedRepresentations()
    {
        kdw::ui::ArchitectureView view;
        view.setModels(demoTeacher(), demoStudent(), kUsers, kItems);
        QVERIFY(!view.link());
        view.setLinkedRepresentations("layers.1", "layers.0");
        const auto link = view.link();
        QVERIFY(link);
        const QRectF t = view.layerBlockRect(ModelRole::Teacher, 1);
        const QRectF s = view.layerBlockRect(ModelRole::Student, 0);
        QCOMPARE(link->p1(), QPointF(t.right(), t.center().y()));
        QCOMPARE(link->p2(), QPointF(s.left(), s.center().y()));

        view.setLinkedRepresentations("embedding", "embedding");
        QCOMPARE(view.link()->p1().y(),
            view.representationRect(ModelRole::Teacher, "embedding").center().y());

        view.setLinkedRepresentations("layers.1", "layers.5"); // the student has two layers
        QVERIFY(!view.link());
        QVERIFY(view.legend().join('\n').contains("The student has no layer 6 (layers.5)"));
    }

    void clickingABlockEmitsItsRoleAndLayer()
    {
        kdw::ui::ArchitectureView view;
        view.resize(1000, 700);
        view.setModels(demoTeacher(), demoStudent(), kUsers, kItems);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy clicked(&view, &kdw::ui::ArchitectureView::layerClicked);

        for (const auto& [role, layer] :
            {std::pair {ModelRole::Teacher, 2}, std::pair {ModelRole::Student, 0}}) {
            const QPoint at = view.mapFromScene(view.layerBlockRect(role, layer).center());
            QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, at);
        }
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(clicked.at(0).at(0).value<ModelRole>(), ModelRole::Teacher);
        QCOMPARE(clicked.at(0).at(1).toInt(), 2);
        QCOMPARE(clicked.at(1).at(0).value<ModelRole>(), ModelRole::Student);
        QCOMPARE(clicked.at(1).at(1).toInt(), 0);

        const QRectF concat = view.representationRect(ModelRole::Teacher, "embedding");
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(concat.center()));
        QCOMPARE(clicked.count(), 2); // not a layer
    }

    void logScaleAboveTenfold()
    {
        kdw::ui::ArchitectureView view;
        // Widths 32 (student tables) to 256 (teacher layer 1): 8x, drawn linearly.
        view.setModels(demoTeacher(), mlp(32, {64, 32}), kUsers, kItems);
        QVERIFY(!view.logScale());
        const double w256 = view.layerBlockRect(ModelRole::Teacher, 0).width();
        QCOMPARE(w256 / view.layerBlockRect(ModelRole::Teacher, 2).width(), 4.0);
        QCOMPARE(w256 / view.layerBlockRect(ModelRole::Student, 1).width(), 8.0);
        QVERIFY(view.legend().first().startsWith("Block widths to scale"));

        // The demo: 8 (student tables and layer 2) to 256: 32x, log scale, said in the legend.
        view.setModels(demoTeacher(), demoStudent(), kUsers, kItems);
        QVERIFY(view.logScale());
        QVERIFY(view.legend().first().contains("log scale"));
        const double w8 = view.layerBlockRect(ModelRole::Student, 1).width();
        const double w16 = view.layerBlockRect(ModelRole::Student, 0).width();
        const double w64 = view.layerBlockRect(ModelRole::Teacher, 2).width();
        const double w128 = view.layerBlockRect(ModelRole::Teacher, 1).width();
        QVERIFY(w8 < w16 && w16 < w64 && w64 < view.layerBlockRect(ModelRole::Teacher, 0).width());
        QVERIFY(std::abs((w16 - w8) - (view.layerBlockRect(ModelRole::Teacher, 0).width() - w128))
            < 1e-9); // equal ratios, equal steps
    }

    void statsAreCoresCountsAndSayWhenEstimated()
    {
        kdw::ui::ModelStats stats;
        stats.setModels(demoTeacher(), demoStudent());
        stats.setCatalogue(kUsers, kItems, true);
        using F = kdw::ui::ModelStats::Figure;
        const long long t = kdw::nn::countParameters(demoTeacher(), kUsers, kItems);
        const long long s = kdw::nn::countParameters(demoStudent(), kUsers, kItems);
        QCOMPARE(stats.value(F::Parameters, ModelRole::Teacher), t);
        QCOMPARE(stats.value(F::Memory, ModelRole::Teacher), 4 * t);
        QCOMPARE(stats.shownText(F::Parameters, ModelRole::Teacher),
            QString::fromUtf8("\u2248 ") + QLocale().toString(t));
        QVERIFY(stats.catalogueText().contains("estimated"));
        // 242,241 / 21,417 parameters; 73,792 / 392 multiply-adds.
        QCOMPARE(t, 242241);
        QCOMPARE(s, 21417);
        QCOMPARE(stats.ratioText(F::Parameters), QString::fromUtf8("11.3\u00d7 smaller"));
        QCOMPARE(stats.ratioText(F::MultiplyAdds), QString::fromUtf8("188\u00d7 faster"));
        QCOMPARE(
            stats.shownText(F::Memory, ModelRole::Student), QString::fromUtf8("\u2248 85.7 kB"));

        stats.setModels(mlp(64, {}), demoStudent()); // 128 multiply-adds against 392
        QCOMPARE(stats.ratioText(F::MultiplyAdds), QString::fromUtf8("3.06\u00d7 slower"));
        stats.setModels(demoTeacher(), demoStudent());

        stats.setCatalogue(6040, 3706, false);
        QCOMPARE(stats.shownText(F::Parameters, ModelRole::Student),
            QLocale().toString(kdw::nn::countParameters(demoStudent(), 6040, 3706)));
        QVERIFY(!stats.catalogueText().contains("estimated"));
    }
};

QTEST_MAIN(TestArchitecture)
#include "test_architecture.moc"
