// SPDX-License-Identifier: MIT
// Listing runs: the query builder (filters, sort by a column or a metric, paging) and the tags and
// final metrics loaded with each page.
#include <algorithm>
#include <map>
#include <string_view>

#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "core/store/store_context.h"

namespace kdw::store {
namespace {

constexpr const char* kStudent = "student";

// "?, ?, ?" for n parameters.
std::string placeholders(std::size_t n)
{
    std::string s;
    for (std::size_t k = 0; k < n; ++k) {
        s += k == 0 ? "?" : ", ?";
    }
    return s;
}

constexpr std::string_view kBestPrefix = "best:";
constexpr std::string_view kConfigPrefix = "config:";

// SQLite's JSON path of a config field: "distillation.temperature" -> "$.distillation.temperature".
std::string jsonPath(const std::string& field)
{
    return "$." + field;
}

// The WHERE clause of a query and its parameters, in order.
struct Filter {
    std::string where = " WHERE 1";
    std::vector<std::string> params;
    std::optional<std::int64_t> sweepId; // bound after the text parameters

    void add(const std::string& clause, const std::string& value, int times = 1)
    {
        where += clause;
        params.insert(params.end(), static_cast<std::size_t>(times), value);
    }
};

Filter filterOf(const RunQuery& q)
{
    Filter f;
    if (!q.text.empty()) {
        f.add(" AND (instr(lower(runs.name), lower(?)) OR instr(lower(runs.notes), lower(?)) OR "
              "instr(lower(runs.method), lower(?)) OR runs.uuid = ?)",
            q.text, 4);
    }
    if (!q.tag.empty()) {
        f.add(
            " AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = runs.id AND t.tag = ?)", q.tag);
    }
    if (!q.method.empty()) {
        f.add(" AND runs.method = ?", q.method);
    }
    if (!q.status.empty()) {
        f.add(" AND runs.status = ?", q.status);
    }
    if (!q.createdFrom.empty()) {
        f.add(" AND runs.created_at >= ?", q.createdFrom);
    }
    if (!q.createdTo.empty()) {
        f.add(" AND substr(runs.created_at, 1, length(?)) <= ?", q.createdTo, 2);
    }
    for (const auto& [path, value] : q.configEquals) {
        f.where += " AND (SELECT json_extract(c.config, ?) FROM run_configs c WHERE c.run_id = "
                   "runs.id) IS json_extract(?, '$')";
        f.params.push_back(jsonPath(path));
        f.params.push_back(value);
    }
    if (q.sweepId != 0) {
        f.where += " AND runs.sweep_id = ?";
        f.sweepId = q.sweepId;
    }
    return f;
}

// The ORDER BY of a query, and the join a sort by a metric or a config field needs (with its one
// parameter, bound before the filter's).
struct Order {
    std::string join;
    std::string by;
    std::string param;
};

Order orderOf(const RunQuery& q)
{
    static const std::map<std::string, std::string> kColumns {{"id", "runs.id"},
        {"name", "runs.name COLLATE NOCASE"}, {"created", "runs.created_at"},
        {"status", "runs.status"}, {"method", "runs.method"}, {"duration", "runs.duration_s"},
        {"seed", "runs.seed"}, {"teacher", "runs.teacher_run"},
        {"notes", "runs.notes COLLATE NOCASE"},
        {"tags",
            "(SELECT group_concat(t.tag, ',') FROM (SELECT tag FROM run_tags WHERE run_id = "
            "runs.id "
            "ORDER BY tag) t)"}};
    const std::string dir = q.descending ? " DESC" : " ASC";
    if (const auto it = kColumns.find(q.sortBy); it != kColumns.end()) {
        return {"", it->second + dir + ", runs.id" + dir, ""};
    }
    const std::string_view sort = q.sortBy;
    if (sort.starts_with(kConfigPrefix)) {
        return {" LEFT JOIN (SELECT run_id, json_extract(config, ?) AS v FROM run_configs) sc ON "
                "sc.run_id = runs.id",
            "sc.v IS NULL, sc.v" + dir + ", runs.id" + dir,
            jsonPath(std::string(sort.substr(kConfigPrefix.size())))};
    }
    // A metric: the student's final (or best) value; runs without it last in either direction.
    const bool best = sort.starts_with(kBestPrefix);
    const std::string column = best ? "sm.best_value" : "sm.final_value";
    return {std::string(" LEFT JOIN run_metrics sm ON sm.run_id = runs.id AND sm.phase = '")
            + kStudent + "' AND sm.metric = ?",
        column + " IS NULL, " + column + dir + ", runs.id" + dir,
        best ? std::string(sort.substr(kBestPrefix.size())) : q.sortBy};
}

// Binds the filter's parameters (after the sort's when `sortParam`); returns the next index.
int bindFilter(Statement& st, const Filter& f, const std::string* sortParam)
{
    int k = 1;
    if (sortParam != nullptr) {
        st.bind(k++, *sortParam);
    }
    for (const auto& p : f.params) {
        st.bind(k++, p);
    }
    if (f.sweepId) {
        st.bind(k++, *f.sweepId);
    }
    return k;
}

// A page of runs by id: a page by its ids, a long list (limit 0) by its id range (rows of other
// runs then skipped by find()).
class PageIds {
public:
    explicit PageIds(std::vector<RunSummary>& runs)
        : m_runs(runs)
        , m_few(runs.size() <= 500)
    {
        for (auto& r : runs) {
            m_byId[r.id] = &r;
        }
    }
    // " IN (?, ?)" or " BETWEEN ? AND ?", for "... WHERE run_id" + sql().
    [[nodiscard]] std::string sql() const
    {
        return m_few ? " IN (" + placeholders(m_runs.size()) + ")" : " BETWEEN ? AND ?";
    }
    void bind(Statement& st, int k) const
    {
        if (!m_few) {
            st.bind(k, m_byId.begin()->first).bind(k + 1, m_byId.rbegin()->first);
            return;
        }
        for (const auto& r : m_runs) {
            st.bind(k++, r.id);
        }
    }
    // The run of the row's first column; null for a run not in the page.
    [[nodiscard]] RunSummary* find(const Statement& st) const
    {
        const auto it = m_byId.find(st.getInt(0));
        return it == m_byId.end() ? nullptr : it->second;
    }

private:
    std::vector<RunSummary>& m_runs;
    bool m_few;
    std::map<std::int64_t, RunSummary*> m_byId;
};

void loadBests(Database& db, const PageIds& page, const std::vector<std::string>& metrics)
{
    auto st = db.prepare(
        std::string("SELECT run_id, metric, best_value FROM run_metrics WHERE phase = '") + kStudent
        + "' AND metric IN (" + placeholders(metrics.size()) + ") AND run_id" + page.sql());
    int k = 1;
    for (const auto& m : metrics) {
        st.bind(k++, m);
    }
    page.bind(st, k);
    while (st.step()) {
        if (auto* r = page.find(st); r != nullptr && !st.isNull(2)) {
            r->bestMetrics[st.getText(1)] = st.getDouble(2);
        }
    }
}

void loadConfigFields(Database& db, const PageIds& page, const std::vector<std::string>& fields)
{
    auto st = db.prepare(
        "SELECT run_id, json_extract(config, ?) FROM run_configs WHERE run_id" + page.sql());
    for (const auto& field : fields) {
        st.bind(1, jsonPath(field));
        page.bind(st, 2);
        while (st.step()) {
            if (auto* r = page.find(st); r != nullptr && !st.isNull(1)) {
                r->configValues[field] = st.getText(1);
            }
        }
        st.reset();
    }
}

// The best values and config fields the query asks for, for a page of runs.
void loadBestsAndConfig(Database& db, std::vector<RunSummary>& runs, const RunQuery& q)
{
    if (runs.empty() || (q.bestMetrics.empty() && q.configFields.empty())) {
        return;
    }
    const PageIds page(runs);
    if (!q.bestMetrics.empty()) {
        loadBests(db, page, q.bestMetrics);
    }
    if (!q.configFields.empty()) {
        loadConfigFields(db, page, q.configFields);
    }
}

} // namespace

void History::loadTagsAndFinals(
    std::vector<RunSummary>& runs, const std::vector<std::string>& metrics)
{
    if (runs.empty()) {
        return;
    }
    std::map<std::int64_t, RunSummary*> byId;
    std::int64_t lo = runs.front().id;
    std::int64_t hi = lo;
    for (auto& r : runs) {
        byId[r.id] = &r;
        lo = std::min(lo, r.id);
        hi = std::max(hi, r.id);
    }
    auto tags = m_db->prepare(
        "SELECT run_id, tag FROM run_tags WHERE run_id BETWEEN ? AND ? ORDER BY tag");
    tags.bind(1, lo).bind(2, hi);
    while (tags.step()) {
        if (auto it = byId.find(tags.getInt(0)); it != byId.end()) {
            it->second->tags.push_back(tags.getText(1));
        }
    }
    // Final metrics of the student phase, from the per-run summary table: by run for a page, by
    // metric (through the (phase, metric) index) for a long list of named metrics.
    const auto keep = [&](Statement& st) {
        while (st.step()) {
            if (auto it = byId.find(st.getInt(0)); it != byId.end() && !st.isNull(2)) {
                it->second->finalMetrics[st.getText(1)] = st.getDouble(2);
            }
        }
    };
    const std::string select
        = std::string("SELECT run_id, metric, final_value FROM run_metrics WHERE phase = '")
        + kStudent + "' AND ";
    if (runs.size() > 200 && !metrics.empty()) {
        auto fm = m_db->prepare(select + "metric = ?");
        for (const auto& m : metrics) {
            fm.bind(1, m);
            keep(fm);
            fm.reset();
        }
        return;
    }
    const bool few = runs.size() <= 200;
    std::string sql = select
        + (few ? "run_id IN (" + placeholders(runs.size()) + ")" : "run_id BETWEEN ? AND ?");
    if (!metrics.empty()) {
        sql += " AND metric IN (" + placeholders(metrics.size()) + ")";
    }
    auto fm = m_db->prepare(sql);
    int k = 1;
    if (few) {
        for (const auto& r : runs) {
            fm.bind(k++, r.id);
        }
    } else {
        fm.bind(k++, lo);
        fm.bind(k++, hi);
    }
    for (const auto& m : metrics) {
        fm.bind(k++, m);
    }
    keep(fm);
}

std::vector<RunSummary> History::listRuns()
{
    return queryRuns({}).runs;
}

RunPage History::queryRuns(const RunQuery& q)
{
    return withContext(m_path, "listing runs", [&] {
        const Filter filter = filterOf(q);
        const Order order = orderOf(q);
        RunPage page;
        auto count = m_db->prepare("SELECT count(*) FROM runs" + filter.where);
        bindFilter(count, filter, nullptr);
        count.step();
        page.total = count.getInt(0);
        std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM runs" + order.join
            + filter.where + " ORDER BY " + order.by;
        if (q.limit > 0) {
            sql += " LIMIT ? OFFSET ?";
        }
        auto st = m_db->prepare(sql);
        const int k = bindFilter(st, filter, order.join.empty() ? nullptr : &order.param);
        if (q.limit > 0) {
            st.bind(k, q.limit);
            st.bind(k + 1, std::max(0, q.offset));
        }
        while (st.step()) {
            page.runs.push_back(readSummary(st));
        }
        loadTagsAndFinals(page.runs, q.finalMetrics);
        loadBestsAndConfig(*m_db, page.runs, q);
        return page;
    });
}

} // namespace kdw::store
