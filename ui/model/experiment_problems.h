// SPDX-License-Identifier: MIT
// What stops an experiment from running, in the words of the form: "Temperature T must be between
// 0.01 and 1000", not "config: 'distillation.temperature' must be ...". Core's validation decides;
// this only names the field as the form labels it. Qt Core only.
#pragma once

#include <string>

#include <QList>
#include <QString>

#include "core/train/config.h"

namespace kdw::ui {

struct FormProblem {
    // The field's config path with element indices ("student.model.layers[1].units"), so that a
    // view can flag the widget that edits it.
    std::string path;
    QString message; // a sentence starting with the field's label
};

// The field's label as the form shows it: "Temperature T", "Student: width of layer 2". A path
// the form has no label for gets the schema's meaning of it, capitalised.
QString fieldLabel(const std::string& path);

// The problems of `config`, empty when it can run: core's validation (it stops at the first), and
// hint or relational layers that the models no longer have (checked by the trainer only once the
// run has started).
QList<FormProblem> experimentProblems(const train::ExperimentConfig& config);

// Whether `problem` is about `path` or a field under it ("student.model.layers" covers
// "student.model.layers[1].units").
bool concerns(const FormProblem& problem, const std::string& path);

} // namespace kdw::ui
