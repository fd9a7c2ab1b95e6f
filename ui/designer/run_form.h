// SPDX-License-Identifier: MIT
// The run's identity and its data in the designer, a view of the document: the name (derived from
// the settings until the user types one), the seed, and the dataset panel (DatasetPanel: the
// bundled synthetic set with its size, or a ratings file read off the GUI thread, with its
// statistics). Reads the document on changed(); writes through its setters. GUI thread.
#pragma once

#include <QWidget>

#include "ui/designer/field_boxes.h"
#include "ui/model/experiment_document.h"

class QLabel;
class QLineEdit;
class QSpinBox;

namespace kdw::ui {

class DatasetPanel;

class RunForm : public QWidget {
    Q_OBJECT
public:
    explicit RunForm(ExperimentDocument& document, QWidget* parent = nullptr);

    [[nodiscard]] DatasetPanel* datasetPanel() const { return m_dataset; }

Q_SIGNALS:
    // The dataset panel read the data: its catalogue (users and items of the implicit data).
    void catalogueKnown(long long users, long long items);

private:
    void sync(DocumentPart part);
    void syncName();

    ExperimentDocument& m_document;
    QLineEdit* m_name = nullptr;
    QLabel* m_nameHelp = nullptr;
    QSpinBox* m_seed = nullptr;
    DatasetPanel* m_dataset = nullptr;
    ProblemMarks m_marks;
};

} // namespace kdw::ui
