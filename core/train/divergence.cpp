// SPDX-License-Identifier: MIT
#include "core/train/divergence.h"

#include <cmath>
#include <cstdio>

#include "core/eval/metric_catalogue.h"

namespace kdw::train {

namespace {

namespace metric = eval::metric;

constexpr double kHardLossLimit = 50.0; // BCE; 0.69 is a model that knows nothing
constexpr double kGrowthLimit = 100.0; // times the first epoch's training loss

std::string shortNumber(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

double valueOr(const EpochRecord& e, const std::string& name, double fallback)
{
    const auto it = e.metrics.find(name);
    return it == e.metrics.end() ? fallback : it->second;
}

bool collapsed(const EpochRecord& e, const std::vector<int>& cutoffs)
{
    const double auc = valueOr(e, std::string(metric::kAuc), 0.75);
    if (std::abs(auc - 0.5) > 1e-9 || cutoffs.empty()) {
        return false;
    }
    for (int k : cutoffs) {
        if (valueOr(e, metric::hitRate(k), 1.0) != 0.0) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string divergenceCauses(
    const TrainingConfig& t, const DistillationConfig* student, const MethodSet& methods)
{
    std::string out = " (parameters that can cause this: the learning rate, "
        + shortNumber(t.optimizer.learningRate);
    if (student != nullptr && methods.has(Method::SoftTarget)) {
        out += "; the distillation temperature, " + shortNumber(student->temperature)
            + " (soft targets need it well above 1e-30)";
    }
    return out + ")";
}

std::optional<std::string> epochDivergence(
    const EpochRecord& epoch, double firstLoss, const std::vector<int>& cutoffs)
{
    const std::string where = epoch.phase + " epoch " + std::to_string(epoch.epoch) + ": ";
    const double hard = valueOr(epoch, std::string(metric::kHardLoss),
        valueOr(epoch, std::string(metric::kTrainLoss), 0.0));
    if (hard > kHardLossLimit) {
        return where + "the hard-label loss reached " + shortNumber(hard)
            + " (a model that predicts 0.5 everywhere has 0.69)";
    }
    const double loss = valueOr(epoch, std::string(metric::kTrainLoss), 0.0);
    if (epoch.epoch > 1 && firstLoss > 0.0 && loss > kGrowthLimit * firstLoss) {
        return where + "the training loss reached " + shortNumber(loss) + ", over "
            + shortNumber(kGrowthLimit) + " times the first epoch's " + shortNumber(firstLoss);
    }
    if (collapsed(epoch, cutoffs)) {
        return where
            + "the predictions collapsed to one value (validation AUC 0.5 and HR@K 0 at every "
              "cut-off)";
    }
    return std::nullopt;
}

} // namespace kdw::train
