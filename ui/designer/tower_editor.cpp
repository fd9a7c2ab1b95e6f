// SPDX-License-Identifier: MIT
#include "ui/designer/tower_editor.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/train/config.h"
#include "ui/designer/field_boxes.h"
#include "ui/designer/model_presets.h"

namespace kdw::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kdw::ui::TowerEditor", text);
}

// The config's key of a role ("teacher"), the schema's paths start with it.
std::string roleKey(ModelRole role)
{
    return role == ModelRole::Teacher ? "teacher" : "student";
}

QString roleTitle(ModelRole role)
{
    return role == ModelRole::Teacher ? tr("Teacher") : tr("Student");
}

// The bounds configSchema() states for a numeric field: "between lo and hi" or "in [lo, hi)".
struct Bounds {
    double lo = 0.0;
    double hi = 0.0;
    bool hiOpen = false;
};

std::string schemaRange(const std::string& path)
{
    static const std::vector<train::ConfigFieldInfo> schema = train::configSchema();
    const auto it
        = std::find_if(schema.begin(), schema.end(), [&](const auto& f) { return f.path == path; });
    return it == schema.end() ? std::string() : it->range;
}

// `fallback` when the schema has no such field or states its range in another form.
Bounds schemaBounds(const std::string& path, Bounds fallback)
{
    const std::string range = schemaRange(path);
    Bounds b;
    char open = 0;
    char close = 0;
    if (std::sscanf(range.c_str(), "between %lf and %lf", &b.lo, &b.hi) == 2) {
        return b;
    }
    if (std::sscanf(range.c_str(), "in %c%lf, %lf%c", &open, &b.lo, &b.hi, &close) == 4) {
        b.hiOpen = close == ')';
        return b;
    }
    return fallback;
}

// The choices of a schema field of type choice ("relu | gelu | ...").
QStringList schemaChoices(const std::string& path)
{
    return QString::fromStdString(schemaRange(path)).split(QStringLiteral(" | "));
}

Bounds widthBounds(ModelRole role)
{
    return schemaBounds(roleKey(role) + ".model.layers[].units", {1, 65536, false});
}

Bounds embeddingBounds(ModelRole role)
{
    return schemaBounds(roleKey(role) + ".model.embedding_dim", {1, 4096, false});
}

Bounds dropoutBounds(ModelRole role)
{
    return schemaBounds(roleKey(role) + ".model.layers[].dropout", {0, 1, true});
}

// What the form calls each choice (and, for interactions, the one line that says what it is),
// marked for translation and translated where shown.
struct ChoiceText {
    const char* label;
    const char* note;
};

constexpr std::array<std::pair<nn::Activation, ChoiceText>, 6> kActivations {{
    {nn::Activation::Relu, {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "ReLU"), ""}},
    {nn::Activation::LeakyRelu, {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "leaky ReLU"), ""}},
    {nn::Activation::Tanh, {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "tanh"), ""}},
    {nn::Activation::Sigmoid, {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "sigmoid"), ""}},
    {nn::Activation::Gelu, {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "GELU"), ""}},
    {nn::Activation::Identity, {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "identity (none)"), ""}},
}};

constexpr std::array<std::pair<nn::InteractionKind, ChoiceText>, 3> kInteractions {{
    {nn::InteractionKind::Mlp,
        {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "MLP"),
            QT_TRANSLATE_NOOP("kdw::ui::TowerEditor",
                "MLP: the user and item embeddings are concatenated and passed through the hidden "
                "layers below (NCF's multi-layer perceptron).")}},
    {nn::InteractionKind::Gmf,
        {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "GMF"),
            QT_TRANSLATE_NOOP("kdw::ui::TowerEditor",
                "GMF: the user and item embeddings are multiplied element by element; a weighted "
                "sum of that product is the score.")}},
    {nn::InteractionKind::NeuMf,
        {QT_TRANSLATE_NOOP("kdw::ui::TowerEditor", "NeuMF"),
            QT_TRANSLATE_NOOP("kdw::ui::TowerEditor",
                "NeuMF: both at once, an MLP tower and a GMF product, each on embeddings of its "
                "own, joined before the output.")}},
}};

template <typename Kind, std::size_t N>
ChoiceText choiceText(const std::array<std::pair<Kind, ChoiceText>, N>& table, Kind kind)
{
    const auto it = std::find_if(
        table.begin(), table.end(), [kind](const auto& entry) { return entry.first == kind; });
    return it == table.end() ? ChoiceText {"", ""} : it->second;
}

QString activationLabel(nn::Activation a)
{
    return tr(choiceText(kActivations, a).label);
}

QString interactionLabel(nn::InteractionKind k)
{
    return tr(choiceText(kInteractions, k).label);
}

QString interactionNote(nn::InteractionKind k)
{
    return tr(choiceText(kInteractions, k).note);
}

QString number(double v)
{
    return QString::number(v, 'g', 6);
}

void addLayerProblems(const nn::ModelSpec& spec, ModelRole role, std::vector<TowerProblem>& out)
{
    const Bounds width = widthBounds(role);
    const Bounds drop = dropoutBounds(role);
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const auto& l = spec.layers[i];
        const int layer = static_cast<int>(i);
        const QString where = tr("%1, layer %2: ").arg(roleTitle(role)).arg(layer + 1);
        QString what;
        if (l.units < width.lo) {
            what = tr("width must be at least %1").arg(number(width.lo));
        } else if (l.units > width.hi) {
            what = tr("width must be at most %1").arg(number(width.hi));
        }
        if (!what.isEmpty()) {
            out.push_back({TowerProblem::Field::Width, layer, where + what, what});
        }
        const bool dropOk
            = l.dropout >= drop.lo && (drop.hiOpen ? l.dropout < drop.hi : l.dropout <= drop.hi);
        if (!dropOk) {
            const QString text = (drop.hiOpen ? tr("dropout must be at least %1 and below %2")
                                              : tr("dropout must be between %1 and %2"))
                                     .arg(number(drop.lo), number(drop.hi));
            out.push_back({TowerProblem::Field::Dropout, layer, where + text, text});
        }
    }
}

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
        static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
        static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

// Flags `field` in place (its background tinted red) or clears the flag.
void flag(QWidget* field, bool wrong)
{
    if (!wrong) {
        field->setPalette(QPalette());
        return;
    }
    const QPalette inherited = field->parentWidget()->palette();
    QPalette p = inherited;
    p.setColor(QPalette::Base, mix(inherited.color(QPalette::Base), errorColour(inherited), 0.3));
    field->setPalette(p);
}

void showMessage(QLabel* label, const QString& text)
{
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, errorColour(label->parentWidget()->palette()));
    label->setPalette(p);
    label->setText(text.isEmpty() ? QString() : QStringLiteral("\u26a0 ") + text);
    label->setVisible(!text.isEmpty());
}

template <typename Box, typename V> void showValue(Box* box, V value)
{
    if (box->value() != value) {
        const QSignalBlocker block(box);
        box->setValue(value);
    }
}

} // namespace

std::vector<TowerProblem> towerProblems(const nn::ModelSpec& spec, ModelRole role)
{
    std::vector<TowerProblem> out;
    const Bounds dim = embeddingBounds(role);
    if (spec.embeddingDim < dim.lo || spec.embeddingDim > dim.hi) {
        const QString what
            = tr("embedding size must be between %1 and %2").arg(number(dim.lo), number(dim.hi));
        out.push_back({TowerProblem::Field::EmbeddingSize, -1,
            tr("%1: %2").arg(roleTitle(role), what), what});
    }
    if (spec.interaction == nn::InteractionKind::Gmf) {
        return out;
    }
    if (spec.layers.empty()) {
        const QString what = spec.interaction == nn::InteractionKind::Mlp
            ? tr("the tower is empty \u2014 an MLP needs at least one layer")
            : tr("the tower is empty \u2014 NeuMF's MLP branch needs at least one layer");
        out.push_back(
            {TowerProblem::Field::Tower, -1, tr("%1: %2").arg(roleTitle(role), what), what});
    }
    addLayerProblems(spec, role, out);
    return out;
}

TowerEditor::TowerEditor(ModelRole role, QWidget* parent)
    : QWidget(parent)
    , m_role(role)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildHead());
    m_gmfNote = new QLabel(tr("GMF has no hidden layers: the product of the two embeddings goes "
                              "straight to the output. The layers below are kept for when you "
                              "switch back to MLP or NeuMF."),
        this);
    m_gmfNote->setWordWrap(true);
    layout->addWidget(m_gmfNote);
    layout->addWidget(buildTower());
    layout->addStretch(1);
    connectHead();
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
        for (QWidget* w = now; w != nullptr && w != this; w = w->parentWidget()) {
            const QVariant layer = w->property("kdwLayer");
            if (layer.isValid() && layer.toInt() != m_selected) {
                selectLayer(layer.toInt());
                Q_EMIT layerSelected(m_selected);
                return;
            }
        }
    });
    setModel(m_spec);
}

QWidget* TowerEditor::buildHead()
{
    auto* head = new QWidget(this);
    auto* form = new QFormLayout(head);
    form->setContentsMargins(0, 0, 0, 0);
    m_preset = new QToolButton(head);
    m_preset->setText(tr("Apply a preset"));
    m_preset->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_preset);
    const auto& presets = modelPresets();
    for (std::size_t i = 0; i < presets.size(); ++i) {
        QAction* action
            = menu->addAction(tr("%1 \u2014 %2").arg(presets[i].name, presets[i].description));
        connect(action, &QAction::triggered, this, [this, i] { applyPreset(static_cast<int>(i)); });
    }
    m_preset->setMenu(menu);
    form->addRow(tr("Preset"), m_preset);

    const Bounds dim = embeddingBounds(m_role);
    m_embedding = new QSpinBox(head);
    m_embedding->setRange(0, static_cast<int>(dim.hi)); // 0 accepted, to be flagged in place
    m_embedding->setToolTip(
        tr("Size of each user and item embedding (%1 to %2)").arg(number(dim.lo), number(dim.hi)));
    m_embeddingMessage = new QLabel(head);
    m_embeddingMessage->setWordWrap(true);
    auto* embeddingRow = new QVBoxLayout;
    embeddingRow->addWidget(m_embedding);
    embeddingRow->addWidget(m_embeddingMessage);
    form->addRow(tr("Embedding size"), embeddingRow);

    m_interaction = new QComboBox(head);
    for (const QString& name : schemaChoices(roleKey(m_role) + ".model.interaction")) {
        const auto kind = nn::parseInteraction(name.toStdString());
        m_interaction->addItem(interactionLabel(kind), name);
        m_interaction->setItemData(
            m_interaction->count() - 1, interactionNote(kind), Qt::ToolTipRole);
    }
    form->addRow(tr("Interaction"), m_interaction);
    m_interactionNote = new QLabel(head);
    m_interactionNote->setWordWrap(true);
    form->addRow(m_interactionNote);
    return head;
}

void TowerEditor::connectHead()
{
    connect(m_embedding, &QSpinBox::valueChanged, this, [this](int v) {
        edit(tr("Change %1 embedding size").arg(who()), [v](auto& s) { s.embeddingDim = v; });
    });
    connect(m_interaction, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto kind
            = nn::parseInteraction(m_interaction->itemData(index).toString().toStdString());
        edit(tr("Make %1 a %2").arg(who(), interactionLabel(kind)),
            [kind](auto& s) { s.interaction = kind; });
    });
    connect(m_add, &QPushButton::clicked, this, &TowerEditor::addLayer);
}

QWidget* TowerEditor::buildTower()
{
    m_tower = new QWidget(this);
    auto* layout = new QVBoxLayout(m_tower);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Hidden layers, input side first"), m_tower));
    m_rowsGrid = new QGridLayout;
    m_rowsGrid->setHorizontalSpacing(6);
    m_rowsGrid->setVerticalSpacing(2);
    const QStringList heads {tr("Layer"), tr("Width"), tr("Activation"), tr("Dropout")};
    for (int c = 0; c < heads.size(); ++c) {
        m_columnHeads.push_back(new QLabel(heads[c], m_tower));
        m_rowsGrid->addWidget(m_columnHeads.back(), 0, c);
    }
    m_rowsGrid->setColumnStretch(1, 2);
    m_rowsGrid->setColumnStretch(2, 3);
    m_rowsGrid->setColumnStretch(3, 2);
    layout->addLayout(m_rowsGrid);
    m_towerMessage = new QLabel(m_tower);
    m_towerMessage->setWordWrap(true);
    layout->addWidget(m_towerMessage);
    auto* buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add layer"), m_tower);
    m_add->setObjectName(QString::fromStdString(roleKey(m_role)) + QStringLiteral("AddLayer"));
    m_add->setToolTip(tr("Adds a layer at the output end of the tower"));
    buttons->addWidget(m_add);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    return m_tower;
}

TowerEditor::LayerRow TowerEditor::makeRow(int index)
{
    LayerRow r;
    r.number = new QToolButton(m_tower);
    r.number->setText(QString::number(index + 1));
    r.number->setCheckable(true);
    r.number->setAutoRaise(true);
    r.number->setToolTip(tr("Select layer %1").arg(index + 1));
    r.width = new QSpinBox(m_tower);
    r.width->setObjectName(
        QStringLiteral("%1Width%2").arg(QString::fromStdString(roleKey(m_role))).arg(index + 1));
    const Bounds width = widthBounds(m_role);
    r.width->setRange(0, static_cast<int>(width.hi)); // 0 accepted, to be flagged in place
    r.width->setToolTip(
        tr("Units of layer %1 (%2 to %3)").arg(index + 1).arg(number(width.lo), number(width.hi)));
    r.activation = new QComboBox(m_tower);
    r.activation->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    r.activation->setMinimumContentsLength(7);
    for (const QString& name : schemaChoices(roleKey(m_role) + ".model.layers[].activation")) {
        r.activation->addItem(activationLabel(nn::parseActivation(name.toStdString())), name);
    }
    r.dropout = new QDoubleSpinBox(m_tower);
    r.dropout->setRange(0.0, 1.0); // 1 accepted, to be flagged in place
    r.dropout->setSingleStep(0.05);
    r.dropout->setDecimals(2);
    r.dropout->setToolTip(tr("Fraction of the layer's units dropped while training"));
    r.up = new QToolButton(m_tower);
    r.up->setText(QStringLiteral("\u2191"));
    r.up->setToolTip(tr("Move layer %1 towards the input").arg(index + 1));
    r.down = new QToolButton(m_tower);
    r.down->setText(QStringLiteral("\u2193"));
    r.down->setToolTip(tr("Move layer %1 towards the output").arg(index + 1));
    r.remove = new QToolButton(m_tower);
    r.remove->setText(QStringLiteral("\u2715"));
    r.remove->setToolTip(tr("Remove layer %1").arg(index + 1));
    r.message = new QLabel(m_tower);
    r.message->setWordWrap(true);
    const int line = 1 + 2 * index;
    const std::vector<QWidget*> cells {
        r.number, r.width, r.activation, r.dropout, r.up, r.down, r.remove};
    for (QToolButton* b : {r.up, r.down, r.remove}) {
        b->setAutoRaise(true);
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        cells[c]->setProperty("kdwLayer", index);
        m_rowsGrid->addWidget(cells[c], line, static_cast<int>(c));
    }
    m_rowsGrid->addWidget(r.message, line + 1, 1, 1, 6);
    connectRow(r, index);
    return r;
}

void TowerEditor::connectRow(const LayerRow& r, int i)
{
    const QString layer = tr("%1 layer %2").arg(who()).arg(i + 1);
    connect(r.number, &QToolButton::clicked, this, [this, i] {
        selectLayer(i);
        Q_EMIT layerSelected(i);
    });
    connect(r.width, &QSpinBox::valueChanged, this, [this, i, layer](int v) {
        edit(tr("Change width of %1").arg(layer), [i, v](auto& s) { s.layers[i].units = v; });
    });
    connect(r.activation, &QComboBox::currentIndexChanged, this, [this, i, layer, r](int index) {
        const auto a = nn::parseActivation(r.activation->itemData(index).toString().toStdString());
        edit(tr("Change activation of %1").arg(layer),
            [i, a](auto& s) { s.layers[i].activation = a; });
    });
    connect(r.dropout, &QDoubleSpinBox::valueChanged, this, [this, i, layer](double v) {
        edit(tr("Change dropout of %1").arg(layer), [i, v](auto& s) { s.layers[i].dropout = v; });
    });
    connect(r.up, &QToolButton::clicked, this, [this, i] { moveLayer(i, i - 1); });
    connect(r.down, &QToolButton::clicked, this, [this, i] { moveLayer(i, i + 1); });
    connect(r.remove, &QToolButton::clicked, this, [this, i] { removeLayer(i); });
}

void TowerEditor::dropRow(const LayerRow& r)
{
    // deleteLater: the row's own button may be the one whose click removed it.
    for (QWidget* w : std::initializer_list<QWidget*> {
             r.number, r.width, r.activation, r.dropout, r.up, r.down, r.remove, r.message}) {
        m_rowsGrid->removeWidget(w);
        w->hide();
        w->deleteLater();
    }
}

void TowerEditor::syncRows()
{
    const auto wanted = m_spec.layers.size();
    while (m_rows.size() > wanted) {
        dropRow(m_rows.back());
        m_rows.pop_back();
    }
    while (m_rows.size() < wanted) {
        m_rows.push_back(makeRow(static_cast<int>(m_rows.size())));
    }
    for (QLabel* head : m_columnHeads) {
        head->setVisible(wanted > 0);
    }
}

void TowerEditor::setModel(const nn::ModelSpec& spec)
{
    m_spec = spec;
    if (m_selected >= static_cast<int>(m_spec.layers.size())) {
        m_selected = -1;
    }
    syncRows();
    showValues();
    showInteraction();
    showSelection();
    showProblems();
}

void TowerEditor::showValues()
{
    showValue(m_embedding, m_spec.embeddingDim);
    const int kind = m_interaction->findData(QString::fromStdString(toString(m_spec.interaction)));
    if (m_interaction->currentIndex() != kind) {
        const QSignalBlocker block(m_interaction);
        m_interaction->setCurrentIndex(kind);
    }
    const int n = static_cast<int>(m_rows.size());
    for (int i = 0; i < n; ++i) {
        const auto& l = m_spec.layers[static_cast<std::size_t>(i)];
        const auto& r = m_rows[static_cast<std::size_t>(i)];
        showValue(r.width, l.units);
        showValue(r.dropout, l.dropout);
        const int a = r.activation->findData(QString::fromStdString(toString(l.activation)));
        if (r.activation->currentIndex() != a) {
            const QSignalBlocker block(r.activation);
            r.activation->setCurrentIndex(a);
        }
        r.up->setEnabled(i > 0);
        r.down->setEnabled(i + 1 < n);
    }
}

void TowerEditor::showInteraction()
{
    const bool gmf = m_spec.interaction == nn::InteractionKind::Gmf;
    m_interactionNote->setText(interactionNote(m_spec.interaction));
    m_gmfNote->setVisible(gmf);
    m_tower->setEnabled(!gmf);
}

void TowerEditor::showSelection()
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        m_rows[i].number->setChecked(static_cast<int>(i) == m_selected);
    }
}

void TowerEditor::selectLayer(int layer)
{
    m_selected = layer >= 0 && layer < static_cast<int>(m_spec.layers.size()) ? layer : -1;
    showSelection();
}

void TowerEditor::showProblems()
{
    const auto found = towerProblems(m_spec, m_role);
    QStringList messages;
    QString embedding;
    QString tower;
    std::vector<QString> perLayer(m_rows.size());
    std::vector<std::pair<bool, bool>> wrong(m_rows.size()); // width, dropout
    for (const auto& p : found) {
        messages << p.message;
        const auto i = static_cast<std::size_t>(std::max(p.layer, 0));
        switch (p.field) {
        case TowerProblem::Field::EmbeddingSize:
            embedding = p.inPlace;
            break;
        case TowerProblem::Field::Tower:
            tower = p.inPlace;
            break;
        case TowerProblem::Field::Width:
        case TowerProblem::Field::Dropout:
            perLayer[i] += (perLayer[i].isEmpty() ? QString() : QStringLiteral("; ")) + p.inPlace;
            (p.field == TowerProblem::Field::Width ? wrong[i].first : wrong[i].second) = true;
            break;
        }
    }
    showMessage(m_embeddingMessage, embedding);
    flag(m_embedding, !embedding.isEmpty());
    showMessage(m_towerMessage, tower);
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        showMessage(m_rows[i].message, perLayer[i]);
        flag(m_rows[i].width, wrong[i].first);
        flag(m_rows[i].dropout, wrong[i].second);
    }
    if (messages != m_problems) {
        m_problems = messages;
        Q_EMIT problemsChanged(m_problems);
    }
}

template <typename Change> void TowerEditor::edit(const QString& what, Change change)
{
    change(m_spec);
    syncRows();
    showValues();
    showInteraction();
    showSelection();
    showProblems();
    Q_EMIT modelEdited(m_spec, what);
}

void TowerEditor::addLayer()
{
    nn::LayerSpec layer;
    if (m_spec.layers.empty()) {
        layer.units = std::max(1, m_spec.embeddingDim);
    } else {
        layer.units = std::max(1, m_spec.layers.back().units / 2);
        layer.activation = m_spec.layers.back().activation;
    }
    m_selected = static_cast<int>(m_spec.layers.size());
    edit(tr("Add layer to %1").arg(who()), [&layer](auto& s) { s.layers.push_back(layer); });
    Q_EMIT layerSelected(m_selected);
}

void TowerEditor::moveLayer(int from, int to)
{
    const int n = static_cast<int>(m_spec.layers.size());
    if (from < 0 || to < 0 || from >= n || to >= n) {
        return;
    }
    const bool followed = m_selected == from;
    if (followed) {
        m_selected = to;
    }
    edit((to < from ? tr("Move %1 layer %2 up") : tr("Move %1 layer %2 down"))
             .arg(who())
             .arg(from + 1),
        [from, to](auto& s) { std::swap(s.layers[from], s.layers[to]); });
    if (followed) {
        Q_EMIT layerSelected(m_selected);
    }
}

void TowerEditor::removeLayer(int index)
{
    if (index < 0 || index >= static_cast<int>(m_spec.layers.size())) {
        return;
    }
    const int before = m_selected;
    if (m_selected > index || m_selected + 1 == static_cast<int>(m_spec.layers.size())) {
        --m_selected;
    }
    edit(tr("Remove layer %1 from %2").arg(index + 1).arg(who()),
        [index](auto& s) { s.layers.erase(s.layers.begin() + index); });
    if (m_selected != before) {
        Q_EMIT layerSelected(m_selected);
    }
}

void TowerEditor::applyPreset(int presetIndex)
{
    const auto& preset = modelPresets().at(static_cast<std::size_t>(presetIndex));
    m_selected = -1;
    edit(tr("Apply preset \u201c%1\u201d to %2").arg(preset.name, who()),
        [&](auto& s) { s = ui::applyPreset(preset, m_role, s); });
}

QString TowerEditor::who() const
{
    return roleTitle(m_role).toLower();
}

void TowerEditor::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        showProblems();
    }
}

} // namespace kdw::ui
