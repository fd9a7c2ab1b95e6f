// SPDX-License-Identifier: MIT
// Screenshots of the run queue and the live charts (issue 14): four runs queued, two training at
// once (two seeds, each seed's second run waiting for its teacher), one paused; the charts mid-run
// with smoothing 0.6; the NDCG chart zoomed; a hover tooltip on it. At 1280x720 and 1920x1080, in
// a light and a dark palette. Not a test: run it under a display, e.g.
//   xvfb-run -a -s "-screen 0 1920x1080x24" queue_screens OUT_DIR
#include <cstdio>

#include <QApplication>
#include <QPainter>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QToolTip>

#include "tests/support/screenshots.h"
#include "tests/ui/screens_experiment.h"
#include "ui/charts/chart_board.h"
#include "ui/charts/run_chart.h"
#include "ui/model/run_queue_model.h"
#include "ui/queue/runs_panel.h"
#include "ui/queue/sweep_plan.h"
#include "ui/services/run_queue.h"

namespace {

kdw::train::ExperimentConfig base()
{
    return kdw::test::screensExperiment();
}

QString file(const QString& out, const QString& stem, const QSize& size, const QString& theme)
{
    return QStringLiteral("%1/%2-%3x%4-%5.png")
        .arg(out, stem)
        .arg(size.width())
        .arg(size.height())
        .arg(theme);
}

// The chart with the hover tooltip at `epoch` drawn over it where the mouse would show it.
bool hoverShot(kdw::ui::RunChart& chart, int epoch, const QString& path)
{
    chart.showHover(epoch);
    kdw::test::waitFor([] { return false; }, 400);
    QImage image = chart.grab().toImage();
    for (auto* w : QApplication::topLevelWidgets()) {
        if (w->inherits("QTipLabel") && w->isVisible()) {
            QPainter p(&image);
            const QPoint at = chart.mapFromGlobal(w->pos());
            p.drawPixmap(at.x() + w->width() > image.width() ? image.width() - w->width() : at.x(),
                std::max(0, at.y()), w->grab());
        }
    }
    QToolTip::hideText();
    const bool ok = image.save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

bool shots(kdw::ui::RunsPanel& panel, const QString& out, const QString& theme)
{
    bool ok = true;
    panel.board()->setSmoothing(0.6);
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
        ok = kdw::test::saveGrab(
                 panel, size, file(out, QStringLiteral("queue-charts"), size, theme))
            && ok;
    }
    auto* ndcg = panel.board()->chart(QStringLiteral("ndcg"));
    ndcg->resize(640, 420);
    const auto r = ndcg->ranges();
    ndcg->zoomTo(2.0, std::max(6.0, r[1] - 2.0), 0.2, 0.45); // the runs' middle epochs
    ok = ndcg->grab().save(QStringLiteral("%1/ndcg-zoomed-%2.png").arg(out, theme)) && ok;
    ndcg->resetZoom();
    ok = hoverShot(*ndcg, 6, QStringLiteral("%1/ndcg-hover-%2.png").arg(out, theme)) && ok;
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QTemporaryDir dir;
    kdw::ui::RunsPanel panel(dir.filePath(QStringLiteral("screens.sqlite")));
    panel.setWindowTitle(QStringLiteral("KD Workbench: run queue"));
    panel.queue()->setConcurrency(2);
    const auto& t = kdw::ui::sweepFields().front();
    panel.setExperiment(base());
    for (const auto& c : kdw::ui::sweepConfigs(base(), t, {2.0, 4.0}, {1, 2})) {
        panel.enqueue(c);
    }
    panel.resize(1280, 720);
    panel.show();
    // Mid-run: the first two runs well into their students, then the second one paused.
    bool ok = kdw::test::waitFor(
        [&] {
            return panel.queueModel()->progress(0) > 0.2 && panel.queueModel()->progress(2) > 0.15;
        },
        600000);
    panel.queue()->pause(4); // a queued run held back; the two seeds' first runs keep training
    ok = shots(panel, out, QStringLiteral("light")) && ok;
    QApplication::setPalette(kdw::test::darkPalette());
    ok = shots(panel, out, QStringLiteral("dark")) && ok;
    panel.queue()->shutdown();
    return ok ? 0 : 1;
}
