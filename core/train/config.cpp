// SPDX-License-Identifier: MIT
// The experiment config: JSON in and out through the field lists of config_fields.cpp, and the
// checks that involve more than one field.
#include "core/train/config.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/enum_table.h"
#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/train/config_fields.h"

namespace kdw::train {

using nlohmann::json;

namespace {

void require(bool ok, const std::string& field, const std::string& what)
{
    if (!ok) {
        throw ConfigError("config: '" + field + "' " + what);
    }
}

// The rules that tie fields of one training block together (the ranges are in the field list).
void validateTraining(const TrainingConfig& t, const std::string& path)
{
    require(t.minLearningRate >= 0.0 && t.minLearningRate <= t.optimizer.learningRate,
        path + ".min_learning_rate", "must be in [0, learning_rate]");
    if (!t.earlyStopMetric.empty()) {
        // A validation metric of the catalogue (full_ ones also need eval.protocol full: see
        // ExperimentConfig::validate).
        const auto info = eval::findMetric(t.earlyStopMetric);
        const bool known = info && info->split == eval::MetricSplit::Validation;
        require(known, path + ".early_stop_metric",
            "must be val_loss, auc, f1, accuracy, kl, hr@K, ndcg@K, mrr@K or their full_ forms");
    }
}

// The '+'-separated parts of a method text, as written (not yet validated).
std::vector<std::string> methodParts(const std::string& text)
{
    std::vector<std::string> parts;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, '+')) {
        if (!part.empty()) {
            parts.push_back(part);
        }
    }
    return parts;
}

// The family of a part the method catalogue knows; std::nullopt for an unknown name.
std::optional<MethodFamily> familyOf(const std::string& part)
{
    for (const auto& info : methodCatalogue()) {
        if (info.name == part) {
            return info.family;
        }
    }
    return std::nullopt;
}

void validateMethod(const DistillationConfig& d)
{
    const auto parts = methodParts(d.method);
    require(!parts.empty(), "distillation.method", "must name a method");
    int logit = 0;
    int feature = 0;
    bool none = false;
    for (const auto& p : parts) {
        const auto family = familyOf(p);
        require(family.has_value(), "distillation.method",
            "has an unknown method '" + p
                + "' (expected none, soft_target, logit_matching, hint, relation or ranking)");
        logit += family == MethodFamily::Logit ? 1 : 0;
        feature += family == MethodFamily::Feature ? 1 : 0;
        none = none || family == MethodFamily::None;
    }
    require(!(none && parts.size() > 1), "distillation.method",
        "cannot combine 'none' with another method");
    require(logit <= 1 && feature <= 1, "distillation.method",
        "combines at most one feature-based (hint, relation) and one logit-based (soft_target, "
        "logit_matching, ranking) method");
    // What the checks above let through must parse as the typed set the trainer uses (an empty
    // part, "hint+", is refused here rather than by the trainer).
    try {
        (void)d.methodSet();
    } catch (const ConfigError& e) {
        require(false, "distillation.method", e.what());
    }
}

} // namespace

namespace {

constexpr EnumTable kSchedules {"schedule",
    std::array<EnumText<Schedule>, 3> {{{Schedule::Constant, "constant"}, {Schedule::Step, "step"},
        {Schedule::Cosine, "cosine"}}}};

constexpr EnumTable kRankingProtocols {"evaluation protocol",
    std::array<EnumText<RankingProtocol>, 2> {
        {{RankingProtocol::Sampled, "sampled"}, {RankingProtocol::Full, "full"}}}};

} // namespace

std::string toString(RankingProtocol p)
{
    return std::string(kRankingProtocols.text(p));
}

RankingProtocol parseRankingProtocol(const std::string& text)
{
    return kRankingProtocols.parse(text);
}

std::string toString(Schedule s)
{
    return std::string(kSchedules.text(s));
}

Schedule parseSchedule(const std::string& text)
{
    return kSchedules.parse(text);
}

void ExperimentConfig::validate() const
{
    fields::validateObject(fields::experimentFields(), *this, "");
    require(!name.empty(), "name", "must not be empty");
    require(
        dataset.source == "synthetic" || dataset.source == "movielens" || dataset.source == "csv",
        "dataset.source", "must be synthetic, movielens or csv");
    require(dataset.source == "synthetic" || !dataset.path.empty(), "dataset.path",
        "must name a ratings file when the source is " + dataset.source);
    require(
        dataset.validationNegatives >= 0 && dataset.validationNegatives <= dataset.evalNegatives,
        "dataset.validation_negatives", "must be between 0 and eval_negatives");
    validateTraining(teacher.training, "teacher.training");
    validateTraining(student.training, "student.training");
    for (const auto* t : {&teacher.training, &student.training}) {
        require(!t->earlyStopMetric.starts_with("full_") || eval.protocol == RankingProtocol::Full,
            (t == &teacher.training ? "teacher" : "student")
                + std::string(".training.early_stop_metric"),
            "is a full-ranking metric: set eval.protocol to full to record it");
    }
    validateMethod(distillation);
    if (distillation.methodSet().has(Method::Ranking) && dataset.source == "synthetic") {
        const auto items = dataset.synthetic.items;
        require(distillation.ranking.topK < items, "distillation.ranking.top_k",
            "must be smaller than the catalogue (" + std::to_string(items) + " items)");
    }
    require(!eval.k.empty(), "eval.k", "must list at least one cut-off");
    for (auto k : eval.k) {
        require(k >= 1 && k <= dataset.evalNegatives + 1, "eval.k",
            "cut-offs must be between 1 and eval_negatives + 1");
    }
}

const std::vector<KeyRename>& keyRenames()
{
    // Append {"old.path", "new.path"} when a key is renamed; tests/core/train/test_config_keys.cpp
    // checks every entry. No key has been renamed yet.
    static const std::vector<KeyRename> table;
    return table;
}

ExperimentConfig configFromJson(const std::string& text, const ConfigReadOptions& options)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        // parse_error, but also out_of_range for a number too large for a double (found by fuzzing)
        throw ConfigError(std::string("config: not valid JSON (") + e.what() + ")");
    }
    ExperimentConfig c;
    fields::readObject(fields::experimentFields(), c, j, fields::Context {"", "", &options});
    c.validate();
    return c;
}

ExperimentConfig loadConfigFile(const std::string& path, const ConfigReadOptions& options)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(path + ": cannot open the config file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    ExperimentConfig config;
    try {
        config = configFromJson(buffer.str(), options);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
    resolveRelativePaths(config, std::filesystem::path(path).parent_path().string());
    return config;
}

void resolveRelativePaths(ExperimentConfig& config, const std::string& baseDir)
{
    if (config.dataset.path.empty()) {
        return;
    }
    const std::filesystem::path data(config.dataset.path);
    if (data.is_relative()) {
        config.dataset.path = (std::filesystem::path(baseDir) / data).lexically_normal().string();
    }
}

std::string configToJson(const ExperimentConfig& config, int indent)
{
    return fields::writeObject(fields::experimentFields(), config).dump(indent);
}

std::vector<ConfigFieldInfo> configSchema()
{
    std::vector<ConfigFieldInfo> rows;
    fields::schemaRows(fields::experimentFields(), ExperimentConfig {}, "", rows);
    return rows;
}

} // namespace kdw::train
