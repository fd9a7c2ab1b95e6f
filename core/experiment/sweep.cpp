// SPDX-License-Identifier: MIT
#include "core/experiment/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/common/random.h"
#include "core/store/sweep_names.h"
#include "core/train/config_overrides.h"

namespace kdw::experiment {
namespace {

using nlohmann::json;
using Point = std::vector<std::pair<std::string, std::string>>; // (path, value) per axis

constexpr const char* kMethodPath = "distillation.method";
constexpr const char* kDistillationPrefix = "distillation.";

std::vector<std::string> splitOn(const std::string& text, char sep)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, sep)) {
        out.push_back(part);
    }
    return out;
}

bool integerField(const std::string& path)
{
    static const std::vector<train::ConfigFieldInfo> kSchema = train::configSchema();
    return std::any_of(kSchema.begin(), kSchema.end(),
        [&](const auto& f) { return f.path == path && f.type == "integer"; });
}

std::string formatDraw(const SweepRange& r, double v)
{
    char buf[64];
    if (integerField(r.path)) {
        std::snprintf(buf, sizeof buf, "%lld", std::llround(v));
    } else {
        std::snprintf(buf, sizeof buf, "%.4g", v);
    }
    return buf;
}

std::vector<Point> gridPoints(const std::vector<SweepAxis>& grid)
{
    std::vector<Point> points {Point {}};
    for (const auto& axis : grid) {
        std::vector<Point> next;
        for (const auto& p : points) {
            for (const auto& v : axis.values) {
                auto q = p;
                q.emplace_back(axis.path, v);
                next.push_back(std::move(q));
            }
        }
        points = std::move(next);
    }
    return points;
}

std::vector<Point> randomPoints(const SweepSpec& spec)
{
    if (spec.randomPoints <= 0) {
        return {Point {}};
    }
    if (spec.ranges.empty()) {
        throw ConfigError("sweep: --random needs at least one --range");
    }
    Rng rng(spec.sweepSeed);
    std::vector<Point> points;
    for (int k = 0; k < spec.randomPoints; ++k) {
        Point p;
        for (const auto& r : spec.ranges) {
            const double u = rng.uniform();
            const double v = r.scale == RangeScale::Log
                ? std::exp(std::log(r.lo) + u * (std::log(r.hi) - std::log(r.lo)))
                : r.lo + u * (r.hi - r.lo);
            p.emplace_back(r.path, formatDraw(r, v));
        }
        points.push_back(std::move(p));
    }
    return points;
}

std::vector<Point> allPoints(const SweepSpec& spec)
{
    std::vector<Point> out;
    const auto random = randomPoints(spec);
    for (const auto& g : gridPoints(spec.grid)) {
        for (const auto& r : random) {
            auto p = g;
            p.insert(p.end(), r.begin(), r.end());
            out.push_back(std::move(p));
        }
    }
    return out;
}

// The point as a run of `method` sees it: without the method axis, and for none without every
// distillation setting (none reads none of them).
Point pointFor(const Point& p, bool none)
{
    Point out;
    for (const auto& [path, value] : p) {
        const bool distillation = path.starts_with(kDistillationPrefix);
        if (path != kMethodPath && !(none && distillation)) {
            out.emplace_back(path, value);
        }
    }
    return out;
}

std::string label(const Point& p)
{
    std::string out;
    for (const auto& [path, value] : p) {
        out += (out.empty() ? "" : " ") + path + "=" + value;
    }
    return out;
}

// What a teacher depends on: the config without the student, distillation, name and threads.
std::string teacherKey(const train::ExperimentConfig& c)
{
    auto j = json::parse(train::configToJson(c));
    for (const auto* key : {"name", "student", "distillation", "threads"}) {
        j.erase(key);
    }
    j["teacher"].erase("from_run");
    return j.dump();
}

train::ExperimentConfig runConfig(const SweepSpec& spec, const Point& p, const std::string& method,
    std::uint64_t seed, const std::string& pointLabel)
{
    auto doc = json::parse(train::configToJson(spec.base));
    std::vector<std::string> sets;
    for (const auto& [path, value] : p) {
        sets.push_back(path + "=" + value);
    }
    try {
        train::applyOverrides(doc, sets);
        doc["distillation"]["method"] = method;
        doc["seed"] = seed;
        doc["teacher"]["from_run"] = nullptr;
        doc["name"] = store::sweepRunName(
            pointLabel.empty() ? spec.name : spec.name + " · " + pointLabel, method, seed);
        return train::configFromJson(doc.dump());
    } catch (const ConfigError& e) {
        throw ConfigError("sweep: the run of " + method
            + (pointLabel.empty() ? std::string() : " at " + pointLabel) + ", seed "
            + std::to_string(seed) + ": " + e.what());
    }
}

// The methods of one point, none first.
std::vector<std::string> methodsAt(const SweepSpec& spec, const Point& p)
{
    const std::string none = train::MethodSet().toString();
    std::vector<std::string> out {none};
    const auto axis = std::find_if(
        p.begin(), p.end(), [](const auto& entry) { return entry.first == kMethodPath; });
    if (axis != p.end()) {
        out.push_back(train::MethodSet::parse(axis->second).toString());
    } else if (spec.methods.empty()) {
        out.push_back(spec.base.distillation.methodSet().toString());
    } else {
        for (const auto& m : spec.methods) {
            out.push_back(m.toString());
        }
    }
    return out;
}

void checkMethods(const SweepSpec& spec)
{
    const bool axis = std::any_of(
        spec.grid.begin(), spec.grid.end(), [](const auto& a) { return a.path == kMethodPath; });
    if (axis && !spec.methods.empty()) {
        throw ConfigError("sweep: --methods and a --grid over distillation.method cannot be used "
                          "together");
    }
    if (!spec.methods.empty() && !spec.methods.front().none()) {
        throw ConfigError(
            "sweep: the methods must start with 'none' (its runs train the teachers)");
    }
    if (spec.seeds.empty()) {
        throw ConfigError("sweep: at least one seed is needed");
    }
}

} // namespace

SweepAxis parseGridAxis(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        throw ConfigError("--grid '" + text + "': expected key.path=value,value,...");
    }
    SweepAxis axis {text.substr(0, eq), splitOn(text.substr(eq + 1), ',')};
    for (const auto& v : axis.values) {
        if (v.empty()) {
            throw ConfigError("--grid '" + text + "': an empty value");
        }
    }
    return axis;
}

SweepRange parseRange(const std::string& text)
{
    const auto fail = [&](const std::string& what) -> SweepRange {
        throw ConfigError("--range '" + text + "': " + what);
    };
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        return fail("expected key.path=low:high[:lin|log]");
    }
    const auto parts = splitOn(text.substr(eq + 1), ':');
    if (parts.size() < 2 || parts.size() > 3) {
        return fail("expected key.path=low:high[:lin|log]");
    }
    SweepRange r;
    r.path = text.substr(0, eq);
    try {
        std::size_t used = 0;
        r.lo = std::stod(parts[0], &used);
        r.hi = used == parts[0].size() ? std::stod(parts[1], &used) : NAN;
        if (used != parts[1].size() || !std::isfinite(r.lo) || !std::isfinite(r.hi)) {
            return fail("low and high must be numbers");
        }
    } catch (const std::exception&) {
        return fail("low and high must be numbers");
    }
    if (parts.size() == 3 && parts[2] != "lin" && parts[2] != "log") {
        return fail("the scale must be lin or log, not '" + parts[2] + "'");
    }
    r.scale = parts.size() == 3 && parts[2] == "log" ? RangeScale::Log : RangeScale::Linear;
    if (r.lo >= r.hi) {
        return fail("low must be below high");
    }
    if (r.scale == RangeScale::Log && r.lo <= 0.0) {
        return fail("a log range needs low > 0");
    }
    return r;
}

Shard parseShard(const std::string& text)
{
    const auto slash = text.find('/');
    Shard s;
    std::size_t a = 0;
    std::size_t b = 0;
    try {
        s.index = std::stoi(text.substr(0, slash), &a);
        s.count = slash == std::string::npos ? 0 : std::stoi(text.substr(slash + 1), &b);
    } catch (const std::exception&) {
        s.count = 0;
    }
    if (slash == std::string::npos || a != slash || b != text.size() - slash - 1 || s.count < 1
        || s.index < 0 || s.index >= s.count) {
        throw ConfigError("--shard '" + text + "': expected I/N with 0 <= I < N (e.g. 0/2)");
    }
    return s;
}

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

std::vector<PlannedRun> planSweep(const SweepSpec& spec)
{
    checkMethods(spec);
    const std::string none = train::MethodSet().toString();
    const auto points = allPoints(spec);
    std::vector<PlannedRun> plan;
    std::set<std::string> names;
    std::map<std::string, std::size_t> trainers; // teacher key (with the seed) -> run index
    for (const auto seed : spec.seeds) {
        for (const auto& p : points) {
            for (const auto& method : methodsAt(spec, p)) {
                const auto seen = label(pointFor(p, method == none));
                auto config = runConfig(spec, pointFor(p, method == none), method, seed, seen);
                if (!names.insert(config.name).second) {
                    continue;
                }
                PlannedRun run {plan.size(), std::move(config), seen, std::nullopt};
                const auto key = teacherKey(run.config);
                if (const auto it = trainers.find(key); it != trainers.end()) {
                    run.teacherFrom = it->second;
                } else if (method == none) {
                    trainers.emplace(key, run.index);
                } else {
                    throw ConfigError("sweep: internal plan error, no teacher run for "
                        + run.config.name); // none is planned first at every point
                }
                plan.push_back(std::move(run));
            }
        }
    }
    return plan;
}

std::vector<std::size_t> shardRuns(
    const std::vector<PlannedRun>& plan, const Shard& shard, std::vector<std::size_t>* borrowed)
{
    const auto count = static_cast<std::size_t>(shard.count);
    const auto own = static_cast<std::size_t>(shard.index);
    std::set<std::size_t> chosen;
    for (const auto& run : plan) {
        if (run.index % count != own) {
            continue;
        }
        chosen.insert(run.index);
        if (run.teacherFrom && *run.teacherFrom % count != own) {
            chosen.insert(*run.teacherFrom);
            if (borrowed != nullptr
                && std::find(borrowed->begin(), borrowed->end(), *run.teacherFrom)
                    == borrowed->end()) {
                borrowed->push_back(*run.teacherFrom);
            }
        }
    }
    if (borrowed != nullptr) {
        std::sort(borrowed->begin(), borrowed->end());
    }
    return {chosen.begin(), chosen.end()};
}

std::string borrowedTeacherName(const std::string& runName, const Shard& shard)
{
    return runName + " · teacher for shard " + std::to_string(shard.index) + "/"
        + std::to_string(shard.count);
}

std::string sweepPlanJson(const SweepSpec& spec)
{
    json methods = json::array();
    for (const auto& m : spec.methods) {
        methods.push_back(m.toString());
    }
    json grid = json::array();
    for (const auto& a : spec.grid) {
        grid.push_back({{"path", a.path}, {"values", a.values}});
    }
    json ranges = json::array();
    for (const auto& r : spec.ranges) {
        ranges.push_back({{"path", r.path}, {"lo", r.lo}, {"hi", r.hi},
            {"scale", r.scale == RangeScale::Log ? "log" : "lin"}});
    }
    json plan {{"methods", methods}, {"seeds", spec.seeds}, {"grid", grid},
        {"random", {{"points", spec.randomPoints}, {"seed", spec.sweepSeed}, {"ranges", ranges}}}};
    plan["base"] = json::parse(train::configToJson(spec.base));
    return plan.dump();
}

std::vector<std::string> planAxes(const std::string& planJson)
{
    std::vector<std::string> out;
    const auto plan = json::parse(planJson, nullptr, false);
    if (!plan.is_object()) {
        return out;
    }
    for (const auto* list : {"grid", "ranges"}) {
        const auto& holder = std::string(list) == "grid" ? plan : plan.value("random", json {});
        if (!holder.is_object() || !holder.contains(list) || !holder[list].is_array()) {
            continue;
        }
        for (const auto& a : holder[list]) {
            if (a.is_object() && a.contains("path") && a["path"].is_string()) {
                out.push_back(a["path"].get<std::string>());
            }
        }
    }
    return out;
}

} // namespace kdw::experiment
