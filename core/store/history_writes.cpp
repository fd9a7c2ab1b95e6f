// SPDX-License-Identifier: MIT
// Writing runs: creating one, its epochs, its checkpoints and final state (from the thread that
// trains it), and the operations on a run (rename, notes, tags, delete). Each call is one
// transaction through History::write.
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <vector>

#include <sqlite3.h>

#include "core/common/error.h"
#include "core/store/encoding.h"
#include "core/store/history.h"
#include "core/store/metric_rows.h"
#include "core/store/sqlite.h"

namespace kdw::store {

namespace {

constexpr std::size_t kReserveBytes = 64 * 1024;

std::string reservePath(const std::string& history)
{
    return history + "-reserve";
}

// Keeps the reserve (History::createRun) beside the history (written with zeros, so that its blocks
// are really taken); none when there is no room for it.
void keepReserve(const std::string& history)
{
    namespace fs = std::filesystem;
    const auto file = reservePath(history);
    std::error_code ec;
    if (fs::exists(file, ec)) {
        return;
    }
    const std::vector<char> zeros(kReserveBytes, 0);
    {
        std::ofstream out(file, std::ios::binary);
        out.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
        out.flush();
        if (out) {
            return;
        }
    }
    fs::remove(file, ec);
}

} // namespace

std::int64_t History::createRun(const NewRun& run)
{
    std::int64_t id = 0;
    write("creating run \"" + run.name + "\"", [&] {
        const auto now = nowIso8601();
        auto st = m_db->prepare(
            "INSERT INTO runs (uuid, name, created_at, started_at, status, method, seed, "
            "dataset_fingerprint, catalogue_fingerprint, app_version, teacher_run, owner_pid, "
            "sweep_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        st.bind(1, newUuid())
            .bind(2, run.name)
            .bind(3, now)
            .bind(4, now)
            .bind(5, std::string(train::toString(train::RunState::Running)))
            .bind(6, run.method)
            .bind(7, static_cast<std::int64_t>(run.seed))
            .bind(8, run.datasetFingerprint)
            .bind(9, run.catalogueFingerprint)
            .bind(10, std::string(KDW_VERSION))
            .bind(11, run.teacherRun)
            .bind(12, static_cast<std::int64_t>(::getpid()))
            .bind(13, run.sweepId);
        st.run();
        id = m_db->lastInsertId();
        m_db->prepare("INSERT INTO run_configs (run_id, config) VALUES (?, ?)")
            .bind(1, id)
            .bind(2, run.configJson)
            .run();
    });
    keepReserve(m_path);
    return id;
}

void History::appendEpoch(std::int64_t runId, const train::EpochRecord& epoch)
{
    write("saving " + epoch.phase + " epoch " + std::to_string(epoch.epoch) + " of run "
            + std::to_string(runId),
        [&] {
            MetricWriter rows(*m_db, runId);
            for (const auto& [name, value] : epoch.metrics) {
                rows.add(epoch.phase, epoch.epoch, name, value);
            }
        });
}

void History::finishRun(
    std::int64_t runId, train::RunState status, double durationSeconds, const std::string& message)
{
    const auto update = [&] {
        m_db->prepare("UPDATE runs SET status = ?, finished_at = ?, duration_s = ?, message = ?, "
                      "owner_pid = NULL "
                      "WHERE id = ?")
            .bind(1, std::string(train::toString(status)))
            .bind(2, nowIso8601())
            .bind(3, durationSeconds)
            .bind(4, message)
            .bind(5, runId)
            .run();
    };
    const std::string what = "finishing run " + std::to_string(runId);
    try {
        write(what, update);
    } catch (const StoreError& e) {
        if (e.sqlitePrimaryCode() != SQLITE_FULL) {
            throw;
        }
        // The disk filled (usually under this very run): the reserve kept beside the history
        // gives its room back for this one row, so that the run is not left 'running'. Then
        // once more, failing as it fails.
        std::error_code ec;
        std::filesystem::remove(reservePath(m_path), ec);
        write(what, update);
    }
}

void History::finishRun(std::int64_t runId, const std::string& status, double durationSeconds,
    const std::string& message)
{
    train::RunState state {};
    try {
        state = train::parseRunState(status);
    } catch (const Error& e) {
        throw StoreError(m_path + ": finishing run " + std::to_string(runId) + ": " + e.what());
    }
    finishRun(runId, state, durationSeconds, message);
}

void History::saveCheckpoint(std::int64_t runId, const std::string& role, int epoch,
    const std::vector<std::uint8_t>& weights)
{
    write("saving the " + role + " checkpoint of run " + std::to_string(runId), [&] {
        m_db->prepare("INSERT OR REPLACE INTO checkpoints (run_id, role, epoch, format, weights) "
                      "VALUES (?, ?, ?, ?, ?)")
            .bind(1, runId)
            .bind(2, role)
            .bind(3, epoch)
            .bind(4, 1)
            .bind(5, weights)
            .run();
    });
}

void History::renameRun(std::int64_t runId, const std::string& name)
{
    const std::string what = "renaming run " + std::to_string(runId);
    if (name.empty()) {
        throw StoreError(m_path + ": " + what + ": a run's name cannot be empty");
    }
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("UPDATE runs SET name = ? WHERE id = ?").bind(1, name).bind(2, runId).run();
    });
}

void History::setNotes(std::int64_t runId, const std::string& notes)
{
    const std::string what = "annotating run " + std::to_string(runId);
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("UPDATE runs SET notes = ? WHERE id = ?").bind(1, notes).bind(2, runId).run();
    });
}

void History::addTag(std::int64_t runId, const std::string& tag)
{
    const std::string what = "tagging run " + std::to_string(runId);
    if (tag.empty()) {
        throw StoreError(m_path + ": " + what + ": a tag cannot be empty");
    }
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)")
            .bind(1, runId)
            .bind(2, tag)
            .run();
    });
}

void History::removeTag(std::int64_t runId, const std::string& tag)
{
    write("untagging run " + std::to_string(runId), [&] {
        m_db->prepare("DELETE FROM run_tags WHERE run_id = ? AND tag = ?")
            .bind(1, runId)
            .bind(2, tag)
            .run();
    });
}

void History::deleteRun(std::int64_t runId)
{
    const std::string what = "deleting run " + std::to_string(runId);
    write(what, [&] {
        requireRun(runId, what);
        m_db->prepare("DELETE FROM runs WHERE id = ?")
            .bind(1, runId)
            .run(); // cascades (foreign keys)
    });
}

} // namespace kdw::store
