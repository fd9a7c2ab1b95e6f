// SPDX-License-Identifier: MIT
#include "core/experiment/sweep.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/store/sweep_names.h"

namespace kdw::experiment {
namespace {

constexpr const char* kTeacherRow = "teacher";

MetricStat stat(const std::vector<double>& v)
{
    MetricStat s;
    s.n = static_cast<int>(v.size());
    if (v.empty()) {
        return s;
    }
    for (double x : v) {
        s.mean += x;
    }
    s.mean /= static_cast<double>(v.size());
    if (v.size() > 1) {
        double ss = 0.0;
        for (double x : v) {
            ss += (x - s.mean) * (x - s.mean);
        }
        s.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    }
    return s;
}

// The finished member runs of a sweep, newest first; empty when there is no such sweep.
std::vector<store::RunSummary> finishedMembers(store::History& history, const std::string& sweep)
{
    const auto info = history.findSweep(sweep);
    if (!info) {
        return {};
    }
    store::RunQuery q;
    q.sweepId = info->id;
    q.status = std::string(train::toString(train::RunState::Finished));
    return history.queryRuns(q).runs;
}

// The position of a row label in report order: teacher, none, then the method catalogue's order
// (a combination after its parts' singles, in the order first seen).
std::size_t rank(const std::string& label)
{
    if (label == kTeacherRow) {
        return 0;
    }
    const auto& catalogue = train::methodCatalogue();
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
        if (catalogue[i].name == label) {
            return i + 1;
        }
    }
    return catalogue.size() + 1;
}

} // namespace

std::vector<train::MethodSet> defaultSweepMethods()
{
    std::vector<train::MethodSet> out {train::MethodSet()};
    for (const auto& m : train::methodCatalogue()) {
        if (m.method != train::Method::None) {
            out.emplace_back(m.method);
        }
    }
    return out;
}

std::vector<train::ExperimentConfig> sweepRuns(const SweepSpec& spec, std::uint64_t seed)
{
    if (spec.methods.empty() || !spec.methods.front().none()) {
        throw ConfigError(
            "sweep: the methods must start with 'none' (its runs train the teachers)");
    }
    std::vector<train::ExperimentConfig> runs;
    for (const auto& method : spec.methods) {
        auto c = spec.base;
        c.seed = seed;
        c.name = store::sweepRunName(spec.name, method.toString(), seed);
        c.distillation.method = method.toString();
        c.teacher.fromRun.reset(); // set by the caller once the seed's teacher run exists
        c.validate();
        runs.push_back(c);
    }
    return runs;
}

std::string sweepPlanJson(const SweepSpec& spec)
{
    nlohmann::json methods = nlohmann::json::array();
    for (const auto& m : spec.methods) {
        methods.push_back(m.toString());
    }
    nlohmann::json plan {{"methods", methods}, {"seeds", spec.seeds}};
    plan["base"] = nlohmann::json::parse(train::configToJson(spec.base));
    return plan.dump();
}

std::vector<SweepRow> summarizeSweep(store::History& history, const std::string& sweep)
{
    std::vector<std::string> order {kTeacherRow};
    std::map<std::string, std::map<std::string, std::vector<double>>> values;
    const std::string none = train::MethodSet().toString();
    for (const auto& run : finishedMembers(history, sweep)) {
        const auto epochs = history.epochs(run.id);
        const train::EpochRecord* lastTeacher = nullptr;
        const train::EpochRecord* lastStudent = nullptr;
        for (const auto& e : epochs) {
            (e.phase == kTeacherRow ? lastTeacher : lastStudent) = &e;
        }
        if (lastStudent != nullptr) {
            if (std::find(order.begin(), order.end(), run.method) == order.end()) {
                order.push_back(run.method);
            }
            for (const auto& [k, v] : lastStudent->metrics) {
                values[run.method][k].push_back(v);
            }
        }
        if (lastTeacher != nullptr && run.method == none) {
            for (const auto& [k, v] : lastTeacher->metrics) {
                values[kTeacherRow][k].push_back(v);
            }
        }
    }
    std::stable_sort(order.begin(), order.end(),
        [](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    std::vector<SweepRow> rows;
    for (const auto& label : order) {
        if (!values.contains(label)) {
            continue;
        }
        SweepRow row;
        row.label = label;
        for (const auto& [k, v] : values[label]) {
            row.metrics[k] = stat(v);
        }
        rows.push_back(row);
    }
    return rows;
}

std::optional<train::ExperimentConfig> sweepBaseConfig(
    store::History& history, const std::string& sweep)
{
    const auto info = history.findSweep(sweep);
    if (!info) {
        return std::nullopt;
    }
    store::RunQuery q;
    q.sweepId = info->id;
    q.method = train::MethodSet().toString();
    q.limit = 1;
    const auto page = history.queryRuns(q);
    if (page.runs.empty()) {
        return std::nullopt;
    }
    return train::configFromJson(history.run(page.runs.front().id)->configJson);
}

} // namespace kdw::experiment
