// SPDX-License-Identifier: MIT
// The tower editor: one network of the experiment (teacher or student) as a form: embedding size,
// interaction, the MLP tower as a list of layers (width, activation, dropout) to add, remove and
// reorder, and presets. Value in (setModel), intent out (modelEdited): it never owns the config.
#pragma once

#include <vector>

#include <QStringList>
#include <QWidget>

#include "core/nn/model_spec.h"
#include "ui/model/model_role.h"

class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace kdw::ui {

// One thing wrong with a network as the form shows it.
struct TowerProblem {
    enum class Field { EmbeddingSize, Tower, Width, Dropout };
    Field field = Field::Tower;
    int layer = -1; // 0-based layer for Width and Dropout, -1 otherwise
    QString message; // in the form's words: "Student, layer 2: width must be at least 1"
    QString inPlace; // the same said next to the field: "width must be at least 1"
};

// What is wrong with `spec` for `role`, in form order: the embedding size, an empty tower (MLP and
// NeuMF need a layer; GMF has no tower, so its layers are not checked), then each layer's width and
// dropout. Bounds are the config schema's (train::configSchema()). Empty when the spec is valid.
std::vector<TowerProblem> towerProblems(const nn::ModelSpec& spec, ModelRole role);

class TowerEditor : public QWidget {
    Q_OBJECT
public:
    explicit TowerEditor(ModelRole role, QWidget* parent = nullptr);

    // Shows `spec`; emits neither modelEdited nor layerSelected (problemsChanged if the problems
    // change). The selection is kept when that layer still exists.
    void setModel(const nn::ModelSpec& spec);
    [[nodiscard]] const nn::ModelSpec& model() const { return m_spec; }
    [[nodiscard]] ModelRole role() const { return m_role; }

    // Marks layer `layer` (0-based, -1 = none) as the selected one; emits nothing.
    void selectLayer(int layer);
    [[nodiscard]] int selectedLayer() const { return m_selected; }

    // towerProblems(model(), role()) as messages; each is also shown beside its field.
    [[nodiscard]] QStringList problems() const { return m_problems; }

Q_SIGNALS:
    // Once per user edit, with the whole edited spec and a sentence usable as an undo text
    // ("Add layer to student", "Change width of student layer 2").
    void modelEdited(const kdw::nn::ModelSpec& spec, const QString& what);
    // The user put the focus on layer `layer` (0-based) of the tower.
    void layerSelected(int layer);
    // The list problems() returns has changed.
    void problemsChanged(const QStringList& problems);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct LayerRow {
        QToolButton* number = nullptr; // checked when selected
        QSpinBox* width = nullptr;
        QComboBox* activation = nullptr;
        QDoubleSpinBox* dropout = nullptr;
        QToolButton* up = nullptr;
        QToolButton* down = nullptr;
        QToolButton* remove = nullptr;
        QLabel* message = nullptr;
    };

    QWidget* buildHead();
    QWidget* buildTower();
    void connectHead();
    LayerRow makeRow(int index);
    void connectRow(const LayerRow& row, int index);
    void dropRow(const LayerRow& row);
    // Makes the rows match the tower's length (rows are rebuilt only when the length changes).
    void syncRows();
    void showValues();
    void showSelection();
    void showProblems();
    void showInteraction();
    // Applies `change` to the spec, refreshes the form and emits modelEdited(spec, what).
    template <typename Change> void edit(const QString& what, Change change);
    void addLayer();
    void moveLayer(int from, int to);
    void removeLayer(int index);
    void applyPreset(int presetIndex);
    [[nodiscard]] QString who() const;

    ModelRole m_role;
    nn::ModelSpec m_spec;
    int m_selected = -1;
    QStringList m_problems;

    QToolButton* m_preset = nullptr; // its menu lists modelPresets()
    QSpinBox* m_embedding = nullptr;
    QLabel* m_embeddingMessage = nullptr;
    QComboBox* m_interaction = nullptr;
    QLabel* m_interactionNote = nullptr;
    QLabel* m_gmfNote = nullptr;
    QWidget* m_tower = nullptr;
    QGridLayout* m_rowsGrid = nullptr;
    std::vector<QLabel*> m_columnHeads; // hidden while the tower is empty
    QPushButton* m_add = nullptr;
    QLabel* m_towerMessage = nullptr;
    std::vector<LayerRow> m_rows;
};

} // namespace kdw::ui
