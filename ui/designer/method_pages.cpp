// SPDX-License-Identifier: MIT
#include "ui/designer/method_pages.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFont>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "core/nn/model_spec.h"

namespace kdw::ui {
namespace {

QString text(std::string_view v)
{
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

// A number parameter of the distillation block: how to read and write it, and its unit.
struct NumberField {
    std::string_view path;
    double (*get)(const train::DistillationConfig&);
    void (*set)(train::DistillationConfig&, double);
    bool integer;
    int decimals;
    double step;
    const char* unit;
};

const std::vector<NumberField>& numberFields()
{
    using D = train::DistillationConfig;
    static const std::vector<NumberField> fields {
        {"distillation.alpha", [](const D& d) { return d.alpha; },
            [](D& d, double v) { d.alpha = v; }, false, 2, 0.05,
            QT_TRANSLATE_NOOP(
                "kdw::ui::MethodPages", "share of the loss: 0 = labels only, 1 = teacher only")},
        {"distillation.hint.beta", [](const D& d) { return d.hint.beta; },
            [](D& d, double v) { d.hint.beta = v; }, false, 3, 0.1,
            QT_TRANSLATE_NOOP("kdw::ui::MethodPages", "multiplies the hint loss")},
        {"distillation.relation.distance_weight",
            [](const D& d) { return d.relation.distanceWeight; },
            [](D& d, double v) { d.relation.distanceWeight = v; }, false, 2, 1.0,
            QT_TRANSLATE_NOOP("kdw::ui::MethodPages", "multiplies the distance loss")},
        {"distillation.relation.angle_weight", [](const D& d) { return d.relation.angleWeight; },
            [](D& d, double v) { d.relation.angleWeight = v; }, false, 2, 1.0,
            QT_TRANSLATE_NOOP("kdw::ui::MethodPages", "multiplies the angle loss")},
        {"distillation.relation.angle_sample",
            [](const D& d) { return static_cast<double>(d.relation.angleSample); },
            [](D& d, double v) { d.relation.angleSample = static_cast<int>(v); }, true, 0, 1.0,
            QT_TRANSLATE_NOOP("kdw::ui::MethodPages", "examples of each batch")},
        {"distillation.ranking.top_k",
            [](const D& d) { return static_cast<double>(d.ranking.topK); },
            [](D& d, double v) { d.ranking.topK = static_cast<int>(v); }, true, 0, 1.0,
            QT_TRANSLATE_NOOP("kdw::ui::MethodPages", "items per user")},
        {"distillation.ranking.lambda", [](const D& d) { return d.ranking.lambda; },
            [](D& d, double v) { d.ranking.lambda = v; }, false, 2, 0.5,
            QT_TRANSLATE_NOOP(
                "kdw::ui::MethodPages", "ranks: the weight falls by e every λ ranks")},
        {"distillation.ranking.weight", [](const D& d) { return d.ranking.weight; },
            [](D& d, double v) { d.ranking.weight = v; }, false, 2, 0.1,
            QT_TRANSLATE_NOOP("kdw::ui::MethodPages", "multiplies the ranking loss")},
    };
    return fields;
}

const NumberField* numberField(const std::string& path)
{
    const auto& all = numberFields();
    const auto it
        = std::find_if(all.begin(), all.end(), [&path](const auto& f) { return f.path == path; });
    return it == all.end() ? nullptr : &*it;
}

// The distillation field a layer field names, by its config path.
std::string* layerOf(train::DistillationConfig& d, const std::string& path)
{
    if (path == "distillation.hint.student_layer") {
        return &d.hint.studentLayer;
    }
    if (path == "distillation.hint.teacher_layer") {
        return &d.hint.teacherLayer;
    }
    return path == "distillation.relation.layer" ? &d.relation.layer : nullptr;
}

// The representations a layer field may name: the student's, the teacher's, or (relational) the
// names both models have.
QStringList layerChoices(const train::ExperimentConfig& c, const std::string& path)
{
    const auto student = nn::representationNames(c.student.model);
    const auto teacher = nn::representationNames(c.teacher.model);
    QStringList out;
    const auto& names = path == "distillation.hint.teacher_layer" ? teacher : student;
    for (const auto& n : names) {
        if (path != "distillation.relation.layer"
            || std::find(teacher.begin(), teacher.end(), n) != teacher.end()) {
            out << QString::fromStdString(n);
        }
    }
    return out;
}

QString layerObjectName(const std::string& path)
{
    if (path == "distillation.hint.student_layer") {
        return QStringLiteral("hintStudentLayer");
    }
    return path == "distillation.hint.teacher_layer" ? QStringLiteral("hintTeacherLayer")
                                                     : QStringLiteral("relationLayer");
}

// The methods of one family from core's catalogue, in its order, after the catalogue's "none"
// (shown as "None": no method of this family). Item data: the method's name; tooltip: summary.
void fillMethods(QComboBox* box, train::MethodFamily family)
{
    for (const auto& m : train::methodCatalogue()) {
        if (m.family != family && m.method != train::Method::None) {
            continue;
        }
        box->addItem(m.method == train::Method::None ? MethodPages::tr("None") : text(m.label),
            text(m.name));
        box->setItemData(box->count() - 1, text(m.summary), Qt::ToolTipRole);
    }
}

void selectData(QComboBox* box, const QString& data)
{
    const QSignalBlocker block(box);
    box->setCurrentIndex(std::max(0, box->findData(data)));
}

} // namespace

MethodPages::MethodPages(ExperimentDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
{
    auto* layout = new QVBoxLayout(this);
    auto* choose = new QFormLayout();
    m_logitMethod = new QComboBox();
    m_logitMethod->setObjectName(QStringLiteral("logitMethod"));
    m_logitMethod->setToolTip(tr("Compares the two models' outputs (scores)"));
    fillMethods(m_logitMethod, train::MethodFamily::Logit);
    m_featureMethod = new QComboBox();
    m_featureMethod->setObjectName(QStringLiteral("featureMethod"));
    m_featureMethod->setToolTip(tr("Compares an inner layer of each model"));
    fillMethods(m_featureMethod, train::MethodFamily::Feature);
    choose->addRow(tr("Output method"), m_logitMethod);
    choose->addRow(tr("Feature method"), m_featureMethod);
    layout->addLayout(choose);
    layout->addWidget(mutedLabel(tr("A run combines at most one output method and one feature "
                                    "method. Every method has a page below; pick one to read "
                                    "about it and set its parameters.")));

    auto* body = new QHBoxLayout();
    m_navigator = new QListWidget();
    m_navigator->setObjectName(QStringLiteral("methodNavigator"));
    QFont bold = m_navigator->font();
    bold.setBold(true);
    int widest = 0;
    for (const auto& info : train::methodCatalogue()) {
        widest = std::max(
            widest, QFontMetrics(bold).horizontalAdvance(text(info.label) + QStringLiteral(" ✓")));
    }
    m_navigator->setFixedWidth(widest + 2 * m_navigator->frameWidth() + 12);
    m_navigator->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pages = new QStackedWidget();
    for (const auto& info : train::methodCatalogue()) {
        m_navigator->addItem(text(info.label));
        m_pages->addWidget(buildPage(info));
    }
    body->addWidget(m_navigator);
    body->addWidget(m_pages, 1);
    layout->addLayout(body, 1);

    connect(
        m_navigator, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    for (auto* box : {m_logitMethod, m_featureMethod}) {
        connect(box, &QComboBox::currentIndexChanged, this, [this, box] {
            chooseMethods();
            showMethod(train::parseMethod(box->currentData().toString().toStdString()));
        });
    }
    connect(&m_document, &ExperimentDocument::changed, this, &MethodPages::sync);
    sync(DocumentPart::All);
    showMethod(m_document.config().distillation.methodSet().none()
            ? train::Method::None
            : m_document.config().distillation.methodSet().methods().back());
}

QUrl MethodPages::helpUrl(train::Method method)
{
    QUrl url(QStringLiteral("qrc:/kdworkbench/help/methods.html"));
    url.setFragment(text(train::toString(method)));
    return url;
}

void MethodPages::showMethod(train::Method method)
{
    m_navigator->setCurrentRow(static_cast<int>(method));
}

train::Method MethodPages::shownMethod() const
{
    return train::methodCatalogue().at(static_cast<std::size_t>(m_pages->currentIndex())).method;
}

QWidget* MethodPages::buildPage(const train::MethodInfo& info)
{
    auto* scroll = new QScrollArea();
    scroll->setObjectName(QStringLiteral("methodPage_") + text(info.name));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* content = new QWidget();
    auto* layout = new QVBoxLayout(content);
    scroll->setWidget(content);

    auto* title = new QLabel(QStringLiteral("<h3>%1</h3>").arg(text(info.label).toHtmlEscaped()));
    auto* inUse = new QLabel(tr("<b>Used in this run.</b>"));
    inUse->setObjectName(QStringLiteral("inUse"));
    auto* use = new QPushButton(tr("Use this method"));
    use->setObjectName(QStringLiteral("useMethod"));
    connect(use, &QPushButton::clicked, this, [this, m = info.method] { useMethod(m); });
    layout->addWidget(title);
    auto* state = new QHBoxLayout();
    state->addWidget(inUse);
    state->addWidget(use);
    state->addStretch(1);
    layout->addLayout(state);
    m_inUse.push_back(inUse);
    m_use.push_back(use);

    auto* summary = new QLabel(text(info.summary));
    summary->setObjectName(QStringLiteral("summary"));
    summary->setWordWrap(true);
    layout->addWidget(summary);
    auto* formula = new QLabel(text(info.formula));
    formula->setObjectName(QStringLiteral("formula"));
    formula->setWordWrap(true);
    formula->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Only the family is set (the font's resolve mask): the size still follows the application's,
    // e.g. in presentation mode. A style sheet fixed the font when it was polished.
    QFont mono;
    mono.setFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());
    mono.setStyleHint(QFont::Monospace);
    formula->setFont(mono);
    formula->setMargin(4);
    layout->addWidget(formula);
    if (!info.paper.empty()) {
        layout->addWidget(mutedLabel(tr("Paper: %1").arg(text(info.paper))));
    }
    if (!info.parameters.empty()) {
        auto* params = new QFormLayout();
        params->setRowWrapPolicy(QFormLayout::WrapAllRows);
        for (const auto path : info.parameters) {
            addRow(params, std::string(path), buildParameter(std::string(path)));
        }
        layout->addSpacing(6);
        layout->addWidget(new QLabel(tr("<b>Parameters</b>")));
        layout->addLayout(params);
    }
    auto* more = new QLabel(QStringLiteral("<a href=\"%1\">%2</a>")
                                .arg(helpUrl(info.method).toString(), tr("Learn more…")));
    more->setObjectName(QStringLiteral("learnMore"));
    connect(more, &QLabel::linkActivated, this,
        [this](const QString& link) { Q_EMIT helpRequested(QUrl(link)); });
    layout->addWidget(more);
    layout->addStretch(1);
    return scroll;
}

void MethodPages::addRow(QFormLayout* form, const std::string& path, QWidget* field)
{
    form->addRow(fieldLabel(path), field);
    QString help = schemaMeaning(path);
    if (!help.isEmpty()) {
        help[0] = help[0].toUpper();
    }
    if (const auto* f = numberField(path)) {
        help += QStringLiteral("; ") + tr(f->unit);
    }
    if (const auto range = schemaRange(path); !range.isEmpty()) {
        help += tr(" (valid: %1)").arg(range);
    }
    form->addRow(QString(), mutedLabel(help));
    auto* note = problemNote();
    form->addRow(QString(), note);
    m_marks.add(path, field, note);
}

QWidget* MethodPages::buildParameter(const std::string& path)
{
    if (path == "distillation.temperature") {
        return buildTemperature();
    }
    if (path == "distillation.listwise") {
        auto* box = new QCheckBox(tr("Listwise"));
        connect(box, &QCheckBox::toggled, this, [this](bool on) {
            editDistillation(tr("listwise"), [on](auto& d) { d.listwise = on; });
        });
        m_listwise.push_back(box);
        return box;
    }
    if (const auto* f = numberField(path)) {
        const auto what = fieldLabel(path);
        if (f->integer) {
            auto* box = integerBox(path);
            connect(box, &QSpinBox::valueChanged, this, [this, f, what](int v) {
                editDistillation(what, [f, v](auto& d) { f->set(d, v); });
            });
            m_integers.emplace(path, box);
            return box;
        }
        auto* box = numberBox(path, f->decimals, f->step);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, f, what](double v) {
            editDistillation(what, [f, v](auto& d) { f->set(d, v); });
        });
        m_numbers.emplace(path, box);
        return box;
    }
    auto* box = new QComboBox();
    box->setObjectName(layerObjectName(path));
    connect(box, &QComboBox::activated, this, [this, box, path] {
        const auto name = box->currentText().toStdString();
        editDistillation(fieldLabel(path), [&path, &name](auto& d) { *layerOf(d, path) = name; });
    });
    m_layers.emplace(path, box);
    return box;
}

QWidget* MethodPages::buildTemperature()
{
    // A logarithmic slider over the useful range beside a box for the schema's whole range.
    auto* row = new QWidget();
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_temperatureSlider = temperatureSlider();
    m_temperatureSlider->setObjectName(QStringLiteral("temperatureSlider"));
    m_temperatureSlider->setToolTip(tr("T from 0.5 to 20 on a logarithmic scale"));
    m_temperature = numberBox("distillation.temperature", 2, 0.5);
    m_temperature->setObjectName(QStringLiteral("temperature"));
    layout->addWidget(m_temperatureSlider, 1);
    layout->addWidget(m_temperature);
    connect(m_temperatureSlider, &QSlider::valueChanged, this,
        [this](int position) { m_document.setTemperature(sliderTemperature(position)); });
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this,
        [this](double t) { m_document.setTemperature(t); });
    return row;
}

void MethodPages::editDistillation(
    const QString& what, const std::function<void(train::DistillationConfig&)>& change)
{
    auto d = m_document.config().distillation;
    change(d);
    m_document.setDistillation(d, what);
}

void MethodPages::chooseMethods()
{
    // The chosen feature and logit methods as one method set ("hint+soft_target").
    std::vector<std::string> parts;
    for (const auto* box : {m_featureMethod, m_logitMethod}) {
        if (box->currentIndex() > 0) {
            parts.push_back(box->currentData().toString().toStdString());
        }
    }
    const auto method = parts.empty() ? std::string("none")
        : parts.size() == 1           ? parts[0]
                                      : parts[0] + "+" + parts[1];
    editDistillation(tr("distillation method"), [&method](auto& d) { d.method = method; });
}

void MethodPages::useMethod(train::Method method)
{
    const auto& info = train::methodInfo(method);
    if (method == train::Method::None) {
        selectData(m_featureMethod, {});
        selectData(m_logitMethod, {});
    } else {
        selectData(info.family == train::MethodFamily::Feature ? m_featureMethod : m_logitMethod,
            text(info.name));
    }
    chooseMethods();
}

void MethodPages::sync(DocumentPart part)
{
    if (part == DocumentPart::All || part == DocumentPart::Distillation) {
        syncMethods();
        syncValues();
    }
    if (part == DocumentPart::All || part == DocumentPart::Distillation
        || part == DocumentPart::TeacherModel || part == DocumentPart::StudentModel) {
        syncLayers();
    }
    m_marks.show(experimentProblems(m_document.config()));
}

void MethodPages::syncMethods()
{
    train::MethodSet set;
    try {
        set = m_document.config().distillation.methodSet();
    } catch (const std::exception&) {
        set = {}; // flagged as a problem of the method; the boxes show none
    }
    selectData(m_logitMethod, {});
    selectData(m_featureMethod, {});
    for (const auto method : set.methods()) {
        const auto& info = train::methodInfo(method);
        selectData(info.family == train::MethodFamily::Feature ? m_featureMethod : m_logitMethod,
            text(info.name));
    }
    for (std::size_t i = 0; i < train::methodCatalogue().size(); ++i) {
        const auto method = train::methodCatalogue()[i].method;
        const bool used = method == train::Method::None ? set.none() : set.has(method);
        m_inUse[i]->setVisible(used);
        m_use[i]->setVisible(!used);
        auto* item = m_navigator->item(static_cast<int>(i));
        QFont font = item->font();
        font.setBold(used);
        item->setFont(font);
        item->setText(
            text(train::methodCatalogue()[i].label) + (used ? QStringLiteral(" ✓") : QString()));
    }
}

void MethodPages::syncValues()
{
    const auto& d = m_document.config().distillation;
    for (const auto& [path, box] : m_numbers) {
        const QSignalBlocker block(box);
        box->setValue(numberField(path)->get(d));
    }
    for (const auto& [path, box] : m_integers) {
        const QSignalBlocker block(box);
        box->setValue(static_cast<int>(numberField(path)->get(d)));
    }
    for (auto* box : m_listwise) {
        const QSignalBlocker block(box);
        box->setChecked(d.listwise);
    }
    const QSignalBlocker blockSlider(m_temperatureSlider);
    const QSignalBlocker blockBox(m_temperature);
    m_temperatureSlider->setValue(sliderPosition(d.temperature));
    m_temperature->setValue(d.temperature);
}

void MethodPages::syncLayers()
{
    auto d = m_document.config().distillation;
    for (const auto& [path, box] : m_layers) {
        const QSignalBlocker block(box);
        box->clear();
        box->addItems(layerChoices(m_document.config(), path));
        const auto current = QString::fromStdString(*layerOf(d, path));
        if (box->findText(current) < 0) {
            box->addItem(current); // a layer the model no longer has: flagged as a problem
        }
        box->setCurrentIndex(box->findText(current));
    }
}

} // namespace kdw::ui
