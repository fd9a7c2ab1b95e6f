// SPDX-License-Identifier: MIT
// The one field list of each config struct: one line per JSON key, read by the JSON reader and
// writer, range validation and the schema (see config_fields.h).
#include "core/train/config_fields.h"

namespace kdw::train::fields {

// A reference to `member` of whichever config struct the list is about.
#define KDW_AT(member)                                                                             \
    [](auto& s) -> auto&                                                                           \
    {                                                                                              \
        return s.member;                                                                           \
    }

namespace {

using nn::Activation;
using nn::InteractionKind;
using nn::OptimizerKind;

const Fields<nn::LayerSpec>& layerFields()
{
    using S = nn::LayerSpec;
    static const Fields<S> list {
        value<S>("units", KDW_AT(units), between(1, 65536), "width of the layer"),
        choice<S>("activation", KDW_AT(activation),
            {Activation::Relu, Activation::LeakyRelu, Activation::Tanh, Activation::Sigmoid,
                Activation::Gelu, Activation::Identity},
            nn::parseActivation, nn::toString, "non-linearity after the layer"),
        value<S>("dropout", KDW_AT(dropout), interval(0, false, 1, true),
            "fraction of units dropped while training"),
    };
    return list;
}

const Fields<nn::ModelSpec>& modelFields()
{
    using S = nn::ModelSpec;
    static const Fields<S> list {
        value<S>("embedding_dim", KDW_AT(embeddingDim), between(1, 4096),
            "size of each user and item embedding"),
        choice<S>("interaction", KDW_AT(interaction),
            {InteractionKind::Mlp, InteractionKind::Gmf, InteractionKind::NeuMf},
            nn::parseInteraction, nn::toString,
            "how user and item meet: MLP tower, GMF product, or both"),
        objectList<S>("layers", KDW_AT(layers), layerFields,
            "the MLP tower, input side first (unused by gmf)"),
        choice<S>("dense_init", KDW_AT(denseInit),
            {nn::DenseInit::HeXavier, nn::DenseInit::PyTorch}, nn::parseDenseInit, nn::toString,
            "dense layers' initial weights: he_xavier (He/Xavier uniform, zero bias) or pytorch "
            "(nn.Linear's default: weight and bias uniform in +-1/sqrt(fan_in))"),
    };
    return list;
}

const Fields<TrainingConfig>& trainingFields()
{
    using S = TrainingConfig;
    static const Fields<S> list {
        value<S>("epochs", KDW_AT(epochs), between(1, 100000), "passes over the training set"),
        value<S>(
            "batch_size", KDW_AT(batchSize), between(1, 1 << 20), "examples per gradient step"),
        choice<S>("optimizer", KDW_AT(optimizer.kind),
            {OptimizerKind::Sgd, OptimizerKind::Adam, OptimizerKind::AdamW}, nn::parseOptimizer,
            nn::toString, "update rule"),
        value<S>("learning_rate", KDW_AT(optimizer.learningRate), interval(0, true, 100, true),
            "step size"),
        value<S>("weight_decay", KDW_AT(optimizer.weightDecay), atLeast(0),
            "L2 penalty (decoupled for adamw)"),
        value<S>(
            "momentum", KDW_AT(optimizer.momentum), interval(0, false, 1, true), "sgd momentum"),
        value<S>("beta1", KDW_AT(optimizer.beta1), interval(0, false, 1, true),
            "adam: decay of the mean"),
        value<S>("beta2", KDW_AT(optimizer.beta2), interval(0, false, 1, true),
            "adam: decay of the variance"),
        value<S>("epsilon", KDW_AT(optimizer.epsilon), above(0), "adam: added to the denominator"),
        choice<S>("embedding_updates", KDW_AT(optimizer.embeddingUpdates),
            {nn::EmbeddingUpdates::Lazy, nn::EmbeddingUpdates::Dense}, nn::parseEmbeddingUpdates,
            nn::toString,
            "lazy: a step updates only the embedding rows of its batch; dense: every row, as "
            "torch.optim.Adam does"),
        choice<S>("schedule", KDW_AT(schedule),
            {Schedule::Constant, Schedule::Step, Schedule::Cosine}, parseSchedule, toString,
            "learning-rate schedule over the epochs"),
        value<S>("step_epochs", KDW_AT(stepEpochs), atLeast(1), "step: epochs between rate cuts"),
        value<S>("step_gamma", KDW_AT(stepGamma), interval(0, true, 1, false),
            "step: factor of each cut"),
        value<S>("min_learning_rate", KDW_AT(minLearningRate), words("in [0, learning_rate]"),
            "cosine: the rate at the last epoch"),
        value<S>("early_stop_metric", KDW_AT(earlyStopMetric), words("a metric or empty"),
            "stop when it stops improving (val_loss, auc, f1, accuracy, kl, hr@K, ndcg@K); empty = "
            "never"),
        value<S>(
            "patience", KDW_AT(patience), atLeast(1), "epochs without improvement before stopping"),
    };
    return list;
}

// from_run: null, a run id (number or text) or a run uuid.
Field<TeacherConfig> fromRunField()
{
    Field<TeacherConfig> f {"from_run", "null | run id | run uuid", any(),
        "take the teacher from this saved run instead of training one"};
    f.write = [](const TeacherConfig& t) { return t.fromRun ? json(*t.fromRun) : json(nullptr); };
    f.read = [](TeacherConfig& t, const json& v, const Context& c) {
        if (v.is_string()) {
            t.fromRun = v.get<std::string>();
        } else if (v.is_number_integer()) {
            t.fromRun = std::to_string(v.get<long long>());
        } else {
            c.fail("from_run", "must be null, a run id or a run uuid");
        }
    };
    return f;
}

const Fields<TeacherConfig>& teacherFields()
{
    using S = TeacherConfig;
    static const Fields<S> list {
        fromRunField(),
        object<S>("model", KDW_AT(model), modelFields, "the teacher's architecture"),
        object<S>("training", KDW_AT(training), trainingFields, "how the teacher is trained"),
    };
    return list;
}

const Fields<StudentConfig>& studentFields()
{
    using S = StudentConfig;
    static const Fields<S> list {
        object<S>("model", KDW_AT(model), modelFields, "the student's architecture"),
        object<S>("training", KDW_AT(training), trainingFields, "how the student is trained"),
    };
    return list;
}

const Fields<ColumnRoles>& columnFields()
{
    using S = ColumnRoles;
    static const Fields<S> list {
        value<S>("user", KDW_AT(user), any(), "header name or 1-based position of the user column"),
        value<S>("item", KDW_AT(item), any(), "header name or 1-based position of the item column"),
        value<S>(
            "rating", KDW_AT(rating), any(), "the rating column; empty = by header, else none"),
        value<S>("timestamp", KDW_AT(timestamp), any(),
            "the timestamp column; empty = by header, else none"),
    };
    return list;
}

const Fields<data::SyntheticSpec>& syntheticFields()
{
    using S = data::SyntheticSpec;
    static const Fields<S> list {
        value<S>("users", KDW_AT(users), between(2, 1000000), "users generated"),
        value<S>("items", KDW_AT(items), between(10, 1000000), "items generated"),
        value<S>("latent_dim", KDW_AT(latentDim), between(1, 256),
            "rank of the hidden preference structure"),
        value<S>("density", KDW_AT(density), interval(0, true, 0.5, true),
            "mean fraction of the catalogue per user"),
        value<S>(
            "noise", KDW_AT(noise), any(), "scale of the noise on preferences (0 = deterministic)"),
        value<S>("popularity", KDW_AT(popularity), any(), "scale of the per-item popularity bias"),
        value<S>("seed", KDW_AT(seed), any(), "seed of the generator"),
    };
    return list;
}

const Fields<DatasetConfig>& datasetFields()
{
    using S = DatasetConfig;
    static const Fields<S> list {
        value<S>("source", KDW_AT(source), words("synthetic, movielens or csv"),
            "where the interactions come from"),
        value<S>("path", KDW_AT(path), words("required unless source is synthetic"),
            "the ratings file, relative to the config file's folder"),
        value<S>("format", KDW_AT(format), any(),
            "layout of the ratings file: auto, movielens100k, movielens_dat, movielens_csv or csv"),
        value<S>("implicit_threshold", KDW_AT(implicitThreshold), atLeast(0),
            "rating >= threshold is a positive; 0 = every interaction"),
        value<S>("train_negatives", KDW_AT(trainNegatives), between(0, 100),
            "negatives per positive, resampled each epoch"),
        value<S>("eval_negatives", KDW_AT(evalNegatives), between(1, 10000),
            "negatives per evaluated user, fixed by the seed"),
        value<S>("validation_negatives", KDW_AT(validationNegatives),
            words("between 0 and eval_negatives"),
            "of those, per user, in the pointwise validation set"),
        choice<S>("negative_sampling", KDW_AT(negativeSampling),
            {data::NegativeSampling::Unseen, data::NegativeSampling::Uniform},
            data::parseNegativeSampling, data::toString,
            "training negatives: unseen (items the user never interacted with) or uniform (any "
            "item, as the original NCF code samples)"),
        choice<S>("holdout_ties", KDW_AT(holdoutTies),
            {data::HoldoutTies::Random, data::HoldoutTies::LastInFile}, data::parseHoldoutTies,
            data::toString,
            "held-out item among a user's equally late ones: random (by the seed) or last (the "
            "last "
            "in file order)"),
        object<S>("columns", KDW_AT(columns), columnFields,
            "csv: which column is the user, item, rating, timestamp"),
        object<S>("synthetic", KDW_AT(synthetic), syntheticFields,
            "size and density of the bundled generator"),
    };
    return list;
}

const Fields<HintConfig>& hintFields()
{
    using S = HintConfig;
    static const Fields<S> list {
        value<S>("student_layer", KDW_AT(studentLayer), any(),
            "student representation matched to the teacher's"),
        value<S>("teacher_layer", KDW_AT(teacherLayer), any(),
            "teacher representation it is matched to"),
        value<S>("beta", KDW_AT(beta), atLeast(0), "weight of the hint loss"),
    };
    return list;
}

const Fields<RelationConfig>& relationFields()
{
    using S = RelationConfig;
    static const Fields<S> list {
        value<S>("layer", KDW_AT(layer), any(), "representation whose relations are distilled"),
        value<S>(
            "distance_weight", KDW_AT(distanceWeight), atLeast(0), "weight of the distance term"),
        value<S>("angle_weight", KDW_AT(angleWeight), atLeast(0), "weight of the angle term"),
        value<S>("angle_sample", KDW_AT(angleSample), between(3, 1024),
            "examples per batch the O(N^3) angle term sees"),
    };
    return list;
}

const Fields<RankingConfig>& rankingFields()
{
    using S = RankingConfig;
    static const Fields<S> list {
        value<S>(
            "top_k", KDW_AT(topK), atLeast(1), "teacher's top-K items the student learns to rank"),
        value<S>("lambda", KDW_AT(lambda), above(0), "decay of the position weights"),
        value<S>("weight", KDW_AT(weight), atLeast(0), "weight of the ranking loss"),
    };
    return list;
}

const Fields<DistillationConfig>& distillationFields()
{
    using S = DistillationConfig;
    static const Fields<S> list {
        value<S>("method", KDW_AT(method), words("one method, or feature+logit"),
            "none, soft_target, logit_matching, hint, relation or ranking; e.g. hint+soft_target"),
        value<S>("temperature", KDW_AT(temperature),
            between(0.01, 1000, "below 0.01 the float32 soft targets overflow"),
            "softens teacher and student scores before they are compared"),
        value<S>("alpha", KDW_AT(alpha), interval(0, false, 1, false),
            "weight of the distillation loss vs the labels"),
        value<S>("listwise", KDW_AT(listwise), any(),
            "soft targets over each user's list instead of per example"),
        object<S>("hint", KDW_AT(hint), hintFields, "hint: which representations are matched"),
        object<S>("relation", KDW_AT(relation), relationFields, "relation: relational KD weights"),
        object<S>("ranking", KDW_AT(ranking), rankingFields, "ranking: ranking distillation"),
    };
    return list;
}

const Fields<EvalConfig>& evalFields()
{
    using S = EvalConfig;
    static const Fields<S> list {
        value<S>("k", KDW_AT(k), words("each between 1 and eval_negatives + 1"),
            "cut-offs of hr@K, ndcg@K and mrr@K"),
        choice<S>("protocol", KDW_AT(protocol), {RankingProtocol::Sampled, RankingProtocol::Full},
            parseRankingProtocol, toString,
            "sampled: the held-out item against its sampled negatives; full: also against every "
            "item the user never saw (full_hr@K, full_ndcg@K, full_mrr@K)"),
    };
    return list;
}

} // namespace

const Fields<ExperimentConfig>& experimentFields()
{
    using S = ExperimentConfig;
    static const Fields<S> list {
        value<S>("name", KDW_AT(name), words("not empty"), "shown in the history"),
        value<S>(
            "seed", KDW_AT(seed), any(), "seed of the split, the sampling and the initial weights"),
        object<S>(
            "dataset", KDW_AT(dataset), datasetFields, "the interactions and how they are sampled"),
        object<S>("teacher", KDW_AT(teacher), teacherFields, "the large model"),
        object<S>("student", KDW_AT(student), studentFields, "the small model"),
        object<S>(
            "distillation", KDW_AT(distillation), distillationFields, "the distillation method"),
        object<S>("eval", KDW_AT(eval), evalFields, "evaluation"),
        value<S>("threads", KDW_AT(threads), between(1, 256), "compute threads of the run"),
    };
    return list;
}

#undef KDW_AT

} // namespace kdw::train::fields
