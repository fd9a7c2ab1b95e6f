// SPDX-License-Identifier: MIT
// The stall measurement of the responsiveness benchmark works: a 200 ms block injected on the GUI
// thread is seen as a stall of about 200 ms, and the block is the longest stall of the run.
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include "tests/ui/stall_monitor.h"

class StallTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void anInjected200MsBlockIsMeasured()
    {
        kdw::test::StallMonitor monitor;
        monitor.start();
        QTimer::singleShot(100, this, [] { QThread::msleep(200); });
        QTest::qWait(500);
        monitor.stop();
        QVERIFY(monitor.ticks() > 20);
        QVERIFY2(monitor.longest() >= 190.0 && monitor.longest() < 300.0,
            qPrintable(QStringLiteral("longest stall %1 ms").arg(monitor.longest())));
        // One tick saw the block; the median tick saw none of it.
        QVERIFY(monitor.percentile(0.5) < 20.0);
        QCOMPARE(monitor.percentile(1.0), monitor.longest());
        // A sleep is no computing: the GUI thread's busy part of that stall is small.
        QVERIFY2(monitor.longestBusy() < 50.0, qPrintable(QString::number(monitor.longestBusy())));
    }
};

QTEST_MAIN(StallTest)
#include "test_stall.moc"
