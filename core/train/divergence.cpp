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

namespace {

// One setting that can make training diverge, and whether its value is outside the usual range.
struct Cause {
    std::string text; // "the learning rate, 99"
    std::string unusual; // ", above the usual range (...)"; empty when the value is usual
};

Cause learningRateCause(const nn::OptimizerSpec& o)
{
    // Adam-like rules take steps of about the learning rate itself: above 0.1 they jump far past
    // any minimum; plain SGD tolerates a little more before its steps grow with the gradient.
    const bool sgd = o.kind == nn::OptimizerKind::Sgd;
    const double usualMax = sgd ? 1.0 : 0.1;
    Cause c {"the learning rate, " + shortNumber(o.learningRate), {}};
    if (o.learningRate > usualMax) {
        c.unusual = ", above the usual range (at most " + shortNumber(usualMax) + " for "
            + (sgd ? "SGD" : "Adam") + ")";
    }
    return c;
}

Cause weightCause(const std::string& what, double value, double usualMax)
{
    Cause c {what + ", " + shortNumber(value), {}};
    if (value > usualMax) {
        c.unusual = ", above the usual range (at most " + shortNumber(usualMax) + ")";
    }
    return c;
}

void addDistillationCauses(
    const DistillationConfig& d, const MethodSet& methods, std::vector<Cause>& causes)
{
    if (methods.has(Method::SoftTarget) || methods.has(Method::LogitMatching)) {
        Cause t {"the distillation temperature, " + shortNumber(d.temperature), {}};
        if (d.temperature < 0.5) {
            t.unusual = ", below the usual range (1 to 20: a small temperature sharpens the soft "
                        "targets until they overflow)";
        }
        causes.push_back(t);
        causes.push_back(weightCause("the distillation weight alpha", d.alpha, 1.0));
    }
    if (methods.has(Method::Hint)) {
        causes.push_back(weightCause("the hint weight beta", d.hint.beta, 100.0));
    }
    if (methods.has(Method::Relation)) {
        causes.push_back(
            weightCause("the relation distance weight", d.relation.distanceWeight, 1000.0));
        causes.push_back(weightCause("the relation angle weight", d.relation.angleWeight, 1000.0));
    }
    if (methods.has(Method::Ranking)) {
        causes.push_back(weightCause("the ranking weight", d.ranking.weight, 100.0));
        causes.push_back(weightCause("the ranking lambda", d.ranking.lambda, 1000.0));
    }
}

std::string joined(const std::vector<Cause>& causes, bool unusual)
{
    std::string out;
    for (const auto& c : causes) {
        if (c.unusual.empty() != unusual) {
            out += (out.empty() ? "" : "; ") + c.text + c.unusual;
        }
    }
    return out;
}

} // namespace

std::string divergenceCauses(
    const TrainingConfig& t, const DistillationConfig* student, const MethodSet& methods)
{
    std::vector<Cause> causes {learningRateCause(t.optimizer)};
    if (student != nullptr) {
        addDistillationCauses(*student, methods, causes);
    }
    const std::string likely = joined(causes, true);
    const std::string others = joined(causes, false);
    if (likely.empty()) {
        return " (settings that can cause this: " + others + ")";
    }
    return " (likely cause: " + likely
        + (others.empty() ? "" : "; other settings that can cause this: " + others) + ")";
}

std::optional<std::string> nonFiniteParameter(const std::vector<nn::Parameter<float>>& params)
{
    for (const auto& p : params) {
        const std::ptrdiff_t n = p.rows * p.cols;
        // x - x is 0 for every finite x and NaN for NaN and the infinities: one vectorisable sum.
        float acc = 0.0F;
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            acc += p.value[i] - p.value[i];
        }
        if (acc == 0.0F) {
            continue;
        }
        std::ptrdiff_t bad = 0;
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            bad += std::isfinite(p.value[i]) ? 0 : 1;
        }
        return "'" + p.name + "' (" + std::to_string(bad) + " of " + std::to_string(n)
            + " values NaN or infinite)";
    }
    return std::nullopt;
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
