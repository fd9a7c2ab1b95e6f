// SPDX-License-Identifier: MIT
// kdw's history commands: runs, show, rm, rename, tag, note, export, import (merge: cmd_merge.cpp).
// Each opens the history the way the GUI does (so runs left 'running' by a dead process become
// 'interrupted').
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/kdw/commands.h"
#include "app/kdw/format.h"
#include "core/common/error.h"
#include "core/eval/metric_catalogue.h"
#include "core/store/backup.h"
#include "core/store/history.h"
#include "core/train/vocabulary.h"

namespace kdw::cli {
namespace {

using nlohmann::json;

std::string dbOrDefault(const std::string& db)
{
    const auto path = db.empty() ? store::History::defaultPath() : db;
    warnAboutHistoryLocation(path);
    return path;
}

json metricsJson(const std::map<std::string, double>& m)
{
    json out = json::object();
    for (const auto& [k, v] : m) {
        out[k] = std::isfinite(v) ? json(v) : json(nullptr);
    }
    return out;
}

json summaryJson(const store::RunSummary& r)
{
    return {{"id", r.id}, {"uuid", r.uuid}, {"name", r.name}, {"status", r.status},
        {"method", r.method}, {"created_at", r.createdAt}, {"finished_at", r.finishedAt},
        {"duration_s", r.durationSeconds},
        {"teacher_run", r.teacherRun ? json(*r.teacherRun) : json(nullptr)},
        {"sweep_id", r.sweepId ? json(*r.sweepId) : json(nullptr)}, {"tags", r.tags},
        {"notes", r.notes}, {"message", r.message}, {"final_metrics", metricsJson(r.finalMetrics)}};
}

std::string oneLine(std::string s, std::size_t width)
{
    for (auto& c : s) {
        c = c == '\n' || c == '\t' ? ' ' : c;
    }
    // Cut on a UTF-8 boundary.
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars == width) {
            return s.substr(0, i) + "…";
        }
    }
    return s;
}

// Pads to `width` characters on screen: counts UTF-8 code points, not bytes.
std::string padRight(const std::string& s, std::size_t width)
{
    std::size_t chars = 0;
    for (unsigned char c : s) {
        chars += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return chars >= width ? s : s + std::string(width - chars, ' ');
}

// A run's final value of `metric` with the catalogue's precision, or "-".
std::string fixed(const std::map<std::string, double>& m, const std::string& metric)
{
    const auto it = m.find(metric);
    if (it == m.end()) {
        return "-";
    }
    const auto info = eval::findMetric(metric);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", info ? info->precision : 4, it->second);
    return buf;
}

// The headline metric columns (eval::headlineMetrics()), each right-aligned to its name's width
// and at least 7 characters.
std::string headlineCells(const std::map<std::string, double>* values)
{
    std::string line;
    for (const auto& metric : eval::headlineMetrics()) {
        const auto text = values == nullptr ? metric : fixed(*values, metric);
        const std::size_t width = std::max<std::size_t>(7, metric.size());
        line += " " + std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
    }
    return line;
}

struct RunsOptions {
    std::string db;
    bool json = false;
    bool csv = false;
    std::string sweep;
    store::RunQuery query;
    bool ascending = false;
};

int runRuns(RunsOptions o)
{
    store::History h(dbOrDefault(o.db));
    noteReadOnly(h);
    o.query.descending = !o.ascending;
    if (!o.sweep.empty()) {
        const auto sweep = h.findSweep(o.sweep);
        if (!sweep) {
            throw StoreError(h.path() + ": there is no sweep '" + o.sweep + "' in this history");
        }
        o.query.sweepId = sweep->id;
    }
    const auto page = h.queryRuns(o.query);
    if (o.csv) {
        std::cout << store::runsCsv(page.runs, eval::headlineMetrics());
        return 0;
    }
    if (o.json) {
        json out = {{"total", page.total}, {"runs", json::array()}};
        for (const auto& r : page.runs) {
            out["runs"].push_back(summaryJson(r));
        }
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    std::printf("%5s  %-34s %-11s %-22s %-17s%s\n", "id", "name", "status", "method", "created",
        headlineCells(nullptr).c_str());
    const std::string finished(train::toString(train::RunState::Finished));
    bool flagged = false;
    for (const auto& r : page.runs) {
        // "finished !": finished with warnings (or notes on its data) in its message.
        const bool flag = r.status == finished && !r.message.empty();
        flagged = flagged || flag;
        std::printf("%5lld  %s %-11s %s %-17s%s\n", static_cast<long long>(r.id),
            padRight(oneLine(r.name, 34), 34).c_str(), (r.status + (flag ? " !" : "")).c_str(),
            padRight(oneLine(r.method, 22), 22).c_str(), r.createdAt.substr(0, 16).c_str(),
            headlineCells(&r.finalMetrics).c_str());
    }
    if (flagged) {
        std::printf("!: finished with warnings; kdw show <id> prints them\n");
    }
    std::printf("%zu of %lld run(s) in %s\n", page.runs.size(), page.total, h.path().c_str());
    return 0;
}

int runShow(const std::string& db, const std::string& runRef, bool asJson)
{
    store::History h(dbOrDefault(db));
    noteReadOnly(h);
    const auto id = resolveRunRef(h, runRef);
    const auto d = h.run(id);
    const auto epochs = h.epochs(id);
    json config;
    try {
        config = json::parse(d->configJson);
    } catch (const json::exception&) {
        config = d->configJson;
    }
    if (asJson) {
        json out = summaryJson(d->summary);
        out["seed"] = d->seed;
        out["dataset_fingerprint"] = d->datasetFingerprint;
        out["app_version"] = d->appVersion;
        out["config"] = config;
        out["epochs"] = json::array();
        for (const auto& e : epochs) {
            out["epochs"].push_back(
                {{"phase", e.phase}, {"epoch", e.epoch}, {"metrics", metricsJson(e.metrics)}});
        }
        json summary = json::array();
        for (const auto& m : h.metricSummary(id)) {
            summary.push_back({{"phase", m.phase}, {"metric", m.metric}, {"final", m.finalValue},
                {"final_epoch", m.finalEpoch}, {"best", m.bestValue}, {"best_epoch", m.bestEpoch}});
        }
        out["summary"] = summary;
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    const auto& s = d->summary;
    std::cout << "run " << s.id << " \"" << s.name << "\"  " << s.status << "  " << s.method << "\n"
              << "uuid " << s.uuid << "  created " << s.createdAt << "  duration "
              << s.durationSeconds << " s\n";
    if (s.teacherRun) {
        std::cout << "teacher taken from run " << *s.teacherRun << '\n';
    }
    if (!s.tags.empty()) {
        std::cout << "tags:";
        for (const auto& t : s.tags) {
            std::cout << ' ' << t;
        }
        std::cout << '\n';
    }
    if (!s.notes.empty()) {
        std::cout << "notes: " << s.notes << '\n';
    }
    if (!s.message.empty()) {
        std::cout << "message: " << s.message << '\n';
    }
    std::cout << "\nconfig:\n" << config.dump(2) << "\n\nepochs:\n";
    for (const auto& e : epochs) {
        const int total = e.phase == "teacher"
            ? static_cast<int>(std::count_if(
                epochs.begin(), epochs.end(), [](const auto& x) { return x.phase == "teacher"; }))
            : static_cast<int>(std::count_if(
                epochs.begin(), epochs.end(), [](const auto& x) { return x.phase == "student"; }));
        std::cout << epochLine(e, total) << '\n';
    }
    return 0;
}

// Writes `text` to `path` ("-" or empty: standard output), refusing the history `db` itself:
// opening it here would destroy it, and would drop the locks of a connection still open on it.
void writeOut(const std::string& path, const std::string& text, const std::string& db)
{
    if (path.empty() || path == "-") {
        std::cout << text;
        return;
    }
    store::refuseHistoryFile(path, db);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
        throw Error(path + ": could not write the file");
    }
    std::cerr << "written to " << path << '\n';
}

// The options of the commands that name runs.
struct RunRef {
    std::string db;
    std::string run;
    bool json = false;
    std::string text;
    bool flag = false;
    std::string out;
    std::vector<std::string> runs;
};

constexpr const char* kRunHelp = "run id, uuid or unique name";

void addDbOption(CLI::App* cmd, const std::shared_ptr<RunRef>& r)
{
    cmd->add_option("--db", r->db, "history file (default: the one the GUI uses)");
}

void addRunsCommand(CLI::App& app, Action& action)
{
    auto ro = std::make_shared<RunsOptions>();
    auto* runs = app.add_subcommand("runs", "List the runs of a history with their final metrics");
    runs->add_option("--db", ro->db, "history file (default: the one the GUI uses)");
    runs->add_flag("--json", ro->json, "print JSON");
    runs->add_flag("--csv", ro->csv,
        "print CSV (RFC 4180): id, uuid, name, status, method, created_at, headline metrics");
    runs->add_option("--sweep", ro->sweep,
        "the runs of this sweep (its name or uuid), whatever they are named now");
    runs->add_option("--filter", ro->query.text, "text in the name, notes or method");
    runs->add_option("--tag", ro->query.tag, "runs with this tag");
    runs->add_option("--method", ro->query.method, "runs of this method");
    runs->add_option("--status", ro->query.status, "runs with this status");
    runs->add_option("--since", ro->query.createdFrom, "created on or after (YYYY-MM-DD)");
    runs->add_option("--until", ro->query.createdTo, "created on or before (YYYY-MM-DD)");
    runs->add_option("--sort", ro->query.sortBy,
        "id, name, created, status, method, duration or a metric name (" + eval::metric::hitRate(10)
            + ")");
    runs->add_flag("--asc", ro->ascending, "ascending order (default: descending)");
    runs->add_option("--limit", ro->query.limit, "at most this many runs")
        ->check(CLI::NonNegativeNumber);
    runs->add_option("--offset", ro->query.offset, "skip this many runs")
        ->check(CLI::NonNegativeNumber);
    runs->callback([ro, &action] { action = [ro] { return runRuns(*ro); }; });
}

void addShowCommand(CLI::App& app, Action& action)
{
    auto show = std::make_shared<RunRef>();
    auto* cmd = app.add_subcommand("show", "Print one run's config and per-epoch metrics");
    cmd->add_option("run", show->run, kRunHelp)->required();
    addDbOption(cmd, show);
    cmd->add_flag("--json", show->json, "print JSON");
    cmd->callback(
        [show, &action] { action = [show] { return runShow(show->db, show->run, show->json); }; });
}

int runRm(const RunRef& rm)
{
    store::History h(dbOrDefault(rm.db));
    // Every reference is resolved before anything is deleted, so a bad one deletes nothing.
    std::vector<std::int64_t> ids;
    for (const auto& r : rm.runs) {
        ids.push_back(resolveRunRef(h, r));
    }
    json deleted = json::array();
    for (const auto id : ids) {
        h.deleteRun(id);
        deleted.push_back(id);
        if (!rm.json) {
            std::cout << "deleted run " << id << '\n';
        }
    }
    if (rm.json) {
        std::cout << json {{"deleted", deleted}}.dump(2) << '\n';
    }
    return 0;
}

// rm, rename, tag, note: the edits of runs named by id, uuid or name.
void addEditCommands(CLI::App& app, Action& action)
{
    auto rm = std::make_shared<RunRef>();
    auto* rmCmd = app.add_subcommand("rm", "Delete runs with their metrics, tags and checkpoints");
    rmCmd->add_option("runs", rm->runs, "run ids, uuids or unique names")->required();
    addDbOption(rmCmd, rm);
    rmCmd->add_flag("--json", rm->json, "print the deleted ids as JSON");
    rmCmd->callback([rm, &action] { action = [rm] { return runRm(*rm); }; });

    // One edit of one run: `edit` applied to the history and the resolved id.
    using Edit = std::function<void(store::History&, std::int64_t, const RunRef&)>;
    const auto addEdit
        = [&app, &action](const std::string& name, const std::string& help,
              const std::string& textName, const std::string& textHelp, const Edit& edit) {
              auto r = std::make_shared<RunRef>();
              auto* cmd = app.add_subcommand(name, help);
              cmd->add_option("run", r->run, kRunHelp)->required();
              cmd->add_option(textName, r->text, textHelp)->required();
              addDbOption(cmd, r);
              if (name == "tag") {
                  cmd->add_flag("--remove", r->flag, "remove the tag instead");
              }
              cmd->callback([r, edit, &action] {
                  action = [r, edit] {
                      store::History h(dbOrDefault(r->db));
                      edit(h, resolveRunRef(h, r->run), *r);
                      return 0;
                  };
              });
          };
    addEdit("rename", "Rename a run", "name", "the new name",
        [](store::History& h, std::int64_t id, const RunRef& r) { h.renameRun(id, r.text); });
    addEdit("tag", "Tag a run (or untag it with --remove)", "tag", "the tag",
        [](store::History& h, std::int64_t id, const RunRef& r) {
            r.flag ? h.removeTag(id, r.text) : h.addTag(id, r.text);
        });
    addEdit("note", "Set a run's notes", "text", "the notes (empty to clear)",
        [](store::History& h, std::int64_t id, const RunRef& r) { h.setNotes(id, r.text); });
}

int runExport(const RunRef& ex)
{
    const auto db = dbOrDefault(ex.db);
    std::string text;
    {
        store::History h(db);
        const auto id = resolveRunRef(h, ex.run);
        text = ex.json ? h.exportMetricsCsv(id) : h.exportRunJson(id, ex.flag) + "\n";
    } // closed before any other file is opened
    writeOut(ex.out, text, db);
    return 0;
}

void addExportCommand(CLI::App& app, Action& action)
{
    auto ex = std::make_shared<RunRef>();
    auto* cmd = app.add_subcommand("export", "Export a run as JSON (or its metrics as CSV)");
    cmd->add_option("run", ex->run, kRunHelp)->required();
    cmd->add_option("--out,-o", ex->out, "file to write (default: standard output)");
    cmd->add_flag("--checkpoints", ex->flag, "include the model weights");
    cmd->add_flag("--csv", ex->json, "the per-epoch metrics as CSV instead");
    addDbOption(cmd, ex);
    cmd->callback([ex, &action] { action = [ex] { return runExport(*ex); }; });
}

int runImport(const RunRef& im)
{
    const auto db = dbOrDefault(im.db);
    // Every file is read before the history is opened, and never the history itself.
    std::vector<std::string> texts;
    for (const auto& f : im.runs) {
        store::refuseHistoryFile(f, db);
        std::ifstream in(f, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        texts.push_back(text.str());
    }
    store::History h(db);
    json imported = json::array();
    for (std::size_t k = 0; k < texts.size(); ++k) {
        try {
            const auto id = h.importRunJson(texts[k]);
            imported.push_back({{"file", im.runs[k]}, {"run", id}});
            if (!im.json) {
                std::cout << im.runs[k] << " -> run " << id << '\n';
            }
        } catch (const StoreError& e) {
            throw StoreError(im.runs[k] + ": " + e.what());
        }
    }
    if (im.json) {
        std::cout << json {{"imported", imported}}.dump(2) << '\n';
    }
    return 0;
}

void addImportCommand(CLI::App& app, Action& action)
{
    auto im = std::make_shared<RunRef>();
    auto* cmd = app.add_subcommand("import", "Import runs exported as JSON");
    cmd->add_option("files", im->runs, "exported run files")->required()->check(CLI::ExistingFile);
    addDbOption(cmd, im);
    cmd->add_flag("--json", im->json, "print the imported runs' ids as JSON");
    cmd->callback([im, &action] { action = [im] { return runImport(*im); }; });
}

} // namespace

void addHistoryCommands(CLI::App& app, Action& action)
{
    addRunsCommand(app, action);
    addShowCommand(app, action);
    addEditCommands(app, action);
    addExportCommand(app, action);
    addImportCommand(app, action);
}

} // namespace kdw::cli
