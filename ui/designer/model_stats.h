// SPDX-License-Identifier: MIT
// Live size and cost of the teacher and the student: parameters, multiply-adds per example, memory
// of the weights (float32) and the teacher/student ratios. The counts are core's
// (nn::countParameters, nn::countMultiplyAdds); this widget only formats them.
#pragma once

#include <array>

#include <QWidget>

#include "core/nn/model_spec.h"
#include "ui/model/model_role.h"

class QGridLayout;
class QLabel;

namespace kdw::ui {

class ModelStats : public QWidget {
    Q_OBJECT
public:
    // The rows of the table.
    enum class Figure { Parameters, MultiplyAdds, Memory };

    explicit ModelStats(QWidget* parent = nullptr);

    void setModels(const nn::ModelSpec& teacher, const nn::ModelSpec& student);
    // The catalogue the embedding tables are sized for (users and items, each >= 0). `estimated`
    // says the numbers are a guess (a dataset file not read yet): the figures stay, marked "≈",
    // with a sentence saying so.
    void setCatalogue(long long users, long long items, bool estimated);

    // The numbers shown: parameters (count), multiply-adds (count per example), memory (bytes of
    // float32 weights).
    [[nodiscard]] long long value(Figure figure, ModelRole role) const;
    // The text shown in a model's cell ("1,234,567", "≈ 4.9 MB") and in the ratio column
    // (the student's size and speed against the teacher's: "11.3× smaller", "188× faster", or
    // "2.50× larger" / "slower" when the student is the bigger one; "—" when a figure is 0; empty
    // for memory, whose ratio is the parameters').
    [[nodiscard]] QString shownText(Figure figure, ModelRole role) const;
    [[nodiscard]] QString ratioText(Figure figure) const;
    // The line under the table naming the catalogue (and saying when it is an estimate).
    [[nodiscard]] QString catalogueText() const;

private:
    void refresh();
    [[nodiscard]] QString ratioOf(Figure figure) const;

    nn::ModelSpec m_teacher;
    nn::ModelSpec m_student;
    long long m_users = 0;
    long long m_items = 0;
    bool m_estimated = true;
    // [figure][0 teacher, 1 student, 2 ratio]
    std::array<std::array<QLabel*, 3>, 3> m_cells {};
    QLabel* m_catalogue = nullptr;
};

} // namespace kdw::ui
