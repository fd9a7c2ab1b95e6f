// SPDX-License-Identifier: MIT
// Screenshots of the compare view over a real seed study trained by core into a fresh history
// (tests/ui/compare_fixture.h: for seeds 1-3 a student alone that trains the teacher, and
// soft-target students at T = 1 and T = 4 reusing it; nine runs): the curves grouped by seed with
// min-max bands, the same with ±1 SD bands and smoothing, every run on its own, the differing
// config and the metric table, "is the difference real?", the hyperparameter chart (NDCG@10
// against T), the whole page as one PNG, and the curves in a dark palette. Not a test: run it
// under a display, e.g.
//   xvfb-run -a -s "-screen 0 1920x1080x24" compare_screens OUT_DIR [WxH]
// (both 1280x720 and 1920x1080 without WxH).
#include <cstdio>

#include <QApplication>
#include <QDir>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>

#include "core/store/history.h"
#include "tests/support/screenshots.h"
#include "tests/ui/compare_fixture.h"
#include "ui/compare/compare_curves.h"
#include "ui/compare/compare_view.h"
#include "ui/model/compare_model.h"

namespace {

using kdw::ui::CompareView;

void scrollTo(CompareView& view, const QString& section)
{
    kdw::test::waitFor([] { return false; }, 200); // the layout of the page first
    view.page()->verticalScrollBar()->setValue(view.section(section)->y());
}

bool shoot(CompareView& view, const QSize& size, const QString& out, const QString& stem)
{
    return kdw::test::saveGrab(view, size,
        out + QStringLiteral("/%1-%2x%3.png").arg(stem).arg(size.width()).arg(size.height()));
}

bool scenes(CompareView& view, const QSize& size, const QString& out)
{
    view.setGrouped(true);
    view.setBandKind(kdw::ui::compare::BandKind::MinMax);
    view.curves()->setSmoothing(0.0);
    scrollTo(view, QStringLiteral("curves"));
    bool ok = shoot(view, size, out, QStringLiteral("compare-curves-grouped"));
    view.setBandKind(kdw::ui::compare::BandKind::StdDev);
    view.curves()->setSmoothing(0.6);
    ok = shoot(view, size, out, QStringLiteral("compare-curves-sd-smoothed")) && ok;
    view.curves()->setSmoothing(0.0);
    view.setGrouped(false);
    ok = shoot(view, size, out, QStringLiteral("compare-curves-runs")) && ok;
    view.setGrouped(true);
    view.setBandKind(kdw::ui::compare::BandKind::MinMax);
    scrollTo(view, QStringLiteral("config"));
    ok = shoot(view, size, out, QStringLiteral("compare-config-metrics")) && ok;
    scrollTo(view, QStringLiteral("differences"));
    ok = shoot(view, size, out, QStringLiteral("compare-difference")) && ok;
    view.setDifferenceGroups(2, 1); // T = 4 against T = 1: KL at T is not comparable
    scrollTo(view, QStringLiteral("differences"));
    ok = shoot(view, size, out, QStringLiteral("compare-difference-t4-t1")) && ok;
    view.setHyperField(QStringLiteral("distillation.temperature"));
    view.setHyperMetric(QStringLiteral("ndcg@10"));
    scrollTo(view, QStringLiteral("hyper"));
    ok = shoot(view, size, out, QStringLiteral("compare-hyper")) && ok;
    const auto page
        = out + QStringLiteral("/compare-page-%1x%2.png").arg(size.width()).arg(size.height());
    const auto error = view.exportPage(page);
    std::printf("%s %s\n", error.isEmpty() ? "wrote" : qPrintable(error), qPrintable(page));
    ok = error.isEmpty() && ok;
    QApplication::setPalette(kdw::test::darkPalette());
    scrollTo(view, QStringLiteral("curves"));
    ok = shoot(view, size, out, QStringLiteral("compare-curves-dark")) && ok;
    QApplication::setPalette(QApplication::style()->standardPalette());
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);
    QList<QSize> sizes {QSize(1280, 720), QSize(1920, 1080)};
    if (argc > 2) {
        const auto wh = QString::fromLocal8Bit(argv[2]).split(QLatin1Char('x'));
        sizes = {QSize(wh.value(0).toInt(), wh.value(1).toInt())};
    }
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("history.sqlite"));
    QList<qint64> ids;
    {
        std::printf("training the seed study (9 runs)...\n");
        kdw::store::History h(path.toStdString());
        for (const auto id : kdw::test::trainSeedStudy(h, {1, 2, 3}, {"1", "4"}, 12)) {
            ids << id;
        }
    }
    CompareView view(path);
    view.setWindowTitle(QStringLiteral("Compare runs"));
    bool done = false;
    QObject::connect(&view, &CompareView::compared, &view, [&done] { done = true; });
    view.compare(ids);
    if (!kdw::test::waitFor([&done] { return done; }, 30000)) {
        std::printf("FAILED: the runs were not read\n");
        return 1;
    }
    bool ok = true;
    for (const auto& size : sizes) {
        ok = scenes(view, size, out) && ok;
    }
    return ok ? 0 : 1;
}
