// SPDX-License-Identifier: MIT
// The responsiveness benchmark (issue 14, item 4): the real window offscreen (its run queue dock),
// six runs queued with two training at once while their curves update, and the event loop's longest
// and 99th-percentile stall measured over the whole time (StallMonitor: a 5 ms precise timer's
// lateness). Prints the figures, the runs' count, the epochs drawn and the machine's load. Not a
// test: run it by hand,
//   QT_QPA_PLATFORM=offscreen stall_bench [--epochs N]
// The runs are the bundled demo's experiment (resources/examples/demo.json) on two seeds and three
// temperatures, each seed's teacher trained once; --epochs caps each phase's epochs (default 6).
#include <cstdio>

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "core/common/compute_threads.h"
#include "core/train/config.h"
#include "tests/support/screenshots.h"
#include "tests/ui/stall_monitor.h"
#include "ui/charts/chart_board.h"
#include "ui/queue/runs_panel.h"
#include "ui/queue/sweep_plan.h"
#include "ui/services/run_queue.h"
#include "ui/shell/main_window.h"

namespace {

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly)
        ? QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2)
        : QStringLiteral("unknown");
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    int epochs = 6;
    for (int k = 1; k + 1 < argc; ++k) {
        if (QString::fromLatin1(argv[k]) == QLatin1String("--epochs")) {
            epochs = QString::fromLatin1(argv[k + 1]).toInt();
        }
    }
    QTemporaryDir dir;
    kdw::ui::MainWindow window(dir.filePath(QStringLiteral("bench.sqlite")));
    window.openStartupConfig(QStringLiteral(KDW_SOURCE_DIR "/resources/examples/demo.json"));
    auto* panel = window.runsPanel(); // the window's own run queue and charts
    if (auto* dock = window.findChild<QDockWidget*>(QStringLiteral("queueDock"))) {
        dock->raise(); // its tab in front: the charts are painted while they update
    }
    window.resize(1280, 720);
    window.show();
    kdw::test::waitFor([] { return false; }, 500); // the window's first layout and history read

    auto base = kdw::train::loadConfigFile(KDW_SOURCE_DIR "/resources/examples/demo.json");
    base.teacher.training.epochs = std::min(base.teacher.training.epochs, epochs);
    base.student.training.epochs = std::min(base.student.training.epochs, epochs);
    panel->setExperiment(base);
    panel->board()->setSmoothing(0.6);
    panel->queue()->setConcurrency(2);
    kdw::test::StallMonitor monitor;
    monitor.start();
    QElapsedTimer clock;
    clock.start();
    int epochsDrawn = 0;
    QObject::connect(panel->queue(), &kdw::ui::RunQueue::epochFinished, panel,
        [&epochsDrawn] { ++epochsDrawn; });
    const auto configs
        = kdw::ui::sweepConfigs(base, kdw::ui::sweepFields().front(), {1.0, 2.0, 4.0}, {0, 1});
    for (const auto& c : configs) {
        panel->enqueue(c);
    }
    const bool done
        = kdw::test::waitFor([&] { return panel->queue()->activeCount() == 0; }, 3'600'000);
    monitor.stop();
    std::printf("stall_bench: %zu runs, 2 at once (%d compute thread(s) each, %d cores), %d epochs "
                "drawn in %.1f s%s\n",
        configs.size(), kdw::computeThreadsPerRun(2, base.threads), kdw::availableCores(),
        epochsDrawn, static_cast<double>(clock.elapsed()) / 1000.0, done ? "" : " (TIMED OUT)");
    std::printf("stall_bench: event-loop stall longest %.1f ms, p99 %.1f ms, median %.1f ms over "
                "%zu ticks of 5 ms\n",
        monitor.longest(), monitor.percentile(0.99), monitor.percentile(0.5), monitor.ticks());
    std::printf("stall_bench: of which the GUI thread computed: longest %.1f ms, p99 %.1f ms (the "
                "rest it waited for a core the machine's other work held)\n",
        monitor.longestBusy(), monitor.busyPercentile(0.99));
    std::printf(
        "stall_bench: load average (1, 5, 15 min) at the end: %s\n", qPrintable(loadAverage()));
    return done ? 0 : 1;
}
