// SPDX-License-Identifier: MIT
// The typed vocabulary: method sets parsed once, the method catalogue, run states.
#include <algorithm>

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/train/config.h"
#include "core/train/vocabulary.h"

namespace kdw::train {
namespace {

std::string refusal(const std::string& text)
{
    try {
        (void)MethodSet::parse(text);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(MethodSet, ParsesOnceAndPrintsCanonically)
{
    const auto set = MethodSet::parse("soft_target+hint");
    EXPECT_TRUE(set.has(Method::Hint));
    EXPECT_TRUE(set.has(Method::SoftTarget));
    EXPECT_FALSE(set.has(Method::Ranking));
    EXPECT_EQ(set.toString(), "hint+soft_target");
    EXPECT_EQ(set.methods(), (std::vector<Method> {Method::Hint, Method::SoftTarget}));
    EXPECT_TRUE(MethodSet::parse("none").none());
    EXPECT_EQ(MethodSet::parse("none").toString(), "none");
    EXPECT_EQ(MethodSet::parse("ranking"), MethodSet(Method::Ranking));
}

TEST(MethodSet, RefusesImpossibleCombinationsNamingWhy)
{
    EXPECT_EQ(refusal("soft_targets"),
        "unknown distillation method 'soft_targets' (expected none, soft_target, logit_matching, "
        "hint, "
        "relation or ranking)");
    EXPECT_EQ(refusal("hint+relation"),
        "'hint+relation' combines at most one feature-based (hint, relation) and one "
        "logit-based (soft_target, logit_matching, ranking) method");
    EXPECT_EQ(refusal("none+hint"), "'none+hint' cannot combine 'none' with another method");
    EXPECT_EQ(refusal("hint+"), "'hint+' has an empty part (methods are joined by '+')");
    EXPECT_EQ(refusal("hint+hint"), "'hint+hint' names 'hint' twice");
    EXPECT_NE(refusal(""), "(accepted)");
}

TEST(MethodSet, EverySetASweepCanCrossParsesBack)
{
    const auto sets = allMethodSets();
    EXPECT_EQ(sets.size(), 1U + 5U + 2U * 3U); // none, each method, each feature + logit pair
    for (const auto& s : sets) {
        EXPECT_EQ(MethodSet::parse(s.toString()), s) << s.toString();
    }
}

TEST(MethodCatalogue, EveryParameterIsAConfigField)
{
    const auto schema = configSchema();
    for (const auto& info : methodCatalogue()) {
        EXPECT_EQ(toString(info.method), info.name);
        EXPECT_EQ(parseMethod(info.name), info.method);
        EXPECT_FALSE(info.summary.empty()) << info.name;
        for (const auto p : info.parameters) {
            const bool known = std::any_of(schema.begin(), schema.end(),
                [&](const ConfigFieldInfo& f) { return f.path == p; });
            EXPECT_TRUE(known) << info.name << ": " << p << " is not a config field";
        }
    }
    EXPECT_EQ(MethodSet::parse("hint+soft_target").parameters().front(),
        "distillation.hint.student_layer");
}

TEST(RunState, TextRoundTripsAndTerminalStates)
{
    for (const auto s : allRunStates()) {
        EXPECT_EQ(parseRunState(toString(s)), s);
    }
    EXPECT_EQ(allRunStates().size(), 8U);
    EXPECT_TRUE(isTerminal(RunState::Interrupted));
    EXPECT_FALSE(isTerminal(RunState::Running));
    EXPECT_FALSE(isTerminal(RunState::Paused));
    EXPECT_THROW((void)parseRunState("done"), ConfigError);
}

} // namespace
} // namespace kdw::train
