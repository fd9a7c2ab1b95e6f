// SPDX-License-Identifier: MIT
// kdw train: run one experiment headless and record it in the history.
#include <atomic>
#include <cstdio>
#include <iostream>
#include <stop_token>

#include "app/kdw/commands.h"
#include "app/kdw/format.h"
#include "app/kdw/interrupt.h"
#include "core/experiment/run_recorder.h"
#include "core/store/history.h"
#include "core/train/config.h"
#include "core/train/vocabulary.h"

namespace kdw::cli {
namespace {

struct TrainOptions {
    std::string config;
    std::string db;
    bool quiet = false;
};

int runTrain(const TrainOptions& o)
{
    const auto config = loadConfig(o.config);
    const std::string dbPath = o.db.empty() ? store::History::defaultPath() : o.db;
    warnAboutHistoryLocation(dbPath);
    store::History history(dbPath);

    std::stop_source stop;
    (void)interrupted(); // installs the handlers
    train::TrainerCallbacks cb;
    cb.phaseStarted = [&](const std::string& phase) {
        if (!o.quiet) {
            std::cout << "-- " << phase << " phase\n" << std::flush;
        }
    };
    cb.epochFinished = [&](const train::EpochRecord& e) {
        if (!o.quiet) {
            const int epochs = e.phase == "teacher" ? config.teacher.training.epochs
                                                    : config.student.training.epochs;
            std::cout << epochLine(e, epochs) << '\n' << std::flush;
        }
        if (interrupted()) {
            stop.request_stop();
        }
    };
    cb.batchProgress = [&](const BatchProgress&) {
        if (interrupted()) {
            stop.request_stop();
        }
    };
    const auto rec
        = experiment::runAndRecord(history, config, cb, stop.get_token(), [&](std::int64_t id) {
              if (!o.quiet) {
                  std::cout << "run " << id << " \"" << config.name << "\" -> " << dbPath << '\n'
                            << std::flush;
              }
          });
    const auto state = train::parseRunState(train::toString(rec.result.status));
    std::cout << "run " << rec.runId << " " << train::toString(state);
    if (!rec.result.message.empty()) {
        std::cout << ": " << rec.result.message;
    }
    std::cout << '\n';
    return state == train::RunState::Finished ? 0 : 3;
}

} // namespace

void addTrainCommand(CLI::App& app, Action& action)
{
    auto opts = std::make_shared<TrainOptions>();
    auto* cmd = app.add_subcommand(
        "train", "Train a teacher and a student from a config, recording every epoch");
    cmd->add_option("--config,-c", opts->config, "experiment config (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--db", opts->db, "history file (default: the one the GUI uses)");
    cmd->add_flag("--quiet,-q", opts->quiet, "print only the final line");
    cmd->callback([opts, &action] { action = [opts] { return runTrain(*opts); }; });
}

} // namespace kdw::cli
