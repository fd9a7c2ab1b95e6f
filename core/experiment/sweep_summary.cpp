// SPDX-License-Identifier: MIT
#include "core/experiment/sweep_summary.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/experiment/sweep.h"
#include "core/train/vocabulary.h"

namespace kdw::experiment {
namespace {

using nlohmann::json;

constexpr const char* kTeacherRow = "teacher";
constexpr const char* kDistillationPrefix = "distillation.";

// The finished member runs of a sweep, newest first, with the sweep's plan; empty without it.
std::pair<std::vector<store::RunSummary>, std::string> finishedMembers(
    store::History& history, const std::string& sweep)
{
    const auto info = history.findSweep(sweep);
    if (!info) {
        return {};
    }
    store::RunQuery q;
    q.sweepId = info->id;
    q.status = std::string(train::toString(train::RunState::Finished));
    return {history.queryRuns(q).runs, info->planJson};
}

// The position of a row label in report order: teacher, none, then the method catalogue's order
// (a combination after the singles).
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

std::string valueText(const json& v)
{
    if (v.is_number()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%g", v.get<double>());
        return buf;
    }
    return v.is_string() ? v.get<std::string>() : v.dump();
}

// The value at a dotted path of a config's JSON ("teacher.model.layers.0.units"); null if absent.
json at(const json& config, const std::string& path)
{
    const json* node = &config;
    std::size_t start = 0;
    while (node != nullptr && start <= path.size()) {
        const auto dot = std::min(path.find('.', start), path.size());
        const auto part = path.substr(start, dot - start);
        if (node->is_array() && !part.empty()
            && std::isdigit(static_cast<unsigned char>(part[0]))) {
            const auto i = std::stoul(part);
            node = i < node->size() ? &(*node)[i] : nullptr;
        } else {
            node = node->is_object() && node->contains(part) ? &(*node)[part] : nullptr;
        }
        start = dot + 1;
    }
    return node == nullptr ? json() : *node;
}

// One axis value per axis (empty where the run's row leaves it out), and the row's point label.
struct PointOf {
    std::vector<std::string> values;
    std::string label;
};

PointOf pointOf(const json& config, const std::vector<std::string>& axes, bool withDistillation)
{
    PointOf p;
    for (const auto& path : axes) {
        const bool keep = path != "distillation.method"
            && (withDistillation || !path.starts_with(kDistillationPrefix));
        p.values.push_back(keep ? valueText(at(config, path)) : std::string());
        if (keep) {
            p.label += (p.label.empty() ? "" : " ") + path + "=" + p.values.back();
        }
    }
    return p;
}

bool numericLess(const std::string& a, const std::string& b)
{
    char* ea = nullptr;
    char* eb = nullptr;
    const double x = std::strtod(a.c_str(), &ea);
    const double y = std::strtod(b.c_str(), &eb);
    const bool numbers = !a.empty() && !b.empty() && *ea == '\0' && *eb == '\0';
    return numbers ? x < y : a < b;
}

// Values gathered per row before they are summarised.
struct Group {
    std::string label;
    PointOf point;
    std::map<std::string, std::vector<double>> values;
};

// Adds one run's last epoch of `phase` to the group (label, point).
void addRun(std::vector<Group>& groups, const std::string& label, const PointOf& point,
    const std::map<std::string, double>& metrics)
{
    auto it = std::find_if(groups.begin(), groups.end(),
        [&](const Group& g) { return g.label == label && g.point.label == point.label; });
    if (it == groups.end()) {
        groups.push_back({label, point, {}});
        it = std::prev(groups.end());
    }
    for (const auto& [k, v] : metrics) {
        it->values[k].push_back(v);
    }
}

bool groupLess(const Group& a, const Group& b)
{
    for (std::size_t i = 0; i < a.point.values.size() && i < b.point.values.size(); ++i) {
        if (a.point.values[i] != b.point.values[i]) {
            return numericLess(a.point.values[i], b.point.values[i]);
        }
    }
    return rank(a.label) < rank(b.label);
}

std::vector<SweepRow> rowsOf(std::vector<Group> groups, const std::vector<std::string>& axes)
{
    std::stable_sort(groups.begin(), groups.end(), groupLess);
    std::vector<SweepRow> rows;
    for (const auto& g : groups) {
        SweepRow row {g.label, g.point.label, {}, std::nullopt};
        for (const auto& [k, v] : g.values) {
            row.metrics[k] = metricStat(v);
        }
        rows.push_back(std::move(row));
    }
    const std::string none = train::MethodSet().toString();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].label == kTeacherRow || rows[i].label == none) {
            continue;
        }
        // The point without its distillation axes, as the none runs have it.
        std::string base;
        for (std::size_t a = 0; a < axes.size(); ++a) {
            if (!axes[a].starts_with(kDistillationPrefix)) {
                base += (base.empty() ? "" : " ") + axes[a] + "=" + groups[i].point.values[a];
            }
        }
        for (std::size_t j = 0; j < rows.size(); ++j) {
            if (rows[j].label == none && rows[j].point == base) {
                rows[i].baseline = j;
            }
        }
    }
    return rows;
}

} // namespace

MetricStat metricStat(const std::vector<double>& v)
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

std::optional<Interval> welchInterval(
    const MetricStat& row, const MetricStat& baseline, double level)
{
    if (row.n < 2 || baseline.n < 2) {
        return std::nullopt;
    }
    const double diff = row.mean - baseline.mean;
    const double v1 = row.sd * row.sd / row.n;
    const double v2 = baseline.sd * baseline.sd / baseline.n;
    const double se = std::sqrt(v1 + v2);
    if (se == 0.0) {
        return Interval {diff, diff, diff};
    }
    const double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (row.n - 1) + v2 * v2 / (baseline.n - 1));
    const boost::math::students_t dist(df);
    const double t = boost::math::quantile(dist, 0.5 + level / 2.0);
    return Interval {diff, diff - t * se, diff + t * se};
}

std::optional<Interval> pairedInterval(
    const std::vector<double>& a, const std::vector<double>& b, double level)
{
    if (a.size() != b.size()) {
        throw Error("a paired interval needs as many values on each side ("
            + std::to_string(a.size()) + " and " + std::to_string(b.size()) + ")");
    }
    if (a.size() < 2) {
        return std::nullopt;
    }
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        d[i] = a[i] - b[i];
    }
    const auto s = metricStat(d);
    if (s.sd == 0.0) {
        return Interval {s.mean, s.mean, s.mean};
    }
    const boost::math::students_t dist(static_cast<double>(s.n - 1));
    const double half = boost::math::quantile(dist, 0.5 + level / 2.0) * s.sd / std::sqrt(s.n);
    return Interval {s.mean, s.mean - half, s.mean + half};
}

std::vector<SweepRow> summarizeSweep(store::History& history, const std::string& sweep)
{
    const auto [runs, planJson] = finishedMembers(history, sweep);
    const auto axes = planAxes(planJson);
    const std::string none = train::MethodSet().toString();
    std::vector<Group> groups;
    std::set<std::tuple<std::string, std::string, std::uint64_t>> seen; // (method, point, seed)
    for (const auto& run : runs) {
        const auto details = history.run(run.id);
        const auto config = json::parse(details->configJson, nullptr, false);
        const auto point = pointOf(config, axes, run.method != none);
        if (!seen.emplace(run.method, point.label, details->seed).second) {
            continue; // an older run of the same point, method and seed
        }
        std::map<std::string, double> teacher;
        std::map<std::string, double> student;
        for (const auto& e : history.epochs(run.id)) {
            (e.phase == kTeacherRow ? teacher : student) = e.metrics;
        }
        if (!student.empty()) {
            addRun(groups, run.method, point, student);
        }
        if (!teacher.empty() && run.method == none) {
            addRun(groups, kTeacherRow, point, teacher);
        }
    }
    return rowsOf(std::move(groups), axes);
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
