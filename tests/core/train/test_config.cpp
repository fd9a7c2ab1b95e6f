// SPDX-License-Identifier: MIT
// The experiment config: JSON round trip, defaults, and refusals that name the field.
#include <fstream>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/train/config.h"

namespace kdw::train {
namespace {

std::string errorOf(const std::string& json)
{
    try {
        configFromJson(json);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Config, RoundTripsThroughJson)
{
    ExperimentConfig c;
    c.name = "round \"trip\" ✓";
    c.seed = 12345678901ULL;
    c.teacher.fromRun = "42";
    c.student.model.interaction = nn::InteractionKind::NeuMf;
    c.student.model.layers = {{12, nn::Activation::Gelu, 0.25}};
    c.student.training.schedule = Schedule::Cosine;
    c.distillation.method = "hint+soft_target";
    c.distillation.listwise = true;
    c.eval.k = {1, 3};
    const auto back = configFromJson(configToJson(c));
    EXPECT_EQ(configToJson(back), configToJson(c));
    EXPECT_EQ(back.name, c.name);
    EXPECT_EQ(back.seed, c.seed);
    EXPECT_EQ(*back.teacher.fromRun, "42");
    EXPECT_EQ(back.student.model.layers[0].activation, nn::Activation::Gelu);
    EXPECT_DOUBLE_EQ(back.student.model.layers[0].dropout, 0.25);
}

TEST(Config, TheDemoConfigParses)
{
    std::ifstream in(std::string(KDW_SOURCE_DIR) + "/resources/examples/demo.json");
    ASSERT_TRUE(in);
    const auto c = loadConfigFile(std::string(KDW_SOURCE_DIR) + "/resources/examples/demo.json");
    EXPECT_EQ(c.distillation.method, "soft_target");
    EXPECT_EQ(c.dataset.source, "synthetic");
}

TEST(Config, ArchitectureDocExampleParsesWithItsNames)
{
    const auto c = configFromJson(R"({"name": "ml100k soft T=4", "seed": 7,
        "dataset": {"source": "synthetic", "path": "", "implicit_threshold": 0, "train_negatives": 4, "eval_negatives": 99},
        "teacher": {"from_run": null, "model": {"embedding_dim": 64, "interaction": "mlp",
            "layers": [{"units": 256, "activation": "relu", "dropout": 0.0}, {"units": 128, "activation": "relu", "dropout": 0.0}]},
            "training": {"epochs": 20, "batch_size": 256, "optimizer": "adam", "learning_rate": 0.001, "weight_decay": 0.0}},
        "student": {"model": {"embedding_dim": 8, "interaction": "mlp", "layers": [{"units": 16, "activation": "relu"}]},
            "training": {"epochs": 20, "batch_size": 256, "optimizer": "adam", "learning_rate": 0.001}},
        "distillation": {"method": "soft_target", "temperature": 4.0, "alpha": 0.5, "listwise": false,
            "hint": {"student_layer": "layers.0", "teacher_layer": "layers.1", "beta": 1.0},
            "relation": {"layer": "embedding", "distance_weight": 25, "angle_weight": 50},
            "ranking": {"top_k": 10, "lambda": 1.0, "weight": 0.5}},
        "eval": {"k": [5, 10, 20]}, "threads": 2})");
    EXPECT_EQ(c.teacher.model.layers.size(), 2U);
    EXPECT_EQ(c.teacher.training.epochs, 20);
    EXPECT_DOUBLE_EQ(c.distillation.temperature, 4.0);
    EXPECT_FALSE(c.teacher.fromRun.has_value());
}

TEST(Config, RefusesImpossibleValuesNamingTheField)
{
    EXPECT_EQ(errorOf(R"({"distillation": {"temperature": 0}})"),
        "config: 'distillation.temperature' must be between 0.01 and 1000 "
        "(below 0.01 the float32 soft targets overflow)");
    EXPECT_EQ(errorOf(R"({"distillation": {"alpha": 1.5}})"),
        "config: 'distillation.alpha' must be in [0, 1]");
    EXPECT_EQ(errorOf(R"({"teacher": {"training": {"epochs": 0}}})"),
        "config: 'teacher.training.epochs' must be between 1 and 100000");
    EXPECT_EQ(errorOf(R"({"student": {"model": {"layers": [{"units": 4}, {"units": -2}]}}})"),
        "config: 'student.model.layers[1].units' must be between 1 and 65536");
    EXPECT_EQ(errorOf(R"({"student": {"training": {"epochs": "ten"}}})"),
        "config: 'student.training.epochs' must be an integer");
    EXPECT_EQ(errorOf(R"({"distillation": {"method": "magic"}})"),
        "config: 'distillation.method' has an unknown method 'magic' (expected none, soft_target, "
        "logit_matching, hint, relation or ranking)");
    EXPECT_EQ(
        errorOf(R"({"teacher": {"model": {"layers": [{"units": 4, "activation": "swish"}]}}})"),
        "config: 'teacher.model.layers[0].activation' is invalid: unknown activation 'swish' "
        "(expected relu, leaky_relu, tanh, sigmoid, gelu or identity)");
    EXPECT_EQ(errorOf(R"({"dataset": {"source": "movielens"}})"),
        "config: 'dataset.path' must name a ratings file when the source is movielens");
    EXPECT_EQ(errorOf("{\"name\": "), errorOf("{\"name\": ")); // stable
    EXPECT_NE(errorOf("{\"name\": ").find("not valid JSON"), std::string::npos);
    EXPECT_EQ(errorOf(R"([1, 2])"), "config: '(top level)' must be an object");
    // A number too large for a double is refused like any malformed JSON (found by fuzzing).
    EXPECT_NE(errorOf(R"({"seed": 1e99999})").find("not valid JSON"), std::string::npos);
}

} // namespace
} // namespace kdw::train
