// SPDX-License-Identifier: MIT
#include "ui/model/experiment_problems.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>

#include <QCoreApplication>

#include "core/common/error.h"
#include "core/nn/model_spec.h"

namespace kdw::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kdw::ui::ExperimentProblems", text);
}

// Labels of the fields that are the same for both models, after "teacher." or "student.".
const std::map<std::string, const char*>& modelLabels()
{
    static const std::map<std::string, const char*> labels {
        {"model.embedding_dim", "embedding size"},
        {"model.interaction", "interaction"},
        {"model.layers", "hidden layers"},
        {"training.epochs", "epochs"},
        {"training.learning_rate", "learning rate"},
        {"training.early_stop_metric", "early stopping"},
        {"training.min_learning_rate", "last learning rate"},
        {"training.batch_size", "batch size"},
    };
    return labels;
}

const std::map<std::string, const char*>& labels()
{
    static const std::map<std::string, const char*> labels {
        {"name", "Run name"},
        {"seed", "Seed"},
        {"dataset.source", "Dataset source"},
        {"dataset.path", "Ratings file"},
        {"dataset.synthetic.users", "Users"},
        {"dataset.synthetic.items", "Items"},
        {"dataset.eval_negatives", "Negatives per evaluated user"},
        {"distillation.method", "Distillation method"},
        {"distillation.temperature", "Temperature T"},
        {"distillation.alpha", "Weight α"},
        {"distillation.listwise", "Over the list"},
        {"distillation.hint.student_layer", "Student hint layer"},
        {"distillation.hint.teacher_layer", "Teacher hint layer"},
        {"distillation.hint.beta", "Hint weight β"},
        {"distillation.relation.layer", "Relational layer"},
        {"distillation.relation.distance_weight", "Distance weight"},
        {"distillation.relation.angle_weight", "Angle weight"},
        {"distillation.relation.angle_sample", "Examples for the angle term"},
        {"distillation.ranking.top_k", "Top K"},
        {"distillation.ranking.lambda", "Position decay λ"},
        {"distillation.ranking.weight", "Ranking weight"},
        {"eval.k", "Cut-offs K"},
    };
    return labels;
}

QString schemaMeaning(const std::string& path)
{
    // "student.model.layers[1].units" is "student.model.layers[].units" in the schema.
    const auto schemaPath = std::regex_replace(path, std::regex(R"(\[\d+\])"), "[]");
    for (const auto& f : train::configSchema()) {
        if (f.path == schemaPath && !f.meaning.empty()) {
            auto text = QString::fromStdString(f.meaning);
            text[0] = text[0].toUpper();
            return text;
        }
    }
    return QString::fromStdString(path);
}

// "student.model.layers[1].units" -> "Student: width of layer 2".
std::optional<QString> layerLabel(const QString& role, const std::string& rest)
{
    static const std::regex layer(R"(model\.layers\[(\d+)\]\.(units|activation|dropout))");
    std::smatch m;
    if (!std::regex_match(rest, m, layer)) {
        return std::nullopt;
    }
    const int number = std::stoi(m[1].str()) + 1;
    const auto what = m[2].str() == "units" ? tr("width")
        : m[2].str() == "dropout"           ? tr("dropout")
                                            : tr("activation");
    return tr("%1: %2 of layer %3").arg(role, what).arg(number);
}

std::optional<QString> modelFieldLabel(const std::string& path)
{
    for (const auto* prefix : {"teacher.", "student."}) {
        const std::string p(prefix);
        if (!path.starts_with(p)) {
            continue;
        }
        const auto role = p == "teacher." ? tr("Teacher") : tr("Student");
        const auto rest = path.substr(p.size());
        if (const auto it = modelLabels().find(rest); it != modelLabels().end()) {
            return tr("%1: %2").arg(role, tr(it->second));
        }
        return layerLabel(role, rest);
    }
    return std::nullopt;
}

// Core's "config: 'PATH' what" as {PATH, what}; {"", message} when it names no field.
std::pair<std::string, std::string> splitMessage(const std::string& message)
{
    static const std::regex shape(R"(config: '([^']+)':? (.*))");
    std::smatch m;
    if (std::regex_match(message, m, shape)) {
        return {m[1].str(), m[2].str()};
    }
    return {std::string(), message};
}

void checkLayer(QList<FormProblem>& out, const nn::ModelSpec& model, const std::string& layer,
    const std::string& path)
{
    const auto names = nn::representationNames(model);
    if (std::find(names.begin(), names.end(), layer) == names.end()) {
        out.append({path,
            tr("%1: the model has no layer '%2' any more; choose one of its layers")
                .arg(fieldLabel(path), QString::fromStdString(layer))});
    }
}

} // namespace

QString fieldLabel(const std::string& path)
{
    if (const auto it = labels().find(path); it != labels().end()) {
        return tr(it->second);
    }
    if (const auto label = modelFieldLabel(path)) {
        return *label;
    }
    return schemaMeaning(path);
}

bool concerns(const FormProblem& problem, const std::string& path)
{
    return problem.path == path
        || (problem.path.starts_with(path)
            && (problem.path[path.size()] == '.' || problem.path[path.size()] == '['));
}

QList<FormProblem> experimentProblems(const train::ExperimentConfig& config)
{
    QList<FormProblem> out;
    try {
        config.validate();
    } catch (const ConfigError& e) {
        const auto [path, what] = splitMessage(e.what());
        out.append({path,
            path.empty() ? QString::fromUtf8(e.what())
                         : fieldLabel(path) + QLatin1Char(' ') + QString::fromStdString(what)});
        return out; // the method set may be unreadable: the layer checks below need it
    }
    const auto set = config.distillation.methodSet();
    const auto& d = config.distillation;
    if (set.has(train::Method::Hint)) {
        checkLayer(
            out, config.student.model, d.hint.studentLayer, "distillation.hint.student_layer");
        if (!config.teacher.fromRun) {
            checkLayer(
                out, config.teacher.model, d.hint.teacherLayer, "distillation.hint.teacher_layer");
        }
    }
    if (set.has(train::Method::Relation)) {
        checkLayer(out, config.student.model, d.relation.layer, "distillation.relation.layer");
        if (!config.teacher.fromRun) {
            checkLayer(out, config.teacher.model, d.relation.layer, "distillation.relation.layer");
        }
    }
    return out;
}

} // namespace kdw::ui
