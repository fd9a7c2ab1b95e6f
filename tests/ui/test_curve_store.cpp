// SPDX-License-Identifier: MIT
// The curve store and the charts over it, offscreen: points by (run, phase, metric) with coalesced
// change signals and stable colours; smoothing against TensorBoard's formula on a fixed series;
// a chart's empty state, axes, hover text, legend toggles, zoom and coalesced redraws; export of
// PNG (1x, 2x), SVG and CSV, the CSV equal to the store's points.
#include <cmath>
#include <limits>
#include <memory>

#include <QCoreApplication>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QHelpEvent>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QtCharts/QChartView>

#include "ui/charts/chart_board.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/run_chart.h"
#include "ui/charts/smoothing.h"
#include "ui/model/curve_store.h"
#include "ui/queue/runs_panel.h"

using kdw::ui::CurveKey;
using kdw::ui::CurveStore;
using kdw::ui::EpochPoint;
using kdw::ui::RunChart;

namespace {

EpochPoint epoch(const QString& phase, int e, const QMap<QString, double>& metrics)
{
    return {phase, e, metrics};
}

// An NDCG@10 chart over `store`, shown (offscreen) at `size` and drawn.
std::unique_ptr<RunChart> shownNdcgChart(const CurveStore& store, QSize size)
{
    auto chart = std::make_unique<RunChart>(&store,
        kdw::ui::charts::ChartSpec {
            QStringLiteral("ndcg"), QStringLiteral("NDCG"), {QStringLiteral("ndcg@10")}});
    chart->resize(size);
    chart->show();
    chart->redraw();
    return chart;
}

// Two runs of 6 epochs each: a teacher phase of 3 and a student phase of 3.
void fill(CurveStore& store)
{
    for (const qint64 run : {11, 12}) {
        store.setRunLabel(run, QStringLiteral("run %1").arg(run));
        for (int e = 1; e <= 3; ++e) {
            store.append(run,
                epoch(QStringLiteral("teacher"), e,
                    {{QStringLiteral("ndcg@10"), 0.1 * e + 0.01 * static_cast<double>(run)},
                        {QStringLiteral("kl"), 0.0}}));
            store.append(run,
                epoch(QStringLiteral("student"), e,
                    {{QStringLiteral("ndcg@10"), 0.05 * e + 0.01 * static_cast<double>(run)},
                        {QStringLiteral("kl"), 0.004 / e}}));
        }
    }
}

QList<QStringList> readCsv(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return {};
    }
    QList<QStringList> rows;
    for (const auto& line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))) {
        if (!line.isEmpty()) {
            rows.append(line.split(QLatin1Char(',')));
        }
    }
    return rows;
}

} // namespace

class CurveStoreTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void storeKeepsPointsByRunPhaseAndMetric()
    {
        CurveStore store;
        QSignalSpy changed(&store, &CurveStore::changed);
        fill(store);
        QCOMPARE(store.runs(), (QList<qint64> {11, 12}));
        const CurveKey key {12, QStringLiteral("student"), QStringLiteral("ndcg@10")};
        const auto pts = store.points(key);
        QCOMPARE(pts.size(), 3);
        QCOMPARE(pts[1], QPointF(2, 0.05 * 2 + 0.12));
        // Twelve appends, one signal, naming both runs.
        QVERIFY(changed.wait(1000));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().value<QSet<qint64>>(), (QSet<qint64> {11, 12}));

        // The same epoch again (read from the history while also reported live) replaces it.
        store.append(12, epoch(QStringLiteral("student"), 2, {{QStringLiteral("ndcg@10"), 0.5}}));
        QCOMPARE(store.points(key).size(), 3);
        QCOMPARE(store.points(key)[1].y(), 0.5);
        // A non-finite value is left out.
        store.append(12,
            epoch(QStringLiteral("student"), 4,
                {{QStringLiteral("ndcg@10"), std::numeric_limits<double>::quiet_NaN()}}));
        QCOMPARE(store.points(key).size(), 3);

        // Colours stay with their run, also across a removal and a return.
        QCOMPARE(store.colorIndex(11), 0);
        QCOMPARE(store.colorIndex(12), 1);
        store.removeRun(11);
        QVERIFY(store.keys(11).isEmpty());
        store.setRunLabel(13, QStringLiteral("run 13"));
        store.setRun(11, {epoch(QStringLiteral("student"), 1, {{QStringLiteral("f1"), 0.3}})});
        QCOMPARE(store.colorIndex(11), 0);
        QCOMPARE(store.colorIndex(13), 2);
        QCOMPARE(store.keys(11).size(), 1);
    }

    void klAtTIsLeftOutForMethodsWithoutATemperature()
    {
        const auto e = epoch(QStringLiteral("student"), 1,
            {{QStringLiteral("kl"), 0.1}, {QStringLiteral("kl_T"), 0.2}});
        QCOMPARE(kdw::ui::meaningfulMetrics(e, QStringLiteral("soft_target")).metrics.size(), 2);
        QCOMPARE(
            kdw::ui::meaningfulMetrics(e, QStringLiteral("hint+soft_target")).metrics.size(), 2);
        const auto logit = kdw::ui::meaningfulMetrics(e, QStringLiteral("logit_matching"));
        QCOMPARE(logit.metrics.keys(), QStringList {QStringLiteral("kl")});
    }

    void smoothingIsTensorBoardsDebiasedEma()
    {
        // Expected values from TensorBoard's resmoothDataset (vz_line_chart2/line-chart.ts):
        // last = last * w + (1 - w) * y; smoothed = last / (1 - w^n), w = 0.6, computed in Python.
        const QList<double> ys {1.0, 3.0, 2.0, 5.0, 4.0, 4.5, 0.5};
        const QList<double> expected {1.0, 2.25, 2.122448979591837, 3.4448529411764706,
            3.6856349757113116, 4.027322771213749, 2.5757591719560695};
        QList<QPointF> pts;
        for (int k = 0; k < ys.size(); ++k) {
            pts.append(QPointF(k + 1, ys[k]));
        }
        const auto s = kdw::ui::charts::smoothEma(pts, 0.6);
        QCOMPARE(s.size(), ys.size());
        for (int k = 0; k < s.size(); ++k) {
            QCOMPARE(s[k].x(), pts[k].x());
            QVERIFY2(std::abs(s[k].y() - expected[k]) < 1e-12, qPrintable(QString::number(k)));
        }
        QCOMPARE(kdw::ui::charts::smoothEma(pts, 0.0), pts); // weight 0: the raw curve
        const QList<QPointF> flat {{1, 0.7}, {2, 0.7}, {3, 0.7}};
        QCOMPARE(kdw::ui::charts::smoothEma(flat, 0.9), flat); // constant: unchanged
        // The weight is clamped to 0.99: 0.999 gives 0.99's values.
        QCOMPARE(kdw::ui::charts::smoothEma(pts, 0.999), kdw::ui::charts::smoothEma(pts, 0.99));
    }

    void chartShowsAnEmptyStateThenSensibleAxes()
    {
        CurveStore store;
        RunChart chart(&store,
            {QStringLiteral("kl"), QStringLiteral("KL"),
                {QStringLiteral("kl"), QStringLiteral("kl_T")}});
        chart.resize(400, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.isEmpty());
        fill(store);
        QTRY_VERIFY(!chart.isEmpty());
        const auto r = chart.ranges();
        QVERIFY2(r[2] >= 0.0, "a divergence's axis never goes below zero");
        QVERIFY(r[3] >= 0.004);
        QVERIFY(r[0] <= 1.0 && r[1] >= 3.0);
        // Hover: every curve's value at the epoch; two runs x two phases of kl.
        const QString hover = chart.hoverText(2);
        QCOMPARE(hover.count(QStringLiteral("■")), 4);
        QVERIFY(hover.contains(QStringLiteral("0.0020")));
        // The legend: the two runs by colour and the two phases by line style; hiding a run
        // hides its curves from the chart and the hover text.
        QCOMPARE(chart.legendNames(),
            (QStringList {QStringLiteral("run 11"), QStringLiteral("run 12"),
                QStringLiteral("teacher"), QStringLiteral("student")}));
        chart.setCurveVisible(QStringLiteral("run 11"), false);
        QCOMPARE(chart.hoverText(2).count(QStringLiteral("■")), 2);
        chart.setCurveVisible(QStringLiteral("teacher"), false);
        QCOMPARE(chart.hoverText(2).count(QStringLiteral("■")), 1);
    }

    // The x axis' title sits under the plot in every chart: in the log-scale chart (Distillation
    // terms) "epoch" stayed at the scene's top-left, over the chart (seen in every window
    // screenshot): its epoch axis never had its ticks set, and Qt 6.4 never laid its title out.
    void theEpochTitleIsUnderThePlotInALogChart()
    {
        CurveStore store;
        RunChart chart(&store,
            {QStringLiteral("terms"), QStringLiteral("Distillation terms"),
                {QStringLiteral("kl"), QStringLiteral("kl_T")}, true});
        chart.resize(400, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        fill(store);
        QTRY_VERIFY(!chart.isEmpty());
        chart.redraw();
        QTest::qWait(50);
        auto* view = chart.findChild<QChartView*>();
        QVERIFY(view != nullptr);
        const QRectF plot = view->chart()->plotArea();
        int titles = 0;
        for (auto* item : view->scene()->items()) {
            auto* text = dynamic_cast<QGraphicsTextItem*>(item);
            if (text == nullptr || !text->isVisible()
                || text->toPlainText() != QStringLiteral("epoch")) {
                continue;
            }
            ++titles;
            const QRectF at = text->sceneBoundingRect();
            QVERIFY2(at.top() >= plot.bottom() - 1.0,
                qPrintable(QStringLiteral("an 'epoch' title at (%1, %2), the plot ends at y %3")
                               .arg(at.left())
                               .arg(at.top())
                               .arg(plot.bottom())));
        }
        QCOMPARE(titles, 1);
    }

    void zoomSurvivesNewPointsUntilReset()
    {
        CurveStore store;
        fill(store);
        RunChart chart(
            &store, {QStringLiteral("ndcg"), QStringLiteral("NDCG"), {QStringLiteral("ndcg@10")}});
        chart.resize(400, 300);
        chart.show();
        chart.redraw();
        chart.zoomTo(1.5, 2.5, 0.2, 0.3);
        store.append(11, epoch(QStringLiteral("student"), 4, {{QStringLiteral("ndcg@10"), 0.9}}));
        QTest::qWait(100);
        // The zoom (widened to nice ticks) holds: epoch 4 and its 0.9 stay outside.
        const auto zoomed = chart.ranges();
        QVERIFY(zoomed[0] <= 1.5 && zoomed[1] >= 2.5 && zoomed[1] < 4.0);
        QVERIFY(zoomed[2] <= 0.2 && zoomed[3] >= 0.3 && zoomed[3] < 0.9);
        chart.resetZoom();
        QVERIFY(!chart.zoomed());
        QVERIFY(chart.ranges()[1] >= 4.0);
        QVERIFY(chart.ranges()[3] >= 0.9);
    }

    // Issue 14: a box dragged on NDCG narrowed x but widened y from 0-0.5 to 0-0.8 (whole steps
    // of a coarse tick). The zoomed y range is the box's, give or take 15% of it, and never
    // wider than the view before.
    void zoomShowsTheBoxYRange()
    {
        CurveStore store;
        store.setRunLabel(1, QStringLiteral("run 1"));
        for (int e = 1; e <= 10; ++e) {
            store.append(
                1, epoch(QStringLiteral("student"), e, {{QStringLiteral("ndcg@10"), 0.05 * e}}));
        }
        const auto owned = shownNdcgChart(store, QSize(260, 200)); // few y intervals: coarse
        RunChart& chart = *owned;
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const auto before = chart.ranges();
        QCOMPARE(before[2], 0.0);
        QCOMPARE(before[3], 0.5);
        chart.zoomTo(2.0, 8.0, 0.05, 0.45);
        auto r = chart.ranges();
        QVERIFY2(r[2] >= 0.0 && r[2] <= 0.05, qPrintable(QString::number(r[2])));
        QVERIFY2(r[3] >= 0.45 && r[3] <= 0.5, qPrintable(QString::number(r[3])));
        chart.zoomTo(2.0, 8.0, 0.12, 0.31);
        r = chart.ranges();
        const double margin = 0.15 * (0.31 - 0.12) + 1e-9;
        QVERIFY2(r[2] >= 0.12 - margin && r[2] <= 0.12, qPrintable(QString::number(r[2])));
        QVERIFY2(r[3] >= 0.31 && r[3] <= 0.31 + margin, qPrintable(QString::number(r[3])));
        QVERIFY(r[3] - r[2] < before[3] - before[2]);
    }

    // Issue 14: a chart of 16 runs exported as PNG showed 6 legend entries, cut at "med · T=4 ·".
    // The export copy lays the legend out with every entry and the image has the asked size.
    void exportShowsEveryLegendEntry()
    {
        QTemporaryDir dir;
        CurveStore store;
        for (qint64 run = 1; run <= 16; ++run) {
            store.setRunLabel(run, QStringLiteral("T=%1 · soft targets · student med").arg(run));
            for (int e = 1; e <= 3; ++e) {
                store.append(run,
                    epoch(QStringLiteral("student"), e,
                        {{QStringLiteral("ndcg@10"), 0.01 * run + 0.02 * e}}));
            }
        }
        const auto owned = shownNdcgChart(store, QSize(371, 198)); // the newcomer's size
        RunChart& chart = *owned;
        QVERIFY(!chart.legendFits()); // on screen, two lines hold only some of the 16 runs
        const auto copy = chart.exportCopy();
        QCOMPARE(copy->size(), QSize(1600, 900));
        QCOMPARE(copy->legendNames().size(), 16);
        QVERIFY(copy->legendFits());
        const QString png = dir.filePath(QStringLiteral("ndcg.png"));
        QCOMPARE(chart.exportPng(png, 2.0), QString());
        QCOMPARE(QImage(png).size(), QSize(3200, 1800));
    }

    // Issue 14: hovering the plot showed the metric's definition, not the values. Over the plot
    // the tooltip is the values at the epoch; the definition stays the view's own tooltip.
    void hoverOverThePlotShowsValues()
    {
        CurveStore store;
        fill(store);
        const auto chart = shownNdcgChart(store, QSize(420, 300));
        QVERIFY(QTest::qWaitForWindowExposed(chart.get()));
        QWidget* view = nullptr;
        for (auto* w : chart->findChildren<QWidget*>()) {
            if (w->toolTip().contains(QStringLiteral("NDCG"))) {
                view = w;
            }
        }
        QVERIFY(view != nullptr);
        const QPoint centre = view->rect().center();
        QHelpEvent help(QEvent::ToolTip, centre, view->mapToGlobal(centre));
        QCoreApplication::sendEvent(view, &help);
        const QString shown = QToolTip::text();
        QVERIFY2(shown.contains(QStringLiteral("epoch")), qPrintable(shown));
        QVERIFY(shown.contains(QStringLiteral("■")));
        QVERIFY(!shown.contains(QStringLiteral("normalised")));
    }

    void redrawsAreCoalesced()
    {
        CurveStore store;
        RunChart chart(
            &store, {QStringLiteral("ndcg"), QStringLiteral("NDCG"), {QStringLiteral("ndcg@10")}});
        chart.show();
        const int before = chart.redrawCount();
        QElapsedTimer clock;
        clock.start();
        for (int e = 1; e <= 300; ++e) {
            store.append(1, epoch(QStringLiteral("student"), e, {{QStringLiteral("ndcg@10"), e}}));
            QCoreApplication::processEvents(); // every store signal is delivered
        }
        QTest::qWait(60);
        const int redraws = chart.redrawCount() - before;
        // At most one redraw per 40 ms (and one at the end).
        QVERIFY2(redraws <= clock.elapsed() / 40 + 2,
            qPrintable(QStringLiteral("%1 redraws in %2 ms").arg(redraws).arg(clock.elapsed())));
        QCOMPARE(chart.curves().first().raw.size(), 300);
    }

    void exportWritesPngSvgAndTheStoresPointsAsCsv()
    {
        QTemporaryDir dir;
        CurveStore store;
        fill(store);
        RunChart chart(
            &store, {QStringLiteral("ndcg"), QStringLiteral("NDCG"), {QStringLiteral("ndcg@10")}});
        chart.resize(420, 300);
        chart.show();
        chart.setSmoothing(0.5);
        QTRY_VERIFY(!chart.isEmpty());
        const QString png = dir.filePath(QStringLiteral("ndcg.png"));
        const QString png2 = dir.filePath(QStringLiteral("ndcg@2x.png"));
        const QString svg = dir.filePath(QStringLiteral("ndcg.svg"));
        const QString csv = dir.filePath(QStringLiteral("ndcg.csv"));
        QCOMPARE(chart.exportPng(png, 1.0), QString());
        QCOMPARE(chart.exportPng(png2, 2.0), QString());
        QCOMPARE(chart.exportSvg(svg), QString());
        QCOMPARE(chart.exportCsv(csv), QString());
        // Issue 14: the export is drawn at a fixed size, not grabbed at the widget's 420 x 300.
        QCOMPARE(QImage(png).size(), QSize(1600, 900));
        QCOMPARE(QImage(png2).size(), QSize(3200, 1800));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("viewBox=\"0 0 1600 900\""));

        const auto rows = readCsv(csv);
        QCOMPARE(rows.first(),
            (QStringList {QStringLiteral("run_id"), QStringLiteral("run"), QStringLiteral("phase"),
                QStringLiteral("metric"), QStringLiteral("epoch"), QStringLiteral("value"),
                QStringLiteral("smoothed")}));
        QCOMPARE(rows.size(), 1 + 2 * 2 * 3); // two runs, two phases, three epochs
        for (int k = 1; k < rows.size(); ++k) {
            const auto& row = rows[k];
            const CurveKey key {row[0].toLongLong(), row[2], row[3]};
            const auto pts = store.points(key);
            const auto smoothed = kdw::ui::charts::smoothEma(pts, 0.5);
            const int at = row[4].toInt() - 1;
            QCOMPARE(row[5].toDouble(), pts[at].y()); // bit-exact: 17 significant digits
            QCOMPARE(row[6].toDouble(), smoothed[at].y());
        }

        kdw::ui::ChartBoard board(&store);
        board.resize(1200, 700);
        board.show();
        const QString all = dir.filePath(QStringLiteral("all.png"));
        QCOMPARE(board.exportAll(all, 1.0), QString());
        QVERIFY(!QImage(all).isNull());
        QCOMPARE(board.charts().size(), 7);
    }
};

QTEST_MAIN(CurveStoreTest)
#include "test_curve_store.moc"
