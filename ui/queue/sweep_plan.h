// SPDX-License-Identifier: MIT
// A small sweep for the queue: one config field over a list of values, crossed with seeds. The
// runs of one seed share their teacher (the queue trains it once) unless the field is the
// teacher's own. Pure functions; no widget.
#pragma once

#include <functional>
#include <vector>

#include <QList>
#include <QString>

#include "core/train/config.h"

namespace kdw::ui {

struct SweepField {
    QString label; // "Temperature T"
    QString shortName; // "T", in the runs' names
    bool integer = false;
    double min = 0.0;
    double max = 0.0;
    std::function<void(train::ExperimentConfig&, double)> set;
    std::function<double(const train::ExperimentConfig&)> get;
    // What suggestedSweepValues offers around the config's value: these values, or when empty the
    // value divided and multiplied by `factor`.
    QList<double> usual;
    double factor = 0.0;
};

// The fields a sweep can vary: the temperature, the distillation weight, the student's learning
// rate, epochs and embedding size.
const std::vector<SweepField>& sweepFields();

// The values a sweep of `field` starts from for `base`: the field's usual values (T: 1, 2, 4, 8;
// α: 0.1, 0.5, 0.9) with the base's own value among them, or the base's value with it divided
// and multiplied by the field's factor (learning rate ÷10 ×10, epochs and embedding size ÷2 ×2);
// within the field's range, whole for an integer field, ascending: "1, 2, 3, 4, 8" at T = 3.
QString suggestedSweepValues(const SweepField& field, const train::ExperimentConfig& base);

// Parses "1, 2, 4, 8" (commas or spaces). Returns an empty list and sets `error` to a sentence
// when a value is not a number, out of [min, max], or not whole for an integer field.
QList<double> parseSweepValues(const QString& text, const SweepField& field, QString* error);
// Parses "0, 1, 2" as seeds (whole, >= 0); empty list and `error` on a bad one.
QList<quint64> parseSeeds(const QString& text, QString* error);

// One config per (seed, value), seeds outer: `base` with the field set and the seed, named
// "<base name> · T=4 · seed 1".
std::vector<train::ExperimentConfig> sweepConfigs(const train::ExperimentConfig& base,
    const SweepField& field, const QList<double>& values, const QList<quint64>& seeds);

} // namespace kdw::ui
