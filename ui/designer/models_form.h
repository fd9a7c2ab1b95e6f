// SPDX-License-Identifier: MIT
// The teacher and the student in the designer, a view of the document: the drawing of both
// networks (ArchitectureView: clicking a layer selects it in its editor; the hint or relational
// layers are linked), their sizes and ratios (ModelStats), and per model a tab with its tower
// editor (TowerEditor: embedding size, interaction, layers, presets), its training (epochs,
// learning rate, early stopping) and, for the teacher, its source (train one, or reuse a saved
// run's). Reads the document on changed(); writes through its setters. GUI thread.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "ui/designer/field_boxes.h"
#include "ui/model/experiment_document.h"
#include "ui/types.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;
class QTabWidget;

namespace kdw::ui {

class ArchitectureView;
class ModelStats;
class TowerEditor;

class ModelsForm : public QWidget {
    Q_OBJECT
public:
    explicit ModelsForm(ExperimentDocument& document, QWidget* parent = nullptr);

    // The saved runs a teacher can be taken from (the finished runs of the history).
    void setTeacherSources(const QList<RunRow>& runs);
    // Problems the tower editors hold in the form's words (a width of 0, an empty tower); empty
    // when there are none.
    [[nodiscard]] QStringList problems() const;
    [[nodiscard]] TowerEditor* towerEditor(ModelRole role) const;
    [[nodiscard]] ArchitectureView* architectureView() const { return m_view; }
    [[nodiscard]] ModelStats* modelStats() const { return m_stats; }
    // Shows the tab of `role` with layer `layer` (0-based, -1 = none) selected in its editor and
    // outlined in the drawing.
    void selectLayer(ModelRole role, int layer);
    // The catalogue the dataset panel read for the experiment's current dataset (users and items
    // of the implicit data): the tables' sizes from then on, until the dataset changes.
    void setCatalogue(long long users, long long items);

Q_SIGNALS:
    void problemsChanged(const QStringList& problems);

private:
    struct ModelFields {
        ModelRole role = ModelRole::Teacher;
        TowerEditor* editor = nullptr;
        QSpinBox* epochs = nullptr;
        QDoubleSpinBox* learningRate = nullptr;
        QComboBox* earlyStop = nullptr; // "" = never, else a catalogue metric name
        QFormLayout* form = nullptr;
    };
    QWidget* buildModelTab(ModelFields& f);
    void addField(ModelFields& f, const QString& label, const std::string& path, QWidget* field);
    void connectModel(ModelFields& f);
    void editTraining(ModelFields& f, const QString& what);
    void sync(DocumentPart part);
    void syncModel(ModelFields& f);
    void syncDrawing();
    void syncTeacherSource();
    [[nodiscard]] std::string key(const ModelFields& f, const std::string& rest) const;

    ExperimentDocument& m_document;
    ArchitectureView* m_view = nullptr;
    ModelStats* m_stats = nullptr;
    QTabWidget* m_tabs = nullptr; // the teacher's and the student's tab
    QComboBox* m_teacherSource = nullptr; // "" = train a new teacher, else a run id
    ModelFields m_teacher;
    ModelFields m_student;
    ProblemMarks m_marks;
    std::optional<std::pair<long long, long long>> m_catalogue; // read, for the current dataset
};

} // namespace kdw::ui
