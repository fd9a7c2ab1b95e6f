// SPDX-License-Identifier: MIT
// Listing runs: the query builder (filters, sort by a column or a metric, paging) and the tags and
// final metrics loaded with each page.
#include <algorithm>
#include <map>

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
    if (q.sweepId != 0) {
        f.where += " AND runs.sweep_id = ?";
        f.sweepId = q.sweepId;
    }
    return f;
}

// The ORDER BY of a query, and the join a sort by a metric needs (its parameter: the metric).
struct Order {
    std::string join;
    std::string by;
};

Order orderOf(const RunQuery& q)
{
    static const std::map<std::string, std::string> kColumns {{"id", "runs.id"},
        {"name", "runs.name COLLATE NOCASE"}, {"created", "runs.created_at"},
        {"status", "runs.status"}, {"method", "runs.method"}, {"duration", "runs.duration_s"}};
    const std::string dir = q.descending ? " DESC" : " ASC";
    if (const auto it = kColumns.find(q.sortBy); it != kColumns.end()) {
        return {"", it->second + dir + ", runs.id" + dir};
    }
    // A metric: the student's final value; runs without it last in either direction.
    return {std::string(" LEFT JOIN run_metrics sm ON sm.run_id = runs.id AND sm.phase = '")
            + kStudent + "' AND sm.metric = ?",
        "sm.final_value IS NULL, sm.final_value" + dir + ", runs.id" + dir};
}

// Binds the filter's parameters (after the sort metric when `sortMetric`); returns the next index.
int bindFilter(Statement& st, const Filter& f, const std::string* sortMetric)
{
    int k = 1;
    if (sortMetric != nullptr) {
        st.bind(k++, *sortMetric);
    }
    for (const auto& p : f.params) {
        st.bind(k++, p);
    }
    if (f.sweepId) {
        st.bind(k++, *f.sweepId);
    }
    return k;
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
        const int k = bindFilter(st, filter, order.join.empty() ? nullptr : &q.sortBy);
        if (q.limit > 0) {
            st.bind(k, q.limit);
            st.bind(k + 1, std::max(0, q.offset));
        }
        while (st.step()) {
            page.runs.push_back(readSummary(st));
        }
        loadTagsAndFinals(page.runs, q.finalMetrics);
        return page;
    });
}

} // namespace kdw::store
