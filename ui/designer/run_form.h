// SPDX-License-Identifier: MIT
// The run's identity and its data in the designer, a view of the document: the name (derived from
// the settings until the user types one), the seed, and the dataset source (the bundled synthetic
// set with its size, or a ratings file; users and items are shown for the synthetic set only,
// since a file brings its own). Reads the document on changed(); writes through its setters.
#pragma once

#include <QWidget>

#include "ui/designer/field_boxes.h"
#include "ui/model/experiment_document.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace kdw::ui {

class RunForm : public QWidget {
    Q_OBJECT
public:
    explicit RunForm(ExperimentDocument& document, QWidget* parent = nullptr);

private:
    void editDataset(const QString& what);
    void browse();
    void sync(DocumentPart part);

    ExperimentDocument& m_document;
    QLineEdit* m_name = nullptr;
    QLabel* m_nameHelp = nullptr;
    QSpinBox* m_seed = nullptr;
    QFormLayout* m_dataForm = nullptr;
    QComboBox* m_source = nullptr;
    QLineEdit* m_path = nullptr;
    QPushButton* m_browse = nullptr;
    QWidget* m_pathRow = nullptr;
    QSpinBox* m_users = nullptr;
    QSpinBox* m_items = nullptr;
    ProblemMarks m_marks;
};

} // namespace kdw::ui
