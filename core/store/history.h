// SPDX-License-Identifier: MIT
// The SQLite run history: runs, their configs, tags and notes, per-epoch metrics, per-run final and
// best values, and checkpoints. One History per thread (it owns one connection); the thread that
// trains a run writes its rows; any number of others may read at the same time (WAL).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/train/config.h"
#include "core/train/trainer.h"

namespace kdw::store {

class Database;

inline constexpr std::int32_t kApplicationId = 0x4B445742; // "KDWB"

struct RunSummary {
    std::int64_t id = 0;
    std::string uuid;
    std::string name;
    std::string status; // queued|running|finished|cancelled|failed|diverged|interrupted
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
};

// Which runs to list, in what order, which page.
struct RunQuery {
    std::string text;        // in the name, notes, method or uuid (case-insensitive); empty = all
    std::string tag;         // runs carrying this tag
    std::string method;      // exact method string
    std::string status;      // exact status
    std::string createdFrom; // ISO 8601 prefix, inclusive ("2026-11-01")
    std::string createdTo;   // ISO 8601 prefix, inclusive ("2026-11-30")
    // id | name | created | status | method | duration, or a metric name ("hr@10"): the
    // student's final value of it (runs without it sort last).
    std::string sortBy = "id";
    bool descending = true;
    int offset = 0;
    int limit = 0; // 0 = every matching run
    // Which final metrics to return with each run; empty = all of them.
    std::vector<std::string> finalMetrics;
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
    explicit History(const std::string& path);
    ~History();
    History(const History&) = delete;
    History& operator=(const History&) = delete;

    static constexpr int kSchemaVersion = 2;
    [[nodiscard]] int schemaVersion() const;
    [[nodiscard]] const std::string& path() const { return m_path; }

    // Writing a run (from the thread that trains it). Each call is one transaction.
    std::int64_t createRun(const NewRun& run);
    void appendEpoch(std::int64_t runId, const train::EpochRecord& epoch);
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
    [[nodiscard]] std::optional<std::vector<std::uint8_t>> loadCheckpoint(std::int64_t runId, const std::string& role);
    // A run by its id ("12") or uuid; throws StoreError when there is none.
    [[nodiscard]] std::int64_t resolveRun(const std::string& idOrUuid);

    // Operations.
    void renameRun(std::int64_t runId, const std::string& name);
    void setNotes(std::int64_t runId, const std::string& notes);
    void addTag(std::int64_t runId, const std::string& tag);
    void removeTag(std::int64_t runId, const std::string& tag);
    void deleteRun(std::int64_t runId); // with its epochs, tags and checkpoints

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
    // Backups: the first migration, import or merge through a History first copies the file to
    // "<path>.bak-YYYYMMDD-HHMMSS" beside it (SQLite's backup API; the newest kBackupsKept are
    // kept, see core/store/backup.h). A failed backup is a StoreError and nothing is changed.

    Database& database() { return *m_db; }

private:
    void migrate();
    void backUpOnce(); // a dated backup, at most once per History
    void markInterrupted();
    void checkSameFile(const std::string& what) const;
    // One write: checks the file is still the one opened, runs `fn` in a transaction, commits,
    // and reports a failure as a StoreError naming the file and `what`.
    void write(const std::string& what, const std::function<void()>& fn);
    void requireRun(std::int64_t runId, const std::string& what);
    void loadTagsAndFinals(std::vector<RunSummary>& runs, const std::vector<std::string>& metrics = {});

    std::string m_path;
    std::unique_ptr<Database> m_db;
    std::uint64_t m_device = 0; // the file opened, to notice it being deleted or replaced
    std::uint64_t m_inode = 0;
    bool m_backedUp = false;
};

// UTC now as "2026-11-28T04:36:53Z".
std::string nowIso8601();
// UTC now formatted by strftime(3) `format` (at most 63 characters out).
std::string nowUtc(const char* format);

} // namespace kdw::store
