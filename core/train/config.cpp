// SPDX-License-Identifier: MIT
#include "core/train/config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace kdw::train {

using nlohmann::json;

namespace {

// Reads fields of one JSON object, naming each by its full path in errors.
class Reader {
public:
    Reader(const json& j, std::string path) : m_j(j), m_path(std::move(path))
    {
        if (!m_j.is_object()) {
            throw ConfigError("config: '" + (m_path.empty() ? std::string("(top level)") : m_path) +
                              "' must be an object");
        }
    }

    [[nodiscard]] std::string field(const std::string& key) const
    {
        return m_path.empty() ? key : m_path + "." + key;
    }
    [[nodiscard]] bool has(const std::string& key) const
    {
        return m_j.contains(key) && !m_j.at(key).is_null();
    }
    [[nodiscard]] Reader child(const std::string& key) const { return {m_j.at(key), field(key)}; }
    [[nodiscard]] const json& raw(const std::string& key) const { return m_j.at(key); }

    void read(const std::string& key, std::string& out) const
    {
        if (!has(key)) {
            return;
        }
        if (!m_j.at(key).is_string()) {
            fail(key, "must be a string");
        }
        out = m_j.at(key).get<std::string>();
    }
    void read(const std::string& key, double& out) const
    {
        if (!has(key)) {
            return;
        }
        if (!m_j.at(key).is_number()) {
            fail(key, "must be a number");
        }
        out = m_j.at(key).get<double>();
    }
    void read(const std::string& key, int& out) const
    {
        if (!has(key)) {
            return;
        }
        const auto& v = m_j.at(key);
        if (!v.is_number_integer() && !(v.is_number() && v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>())))) {
            fail(key, "must be an integer");
        }
        const auto n = v.get<long long>();
        if (n < -2147483647LL || n > 2147483647LL) {
            fail(key, "is out of range");
        }
        out = static_cast<int>(n);
    }
    void read(const std::string& key, std::uint64_t& out) const
    {
        if (!has(key)) {
            return;
        }
        const auto& v = m_j.at(key);
        if (v.is_number_unsigned()) {
            out = v.get<std::uint64_t>();
        } else if (v.is_number_integer() && v.get<long long>() >= 0) {
            out = static_cast<std::uint64_t>(v.get<long long>());
        } else {
            fail(key, "must be a non-negative integer");
        }
    }
    void read(const std::string& key, std::int32_t& out, bool /*tag*/) const
    {
        int v = out;
        read(key, v);
        out = v;
    }
    void read(const std::string& key, bool& out) const
    {
        if (!has(key)) {
            return;
        }
        if (!m_j.at(key).is_boolean()) {
            fail(key, "must be true or false");
        }
        out = m_j.at(key).get<bool>();
    }

    [[noreturn]] void fail(const std::string& key, const std::string& what) const
    {
        throw ConfigError("config: '" + field(key) + "' " + what);
    }

private:
    const json& m_j;
    std::string m_path;
};

template <typename Parse>
auto parseNamed(const Reader& r, const std::string& key, const std::string& value, Parse parse)
{
    try {
        return parse(value);
    } catch (const ConfigError& e) {
        r.fail(key, std::string("is invalid: ") + e.what());
    }
}

nn::ModelSpec readModel(const Reader& r, nn::ModelSpec m)
{
    r.read("embedding_dim", m.embeddingDim);
    if (r.has("interaction")) {
        std::string s;
        r.read("interaction", s);
        m.interaction = parseNamed(r, "interaction", s, nn::parseInteraction);
    }
    if (r.has("layers")) {
        const auto& arr = r.raw("layers");
        if (!arr.is_array()) {
            r.fail("layers", "must be an array of {units, activation, dropout}");
        }
        m.layers.clear();
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const Reader lr(arr[i], r.field("layers[" + std::to_string(i) + "]"));
            nn::LayerSpec l;
            lr.read("units", l.units);
            if (lr.has("activation")) {
                std::string s;
                lr.read("activation", s);
                l.activation = parseNamed(lr, "activation", s, nn::parseActivation);
            }
            lr.read("dropout", l.dropout);
            m.layers.push_back(l);
        }
    }
    return m;
}

Schedule parseSchedule(const std::string& s)
{
    if (s == "constant") {
        return Schedule::Constant;
    }
    if (s == "step") {
        return Schedule::Step;
    }
    if (s == "cosine") {
        return Schedule::Cosine;
    }
    throw ConfigError("unknown schedule '" + s + "' (expected constant, step or cosine)");
}

TrainingConfig readTraining(const Reader& r, TrainingConfig t)
{
    r.read("epochs", t.epochs);
    r.read("batch_size", t.batchSize);
    if (r.has("optimizer")) {
        std::string s;
        r.read("optimizer", s);
        t.optimizer.kind = parseNamed(r, "optimizer", s, nn::parseOptimizer);
    }
    r.read("learning_rate", t.optimizer.learningRate);
    r.read("weight_decay", t.optimizer.weightDecay);
    r.read("momentum", t.optimizer.momentum);
    r.read("beta1", t.optimizer.beta1);
    r.read("beta2", t.optimizer.beta2);
    r.read("epsilon", t.optimizer.epsilon);
    if (r.has("schedule")) {
        std::string s;
        r.read("schedule", s);
        t.schedule = parseNamed(r, "schedule", s, parseSchedule);
    }
    r.read("step_epochs", t.stepEpochs);
    r.read("step_gamma", t.stepGamma);
    r.read("min_learning_rate", t.minLearningRate);
    r.read("early_stop_metric", t.earlyStopMetric);
    r.read("patience", t.patience);
    return t;
}

json modelJson(const nn::ModelSpec& m)
{
    json layers = json::array();
    for (const auto& l : m.layers) {
        layers.push_back({{"units", l.units}, {"activation", nn::toString(l.activation)}, {"dropout", l.dropout}});
    }
    return {{"embedding_dim", m.embeddingDim}, {"interaction", nn::toString(m.interaction)}, {"layers", layers}};
}

json trainingJson(const TrainingConfig& t)
{
    return {{"epochs", t.epochs},
            {"batch_size", t.batchSize},
            {"optimizer", nn::toString(t.optimizer.kind)},
            {"learning_rate", t.optimizer.learningRate},
            {"weight_decay", t.optimizer.weightDecay},
            {"momentum", t.optimizer.momentum},
            {"beta1", t.optimizer.beta1},
            {"beta2", t.optimizer.beta2},
            {"epsilon", t.optimizer.epsilon},
            {"schedule", toString(t.schedule)},
            {"step_epochs", t.stepEpochs},
            {"step_gamma", t.stepGamma},
            {"min_learning_rate", t.minLearningRate},
            {"early_stop_metric", t.earlyStopMetric},
            {"patience", t.patience}};
}

void require(bool ok, const std::string& field, const std::string& what)
{
    if (!ok) {
        throw ConfigError("config: '" + field + "' " + what);
    }
}

void validateModel(const nn::ModelSpec& m, const std::string& path)
{
    require(m.embeddingDim >= 1 && m.embeddingDim <= 4096, path + ".embedding_dim", "must be between 1 and 4096");
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
        const auto f = path + ".layers[" + std::to_string(i) + "]";
        require(m.layers[i].units >= 1 && m.layers[i].units <= 65536, f + ".units", "must be between 1 and 65536");
        require(m.layers[i].dropout >= 0.0 && m.layers[i].dropout < 1.0, f + ".dropout", "must be in [0, 1)");
    }
}

void validateTraining(const TrainingConfig& t, const std::string& path)
{
    require(t.epochs >= 1 && t.epochs <= 100000, path + ".epochs", "must be between 1 and 100000");
    require(t.batchSize >= 1 && t.batchSize <= 1 << 20, path + ".batch_size", "must be between 1 and 1048576");
    require(t.optimizer.learningRate > 0.0 && t.optimizer.learningRate < 100.0, path + ".learning_rate", "must be > 0 (and < 100)");
    require(t.optimizer.weightDecay >= 0.0, path + ".weight_decay", "must be >= 0");
    require(t.optimizer.momentum >= 0.0 && t.optimizer.momentum < 1.0, path + ".momentum", "must be in [0, 1)");
    require(t.optimizer.beta1 >= 0.0 && t.optimizer.beta1 < 1.0, path + ".beta1", "must be in [0, 1)");
    require(t.optimizer.beta2 >= 0.0 && t.optimizer.beta2 < 1.0, path + ".beta2", "must be in [0, 1)");
    require(t.optimizer.epsilon > 0.0, path + ".epsilon", "must be > 0");
    require(t.stepEpochs >= 1, path + ".step_epochs", "must be >= 1");
    require(t.stepGamma > 0.0 && t.stepGamma <= 1.0, path + ".step_gamma", "must be in (0, 1]");
    require(t.minLearningRate >= 0.0 && t.minLearningRate <= t.optimizer.learningRate, path + ".min_learning_rate", "must be in [0, learning_rate]");
    require(t.patience >= 1, path + ".patience", "must be >= 1");
    if (!t.earlyStopMetric.empty()) {
        const auto& m = t.earlyStopMetric;
        const bool known = m == "val_loss" || m == "auc" || m == "f1" || m == "accuracy" || m == "kl" ||
                           m.starts_with("hr@") || m.starts_with("ndcg@");
        require(known, path + ".early_stop_metric", "must be val_loss, auc, f1, accuracy, kl, hr@K or ndcg@K");
    }
}

const std::vector<std::string> kLogitMethods {"soft_target", "logit_matching", "ranking"};
const std::vector<std::string> kFeatureMethods {"hint", "relation"};

bool contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

std::vector<std::string> DistillationConfig::methods() const
{
    std::vector<std::string> parts;
    std::stringstream ss(method);
    std::string part;
    while (std::getline(ss, part, '+')) {
        if (!part.empty()) {
            parts.push_back(part);
        }
    }
    return parts;
}

bool DistillationConfig::uses(const std::string& part) const
{
    return contains(methods(), part);
}

std::string toString(Schedule s)
{
    switch (s) {
    case Schedule::Constant:
        return "constant";
    case Schedule::Step:
        return "step";
    case Schedule::Cosine:
        return "cosine";
    }
    return "constant";
}

void ExperimentConfig::validate() const
{
    require(!name.empty(), "name", "must not be empty");
    require(threads >= 1 && threads <= 256, "threads", "must be between 1 and 256");
    require(dataset.source == "synthetic" || dataset.source == "movielens" || dataset.source == "csv",
            "dataset.source", "must be synthetic, movielens or csv");
    require(dataset.source == "synthetic" || !dataset.path.empty(), "dataset.path",
            "must name a ratings file when the source is " + dataset.source);
    require(dataset.trainNegatives >= 0 && dataset.trainNegatives <= 100, "dataset.train_negatives", "must be between 0 and 100");
    require(dataset.evalNegatives >= 1 && dataset.evalNegatives <= 10000, "dataset.eval_negatives", "must be between 1 and 10000");
    require(dataset.validationNegatives >= 0 && dataset.validationNegatives <= dataset.evalNegatives,
            "dataset.validation_negatives", "must be between 0 and eval_negatives");
    require(dataset.implicitThreshold >= 0.0, "dataset.implicit_threshold", "must be >= 0");
    const auto& syn = dataset.synthetic;
    require(syn.users >= 2 && syn.users <= 1000000, "dataset.synthetic.users", "must be between 2 and 1000000");
    require(syn.items >= 10 && syn.items <= 1000000, "dataset.synthetic.items", "must be between 10 and 1000000");
    require(syn.density > 0.0 && syn.density < 0.5, "dataset.synthetic.density", "must be in (0, 0.5)");
    require(syn.latentDim >= 1 && syn.latentDim <= 256, "dataset.synthetic.latent_dim", "must be between 1 and 256");
    validateModel(teacher.model, "teacher.model");
    validateTraining(teacher.training, "teacher.training");
    validateModel(student.model, "student.model");
    validateTraining(student.training, "student.training");

    const auto& d = distillation;
    const auto parts = d.methods();
    require(!parts.empty(), "distillation.method", "must name a method");
    int logit = 0;
    int feature = 0;
    for (const auto& p : parts) {
        const bool known = p == "none" || contains(kLogitMethods, p) || contains(kFeatureMethods, p);
        require(known, "distillation.method",
                "has an unknown method '" + p + "' (expected none, soft_target, logit_matching, hint, relation or ranking)");
        logit += contains(kLogitMethods, p) ? 1 : 0;
        feature += contains(kFeatureMethods, p) ? 1 : 0;
    }
    require(!(d.uses("none") && parts.size() > 1), "distillation.method", "cannot combine 'none' with another method");
    require(logit <= 1 && feature <= 1, "distillation.method",
            "combines at most one feature-based (hint, relation) and one logit-based (soft_target, logit_matching, ranking) method");
    require(d.temperature > 0.0 && d.temperature <= 1000.0, "distillation.temperature", "must be > 0 (and at most 1000)");
    require(d.alpha >= 0.0 && d.alpha <= 1.0, "distillation.alpha", "must be in [0, 1]");
    require(d.hint.beta >= 0.0, "distillation.hint.beta", "must be >= 0");
    require(d.relation.distanceWeight >= 0.0, "distillation.relation.distance_weight", "must be >= 0");
    require(d.relation.angleWeight >= 0.0, "distillation.relation.angle_weight", "must be >= 0");
    require(d.relation.angleSample >= 3 && d.relation.angleSample <= 1024, "distillation.relation.angle_sample", "must be between 3 and 1024");
    require(d.ranking.topK >= 1, "distillation.ranking.top_k", "must be >= 1");
    require(d.ranking.lambda > 0.0, "distillation.ranking.lambda", "must be > 0");
    require(d.ranking.weight >= 0.0, "distillation.ranking.weight", "must be >= 0");
    if (d.uses("ranking") && dataset.source == "synthetic") {
        require(d.ranking.topK < syn.items, "distillation.ranking.top_k",
                "must be smaller than the catalogue (" + std::to_string(syn.items) + " items)");
    }
    require(!eval.k.empty(), "eval.k", "must list at least one cut-off");
    for (auto k : eval.k) {
        require(k >= 1 && k <= dataset.evalNegatives + 1, "eval.k", "cut-offs must be between 1 and eval_negatives + 1");
    }
}

ExperimentConfig configFromJson(const std::string& text)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        // parse_error, but also out_of_range for a number too large for a double (found by fuzzing)
        throw ConfigError(std::string("config: not valid JSON (") + e.what() + ")");
    }
    ExperimentConfig c;
    const Reader r(j, "");
    r.read("name", c.name);
    r.read("seed", c.seed);
    r.read("threads", c.threads);
    if (r.has("dataset")) {
        const auto d = r.child("dataset");
        d.read("source", c.dataset.source);
        d.read("path", c.dataset.path);
        d.read("format", c.dataset.format);
        d.read("implicit_threshold", c.dataset.implicitThreshold);
        d.read("train_negatives", c.dataset.trainNegatives);
        d.read("eval_negatives", c.dataset.evalNegatives);
        d.read("validation_negatives", c.dataset.validationNegatives);
        if (d.has("columns")) {
            const auto cols = d.child("columns");
            cols.read("user", c.dataset.columns.user);
            cols.read("item", c.dataset.columns.item);
            cols.read("rating", c.dataset.columns.rating);
            cols.read("timestamp", c.dataset.columns.timestamp);
        }
        if (d.has("synthetic")) {
            const auto s = d.child("synthetic");
            s.read("users", c.dataset.synthetic.users, true);
            s.read("items", c.dataset.synthetic.items, true);
            s.read("latent_dim", c.dataset.synthetic.latentDim);
            s.read("density", c.dataset.synthetic.density);
            s.read("noise", c.dataset.synthetic.noise);
            s.read("popularity", c.dataset.synthetic.popularity);
            s.read("seed", c.dataset.synthetic.seed);
        }
    }
    if (r.has("teacher")) {
        const auto t = r.child("teacher");
        if (t.has("from_run")) {
            const auto& v = t.raw("from_run");
            if (v.is_string()) {
                c.teacher.fromRun = v.get<std::string>();
            } else if (v.is_number_integer()) {
                c.teacher.fromRun = std::to_string(v.get<long long>());
            } else {
                t.fail("from_run", "must be null, a run id or a run uuid");
            }
        }
        if (t.has("model")) {
            c.teacher.model = readModel(t.child("model"), c.teacher.model);
        }
        if (t.has("training")) {
            c.teacher.training = readTraining(t.child("training"), c.teacher.training);
        }
    }
    if (r.has("student")) {
        const auto s = r.child("student");
        if (s.has("model")) {
            c.student.model = readModel(s.child("model"), c.student.model);
        }
        if (s.has("training")) {
            c.student.training = readTraining(s.child("training"), c.student.training);
        }
    }
    if (r.has("distillation")) {
        const auto d = r.child("distillation");
        d.read("method", c.distillation.method);
        d.read("temperature", c.distillation.temperature);
        d.read("alpha", c.distillation.alpha);
        d.read("listwise", c.distillation.listwise);
        if (d.has("hint")) {
            const auto h = d.child("hint");
            h.read("student_layer", c.distillation.hint.studentLayer);
            h.read("teacher_layer", c.distillation.hint.teacherLayer);
            h.read("beta", c.distillation.hint.beta);
        }
        if (d.has("relation")) {
            const auto h = d.child("relation");
            h.read("layer", c.distillation.relation.layer);
            h.read("distance_weight", c.distillation.relation.distanceWeight);
            h.read("angle_weight", c.distillation.relation.angleWeight);
            h.read("angle_sample", c.distillation.relation.angleSample);
        }
        if (d.has("ranking")) {
            const auto h = d.child("ranking");
            h.read("top_k", c.distillation.ranking.topK);
            h.read("lambda", c.distillation.ranking.lambda);
            h.read("weight", c.distillation.ranking.weight);
        }
    }
    if (r.has("eval")) {
        const auto e = r.child("eval");
        if (e.has("k")) {
            const auto& arr = e.raw("k");
            if (!arr.is_array()) {
                e.fail("k", "must be an array of integers");
            }
            c.eval.k.clear();
            for (const auto& v : arr) {
                if (!v.is_number_integer()) {
                    e.fail("k", "must be an array of integers");
                }
                c.eval.k.push_back(v.get<int>());
            }
        }
    }
    c.validate();
    return c;
}

ExperimentConfig loadConfigFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(path + ": cannot open the config file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    ExperimentConfig config;
    try {
        config = configFromJson(buffer.str());
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

std::string configToJson(const ExperimentConfig& c, int indent)
{
    const auto& s = c.dataset.synthetic;
    json j = {
        {"name", c.name},
        {"seed", c.seed},
        {"dataset",
         {{"source", c.dataset.source},
          {"path", c.dataset.path},
          {"format", c.dataset.format},
          {"implicit_threshold", c.dataset.implicitThreshold},
          {"train_negatives", c.dataset.trainNegatives},
          {"eval_negatives", c.dataset.evalNegatives},
          {"validation_negatives", c.dataset.validationNegatives},
          {"columns",
           {{"user", c.dataset.columns.user},
            {"item", c.dataset.columns.item},
            {"rating", c.dataset.columns.rating},
            {"timestamp", c.dataset.columns.timestamp}}},
          {"synthetic",
           {{"users", s.users}, {"items", s.items}, {"latent_dim", s.latentDim}, {"density", s.density},
            {"noise", s.noise}, {"popularity", s.popularity}, {"seed", s.seed}}}}},
        {"teacher",
         {{"from_run", c.teacher.fromRun ? json(*c.teacher.fromRun) : json(nullptr)},
          {"model", modelJson(c.teacher.model)},
          {"training", trainingJson(c.teacher.training)}}},
        {"student", {{"model", modelJson(c.student.model)}, {"training", trainingJson(c.student.training)}}},
        {"distillation",
         {{"method", c.distillation.method},
          {"temperature", c.distillation.temperature},
          {"alpha", c.distillation.alpha},
          {"listwise", c.distillation.listwise},
          {"hint",
           {{"student_layer", c.distillation.hint.studentLayer},
            {"teacher_layer", c.distillation.hint.teacherLayer},
            {"beta", c.distillation.hint.beta}}},
          {"relation",
           {{"layer", c.distillation.relation.layer},
            {"distance_weight", c.distillation.relation.distanceWeight},
            {"angle_weight", c.distillation.relation.angleWeight},
            {"angle_sample", c.distillation.relation.angleSample}}},
          {"ranking",
           {{"top_k", c.distillation.ranking.topK},
            {"lambda", c.distillation.ranking.lambda},
            {"weight", c.distillation.ranking.weight}}}}},
        {"eval", {{"k", c.eval.k}}},
        {"threads", c.threads}};
    return j.dump(indent);
}

} // namespace kdw::train
