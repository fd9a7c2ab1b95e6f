// SPDX-License-Identifier: MIT
// The sweep dialog: one setting over a list of values (e.g. T = 1, 2, 4, 8, offered with the
// designer's own value among them: suggestedSweepValues), with seeds; says how
// many runs it queues and which share a teacher, and refuses a bad value in words.
#pragma once

#include <vector>

#include <QDialog>

#include "core/train/config.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace kdw::ui {

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    SweepDialog(train::ExperimentConfig base, QWidget* parent = nullptr);

    void setField(int index);
    void setValues(const QString& values);
    void setSeeds(const QString& seeds);
    // The runs to queue; empty while the input is invalid.
    [[nodiscard]] std::vector<train::ExperimentConfig> configs() const;

private:
    void refresh();

    train::ExperimentConfig m_base;
    QComboBox* m_field;
    QLineEdit* m_values;
    QLineEdit* m_seeds;
    QLabel* m_summary;
    QDialogButtonBox* m_buttons;
};

} // namespace kdw::ui
