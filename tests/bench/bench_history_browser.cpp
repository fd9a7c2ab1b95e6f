// SPDX-License-Identifier: MIT
// The history browser's filtering at 10,000 runs: a history of synthetic runs written through the
// store's API (tests/ui/history_fixture.h), then each filter of the browser timed two ways, the
// median of 21 repetitions in milliseconds:
//   store   History::queryRuns as the reader issues it (first page of 200, the default columns'
//           config fields, best and final values);
//   model   HistoryTableModel::setFilter until the first page is applied (the request queued to
//           the reader's thread, read, and the rows inserted on this thread's event loop).
// Built with the tests, not run by ctest:
//   build/.../tests/ui/bench_history_browser [--runs N] [--keep PATH]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include "core/store/history.h"
#include "tests/support/timing.h"
#include "tests/ui/history_fixture.h"
#include "ui/history/browser_columns.h"
#include "ui/history/filter_syntax.h"
#include "ui/history/history_table_model.h"
#include "ui/services/history_browser_reader.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

using kdw::test::medianMs;

// The store query the reader makes for `filter` (its page, sort and the default columns' fields).
kdw::store::RunQuery storeQuery(const kdw::ui::BrowserQuery& q)
{
    kdw::store::RunQuery r;
    r.text = q.text.toStdString();
    r.tag = q.tag.toStdString();
    r.method = q.method.toStdString();
    r.status = q.status.toStdString();
    r.createdFrom = q.createdFrom.toStdString();
    r.createdTo = q.createdTo.toStdString();
    if (q.listwise) {
        r.configEquals.emplace_back("distillation.listwise", *q.listwise ? "true" : "false");
    }
    r.sortBy = q.sortBy.toStdString();
    r.descending = q.descending;
    for (const auto& m : q.finalMetrics) {
        r.finalMetrics.push_back(m.toStdString());
    }
    for (const auto& m : q.bestMetrics) {
        r.bestMetrics.push_back(m.toStdString());
    }
    for (const auto& f : q.configFields) {
        r.configFields.push_back(f.toStdString());
    }
    r.limit = kdw::ui::HistoryTableModel::kPageSize;
    return r;
}

// Sets the filter and runs the event loop until the model has applied the first page.
void filterThroughModel(kdw::ui::HistoryTableModel& model, const kdw::ui::BrowserQuery& filter)
{
    QEventLoop loop;
    const auto done = QObject::connect(
        &model, &kdw::ui::HistoryTableModel::pageApplied, &loop, &QEventLoop::quit);
    model.setFilter(filter);
    loop.exec();
    QObject::disconnect(done);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int runs = 10000;
    std::string keep;
    for (int k = 1; k < argc; ++k) {
        if (std::strcmp(argv[k], "--runs") == 0 && k + 1 < argc) {
            runs = std::atoi(argv[++k]);
        } else if (std::strcmp(argv[k], "--keep") == 0 && k + 1 < argc) {
            keep = argv[++k];
        }
    }
    const auto dir
        = fs::temp_directory_path() / ("kdw-bench-browser-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto path = keep.empty() ? (dir / "history.sqlite").string() : keep;
    const auto fillStart = Clock::now();
    {
        kdw::store::History history(path);
        if (history.queryRuns({}).total < runs) {
            kdw::test::fillHistory(
                history, 0, runs, [](int n) { std::fprintf(stderr, "\r%d runs written", n); });
            std::fprintf(stderr, "\n");
        }
    }
    const double fillSeconds = std::chrono::duration<double>(Clock::now() - fillStart).count();

    const char* filters[] = {"", "soft", "tag:lecture", "method:soft_target/listwise",
        "status:cancelled", "method:hint tag:lecture status:finished", "from:2000-01-01 to:2999-12",
        "sweep:none-such", "T=4 method:relation"};
    kdw::store::History history(path);
    kdw::ui::HistoryBrowserReader reader;
    reader.setHistoryPath(QString::fromStdString(path));
    kdw::ui::HistoryTableModel model(reader);
    std::printf("history of %d runs (%.1f MB) written through the store API in %.1f s\n", runs,
        static_cast<double>(fs::file_size(path)) / 1e6, fillSeconds);
    std::printf("%-45s %8s %10s %10s\n", "filter (first page of 200, newest first)", "matches",
        "store ms", "model ms");
    double worst = 0.0;
    for (const char* text : filters) {
        kdw::ui::BrowserQuery q = model.query();
        kdw::ui::applyFilterText(q, QString::fromUtf8(text));
        long long total = 0;
        const double storeMs = medianMs(21, [&] {
            if (q.sweep.isEmpty()) {
                total = history.queryRuns(storeQuery(q)).total;
            } else { // the reader looks the sweep up first; none: no run
                total = history.findSweep(q.sweep.toStdString()) ? -1 : 0;
            }
        });
        kdw::ui::BrowserQuery none = model.query();
        kdw::ui::applyFilterText(none, QStringLiteral("tag:bench-reset"));
        // Each timed filter follows another one, as when a user edits the box.
        std::vector<double> times;
        for (int r = 0; r < 21; ++r) {
            filterThroughModel(model, none);
            const auto start = Clock::now();
            filterThroughModel(model, q);
            times.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        std::sort(times.begin(), times.end());
        const double throughModel = times[times.size() / 2];
        worst = std::max({worst, storeMs, throughModel});
        std::printf("%-45s %8lld %10.2f %10.2f\n", *text != 0 ? text : "(none)", total, storeMs,
            throughModel);
    }
    std::printf(
        "slowest filter: %.2f ms (budget 50 ms): %s\n", worst, worst < 50.0 ? "within" : "OVER");
    if (keep.empty()) {
        fs::remove_all(dir);
    }
    return 0;
}
