// SPDX-License-Identifier: MIT
#include "ui/designer/models_form.h"

#include <algorithm>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStringList>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/nn/model_spec.h"

namespace kdw::ui {

std::vector<int> parseLayerWidths(const QString& text, const std::string& field)
{
    std::vector<int> widths;
    const auto parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const auto& part : parts) {
        bool ok = false;
        const int w = part.trimmed().toInt(&ok);
        if (!ok) {
            throw ConfigError(field + " must be widths separated by commas, e.g. 64, 32 (got '"
                + text.toStdString() + "')");
        }
        widths.push_back(w);
    }
    return widths;
}

namespace {

QString widthsText(const nn::ModelSpec& m)
{
    QStringList parts;
    for (const auto& l : m.layers) {
        parts << QString::number(l.units);
    }
    return parts.join(QStringLiteral(", "));
}

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

QString interactionHelp(nn::InteractionKind kind)
{
    switch (kind) {
    case nn::InteractionKind::Mlp:
        return ModelsForm::tr("MLP: the user and item embeddings are concatenated and passed "
                              "through the hidden layers, which learn how they interact.");
    case nn::InteractionKind::Gmf:
        return ModelsForm::tr("GMF: the embeddings are multiplied element by element (a learned "
                              "matrix factorisation); there are no hidden layers.");
    case nn::InteractionKind::NeuMf:
        return ModelsForm::tr("NeuMF: an MLP tower and a GMF branch side by side, joined before "
                              "the output.");
    }
    return {};
}

} // namespace

ModelsForm::ModelsForm(ExperimentDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
{
    m_teacher.role = ModelRole::Teacher;
    m_student.role = ModelRole::Student;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildModelGroup(tr("Teacher: the large model"), m_teacher));
    m_teacherSource = new QComboBox();
    m_teacherSource->setObjectName(QStringLiteral("teacherSource"));
    m_teacherSource->addItem(tr("Train a new teacher"), QString());
    m_teacherSource->setToolTip(
        tr("Reuse the teacher saved by an earlier run on the same data instead of training one"));
    m_teacher.form->insertRow(0, tr("Source"), m_teacherSource);
    layout->addWidget(buildModelGroup(tr("Student: the small model"), m_student));
    layout->addStretch(1);
    connect(m_teacherSource, &QComboBox::activated, this, [this] {
        const auto from = m_teacherSource->currentData().toString();
        m_document.setTeacherSource(
            from.isEmpty() ? std::nullopt : std::optional<std::string>(from.toStdString()));
    });
    connectModel(m_teacher);
    connectModel(m_student);
    connect(&m_document, &ExperimentDocument::changed, this, &ModelsForm::sync);
    sync(DocumentPart::All);
}

std::string ModelsForm::key(const ModelFields& f, const std::string& rest) const
{
    return (f.role == ModelRole::Teacher ? "teacher." : "student.") + rest;
}

void ModelsForm::addField(
    ModelFields& f, const QString& label, const std::string& path, QWidget* field)
{
    f.form->addRow(label, field);
    auto* note = problemNote();
    f.form->addRow(QString(), note);
    m_marks.add(path, field, note);
}

QWidget* ModelsForm::buildModelGroup(const QString& title, ModelFields& f)
{
    auto* group = new QGroupBox(title);
    f.form = new QFormLayout(group);
    const QString who
        = f.role == ModelRole::Teacher ? QStringLiteral("teacher") : QStringLiteral("student");
    f.embedding = integerBox(key(f, "model.embedding_dim"));
    f.embedding->setObjectName(who + QStringLiteral("Embedding"));
    f.interaction = new QComboBox();
    f.interaction->setObjectName(who + QStringLiteral("Interaction"));
    for (const auto kind :
        {nn::InteractionKind::Mlp, nn::InteractionKind::Gmf, nn::InteractionKind::NeuMf}) {
        f.interaction->addItem(QString::fromStdString(nn::toString(kind)).toUpper(),
            QString::fromStdString(nn::toString(kind)));
        f.interaction->setItemData(
            f.interaction->count() - 1, interactionHelp(kind), Qt::ToolTipRole);
    }
    f.interactionHelp = mutedLabel();
    f.layers = new QLineEdit();
    f.layers->setObjectName(who + QStringLiteral("Layers"));
    f.layers->setPlaceholderText(tr("widths, input side first, e.g. 64, 32"));
    f.layersNote = problemNote();
    f.epochs = integerBox(key(f, "training.epochs"));
    f.epochs->setObjectName(who + QStringLiteral("Epochs"));
    f.learningRate = numberBox(key(f, "training.learning_rate"), 5, 0.0005);
    f.learningRate->setObjectName(who + QStringLiteral("LearningRate"));
    f.earlyStop = new QComboBox();
    f.earlyStop->setObjectName(who + QStringLiteral("EarlyStop"));
    f.earlyStop->setToolTip(
        tr("Stop when this validation metric stops improving (after the patience of the config)"));
    f.size = mutedLabel();
    f.size->setObjectName(who + QStringLiteral("Size"));
    addField(f, tr("Embedding size"), key(f, "model.embedding_dim"), f.embedding);
    addField(f, tr("Interaction"), key(f, "model.interaction"), f.interaction);
    f.form->addRow(QString(), f.interactionHelp);
    addField(f, tr("Hidden layers"), key(f, "model.layers"), f.layers);
    f.form->addRow(QString(), f.layersNote);
    addField(f, tr("Epochs"), key(f, "training.epochs"), f.epochs);
    addField(f, tr("Learning rate"), key(f, "training.learning_rate"), f.learningRate);
    addField(f, tr("Early stopping"), key(f, "training.early_stop_metric"), f.earlyStop);
    f.form->addRow(f.size);
    return group;
}

void ModelsForm::connectModel(ModelFields& f)
{
    connect(f.embedding, &QSpinBox::valueChanged, this, [this, &f] { editModel(f); });
    connect(f.interaction, &QComboBox::activated, this, [this, &f] { editModel(f); });
    connect(f.layers, &QLineEdit::textEdited, this, [this, &f] { editLayers(f); });
    connect(f.epochs, &QSpinBox::valueChanged, this, [this, &f] { editTraining(f, tr("epochs")); });
    connect(f.learningRate, &QDoubleSpinBox::valueChanged, this,
        [this, &f] { editTraining(f, tr("learning rate")); });
    connect(f.earlyStop, &QComboBox::activated, this,
        [this, &f] { editTraining(f, tr("early stopping")); });
}

void ModelsForm::editModel(ModelFields& f)
{
    auto m = f.role == ModelRole::Teacher ? m_document.config().teacher.model
                                          : m_document.config().student.model;
    m.embeddingDim = f.embedding->value();
    m.interaction = nn::parseInteraction(f.interaction->currentData().toString().toStdString());
    m_document.setModel(f.role, m, tr("model"));
}

void ModelsForm::editLayers(ModelFields& f)
{
    // Widths only; each layer keeps its activation and dropout (a new layer: ReLU, no dropout).
    const auto label = fieldLabel(key(f, "model.layers"));
    try {
        const auto widths = parseLayerWidths(f.layers->text(), label.toStdString());
        f.layersProblem.clear();
        auto m = f.role == ModelRole::Teacher ? m_document.config().teacher.model
                                              : m_document.config().student.model;
        std::vector<nn::LayerSpec> layers;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            nn::LayerSpec l = i < m.layers.size() ? m.layers[i] : nn::LayerSpec {};
            l.units = widths[i];
            layers.push_back(l);
        }
        m.layers = layers;
        m_document.setModel(f.role, m, tr("hidden layers"));
    } catch (const ConfigError& e) {
        f.layersProblem = QString::fromUtf8(e.what());
    }
    f.layersNote->setText(f.layersProblem);
    f.layersNote->setVisible(!f.layersProblem.isEmpty());
    Q_EMIT problemsChanged(problems());
}

QStringList ModelsForm::problems() const
{
    QStringList out;
    for (const auto* f : {&m_teacher, &m_student}) {
        if (!f->layersProblem.isEmpty()) {
            out << f->layersProblem;
        }
    }
    return out;
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
    m_marks.show(experimentProblems(m_document.config()));
}

void ModelsForm::syncModel(ModelFields& f)
{
    const auto& c = m_document.config();
    const auto& m = f.role == ModelRole::Teacher ? c.teacher.model : c.student.model;
    const auto& t = f.role == ModelRole::Teacher ? c.teacher.training : c.student.training;
    const QSignalBlocker b1(f.embedding);
    const QSignalBlocker b2(f.interaction);
    const QSignalBlocker b3(f.epochs);
    const QSignalBlocker b4(f.learningRate);
    f.embedding->setValue(m.embeddingDim);
    f.interaction->setCurrentIndex(
        std::max(0, f.interaction->findData(QString::fromStdString(nn::toString(m.interaction)))));
    f.interactionHelp->setText(interactionHelp(m.interaction));
    // The text the user is typing stays while it says the same widths.
    try {
        const auto shown = parseLayerWidths(f.layers->text(), "");
        std::vector<int> widths;
        for (const auto& l : m.layers) {
            widths.push_back(l.units);
        }
        if (shown != widths || !f.layersProblem.isEmpty()) {
            f.layers->setText(widthsText(m));
        }
    } catch (const ConfigError&) {
        f.layers->setText(widthsText(m));
    }
    if (f.layers->text() == widthsText(m) && !f.layersProblem.isEmpty()) {
        f.layersProblem.clear();
        f.layersNote->hide();
        Q_EMIT problemsChanged(problems());
    }
    f.layers->setEnabled(m.interaction != nn::InteractionKind::Gmf);
    f.epochs->setValue(t.epochs);
    f.learningRate->setValue(t.optimizer.learningRate);
    fillEarlyStop(f.earlyStop, earlyStopChoices(c.eval.k), t.earlyStopMetric);
    updateSize(f);
}

void ModelsForm::updateSize(ModelFields& f)
{
    // Parameter count and cost for the catalogue the dataset describes (synthetic sizes; a file's
    // sizes are known once it is read, and the dataset panel shows them).
    const auto& c = m_document.config();
    const auto& m = f.role == ModelRole::Teacher ? c.teacher.model : c.student.model;
    if (f.role == ModelRole::Teacher && c.teacher.fromRun) {
        f.size->setText(tr("The saved teacher is reused: no teacher is trained."));
        return;
    }
    const auto dense = nn::countMultiplyAdds(m);
    f.size->setText(c.dataset.source == "synthetic"
            ? tr("%L1 parameters for %L2 users and %L3 items · %L4 multiply-adds per example")
                  .arg(nn::countParameters(m, c.dataset.synthetic.users, c.dataset.synthetic.items))
                  .arg(c.dataset.synthetic.users)
                  .arg(c.dataset.synthetic.items)
                  .arg(dense)
            : tr("%L1 multiply-adds per example; the parameter count depends on the file's "
                 "users and items")
                  .arg(dense));
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
    for (QWidget* w : {static_cast<QWidget*>(m_teacher.embedding),
             static_cast<QWidget*>(m_teacher.interaction), static_cast<QWidget*>(m_teacher.layers),
             static_cast<QWidget*>(m_teacher.epochs), static_cast<QWidget*>(m_teacher.learningRate),
             static_cast<QWidget*>(m_teacher.earlyStop)}) {
        w->setEnabled(!from);
    }
    updateSize(m_teacher);
}

} // namespace kdw::ui
