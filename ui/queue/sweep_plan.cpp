// SPDX-License-Identifier: MIT
#include "ui/queue/sweep_plan.h"

#include <cmath>
#include <set>

#include <QLocale>
#include <QObject>
#include <QRegularExpression>
#include <QStringList>

namespace kdw::ui {

namespace {

QStringList tokens(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace

const std::vector<SweepField>& sweepFields()
{
    static const std::vector<SweepField> fields {
        {QObject::tr("Temperature T"), QStringLiteral("T"), false, 0.01, 1000.0,
            [](train::ExperimentConfig& c, double v) { c.distillation.temperature = v; },
            [](const train::ExperimentConfig& c) { return c.distillation.temperature; },
            {1.0, 2.0, 4.0, 8.0}},
        {QObject::tr("Distillation weight α"), QStringLiteral("α"), false, 0.0, 1.0,
            [](train::ExperimentConfig& c, double v) { c.distillation.alpha = v; },
            [](const train::ExperimentConfig& c) { return c.distillation.alpha; }, {0.1, 0.5, 0.9}},
        {QObject::tr("Student learning rate"), QStringLiteral("lr"), false, 1e-6, 10.0,
            [](train::ExperimentConfig& c, double v) {
                c.student.training.optimizer.learningRate = v;
            },
            [](const train::ExperimentConfig& c) {
                return c.student.training.optimizer.learningRate;
            },
            {}, 10.0},
        {QObject::tr("Student epochs"), QStringLiteral("epochs"), true, 1.0, 10000.0,
            [](train::ExperimentConfig& c, double v) {
                c.student.training.epochs = static_cast<int>(v);
            },
            [](const train::ExperimentConfig& c) {
                return static_cast<double>(c.student.training.epochs);
            },
            {}, 2.0},
        {QObject::tr("Student embedding size"), QStringLiteral("emb"), true, 1.0, 4096.0,
            [](train::ExperimentConfig& c, double v) {
                c.student.model.embeddingDim = static_cast<int>(v);
            },
            [](const train::ExperimentConfig& c) {
                return static_cast<double>(c.student.model.embeddingDim);
            },
            {}, 2.0},
    };
    return fields;
}

QString suggestedSweepValues(const SweepField& field, const train::ExperimentConfig& base)
{
    const double current = field.get(base);
    QList<double> candidates = field.usual;
    if (field.factor > 0.0) {
        candidates << current / field.factor << current * field.factor;
    }
    candidates << current;
    std::set<double> values;
    for (double v : std::as_const(candidates)) {
        if (field.integer) {
            v = std::round(v);
        }
        if (std::isfinite(v) && v >= field.min && v <= field.max) {
            values.insert(v);
        }
    }
    QStringList text;
    for (const double v : values) {
        text << QString::number(v, 'g', QLocale::FloatingPointShortest); // the value itself
    }
    return text.join(QStringLiteral(", "));
}

QList<double> parseSweepValues(const QString& text, const SweepField& field, QString* error)
{
    QList<double> out;
    for (const auto& t : tokens(text)) {
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok || !std::isfinite(v)) {
            *error = QObject::tr("'%1' is not a number.").arg(t);
            return {};
        }
        if (v < field.min || v > field.max || (field.integer && v != std::floor(v))) {
            *error
                = QObject::tr("%1 must be %2between %3 and %4; '%5' is not.")
                      .arg(field.label, field.integer ? QObject::tr("a whole number ") : QString())
                      .arg(field.min)
                      .arg(field.max)
                      .arg(t);
            return {};
        }
        out.append(v);
    }
    if (out.isEmpty()) {
        *error = QObject::tr("Give at least one value, e.g. 1, 2, 4, 8.");
    }
    return out;
}

QList<quint64> parseSeeds(const QString& text, QString* error)
{
    QList<quint64> out;
    for (const auto& t : tokens(text)) {
        bool ok = false;
        const quint64 v = t.toULongLong(&ok);
        if (!ok) {
            *error = QObject::tr("Seed '%1' is not a whole number of 0 or more.").arg(t);
            return {};
        }
        out.append(v);
    }
    if (out.isEmpty()) {
        *error = QObject::tr("Give at least one seed, e.g. 0, 1, 2.");
    }
    return out;
}

std::vector<train::ExperimentConfig> sweepConfigs(const train::ExperimentConfig& base,
    const SweepField& field, const QList<double>& values, const QList<quint64>& seeds)
{
    std::vector<train::ExperimentConfig> out;
    for (const auto seed : seeds) {
        for (const double v : values) {
            auto c = base;
            field.set(c, v);
            c.seed = seed;
            c.name = QStringLiteral("%1 · %2=%3 · seed %4")
                         .arg(QString::fromStdString(base.name), field.shortName)
                         .arg(v)
                         .arg(seed)
                         .toStdString();
            out.push_back(std::move(c));
        }
    }
    return out;
}

} // namespace kdw::ui
