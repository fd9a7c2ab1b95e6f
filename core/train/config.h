// SPDX-License-Identifier: MIT
// The experiment config: one value type that describes a run completely. JSON in and out; the GUI
// edits it, kdw reads it, the history stores it, and "re-run" starts from it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/data/protocol.h"
#include "core/data/synthetic.h"
#include "core/nn/model_spec.h"
#include "core/nn/optimizer_spec.h"
#include "core/train/vocabulary.h"

namespace kdw::train {

// Which column of a delimited file holds each role, by header name (e.g. "userId", "user_id:token")
// or by 1-based position ("1"). Empty = taken from the header's names when it has them, else by
// position (user, item[, rating[, timestamp]]). An empty rating or timestamp role on a file whose
// header names no such column means the file has none.
struct ColumnRoles {
    std::string user;
    std::string item;
    std::string rating;
    std::string timestamp;
};

struct DatasetConfig {
    std::string source = "synthetic"; // synthetic | movielens | csv
    std::string path; // the ratings file for movielens / csv
    std::string format = "auto"; // auto | movielens100k | movielens_dat | movielens_csv | csv
    double implicitThreshold = 0.0; // rating >= threshold is a positive; 0 = every interaction
    int trainNegatives = 4; // per positive, resampled every epoch
    int evalNegatives = 99; // per evaluated user, fixed by the seed
    int validationNegatives = 4; // of those, per user, in the pointwise validation set
    data::NegativeSampling negativeSampling = data::NegativeSampling::Unseen;
    data::HoldoutTies holdoutTies = data::HoldoutTies::Random;
    ColumnRoles columns; // csv: which column is which (see ColumnRoles)
    data::SyntheticSpec synthetic; // size and density of the bundled generator
};

enum class Schedule { Constant, Step, Cosine };

struct TrainingConfig {
    int epochs = 10;
    int batchSize = 256;
    nn::OptimizerSpec optimizer;
    Schedule schedule = Schedule::Constant;
    int stepEpochs = 5; // Step: multiply the rate by stepGamma every stepEpochs epochs
    double stepGamma = 0.5;
    double minLearningRate = 0.0; // Cosine: the rate at the last epoch
    std::string earlyStopMetric; // empty = off; e.g. "ndcg@10" (higher is better) or "val_loss"
    int patience = 3; // epochs without improvement before stopping
};

struct TeacherConfig {
    std::optional<std::string> fromRun; // take the teacher from this saved run (id or uuid)
    nn::ModelSpec model {64, nn::InteractionKind::Mlp,
        {{256, nn::Activation::Relu, 0.0}, {128, nn::Activation::Relu, 0.0},
            {64, nn::Activation::Relu, 0.0}}};
    TrainingConfig training;
};

struct StudentConfig {
    nn::ModelSpec model {8, nn::InteractionKind::Mlp,
        {{16, nn::Activation::Relu, 0.0}, {8, nn::Activation::Relu, 0.0}}};
    TrainingConfig training;
};

struct HintConfig {
    std::string studentLayer = "layers.0";
    std::string teacherLayer = "layers.1";
    double beta = 1.0;
};

struct RelationConfig {
    std::string layer = "embedding";
    double distanceWeight = 25.0;
    double angleWeight = 50.0;
    int angleSample = 32; // examples of each batch the O(N^3) angle term looks at
};

struct RankingConfig {
    int topK = 10;
    double lambda = 1.0;
    double weight = 0.5;
};

struct DistillationConfig {
    // none | soft_target | logit_matching | hint | relation | ranking, or a feature-based and a
    // logit-based method joined by '+', e.g. "hint+soft_target".
    std::string method = "soft_target";
    double temperature = 4.0;
    double alpha = 0.5;
    bool listwise = false;
    HintConfig hint;
    RelationConfig relation;
    RankingConfig ranking;

    // `method` parsed into its typed set; parse once per run or objective, never per batch.
    // Throws ConfigError as MethodSet::parse does.
    [[nodiscard]] MethodSet methodSet() const { return MethodSet::parse(method); }
};

// How the held-out item is ranked: against its sampled negatives only (hr@K, ndcg@K, mrr@K), or
// also against every item the user never saw (adds full_hr@K, full_ndcg@K, full_mrr@K; scores the
// whole catalogue for every evaluated user each epoch: see core/train/full_ranking.h).
enum class RankingProtocol { Sampled, Full };
// "sampled", "full". Throws ConfigError naming the choices.
RankingProtocol parseRankingProtocol(const std::string& text);
std::string toString(RankingProtocol p);

struct EvalConfig {
    std::vector<int> k {5, 10, 20};
    RankingProtocol protocol = RankingProtocol::Sampled;
};

struct ExperimentConfig {
    std::string name = "untitled run";
    std::uint64_t seed = 7;
    DatasetConfig dataset;
    TeacherConfig teacher;
    StudentConfig student;
    DistillationConfig distillation;
    EvalConfig eval;
    int threads = 2;

    // Throws ConfigError naming the first impossible field ("teacher.training.epochs must be ...").
    void validate() const;
};

// "constant", "step", "cosine". parseSchedule throws ConfigError "unknown schedule 'x' (expected
// constant, step or cosine)".
std::string toString(Schedule s);
Schedule parseSchedule(const std::string& text);

// One renamed key: its old and its new path, array elements written "[]"
// ("teacher.model.layers[].size" -> "teacher.model.layers[].units"). A rename keeps the key in its
// object: both paths have the same parent.
struct KeyRename {
    std::string oldPath;
    std::string newPath;
};

// The keys this program has renamed, oldest first (empty while no key has been renamed). A config
// that uses an old name is read with a notice and written back under the new one.
const std::vector<KeyRename>& keyRenames();

struct ConfigReadOptions {
    // Called once per renamed key the document used: "config key 'a.b' is now 'a.c'". May be empty.
    std::function<void(const std::string&)> notice;
    // The rename table to apply; null = keyRenames(). Tests inject their own.
    const std::vector<KeyRename>* renames = nullptr;
};

// Parse a config from JSON text. Missing fields keep their defaults. A key the program does not
// know is refused with a ConfigError naming its path and the nearest known key ("config:
// 'distillation.temprature': unknown key; did you mean 'temperature'?"); so is a field of the
// wrong type or an impossible value. Renamed keys are read with a notice. The result is validated.
ExperimentConfig configFromJson(const std::string& text, const ConfigReadOptions& options = {});
// configFromJson on a file's text, with relative dataset paths resolved against the file's folder.
// Throws ConfigError prefixed with the path when the file cannot be read or is refused.
ExperimentConfig loadConfigFile(const std::string& path, const ConfigReadOptions& options = {});
// Makes a relative dataset path relative to `baseDir` (the config file's folder), so that configs
// can travel with their data.
void resolveRelativePaths(ExperimentConfig& config, const std::string& baseDir);
// The config as JSON under the current key names; configFromJson reads it back unchanged.
std::string configToJson(const ExperimentConfig& config, int indent = 2);

// One field of the config as `kdw config --schema` shows it. Array elements are written "[]"
// ("teacher.model.layers[].units"); an object's row comes before its fields' rows and has no
// default.
struct ConfigFieldInfo {
    std::string path;
    std::string type; // "integer", "number", "string", "relu | gelu | ...", "object", ...
    std::string defaultValue; // as JSON ("4", "\"soft_target\"", "[5,10,20]"), "3 entries" for an
                              // array of objects
    std::string
        range; // "between 0.01 and 1000", "in [0, 1)", ">= 0"; empty = any value of the type
    std::string meaning; // one line
};

// Every field of the config, from the same field lists the reader and writer walk. Never throws.
std::vector<ConfigFieldInfo> configSchema();

} // namespace kdw::train
