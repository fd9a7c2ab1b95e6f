// SPDX-License-Identifier: MIT
// Every distillation method, alone and combined, through the whole student: the gradients the
// batch objective hands to the optimiser agree with central differences of its loss (double
// precision), and the methods' parameters are checked before any training starts.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/train/objective.h"
#include "core/train/trainer.h"
#include "tests/support/configs.h"
#include "tests/support/gradcheck.h"

namespace kdw::train {
namespace {

struct MethodCase {
    std::string method;
    bool listwise = false;
    bool shortLists = false; // ranking: teacher lists shorter than top_k, some empty (issue 10)
};

class ObjectiveGradient : public ::testing::TestWithParam<MethodCase> { };

TEST_P(ObjectiveGradient, MatchesCentralDifferencesThroughTheWholeStudent)
{
    const auto& param = GetParam();
    constexpr std::int32_t kUsers = 6;
    constexpr std::int32_t kItems = 9;
    // Smooth activations so that central differences are exact to O(h^2).
    const nn::ModelSpec teacherSpec {5, nn::InteractionKind::Mlp,
        {{7, nn::Activation::Tanh, 0.0}, {6, nn::Activation::Tanh, 0.0}}};
    const nn::ModelSpec studentSpec {3, nn::InteractionKind::Mlp,
        {{4, nn::Activation::Tanh, 0.0}, {3, nn::Activation::Sigmoid, 0.0}}};
    nn::Model<double> teacher(teacherSpec, kUsers, kItems);
    nn::Model<double> student(studentSpec, kUsers, kItems);
    Rng rng(21);
    teacher.initialize(rng);
    student.initialize(rng);
    for (auto* m : {&teacher, &student}) {
        for (auto& p : m->parameters()) {
            if (p.touched != nullptr) {
                for (Index k = 0; k < p.rows * p.cols; ++k) {
                    p.value[k] = 0.7 * rng.normal();
                }
            }
        }
    }
    DistillationConfig d;
    d.method = param.method;
    d.listwise = param.listwise;
    d.temperature = 2.5;
    d.alpha = 0.6;
    d.hint = {"layers.0", "layers.1", 0.8};
    d.relation.layer = "layers.0";
    d.relation.distanceWeight = 2.0;
    d.relation.angleWeight = 3.0;
    d.ranking = {3, 2.0, 0.7};
    const int group = 3; // a positive and 2 negatives per candidate list
    BatchObjective<double> objective(d, student, &teacher, group, rng);
    const std::vector<IdVec> topK = param.shortLists
        ? std::vector<IdVec> {{1, 2, 3}, {0}, {6, 7, 8}, {2, 5}, {1, 3, 7}, {}}
        : std::vector<IdVec> {{1, 2, 3}, {0, 4, 5}, {6, 7, 8}, {2, 5, 8}, {1, 3, 7}, {0, 6, 4}};
    objective.setTeacherTopK(&topK);

    const IdVec users {0, 0, 0, 1, 1, 1, 3, 3, 3, 5, 5, 5};
    const IdVec items {1, 4, 7, 2, 3, 8, 0, 5, 6, 2, 1, 0};
    const std::vector<float> labels {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0};

    student.clearSparseGrads();
    const double loss = objective.evaluate(users, items, labels, nullptr, true);
    EXPECT_TRUE(std::isfinite(loss));
    const auto lossOf = [&] { return objective.evaluate(users, items, labels, nullptr, false); };
    auto params = student.parameters();
    const auto extra = objective.extraParameters();
    params.insert(params.end(), extra.begin(), extra.end());
    EXPECT_EQ(extra.empty(), param.method.find("hint") == std::string::npos);
    for (auto& p : params) {
        const std::vector<double> analytic(p.grad, p.grad + p.rows * p.cols);
        test::checkGradient(
            lossOf, p.value, analytic.data(), p.rows * p.cols, param.method + " " + p.name);
    }
    // The teacher is frozen: the objective never writes its gradients.
    for (auto& p : teacher.parameters()) {
        EXPECT_EQ(Eigen::Map<Mat<double>>(p.grad, p.rows, p.cols).cwiseAbs().maxCoeff(), 0.0)
            << "teacher " << p.name;
    }
}

INSTANTIATE_TEST_SUITE_P(EveryMethodAndCombination, ObjectiveGradient,
    ::testing::Values(MethodCase {"none"}, MethodCase {"soft_target"},
        MethodCase {"soft_target", true}, MethodCase {"logit_matching"}, MethodCase {"hint"},
        MethodCase {"relation"}, MethodCase {"ranking"}, MethodCase {"hint+soft_target"},
        MethodCase {"relation+soft_target", true}, MethodCase {"hint+logit_matching"},
        MethodCase {"relation+ranking"}, MethodCase {"hint+ranking"},
        MethodCase {"ranking", false, true}, MethodCase {"relation+ranking", false, true}),
    [](const auto& p) {
        std::string name = p.param.method + (p.param.listwise ? "_listwise" : "")
            + (p.param.shortLists ? "_short_lists" : "");
        std::replace(name.begin(), name.end(), '+', '_');
        return name;
    });

std::string refusal(const ExperimentConfig& c)
{
    try {
        Trainer t(c);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(MethodParameters, AreRefusedBeforeTrainingNamingTheField)
{
    auto c = test::tinyConfig("hint");
    c.distillation.hint.studentLayer = "layers.5";
    EXPECT_EQ(refusal(c),
        "config: 'distillation.hint.student_layer' names 'layers.5', which the student does not "
        "have");
    c = test::tinyConfig("hint");
    c.distillation.hint.teacherLayer = "layers.7";
    EXPECT_EQ(refusal(c),
        "config: 'distillation.hint.teacher_layer' names 'layers.7', which the teacher does not "
        "have");
    c = test::tinyConfig("relation");
    c.distillation.relation.layer = "layers.1"; // the tiny student has one hidden layer
    EXPECT_NE(refusal(c).find("'distillation.relation.layer'"), std::string::npos);
    c = test::tinyConfig("ranking");
    c.distillation.ranking.topK = c.dataset.synthetic.items;
    EXPECT_NE(refusal(c).find("'distillation.ranking.top_k'"), std::string::npos);
    c = test::tinyConfig("soft_target");
    c.distillation.temperature = 0.0;
    EXPECT_EQ(refusal(c),
        "config: 'distillation.temperature' must be between 0.01 and 1000 "
        "(below 0.01 the float32 soft targets overflow)");
    c.distillation.temperature = 2.0;
    c.distillation.alpha = -0.1;
    EXPECT_EQ(refusal(c), "config: 'distillation.alpha' must be in [0, 1]");
    c = test::tinyConfig("hint+relation");
    EXPECT_NE(refusal(c).find("combines at most one feature-based"), std::string::npos);
    c = test::tinyConfig("soft_target+ranking");
    EXPECT_NE(refusal(c).find("combines at most one"), std::string::npos);
}

} // namespace
} // namespace kdw::train
