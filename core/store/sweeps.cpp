// SPDX-License-Identifier: MIT
// Sweeps as entities: a named group of runs with its plan; runs belong by runs.sweep_id.
#include "core/common/error.h"
#include "core/store/encoding.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "core/store/store_context.h"

namespace kdw::store {
namespace {

constexpr const char* kSweepColumns = "s.id, s.uuid, s.name, s.created_at, s.plan, (SELECT "
                                      "count(*) FROM runs r WHERE r.sweep_id = s.id)";

SweepInfo readSweep(const Statement& st)
{
    return {st.getInt(0), st.getText(1), st.getText(2), st.getText(3), st.getText(4), st.getInt(5)};
}

} // namespace

std::int64_t History::ensureSweep(const std::string& name, const std::string& planJson)
{
    const std::string what = "recording sweep \"" + name + "\"";
    if (name.empty()) {
        throw StoreError(m_path + ": " + what + ": a sweep's name cannot be empty");
    }
    std::int64_t id = 0;
    write(what, [&] {
        m_db->prepare(
                "INSERT OR IGNORE INTO sweeps (uuid, name, created_at, plan) VALUES (?, ?, ?, ?)")
            .bind(1, newUuid())
            .bind(2, name)
            .bind(3, nowIso8601())
            .bind(4, planJson.empty() ? std::string("{}") : planJson)
            .run();
        auto st = m_db->prepare("SELECT id FROM sweeps WHERE name = ?");
        st.bind(1, name);
        st.step();
        id = st.getInt(0);
    });
    return id;
}

std::optional<SweepInfo> History::findSweep(const std::string& nameOrUuid)
{
    return withContext(
        m_path, "reading sweep \"" + nameOrUuid + "\"", [&]() -> std::optional<SweepInfo> {
            auto st = m_db->prepare(std::string("SELECT ") + kSweepColumns
                + " FROM sweeps s WHERE s.name = ? OR s.uuid = ? ORDER BY s.name = ? DESC LIMIT 1");
            st.bind(1, nameOrUuid).bind(2, nameOrUuid).bind(3, nameOrUuid);
            if (!st.step()) {
                return std::nullopt;
            }
            return readSweep(st);
        });
}

std::vector<SweepInfo> History::listSweeps()
{
    return withContext(m_path, "listing sweeps", [&] {
        std::vector<SweepInfo> out;
        auto st = m_db->prepare(
            std::string("SELECT ") + kSweepColumns + " FROM sweeps s ORDER BY s.id");
        while (st.step()) {
            out.push_back(readSweep(st));
        }
        return out;
    });
}

void History::setRunSweep(std::int64_t runId, std::optional<std::int64_t> sweepId)
{
    const std::string what = "putting run " + std::to_string(runId) + " into a sweep";
    write(what, [&] {
        requireRun(runId, what);
        if (sweepId) {
            auto st = m_db->prepare("SELECT 1 FROM sweeps WHERE id = ?");
            st.bind(1, *sweepId);
            if (!st.step()) {
                throw StoreError(
                    m_path + ": " + what + ": there is no sweep " + std::to_string(*sweepId));
            }
        }
        m_db->prepare("UPDATE runs SET sweep_id = ? WHERE id = ?")
            .bind(1, sweepId)
            .bind(2, runId)
            .run();
    });
}

} // namespace kdw::store
