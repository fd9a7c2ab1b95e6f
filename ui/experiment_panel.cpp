// SPDX-License-Identifier: MIT
#include "ui/experiment_panel.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStringList>
#include <QTabWidget>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/nn/model.h"
#include "core/train/vocabulary.h"

namespace kdw::ui {

std::vector<int> parseLayerWidths(const QString& text, const std::string& field)
{
    std::vector<int> widths;
    const auto parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const auto& part : parts) {
        bool ok = false;
        const int w = part.trimmed().toInt(&ok);
        if (!ok || w < 1 || w > 65536) {
            throw ConfigError("'" + field
                + "' must list layer widths separated by commas, e.g. 64, 32 (got '"
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

QString text(std::string_view v)
{
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

// The methods of one family from core's catalogue, in its order, after the catalogue's "none"
// (shown as "None": no method of this family). Each item's data is the method's name and its
// tooltip the method's summary.
void fillMethods(QComboBox* box, train::MethodFamily family)
{
    for (const auto& m : train::methodCatalogue()) {
        if (m.family != family && m.method != train::Method::None) {
            continue;
        }
        box->addItem(m.method == train::Method::None ? ExperimentPanel::tr("None") : text(m.label),
            text(m.name));
        box->setItemData(box->count() - 1, text(m.summary), Qt::ToolTipRole);
    }
}

// The bounds a config field's schema range states ("between 1 and 100000", "in (0, 100)",
// ">= 0", "> 0"); a bound given in words ("between 0 and eval_negatives") is left open-ended.
struct Bounds {
    std::optional<double> lo;
    std::optional<double> hi;
    bool loOpen = false;
    bool hiOpen = false;
};

std::optional<double> number(const std::string& word)
{
    std::istringstream in(word);
    double v = 0.0;
    if (!(in >> v) || !in.eof()) {
        return std::nullopt;
    }
    return v;
}

std::optional<Bounds> schemaBounds(const std::string& path)
{
    for (const auto& f : train::configSchema()) {
        if (f.path != path) {
            continue;
        }
        const std::string& r = f.range;
        Bounds b;
        if (r.starts_with("between ")) {
            const auto and_ = r.find(" and ");
            if (and_ == std::string::npos) {
                return std::nullopt;
            }
            b.lo = number(r.substr(8, and_ - 8));
            b.hi = number(r.substr(and_ + 5));
        } else if (r.starts_with("in ") && r.size() > 5 && (r[3] == '[' || r[3] == '(')) {
            const auto comma = r.find(", ");
            if (comma == std::string::npos) {
                return std::nullopt;
            }
            b.loOpen = r[3] == '(';
            b.hiOpen = r.back() == ')';
            b.lo = number(r.substr(4, comma - 4));
            b.hi = number(r.substr(comma + 2, r.size() - comma - 3));
        } else if (r.starts_with(">= ")) {
            b.lo = number(r.substr(3));
        } else if (r.starts_with("> ")) {
            b.lo = number(r.substr(2));
            b.loOpen = true;
        } else {
            return std::nullopt;
        }
        return b;
    }
    return std::nullopt;
}

// Narrows a box to the range configSchema() states for `path`; bounds the schema leaves open keep
// the box's own (a spin box needs finite ends). An open end steps in by the box's resolution.
void applySchemaRange(QSpinBox* box, const std::string& path)
{
    if (const auto b = schemaBounds(path)) {
        if (b->lo) {
            box->setMinimum(static_cast<int>(std::ceil(*b->lo))
                + (b->loOpen && std::ceil(*b->lo) == *b->lo ? 1 : 0));
        }
        if (b->hi) {
            box->setMaximum(static_cast<int>(std::floor(*b->hi))
                - (b->hiOpen && std::floor(*b->hi) == *b->hi ? 1 : 0));
        }
    }
}

void applySchemaRange(QDoubleSpinBox* box, const std::string& path)
{
    if (const auto b = schemaBounds(path)) {
        const double step = std::pow(10.0, -box->decimals());
        if (b->lo) {
            box->setMinimum(*b->lo + (b->loOpen ? step : 0.0));
        }
        if (b->hi) {
            box->setMaximum(*b->hi - (b->hiOpen ? step : 0.0));
        }
    }
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

nn::ModelSpec specOf(QSpinBox* embedding, QComboBox* interaction, QLineEdit* layers, bool strict)
{
    nn::ModelSpec spec;
    spec.embeddingDim = embedding->value();
    spec.interaction = nn::parseInteraction(interaction->currentData().toString().toStdString());
    std::vector<int> widths;
    try {
        widths = parseLayerWidths(layers->text(), "layers");
    } catch (const ConfigError&) {
        if (strict) {
            throw;
        }
    }
    for (int w : widths) {
        spec.layers.push_back({w, nn::Activation::Relu, 0.0});
    }
    return spec;
}

QDoubleSpinBox* weightBox(double max, double step, int decimals = 2)
{
    auto* box = new QDoubleSpinBox();
    box->setRange(0.0, max);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    return box;
}

QDoubleSpinBox* rateBox()
{
    auto* box = new QDoubleSpinBox();
    box->setDecimals(5);
    box->setRange(0.00001, 1.0);
    box->setSingleStep(0.0005);
    return box;
}

} // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent)
    : QWidget(parent)
{
    // Three pages, the one a demo changes most first: the method, the two models, the data.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* tabs = new QTabWidget();
    outer->addWidget(tabs);
    const auto page = [tabs](const QString& title) {
        auto* scroll = new QScrollArea();
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        auto* content = new QWidget();
        auto* pageLayout = new QVBoxLayout(content);
        scroll->setWidget(content);
        tabs->addTab(scroll, title);
        return pageLayout;
    };
    auto* methodPage = page(tr("Distillation"));
    auto* modelPage = page(tr("Models"));
    auto* layout = page(tr("Data && run"));

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

    layout->addStretch(1);
    modelPage->addWidget(buildModelGroup(tr("Teacher"), "teacher", m_teacher));
    m_teacherSource = new QComboBox();
    m_teacherSource->addItem(tr("Train a new teacher"), QString());
    m_teacherSource->setToolTip(
        tr("Reuse the teacher saved by an earlier run on the same data instead of training one"));
    m_teacher.form->insertRow(0, tr("Source"), m_teacherSource);
    modelPage->addWidget(buildModelGroup(tr("Student"), "student", m_student));
    modelPage->addStretch(1);

    auto* kd = new QGroupBox(tr("Distillation"));
    m_kdForm = new QFormLayout(kd);
    m_logitMethod = new QComboBox();
    m_logitMethod->setObjectName(QStringLiteral("logitMethod"));
    fillMethods(m_logitMethod, train::MethodFamily::Logit);
    m_featureMethod = new QComboBox();
    m_featureMethod->setObjectName(QStringLiteral("featureMethod"));
    fillMethods(m_featureMethod, train::MethodFamily::Feature);
    m_temperature = new QDoubleSpinBox();
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_temperature->setRange(0.1, 100.0);
    m_temperature->setSingleStep(0.5);
    m_alpha = weightBox(1.0, 0.05);
    m_listwise = new QCheckBox(tr("Listwise (softmax over each positive and its negatives)"));
    m_topK = new QSpinBox();
    m_topK->setRange(1, 1000);
    m_lambda = weightBox(1000.0, 0.5);
    m_lambda->setMinimum(0.01);
    m_rankWeight = weightBox(100.0, 0.1);
    m_hintStudent = new QComboBox();
    m_hintStudent->setObjectName(QStringLiteral("hintStudentLayer"));
    m_hintTeacher = new QComboBox();
    m_hintTeacher->setObjectName(QStringLiteral("hintTeacherLayer"));
    m_beta = weightBox(1000.0, 0.1, 3);
    m_relationLayer = new QComboBox();
    m_relationLayer->setObjectName(QStringLiteral("relationLayer"));
    m_distanceWeight = weightBox(1000.0, 1.0);
    m_angleWeight = weightBox(1000.0, 1.0);
    m_methodHelp = new QLabel();
    m_methodHelp->setObjectName(QStringLiteral("methodHelp"));
    m_methodHelp->setWordWrap(true);
    m_methodHelp->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_kdForm->addRow(tr("Output method"), m_logitMethod);
    m_kdForm->addRow(tr("Temperature T"), m_temperature);
    m_kdForm->addRow(tr("Weight α"), m_alpha);
    m_kdForm->addRow(m_listwise);
    m_kdForm->addRow(tr("Top K"), m_topK);
    m_kdForm->addRow(tr("Position decay λ"), m_lambda);
    m_kdForm->addRow(tr("Ranking weight"), m_rankWeight);
    m_kdForm->addRow(tr("Feature method"), m_featureMethod);
    m_kdForm->addRow(tr("Student layer"), m_hintStudent);
    m_kdForm->addRow(tr("Teacher layer"), m_hintTeacher);
    m_kdForm->addRow(tr("Weight β"), m_beta);
    m_kdForm->addRow(tr("Layer"), m_relationLayer);
    m_kdForm->addRow(tr("Distance weight"), m_distanceWeight);
    m_kdForm->addRow(tr("Angle weight"), m_angleWeight);
    m_kdForm->addRow(m_methodHelp);
    methodPage->addWidget(kd);
    // Each method's rows are the config fields its catalogue entry lists; their ranges are the
    // schema's.
    m_methodRows = {{m_temperature, "distillation.temperature"}, {m_alpha, "distillation.alpha"},
        {m_listwise, "distillation.listwise"}, {m_topK, "distillation.ranking.top_k"},
        {m_lambda, "distillation.ranking.lambda"}, {m_rankWeight, "distillation.ranking.weight"},
        {m_hintStudent, "distillation.hint.student_layer"},
        {m_hintTeacher, "distillation.hint.teacher_layer"}, {m_beta, "distillation.hint.beta"},
        {m_relationLayer, "distillation.relation.layer"},
        {m_distanceWeight, "distillation.relation.distance_weight"},
        {m_angleWeight, "distillation.relation.angle_weight"}};
    for (const auto& [widget, path] : m_methodRows) {
        if (auto* box = qobject_cast<QDoubleSpinBox*>(widget)) {
            applySchemaRange(box, std::string(path));
        } else if (auto* intBox = qobject_cast<QSpinBox*>(widget)) {
            applySchemaRange(intBox, std::string(path));
        }
    }
    applySchemaRange(m_users, "dataset.synthetic.users");
    applySchemaRange(m_items, "dataset.synthetic.items");
    methodPage->addStretch(1);

    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        updateSourceFields();
        Q_EMIT changed();
    });
    connect(m_teacherSource, &QComboBox::currentIndexChanged, this, [this] {
        updateTeacherSource();
        Q_EMIT changed();
    });
    for (auto* combo : {m_logitMethod, m_featureMethod}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updateMethodFields();
            Q_EMIT changed();
        });
    }
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const auto file = QFileDialog::getOpenFileName(this, tr("Choose a ratings file"),
            m_path->text(), tr("Ratings (*.data *.dat *.csv *.tsv *.txt);;All files (*)"));
        if (!file.isEmpty()) {
            m_path->setText(file);
        }
    });
    for (auto* f : {&m_teacher, &m_student}) {
        connect(f->embedding, &QSpinBox::valueChanged, this, &ExperimentPanel::updateSizes);
        connect(f->layers, &QLineEdit::textChanged, this, &ExperimentPanel::updateSizes);
        connect(f->layers, &QLineEdit::textChanged, this, &ExperimentPanel::updateLayerChoices);
        connect(f->interaction, &QComboBox::currentIndexChanged, this,
            &ExperimentPanel::updateLayerChoices);
        connect(
            f->interaction, &QComboBox::currentIndexChanged, this, &ExperimentPanel::updateSizes);
    }
    setConfig(train::ExperimentConfig {});
}

QWidget* ExperimentPanel::buildModelGroup(
    const QString& title, const std::string& who, ModelFields& f)
{
    auto* group = new QGroupBox(title);
    auto* form = new QFormLayout(group);
    f.form = form;
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
    f.earlyStop = new QComboBox();
    f.earlyStop->setObjectName(QString::fromStdString(who) + QStringLiteral("EarlyStop"));
    f.earlyStop->setToolTip(
        tr("Stop when this validation metric stops improving (after the patience of the config)"));
    applySchemaRange(f.embedding, who + ".model.embedding_dim");
    applySchemaRange(f.epochs, who + ".training.epochs");
    applySchemaRange(f.learningRate, who + ".training.learning_rate");
    f.size = new QLabel();
    f.size->setStyleSheet(QStringLiteral("color: palette(mid);"));
    form->addRow(tr("Embedding size"), f.embedding);
    form->addRow(tr("Interaction"), f.interaction);
    form->addRow(tr("Hidden layers"), f.layers);
    form->addRow(tr("Epochs"), f.epochs);
    form->addRow(tr("Learning rate"), f.learningRate);
    form->addRow(tr("Early stopping"), f.earlyStop);
    form->addRow(f.size);
    return group;
}

void ExperimentPanel::setConfig(const train::ExperimentConfig& c)
{
    m_base = c;
    m_name->setText(QString::fromStdString(c.name));
    m_seed->setValue(static_cast<int>(c.seed % 1'000'000'000ULL));
    m_source->setCurrentIndex(
        std::max(0, m_source->findData(QString::fromStdString(c.dataset.source))));
    m_path->setText(QString::fromStdString(c.dataset.path));
    m_users->setValue(c.dataset.synthetic.users);
    m_items->setValue(c.dataset.synthetic.items);
    const auto stopChoices = earlyStopChoices(c.eval.k);
    const auto setModel
        = [&stopChoices](ModelFields& f, const nn::ModelSpec& m, const train::TrainingConfig& t) {
              const QSignalBlocker block(f.earlyStop);
              f.earlyStop->clear();
              f.earlyStop->addItem(tr("Never"), QString());
              for (const auto& metric : stopChoices) {
                  f.earlyStop->addItem(
                      QString::fromStdString(metric.label), QString::fromStdString(metric.name));
                  f.earlyStop->setItemData(f.earlyStop->count() - 1,
                      QString::fromStdString(metric.meaning), Qt::ToolTipRole);
              }
              const auto stop = QString::fromStdString(t.earlyStopMetric);
              if (f.earlyStop->findData(stop) < 0) {
                  f.earlyStop->addItem(stop, stop);
              }
              f.earlyStop->setCurrentIndex(f.earlyStop->findData(stop));
              f.embedding->setValue(m.embeddingDim);
              f.interaction->setCurrentIndex(std::max(
                  0, f.interaction->findData(QString::fromStdString(nn::toString(m.interaction)))));
              f.layers->setText(widthsText(m));
              f.epochs->setValue(t.epochs);
              f.learningRate->setValue(t.optimizer.learningRate);
          };
    setModel(m_teacher, c.teacher.model, c.teacher.training);
    const QString from = c.teacher.fromRun ? QString::fromStdString(*c.teacher.fromRun) : QString();
    if (m_teacherSource->findData(from) < 0) {
        m_teacherSource->addItem(tr("Run %1").arg(from), from);
    }
    m_teacherSource->setCurrentIndex(m_teacherSource->findData(from));
    updateTeacherSource();
    setModel(m_student, c.student.model, c.student.training);
    const auto& d = c.distillation;
    m_logitMethod->setCurrentIndex(0);
    m_featureMethod->setCurrentIndex(0);
    for (const auto method : train::MethodSet::parse(d.method).methods()) {
        const auto key = text(train::toString(method));
        if (m_logitMethod->findData(key) > 0) {
            m_logitMethod->setCurrentIndex(m_logitMethod->findData(key));
        }
        if (m_featureMethod->findData(key) > 0) {
            m_featureMethod->setCurrentIndex(m_featureMethod->findData(key));
        }
    }
    m_temperature->setValue(d.temperature);
    m_alpha->setValue(d.alpha);
    m_listwise->setChecked(d.listwise);
    m_topK->setValue(d.ranking.topK);
    m_lambda->setValue(d.ranking.lambda);
    m_rankWeight->setValue(d.ranking.weight);
    m_beta->setValue(d.hint.beta);
    m_distanceWeight->setValue(d.relation.distanceWeight);
    m_angleWeight->setValue(d.relation.angleWeight);
    updateLayerChoices();
    const auto select = [](QComboBox* box, const std::string& name) {
        box->setCurrentIndex(std::max(0, box->findText(QString::fromStdString(name))));
    };
    select(m_hintStudent, d.hint.studentLayer);
    select(m_hintTeacher, d.hint.teacherLayer);
    select(m_relationLayer, d.relation.layer);
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
    const auto readModel = [](const ModelFields& f, nn::ModelSpec& m, train::TrainingConfig& t,
                               const std::string& who) {
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
        t.earlyStopMetric = f.earlyStop->currentData().toString().toStdString();
    };
    readModel(m_teacher, c.teacher.model, c.teacher.training, "teacher");
    const auto from = m_teacherSource->currentData().toString();
    c.teacher.fromRun
        = from.isEmpty() ? std::nullopt : std::optional<std::string>(from.toStdString());
    readModel(m_student, c.student.model, c.student.training, "student");
    auto& d = c.distillation;
    d.method = methodSet().toString();
    d.temperature = m_temperature->value();
    d.alpha = m_alpha->value();
    d.listwise = m_listwise->isChecked();
    d.ranking.topK = m_topK->value();
    d.ranking.lambda = m_lambda->value();
    d.ranking.weight = m_rankWeight->value();
    if (!m_hintStudent->currentText().isEmpty()) {
        d.hint.studentLayer = m_hintStudent->currentText().toStdString();
        d.hint.teacherLayer = m_hintTeacher->currentText().toStdString();
        d.relation.layer = m_relationLayer->currentText().toStdString();
    }
    d.hint.beta = m_beta->value();
    d.relation.distanceWeight = m_distanceWeight->value();
    d.relation.angleWeight = m_angleWeight->value();
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

void ExperimentPanel::setTeacherSources(const QList<RunRow>& runs)
{
    const auto current = m_teacherSource->currentData().toString();
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
    if (m_teacherSource->findData(current) < 0) {
        m_teacherSource->addItem(tr("Run %1").arg(current), current);
    }
    m_teacherSource->setCurrentIndex(m_teacherSource->findData(current));
    updateTeacherSource();
}

void ExperimentPanel::updateTeacherSource()
{
    // A reused teacher brings its own architecture and training: those fields do not apply.
    const bool reused = !m_teacherSource->currentData().toString().isEmpty();
    for (QWidget* w : {static_cast<QWidget*>(m_teacher.embedding),
             static_cast<QWidget*>(m_teacher.interaction), static_cast<QWidget*>(m_teacher.layers),
             static_cast<QWidget*>(m_teacher.epochs), static_cast<QWidget*>(m_teacher.learningRate),
             static_cast<QWidget*>(m_teacher.earlyStop)}) {
        w->setEnabled(!reused);
    }
    if (reused) {
        m_teacher.size->setText(tr("The saved teacher is reused: no teacher is trained."));
    } else {
        updateSizes();
    }
}

train::MethodSet ExperimentPanel::methodSet() const
{
    // The chosen feature and logit methods, as the one set of allMethodSets() holding both.
    std::vector<train::Method> chosen;
    for (const auto* box : {m_featureMethod, m_logitMethod}) {
        const auto method = train::parseMethod(box->currentData().toString().toStdString());
        if (method != train::Method::None) {
            chosen.push_back(method);
        }
    }
    for (const auto& set : train::allMethodSets()) {
        if (set.methods().size() == chosen.size()
            && std::all_of(
                chosen.begin(), chosen.end(), [&](train::Method m) { return set.has(m); })) {
            return set;
        }
    }
    throw ConfigError("'distillation.method': these methods cannot be combined");
}

void ExperimentPanel::updateMethodFields()
{
    const auto set = methodSet();
    const auto shown = set.parameters();
    for (const auto& [widget, path] : m_methodRows) {
        m_kdForm->setRowVisible(widget, std::find(shown.begin(), shown.end(), path) != shown.end());
    }
    QStringList help;
    const auto methods
        = set.none() ? std::vector<train::Method> {train::Method::None} : set.methods();
    for (const auto method : methods) {
        const auto& info = train::methodInfo(method);
        help << QStringLiteral("<b>%1</b>: %2<br><i>%3</i>")
                    .arg(text(info.label).toHtmlEscaped(), text(info.summary).toHtmlEscaped(),
                        text(info.formula).toHtmlEscaped());
    }
    m_methodHelp->setText(help.join(QStringLiteral("<br>")));
}

void ExperimentPanel::updateLayerChoices()
{
    // The representations each model offers, as core names them (an unreadable layer list counts
    // as no hidden layers until it is fixed).
    const auto names = [](const ModelFields& f) {
        QStringList out;
        for (const auto& n :
            nn::representationNames(specOf(f.embedding, f.interaction, f.layers, false))) {
            out << QString::fromStdString(n);
        }
        return out;
    };
    const auto refill = [](QComboBox* box, const QStringList& items) {
        const auto current = box->currentText();
        const QSignalBlocker block(box);
        box->clear();
        box->addItems(items);
        box->setCurrentIndex(std::max(0, static_cast<int>(items.indexOf(current))));
    };
    const auto student = names(m_student);
    const auto teacher = names(m_teacher);
    refill(m_hintStudent, student);
    refill(m_hintTeacher, teacher);
    QStringList shared;
    for (const auto& n : student) {
        if (teacher.contains(n)) {
            shared << n;
        }
    }
    refill(m_relationLayer, shared);
}

void ExperimentPanel::updateSizes()
{
    // Parameter count and cost of each model for the catalogue the form describes (synthetic
    // sizes; a file's sizes are known once it is read).
    const bool synthetic = m_source->currentData().toString() == QLatin1String("synthetic");
    const bool teacherReused
        = m_teacherSource != nullptr && !m_teacherSource->currentData().toString().isEmpty();
    for (auto* f : {&m_teacher, &m_student}) {
        if (f == &m_teacher && teacherReused) {
            continue;
        }
        try {
            const auto spec = specOf(f->embedding, f->interaction, f->layers, true);
            const auto dense = nn::countMultiplyAdds(spec);
            f->size->setText(synthetic
                    ? tr("%L1 parameters · %L2 multiply-adds per example")
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
