// SPDX-License-Identifier: MIT
#include "ui/designer/run_form.h"

#include <algorithm>

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/model/settings.h"

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

    auto* dataGroup = new QGroupBox(tr("Dataset"));
    m_dataForm = new QFormLayout(dataGroup);
    m_source = new QComboBox();
    m_source->setObjectName(QStringLiteral("datasetSource"));
    m_source->addItem(tr("Synthetic (bundled)"), QStringLiteral("synthetic"));
    m_source->addItem(tr("MovieLens ratings file"), QStringLiteral("movielens"));
    m_source->addItem(tr("CSV / TSV file"), QStringLiteral("csv"));
    m_path = new QLineEdit();
    m_path->setObjectName(QStringLiteral("datasetPath"));
    m_path->setPlaceholderText(tr("u.data, ratings.dat, ratings.csv …"));
    m_browse = new QPushButton(tr("Browse…"));
    m_pathRow = new QWidget();
    auto* pathRow = new QHBoxLayout(m_pathRow);
    pathRow->setContentsMargins(0, 0, 0, 0);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    m_users = integerBox("dataset.synthetic.users");
    m_users->setObjectName(QStringLiteral("syntheticUsers"));
    m_items = integerBox("dataset.synthetic.items");
    m_items->setObjectName(QStringLiteral("syntheticItems"));
    m_dataForm->addRow(tr("Source"), m_source);
    const auto dataField = [this](const QString& label, const std::string& path, QWidget* w) {
        m_dataForm->addRow(label, w);
        auto* note = problemNote();
        m_dataForm->addRow(note);
        m_marks.add(path, w, note);
    };
    dataField(tr("File"), "dataset.path", m_pathRow);
    dataField(tr("Users"), "dataset.synthetic.users", m_users);
    dataField(tr("Items"), "dataset.synthetic.items", m_items);
    layout->addWidget(dataGroup);
    layout->addStretch(1);

    connect(m_name, &QLineEdit::textEdited, this,
        [this](const QString& text) { m_document.setName(text); });
    connect(m_seed, &QSpinBox::valueChanged, this,
        [this](int seed) { m_document.setSeed(static_cast<std::uint64_t>(seed)); });
    connect(m_source, &QComboBox::activated, this, [this] { editDataset(tr("dataset source")); });
    connect(m_path, &QLineEdit::editingFinished, this, [this] { editDataset(tr("ratings file")); });
    connect(m_users, &QSpinBox::valueChanged, this, [this] { editDataset(tr("users")); });
    connect(m_items, &QSpinBox::valueChanged, this, [this] { editDataset(tr("items")); });
    connect(m_browse, &QPushButton::clicked, this, &RunForm::browse);
    connect(&m_document, &ExperimentDocument::changed, this, &RunForm::sync);
    sync(DocumentPart::All);
}

void RunForm::browse()
{
    const auto start = m_path->text().isEmpty() ? settings::lastDataFolder.value() : m_path->text();
    const auto file = QFileDialog::getOpenFileName(this, tr("Choose a ratings file"), start,
        tr("Ratings (*.data *.dat *.csv *.tsv *.txt);;All files (*)"));
    if (file.isEmpty()) {
        return;
    }
    settings::lastDataFolder.setValue(QFileInfo(file).absolutePath());
    m_path->setText(file);
    editDataset(tr("ratings file"));
}

void RunForm::editDataset(const QString& what)
{
    auto d = m_document.config().dataset;
    d.source = m_source->currentData().toString().toStdString();
    d.path = m_path->text().trimmed().toStdString();
    d.synthetic.users = m_users->value();
    d.synthetic.items = m_items->value();
    m_document.setDataset(d, what);
}

void RunForm::sync(DocumentPart part)
{
    const auto& c = m_document.config();
    if (part == DocumentPart::All || part == DocumentPart::RunIdentity) {
        // The name is always shown as text; while the user has just cleared the field to type
        // a new one, the derived name waits in the placeholder.
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
                : tr("The loaded experiment's name; a changed setting renames the run after "
                     "its settings, until you type a name."));
        const QSignalBlocker block(m_seed);
        m_seed->setValue(static_cast<int>(c.seed % 1'000'000'000ULL));
    }
    if (part == DocumentPart::All || part == DocumentPart::Dataset) {
        const QSignalBlocker b1(m_source);
        const QSignalBlocker b2(m_users);
        const QSignalBlocker b3(m_items);
        m_source->setCurrentIndex(
            std::max(0, m_source->findData(QString::fromStdString(c.dataset.source))));
        m_path->setText(QString::fromStdString(c.dataset.path));
        m_users->setValue(c.dataset.synthetic.users);
        m_items->setValue(c.dataset.synthetic.items);
        const bool synthetic = c.dataset.source == "synthetic";
        m_dataForm->setRowVisible(m_pathRow, !synthetic);
        m_dataForm->setRowVisible(m_users, synthetic);
        m_dataForm->setRowVisible(m_items, synthetic);
    }
    m_marks.show(experimentProblems(c));
}

} // namespace kdw::ui
