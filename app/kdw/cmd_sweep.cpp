// SPDX-License-Identifier: MIT
// kdw sweep: one experiment over several methods and seeds (each seed's teacher trained once and
// reused), on worker threads; kdw report: its table of mean ± sd from the history.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <stop_token>
#include <thread>

#include "app/kdw/commands.h"
#include "app/kdw/format.h"
#include "app/kdw/interrupt.h"
#include "app/kdw/report.h"
#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/experiment/run_recorder.h"
#include "core/experiment/sweep.h"
#include "core/store/backup.h"

namespace kdw::cli {
namespace {

std::vector<std::string> defaultMethodNames()
{
    std::vector<std::string> out;
    for (const auto& m : experiment::defaultSweepMethods()) {
        out.push_back(m.toString());
    }
    return out;
}

struct SweepOptions {
    std::string config;
    std::string name;
    std::vector<std::string> methods = defaultMethodNames();
    std::vector<std::uint64_t> seeds {0, 1, 2};
    std::string db;
    int jobs = 2;
    std::string report;
};

struct ReportOptions {
    std::string db;
    std::string sweep;
    std::string out;
};

std::string commandLine(
    const std::string& verb, const std::vector<std::pair<std::string, std::string>>& args)
{
    std::string s = "kdw " + verb;
    for (const auto& [k, v] : args) {
        if (!v.empty()) {
            s += " " + k + " " + v;
        }
    }
    return s;
}

std::string join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v) {
        s += (s.empty() ? "" : ",") + x;
    }
    return s;
}

void writeReport(const std::string& dbPath, const std::string& sweep, const std::string& out,
    const std::string& command)
{
    if (!out.empty()) {
        store::refuseHistoryFile(out, dbPath); // the report is read and replaced below
    }
    store::History history(dbPath);
    const auto rows = experiment::summarizeSweep(history, sweep);
    if (rows.empty()) {
        throw StoreError(dbPath + ": no finished run of a sweep named '" + sweep + "'");
    }
    // The protocol is described from the config stored with the sweep's newest run without
    // distillation.
    const auto base
        = experiment::sweepBaseConfig(history, sweep).value_or(train::ExperimentConfig {});
    const auto md = sweepReportMarkdown(sweep, base, rows, command);
    if (out.empty()) {
        std::cout << md;
        return;
    }
    // The sweep's block is replaced between its markers; whatever else the file says (the
    // discussion written around the tables) is kept.
    const std::string begin = "<!-- sweep \"" + sweep + "\" begin -->\n";
    const std::string end = "<!-- sweep \"" + sweep + "\" end -->\n";
    std::string text;
    {
        std::ifstream in(out, std::ios::binary);
        std::ostringstream buf;
        buf << in.rdbuf();
        text = buf.str();
    }
    const auto b = text.find(begin);
    const auto e = b == std::string::npos ? std::string::npos : text.find(end, b);
    const std::string block = begin + md + end;
    if (b != std::string::npos && e != std::string::npos) {
        text.replace(b, e + end.size() - b, block);
    } else if (text.empty()) {
        text = "# Experiments\n\nEvery table below was produced by the command quoted with it; "
               "rerun it to check.\n\n"
            + block;
    } else {
        text += "\n" + block;
    }
    const auto tmp = out + ".tmp";
    {
        std::ofstream f(tmp, std::ios::trunc | std::ios::binary);
        f << text;
        f.flush();
        if (!f) {
            throw Error(tmp + ": could not write the report");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) {
        throw Error(out + ": could not replace the report (" + ec.message() + ")");
    }
    std::cout << "report written to " << out << '\n';
}

// The plan of a sweep from its options; throws ConfigError for a bad plan before anything trains.
experiment::SweepSpec planOf(const SweepOptions& o)
{
    auto base = loadConfig(o.config);
    // Runs share the cores: the one rule for concurrent runs (the GUI's run queue asks it too).
    base.threads = computeThreadsPerRun(o.jobs, base.threads);
    experiment::SweepSpec spec {o.name, base, {}, o.seeds};
    for (const auto& m : o.methods) {
        spec.methods.push_back(train::MethodSet::parse(m));
    }
    for (auto seed : o.seeds) {
        (void)experiment::sweepRuns(spec, seed);
    }
    return spec;
}

// What the workers of one sweep share.
struct SweepRun {
    SweepRun(const experiment::SweepSpec& plan, std::int64_t id)
        : spec(plan)
        , sweepId(id)
    {
    }

    const experiment::SweepSpec& spec;
    std::int64_t sweepId = 0;
    std::stop_source stop;
    std::mutex outMutex;
    std::atomic<int> failures {0};

    void say(const std::string& line)
    {
        const std::lock_guard lock(outMutex);
        std::cout << line << '\n' << std::flush;
    }
};

// The runs of one seed in order: the teacher run first, then the other methods reusing its teacher.
void trainSeed(
    SweepRun& sweep, store::History& history, const train::TrainerCallbacks& cb, std::uint64_t seed)
{
    auto runs = experiment::sweepRuns(sweep.spec, seed);
    std::optional<std::int64_t> teacherRun;
    for (auto& config : runs) {
        if (sweep.stop.stop_requested()) {
            break;
        }
        if (teacherRun) {
            config.teacher.fromRun = std::to_string(*teacherRun);
        }
        try {
            const auto rec = experiment::runAndRecord(
                history, config, cb, sweep.stop.get_token(), {}, sweep.sweepId);
            teacherRun = teacherRun ? teacherRun : std::optional<std::int64_t>(rec.runId);
            std::map<std::string, double> last;
            for (const auto& e : rec.result.epochs) {
                last = e.phase == "student" ? e.metrics : last;
            }
            sweep.say("run " + std::to_string(rec.runId) + " " + config.name + ": "
                + train::toString(rec.result.status) + "  " + metricSummary(last));
        } catch (const Error& e) {
            ++sweep.failures;
            sweep.say("run " + config.name + " failed: " + e.what());
            if (!teacherRun) {
                break; // without its teacher the seed's other runs cannot go on
            }
        }
    }
}

int runSweep(const SweepOptions& o)
{
    const auto spec = planOf(o);
    const std::string dbPath = o.db.empty() ? store::History::defaultPath() : o.db;
    warnAboutHistoryLocation(dbPath);
    // The sweep is an entity of the history: its runs are its members whatever they are named.
    SweepRun sweep(
        spec, store::History(dbPath).ensureSweep(o.name, experiment::sweepPlanJson(spec)));
    (void)interrupted(); // installs the handlers
    std::atomic<std::size_t> next {0};
    // One worker per job; each takes whole seeds (the teacher run, then the other methods).
    const auto worker = [&] {
        store::History history(dbPath);
        train::TrainerCallbacks cb;
        cb.batchProgress = [&](const BatchProgress&) {
            if (interrupted()) {
                sweep.stop.request_stop();
            }
        };
        for (std::size_t k = next++; k < o.seeds.size() && !sweep.stop.stop_requested();
             k = next++) {
            trainSeed(sweep, history, cb, o.seeds[k]);
        }
    };
    std::vector<std::jthread> pool;
    const int jobs = std::max(1, std::min<int>(o.jobs, static_cast<int>(o.seeds.size())));
    for (int j = 0; j < jobs; ++j) {
        pool.emplace_back(worker);
    }
    pool.clear(); // joins
    if (!o.report.empty() && !sweep.stop.stop_requested()) {
        std::vector<std::string> seeds;
        for (auto s : o.seeds) {
            seeds.push_back(std::to_string(s));
        }
        writeReport(dbPath, o.name, o.report,
            commandLine("sweep",
                {{"--config", o.config}, {"--name", "\"" + o.name + "\""},
                    {"--methods", join(o.methods)}, {"--seeds", join(seeds)},
                    {"--jobs", std::to_string(o.jobs)}, {"--db", o.db}, {"--report", o.report}}));
    }
    return sweep.failures == 0 && !sweep.stop.stop_requested() ? 0 : 3;
}

} // namespace

void addSweepCommands(CLI::App& app, Action& action)
{
    auto s = std::make_shared<SweepOptions>();
    auto* sweep = app.add_subcommand(
        "sweep", "Run one experiment over several methods and seeds, reusing each seed's teacher");
    sweep->add_option("--config,-c", s->config, "base experiment config (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    sweep
        ->add_option("--name", s->name,
            "the sweep's name (its runs are named after it; a sweep of this name already in the "
            "history is continued)")
        ->required();
    sweep->add_option("--methods", s->methods, "methods, 'none' first")->delimiter(',');
    sweep->add_option("--seeds", s->seeds, "seeds")->delimiter(',');
    sweep->add_option("--db", s->db, "history file (default: the one the GUI uses)");
    sweep
        ->add_option(
            "--jobs,-j", s->jobs, "runs trained at once (each on one compute thread when > 1)")
        ->check(CLI::Range(1, 64));
    sweep->add_option("--report", s->report, "write the Markdown report here when done");
    sweep->callback([s, &action] { action = [s] { return runSweep(*s); }; });

    auto r = std::make_shared<ReportOptions>();
    auto* report
        = app.add_subcommand("report", "Summarise a sweep from the history as a Markdown table");
    report->add_option("--sweep", r->sweep, "the sweep's name")->required();
    report->add_option("--db", r->db, "history file (default: the one the GUI uses)");
    report->add_option("--out,-o", r->out, "write the report to this file (default: print it)");
    report->callback([r, &action] {
        action = [r] {
            const std::string dbPath = r->db.empty() ? store::History::defaultPath() : r->db;
            warnAboutHistoryLocation(dbPath);
            writeReport(dbPath, r->sweep, r->out,
                commandLine("report",
                    {{"--sweep", "\"" + r->sweep + "\""}, {"--db", r->db}, {"--out", r->out}}));
            return 0;
        };
    });
}

} // namespace kdw::cli
