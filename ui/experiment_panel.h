// SPDX-License-Identifier: MIT
// The experiment designer: a form over the experiment config (dataset, teacher, student,
// distillation). Fields the form does not show are kept from the config it was given.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include <QWidget>

#include "core/train/config.h"
#include "core/train/vocabulary.h"
#include "ui/types.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace kdw::ui {

class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentPanel(QWidget* parent = nullptr);

    void setConfig(const train::ExperimentConfig& config);
    // The saved runs a teacher can be taken from (finished runs of the history).
    void setTeacherSources(const QList<RunRow>& runs);
    // The config the form describes; throws ConfigError naming the field when it is impossible.
    [[nodiscard]] train::ExperimentConfig config() const;

Q_SIGNALS:
    void changed();

private:
    struct ModelFields {
        QSpinBox* embedding = nullptr;
        QComboBox* interaction = nullptr;
        QLineEdit* layers = nullptr;
        QSpinBox* epochs = nullptr;
        QDoubleSpinBox* learningRate = nullptr;
        QComboBox* earlyStop = nullptr; // "" = never, else a catalogue metric name
        QLabel* size = nullptr;
        QFormLayout* form = nullptr;
    };
    // `who` is "teacher" or "student", the config's key of the model (for the schema's ranges).
    QWidget* buildModelGroup(const QString& title, const std::string& who, ModelFields& f);
    void updateSourceFields();
    void updateMethodFields();
    void updateSizes();
    void updateLayerChoices();
    void updateTeacherSource();
    // The chosen methods, one of train::allMethodSets().
    [[nodiscard]] train::MethodSet methodSet() const;

    train::ExperimentConfig m_base;
    QLineEdit* m_name = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_source = nullptr;
    QLineEdit* m_path = nullptr;
    QPushButton* m_browse = nullptr;
    QSpinBox* m_users = nullptr;
    QSpinBox* m_items = nullptr;
    QComboBox* m_teacherSource = nullptr; // "" = train a new teacher, else a run id
    ModelFields m_teacher;
    ModelFields m_student;
    QFormLayout* m_kdForm = nullptr;
    QComboBox* m_logitMethod = nullptr; // none and the catalogue's logit-based methods
    QComboBox* m_featureMethod = nullptr; // none and the catalogue's feature-based methods
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_alpha = nullptr;
    QCheckBox* m_listwise = nullptr;
    QSpinBox* m_topK = nullptr;
    QDoubleSpinBox* m_lambda = nullptr;
    QDoubleSpinBox* m_rankWeight = nullptr;
    QComboBox* m_hintStudent = nullptr;
    QComboBox* m_hintTeacher = nullptr;
    QDoubleSpinBox* m_beta = nullptr;
    QComboBox* m_relationLayer = nullptr;
    QDoubleSpinBox* m_distanceWeight = nullptr;
    QDoubleSpinBox* m_angleWeight = nullptr;
    QLabel* m_methodHelp = nullptr; // the chosen methods' catalogue summaries and formulas
    // The method rows and the config field each edits; a row shows when the chosen methods'
    // catalogue entries list its field.
    std::vector<std::pair<QWidget*, std::string_view>> m_methodRows;
};

// "256, 128, 64" -> layer widths; throws ConfigError naming `field` on anything else.
std::vector<int> parseLayerWidths(const QString& text, const std::string& field);

} // namespace kdw::ui
