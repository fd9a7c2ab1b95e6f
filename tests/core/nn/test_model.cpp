// SPDX-License-Identifier: MIT
// Layers and whole models: central-difference checks of every backward pass, and the whole
// NCF-MLP against PyTorch's logits, loss and gradients in ../shared/golden/kd_reference.json.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/distill/losses.h"
#include "core/nn/dense.h"
#include "core/nn/model.h"
#include "tests/support/golden.h"
#include "tests/support/gradcheck.h"

namespace kdw::nn {
namespace {

// A JSON array of rows as a column-major matrix with the same rows.
Mat<double> rowsToMatrix(const nlohmann::json& j)
{
    const Index rows = static_cast<Index>(j.size());
    const Index cols = static_cast<Index>(j[0].size());
    Mat<double> m(rows, cols);
    for (Index r = 0; r < rows; ++r) {
        for (Index c = 0; c < cols; ++c) {
            m(r, c) = j[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
        }
    }
    return m;
}

class DenseGradient : public ::testing::TestWithParam<Activation> { };

TEST_P(DenseGradient, BackwardMatchesCentralDifferences)
{
    Rng rng(3);
    Dense<double> layer(5, 4, GetParam());
    layer.initialize(rng);
    for (Index k = 0; k < layer.bias().size(); ++k) {
        layer.bias()[k] = 0.1 * rng.normal();
    }
    Mat<double> x(5, 7);
    for (Index k = 0; k < x.size(); ++k) {
        x.data()[k] = rng.normal();
    }
    Mat<double> probe(4, 7); // loss = sum(probe .* A): dA = probe
    for (Index k = 0; k < probe.size(); ++k) {
        probe.data()[k] = rng.normal();
    }
    const auto loss = [&] { return layer.forward(x, nullptr).cwiseProduct(probe).sum(); };
    loss();
    Mat<double> dA = probe;
    Mat<double> dx;
    layer.backward(dA, &dx);
    const Mat<double> dw = layer.weightGrad();
    const Vec<double> db = layer.biasGrad();
    test::checkGradient(loss, x.data(), dx.data(), x.size(), "dX " + toString(GetParam()));
    test::checkGradient(
        loss, layer.weight().data(), dw.data(), dw.size(), "dW " + toString(GetParam()));
    test::checkGradient(
        loss, layer.bias().data(), db.data(), db.size(), "db " + toString(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(AllActivations, DenseGradient,
    ::testing::Values(Activation::Relu, Activation::LeakyRelu, Activation::Tanh,
        Activation::Sigmoid, Activation::Gelu, Activation::Identity),
    [](const auto& p) { return toString(p.param); });

TEST(Dense, DropoutScalesKeptUnitsAndIsOffAtInference)
{
    Rng rng(1);
    Dense<double> layer(3, 2000, Activation::Identity, 0.5);
    layer.weight().setOnes();
    Mat<double> x = Mat<double>::Ones(3, 1);
    Rng dropRng(9);
    const Mat<double> a = layer.forward(x, &dropRng);
    const auto zeros = (a.array() == 0.0).count();
    EXPECT_GT(zeros, 850);
    EXPECT_LT(zeros, 1150);
    EXPECT_DOUBLE_EQ(a.maxCoeff(), 6.0); // 3 / (1 - 0.5)
    EXPECT_DOUBLE_EQ(layer.forward(x, nullptr).minCoeff(), 3.0);
}

// Loss of a model on a fixed batch: sum(probe .* logits) plus sum(probeRep .* representation).
struct ModelProbe {
    IdVec users {0, 1, 2, 3, 4, 0, 2, 4};
    IdVec items {0, 6, 2, 3, 5, 1, 1, 4};
    RowVec<double> probe;
};

void checkModelGradients(const ModelSpec& spec, const std::string& repName)
{
    Model<double> model(spec, 5, 7);
    Rng rng(11);
    model.initialize(rng);
    // Larger embeddings than the NCF default so that the check is not dominated by rounding.
    for (auto& p : model.parameters()) {
        if (p.touched != nullptr) {
            for (Index k = 0; k < p.rows * p.cols; ++k) {
                p.value[k] = 0.5 * rng.normal();
            }
        }
    }
    ModelProbe mp;
    mp.probe = RowVec<double>::Random(8);
    model.forward(mp.users, mp.items);
    Mat<double> repProbe = Mat<double>::Random(model.representationSize(repName), 8);
    const auto loss = [&] {
        const RowVec<double> logits = model.forward(mp.users, mp.items);
        return logits.cwiseProduct(mp.probe).sum()
            + model.representation(repName).cwiseProduct(repProbe).sum();
    };
    loss();
    std::map<std::string, Mat<double>> extra {{repName, repProbe}};
    model.clearSparseGrads();
    model.backward(mp.probe, &extra);
    for (auto& p : model.parameters()) {
        const std::vector<double> analytic(p.grad, p.grad + p.rows * p.cols);
        test::checkGradient(loss, p.value, analytic.data(), p.rows * p.cols,
            toString(spec.interaction) + " " + p.name + " via " + repName);
    }
}

TEST(ModelGradient, MlpTowerWithExtraGradientsAtEveryRepresentation)
{
    ModelSpec spec {
        3, InteractionKind::Mlp, {{4, Activation::Tanh, 0.0}, {3, Activation::Gelu, 0.0}}};
    for (const std::string rep : {"embedding", "layers.0", "layers.1"}) {
        checkModelGradients(spec, rep);
    }
}

TEST(ModelGradient, Gmf)
{
    checkModelGradients({3, InteractionKind::Gmf, {}}, "embedding");
}

TEST(ModelGradient, NeuMf)
{
    ModelSpec spec {3, InteractionKind::NeuMf, {{4, Activation::Sigmoid, 0.0}}};
    checkModelGradients(spec, "layers.0");
    checkModelGradients(spec, "gmf");
}

TEST(Model, ReproducesPyTorchNcfMlpLogitsLossAndEveryGradient)
{
    const auto cases = test::goldenCases("ncf_mlp_model");
    KDW_REQUIRE_GOLDEN(cases);
    for (const auto& c : cases) {
        ModelSpec spec;
        const Mat<double> ue = rowsToMatrix(c["user_embedding"]);
        const Mat<double> ie = rowsToMatrix(c["item_embedding"]);
        spec.embeddingDim = static_cast<int>(ue.cols());
        for (const auto& l : c["layers"]) {
            spec.layers.push_back(
                {static_cast<int>(l["weight"].size()), parseActivation(l["activation"]), 0.0});
        }
        Model<double> model(
            spec, static_cast<std::int32_t>(ue.rows()), static_cast<std::int32_t>(ie.rows()));
        model.userEmbedding().table() = ue.transpose();
        model.itemEmbedding().table() = ie.transpose();
        for (std::size_t i = 0; i < spec.layers.size(); ++i) {
            model.layers()[i].weight() = rowsToMatrix(c["layers"][i]["weight"]);
            model.layers()[i].bias() = test::rowVec(c["layers"][i]["bias"]).transpose();
        }
        model.outputLayer().weight() = rowsToMatrix(c["output"]["weight"]);
        model.outputLayer().bias() = test::rowVec(c["output"]["bias"]).transpose();

        const IdVec users = c["users"].get<IdVec>();
        const IdVec items = c["items"].get<IdVec>();
        const std::string tag = c["activations"].dump();
        const RowVec<double> logits = model.forward(users, items);
        test::expectAllNear(logits, test::rowVec(c["logits"]), tag + " logits");
        const auto loss = distill::softTargetPointwise<double>(logits,
            test::rowVec(c["teacher_logits"]), test::rowVec(c["labels"]), c["T"], c["alpha"]);
        test::expectNear(loss.loss, c["loss"], tag + " loss");
        model.backward(loss.grad);
        const Mat<double> gu = model.userEmbedding().grad().transpose();
        const Mat<double> gi = model.itemEmbedding().grad().transpose();
        test::expectAllNear(
            gu, rowsToMatrix(c["grad_user_embedding"]), tag + " grad user embedding");
        test::expectAllNear(
            gi, rowsToMatrix(c["grad_item_embedding"]), tag + " grad item embedding");
        for (std::size_t i = 0; i < spec.layers.size(); ++i) {
            const Mat<double> gw = model.layers()[i].weightGrad();
            const Vec<double> gb = model.layers()[i].biasGrad();
            test::expectAllNear(gw, rowsToMatrix(c["layers"][i]["grad_weight"]),
                tag + " layer " + std::to_string(i) + " grad W");
            test::expectAllNear(gb, test::rowVec(c["layers"][i]["grad_bias"]).transpose(),
                tag + " layer " + std::to_string(i) + " grad b");
        }
        const Mat<double> gow = model.outputLayer().weightGrad();
        test::expectAllNear(gow, rowsToMatrix(c["output"]["grad_weight"]), tag + " output grad W");
        test::expectNear(
            model.outputLayer().biasGrad()[0], c["output"]["grad_bias"][0], tag + " output grad b");
    }
}

TEST(Model, FloatModelAgreesWithGoldenWithinFloatTolerance)
{
    const auto cases = test::goldenCases("ncf_mlp_model");
    KDW_REQUIRE_GOLDEN(cases);
    const auto& c = cases.front();
    ModelSpec spec;
    const Mat<double> ue = rowsToMatrix(c["user_embedding"]);
    const Mat<double> ie = rowsToMatrix(c["item_embedding"]);
    spec.embeddingDim = static_cast<int>(ue.cols());
    for (const auto& l : c["layers"]) {
        spec.layers.push_back(
            {static_cast<int>(l["weight"].size()), parseActivation(l["activation"]), 0.0});
    }
    Model<float> model(spec, 5, 7);
    model.userEmbedding().table() = ue.transpose().cast<float>();
    model.itemEmbedding().table() = ie.transpose().cast<float>();
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        model.layers()[i].weight() = rowsToMatrix(c["layers"][i]["weight"]).cast<float>();
        model.layers()[i].bias() = test::rowVec(c["layers"][i]["bias"]).transpose().cast<float>();
    }
    model.outputLayer().weight() = rowsToMatrix(c["output"]["weight"]).cast<float>();
    model.outputLayer().bias() = test::rowVec(c["output"]["bias"]).transpose().cast<float>();
    const RowVec<float> logits = model.forward(c["users"].get<IdVec>(), c["items"].get<IdVec>());
    test::expectAllNear(logits, test::rowVec(c["logits"]), "float logits", 1e-4, 1e-6);
}

TEST(Model, ReportsParametersAndMultiplyAdds)
{
    // The WORKLOAD.md teacher: 64-d embeddings, 128 -> 256 -> 128 -> 64 -> 1.
    ModelSpec teacher {64, InteractionKind::Mlp, {{256}, {128}, {64}}};
    Model<float> m(teacher, 943, 1682);
    EXPECT_EQ(m.multiplyAddsPerExample(), 128 * 256 + 256 * 128 + 128 * 64 + 64);
    EXPECT_EQ(m.parameterCount(),
        (943 + 1682) * 64 + (128 * 256 + 256) + (256 * 128 + 128) + (128 * 64 + 64) + 65);
    ModelSpec neumf {8, InteractionKind::NeuMf, {{16}}};
    Model<float> n(neumf, 10, 20);
    EXPECT_EQ(n.multiplyAddsPerExample(), 8 + 16 * 16 + (16 + 8));
    EXPECT_EQ(n.parameterCount(), 2 * (10 + 20) * 8 + 16 * 16 + 16 + 24 + 1);
}

TEST(Model, RepresentationNamesComeFromTheSpecWithoutBuildingAModel)
{
    using Names = std::vector<std::string>;
    const ModelSpec mlp {8, InteractionKind::Mlp, {{16}, {8}}};
    const ModelSpec gmf {8, InteractionKind::Gmf, {{16}}};
    const ModelSpec neumf {8, InteractionKind::NeuMf, {{16}}};
    EXPECT_EQ(representationNames(mlp), (Names {"embedding", "layers.0", "layers.1"}));
    EXPECT_EQ(representationNames(gmf), (Names {"embedding"}));
    EXPECT_EQ(representationNames(neumf), (Names {"embedding", "layers.0", "gmf"}));
    for (const auto& spec : {mlp, gmf, neumf}) {
        const Model<float> m(spec, 4, 6);
        EXPECT_EQ(m.representationNames(), representationNames(spec));
        for (const auto& name : representationNames(spec)) {
            EXPECT_GT(m.representationSize(name), 0) << name;
        }
    }
}

TEST(Model, WeightsRoundTripAndRefuseAnotherShape)
{
    ModelSpec spec {4, InteractionKind::NeuMf, {{6}}};
    Model<float> a(spec, 9, 11);
    Rng rng(5);
    a.initialize(rng);
    const auto blob = a.saveWeights();
    Model<float> b(spec, 9, 11);
    b.loadWeights(blob);
    IdVec u {1, 2, 8};
    IdVec i {0, 10, 5};
    EXPECT_EQ(a.predict(u, i), b.predict(u, i));
    Model<float> other(spec, 9, 12);
    EXPECT_THROW(other.loadWeights(blob), Error);
    auto truncated = blob;
    truncated.resize(blob.size() / 2);
    EXPECT_THROW(b.loadWeights(truncated), Error);
}

} // namespace
} // namespace kdw::nn
