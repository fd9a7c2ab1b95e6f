// SPDX-License-Identifier: MIT
// The teacher and the student in the designer, a view of the document: per model the embedding
// size, the interaction (with one line on what it is), the hidden layers, epochs, learning rate
// and early stopping, with its parameter count and cost; the teacher's source (train one, or
// reuse a saved run's). Reads the document on changed(); writes through its setters. GUI thread.
#pragma once

#include <string>
#include <vector>

#include <QList>
#include <QString>
#include <QWidget>

#include "ui/designer/field_boxes.h"
#include "ui/model/experiment_document.h"
#include "ui/types.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace kdw::ui {

class ModelsForm : public QWidget {
    Q_OBJECT
public:
    explicit ModelsForm(ExperimentDocument& document, QWidget* parent = nullptr);

    // The saved runs a teacher can be taken from (the finished runs of the history).
    void setTeacherSources(const QList<RunRow>& runs);
    // Problems of this view the document cannot hold (a layer list that is not numbers), in the
    // form's words; empty when there are none.
    [[nodiscard]] QStringList problems() const;

Q_SIGNALS:
    void problemsChanged(const QStringList& problems);

private:
    struct ModelFields {
        ModelRole role = ModelRole::Teacher;
        QSpinBox* embedding = nullptr;
        QComboBox* interaction = nullptr;
        QLabel* interactionHelp = nullptr;
        QLineEdit* layers = nullptr;
        QLabel* layersNote = nullptr; // the layer text's own problem (not numbers)
        QSpinBox* epochs = nullptr;
        QDoubleSpinBox* learningRate = nullptr;
        QComboBox* earlyStop = nullptr; // "" = never, else a catalogue metric name
        QLabel* size = nullptr;
        QFormLayout* form = nullptr;
        QString layersProblem;
    };
    QWidget* buildModelGroup(const QString& title, ModelFields& f);
    void addField(ModelFields& f, const QString& label, const std::string& key, QWidget* field);
    void connectModel(ModelFields& f);
    void editLayers(ModelFields& f);
    void editModel(ModelFields& f);
    void editTraining(ModelFields& f, const QString& what);
    void sync(DocumentPart part);
    void syncModel(ModelFields& f);
    void syncTeacherSource();
    void updateSize(ModelFields& f);
    [[nodiscard]] std::string key(const ModelFields& f, const std::string& rest) const;

    ExperimentDocument& m_document;
    QComboBox* m_teacherSource = nullptr; // "" = train a new teacher, else a run id
    ModelFields m_teacher;
    ModelFields m_student;
    ProblemMarks m_marks;
};

// "256, 128, 64" -> layer widths (any integers: the range is the document's to flag); throws
// ConfigError "<field> must be widths separated by commas, e.g. 64, 32 (got '…')" on anything
// else. `field` is the form's label of the list.
std::vector<int> parseLayerWidths(const QString& text, const std::string& field);

} // namespace kdw::ui
