// SPDX-License-Identifier: MIT
// The SQLite run history: runs, their configs, tags and notes, per-epoch metrics, per-run final and
// best values, checkpoints, and sweeps (named groups of runs). One History per thread (it owns one
// connection); the thread that trains a run writes its rows; any number of others may read at the
// same time (WAL).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/store/file_identity.h"
#include "core/train/config.h"
#include "core/train/epoch_record.h"
#include "core/train/vocabulary.h"

namespace kdw::store {

class Database;
class MergeSources;

struct RunSummary {
    std::int64_t id = 0;
    std::string uuid;
    std::string name;
    std::string status; // the text of a train::RunState: train::toString / train::parseRunState
    std::string method;
    std::string createdAt; // ISO 8601, UTC
    std::string startedAt;
    std::string finishedAt;
    double durationSeconds = 0.0;
    std::optional<std::int64_t> teacherRun;
    std::string message; // why a run failed or diverged
    std::string notes;
    std::vector<std::string> tags;
    std::map<std::string, double> finalMetrics; // the student's last epoch
    std::optional<std::int64_t> sweepId; // the sweep the run belongs to, if any
    // Asked for by RunQuery::bestMetrics / configFields (empty otherwise): the student's best value
    // of each metric it has, and each config field the run's config has, as text ("4", "0.5",
    // "soft_target"; a JSON true or false is "1" or "0").
    std::map<std::string, double> bestMetrics;
    std::map<std::string, std::string> configValues;
};

struct RunDetails {
    RunSummary summary;
    std::string configJson;
    std::string datasetFingerprint;
    std::string catalogueFingerprint;
    std::uint64_t seed = 0;
    std::string appVersion;
};

struct NewRun {
    std::string configJson;
    std::string name;
    std::string method;
    std::uint64_t seed = 0;
    std::string datasetFingerprint;
    std::string catalogueFingerprint;
    std::optional<std::int64_t> teacherRun;
    std::optional<std::int64_t> sweepId; // a sweep of this history (History::ensureSweep)
};

// A sweep: one experiment over several methods and seeds, whose runs belong to it by membership
// (runs.sweep_id), not by their names, so that renaming a run keeps it in its sweep.
struct SweepInfo {
    std::int64_t id = 0;
    std::string uuid;
    std::string name; // unique in a history
    std::string createdAt; // ISO 8601, UTC
    std::string
        planJson; // what the sweep was asked to do (methods, seeds, base config); "{}" if unknown
    long long runCount = 0;
};

// Which runs to list, in what order, which page.
struct RunQuery {
    std::string text; // in the name, notes, method or uuid (case-insensitive); empty = all
    std::string tag; // runs carrying this tag
    std::string method; // exact method string
    std::string status; // exact status
    std::string createdFrom; // ISO 8601 prefix, inclusive ("2026-11-01")
    std::string createdTo; // ISO 8601 prefix, inclusive ("2026-11-30")
    std::int64_t sweepId = 0; // the runs of this sweep; 0 = any
    // Runs whose config field (a path of train::configSchema(): "distillation.listwise") has this
    // value, written as JSON ("true", "4", "\"soft_target\"").
    std::vector<std::pair<std::string, std::string>> configEquals;
    // id | name | created | status | method | duration | seed | teacher | notes | tags, or a metric
    // name (eval::metric::hitRate(10)): the student's final value of it, or "best:" and a metric
    // name: its best value, or "config:" and a config field's path: that field's value (runs
    // without the value sort last in either direction).
    std::string sortBy = "id";
    bool descending = true;
    int offset = 0;
    int limit = 0; // 0 = every matching run
    // Which final metrics to return with each run; empty = all of them.
    std::vector<std::string> finalMetrics;
    // Which best values and config fields to return with each run (RunSummary::bestMetrics,
    // configValues); empty = none.
    std::vector<std::string> bestMetrics;
    std::vector<std::string> configFields;
};

struct RunPage {
    std::vector<RunSummary> runs;
    long long total = 0; // matching runs, all pages
};

// The final (last epoch) and best value of one metric of one phase of a run.
struct MetricSummary {
    std::string phase;
    std::string metric;
    double finalValue = 0.0;
    int finalEpoch = 0;
    double bestValue = 0.0;
    int bestEpoch = 0;
};

struct MergeResult {
    std::string path; // the history merged from
    int added = 0;
    int skipped = 0; // already present (same uuid)
};

class History {
public:
    // The default history file: $XDG_DATA_HOME/kdworkbench/history.sqlite, or
    // ~/.local/share/kdworkbench/history.sqlite (the directory is created).
    static std::string defaultPath();

    // Opens (creating) the history and migrates it to the current schema. Refuses, with a
    // StoreError and without touching it, a file that is not SQLite, not a KD Workbench history,
    // or from a newer version. Marks runs left 'running' by a process that no longer exists as
    // 'interrupted'.
    // An existing history whose folder or file cannot be written (a read-only mount, a colleague's
    // folder) is opened read-only instead (readOnly()): every read works, every write throws a
    // StoreError ending in kReadOnlyNote, and runs left 'running' are shown as they are. Such a
    // history must already be of the current schema (an older one cannot be migrated there).
    explicit History(const std::string& path);
    ~History();
    History(const History&) = delete;
    History& operator=(const History&) = delete;

    // 3: sweeps as entities (the sweeps table, runs.sweep_id).
    static constexpr int kSchemaVersion = 3;
    [[nodiscard]] int schemaVersion() const;
    [[nodiscard]] const std::string& path() const { return m_path; }
    // Whether the history was opened read-only (see the constructor); readOnlyNote() is then
    // kReadOnlyNote, else empty: what a reader shows beside the runs.
    [[nodiscard]] bool readOnly() const { return m_readOnly; }
    [[nodiscard]] std::string readOnlyNote() const { return m_readOnly ? kReadOnlyNote : ""; }
    static constexpr const char* kReadOnlyNote
        = "the folder is read-only: showing the history read-only; runs cannot be saved here";

    // Writing a run (from the thread that trains it). Each call is one transaction.
    // createRun also keeps a 64 KiB file "<path>-reserve" beside the history: when the file system
    // fills up under a run, finishRun deletes it and so still has room to store the run as failed
    // with "the disk is full" (the next createRun with room puts it back).
    std::int64_t createRun(const NewRun& run);
    void appendEpoch(std::int64_t runId, const train::EpochRecord& epoch);
    void finishRun(std::int64_t runId, train::RunState status, double durationSeconds,
        const std::string& message = {});
    // The same with the state's text ("finished"); throws StoreError for a text that names no
    // train::RunState.
    void finishRun(std::int64_t runId, const std::string& status, double durationSeconds,
        const std::string& message = {});
    void saveCheckpoint(std::int64_t runId, const std::string& role, int epoch,
        const std::vector<std::uint8_t>& weights);

    // Reading.
    [[nodiscard]] std::vector<RunSummary> listRuns(); // every run, newest first
    [[nodiscard]] RunPage queryRuns(const RunQuery& query);
    [[nodiscard]] std::optional<RunDetails> run(std::int64_t runId);
    [[nodiscard]] std::vector<train::EpochRecord> epochs(std::int64_t runId);
    [[nodiscard]] std::vector<MetricSummary> metricSummary(std::int64_t runId);
    [[nodiscard]] std::optional<std::vector<std::uint8_t>> loadCheckpoint(
        std::int64_t runId, const std::string& role);
    // A run by its id ("12") or uuid; throws StoreError when there is none.
    [[nodiscard]] std::int64_t resolveRun(const std::string& idOrUuid);

    // Operations.
    void renameRun(std::int64_t runId, const std::string& name);
    void setNotes(std::int64_t runId, const std::string& notes);
    void addTag(std::int64_t runId, const std::string& tag);
    void removeTag(std::int64_t runId, const std::string& tag);
    void deleteRun(std::int64_t runId); // with its epochs, tags and checkpoints

    // Sweeps. ensureSweep returns the id of the sweep of that name, creating it (with a new uuid
    // and `planJson`) when there is none; an existing sweep keeps its plan. Throws StoreError for
    // an empty name.
    std::int64_t ensureSweep(const std::string& name, const std::string& planJson = "{}");
    // The sweep of that name or uuid, with its member count; std::nullopt when there is none.
    [[nodiscard]] std::optional<SweepInfo> findSweep(const std::string& nameOrUuid);
    [[nodiscard]] std::vector<SweepInfo> listSweeps(); // oldest first
    // Puts a run into a sweep (or, with std::nullopt, out of any). Throws StoreError when the run
    // or the sweep does not exist.
    void setRunSweep(std::int64_t runId, std::optional<std::int64_t> sweepId);

    // A run as one JSON document (config, metrics, tags, notes and, optionally, checkpoints), and
    // its per-epoch metrics as CSV (run,phase,epoch,split,metric,value).
    [[nodiscard]] std::string exportRunJson(std::int64_t runId, bool withCheckpoints);
    [[nodiscard]] std::string exportMetricsCsv(std::int64_t runId);
    // Adds an exported run; a run whose uuid is already here is not duplicated (its id is
    // returned). Throws StoreError naming what is wrong with a malformed document.
    std::int64_t importRunJson(const std::string& json);
    // Copies every run of another history file that this one lacks (by uuid); the other file is
    // read from a temporary copy made by SQLite's backup API and never modified. Throws
    // StoreError when it is this history itself, missing, or not a history.
    MergeResult mergeFrom(const std::string& otherPath);
    // The same for several checked inputs at once, in one transaction (core/store/merge.h).
    std::vector<MergeResult> mergeFrom(const MergeSources& sources);
    // Backups: the first migration, import or merge through a History first copies the file to
    // "<path>.bak-YYYYMMDD-HHMMSS" beside it (SQLite's backup API; the newest kBackupsKept are
    // kept, see core/store/backup.h). A failed backup is a StoreError and nothing is changed.

    Database& database() { return *m_db; }

private:
    void migrate();
    void backUpOnce(); // a dated backup, at most once per History
    void markInterrupted();
    void checkSameFile(const std::string& what) const;
    void openReadOnly(); // the constructor's read-only branch
    // Throws StoreError "<path>: <what> refused: the folder is read-only: ..." on a read-only
    // history.
    void requireWritable(const std::string& what) const;
    // One write: checks the file is still the one opened, runs `fn` in a transaction, commits,
    // and reports a failure as a StoreError naming the file and `what`.
    void write(const std::string& what, const std::function<void()>& fn);
    void requireRun(std::int64_t runId, const std::string& what);
    void loadTagsAndFinals(
        std::vector<RunSummary>& runs, const std::vector<std::string>& metrics = {});

    std::string m_path;
    std::unique_ptr<Database> m_db;
    FileIdentity m_identity; // the file opened, to notice it being deleted or replaced
    bool m_backedUp = false;
    bool m_readOnly = false;
};

// Runs as CSV, one line each: id,uuid,name,status,method,created_at, then the student's final value
// of each of `metrics` (empty when the run has none). Fields are quoted as RFC 4180 says.
std::string runsCsv(const std::vector<RunSummary>& runs, const std::vector<std::string>& metrics);

// UTC now as "2026-11-28T04:36:53Z".
std::string nowIso8601();
// UTC now formatted by strftime(3) `format` (at most 63 characters out).
std::string nowUtc(const char* format);

} // namespace kdw::store
