// SPDX-License-Identifier: MIT
// Screenshots of the architecture designer (not a test; no assertions): the two tower editors, the
// network drawing and the figures, wired as the experiment document wires them, with the demo's
// networks (teacher 64 -> [256, 128, 64], student 8 -> [16, 8]) and the hint link layers.1 ->
// layers.0. Run under a display of the size asked for:
//   xvfb-run -a -s "-screen 0 1280x720x24" arch_screens 1280 720 light demo out.png
// scenario: demo | problems (student layer 2 of width 0, empty teacher tower) | neumf (NeuMF
// teacher, GMF student, embeddings linked).
#include <cstdlib>
#include <iostream>

#include <QApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QStyleFactory>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/designer/architecture_view.h"
#include "ui/designer/model_stats.h"
#include "ui/designer/tower_editor.h"

namespace {

using kdw::nn::ModelSpec;
using kdw::ui::ModelRole;

ModelSpec mlp(int dim, std::initializer_list<int> widths)
{
    ModelSpec s;
    s.embeddingDim = dim;
    for (const int w : widths) {
        s.layers.push_back({w, kdw::nn::Activation::Relu, 0.0});
    }
    return s;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(230, 230, 230);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(61, 142, 201));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(110, 170, 255));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(140, 140, 140));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(140, 140, 140));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(140, 140, 140));
    return p;
}

struct Scenario {
    ModelSpec teacher;
    ModelSpec student;
    QString teacherRep;
    QString studentRep;
};

Scenario scenario(const QString& name)
{
    if (name == QLatin1String("problems")) {
        ModelSpec student = mlp(8, {16, 0});
        return {mlp(64, {}), student, "layers.1", "layers.0"};
    }
    if (name == QLatin1String("neumf")) {
        ModelSpec teacher = mlp(64, {256, 128, 64});
        teacher.interaction = kdw::nn::InteractionKind::NeuMf;
        teacher.layers[1].dropout = 0.2;
        ModelSpec student = mlp(8, {16, 8});
        student.interaction = kdw::nn::InteractionKind::Gmf;
        return {teacher, student, "gmf", "embedding"};
    }
    return {mlp(64, {256, 128, 64}), mlp(8, {16, 8}), "layers.1", "layers.0"};
}

// The designer as the shell would lay it out: editors on the left, drawing and figures on the
// right; every edit goes to both views.
class Designer : public QWidget {
public:
    explicit Designer(const Scenario& s)
        : m_scenario(s)
    {
        auto* layout = new QHBoxLayout(this);
        auto* split = new QSplitter(this);
        layout->addWidget(split);
        auto* left = new QWidget(split);
        auto* leftLayout = new QVBoxLayout(left);
        for (auto* editor : {&m_teacher, &m_student}) {
            const bool teacher = editor == &m_teacher;
            auto* box = new QGroupBox(teacher ? "Teacher" : "Student", left);
            auto* boxLayout = new QVBoxLayout(box);
            *editor
                = new kdw::ui::TowerEditor(teacher ? ModelRole::Teacher : ModelRole::Student, box);
            boxLayout->addWidget(*editor);
            leftLayout->addWidget(box);
        }
        auto* scroll = new QScrollArea(split);
        scroll->setWidget(left);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        auto* right = new QWidget(split);
        auto* rightLayout = new QVBoxLayout(right);
        m_view = new kdw::ui::ArchitectureView(right);
        m_stats = new kdw::ui::ModelStats(right);
        rightLayout->addWidget(m_view, 1);
        rightLayout->addWidget(m_stats);
        split->addWidget(scroll);
        split->addWidget(right);
        split->setStretchFactor(0, 0);
        split->setStretchFactor(1, 1);
        split->setSizes({420, 800});
        m_teacher->setModel(s.teacher);
        m_student->setModel(s.student);
        m_stats->setCatalogue(943, 1682, true);
        m_view->setLinkedRepresentations(s.teacherRep, s.studentRep);
        m_view->setSelectedLayer(ModelRole::Student, 0);
        m_student->selectLayer(0);
        refresh();
        for (auto* editor : {m_teacher, m_student}) {
            connect(editor, &kdw::ui::TowerEditor::modelEdited, this, [this] { refresh(); });
        }
    }

private:
    void refresh()
    {
        m_view->setModels(m_teacher->model(), m_student->model(), 943, 1682);
        m_stats->setModels(m_teacher->model(), m_student->model());
    }

    Scenario m_scenario;
    kdw::ui::TowerEditor* m_teacher = nullptr;
    kdw::ui::TowerEditor* m_student = nullptr;
    kdw::ui::ArchitectureView* m_view = nullptr;
    kdw::ui::ModelStats* m_stats = nullptr;
};

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc != 6) {
        std::cerr << "usage: arch_screens WIDTH HEIGHT light|dark demo|problems|neumf OUT.png\n";
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    if (QString(argv[3]) == QLatin1String("dark")) {
        QApplication::setPalette(darkPalette());
    }
    Designer window(scenario(argv[4]));
    window.resize(std::atoi(argv[1]), std::atoi(argv[2]));
    window.show();
    const QString out = argv[5];
    QTimer::singleShot(
        300, &window, [&window, out] { QApplication::exit(window.grab().save(out) ? 0 : 1); });
    return QApplication::exec();
}
