// SPDX-License-Identifier: MIT
// Load (issue 17, part 5): 8 runs training at once on one history, 4 on the GUI's run queue and 4
// in a separate `kdw sweep --jobs 4` process, while a history browser on the same history, filled
// beforehand with 10,000 runs, is filtered over and over. Checks that no request failed, nothing
// said "database is locked", no row was lost (every new run finished with all its epochs, every
// fixture run kept its rows), and measures the GUI thread's longest stall
// (tests/ui/stall_monitor.h).
//   load_test [--runs N] [--epochs E] [--check]
//     --runs N    fixture runs written first (default 10,000)
//     --epochs E  teacher and student epochs of each of the 8 runs (default 8)
// Prints its figures; exits 1 when a check failed. The ctest runs it bounded (--runs 1000
// --epochs 3); the benchmark run is the default.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include <QApplication>
#include <QEventLoop>
#include <QLineEdit>
#include <QProcess>
#include <QTimer>

#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/support/configs.h"
#include "tests/ui/history_fixture.h"
#include "tests/ui/stall_monitor.h"
#include "ui/history/history_browser.h"
#include "ui/history/history_table_model.h"
#include "ui/services/history_browser_reader.h"
#include "ui/services/run_queue.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
    int runs = 10000;
    int epochs = 8;
};

Options parse(int argc, char** argv)
{
    Options o;
    for (int k = 1; k + 1 < argc; ++k) {
        if (std::strcmp(argv[k], "--runs") == 0) {
            o.runs = std::atoi(argv[++k]);
        } else if (std::strcmp(argv[k], "--epochs") == 0) {
            o.epochs = std::atoi(argv[++k]);
        }
    }
    return o;
}

// The 8 runs' experiment: a few seconds each on a shared core.
kdw::train::ExperimentConfig loadConfig(int epochs, int seed)
{
    auto c = kdw::test::tinyConfig("soft_target");
    c.name = "load queue " + std::to_string(seed);
    c.seed = static_cast<std::uint64_t>(seed);
    c.dataset.synthetic.users = 300;
    c.dataset.synthetic.items = 400;
    c.teacher.training.epochs = epochs;
    c.student.training.epochs = epochs;
    return c;
}

long long count(const std::string& db, const std::string& sql)
{
    kdw::store::Database d(db, kdw::store::Database::Mode::ReadOnly);
    auto st = d.prepare(sql);
    return st.step() ? st.getInt(0) : -1;
}

struct Outcome {
    std::vector<QString> problems;
    void fail(const QString& what)
    {
        problems.push_back(what);
        std::printf("FAILED: %s\n", what.toUtf8().constData());
    }
};

// Every new run finished with its 2 x `epochs` epochs; the fixture runs kept their rows.
void checkRows(const std::string& db, const Options& o, Outcome& out)
{
    kdw::store::History h(db);
    const auto total = h.queryRuns({}).total;
    if (total != o.runs + 8) {
        out.fail(QStringLiteral("%1 runs in the history, expected %2").arg(total).arg(o.runs + 8));
    }
    kdw::store::RunQuery q;
    q.text = "load";
    for (const auto& r : h.queryRuns(q).runs) {
        const auto epochs = h.epochs(r.id).size();
        if (r.status != "finished" || epochs != static_cast<std::size_t>(2 * o.epochs)) {
            out.fail(QStringLiteral("run %1 (%2): %3 with %4 epochs: %5")
                         .arg(r.id)
                         .arg(QString::fromStdString(r.name), QString::fromStdString(r.status))
                         .arg(epochs)
                         .arg(QString::fromStdString(r.message)));
        }
    }
    const auto fixtureRows
        = count(db, "SELECT count(*) FROM epoch_metrics WHERE run_id <= " + std::to_string(o.runs));
    if (fixtureRows != 4LL * o.runs) { // 2 epochs x 2 metrics each
        out.fail(QStringLiteral("the fixture runs hold %1 epoch rows, expected %2")
                     .arg(fixtureRows)
                     .arg(4LL * o.runs));
    }
    if (count(db, "SELECT count(*) FROM runs WHERE status <> 'finished' AND status <> 'cancelled'")
        != 0) {
        out.fail(QStringLiteral("some run is not finished"));
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    const Options o = parse(argc, argv);
    const auto dir = fs::temp_directory_path() / ("kdw-load-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto db = (dir / "history.sqlite").string();
    const auto fillStart = Clock::now();
    {
        kdw::store::History h(db);
        kdw::test::fillHistory(h, 0, o.runs);
    }
    std::printf("history of %d runs written in %.1f s\n", o.runs,
        std::chrono::duration<double>(Clock::now() - fillStart).count());

    Outcome out;
    kdw::ui::HistoryBrowserReader reader;
    reader.setHistoryPath(QString::fromStdString(db));
    QObject::connect(&reader, &kdw::ui::HistoryBrowserReader::failed, &app,
        [&](const QString& m) { out.fail("the browser's reader: " + m); });
    kdw::ui::HistoryBrowser browser(reader);
    browser.resize(1100, 700);
    browser.show();

    kdw::test::StallMonitor monitor;
    monitor.start();
    const auto start = Clock::now();

    // kdw sweep --jobs 4 in its own process: 4 independent runs (method none, 4 seeds).
    QProcess sweep;
    sweep.setProcessChannelMode(QProcess::MergedChannels);
    const QString e = QString::number(o.epochs);
    sweep.start(QStringLiteral(KDW_BINARY),
        {"sweep", "--db", QString::fromStdString(db), "--name", "load sweep", "--methods", "none",
            "--seeds", "0,1,2,3", "--jobs", "4", "--set", "dataset.synthetic.users=300", "--set",
            "dataset.synthetic.items=400", "--set", "teacher.training.epochs=" + e, "--set",
            "student.training.epochs=" + e, "--set", "threads=1"});

    kdw::ui::RunQueue queue(QString::fromStdString(db));
    queue.setConcurrency(4);
    int ended = 0;
    QObject::connect(&queue, &kdw::ui::RunQueue::ended, &app,
        [&](qint64, qint64 runId, const QString& status, const QString& message) {
            ++ended;
            if (status != QStringLiteral("finished")) {
                out.fail(QStringLiteral("queue run %1 %2: %3").arg(runId).arg(status, message));
            }
        });
    for (int s = 0; s < 4; ++s) {
        queue.enqueue(loadConfig(o.epochs, 10 + s));
    }

    // The browser is filtered over and over while the 8 runs train: a new filter typed every
    // 400 ms (the box waits 200 ms after the last key before it filters); each applied page is
    // timed from the typing, that wait included.
    const QStringList filters {"soft", "tag:lecture", "method:soft_target/listwise",
        "status:cancelled", "method:hint tag:lecture status:finished", "T=4 method:relation",
        "load", ""};
    int typed = 0;
    std::vector<double> filterMs;
    auto typedAt = Clock::now();
    QObject::connect(browser.model(), &kdw::ui::HistoryTableModel::pageApplied, &app, [&] {
        filterMs.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - typedAt).count());
    });
    QTimer typing;
    typing.setInterval(400);
    QObject::connect(&typing, &QTimer::timeout, &app, [&] {
        typedAt = Clock::now();
        browser.filterBox()->setText(filters[typed++ % filters.size()]);
    });
    typing.start();

    QEventLoop loop;
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (ended == 4 && sweep.state() == QProcess::NotRunning) {
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    typing.stop();
    monitor.stop();
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();

    const QString sweepText = QString::fromUtf8(sweep.readAll());
    if (sweep.exitStatus() != QProcess::NormalExit || sweep.exitCode() != 0) {
        out.fail("kdw sweep exited " + QString::number(sweep.exitCode()) + ": " + sweepText);
    }
    if (sweepText.contains(QStringLiteral("locked"))) {
        out.fail("kdw sweep said: " + sweepText);
    }
    for (const auto& p : out.problems) {
        if (p.contains(QStringLiteral("locked"))) {
            std::printf("a 'database is locked' was seen\n");
        }
    }
    checkRows(db, o, out);
    std::sort(filterMs.begin(), filterMs.end());
    std::printf("8 runs (4 queue + kdw sweep --jobs 4, %d+%d epochs each) trained in %.1f s on a "
                "history of %d runs\n",
        o.epochs, o.epochs, secs, o.runs);
    std::printf("browser filters typed meanwhile: %d, pages applied: %zu (from the typing, "
                "debounce included: median %.1f ms, slowest %.1f ms)\n",
        typed, filterMs.size(), filterMs.empty() ? 0.0 : filterMs[filterMs.size() / 2],
        filterMs.empty() ? 0.0 : filterMs.back());
    std::printf("GUI thread stalls over %zu ticks of 5 ms: longest %.1f ms, p99 %.1f ms; of which "
                "computing on the GUI thread: longest %.1f ms, p99 %.1f ms\n",
        monitor.ticks(), monitor.longest(), monitor.percentile(0.99), monitor.longestBusy(),
        monitor.busyPercentile(0.99));
    std::printf("load: %s\n",
        out.problems.empty() ? "no error, no lost row, no 'database is locked'" : "FAILED");
    browser.close();
    fs::remove_all(dir);
    return out.problems.empty() ? 0 : 1;
}
