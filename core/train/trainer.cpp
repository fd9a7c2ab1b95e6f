// SPDX-License-Identifier: MIT
#include "core/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/common/float_env.h"
#include "core/common/random.h"
#include "core/eval/metric_catalogue.h"
#include "core/nn/model.h"
#include "core/nn/optimizer.h"
#include "core/train/best_epoch.h"
#include "core/train/divergence.h"
#include "core/train/full_ranking.h"
#include "core/train/memory_estimate.h"
#include "core/train/objective.h"
#include "core/train/validation.h"

namespace kdw::train {

using Clock = std::chrono::steady_clock;
using Model = nn::Model<float>;
namespace metric = eval::metric;

namespace {

// Seeds of the independent random streams of a run, derived from the config's seed.
enum class Stream : std::uint64_t {
    TeacherInit = 1,
    TeacherSample,
    TeacherDropout,
    StudentInit,
    StudentSample,
    StudentDropout
};

Rng streamRng(std::uint64_t seed, Stream s)
{
    return Rng(
        seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(s) * 0xD1B54A32D192ED03ULL);
}

double learningRateAt(const TrainingConfig& t, int epoch)
{
    const double lr0 = t.optimizer.learningRate;
    switch (t.schedule) {
    case Schedule::Constant:
        return lr0;
    case Schedule::Step:
        return lr0 * std::pow(t.stepGamma, (epoch - 1) / t.stepEpochs);
    case Schedule::Cosine: {
        const double progress
            = t.epochs <= 1 ? 0.0 : static_cast<double>(epoch - 1) / (t.epochs - 1);
        return t.minLearningRate
            + 0.5 * (lr0 - t.minLearningRate) * (1.0 + std::cos(std::numbers::pi * progress));
    }
    }
    return lr0;
}

// The result's message (why it diverged, if it did), then the warnings, "; "-joined.
void appendWarnings(TrainResult& result, const std::vector<std::string>& warnings)
{
    for (const auto& w : warnings) {
        result.message += (result.message.empty() ? "" : "; ") + w;
    }
}

struct PhaseContext {
    std::string phase;
    const TrainingConfig* training = nullptr;
    Model* model = nullptr;
    bool isStudent = false;
    Rng initRng;
    Rng sampleRng;
    Rng dropoutRng;
};

// What one phase trains with: its objective, optimisers and batch size.
struct PhaseState {
    PhaseState(const PhaseContext& ctx, const DistillationConfig& dist, Model* teacher, int group,
        Rng& initRng)
        : objective(ctx.isStudent ? dist : DistillationConfig {}, *ctx.model,
            ctx.isStudent ? teacher : nullptr, group, initRng)
        , opt(ctx.training->optimizer)
        , extraOpt(ctx.training->optimizer)
        , params(ctx.model->parameters())
        , extraParams(objective.extraParameters())
    {
    }

    BatchObjective<float> objective;
    nn::Optimizer<float> opt;
    nn::Optimizer<float> extraOpt;
    std::vector<nn::Parameter<float>> params;
    std::vector<nn::Parameter<float>> extraParams;
    bool listwise = false;
    int batchSize = 0;
    long long weightCheckEvery = 1; // batches between two scans of the weights for NaN and inf
};

// Batches between two scans of a phase's weights: a scan reads every parameter once, a batch
// multiplies about batch x multiply-adds (forward and backward: three times that), so scanning
// every `every` batches costs at most ~2% of training (a table of millions of rows is then scanned
// only at the end of each epoch).
long long weightCheckInterval(long long parameters, long long batch, long long multiplyAdds)
{
    const long long batchWork = std::max<long long>(1, 3 * batch * multiplyAdds);
    return std::max<long long>(1, 50 * parameters / batchWork);
}

long long parameterCount(const std::vector<nn::Parameter<float>>& params)
{
    long long n = 0;
    for (const auto& p : params) {
        n += static_cast<long long>(p.rows * p.cols);
    }
    return n;
}

// What one epoch's batches add up to.
struct EpochTotals {
    std::map<std::string, double> sums; // each loss term times its batch's size
    long long seen = 0; // examples trained
    Clock::duration paused {}; // time spent waiting on the pause gate
    std::string divergence; // why the loss became non-finite; empty when it did not
};

} // namespace

struct Trainer::Impl {
    const ExperimentConfig& cfg;
    const data::Split& split;
    MethodSet methods; // the config's distillation method, parsed once
    std::unique_ptr<Model> teacher;
    std::unique_ptr<Model> student;
    bool teacherLoaded = false;

    RankingPairs rankingPairs; // the leave-one-out pairs HR and NDCG are measured on

    // Cached teacher outputs for the student phase (the teacher is frozen).
    RowVec<float> teacherValidation;
    std::vector<IdVec> teacherTopK; // per user, for ranking distillation

    long long perEpoch = 0; // examples of one epoch
    long long totalExamples = 0; // of the whole run, for the ETA
    long long doneExamples = 0;
    Clock::time_point runStart;

    Impl(const ExperimentConfig& config, const data::Split& s)
        : cfg(config)
        , split(s)
        , methods(config.distillation.methodSet())
        , rankingPairs(s)
    {
    }

    void checkLayers() const;
    [[nodiscard]] std::map<std::string, double> evaluate(
        Model& model, bool isStudent, const StopToken& stop) const;
    bool trainPhase(PhaseContext ctx, const TrainerCallbacks& callbacks, const StopToken& stop,
        TrainResult& result);
    EpochTotals trainEpoch(const PhaseContext& ctx, PhaseState& st, const data::Pairs& ex,
        int epoch, Rng& dropoutRng, const TrainerCallbacks& callbacks, const StopToken& stop);
    void reportProgress(const PhaseContext& ctx, int epoch, long long batch, long long batches,
        long long seen, Clock::time_point epochStart, const TrainerCallbacks& callbacks) const;
    void prepareTeacherOutputs(const StopToken& stop);
    [[nodiscard]] std::string causesOf(const PhaseContext& ctx) const
    {
        return divergenceCauses(
            *ctx.training, ctx.isStudent ? &cfg.distillation : nullptr, methods);
    }
    bool checkWeights(const PhaseContext& ctx, PhaseState& st, int epoch, long long batch,
        EpochTotals& totals) const;
    [[nodiscard]] data::Pairs sampleExamples(PhaseContext& ctx, const PhaseState& st) const;
    [[nodiscard]] EpochRecord recordEpoch(const PhaseContext& ctx, const EpochTotals& totals,
        int epoch, double lr, Clock::time_point epochStart, double trainSecs,
        const StopToken& stop) const;
};

namespace {

// The run's data, once its estimated memory is known to fit (a synthetic set is checked before it
// is generated).
ExperimentData prepareCheckedData(const ExperimentConfig& config, const StopToken& stop)
{
    refuseSyntheticIfTooLarge(config);
    return prepareData(config.dataset, config.seed, stop);
}

} // namespace

Trainer::Trainer(ExperimentConfig config)
    : Trainer(config, prepareCheckedData(config, {}))
{
}

Trainer::Trainer(ExperimentConfig config, const StopToken& stop)
    : Trainer(config, prepareCheckedData(config, stop))
{
}

Trainer::Trainer(ExperimentConfig config, ExperimentData data)
    : m_config(std::move(config))
    , m_data(std::move(data))
{
    m_config.validate();
    const auto& split = m_data.split;
    refuseIfTooLarge(m_config, split.numUsers, split.numItems,
        static_cast<double>(m_data.dataset.interactions.size()));
    m_impl = std::make_unique<Impl>(m_config, m_data.split);
    m_impl->teacher
        = std::make_unique<Model>(m_config.teacher.model, split.numUsers, split.numItems);
    m_impl->student
        = std::make_unique<Model>(m_config.student.model, split.numUsers, split.numItems);
    m_impl->checkLayers();
    m_warnings = data::evaluationWarnings(split, m_config.eval.k);
    m_warnings.insert(m_warnings.end(), m_data.dataset.notes.begin(), m_data.dataset.notes.end());
}

Trainer::~Trainer() = default;

// Refuses representations the models lack and a ranking list as long as the catalogue.
void Trainer::Impl::checkLayers() const
{
    const auto& d = cfg.distillation;
    if (methods.has(Method::Hint)) {
        if (!student->hasRepresentation(d.hint.studentLayer)) {
            throw ConfigError("config: 'distillation.hint.student_layer' names '"
                + d.hint.studentLayer + "', which the student does not have");
        }
        if (!teacher->hasRepresentation(d.hint.teacherLayer)) {
            throw ConfigError("config: 'distillation.hint.teacher_layer' names '"
                + d.hint.teacherLayer + "', which the teacher does not have");
        }
    }
    if (methods.has(Method::Relation)) {
        if (!student->hasRepresentation(d.relation.layer)
            || !teacher->hasRepresentation(d.relation.layer)) {
            throw ConfigError("config: 'distillation.relation.layer' names '" + d.relation.layer
                + "', which the teacher or the student does not have");
        }
    }
    if (methods.has(Method::Ranking) && d.ranking.topK >= split.numItems) {
        throw ConfigError("config: 'distillation.ranking.top_k' (" + std::to_string(d.ranking.topK)
            + ") must be smaller than the catalogue (" + std::to_string(split.numItems)
            + " items)");
    }
}

void Trainer::setTeacherWeights(const std::vector<std::uint8_t>& weights)
{
    m_impl->teacher->loadWeights(weights);
    m_impl->teacherLoaded = true;
}

// The validation metrics of one epoch (validationMetrics), on the threads the model's size earns.
std::map<std::string, double> Trainer::Impl::evaluate(
    Model& model, bool isStudent, const StopToken& stop) const
{
    setComputeThreads(threadsFor(model.multiplyAddsPerExample(), cfg.threads));
    auto metrics = validationMetrics(model, split, rankingPairs, cfg.eval.k,
        isStudent ? &teacherValidation : nullptr, cfg.distillation.temperature);
    if (cfg.eval.protocol == RankingProtocol::Full) {
        // The whole catalogue is scored in large blocks: every core helps, whatever the model.
        setComputeThreads(cfg.threads);
        addFullRankingMetrics(fullRankingRanks(model, split, stop), cfg.eval.k, metrics);
    }
    return metrics;
}

// Reports a batch's progress: the epoch's speed and the whole run's ETA from its average rate.
void Trainer::Impl::reportProgress(const PhaseContext& ctx, int epoch, long long batch,
    long long batches, long long seen, Clock::time_point epochStart,
    const TrainerCallbacks& callbacks) const
{
    const auto now = Clock::now();
    BatchProgress p;
    p.phase = ctx.phase;
    p.epoch = epoch;
    p.epochs = ctx.training->epochs;
    p.batch = batch;
    p.batches = batches;
    const double secs = std::chrono::duration<double>(now - epochStart).count();
    p.examplesPerSecond = secs > 0 ? static_cast<double>(seen) / secs : 0.0;
    const double runSecs = std::chrono::duration<double>(now - runStart).count();
    const double rate = runSecs > 0 ? static_cast<double>(doneExamples) / runSecs : 0.0;
    p.etaSeconds = rate > 0 ? static_cast<double>(totalExamples - doneExamples) / rate : 0.0;
    p.runExamplesDone = doneExamples;
    p.runExamplesTotal = totalExamples;
    callbacks.batchProgress(p);
}

// One pass over an epoch's examples in batches: loss, gradients, optimiser steps. Stops at the
// first non-finite loss or weights (EpochTotals::divergence; weights are scanned every
// PhaseState::weightCheckEvery batches and at the end). Throws Cancelled when `stop` is requested.
EpochTotals Trainer::Impl::trainEpoch(const PhaseContext& ctx, PhaseState& st,
    const data::Pairs& ex, int epoch, Rng& dropoutRng, const TrainerCallbacks& callbacks,
    const StopToken& stop)
{
    EpochTotals totals;
    auto epochStart = Clock::now();
    auto lastReport = epochStart;
    const auto n = static_cast<long long>(ex.size());
    const long long batches = (n + st.batchSize - 1) / st.batchSize;
    IdVec bu;
    IdVec bi;
    std::vector<float> by;
    for (long long b = 0; b < batches; ++b) {
        if (callbacks.pause != nullptr) {
            const auto waited = callbacks.pause->waitWhilePaused(stop);
            totals.paused += waited;
            epochStart += waited;
            runStart += waited;
        }
        throwIfStopped(stop);
        const auto start = static_cast<std::ptrdiff_t>(b * st.batchSize);
        const auto end
            = static_cast<std::ptrdiff_t>(std::min<long long>(n, (b + 1) * st.batchSize));
        const auto len = static_cast<Index>(end - start);
        bu.assign(ex.users.begin() + start, ex.users.begin() + end);
        bi.assign(ex.items.begin() + start, ex.items.begin() + end);
        by.assign(ex.labels.begin() + start, ex.labels.begin() + end);
        const double lossValue = st.objective.evaluate(bu, bi, by, &dropoutRng, true, &totals.sums);
        if (!std::isfinite(lossValue)) {
            totals.divergence = ctx.phase + " loss became "
                + (std::isnan(lossValue) ? "NaN" : "infinite") + " at epoch "
                + std::to_string(epoch) + ", batch " + std::to_string(b + 1) + " of "
                + std::to_string(batches) + causesOf(ctx);
            return totals;
        }
        totals.sums[std::string(metric::kTrainLoss)] += lossValue * static_cast<double>(len);
        st.opt.step(st.params);
        ctx.model->clearSparseGrads();
        if (!st.extraParams.empty()) {
            st.extraOpt.step(st.extraParams);
        }
        if ((b + 1) % st.weightCheckEvery == 0 && checkWeights(ctx, st, epoch, b + 1, totals)) {
            return totals;
        }
        totals.seen += len;
        doneExamples += len;
        const auto now = Clock::now();
        if (callbacks.batchProgress
            && (now - lastReport > std::chrono::milliseconds(100) || b + 1 == batches)) {
            lastReport = now;
            reportProgress(ctx, epoch, b + 1, batches, totals.seen, epochStart, callbacks);
        }
    }
    checkWeights(ctx, st, epoch, 0, totals); // at the epoch's end: the rows no checked batch saw
    return totals;
}

// Scans the phase's weights (and its objective's own, e.g. a hint regressor) for NaN and inf,
// which a finite batch loss does not rule out (an update can poison rows no later batch of the
// epoch reads). Returns true, with EpochTotals::divergence saying where, when one is found;
// `batch` 0 means the end of the epoch.
bool Trainer::Impl::checkWeights(
    const PhaseContext& ctx, PhaseState& st, int epoch, long long batch, EpochTotals& totals) const
{
    auto bad = nonFiniteParameter(st.params);
    if (!bad) {
        bad = nonFiniteParameter(st.extraParams);
    }
    if (!bad) {
        return false;
    }
    totals.divergence = ctx.phase + " weights became NaN or infinite at epoch "
        + std::to_string(epoch) + (batch > 0 ? ", batch " + std::to_string(batch) : "") + ": "
        + *bad + causesOf(ctx);
    return true;
}

// One epoch's training examples: positives with fresh negatives (whole candidate lists when
// listwise). Throws DataError when there are none.
data::Pairs Trainer::Impl::sampleExamples(PhaseContext& ctx, const PhaseState& st) const
{
    const int negatives = cfg.dataset.trainNegatives;
    const data::Pairs ex = st.listwise
        ? data::sampleEpochGrouped(split, negatives, ctx.sampleRng)
        : data::sampleEpoch(split, negatives, ctx.sampleRng, cfg.dataset.negativeSampling);
    if (ex.size() == 0) {
        throw DataError(ctx.phase + " phase: no training examples"
            + (st.listwise ? " (no user has " + std::to_string(negatives)
                        + " unseen items left to fill a candidate list)"
                           : ""));
    }
    return ex;
}

// The record of a trained epoch: validation metrics, the mean of each loss term over its
// examples, the learning rate, the speed and the epoch's wall-clock time (evaluation included).
EpochRecord Trainer::Impl::recordEpoch(const PhaseContext& ctx, const EpochTotals& totals,
    int epoch, double lr, Clock::time_point epochStart, double trainSecs,
    const StopToken& stop) const
{
    EpochRecord rec;
    rec.phase = ctx.phase;
    rec.epoch = epoch;
    rec.metrics = evaluate(*ctx.model, ctx.isStudent, stop);
    for (const auto& [k, v] : totals.sums) {
        rec.metrics[k] = v / static_cast<double>(std::max<long long>(1, totals.seen));
    }
    rec.metrics[std::string(metric::kLearningRate)] = lr;
    rec.metrics[std::string(metric::kExamplesPerSecond)]
        = trainSecs > 0 ? static_cast<double>(totals.seen) / trainSecs : 0.0;
    rec.metrics[std::string(metric::kSeconds)]
        = std::chrono::duration<double>(Clock::now() - epochStart).count();
    return rec;
}

// Trains one phase for its epochs (or until early stopping), recording every epoch. Returns false
// when the loss diverged (result.status and message say so).
bool Trainer::Impl::trainPhase(
    PhaseContext ctx, const TrainerCallbacks& callbacks, const StopToken& stop, TrainResult& result)
{
    const auto& tc = *ctx.training;
    Model& model = *ctx.model;
    model.initialize(ctx.initRng);
    const int group = 1 + cfg.dataset.trainNegatives;
    PhaseState st(ctx, cfg.distillation, teacher.get(), group, ctx.initRng);
    st.objective.setTeacherTopK(&teacherTopK);
    st.objective.setComputeThreads(cfg.threads);
    st.listwise = ctx.isStudent && methods.has(Method::SoftTarget) && cfg.distillation.listwise;
    st.batchSize
        = st.listwise ? std::max(group, tc.batchSize / group * group) : tc.batchSize; // whole lists
    st.weightCheckEvery
        = weightCheckInterval(parameterCount(st.params) + parameterCount(st.extraParams),
            st.batchSize, static_cast<long long>(model.multiplyAddsPerExample()));

    BestEpoch best(
        !tc.earlyStopMetric.empty() ? tc.earlyStopMetric : eval::defaultBestMetric(cfg.eval.k));
    std::vector<std::uint8_t> bestWeights;
    double firstLoss = 0.0; // the phase's first epoch's training loss
    for (int epoch = 1; epoch <= tc.epochs; ++epoch) {
        auto epochStart = Clock::now();
        const double lr = learningRateAt(tc, epoch);
        st.opt.setLearningRate(lr);
        if (!st.extraParams.empty()) {
            st.extraOpt.setLearningRate(lr);
        }
        const data::Pairs ex = sampleExamples(ctx, st);
        const EpochTotals totals = trainEpoch(ctx, st, ex, epoch, ctx.dropoutRng, callbacks, stop);
        epochStart += totals.paused;
        if (!totals.divergence.empty()) {
            result.status = RunStatus::Diverged;
            result.message = totals.divergence;
            return false;
        }
        const double trainSecs = std::chrono::duration<double>(Clock::now() - epochStart).count();
        const EpochRecord rec = recordEpoch(ctx, totals, epoch, lr, epochStart, trainSecs, stop);
        result.epochs.push_back(rec);
        if (callbacks.epochFinished) {
            callbacks.epochFinished(rec);
        }
        firstLoss = epoch == 1 ? rec.metrics.at(std::string(metric::kTrainLoss)) : firstLoss;
        if (const auto why = epochDivergence(rec, firstLoss, cfg.eval.k)) {
            result.status = RunStatus::Diverged;
            result.message
                = *why + divergenceCauses(tc, ctx.isStudent ? &cfg.distillation : nullptr, methods);
            return false;
        }
        if (best.offer(rec)) {
            bestWeights = model.saveWeights();
        } else if (!tc.earlyStopMetric.empty() && best.epochsSinceBest() >= tc.patience) {
            totalExamples -= perEpoch * (tc.epochs - epoch); // the ETA forgets the skipped epochs
            break;
        }
    }
    if (!tc.earlyStopMetric.empty() && !bestWeights.empty()) {
        model.loadWeights(bestWeights); // early stopping keeps the best epoch's model
    }
    if (ctx.isStudent) {
        result.bestStudentEpoch = best.epoch();
        result.bestStudentWeights = std::move(bestWeights);
    }
    return true;
}

// What the student phase needs of the frozen teacher, computed once: its validation logits (for
// KL) and, for ranking distillation, its top-K lists.
void Trainer::Impl::prepareTeacherOutputs(const StopToken& stop)
{
    setComputeThreads(threadsFor(teacher->multiplyAddsPerExample(), cfg.threads));
    teacherValidation = teacher->predict(split.validation.users, split.validation.items);
    if (methods.has(Method::Ranking)) {
        teacherTopK = train::teacherTopK(*teacher, split, cfg.distillation.ranking.topK, stop);
    }
}

TrainResult Trainer::run(const TrainerCallbacks& callbacks, const StopToken& stop)
{
    auto& im = *m_impl;
    const auto& cfg = m_config;
    TrainResult result;
    const FlushDenormals flushDenormals;
    im.runStart = Clock::now();
    im.perEpoch
        = static_cast<long long>(m_data.split.train.size()) * (1 + cfg.dataset.trainNegatives);
    im.totalExamples = im.perEpoch
        * (cfg.student.training.epochs + (im.teacherLoaded ? 0 : cfg.teacher.training.epochs));
    im.doneExamples = 0;
    try {
        // The teacher is trained (or loaded) for every method, "none" included: the student
        // alone is then measured against the same teacher (KL), which every comparison needs.
        if (!im.teacherLoaded) {
            if (callbacks.phaseStarted) {
                callbacks.phaseStarted("teacher");
            }
            if (!im.trainPhase({"teacher", &cfg.teacher.training, im.teacher.get(), false,
                                   streamRng(cfg.seed, Stream::TeacherInit),
                                   streamRng(cfg.seed, Stream::TeacherSample),
                                   streamRng(cfg.seed, Stream::TeacherDropout)},
                    callbacks, stop, result)) {
                appendWarnings(result, m_warnings);
                return result;
            }
            result.teacherTrained = true;
        }
        result.teacherWeights = im.teacher->saveWeights();
        if (const auto bad = nonFiniteParameter(im.teacher->parameters())) {
            // A saved teacher (an imported run) can carry them: the student's loss would then
            // turn NaN and blame the student's own settings.
            result.status = RunStatus::Diverged;
            result.message = "the teacher's weights hold NaN or infinite values in " + *bad
                + "; no student can be distilled from it (train a new teacher)";
            appendWarnings(result, m_warnings);
            return result;
        }
        if (result.teacherTrained && callbacks.teacherTrained) {
            callbacks.teacherTrained(result.teacherWeights);
        }
        im.prepareTeacherOutputs(stop);
        if (callbacks.phaseStarted) {
            callbacks.phaseStarted("student");
        }
        im.trainPhase({"student", &cfg.student.training, im.student.get(), true,
                          streamRng(cfg.seed, Stream::StudentInit),
                          streamRng(cfg.seed, Stream::StudentSample),
                          streamRng(cfg.seed, Stream::StudentDropout)},
            callbacks, stop, result);
        result.studentWeights = im.student->saveWeights();
    } catch (const Cancelled&) {
        result.status = RunStatus::Cancelled;
    }
    appendWarnings(result, m_warnings);
    return result;
}

} // namespace kdw::train
