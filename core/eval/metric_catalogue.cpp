// SPDX-License-Identifier: MIT
#include "core/eval/metric_catalogue.h"

#include <algorithm>
#include <charconv>

namespace kdw::eval {

namespace {

using enum MetricSplit;
using enum Direction;

MetricInfo info(std::string_view name, MetricSplit split, Direction direction, std::string label,
    std::string unit, int precision, std::string meaning)
{
    return {std::string(name), split, direction, std::move(label), std::move(unit), precision,
        std::move(meaning)};
}

// A cut-off family: the prefix before '@' and how to describe it at K.
struct Family {
    std::string_view prefix;
    std::string_view label;
    std::string_view meaning;
};

constexpr Family kFamilies[] = {
    {"hr", "HR", "share of users whose held-out item ranks in the top K (hit rate)"},
    {"ndcg", "NDCG", "normalised discounted cumulative gain of the held-out item at K"},
    {"mrr", "MRR", "mean reciprocal rank of the held-out item, 0 below rank K"},
    {"full_hr", "full HR",
        "hit rate at K when the held-out item is ranked against every item the user never saw"},
    {"full_ndcg", "full NDCG",
        "NDCG at K when the held-out item is ranked against every item the user never saw"},
    {"full_mrr", "full MRR",
        "MRR at K when the held-out item is ranked against every item the user never saw"},
};

std::string atK(std::string_view prefix, int k)
{
    return std::string(prefix) + "@" + std::to_string(k);
}

} // namespace

namespace metric {
std::string hitRate(int k)
{
    return atK(kFamilies[0].prefix, k);
}
std::string ndcg(int k)
{
    return atK(kFamilies[1].prefix, k);
}
std::string mrr(int k)
{
    return atK(kFamilies[2].prefix, k);
}
std::string fullHitRate(int k)
{
    return atK(kFamilies[3].prefix, k);
}
std::string fullNdcg(int k)
{
    return atK(kFamilies[4].prefix, k);
}
std::string fullMrr(int k)
{
    return atK(kFamilies[5].prefix, k);
}
} // namespace metric

const std::vector<MetricInfo>& fixedMetrics()
{
    using namespace metric;
    static const std::vector<MetricInfo> kMetrics {
        info(kTrainLoss, Train, LowerIsBetter, "training loss", "", 4,
            "the student's (or teacher's) whole objective, mean over the epoch"),
        info(kHardLoss, Train, LowerIsBetter, "hard-label loss", "", 4,
            "binary cross-entropy against the observed labels"),
        info(kSoftLoss, Train, LowerIsBetter, "soft-target loss", "", 4,
            "cross-entropy against the teacher's softened outputs, times T^2"),
        info(kLogitLoss, Train, LowerIsBetter, "logit-matching loss", "", 4,
            "mean squared error between teacher and student logits"),
        info(kHintLoss, Train, LowerIsBetter, "hint loss", "", 4,
            "mean squared error between the regressed student layer and the teacher's hint layer"),
        info(kRkdDistanceLoss, Train, LowerIsBetter, "RKD distance loss", "", 4,
            "Huber loss between normalised pairwise distances"),
        info(kRkdAngleLoss, Train, LowerIsBetter, "RKD angle loss", "", 4,
            "Huber loss between the angles of example triplets"),
        info(kRankingLoss, Train, LowerIsBetter, "ranking-distillation loss", "", 4,
            "weighted log-loss on the teacher's top-K unseen items"),
        info(kLearningRate, Train, HigherIsBetter, "learning rate", "", 6,
            "the optimiser's step size during the epoch"),
        info(kExamplesPerSecond, Train, HigherIsBetter, "speed", "examples/s", 0,
            "training examples processed per second"),
        info(kSeconds, Train, LowerIsBetter, "epoch time", "s", 2,
            "wall-clock time of the epoch, evaluation included"),
        info(kValLoss, Validation, LowerIsBetter, "validation loss", "", 4,
            "binary cross-entropy on the validation pairs"),
        info(kAccuracy, Validation, HigherIsBetter, "accuracy", "", 4,
            "share of validation pairs classified right at 0.5"),
        info(kPrecision, Validation, HigherIsBetter, "precision", "", 4,
            "share of predicted positives that are positive"),
        info(kRecall, Validation, HigherIsBetter, "recall", "", 4,
            "share of positives predicted positive"),
        info(kF1, Validation, HigherIsBetter, "F1", "", 4,
            "harmonic mean of precision and recall at 0.5"),
        info(kAuc, Validation, HigherIsBetter, "AUC", "", 4,
            "area under the ROC curve of the validation pairs"),
        info(kKl, Validation, LowerIsBetter, "KL(teacher ‖ student)", "", 4,
            "mean Bernoulli KL divergence of the student from the teacher at T = 1"),
        info(kKlAtTemperature, Validation, LowerIsBetter, "KL(teacher ‖ student) at T", "", 4,
            "the same divergence at the run's temperature"),
    };
    return kMetrics;
}

std::optional<MetricInfo> findMetric(std::string_view name)
{
    for (const auto& m : fixedMetrics()) {
        if (m.name == name) {
            return m;
        }
    }
    const auto at = name.find('@');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const auto prefix = name.substr(0, at);
    const auto digits = name.substr(at + 1);
    int k = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (ec != std::errc() || end != digits.data() + digits.size() || k < 1
        || digits.front() == '0') {
        return std::nullopt;
    }
    for (const auto& f : kFamilies) {
        if (f.prefix == prefix) {
            return info(name, Validation, HigherIsBetter,
                std::string(f.label) + "@" + std::to_string(k), "", 4, std::string(f.meaning));
        }
    }
    return std::nullopt;
}

bool lowerIsBetter(std::string_view name)
{
    const auto m = findMetric(name);
    return m && m->lowerIsBetter();
}

std::string_view toString(MetricSplit split)
{
    return split == Train ? "train" : "validation";
}

std::string_view splitName(std::string_view name)
{
    const auto m = findMetric(name);
    return toString(m ? m->split : Validation);
}

const std::vector<std::string>& headlineMetrics()
{
    static const std::vector<std::string> kHeadline {
        metric::hitRate(10), metric::ndcg(10), std::string(metric::kF1), std::string(metric::kKl)};
    return kHeadline;
}

std::string defaultBestMetric(const std::vector<int>& cutoffs)
{
    const bool has10 = std::find(cutoffs.begin(), cutoffs.end(), 10) != cutoffs.end();
    return metric::ndcg(has10 || cutoffs.empty() ? 10 : cutoffs.front());
}

} // namespace kdw::eval
