// SPDX-License-Identifier: MIT
#include "ui/experiment_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStringList>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "core/nn/model.h"

namespace kdw::ui {

std::vector<int> parseLayerWidths(const QString& text, const std::string& field)
{
    std::vector<int> widths;
    const auto parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const auto& part : parts) {
        bool ok = false;
        const int w = part.trimmed().toInt(&ok);
        if (!ok || w < 1 || w > 65536) {
            throw ConfigError("'" + field + "' must list layer widths separated by commas, e.g. 64, 32 (got '" +
                              text.toStdString() + "')");
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

struct MethodEntry {
    const char* key;
    const char* label;
    const char* help;
};

const MethodEntry kMethods[] = {
    {"none", "None (student alone)", "The baseline: the student learns from the labels only."},
    {"soft_target", "Soft targets (Hinton)", "The student matches the teacher's softened click probability; T softens, α weighs it against the labels."},
    {"logit_matching", "Logit matching", "The student regresses the teacher's logits (mean squared error), weighted by α."},
    {"hint", "Hint (FitNets)", "A learned regressor maps a student layer onto a teacher layer."},
    {"relation", "Relational (RKD)", "The student keeps the distances and angles between examples that the teacher's representations have."},
    {"ranking", "Ranking distillation", "The teacher's top-K unseen items per user become extra, position-weighted positives."},
};

QDoubleSpinBox* rateBox()
{
    auto* box = new QDoubleSpinBox();
    box->setDecimals(5);
    box->setRange(0.00001, 1.0);
    box->setSingleStep(0.0005);
    return box;
}

} // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);

    auto* run = new QGroupBox(tr("Run"));
    auto* runForm = new QFormLayout(run);
    m_name = new QLineEdit();
    m_seed = new QSpinBox();
    m_seed->setRange(0, 1'000'000'000);
    runForm->addRow(tr("Name"), m_name);
    runForm->addRow(tr("Seed"), m_seed);
    layout->addWidget(run);

    auto* dataGroup = new QGroupBox(tr("Dataset"));
    auto* dataForm = new QFormLayout(dataGroup);
    m_source = new QComboBox();
    m_source->addItem(tr("Synthetic (bundled demo)"), QStringLiteral("synthetic"));
    m_source->addItem(tr("MovieLens ratings file"), QStringLiteral("movielens"));
    m_source->addItem(tr("CSV / TSV file"), QStringLiteral("csv"));
    m_path = new QLineEdit();
    m_path->setPlaceholderText(tr("u.data, ratings.dat, ratings.csv …"));
    m_browse = new QPushButton(tr("Browse…"));
    auto* pathRow = new QHBoxLayout();
    pathRow->addWidget(m_path);
    pathRow->addWidget(m_browse);
    m_users = new QSpinBox();
    m_users->setRange(2, 1'000'000);
    m_items = new QSpinBox();
    m_items->setRange(10, 1'000'000);
    dataForm->addRow(tr("Source"), m_source);
    dataForm->addRow(tr("File"), pathRow);
    dataForm->addRow(tr("Users"), m_users);
    dataForm->addRow(tr("Items"), m_items);
    layout->addWidget(dataGroup);

    layout->addWidget(buildModelGroup(tr("Teacher"), m_teacher));
    layout->addWidget(buildModelGroup(tr("Student"), m_student));

    auto* kd = new QGroupBox(tr("Distillation"));
    auto* kdForm = new QFormLayout(kd);
    m_method = new QComboBox();
    for (const auto& m : kMethods) {
        m_method->addItem(tr(m.label), QString::fromLatin1(m.key));
    }
    m_temperature = new QDoubleSpinBox();
    m_temperature->setRange(0.1, 100.0);
    m_temperature->setSingleStep(0.5);
    m_alpha = new QDoubleSpinBox();
    m_alpha->setRange(0.0, 1.0);
    m_alpha->setSingleStep(0.05);
    m_methodHelp = new QLabel();
    m_methodHelp->setWordWrap(true);
    m_methodHelp->setStyleSheet(QStringLiteral("color: palette(mid);"));
    kdForm->addRow(tr("Method"), m_method);
    kdForm->addRow(tr("Temperature T"), m_temperature);
    kdForm->addRow(tr("Weight α"), m_alpha);
    kdForm->addRow(m_methodHelp);
    layout->addWidget(kd);
    layout->addStretch(1);

    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        updateSourceFields();
        Q_EMIT changed();
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        updateMethodFields();
        Q_EMIT changed();
    });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const auto file = QFileDialog::getOpenFileName(this, tr("Choose a ratings file"), m_path->text(),
                                                       tr("Ratings (*.data *.dat *.csv *.tsv *.txt);;All files (*)"));
        if (!file.isEmpty()) {
            m_path->setText(file);
        }
    });
    for (auto* f : {&m_teacher, &m_student}) {
        connect(f->embedding, &QSpinBox::valueChanged, this, &ExperimentPanel::updateSizes);
        connect(f->layers, &QLineEdit::textChanged, this, &ExperimentPanel::updateSizes);
        connect(f->interaction, &QComboBox::currentIndexChanged, this, &ExperimentPanel::updateSizes);
    }
    setConfig(train::ExperimentConfig {});
}

QWidget* ExperimentPanel::buildModelGroup(const QString& title, ModelFields& f)
{
    auto* group = new QGroupBox(title);
    auto* form = new QFormLayout(group);
    f.embedding = new QSpinBox();
    f.embedding->setRange(1, 4096);
    f.interaction = new QComboBox();
    f.interaction->addItem(tr("MLP on concatenated embeddings"), QStringLiteral("mlp"));
    f.interaction->addItem(tr("GMF (element-wise product)"), QStringLiteral("gmf"));
    f.interaction->addItem(tr("NeuMF (both)"), QStringLiteral("neumf"));
    f.layers = new QLineEdit();
    f.layers->setPlaceholderText(tr("e.g. 64, 32"));
    f.epochs = new QSpinBox();
    f.epochs->setRange(1, 100000);
    f.learningRate = rateBox();
    f.size = new QLabel();
    f.size->setStyleSheet(QStringLiteral("color: palette(mid);"));
    form->addRow(tr("Embedding size"), f.embedding);
    form->addRow(tr("Interaction"), f.interaction);
    form->addRow(tr("Hidden layers"), f.layers);
    form->addRow(tr("Epochs"), f.epochs);
    form->addRow(tr("Learning rate"), f.learningRate);
    form->addRow(f.size);
    return group;
}

void ExperimentPanel::setConfig(const train::ExperimentConfig& c)
{
    m_base = c;
    m_name->setText(QString::fromStdString(c.name));
    m_seed->setValue(static_cast<int>(c.seed % 1'000'000'000ULL));
    m_source->setCurrentIndex(std::max(0, m_source->findData(QString::fromStdString(c.dataset.source))));
    m_path->setText(QString::fromStdString(c.dataset.path));
    m_users->setValue(c.dataset.synthetic.users);
    m_items->setValue(c.dataset.synthetic.items);
    const auto setModel = [](ModelFields& f, const nn::ModelSpec& m, const train::TrainingConfig& t) {
        f.embedding->setValue(m.embeddingDim);
        f.interaction->setCurrentIndex(std::max(0, f.interaction->findData(QString::fromStdString(nn::toString(m.interaction)))));
        f.layers->setText(widthsText(m));
        f.epochs->setValue(t.epochs);
        f.learningRate->setValue(t.optimizer.learningRate);
    };
    setModel(m_teacher, c.teacher.model, c.teacher.training);
    setModel(m_student, c.student.model, c.student.training);
    const auto parts = c.distillation.methods();
    const QString first = parts.empty() ? QStringLiteral("none") : QString::fromStdString(parts.back());
    m_method->setCurrentIndex(std::max(0, m_method->findData(first)));
    m_temperature->setValue(c.distillation.temperature);
    m_alpha->setValue(c.distillation.alpha);
    updateSourceFields();
    updateMethodFields();
    updateSizes();
}

train::ExperimentConfig ExperimentPanel::config() const
{
    train::ExperimentConfig c = m_base;
    c.name = m_name->text().trimmed().toStdString();
    if (c.name.empty()) {
        throw ConfigError("'name' must not be empty");
    }
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    c.dataset.source = m_source->currentData().toString().toStdString();
    c.dataset.path = m_path->text().trimmed().toStdString();
    c.dataset.synthetic.users = m_users->value();
    c.dataset.synthetic.items = m_items->value();
    const auto readModel = [](const ModelFields& f, nn::ModelSpec& m, train::TrainingConfig& t, const std::string& who) {
        m.embeddingDim = f.embedding->value();
        m.interaction = nn::parseInteraction(f.interaction->currentData().toString().toStdString());
        const auto widths = parseLayerWidths(f.layers->text(), who + ".model.layers");
        std::vector<nn::LayerSpec> layers;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            nn::LayerSpec l = i < m.layers.size() ? m.layers[i] : nn::LayerSpec {};
            l.units = widths[i];
            layers.push_back(l);
        }
        m.layers = layers;
        t.epochs = f.epochs->value();
        t.optimizer.learningRate = f.learningRate->value();
    };
    readModel(m_teacher, c.teacher.model, c.teacher.training, "teacher");
    readModel(m_student, c.student.model, c.student.training, "student");
    c.distillation.method = m_method->currentData().toString().toStdString();
    c.distillation.temperature = m_temperature->value();
    c.distillation.alpha = m_alpha->value();
    c.validate();
    return c;
}

void ExperimentPanel::updateSourceFields()
{
    const bool synthetic = m_source->currentData().toString() == QLatin1String("synthetic");
    m_path->setEnabled(!synthetic);
    m_browse->setEnabled(!synthetic);
    m_users->setEnabled(synthetic);
    m_items->setEnabled(synthetic);
}

void ExperimentPanel::updateMethodFields()
{
    const auto key = m_method->currentData().toString();
    const bool usesT = key == QLatin1String("soft_target");
    const bool usesAlpha = usesT || key == QLatin1String("logit_matching");
    m_temperature->setEnabled(usesT);
    m_alpha->setEnabled(usesAlpha);
    for (const auto& m : kMethods) {
        if (key == QLatin1String(m.key)) {
            m_methodHelp->setText(tr(m.help));
        }
    }
}

void ExperimentPanel::updateSizes()
{
    // Parameter count and cost of each model for the catalogue the form describes (synthetic
    // sizes; a file's sizes are known once it is read).
    const bool synthetic = m_source->currentData().toString() == QLatin1String("synthetic");
    for (auto* f : {&m_teacher, &m_student}) {
        try {
            nn::ModelSpec spec;
            spec.embeddingDim = f->embedding->value();
            spec.interaction = nn::parseInteraction(f->interaction->currentData().toString().toStdString());
            for (int w : parseLayerWidths(f->layers->text(), "layers")) {
                spec.layers.push_back({w, nn::Activation::Relu, 0.0});
            }
            const auto dense = nn::countMultiplyAdds(spec);
            f->size->setText(synthetic ? tr("%L1 parameters · %L2 multiply-adds per example")
                                             .arg(nn::countParameters(spec, m_users->value(), m_items->value()))
                                             .arg(dense)
                                       : tr("%L1 multiply-adds per example").arg(dense));
            f->layers->setStyleSheet({});
        } catch (const std::exception&) {
            f->size->setText(tr("hidden layers: widths separated by commas"));
            f->layers->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
        }
    }
}

} // namespace kdw::ui
