// SPDX-License-Identifier: MIT
// The SQLite run history: runs, their configs, per-epoch metrics and checkpoints. One History per
// thread (it owns one connection); the thread that trains a run writes its rows.
#pragma once

#include <cstdint>
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
    std::string finishedAt;
    double durationSeconds = 0.0;
    std::optional<std::int64_t> teacherRun;
    std::string message; // why a run failed or diverged
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

    static constexpr int kSchemaVersion = 1;
    [[nodiscard]] int schemaVersion() const;
    [[nodiscard]] const std::string& path() const { return m_path; }

    // Writing a run (from the thread that trains it).
    std::int64_t createRun(const NewRun& run);
    void appendEpoch(std::int64_t runId, const train::EpochRecord& epoch); // one transaction
    void finishRun(std::int64_t runId, const std::string& status, double durationSeconds,
                   const std::string& message = {});
    void saveCheckpoint(std::int64_t runId, const std::string& role, int epoch,
                        const std::vector<std::uint8_t>& weights);

    // Reading.
    [[nodiscard]] std::vector<RunSummary> listRuns();
    [[nodiscard]] std::optional<RunDetails> run(std::int64_t runId);
    [[nodiscard]] std::vector<train::EpochRecord> epochs(std::int64_t runId);
    [[nodiscard]] std::optional<std::vector<std::uint8_t>> loadCheckpoint(std::int64_t runId, const std::string& role);
    // A run by its id ("12") or uuid; throws StoreError when there is none.
    [[nodiscard]] std::int64_t resolveRun(const std::string& idOrUuid);

    Database& database() { return *m_db; }

private:
    void migrate();
    void markInterrupted();

    std::string m_path;
    std::unique_ptr<Database> m_db;
};

// UTC now as "2026-11-28T04:36:53Z".
std::string nowIso8601();

} // namespace kdw::store
