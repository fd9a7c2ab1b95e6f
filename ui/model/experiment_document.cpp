// SPDX-License-Identifier: MIT
#include "ui/model/experiment_document.h"

#include <QStringList>
#include <QUndoCommand>

#include "core/common/error.h"

namespace kdw::ui {
namespace {

// One edit: the states before and after, the part it touched. Commands with the same non-empty
// merge key merge when consecutive (a slider drag is one step).
class EditCommand : public QUndoCommand {
public:
    EditCommand(ExperimentDocument& document, DocumentState before, DocumentState after,
        DocumentPart part, const QString& text, QString mergeKey)
        : QUndoCommand(text)
        , m_document(document)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_part(part)
        , m_mergeKey(std::move(mergeKey))
    {
    }

    void undo() override { m_document.applyState(m_before, m_part); }
    void redo() override { m_document.applyState(m_after, m_part); }
    [[nodiscard]] int id() const override { return m_mergeKey.isEmpty() ? -1 : kMergeable; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = dynamic_cast<const EditCommand*>(other);
        if (next == nullptr || next->m_mergeKey != m_mergeKey || next->m_part != m_part) {
            return false;
        }
        m_after = next->m_after;
        // A drag that ends where it started leaves no step behind.
        setObsolete(sameState(m_before, m_after));
        return true;
    }

    static bool sameState(const DocumentState& a, const DocumentState& b)
    {
        return a.nameTyped == b.nameTyped
            && train::configToJson(a.config, -1) == train::configToJson(b.config, -1);
    }

private:
    static constexpr int kMergeable = 0x6b6477; // one id for every mergeable edit; keys decide
    ExperimentDocument& m_document;
    DocumentState m_before;
    DocumentState m_after;
    DocumentPart m_part;
    QString m_mergeKey;
};

QString methodWords(const train::MethodSet& set)
{
    if (set.none()) {
        return ExperimentDocument::tr("no distillation");
    }
    QStringList words;
    for (const auto method : set.methods()) {
        const auto label = train::methodInfo(method).label;
        auto text = QString::fromUtf8(label.data(), static_cast<qsizetype>(label.size()));
        text[0] = text[0].toLower();
        words << text;
    }
    return words.join(QStringLiteral(" + "));
}

QString modelWords(const nn::ModelSpec& m)
{
    QString text = QString::number(m.embeddingDim);
    if (m.interaction != nn::InteractionKind::Gmf) {
        QStringList widths;
        for (const auto& l : m.layers) {
            widths << QString::number(l.units);
        }
        text += QStringLiteral("→[%1]").arg(widths.join(QLatin1Char(',')));
    }
    if (m.interaction != nn::InteractionKind::Mlp) {
        text += m.interaction == nn::InteractionKind::Gmf ? QStringLiteral(" GMF")
                                                          : QStringLiteral(" NeuMF");
    }
    return text;
}

} // namespace

QString derivedRunName(const train::ExperimentConfig& config)
{
    train::MethodSet set;
    try {
        set = config.distillation.methodSet();
    } catch (const ConfigError&) {
        set = {}; // an impossible method is flagged by the form; the name says "no distillation"
    }
    QString text = methodWords(set);
    if (set.has(train::Method::SoftTarget)) {
        text += QStringLiteral(" T=%1").arg(config.distillation.temperature, 0, 'g', 3);
    }
    return ExperimentDocument::tr("%1, student %2").arg(text, modelWords(config.student.model));
}

ExperimentDocument::ExperimentDocument(QObject* parent)
    : QObject(parent)
{
    m_state.config.name = derivedRunName(m_state.config).toStdString();
}

void ExperimentDocument::applyState(const DocumentState& state, DocumentPart part)
{
    const bool renamed = state.config.name != m_state.config.name;
    m_state = state;
    Q_EMIT changed(part);
    if (renamed && part != DocumentPart::RunIdentity && part != DocumentPart::All) {
        Q_EMIT changed(DocumentPart::RunIdentity);
    }
}

void ExperimentDocument::push(
    DocumentState next, DocumentPart part, const QString& text, const QString& mergeKey)
{
    if (EditCommand::sameState(m_state, next)) {
        return;
    }
    m_undo.push(new EditCommand(*this, m_state, std::move(next), part, text, mergeKey));
}

void ExperimentDocument::edit(DocumentPart part, const QString& text, const QString& mergeKey,
    const std::function<void(train::ExperimentConfig&)>& change)
{
    DocumentState next = m_state;
    change(next.config);
    if (!next.nameTyped) {
        next.config.name = derivedRunName(next.config).toStdString();
    }
    push(std::move(next), part, text, mergeKey);
}

void ExperimentDocument::setName(const QString& name)
{
    DocumentState next = m_state;
    const auto typed = name.trimmed();
    next.nameTyped = !typed.isEmpty();
    next.config.name
        = next.nameTyped ? typed.toStdString() : derivedRunName(next.config).toStdString();
    push(std::move(next), DocumentPart::RunIdentity, tr("rename the run"), QStringLiteral("name"));
}

void ExperimentDocument::setSeed(std::uint64_t seed)
{
    edit(DocumentPart::RunIdentity, tr("seed"), QStringLiteral("seed"),
        [seed](train::ExperimentConfig& c) { c.seed = seed; });
}

void ExperimentDocument::setDataset(const train::DatasetConfig& dataset, const QString& what)
{
    edit(DocumentPart::Dataset, what, QStringLiteral("dataset/") + what,
        [&dataset](train::ExperimentConfig& c) { c.dataset = dataset; });
}

void ExperimentDocument::setModel(ModelRole role, const nn::ModelSpec& model, const QString& what)
{
    const bool teacher = role == ModelRole::Teacher;
    edit(teacher ? DocumentPart::TeacherModel : DocumentPart::StudentModel, what,
        (teacher ? QStringLiteral("teacher.model/") : QStringLiteral("student.model/")) + what,
        [&model, teacher](
            train::ExperimentConfig& c) { (teacher ? c.teacher.model : c.student.model) = model; });
}

void ExperimentDocument::setTraining(
    ModelRole role, const train::TrainingConfig& training, const QString& what)
{
    const bool teacher = role == ModelRole::Teacher;
    edit(teacher ? DocumentPart::TeacherTraining : DocumentPart::StudentTraining, what,
        (teacher ? QStringLiteral("teacher.training/") : QStringLiteral("student.training/"))
            + what,
        [&training, teacher](train::ExperimentConfig& c) {
            (teacher ? c.teacher.training : c.student.training) = training;
        });
}

void ExperimentDocument::setTeacherSource(const std::optional<std::string>& fromRun)
{
    edit(DocumentPart::TeacherSource, tr("teacher source"), {},
        [&fromRun](train::ExperimentConfig& c) { c.teacher.fromRun = fromRun; });
}

void ExperimentDocument::setDistillation(
    const train::DistillationConfig& distillation, const QString& what)
{
    edit(DocumentPart::Distillation, what, QStringLiteral("distillation/") + what,
        [&distillation](train::ExperimentConfig& c) { c.distillation = distillation; });
}

void ExperimentDocument::setTemperature(double temperature)
{
    // The same step as a temperature edit through setDistillation, so the two merge.
    auto d = config().distillation;
    d.temperature = temperature;
    setDistillation(d, tr("temperature"));
}

void ExperimentDocument::setEval(const train::EvalConfig& eval)
{
    edit(DocumentPart::Evaluation, tr("evaluation"), QStringLiteral("eval"),
        [&eval](train::ExperimentConfig& c) { c.eval = eval; });
}

void ExperimentDocument::load(const train::ExperimentConfig& config, const QString& what)
{
    DocumentState next {config, false};
    if (next.config.name.empty()) {
        next.config.name = derivedRunName(next.config).toStdString();
    }
    push(std::move(next), DocumentPart::All, what, {});
}

void loadStoredConfig(ExperimentDocument& document, const QString& configJson, qint64 runId)
{
    auto config = train::configFromJson(configJson.toStdString());
    config.name = derivedRunName(config).toStdString(); // a new run: not the stored run's name
    document.load(config, ExperimentDocument::tr("re-run of run %1").arg(runId));
}

} // namespace kdw::ui
