// SPDX-License-Identifier: MIT
#include "core/train/vocabulary.h"

#include <algorithm>

#include "core/common/enum_table.h"
#include "core/common/error.h"

namespace kdw::train {

namespace {

constexpr EnumTable kMethods {"distillation method",
    std::array<EnumText<Method>, 6> {{{Method::None, "none"}, {Method::SoftTarget, "soft_target"},
        {Method::LogitMatching, "logit_matching"}, {Method::Hint, "hint"},
        {Method::Relation, "relation"}, {Method::Ranking, "ranking"}}}};

constexpr EnumTable kRunStates {"run state",
    std::array<EnumText<RunState>, 8> {
        {{RunState::Queued, "queued"}, {RunState::Running, "running"}, {RunState::Paused, "paused"},
            {RunState::Finished, "finished"}, {RunState::Cancelled, "cancelled"},
            {RunState::Diverged, "diverged"}, {RunState::Failed, "failed"},
            {RunState::Interrupted, "interrupted"}}}};

std::vector<MethodInfo> makeCatalogue()
{
    using enum Method;
    constexpr auto Logit = MethodFamily::Logit;
    constexpr auto Feature = MethodFamily::Feature;
    return {
        {None, "none", "No distillation", MethodFamily::None,
            "The student learns from the observed interactions alone: the baseline every method is "
            "measured against.",
            "L = BCE(y, σ(s))", "", {}},
        {SoftTarget, "soft_target", "Soft targets", Logit,
            "The student also learns the teacher's softened probabilities, which say how likely "
            "the teacher finds "
            "every item, not only which were seen. Helps most when the teacher is much better than "
            "the student.",
            "L = (1-α)·BCE(y, σ(s)) + α·T²·KL(σ(t/T) ‖ σ(s/T))",
            "Hinton, Vinyals and Dean, Distilling the Knowledge in a Neural Network, 2015",
            {"distillation.temperature", "distillation.alpha", "distillation.listwise"}},
        {LogitMatching, "logit_matching", "Logit matching", Logit,
            "The student regresses the teacher's raw scores. Simple and strong when teacher scores "
            "are well scaled; "
            "ignores the labels' confidence.",
            "L = (1-α)·BCE(y, σ(s)) + α·mean (s - t)²",
            "Ba and Caruana, Do Deep Nets Really Need to be Deep?, 2014", {"distillation.alpha"}},
        {Hint, "hint", "Hint layer (FitNets)", Feature,
            "A student layer, through a learned regressor, imitates a teacher layer: the teacher's "
            "inner "
            "representation guides the student's. Useful when outputs alone carry little signal.",
            "L = BCE(y, σ(s)) + β·mean (h_s W + b - h_t)²",
            "Romero et al., FitNets: Hints for Thin Deep Nets, 2015",
            {"distillation.hint.student_layer", "distillation.hint.teacher_layer",
                "distillation.hint.beta"}},
        {Relation, "relation", "Relational (RKD)", Feature,
            "The student keeps the teacher's distances and angles between examples of a batch "
            "rather than the "
            "values themselves, so the two layers may differ in width.",
            "L = BCE(y, σ(s)) + w_d·Huber(ψ_D(h_s), ψ_D(h_t)) + w_a·Huber(ψ_A(h_s), ψ_A(h_t))",
            "Park et al., Relational Knowledge Distillation, 2019",
            {"distillation.relation.layer", "distillation.relation.distance_weight",
                "distillation.relation.angle_weight", "distillation.relation.angle_sample"}},
        {Ranking, "ranking", "Ranking distillation", Logit,
            "The student learns to rank high the teacher's top-K items that the user has not seen, "
            "weighted by "
            "position: it transfers the teacher's ranking, which is what a recommender is judged "
            "on.",
            "L = BCE(y, σ(s)) + w·(-mean_u Σ_r w_r log σ(s_π(r))), w_r ∝ exp(-r/λ)",
            "Tang and Wang, Ranking Distillation, KDD 2018",
            {"distillation.ranking.top_k", "distillation.ranking.lambda",
                "distillation.ranking.weight"}},
    };
}

} // namespace

const std::vector<MethodInfo>& methodCatalogue()
{
    static const std::vector<MethodInfo> kCatalogue = makeCatalogue();
    return kCatalogue;
}

const MethodInfo& methodInfo(Method method)
{
    return methodCatalogue().at(static_cast<std::size_t>(method));
}

std::string_view toString(Method method)
{
    return kMethods.text(method);
}

Method parseMethod(std::string_view name)
{
    return kMethods.parse(name);
}

MethodSet::MethodSet(Method single)
    : m_bits(bit(single))
{
}

MethodSet MethodSet::parse(std::string_view text)
{
    const std::string whole(text);
    if (text.empty()) {
        throw ConfigError("must name a method (expected " + kMethods.choices() + ")");
    }
    MethodSet set;
    int parts = 0;
    bool sawNone = false;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto plus = std::min(text.find('+', start), text.size());
        const auto part = text.substr(start, plus - start);
        start = plus + 1;
        if (part.empty()) {
            throw ConfigError("'" + whole + "' has an empty part (methods are joined by '+')");
        }
        const Method m = parseMethod(part);
        ++parts;
        if (m == Method::None) {
            sawNone = true;
            continue;
        }
        if (set.has(m)) {
            throw ConfigError("'" + whole + "' names '" + std::string(part) + "' twice");
        }
        for (const auto other : set.methods()) {
            if (methodInfo(other).family == methodInfo(m).family) {
                throw ConfigError("'" + whole
                    + "' combines at most one feature-based (hint, relation) and one "
                      "logit-based (soft_target, logit_matching, ranking) method");
            }
        }
        set.m_bits = static_cast<std::uint8_t>(set.m_bits | bit(m));
    }
    if (sawNone && parts > 1) {
        throw ConfigError("'" + whole + "' cannot combine 'none' with another method");
    }
    return set;
}

std::vector<Method> MethodSet::methods() const
{
    std::vector<Method> out;
    for (const auto family : {MethodFamily::Feature, MethodFamily::Logit}) {
        for (const auto& info : methodCatalogue()) {
            if (info.family == family && has(info.method)) {
                out.push_back(info.method);
            }
        }
    }
    return out;
}

std::string MethodSet::toString() const
{
    if (none()) {
        return std::string(train::toString(Method::None));
    }
    std::string out;
    for (const auto m : methods()) {
        out += (out.empty() ? "" : "+") + std::string(train::toString(m));
    }
    return out;
}

std::vector<std::string_view> MethodSet::parameters() const
{
    std::vector<std::string_view> out;
    for (const auto m : methods()) {
        for (const auto p : methodInfo(m).parameters) {
            if (std::find(out.begin(), out.end(), p) == out.end()) {
                out.push_back(p);
            }
        }
    }
    return out;
}

std::vector<MethodSet> allMethodSets()
{
    std::vector<MethodSet> out {MethodSet()};
    for (const auto& info : methodCatalogue()) {
        if (info.method != Method::None) {
            out.emplace_back(info.method);
        }
    }
    for (const auto& feature : methodCatalogue()) {
        for (const auto& logit : methodCatalogue()) {
            if (feature.family == MethodFamily::Feature && logit.family == MethodFamily::Logit) {
                out.push_back(
                    MethodSet::parse(std::string(feature.name) + "+" + std::string(logit.name)));
            }
        }
    }
    return out;
}

std::string toString(RunState state)
{
    return std::string(kRunStates.text(state));
}

RunState parseRunState(std::string_view text)
{
    return kRunStates.parse(text);
}

std::vector<RunState> allRunStates()
{
    std::vector<RunState> out;
    for (const auto& e : kRunStates.entries()) {
        out.push_back(e.value);
    }
    return out;
}

bool isTerminal(RunState state)
{
    using enum RunState;
    return state == Finished || state == Cancelled || state == Diverged || state == Failed
        || state == Interrupted;
}

} // namespace kdw::train
