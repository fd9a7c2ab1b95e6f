// SPDX-License-Identifier: MIT
// A run as a JSON document (export and import), its metrics and run lists as CSV.
#include "core/store/archive.h"

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/store/encoding.h"
#include "core/store/history.h"
#include "core/store/metric_rows.h"
#include "core/store/sqlite.h"
#include "core/store/store_context.h"

namespace kdw::store {
namespace {

using nlohmann::json;

constexpr int kRunFormatVersion = 1;

json summaryFields(const RunDetails& d)
{
    const auto& s = d.summary;
    return {{"format", "kdworkbench-run"}, {"version", kRunFormatVersion}, {"uuid", s.uuid},
        {"name", s.name}, {"status", s.status}, {"method", s.method}, {"created_at", s.createdAt},
        {"started_at", s.startedAt}, {"finished_at", s.finishedAt},
        {"duration_s", s.durationSeconds}, {"message", s.message}, {"notes", s.notes},
        {"tags", s.tags}, {"seed", d.seed}, {"dataset_fingerprint", d.datasetFingerprint},
        {"catalogue_fingerprint", d.catalogueFingerprint}, {"app_version", d.appVersion}};
}

json epochsJson(const std::vector<train::EpochRecord>& epochs)
{
    json out = json::array();
    for (const auto& e : epochs) {
        json metrics = json::object();
        for (const auto& [k, v] : e.metrics) {
            metrics[k] = std::isfinite(v) ? json(v) : json(nullptr);
        }
        out.push_back({{"phase", e.phase}, {"epoch", e.epoch}, {"metrics", metrics}});
    }
    return out;
}

json checkpointsJson(Database& db, std::int64_t runId)
{
    json out = json::array();
    auto st = db.prepare(
        "SELECT role, epoch, format, weights FROM checkpoints WHERE run_id = ? ORDER BY role");
    st.bind(1, runId);
    while (st.step()) {
        out.push_back({{"role", st.getText(0)}, {"epoch", st.getInt(1)}, {"format", st.getInt(2)},
            {"weights_base64", toBase64(st.getBlob(3))}});
    }
    return out;
}

json sweepJson(Database& db, std::optional<std::int64_t> sweepId)
{
    if (!sweepId) {
        return nullptr;
    }
    auto st = db.prepare("SELECT uuid, name, created_at, plan FROM sweeps WHERE id = ?");
    st.bind(1, *sweepId);
    if (!st.step()) {
        return nullptr;
    }
    return {{"uuid", st.getText(0)}, {"name", st.getText(1)}, {"created_at", st.getText(2)},
        {"plan", st.getText(3)}};
}

// A checked view of an imported document.
class RunDocument {
public:
    explicit RunDocument(const std::string& text)
    {
        try {
            m_doc = json::parse(text);
        } catch (const json::exception& e) {
            throw StoreError(std::string("import: not valid JSON (") + e.what() + ")");
        }
        if (field("format") != "kdworkbench-run") {
            throw StoreError(
                "import: not a KD Workbench run export ('format' is not kdworkbench-run)");
        }
        if (!field("version").is_number_integer()
            || field("version").get<int>() > kRunFormatVersion) {
            throw StoreError("import: the export was written by a newer KD Workbench (version "
                + field("version").dump() + ")");
        }
        if (!field("uuid").is_string() || field("uuid").get<std::string>().empty()
            || str("name").empty()) {
            throw StoreError("import: the run export has no uuid or no name");
        }
    }

    const json& field(const char* key) const
    {
        if (!m_doc.is_object() || !m_doc.contains(key)) {
            throw StoreError(
                std::string("import: not a KD Workbench run export (no '") + key + "')");
        }
        return m_doc.at(key);
    }
    std::string str(const char* key, const std::string& fallback = {}) const
    {
        return m_doc.contains(key) && m_doc.at(key).is_string() ? m_doc.at(key).get<std::string>()
                                                                : fallback;
    }
    template <typename T> T number(const char* key, T fallback) const
    {
        const bool ok = m_doc.contains(key)
            && (std::is_integral_v<T> ? m_doc.at(key).is_number_integer()
                                      : m_doc.at(key).is_number());
        return ok ? m_doc.at(key).get<T>() : fallback;
    }
    const json& doc() const { return m_doc; }

private:
    json m_doc;
};

// The imported run's sweep: this history's sweep of that uuid, else of that name, else a new one
// with the export's uuid, name and plan. No sweep when the export names none.
std::optional<std::int64_t> importSweep(Database& db, const json& doc)
{
    if (!doc.contains("sweep") || !doc["sweep"].is_object()) {
        return std::nullopt;
    }
    const auto& s = doc["sweep"];
    const auto text = [&](const char* key, const std::string& fallback) {
        return s.contains(key) && s[key].is_string() ? s[key].get<std::string>() : fallback;
    };
    const auto uuid = text("uuid", newUuid());
    const auto name = text("name", "");
    if (name.empty()) {
        return std::nullopt;
    }
    auto find = db.prepare(
        "SELECT id FROM sweeps WHERE uuid = ? OR name = ? ORDER BY uuid = ? DESC LIMIT 1");
    find.bind(1, uuid).bind(2, name).bind(3, uuid);
    if (find.step()) {
        return find.getInt(0);
    }
    db.prepare("INSERT INTO sweeps (uuid, name, created_at, plan) VALUES (?, ?, ?, ?)")
        .bind(1, uuid)
        .bind(2, name)
        .bind(3, text("created_at", nowIso8601()))
        .bind(4, text("plan", "{}"))
        .run();
    return db.lastInsertId();
}

std::int64_t insertRunRow(Database& db, const RunDocument& d, std::optional<std::int64_t> teacher,
    std::optional<std::int64_t> sweep)
{
    const std::string running(train::toString(train::RunState::Running));
    const std::string finished(train::toString(train::RunState::Finished));
    const auto status = d.str("status", finished);
    auto st = db.prepare(
        "INSERT INTO runs (uuid, name, created_at, started_at, finished_at, status, method, seed, "
        "dataset_fingerprint, catalogue_fingerprint, app_version, duration_s, teacher_run, "
        "message, notes, sweep_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, d.str("uuid"))
        .bind(2, d.str("name"))
        .bind(3, d.str("created_at", nowIso8601()))
        .bind(4, d.str("started_at", d.str("created_at", nowIso8601())))
        .bind(5, d.str("finished_at"))
        .bind(6,
            status == running ? std::string(train::toString(train::RunState::Interrupted)) : status)
        .bind(7, d.str("method", "none"))
        .bind(8, d.number<std::int64_t>("seed", 0))
        .bind(9, d.str("dataset_fingerprint"))
        .bind(10, d.str("catalogue_fingerprint"))
        .bind(11, d.str("app_version"))
        .bind(12, d.number<double>("duration_s", 0.0))
        .bind(13, teacher)
        .bind(14, d.str("message"))
        .bind(15, d.str("notes"))
        .bind(16, sweep);
    st.run();
    const auto id = db.lastInsertId();
    const json& config = d.field("config");
    db.prepare("INSERT INTO run_configs (run_id, config) VALUES (?, ?)")
        .bind(1, id)
        .bind(2, config.is_string() ? config.get<std::string>() : config.dump())
        .run();
    return id;
}

void insertTags(Database& db, std::int64_t id, const json& doc)
{
    if (!doc.contains("tags") || !doc["tags"].is_array()) {
        return;
    }
    auto tag = db.prepare("INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)");
    for (const auto& t : doc["tags"]) {
        if (t.is_string()) {
            tag.bind(1, id).bind(2, t.get<std::string>()).run();
        }
    }
}

void insertEpochs(Database& db, std::int64_t id, const json& doc)
{
    MetricWriter rows(db, id);
    for (const auto& e : doc.value("epochs", json::array())) {
        if (!e.is_object() || !e.contains("phase") || !e.contains("epoch") || !e.contains("metrics")
            || !e["phase"].is_string() || !e["epoch"].is_number_integer()
            || !e["metrics"].is_object()) {
            throw StoreError(
                "import: an epoch of the run export is malformed (needs phase, epoch and metrics)");
        }
        const auto phase = e["phase"].get<std::string>();
        const auto epoch = e["epoch"].get<int>();
        for (const auto& [name, value] : e["metrics"].items()) {
            rows.add(phase, epoch, name, value.is_number() ? value.get<double>() : std::nan(""));
        }
    }
}

void insertCheckpoints(Database& db, std::int64_t id, const json& doc)
{
    auto ck = db.prepare("INSERT OR REPLACE INTO checkpoints (run_id, role, epoch, format, "
                         "weights) VALUES (?, ?, ?, ?, ?)");
    for (const auto& c : doc.value("checkpoints", json::array())) {
        if (!c.is_object() || !c.contains("role") || !c.contains("weights_base64")
            || !c["role"].is_string() || !c["weights_base64"].is_string()) {
            throw StoreError("import: a checkpoint of the run export is malformed (needs role and "
                             "weights_base64)");
        }
        ck.bind(1, id)
            .bind(2, c["role"].get<std::string>())
            .bind(3, c.value("epoch", 0))
            .bind(4, c.value("format", 1))
            .bind(5, fromBase64(c["weights_base64"].get<std::string>(), "import: a checkpoint"))
            .run();
    }
}

// The run of a checked document, in the caller's transaction.
std::int64_t insertRun(Database& db, const RunDocument& d)
{
    if (const auto existing = runByUuid(db, d.str("uuid"))) {
        return *existing; // already here: not duplicated
    }
    const auto& doc = d.doc();
    const auto teacher = doc.contains("teacher_run_uuid") && doc["teacher_run_uuid"].is_string()
        ? runByUuid(db, doc["teacher_run_uuid"].get<std::string>())
        : std::nullopt;
    const auto id = insertRunRow(db, d, teacher, importSweep(db, doc));
    insertTags(db, id, doc);
    insertEpochs(db, id, doc);
    insertCheckpoints(db, id, doc);
    return id;
}

} // namespace

std::string History::exportRunJson(std::int64_t runId, bool withCheckpoints)
{
    const auto details = run(runId);
    if (!details) {
        throw StoreError(
            m_path + ": exporting run " + std::to_string(runId) + ": there is no such run");
    }
    return withContext(m_path, "exporting run " + std::to_string(runId), [&] {
        json doc = summaryFields(*details);
        doc["teacher_run_uuid"] = nullptr;
        if (details->summary.teacherRun) {
            if (const auto t = run(*details->summary.teacherRun)) {
                doc["teacher_run_uuid"] = t->summary.uuid;
            }
        }
        doc["sweep"] = sweepJson(*m_db, details->summary.sweepId);
        try {
            doc["config"] = json::parse(details->configJson);
        } catch (const json::exception&) {
            doc["config"] = details->configJson; // kept verbatim if it is not JSON
        }
        doc["epochs"] = epochsJson(epochs(runId));
        doc["checkpoints"] = withCheckpoints ? checkpointsJson(*m_db, runId) : json::array();
        // Text that is not UTF-8 (a damaged or foreign history) is exported with U+FFFD in place
        // of the bad bytes instead of failing the whole export (found by fuzz_history).
        return doc.dump(2, ' ', false, json::error_handler_t::replace);
    });
}

std::string History::exportMetricsCsv(std::int64_t runId)
{
    requireRun(runId, "exporting the metrics of run " + std::to_string(runId));
    return withContext(m_path, "exporting the metrics of run " + std::to_string(runId), [&] {
        std::ostringstream csv;
        csv.precision(17);
        csv << "run,phase,epoch,split,metric,value\n";
        auto st = m_db->prepare(
            "SELECT phase, epoch, split, metric, value FROM epoch_metrics WHERE run_id = ? "
            "ORDER BY CASE phase WHEN 'teacher' THEN 0 ELSE 1 END, epoch, metric");
        st.bind(1, runId);
        while (st.step()) {
            csv << runId << ',' << csvField(st.getText(0)) << ',' << st.getInt(1) << ','
                << csvField(st.getText(2)) << ',' << csvField(st.getText(3)) << ',';
            if (!st.isNull(4)) {
                csv << st.getDouble(4);
            }
            csv << '\n';
        }
        return csv.str();
    });
}

std::string runsCsv(const std::vector<RunSummary>& runs, const std::vector<std::string>& metrics)
{
    std::ostringstream csv;
    csv.precision(17);
    csv << "id,uuid,name,status,method,created_at";
    for (const auto& m : metrics) {
        csv << ',' << csvField(m);
    }
    csv << '\n';
    for (const auto& r : runs) {
        csv << r.id << ',' << r.uuid << ',' << csvField(r.name) << ',' << csvField(r.status) << ','
            << csvField(r.method) << ',' << csvField(r.createdAt);
        for (const auto& m : metrics) {
            csv << ',';
            if (const auto it = r.finalMetrics.find(m);
                it != r.finalMetrics.end() && std::isfinite(it->second)) {
                csv << it->second;
            }
        }
        csv << '\n';
    }
    return csv.str();
}

std::optional<std::int64_t> runByUuid(Database& db, const std::string& uuid)
{
    auto st = db.prepare("SELECT id FROM runs WHERE uuid = ?");
    st.bind(1, uuid);
    return st.step() ? std::optional<std::int64_t>(st.getInt(0)) : std::nullopt;
}

std::int64_t importRunDocument(Database& db, const std::string& json)
{
    return insertRun(db, RunDocument(json));
}

std::int64_t History::importRunJson(const std::string& text)
{
    const RunDocument d(text);
    const std::string what = "importing run \"" + d.str("name") + "\"";
    checkSameFile(what);
    backUpOnce();
    return withContext(m_path, what, [&] {
        Transaction tx(*m_db);
        const auto id = insertRun(*m_db, d);
        tx.commit();
        return id;
    });
}

} // namespace kdw::store
