// SPDX-License-Identifier: MIT
// Screenshots of the real main window (issues 14 and 15 together): a history of a few earlier
// runs, then two runs queued from the designer training at once (two seeds) with a third
// waiting; the window at 1280x720 and 1100x720 with the run queue in front and smoothing 0.6 on
// the charts, then with the history browser in front and an earlier run selected (its curves
// drawn beside the live ones); the NDCG chart zoomed; a hover tooltip on it. Light palette; then
// the same charts in the dark theme (1280x720, 1100x720) and in presentation mode, and first the
// empty window before any run (light and dark). Not a test: run it under a display
// (tests/ui/screens/run_screens.sh does), e.g.
//   xvfb-run -a -s "-screen 0 1280x720x24" window_screens OUT_DIR
#include <algorithm>
#include <cstdio>

#include <QApplication>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QPainter>
#include <QScrollArea>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolTip>

#include "core/store/history.h"
#include "tests/support/screenshots.h"
#include "tests/ui/history_fixture.h"
#include "tests/ui/screens_experiment.h"
#include "ui/charts/chart_board.h"
#include "ui/charts/run_chart.h"
#include "ui/history/history_browser.h"
#include "ui/history/history_table_model.h"
#include "ui/model/experiment_document.h"
#include "ui/model/run_queue_model.h"
#include "ui/queue/runs_panel.h"
#include "ui/services/run_queue.h"
#include "ui/shell/appearance.h"
#include "ui/shell/main_window.h"

namespace {

kdw::train::ExperimentConfig experiment(std::uint64_t seed)
{
    auto c = kdw::test::screensExperiment();
    c.name = "soft targets T=4 seed " + std::to_string(seed);
    c.seed = seed;
    c.teacher.training.epochs = 10;
    c.distillation.temperature = 4.0;
    return c;
}

bool save(QWidget& w, const QString& path)
{
    kdw::test::waitFor([] { return false; }, 500); // layouts and coalesced redraws settle
    const bool ok = w.grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

// The window at 1280x720 and 1100x720 as `<prefix>-WxH.png`; left at 1280x720.
bool saveAtBothSizes(QWidget& w, const QString& prefix)
{
    bool ok = true;
    for (const QSize size : {QSize(1280, 720), QSize(1100, 720)}) {
        w.resize(size);
        ok = save(
                 w, QStringLiteral("%1-%2x%3.png").arg(prefix).arg(size.width()).arg(size.height()))
            && ok;
    }
    w.resize(1280, 720);
    return ok;
}

// The window with the chart's hover tooltip at `epoch` drawn where the mouse would show it.
bool hoverShot(
    kdw::ui::MainWindow& window, kdw::ui::RunChart& chart, int epoch, const QString& path)
{
    chart.showHover(epoch);
    kdw::test::waitFor([] { return false; }, 400);
    QImage image = window.grab().toImage();
    for (auto* w : QApplication::topLevelWidgets()) {
        if (w->inherits("QTipLabel") && w->isVisible()) {
            QPainter p(&image);
            const QPoint at = window.mapFromGlobal(w->pos());
            p.drawPixmap(std::min(at.x(), image.width() - w->width()),
                std::clamp(at.y(), 0, std::max(0, image.height() - w->height())), w->grab());
        }
    }
    QToolTip::hideText();
    const bool ok = image.save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

void raiseDock(kdw::ui::MainWindow& w, const char* name)
{
    if (auto* dock = w.findChild<QDockWidget*>(QString::fromLatin1(name))) {
        dock->raise();
    }
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QStandardPaths::setTestModeEnabled(true); // a first start: default layout and choices
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QTemporaryDir dir;
    const auto db = dir.filePath(QStringLiteral("window.sqlite"));
    {
        kdw::store::History h(db.toStdString());
        kdw::test::fillHistory(h, 0, 24); // earlier runs, to browse
    }
    kdw::ui::MainWindow w(db);
    w.document()->load(experiment(1), QStringLiteral("screens"));
    w.resize(1280, 720);
    w.show();
    auto* panel = w.runsPanel();
    panel->queue()->setConcurrency(2);
    panel->board()->setSmoothing(0.6);
    bool ok = kdw::test::waitFor([&] { return w.historyBrowser() != nullptr; }, 10000);
    // Before any run: empty charts (no ticks), in both themes.
    w.appearance()->setTheme(kdw::ui::Theme::Light);
    ok = save(w, QStringLiteral("%1/window-empty-1280x720.png").arg(out)) && ok;
    w.appearance()->setTheme(kdw::ui::Theme::Dark);
    ok = save(w, QStringLiteral("%1/window-empty-dark-1280x720.png").arg(out)) && ok;
    w.appearance()->setTheme(kdw::ui::Theme::Light);
    w.addToQueue();
    w.document()->setSeed(2);
    w.addToQueue();
    w.document()->setSeed(3);
    w.addToQueue(); // waits for a slot
    ok = kdw::test::waitFor(
             [&] {
                 return panel->queueModel()->progress(0) > 0.25
                     && panel->queueModel()->progress(1) > 0.2;
             },
             900000)
        && ok;
    raiseDock(w, "queueDock");
    ok = saveAtBothSizes(w, out + QStringLiteral("/window-training")) && ok;
    raiseDock(w, "historyDock");
    auto* browser = w.historyBrowser();
    kdw::test::waitFor([&] { return browser->model()->rowCount() >= 24; }, 10000);
    browser->view()->selectionModel()->select(browser->model()->index(3, 0),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    ok = save(w, QStringLiteral("%1/window-history-1280x720.png").arg(out)) && ok;

    auto* ndcg = panel->board()->chart(QStringLiteral("ndcg"));
    const auto r = ndcg->ranges();
    ndcg->zoomTo(2.0, std::max(6.0, r[1] - 2.0), r[2] + 0.1 * (r[3] - r[2]), r[3]);
    ok = save(*ndcg, QStringLiteral("%1/window-ndcg-zoomed.png").arg(out)) && ok;
    ndcg->resetZoom();
    raiseDock(w, "queueDock");
    for (auto* p = ndcg->parentWidget(); p != nullptr; p = p->parentWidget()) {
        if (auto* scroll = qobject_cast<QScrollArea*>(p)) {
            scroll->ensureWidgetVisible(ndcg); // the third row of charts, scrolled to
            break;
        }
    }
    ok = hoverShot(w, *ndcg, 8, QStringLiteral("%1/window-ndcg-hover-1280x720.png").arg(out)) && ok;
    // The dark theme at both sizes, then presentation mode (larger fonts and lines, advanced
    // controls hidden) for a projector.
    w.appearance()->setTheme(kdw::ui::Theme::Dark);
    ok = saveAtBothSizes(w, out + QStringLiteral("/window-dark")) && ok;
    w.appearance()->setPresentationMode(true);
    ok = save(w, QStringLiteral("%1/window-presentation-dark-1280x720.png").arg(out)) && ok;
    w.appearance()->setTheme(kdw::ui::Theme::Light);
    ok = save(w, QStringLiteral("%1/window-presentation-1280x720.png").arg(out)) && ok;
    // Leave the settings as a first start finds them.
    w.appearance()->setPresentationMode(false);
    w.appearance()->setTheme(kdw::ui::Theme::System);
    panel->queue()->shutdown();
    return ok ? 0 : 1;
}
