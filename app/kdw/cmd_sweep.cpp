// SPDX-License-Identifier: MIT
// kdw sweep: one experiment over grid or random points of the config, methods and seeds, expanded
// by core/experiment/sweep.h and trained by sweep_runner.h (resuming, sharded, on worker threads);
// kdw report: its table from the history (report.h).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/kdw/commands.h"
#include "app/kdw/format.h"
#include "app/kdw/interrupt.h"
#include "app/kdw/report.h"
#include "app/kdw/sweep_runner.h"
#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/experiment/sweep.h"
#include "core/experiment/sweep_summary.h"
#include "core/store/backup.h"

namespace kdw::cli {
namespace {

struct SweepOptions {
    std::string config;
    std::vector<std::string> sets;
    std::string name;
    std::vector<std::string> methods;
    std::vector<std::string> grid;
    int random = 0;
    std::vector<std::string> ranges;
    std::uint64_t sweepSeed = 0;
    std::vector<std::uint64_t> seeds {0, 1, 2};
    std::string db;
    int jobs = 2;
    std::string shard;
    std::string report;
    bool json = false;
};

std::string quoteArg(const std::string& s)
{
    return s.find_first_of(" \"'$") == std::string::npos ? s : "\"" + s + "\"";
}

// The command that reproduces a sweep (quoted in its report).
std::string sweepCommand(const SweepOptions& o, const std::string& name)
{
    std::string s = "kdw sweep";
    const auto add = [&](const std::string& flag, const std::string& value) {
        s += value.empty() ? "" : " " + flag + " " + quoteArg(value);
    };
    add("--config", o.config);
    for (const auto& v : o.sets) {
        add("--set", v);
    }
    add("--name", name);
    std::string list;
    for (const auto& m : o.methods) {
        list += (list.empty() ? "" : ",") + m;
    }
    add("--methods", list);
    for (const auto& g : o.grid) {
        add("--grid", g);
    }
    add("--random", o.random > 0 ? std::to_string(o.random) : "");
    for (const auto& r : o.ranges) {
        add("--range", r);
    }
    add("--sweep-seed", o.random > 0 ? std::to_string(o.sweepSeed) : "");
    list.clear();
    for (const auto seed : o.seeds) {
        list += (list.empty() ? "" : ",") + std::to_string(seed);
    }
    add("--seeds", list);
    add("--jobs", std::to_string(o.jobs));
    add("--db", o.db);
    add("--report", o.report);
    return s;
}

// The sweep's name: --name, else the config file's stem, else "sweep".
std::string sweepName(const SweepOptions& o)
{
    if (!o.name.empty()) {
        return o.name;
    }
    return o.config.empty() ? std::string("sweep")
                            : std::filesystem::path(o.config).stem().string();
}

// The spec of a sweep from its options; throws ConfigError for a bad spec before anything trains.
experiment::SweepSpec specOf(const SweepOptions& o)
{
    experiment::SweepSpec spec;
    spec.name = sweepName(o);
    spec.base = loadConfig(o.config, o.sets);
    // Runs share the cores: the one rule for concurrent runs (the GUI's run queue asks it too).
    spec.base.threads = computeThreadsPerRun(o.jobs, spec.base.threads);
    spec.seeds = o.seeds;
    for (const auto& g : o.grid) {
        spec.grid.push_back(experiment::parseGridAxis(g));
    }
    spec.randomPoints = o.random;
    for (const auto& r : o.ranges) {
        spec.ranges.push_back(experiment::parseRange(r));
    }
    if (!spec.ranges.empty() && o.random <= 0) {
        throw ConfigError("--range needs --random N (how many points to draw)");
    }
    spec.sweepSeed = o.sweepSeed;
    const bool axes = !spec.grid.empty() || spec.randomPoints > 0;
    if (o.methods.empty() && !axes) {
        spec.methods = experiment::defaultSweepMethods(); // a sweep over every method
    }
    for (const auto& m : o.methods) {
        spec.methods.push_back(train::MethodSet::parse(m));
    }
    return spec;
}

void printTally(const SweepOptions& o, const std::string& name, const std::string& dbPath,
    std::size_t planned, const SweepTally& t)
{
    if (o.json) {
        std::cout << nlohmann::json {{"sweep", name}, {"db", dbPath},
            {"shard", o.shard.empty() ? std::string("0/1") : o.shard}, {"planned", planned},
            {"finished", t.finished}, {"skipped", t.skipped}, {"failed", t.failed},
            {"cancelled", t.cancelled}}
                         .dump(2)
                  << '\n';
        return;
    }
    std::cout << "sweep \"" << name << "\": " << t.finished << " run(s) trained, " << t.skipped
              << " already finished, " << t.failed << " failed, " << t.cancelled
              << " cancelled, of " << planned << " -> " << dbPath << '\n';
}

int runSweep(const SweepOptions& o)
{
    const auto spec = specOf(o);
    const auto plan = experiment::planSweep(spec);
    const auto shard = o.shard.empty() ? experiment::Shard {} : experiment::parseShard(o.shard);
    SweepExecution e;
    e.plan = &plan;
    e.runs = experiment::shardRuns(plan, shard, &e.borrowed);
    e.shard = shard;
    e.dbPath = o.db.empty() ? store::History::defaultPath() : o.db;
    e.jobs = o.jobs;
    warnAboutHistoryLocation(e.dbPath);
    // The sweep is an entity of the history: its runs are its members whatever they are named.
    // Opened here first, so that the workers open an existing file.
    e.sweepId = store::History(e.dbPath).ensureSweep(spec.name, experiment::sweepPlanJson(spec));
    e.say = [quiet = o.json](const std::string& line) {
        (quiet ? std::cerr : std::cout) << line << '\n' << std::flush;
    };
    (void)interrupted(); // installs the handlers
    const auto tally = executeSweep(e);
    printTally(o, spec.name, e.dbPath, e.runs.size(), tally);
    if (interrupted()) {
        return interruptExitCode();
    }
    if (!o.report.empty() && tally.failed == 0) {
        ReportRequest r {
            e.dbPath, spec.name, o.report, ReportFormat::Markdown, sweepCommand(o, spec.name)};
        writeReport(r);
    }
    return tally.failed == 0 ? exit_code::kOk : exit_code::kRunFailed;
}

void addSweepOptions(CLI::App* sweep, SweepOptions& s)
{
    sweep->add_option("--config,-c", s.config, "base experiment config (JSON; default: built-in)")
        ->check(CLI::ExistingFile);
    addSetOption(sweep, s.sets);
    sweep->add_option("--name", s.name,
        "the sweep's name (default: the config file's name without .json); a sweep of this "
        "name already in the history is resumed: its finished runs are not trained again");
    sweep
        ->add_option("--methods", s.methods,
            "methods, 'none' first (default: every method without --grid/--random, else none "
            "and the config's method)")
        ->delimiter(',');
    sweep
        ->add_option("--grid", s.grid,
            "key.path=v1,v2,... a grid axis (repeatable; axes are crossed, the first slowest)")
        ->allow_extra_args(false);
    sweep->add_option("--random", s.random, "draw this many random points over the --range axes")
        ->check(CLI::NonNegativeNumber);
    sweep
        ->add_option("--range", s.ranges,
            "key.path=low:high[:lin|log] a random axis (repeatable; lin by default)")
        ->allow_extra_args(false);
    sweep->add_option("--sweep-seed", s.sweepSeed, "the random points' seed (default 0)");
    sweep->add_option("--seeds", s.seeds, "seeds (default 0,1,2)")->delimiter(',');
    sweep->add_option("--db", s.db, "history file (default: the one the GUI uses)");
    sweep
        ->add_option(
            "--jobs,-j", s.jobs, "runs trained at once, sharing the cores (computeThreadsPerRun)")
        ->check(CLI::Range(1, 64));
    sweep->add_option("--shard", s.shard,
        "I/N: train only the runs whose plan index mod N is I (0 <= I < N), and the teacher runs "
        "they need, into --db");
    sweep->add_option("--report", s.report, "write the Markdown report here when done");
    sweep->add_flag("--json", s.json,
        "print the outcome as JSON (planned, finished, skipped, failed, cancelled); run lines go "
        "to standard error");
}

} // namespace

void addSweepCommands(CLI::App& app, Action& action)
{
    auto s = std::make_shared<SweepOptions>();
    auto* sweep = app.add_subcommand("sweep",
        "Run one experiment over grid or random points, methods and seeds; resumes, shards");
    addSweepOptions(sweep, *s);
    sweep->callback([s, &action] { action = [s] { return runSweep(*s); }; });
    addReportCommand(app, action);
}

} // namespace kdw::cli
