// SPDX-License-Identifier: MIT
// The domain vocabulary of a run, defined once: the distillation methods (with their summaries and
// parameters, for the GUI's method pages and sweeps), a method combination parsed once into a typed
// set, and the states a run goes through from the queue to the history.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kdw::train {

enum class Method : std::uint8_t { None, SoftTarget, LogitMatching, Hint, Relation, Ranking };

// Logit-based methods compare outputs; feature-based ones compare inner representations. A run
// combines at most one of each ("hint+soft_target").
enum class MethodFamily : std::uint8_t { None, Logit, Feature };

struct MethodInfo {
    Method method;
    std::string_view name; // in configs and the history: "soft_target"
    std::string_view label; // for people: "Soft targets"
    MethodFamily family;
    std::string_view summary; // what is transferred and when it helps, in plain words
    std::string_view formula; // one line, DISTILLATION.md's notation
    std::string_view paper; // the reference
    // The config fields (paths of configSchema()) this method reads, in the order a form shows
    // them.
    std::vector<std::string_view> parameters;
};

// Every method, in menu order. Never throws.
const std::vector<MethodInfo>& methodCatalogue();
const MethodInfo& methodInfo(Method method);
std::string_view toString(Method method);
// Throws ConfigError "unknown distillation method 'x' (expected none, soft_target, ...)".
Method parseMethod(std::string_view name);

// One run's methods: none, one method, or one feature-based and one logit-based method. Parsed
// once from the config's text ("hint+soft_target"), then asked by type.
class MethodSet {
public:
    MethodSet() = default; // none
    explicit MethodSet(Method single);

    // Parses "none", "soft_target", "hint+soft_target", ... Throws ConfigError naming what is
    // wrong: an unknown part, 'none' combined with another, two methods of one family, a repeat.
    static MethodSet parse(std::string_view text);

    [[nodiscard]] bool has(Method m) const { return (m_bits & bit(m)) != 0; }
    [[nodiscard]] bool none() const { return m_bits == 0; }
    // The methods in canonical order (feature-based first, as written in configs).
    [[nodiscard]] std::vector<Method> methods() const;
    // "none", "soft_target", "hint+soft_target".
    [[nodiscard]] std::string toString() const;
    // The config fields of every method in the set, without repeats.
    [[nodiscard]] std::vector<std::string_view> parameters() const;

    friend bool operator==(const MethodSet&, const MethodSet&) = default;

private:
    static constexpr std::uint8_t bit(Method m)
    {
        return m == Method::None ? 0 : static_cast<std::uint8_t>(1U << static_cast<unsigned>(m));
    }
    std::uint8_t m_bits = 0;
};

// Every valid method set a sweep can cross: none, each method, and each feature + logit pair.
std::vector<MethodSet> allMethodSets();

// A run's state, from the GUI's queue to the history. The store keeps the text form.
enum class RunState : std::uint8_t {
    Queued,
    Running,
    Paused,
    Finished,
    Cancelled,
    Diverged,
    Failed,
    Interrupted
};

// "queued", "running", "paused", "finished", "cancelled", "diverged", "failed", "interrupted".
std::string toString(RunState state);
// Throws ConfigError "unknown run state 'x' (expected queued, running, ...)".
RunState parseRunState(std::string_view text);
// Every state, in the order above.
std::vector<RunState> allRunStates();
// Whether the run can change no more (finished, cancelled, diverged, failed, interrupted).
bool isTerminal(RunState state);

} // namespace kdw::train
