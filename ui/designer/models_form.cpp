// SPDX-License-Identifier: MIT
#include "ui/designer/models_form.h"

#include <algorithm>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStringList>
#include <QTabWidget>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/nn/model_spec.h"
#include "ui/designer/architecture_view.h"
#include "ui/designer/model_stats.h"
#include "ui/designer/tower_editor.h"

namespace kdw::ui {

namespace {

// The metrics early stopping may watch, from the catalogue: the validation metrics of fixed name
// and the ranking metrics at each evaluated cut-off, kept when core's validation accepts them.
std::vector<eval::MetricInfo> earlyStopChoices(const std::vector<int>& cutoffs)
{
    std::vector<eval::MetricInfo> candidates;
    for (const auto& m : eval::fixedMetrics()) {
        if (m.split == eval::MetricSplit::Validation) {
            candidates.push_back(m);
        }
    }
    for (int k : cutoffs) {
        for (const auto& name :
            {eval::metric::hitRate(k), eval::metric::ndcg(k), eval::metric::mrr(k)}) {
            candidates.push_back(*eval::findMetric(name));
        }
    }
    std::vector<eval::MetricInfo> accepted;
    for (auto& m : candidates) {
        train::ExperimentConfig probe;
        probe.student.training.earlyStopMetric = m.name;
        try {
            probe.validate();
            accepted.push_back(std::move(m));
        } catch (const ConfigError&) {
            continue; // a metric core does not stop on
        }
    }
    return accepted;
}

void fillEarlyStop(
    QComboBox* box, const std::vector<eval::MetricInfo>& choices, const std::string& current)
{
    const QSignalBlocker block(box);
    box->clear();
    box->addItem(ModelsForm::tr("Never"), QString());
    for (const auto& metric : choices) {
        box->addItem(QString::fromStdString(metric.label), QString::fromStdString(metric.name));
        box->setItemData(box->count() - 1, QString::fromStdString(metric.meaning), Qt::ToolTipRole);
    }
    const auto stop = QString::fromStdString(current);
    if (box->findData(stop) < 0) {
        box->addItem(stop, stop);
    }
    box->setCurrentIndex(box->findData(stop));
}

} // namespace

ModelsForm::ModelsForm(ExperimentDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
{
    m_teacher.role = ModelRole::Teacher;
    m_student.role = ModelRole::Student;
    auto* layout = new QVBoxLayout(this);
    m_view = new ArchitectureView();
    m_view->setObjectName(QStringLiteral("architectureView"));
    m_view->setMinimumHeight(220);
    layout->addWidget(m_view);
    m_stats = new ModelStats();
    layout->addWidget(m_stats);
    m_tabs = new QTabWidget();
    m_tabs->setObjectName(QStringLiteral("modelTabs"));
    m_teacherSource = new QComboBox();
    m_teacherSource->setObjectName(QStringLiteral("teacherSource"));
    m_teacherSource->addItem(tr("Train a new teacher"), QString());
    m_teacherSource->setToolTip(
        tr("Reuse the teacher saved by an earlier run on the same data instead of training one"));
    m_tabs->addTab(buildModelTab(m_teacher), tr("Teacher (large)"));
    m_tabs->addTab(buildModelTab(m_student), tr("Student (small)"));
    m_teacher.form->insertRow(0, tr("Source"), m_teacherSource);
    layout->addWidget(m_tabs);
    layout->addStretch(1);
    connect(m_teacherSource, &QComboBox::activated, this, [this] {
        const auto from = m_teacherSource->currentData().toString();
        m_document.setTeacherSource(
            from.isEmpty() ? std::nullopt : std::optional<std::string>(from.toStdString()));
    });
    connect(m_view, &ArchitectureView::layerClicked, this, &ModelsForm::selectLayer);
    connectModel(m_teacher);
    connectModel(m_student);
    connect(&m_document, &ExperimentDocument::changed, this, &ModelsForm::sync);
    sync(DocumentPart::All);
}

std::string ModelsForm::key(const ModelFields& f, const std::string& rest) const
{
    return (f.role == ModelRole::Teacher ? "teacher." : "student.") + rest;
}

TowerEditor* ModelsForm::towerEditor(ModelRole role) const
{
    return role == ModelRole::Teacher ? m_teacher.editor : m_student.editor;
}

void ModelsForm::selectLayer(ModelRole role, int layer)
{
    m_tabs->setCurrentIndex(role == ModelRole::Teacher ? 0 : 1);
    towerEditor(role)->selectLayer(layer);
    m_view->setSelectedLayer(role, layer);
}

void ModelsForm::addField(
    ModelFields& f, const QString& label, const std::string& path, QWidget* field)
{
    f.form->addRow(label, field);
    auto* note = problemNote();
    f.form->addRow(note);
    m_marks.add(path, field, note);
}

QWidget* ModelsForm::buildModelTab(ModelFields& f)
{
    auto* tab = new QWidget();
    auto* layout = new QVBoxLayout(tab);
    f.editor = new TowerEditor(f.role);
    f.editor->setObjectName(f.role == ModelRole::Teacher ? QStringLiteral("teacherTower")
                                                         : QStringLiteral("studentTower"));
    auto* training = new QWidget();
    f.form = new QFormLayout(training);
    f.form->setContentsMargins(0, 0, 0, 0);
    const QString who
        = f.role == ModelRole::Teacher ? QStringLiteral("teacher") : QStringLiteral("student");
    f.epochs = integerBox(key(f, "training.epochs"));
    f.epochs->setObjectName(who + QStringLiteral("Epochs"));
    f.learningRate = numberBox(key(f, "training.learning_rate"), 5, 0.0005);
    f.learningRate->setObjectName(who + QStringLiteral("LearningRate"));
    f.earlyStop = new QComboBox();
    f.earlyStop->setObjectName(who + QStringLiteral("EarlyStop"));
    f.earlyStop->setToolTip(
        tr("Stop when this validation metric stops improving (after the patience of the config)"));
    addField(f, tr("Epochs"), key(f, "training.epochs"), f.epochs);
    addField(f, tr("Learning rate"), key(f, "training.learning_rate"), f.learningRate);
    addField(f, tr("Early stopping"), key(f, "training.early_stop_metric"), f.earlyStop);
    layout->addWidget(training);
    layout->addWidget(f.editor);
    return tab;
}

void ModelsForm::connectModel(ModelFields& f)
{
    connect(f.editor, &TowerEditor::modelEdited, this,
        [this, &f](const nn::ModelSpec& spec, const QString& what) {
            m_document.setModel(f.role, spec, what);
        });
    connect(f.editor, &TowerEditor::layerSelected, this,
        [this, &f](int layer) { m_view->setSelectedLayer(f.role, layer); });
    connect(f.editor, &TowerEditor::problemsChanged, this,
        [this] { Q_EMIT problemsChanged(problems()); });
    connect(f.epochs, &QSpinBox::valueChanged, this, [this, &f] { editTraining(f, tr("epochs")); });
    connect(f.learningRate, &QDoubleSpinBox::valueChanged, this,
        [this, &f] { editTraining(f, tr("learning rate")); });
    connect(f.earlyStop, &QComboBox::activated, this,
        [this, &f] { editTraining(f, tr("early stopping")); });
}

QStringList ModelsForm::problems() const
{
    return m_teacher.editor->problems() + m_student.editor->problems();
}

void ModelsForm::editTraining(ModelFields& f, const QString& what)
{
    auto t = f.role == ModelRole::Teacher ? m_document.config().teacher.training
                                          : m_document.config().student.training;
    t.epochs = f.epochs->value();
    t.optimizer.learningRate = f.learningRate->value();
    t.earlyStopMetric = f.earlyStop->currentData().toString().toStdString();
    m_document.setTraining(f.role, t, what);
}

void ModelsForm::sync(DocumentPart part)
{
    using P = DocumentPart;
    if (part != P::RunIdentity && part != P::Distillation) {
        syncModel(m_teacher);
        syncModel(m_student);
        syncTeacherSource();
    }
    if (part == P::Dataset || part == P::All) {
        m_catalogue.reset(); // the panel reads the new data and says its catalogue
    }
    if (part != P::RunIdentity) {
        syncDrawing();
    }
    m_marks.show(experimentProblems(m_document.config()));
}

void ModelsForm::syncModel(ModelFields& f)
{
    const auto& c = m_document.config();
    const auto& m = f.role == ModelRole::Teacher ? c.teacher.model : c.student.model;
    const auto& t = f.role == ModelRole::Teacher ? c.teacher.training : c.student.training;
    const QSignalBlocker b1(f.epochs);
    const QSignalBlocker b2(f.learningRate);
    f.editor->setModel(m);
    f.epochs->setValue(t.epochs);
    f.learningRate->setValue(t.optimizer.learningRate);
    fillEarlyStop(f.earlyStop, earlyStopChoices(c.eval.k), t.earlyStopMetric);
}

void ModelsForm::setCatalogue(long long users, long long items)
{
    m_catalogue = std::pair {users, items};
    syncDrawing();
}

void ModelsForm::syncDrawing()
{
    // The catalogue the tables are sized for: the one the dataset panel read, else the synthetic
    // set's size (for a file not read yet, the same numbers marked as an estimate).
    const auto& c = m_document.config();
    const bool synthetic = c.dataset.source == "synthetic";
    const auto [users, items] = m_catalogue.value_or(
        std::pair<long long, long long> {c.dataset.synthetic.users, c.dataset.synthetic.items});
    m_view->setModels(c.teacher.model, c.student.model, users, items);
    m_stats->setModels(c.teacher.model, c.student.model);
    m_stats->setCatalogue(users, items, !m_catalogue && !synthetic);
    train::MethodSet set;
    try {
        set = c.distillation.methodSet();
    } catch (const std::exception&) {
        set = {}; // an impossible method draws no link; the form flags it
    }
    const auto& d = c.distillation;
    if (set.has(train::Method::Hint)) {
        m_view->setLinkedRepresentations(QString::fromStdString(d.hint.teacherLayer),
            QString::fromStdString(d.hint.studentLayer));
    } else if (set.has(train::Method::Relation)) {
        const auto layer = QString::fromStdString(d.relation.layer);
        m_view->setLinkedRepresentations(layer, layer);
    } else {
        m_view->setLinkedRepresentations({}, {});
    }
}

void ModelsForm::setTeacherSources(const QList<RunRow>& runs)
{
    const QSignalBlocker block(m_teacherSource);
    m_teacherSource->clear();
    m_teacherSource->addItem(tr("Train a new teacher"), QString());
    for (const auto& r : runs) {
        if (r.state() == train::RunState::Finished) {
            m_teacherSource->addItem(
                tr("Teacher of run %1 · %2")
                    .arg(r.id)
                    .arg(QString(r.name).replace(QLatin1Char('\n'), QLatin1Char(' '))),
                QString::number(r.id));
        }
    }
    syncTeacherSource();
}

void ModelsForm::syncTeacherSource()
{
    const auto& from = m_document.config().teacher.fromRun;
    const QString id = from ? QString::fromStdString(*from) : QString();
    const QSignalBlocker block(m_teacherSource);
    if (m_teacherSource->findData(id) < 0) {
        m_teacherSource->addItem(tr("Run %1").arg(id), id);
    }
    m_teacherSource->setCurrentIndex(m_teacherSource->findData(id));
    // A reused teacher brings its own architecture and training: those fields do not apply.
    for (QWidget* w : {static_cast<QWidget*>(m_teacher.editor),
             static_cast<QWidget*>(m_teacher.epochs), static_cast<QWidget*>(m_teacher.learningRate),
             static_cast<QWidget*>(m_teacher.earlyStop)}) {
        w->setEnabled(!from);
    }
    m_teacher.editor->setToolTip(from
            ? tr("The saved teacher is reused: it brings its own architecture and training")
            : QString());
}

} // namespace kdw::ui
