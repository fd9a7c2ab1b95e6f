// SPDX-License-Identifier: MIT
// The history at 10,000 runs: how long filtering, sorting and paging the run list takes, and
// loading one run's curves. Built with the tests, not run by ctest:
//   build/test/tests/bench_store [--runs N] [--json]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

#include "core/common/random.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/support/timing.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

using kdw::test::medianMs;

} // namespace

int main(int argc, char** argv)
{
    int runs = 10000;
    bool json = false;
    for (int k = 1; k < argc; ++k) {
        if (std::strcmp(argv[k], "--json") == 0) {
            json = true;
        } else if (std::strcmp(argv[k], "--runs") == 0 && k + 1 < argc) {
            runs = std::atoi(argv[++k]);
        }
    }
    const auto dir = fs::temp_directory_path() / ("kdw-bench-store-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto path = (dir / "history.sqlite").string();
    kdw::store::History history(path);
    auto& db = history.database();

    // Fill: every run 10 student epochs of 12 metrics; every 50th run also 40 teacher and 40
    // student epochs (a long run, the one whose curves are loaded); methods, statuses and tags
    // spread over the runs.
    const char* methods[] = {
        "none", "soft_target", "logit_matching", "hint", "relation", "ranking", "hint+soft_target"};
    const char* statuses[]
        = {"finished", "finished", "finished", "cancelled", "failed", "diverged", "interrupted"};
    const char* metrics[] = {"train_loss", "val_loss", "accuracy", "precision", "recall", "f1",
        "auc", "hr@10", "ndcg@10", "kl", "kl_T", "hard_loss"};
    kdw::Rng rng(7);
    const auto fillStart = Clock::now();
    std::int64_t longRun = 0;
    {
        kdw::store::Transaction tx(db);
        auto run = db.prepare("INSERT INTO runs (uuid, name, created_at, started_at, status, "
                              "method, seed) VALUES (?, ?, ?, ?, ?, ?, ?)");
        auto configRow = db.prepare("INSERT INTO run_configs (run_id, config) VALUES (?, ?)");
        auto row = db.prepare("INSERT INTO epoch_metrics (run_id, phase, epoch, metric, split, "
                              "value) VALUES (?, ?, ?, ?, ?, ?)");
        auto summary
            = db.prepare("INSERT OR REPLACE INTO run_metrics (run_id, phase, metric, final_value, "
                         "final_epoch, best_value, best_epoch) VALUES (?, ?, ?, ?, ?, ?, ?)");
        auto tag = db.prepare("INSERT INTO run_tags (run_id, tag) VALUES (?, ?)");
        const std::string config(1500, 'x'); // a config document's typical size
        for (int r = 0; r < runs; ++r) {
            const std::string method = methods[r % 7];
            char created[32];
            std::snprintf(created, sizeof created, "2026-%02d-%02dT%02d:%02d:00Z", 1 + r % 11,
                1 + r % 28, r % 24, r % 60);
            char uuid[40];
            std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", r);
            run.bind(1, std::string(uuid))
                .bind(2,
                    "run " + std::to_string(r) + " " + method + " T=" + std::to_string(1 + r % 8))
                .bind(3, std::string(created))
                .bind(4, std::string(created))
                .bind(5, std::string(statuses[r % 7]))
                .bind(6, method)
                .bind(7, r);
            run.run();
            const auto id = db.lastInsertId();
            configRow.bind(1, id).bind(2, config).run();
            if (r % 10 == 0) {
                tag.bind(1, id).bind(2, "lecture").run();
            }
            const bool isLong = r % 50 == 0;
            longRun = isLong ? id : longRun;
            for (const char* phase : {"teacher", "student"}) {
                const int epochs = isLong ? 40 : (std::strcmp(phase, "student") == 0 ? 10 : 0);
                for (const char* m : metrics) {
                    double last = 0.0;
                    for (int e = 1; e <= epochs; ++e) {
                        last = rng.uniform();
                        row.bind(1, id)
                            .bind(2, std::string(phase))
                            .bind(3, e)
                            .bind(4, std::string(m))
                            .bind(5,
                                std::string(
                                    std::strstr(m, "loss") != nullptr ? "train" : "validation"))
                            .bind(6, last);
                        row.run();
                    }
                    if (epochs > 0) {
                        summary.bind(1, id)
                            .bind(2, std::string(phase))
                            .bind(3, std::string(m))
                            .bind(4, last)
                            .bind(5, epochs)
                            .bind(6, last)
                            .bind(7, epochs);
                        summary.run();
                    }
                }
            }
        }
        tx.commit();
    }
    db.exec("ANALYZE");
    const double fillSeconds = std::chrono::duration<double>(Clock::now() - fillStart).count();

    using kdw::store::RunQuery;
    struct Case {
        const char* name;
        RunQuery query;
    };
    std::vector<Case> cases;
    {
        RunQuery q;
        q.text = "soft";
        q.sortBy = "hr@10";
        q.limit = 100;
        cases.push_back({"text 'soft', sort by final hr@10, first 100", q});
    }
    {
        RunQuery q;
        q.method = "hint";
        q.status = "finished";
        q.sortBy = "created";
        q.limit = 100;
        cases.push_back({"method hint + status finished, sort by date, first 100", q});
    }
    {
        RunQuery q;
        q.tag = "lecture";
        q.sortBy = "ndcg@10";
        q.descending = false;
        q.offset = 500;
        q.limit = 100;
        cases.push_back({"tag lecture, sort by ndcg@10, page 6", q});
    }
    {
        RunQuery q;
        q.createdFrom = "2026-03-01";
        q.createdTo = "2026-06-30";
        q.sortBy = "name";
        q.limit = 100;
        cases.push_back({"created Mar-Jun, sort by name, first 100", q});
    }
    {
        RunQuery q;
        q.sortBy = "kl";
        cases.push_back({"every run, sort by final kl, all final metrics", q});
        q.finalMetrics = {"hr@10", "ndcg@10", "f1", "kl"};
        cases.push_back({"every run, sort by final kl, the 4 shown metrics", q});
    }
    std::vector<std::pair<std::string, double>> results;
    long long lastTotal = 0;
    for (const auto& c : cases) {
        const double ms = medianMs(21, [&] { lastTotal = history.queryRuns(c.query).total; });
        results.emplace_back(c.name, ms);
    }
    std::size_t curvePoints = 0;
    const double curvesMs = medianMs(51, [&] {
        const auto e = history.epochs(longRun);
        curvePoints = e.size();
    });
    const auto bytes = fs::file_size(path);
    if (json) {
        std::printf("{\"runs\": %d, \"file_mb\": %.1f, \"fill_s\": %.2f, \"queries_ms\": {", runs,
            bytes / 1e6, fillSeconds);
        for (std::size_t k = 0; k < results.size(); ++k) {
            std::printf(
                "%s\"%s\": %.3f", k == 0 ? "" : ", ", results[k].first.c_str(), results[k].second);
        }
        std::printf("}, \"curves_ms\": %.3f, \"curve_epochs\": %zu}\n", curvesMs, curvePoints);
    } else {
        std::printf(
            "history with %d runs (%.1f MB, filled in %.2f s)\n", runs, bytes / 1e6, fillSeconds);
        for (const auto& [name, ms] : results) {
            std::printf("  %-58s %8.2f ms (median of 21)\n", name.c_str(), ms);
        }
        std::printf("  %-58s %8.2f ms (median of 51, %zu epochs x 12 metrics)\n",
            "curves of one run", curvesMs, curvePoints);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}
