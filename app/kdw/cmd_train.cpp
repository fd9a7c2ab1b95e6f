// SPDX-License-Identifier: MIT
// kdw train: run one experiment headless and record it in the history.
#include <chrono>
#include <iostream>
#include <stop_token>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/kdw/commands.h"
#include "app/kdw/format.h"
#include "app/kdw/interrupt.h"
#include "app/kdw/progress.h"
#include "core/common/error.h"
#include "core/experiment/run_recorder.h"
#include "core/store/history.h"
#include "core/train/config.h"
#include "core/train/vocabulary.h"

namespace kdw::cli {
namespace {

struct TrainOptions {
    std::string config;
    std::vector<std::string> sets;
    std::string db;
    bool quiet = false;
    bool json = false;
};

// The last student epoch's metrics of a run's result (empty when the student never trained).
std::map<std::string, double> lastStudentMetrics(const train::TrainResult& r)
{
    std::map<std::string, double> last;
    for (const auto& e : r.epochs) {
        last = e.phase == "student" ? e.metrics : last;
    }
    return last;
}

void printResult(const experiment::RecordedRun& rec, train::RunState state,
    const std::string& dbPath, bool asJson)
{
    if (asJson) {
        nlohmann::json metrics = nlohmann::json::object();
        for (const auto& [k, v] : lastStudentMetrics(rec.result)) {
            metrics[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
        }
        std::cout << nlohmann::json {{"run", rec.runId}, {"status", train::toString(state)},
            {"message", rec.result.message}, {"db", dbPath}, {"epochs", rec.result.epochs.size()},
            {"final_metrics",
                metrics}}.dump(2)
                  << '\n';
        return;
    }
    std::cout << "run " << rec.runId << " " << train::toString(state);
    if (!rec.result.message.empty()) {
        std::cout << ": " << rec.result.message;
    }
    std::cout << '\n';
}

int runTrain(const TrainOptions& o)
{
    const auto config = loadConfig(o.config, o.sets);
    const std::string dbPath = o.db.empty() ? store::History::defaultPath() : o.db;
    warnAboutHistoryLocation(dbPath);
    store::History history(dbPath);

    const bool verbose = !o.quiet && !o.json;
    ProgressLine progress(verbose && ProgressLine::stdoutIsTerminal());
    std::stop_source stop;
    (void)interrupted(); // installs the handlers
    // Until training reports batches, nothing else polls the flag: a Ctrl-C while the data is
    // generated or read stops it within 50 ms (issue 17: it was ignored for 29 s, then a cancelled
    // run with no epoch was stored; now nothing is recorded).
    std::jthread watcher([&stop](const std::stop_token& done) {
        while (!done.stop_requested() && !stop.stop_requested()) {
            if (interrupted()) {
                stop.request_stop();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    train::TrainerCallbacks cb;
    cb.phaseStarted = [&](const std::string& phase) {
        if (verbose) {
            progress.print("-- " + phase + " phase");
        }
    };
    cb.epochFinished = [&](const train::EpochRecord& e) {
        if (verbose) {
            const int epochs = e.phase == "teacher" ? config.teacher.training.epochs
                                                    : config.student.training.epochs;
            progress.print(epochLine(e, epochs));
        }
        if (interrupted()) {
            stop.request_stop();
        }
    };
    cb.batchProgress = [&](const BatchProgress& p) {
        progress.update(p);
        if (interrupted()) {
            stop.request_stop();
        }
    };
    experiment::RecordedRun rec;
    try {
        rec = experiment::runAndRecord(history, config, cb, stop.get_token(), [&](std::int64_t id) {
            if (verbose) {
                progress.print(
                    "run " + std::to_string(id) + " \"" + config.name + "\" -> " + dbPath);
            }
        });
    } catch (const Cancelled&) {
        progress.clear();
        std::cerr << "kdw: stopped while the data was being prepared; nothing was recorded\n";
        return interruptExitCode();
    }
    progress.clear();
    const auto state = train::parseRunState(train::toString(rec.result.status));
    printResult(rec, state, dbPath, o.json);
    if (state == train::RunState::Finished) {
        return exit_code::kOk;
    }
    return interrupted() ? interruptExitCode() : exit_code::kRunFailed;
}

} // namespace

void addTrainCommand(CLI::App& app, Action& action)
{
    auto opts = std::make_shared<TrainOptions>();
    auto* cmd = app.add_subcommand("train",
        "Train a teacher and a student from a config (or the built-in defaults with --set), "
        "recording every epoch");
    cmd->add_option("--config,-c", opts->config,
           "experiment config (JSON); without it, the built-in defaults")
        ->check(CLI::ExistingFile);
    addSetOption(cmd, opts->sets);
    cmd->add_option("--db", opts->db, "history file (default: the one the GUI uses)");
    cmd->add_flag("--quiet,-q", opts->quiet, "print only the final line");
    cmd->add_flag("--json", opts->json,
        "print only the result as JSON: run, status, message, db, epochs, final_metrics");
    cmd->callback([opts, &action] { action = [opts] { return runTrain(*opts); }; });
}

} // namespace kdw::cli
