// SPDX-License-Identifier: MIT
#include "ui/designer/run_form.h"

#include <algorithm>

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/designer/dataset_panel.h"

namespace kdw::ui {

RunForm::RunForm(ExperimentDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
{
    auto* layout = new QVBoxLayout(this);
    auto* run = new QGroupBox(tr("Run"));
    auto* runForm = new QFormLayout(run);
    m_name = new QLineEdit();
    m_name->setObjectName(QStringLiteral("runName"));
    m_name->setClearButtonEnabled(true);
    m_nameHelp = mutedLabel();
    m_seed = new QSpinBox();
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, 1'000'000'000);
    m_seed->setKeyboardTracking(false);
    const auto field = [this, runForm](const QString& label, const std::string& path, QWidget* w) {
        runForm->addRow(label, w);
        auto* note = problemNote();
        runForm->addRow(note);
        m_marks.add(path, w, note);
    };
    field(tr("Name"), "name", m_name);
    runForm->addRow(QString(), m_nameHelp);
    field(tr("Seed"), "seed", m_seed);
    runForm->addRow(QString(),
        mutedLabel(tr("The seed fixes the split, the sampled negatives and the initial weights: "
                      "the same seed gives the same run.")));
    layout->addWidget(run);

    m_dataset = new DatasetPanel();
    m_dataset->setObjectName(QStringLiteral("datasetPanel"));
    layout->addWidget(m_dataset);
    layout->addStretch(1);

    connect(m_name, &QLineEdit::textEdited, this,
        [this](const QString& text) { m_document.setName(text); });
    connect(m_seed, &QSpinBox::valueChanged, this,
        [this](int seed) { m_document.setSeed(static_cast<std::uint64_t>(seed)); });
    connect(m_dataset, &DatasetPanel::datasetEdited, this,
        [this](const train::DatasetConfig& d, const QString& what) {
            m_document.setDataset(d, what);
        });
    connect(m_dataset, &DatasetPanel::catalogueKnown, this, &RunForm::catalogueKnown);
    connect(&m_document, &ExperimentDocument::changed, this, &RunForm::sync);
    sync(DocumentPart::All);
}

void RunForm::sync(DocumentPart part)
{
    const auto& c = m_document.config();
    if (part == DocumentPart::All || part == DocumentPart::RunIdentity) {
        syncName();
        const QSignalBlocker block(m_seed);
        m_seed->setValue(static_cast<int>(c.seed % 1'000'000'000ULL));
    }
    if (part == DocumentPart::All || part == DocumentPart::Dataset) {
        m_dataset->setDataset(c.dataset);
    }
    if (part == DocumentPart::All || part == DocumentPart::Evaluation) {
        m_dataset->setEvaluationCutoffs(c.eval.k);
    }
    const auto problems = experimentProblems(c);
    m_marks.show(problems);
    m_dataset->showProblems(problems); // each beside its field in the panel
}

void RunForm::syncName()
{
    // The name is always shown as text; while the user has just cleared the field to type a new
    // one, the derived name waits in the placeholder.
    const auto& c = m_document.config();
    const auto name = QString::fromStdString(c.name);
    const bool clearing = m_name->hasFocus() && m_name->text().isEmpty();
    if (!clearing && m_name->text().trimmed() != name) {
        m_name->setText(name);
    }
    m_name->setPlaceholderText(name);
    const bool derived = name == derivedRunName(c);
    m_nameHelp->setText(m_document.nameTyped()
            ? tr("Your name for the run; clear it to name the run after its settings.")
            : derived
            ? tr("Named after the settings until you type a name.")
            : tr("The loaded experiment's name; a changed setting renames the run after its "
                 "settings, until you type a name."));
}

} // namespace kdw::ui
