// SPDX-License-Identifier: MIT
// The metric catalogue: every per-epoch value a run records, with its split, direction, label,
// unit and display precision. The trainer names its values through it, early stopping and the
// store's best values ask it which way is better, and kdw and the GUI take their columns, labels
// and chart axes from it. Definitions of the values themselves: DISTILLATION.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kdw::eval {

// Where a value is measured: while training (loss terms, learning rate, speed) or on the
// validation data after an epoch.
enum class MetricSplit { Train, Validation };
enum class Direction { HigherIsBetter, LowerIsBetter };

struct MetricInfo {
    std::string name; // as stored and in configs: "train_loss", "hr@10", "kl_T"
    MetricSplit split = MetricSplit::Validation;
    Direction direction = Direction::HigherIsBetter;
    std::string label; // for people: "HR@10", "KL(teacher ‖ student) at T"
    std::string unit; // "" for a ratio or a loss, "s", "examples/s"
    int precision = 4; // decimals to print
    std::string meaning; // one line

    [[nodiscard]] bool lowerIsBetter() const { return direction == Direction::LowerIsBetter; }
};

// The names, so that no other file spells them.
namespace metric {
inline constexpr std::string_view kTrainLoss = "train_loss";
inline constexpr std::string_view kHardLoss = "hard_loss";
inline constexpr std::string_view kSoftLoss = "soft_loss";
inline constexpr std::string_view kLogitLoss = "logit_loss";
inline constexpr std::string_view kHintLoss = "hint_loss";
inline constexpr std::string_view kRkdDistanceLoss = "rkd_distance_loss";
inline constexpr std::string_view kRkdAngleLoss = "rkd_angle_loss";
inline constexpr std::string_view kRankingLoss = "ranking_loss";
inline constexpr std::string_view kLearningRate = "learning_rate";
inline constexpr std::string_view kExamplesPerSecond = "examples_per_s";
inline constexpr std::string_view kSeconds = "seconds";
inline constexpr std::string_view kValLoss = "val_loss";
inline constexpr std::string_view kAccuracy = "accuracy";
inline constexpr std::string_view kPrecision = "precision";
inline constexpr std::string_view kRecall = "recall";
inline constexpr std::string_view kF1 = "f1";
inline constexpr std::string_view kAuc = "auc";
inline constexpr std::string_view kKl = "kl";
inline constexpr std::string_view kKlAtTemperature = "kl_T";

// The ranking metrics at a cut-off K >= 1: "hr@K", "ndcg@K", "mrr@K" (the held-out item against
// its sampled negatives) and "full_hr@K", "full_ndcg@K", "full_mrr@K" (against every item the
// user never saw: eval.protocol = full).
std::string hitRate(int k);
std::string ndcg(int k);
std::string mrr(int k);
std::string fullHitRate(int k);
std::string fullNdcg(int k);
std::string fullMrr(int k);
} // namespace metric

// Every metric of fixed name, in display order (training values first). The cut-off families
// (hr@K, ndcg@K, mrr@K and their full_ forms) are not listed: see findMetric.
const std::vector<MetricInfo>& fixedMetrics();

// The catalogue entry of a name, including a cut-off family at any K >= 1 ("ndcg@20");
// std::nullopt for a name the catalogue does not know.
std::optional<MetricInfo> findMetric(std::string_view name);

// Whether a smaller value is better; false for an unknown name.
bool lowerIsBetter(std::string_view name);
// "train" or "validation" (the store's text); unknown names are "validation".
std::string_view splitName(std::string_view name);
std::string_view toString(MetricSplit split);

// What run lists and comparisons show by default, in order: HR@10, NDCG@10, F1, KL.
const std::vector<std::string>& headlineMetrics();
// The metric that picks a run's best student epoch when no early-stopping metric is set: NDCG@10
// when 10 is among the evaluated cut-offs, else NDCG at the first cut-off. `cutoffs` must not be
// empty (the config's eval.k; validation guarantees it).
std::string defaultBestMetric(const std::vector<int>& cutoffs);

} // namespace kdw::eval
