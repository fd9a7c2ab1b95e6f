// SPDX-License-Identifier: MIT
#include "core/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/common/float_env.h"
#include "core/common/random.h"
#include "core/eval/metrics.h"
#include "core/nn/model.h"
#include "core/nn/optimizer.h"
#include "core/train/objective.h"

namespace kdw::train {

using Clock = std::chrono::steady_clock;
using Model = nn::Model<float>;

std::string toString(RunStatus s)
{
    switch (s) {
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Diverged:
        return "diverged";
    }
    return "finished";
}

namespace {

// Seeds of the independent random streams of a run, derived from the config's seed.
enum class Stream : std::uint64_t { TeacherInit = 1, TeacherSample, TeacherDropout, StudentInit, StudentSample, StudentDropout };

Rng streamRng(std::uint64_t seed, Stream s)
{
    return Rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(s) * 0xD1B54A32D192ED03ULL);
}

std::string shortNumber(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
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
        const double progress = t.epochs <= 1 ? 0.0 : static_cast<double>(epoch - 1) / (t.epochs - 1);
        return t.minLearningRate + 0.5 * (lr0 - t.minLearningRate) * (1.0 + std::cos(std::numbers::pi * progress));
    }
    }
    return lr0;
}

// The parameters that can make a phase's loss non-finite, with their values.
std::string divergenceCauses(const TrainingConfig& t, const DistillationConfig* student)
{
    std::string out = " (parameters that can cause this: the learning rate, " + shortNumber(t.optimizer.learningRate);
    if (student != nullptr && student->uses("soft_target")) {
        out += "; the distillation temperature, " + shortNumber(student->temperature) +
               " (soft targets need it well above 1e-30)";
    }
    return out + ")";
}

// The result's message (why it diverged, if it did), then the warnings, "; "-joined.
void appendWarnings(TrainResult& result, const std::vector<std::string>& warnings)
{
    for (const auto& w : warnings) {
        result.message += (result.message.empty() ? "" : "; ") + w;
    }
}

} // namespace

bool lowerIsBetter(const std::string& metric)
{
    return metric.find("loss") != std::string::npos || metric.starts_with("kl") || metric == "seconds";
}

std::string metricSplit(const std::string& metric)
{
    static const char* const kTraining[] = {"train_loss", "hard_loss", "soft_loss", "logit_loss", "hint_loss",
                                            "rkd_distance_loss", "rkd_angle_loss", "ranking_loss",
                                            "learning_rate", "examples_per_s", "seconds"};
    for (const auto* name : kTraining) {
        if (metric == name) {
            return "train";
        }
    }
    return "validation";
}

struct Trainer::Impl {
    std::unique_ptr<Model> teacher;
    std::unique_ptr<Model> student;
    bool teacherLoaded = false;

    // Ranking evaluation pairs: per evaluated user the held-out item then its negatives.
    IdVec rankUsers, rankItems;
    std::vector<std::size_t> rankOffsets; // evalUsers.size() + 1

    // Cached teacher outputs for the student phase (the teacher is frozen).
    RowVec<float> teacherValidation;
    std::vector<IdVec> teacherTopK; // per user, for ranking distillation

    long long totalExamples = 0; // of the whole run, for the ETA
    long long doneExamples = 0;
    Clock::time_point runStart;
};

Trainer::Trainer(ExperimentConfig config)
    : Trainer(config, prepareData(config.dataset, config.seed))
{
}

Trainer::Trainer(ExperimentConfig config, ExperimentData data)
    : m_config(std::move(config)), m_data(std::move(data)), m_impl(std::make_unique<Impl>())
{
    m_config.validate();
    const auto& split = m_data.split;
    m_impl->teacher = std::make_unique<Model>(m_config.teacher.model, split.numUsers, split.numItems);
    m_impl->student = std::make_unique<Model>(m_config.student.model, split.numUsers, split.numItems);

    const auto& d = m_config.distillation;
    if (d.uses("hint")) {
        if (!m_impl->student->hasRepresentation(d.hint.studentLayer)) {
            throw ConfigError("config: 'distillation.hint.student_layer' names '" + d.hint.studentLayer +
                              "', which the student does not have");
        }
        if (!m_impl->teacher->hasRepresentation(d.hint.teacherLayer)) {
            throw ConfigError("config: 'distillation.hint.teacher_layer' names '" + d.hint.teacherLayer +
                              "', which the teacher does not have");
        }
    }
    if (d.uses("relation")) {
        if (!m_impl->student->hasRepresentation(d.relation.layer) ||
            !m_impl->teacher->hasRepresentation(d.relation.layer)) {
            throw ConfigError("config: 'distillation.relation.layer' names '" + d.relation.layer +
                              "', which the teacher or the student does not have");
        }
    }
    if (d.uses("ranking") && d.ranking.topK >= split.numItems) {
        throw ConfigError("config: 'distillation.ranking.top_k' (" + std::to_string(d.ranking.topK) +
                          ") must be smaller than the catalogue (" + std::to_string(split.numItems) + " items)");
    }

    m_warnings = data::evaluationWarnings(split, m_config.eval.k);
    m_warnings.insert(m_warnings.end(), m_data.dataset.notes.begin(), m_data.dataset.notes.end());

    auto& im = *m_impl;
    im.rankOffsets.push_back(0);
    for (std::size_t e = 0; e < split.evalUsers.size(); ++e) {
        im.rankUsers.push_back(split.evalUsers[e]);
        im.rankItems.push_back(split.heldOut[e]);
        for (auto item : split.evalNegatives[e]) {
            im.rankUsers.push_back(split.evalUsers[e]);
            im.rankItems.push_back(item);
        }
        im.rankOffsets.push_back(im.rankUsers.size());
    }
}

Trainer::~Trainer() = default;

void Trainer::setTeacherWeights(const std::vector<std::uint8_t>& weights)
{
    m_impl->teacher->loadWeights(weights);
    m_impl->teacherLoaded = true;
}

namespace {

struct PhaseContext {
    std::string phase;
    const TrainingConfig* training = nullptr;
    Model* model = nullptr;
    bool isStudent = false;
};

} // namespace

TrainResult Trainer::run(const TrainerCallbacks& callbacks, const StopToken& stop)
{
    auto& im = *m_impl;
    const auto& cfg = m_config;
    const auto& split = m_data.split;
    const auto& dist = cfg.distillation;
    TrainResult result;
    const FlushDenormals flushDenormals;
    im.runStart = Clock::now();
    const long long perEpoch = static_cast<long long>(split.train.size()) * (1 + cfg.dataset.trainNegatives);
    im.totalExamples = perEpoch * (cfg.student.training.epochs + (im.teacherLoaded ? 0 : cfg.teacher.training.epochs));
    im.doneExamples = 0;

    const auto evaluate = [&](Model& model, bool isStudent) {
        setComputeThreads(threadsFor(model.multiplyAddsPerExample(), cfg.threads));
        std::map<std::string, double> m;
        const RowVec<float> val = model.predict(split.validation.users, split.validation.items);
        eval::ClassificationMeter cls;
        for (Index k = 0; k < val.size(); ++k) {
            cls.add(val[k], split.validation.labels[static_cast<std::size_t>(k)]);
        }
        m["val_loss"] = cls.logLoss();
        m["accuracy"] = cls.accuracy();
        m["precision"] = cls.precision();
        m["recall"] = cls.recall();
        m["f1"] = cls.f1();
        m["auc"] = cls.auc();
        const RowVec<float> scores = model.predict(im.rankUsers, im.rankItems);
        eval::RankingMeter rank;
        std::vector<double> negs;
        for (std::size_t e = 0; e + 1 < im.rankOffsets.size(); ++e) {
            const auto a = static_cast<Index>(im.rankOffsets[e]);
            const auto b = static_cast<Index>(im.rankOffsets[e + 1]);
            negs.assign(scores.data() + a + 1, scores.data() + b);
            rank.add(scores[a], negs.data(), negs.size());
        }
        for (auto k : cfg.eval.k) {
            m["hr@" + std::to_string(k)] = rank.hitRate(k);
            m["ndcg@" + std::to_string(k)] = rank.ndcg(k);
        }
        if (isStudent) {
            eval::KlMeter kl1(1.0);
            eval::KlMeter klT(dist.temperature);
            for (Index k = 0; k < val.size(); ++k) {
                kl1.add(im.teacherValidation[k], val[k]);
                klT.add(im.teacherValidation[k], val[k]);
            }
            m["kl"] = kl1.value();
            m["kl_T"] = klT.value();
        }
        return m;
    };

    const auto runPhase = [&](const PhaseContext& ctx, Rng initRng, Rng sampleRng, Rng dropoutRng) -> bool {
        const auto& tc = *ctx.training;
        Model& model = *ctx.model;
        model.initialize(initRng);
        const bool listwise = ctx.isStudent && dist.uses("soft_target") && dist.listwise;
        const int group = 1 + cfg.dataset.trainNegatives;
        BatchObjective<float> objective(ctx.isStudent ? dist : DistillationConfig {}, model,
                                        ctx.isStudent ? im.teacher.get() : nullptr, group, initRng);
        objective.setTeacherTopK(&im.teacherTopK);
        objective.setComputeThreads(cfg.threads);
        nn::Optimizer<float> opt(tc.optimizer);
        nn::Optimizer<float> extraOpt(tc.optimizer);
        const auto params = model.parameters();
        const auto extraParams = objective.extraParameters();
        int batchSize = tc.batchSize;
        if (listwise) {
            batchSize = std::max(group, batchSize / group * group); // whole lists per batch
        }

        const std::string metric = !tc.earlyStopMetric.empty() ? tc.earlyStopMetric
                                   : std::find(cfg.eval.k.begin(), cfg.eval.k.end(), 10) != cfg.eval.k.end()
                                       ? "ndcg@10"
                                       : "ndcg@" + std::to_string(cfg.eval.k.front());
        const bool lower = lowerIsBetter(metric);
        double best = lower ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
        int bestEpoch = 0;
        std::vector<std::uint8_t> bestWeights;
        int sinceBest = 0;

        IdVec bu;
        IdVec bi;
        std::vector<float> by;
        Clock::time_point lastReport = Clock::now();

        for (int epoch = 1; epoch <= tc.epochs; ++epoch) {
            const auto epochStart = Clock::now();
            const double lr = learningRateAt(tc, epoch);
            opt.setLearningRate(lr);
            if (!extraParams.empty()) {
                extraOpt.setLearningRate(lr);
            }
            const data::Pairs ex = listwise ? data::sampleEpochGrouped(split, cfg.dataset.trainNegatives, sampleRng)
                                            : data::sampleEpoch(split, cfg.dataset.trainNegatives, sampleRng);
            const auto n = static_cast<long long>(ex.size());
            if (n == 0) {
                throw DataError(ctx.phase + " phase: no training examples" +
                                (listwise ? " (no user has " + std::to_string(cfg.dataset.trainNegatives) +
                                                " unseen items left to fill a candidate list)"
                                          : ""));
            }
            const long long batches = (n + batchSize - 1) / batchSize;
            std::map<std::string, double> sums;
            long long seen = 0;
            for (long long b = 0; b < batches; ++b) {
                throwIfStopped(stop);
                const auto start = static_cast<std::ptrdiff_t>(b * batchSize);
                const auto end = static_cast<std::ptrdiff_t>(std::min<long long>(n, (b + 1) * batchSize));
                const auto len = static_cast<Index>(end - start);
                bu.assign(ex.users.begin() + start, ex.users.begin() + end);
                bi.assign(ex.items.begin() + start, ex.items.begin() + end);
                by.assign(ex.labels.begin() + start, ex.labels.begin() + end);
                const double lossValue = objective.evaluate(bu, bi, by, &dropoutRng, true, &sums);
                if (!std::isfinite(lossValue)) {
                    result.status = RunStatus::Diverged;
                    result.message = ctx.phase + " loss became " + std::to_string(lossValue) + " at epoch " +
                                     std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                                     divergenceCauses(tc, ctx.isStudent ? &dist : nullptr);
                    return false;
                }
                sums["train_loss"] += lossValue * static_cast<double>(len);
                opt.step(params);
                model.clearSparseGrads();
                if (!extraParams.empty()) {
                    extraOpt.step(extraParams);
                }
                seen += len;
                im.doneExamples += len;

                const auto now = Clock::now();
                if (callbacks.batchProgress && (now - lastReport > std::chrono::milliseconds(100) || b + 1 == batches)) {
                    lastReport = now;
                    BatchProgress p;
                    p.phase = ctx.phase;
                    p.epoch = epoch;
                    p.epochs = tc.epochs;
                    p.batch = b + 1;
                    p.batches = batches;
                    const double secs = std::chrono::duration<double>(now - epochStart).count();
                    p.examplesPerSecond = secs > 0 ? static_cast<double>(seen) / secs : 0.0;
                    const double runSecs = std::chrono::duration<double>(now - im.runStart).count();
                    const double rate = runSecs > 0 ? static_cast<double>(im.doneExamples) / runSecs : 0.0;
                    p.etaSeconds = rate > 0 ? static_cast<double>(im.totalExamples - im.doneExamples) / rate : 0.0;
                    callbacks.batchProgress(p);
                }
            }
            const double trainSecs = std::chrono::duration<double>(Clock::now() - epochStart).count();
            EpochRecord rec;
            rec.phase = ctx.phase;
            rec.epoch = epoch;
            rec.metrics = evaluate(model, ctx.isStudent);
            for (const auto& [k, v] : sums) {
                rec.metrics[k] = v / static_cast<double>(std::max<long long>(1, seen));
            }
            rec.metrics["learning_rate"] = lr;
            rec.metrics["examples_per_s"] = trainSecs > 0 ? static_cast<double>(seen) / trainSecs : 0.0;
            rec.metrics["seconds"] = std::chrono::duration<double>(Clock::now() - epochStart).count();
            result.epochs.push_back(rec);
            if (callbacks.epochFinished) {
                callbacks.epochFinished(rec);
            }
            const auto it = rec.metrics.find(metric);
            const double value = it == rec.metrics.end() ? 0.0 : it->second;
            if (lower ? value < best : value > best) {
                best = value;
                bestEpoch = epoch;
                bestWeights = model.saveWeights();
                sinceBest = 0;
            } else if (!tc.earlyStopMetric.empty() && ++sinceBest >= tc.patience) {
                im.totalExamples -= perEpoch * (tc.epochs - epoch); // the ETA forgets the skipped epochs
                break;
            }
        }
        if (!tc.earlyStopMetric.empty() && !bestWeights.empty()) {
            model.loadWeights(bestWeights); // early stopping keeps the best epoch's model
        }
        if (ctx.isStudent) {
            result.bestStudentEpoch = bestEpoch;
            result.bestStudentWeights = std::move(bestWeights);
        }
        return true;
    };

    try {
        // The teacher is trained (or loaded) for every method, "none" included: the student
        // alone is then measured against the same teacher (KL), which every comparison needs.
        if (!im.teacherLoaded) {
            if (callbacks.phaseStarted) {
                callbacks.phaseStarted("teacher");
            }
            if (!runPhase({"teacher", &cfg.teacher.training, im.teacher.get(), false},
                          streamRng(cfg.seed, Stream::TeacherInit), streamRng(cfg.seed, Stream::TeacherSample),
                          streamRng(cfg.seed, Stream::TeacherDropout))) {
                appendWarnings(result, m_warnings);
                return result;
            }
            result.teacherTrained = true;
        }
        result.teacherWeights = im.teacher->saveWeights();
        setComputeThreads(threadsFor(im.teacher->multiplyAddsPerExample(), cfg.threads));
        im.teacherValidation = im.teacher->predict(m_data.split.validation.users, m_data.split.validation.items);
        if (dist.uses("ranking")) {
            // The teacher's top-K items per user among those the user never interacted with,
            // computed once: the teacher is frozen for the whole student phase.
            const auto numItems = m_data.split.numItems;
            im.teacherTopK.assign(static_cast<std::size_t>(m_data.split.numUsers), {});
            IdVec us(static_cast<std::size_t>(numItems));
            IdVec is(static_cast<std::size_t>(numItems));
            for (std::int32_t i = 0; i < numItems; ++i) {
                is[static_cast<std::size_t>(i)] = i;
            }
            std::vector<std::int32_t> order;
            for (std::int32_t u = 0; u < m_data.split.numUsers; ++u) {
                throwIfStopped(stop);
                std::fill(us.begin(), us.end(), u);
                const RowVec<float> sc = im.teacher->predict(us, is);
                order.clear();
                for (std::int32_t i = 0; i < numItems; ++i) {
                    if (!m_data.split.hasSeen(u, i)) {
                        order.push_back(i);
                    }
                }
                const auto k = std::min<std::size_t>(static_cast<std::size_t>(dist.ranking.topK), order.size());
                std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                                  [&](std::int32_t a, std::int32_t b) { return sc[a] > sc[b] || (sc[a] == sc[b] && a < b); });
                order.resize(k);
                im.teacherTopK[static_cast<std::size_t>(u)] = order;
            }
        }
        if (callbacks.phaseStarted) {
            callbacks.phaseStarted("student");
        }
        runPhase({"student", &cfg.student.training, im.student.get(), true},
                                 streamRng(cfg.seed, Stream::StudentInit), streamRng(cfg.seed, Stream::StudentSample),
                                 streamRng(cfg.seed, Stream::StudentDropout));
        result.studentWeights = im.student->saveWeights();
    } catch (const Cancelled&) {
        result.status = RunStatus::Cancelled;
    }
    appendWarnings(result, m_warnings);
    return result;
}

} // namespace kdw::train
