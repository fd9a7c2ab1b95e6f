// SPDX-License-Identifier: MIT
// The dataset panel offscreen: a small file's statistics against values counted by hand, the
// first rows with their columns named by role, catalogueKnown; Cancel stops a long read; a
// malformed file's problem names its line next to the file field and is reported (it blocks Run);
// moving a synthetic slider is one edit.
#include <fstream>

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "ui/charts/bar_chart.h"
#include "ui/designer/dataset_panel.h"

using kdw::ui::DatasetPanel;

namespace {

kdw::train::DatasetConfig fileConfig(const QString& path)
{
    kdw::train::DatasetConfig c;
    c.source = "csv";
    c.path = path.toStdString();
    c.evalNegatives = 3;
    c.validationNegatives = 1;
    return c;
}

void write(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
}

} // namespace

class DatasetPanelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void smallFileStatisticsCountedByHand()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("small.csv"));
        // Users 10, 20, 30, 40 with 3, 1, 6 and 2 interactions over items 1..7; user 10 rates
        // item 1 twice (merged into one positive).
        write(path,
            "user,item,rating,time\n10,1,4,100\n10,2,5,101\n10,3,3,102\n20,1,4,103\n"
            "30,1,1,104\n30,2,2,105\n30,3,3,106\n30,4,4,107\n30,5,5,108\n30,6,4,109\n"
            "40,7,3,110\n40,1,2,111\n10,1,5,112\n");
        DatasetPanel panel;
        QSignalSpy catalogue(&panel, &DatasetPanel::catalogueKnown);
        QSignalSpy finished(&panel, &DatasetPanel::loadFinished);
        QSignalSpy edited(&panel, &DatasetPanel::datasetEdited);
        panel.setDataset(fileConfig(path));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(edited.count(), 0); // setDataset is not an edit
        QCOMPARE(catalogue.count(), 1);
        QCOMPARE(catalogue.at(0).at(0).toLongLong(), 4LL);
        QCOMPARE(catalogue.at(0).at(1).toLongLong(), 7LL);

        const auto& s = panel.summary()->statistics;
        QCOMPARE(s.users, 4);
        QCOMPARE(s.items, 7);
        QCOMPARE(s.interactions, 12LL); // 13 rows, one repeated pair
        QCOMPARE(panel.summary()->rawInteractions, 13LL);
        QCOMPARE(s.density, 12.0 / 28.0);
        QCOMPARE(s.medianPerUser, 2.5);
        QVERIFY2(panel.statisticsText().contains(QStringLiteral("42.86 %")),
            qPrintable(panel.statisticsText()));
        QVERIFY(panel.statisticsText().contains(QStringLiteral("<b>12</b> interactions")));
        // Histogram: [1] user 20; [2-4] users 40 and 10; [5-9] user 30.
        QCOMPARE(panel.histogram()->values(), (QList<double> {1.0, 2.0, 1.0}));

        // The first rows as parsed, columns named by role.
        auto* table = panel.preview();
        QCOMPARE(table->columnCount(), 4);
        QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("user"));
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("item"));
        QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("rating"));
        QCOMPARE(table->horizontalHeaderItem(3)->text(), QStringLiteral("timestamp"));
        QCOMPARE(table->rowCount(), 12); // kPreviewRows of the 13
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("10"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("5"));
        QCOMPARE(table->item(1, 3)->text(), QStringLiteral("101"));
        // The protocol and the split: the user with one interaction is not evaluated; the
        // reader's note about the header is shown.
        QCOMPARE(panel.summary()->evaluatedUsers, 3LL);
        QVERIFY(!panel.summary()->notes.isEmpty());
    }

    void cancelStopsALoad()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("big.data"));
        {
            std::ofstream out(path.toStdString(), std::ios::binary);
            for (int k = 0; k < 1500000; ++k) {
                out << k % 5000 << '\t' << k % 7919 << "\t3\t" << k << '\n';
            }
        }
        DatasetPanel panel;
        QSignalSpy catalogue(&panel, &DatasetPanel::catalogueKnown);
        QSignalSpy finished(&panel, &DatasetPanel::loadFinished);
        auto config = fileConfig(path);
        config.source = "movielens";
        panel.setDataset(config);
        QVERIFY(panel.isLoading());
        QVERIFY(panel.cancelButton()->isEnabled());
        // Cancel once the read is under way (the progress bar has moved).
        auto* bar = panel.findChild<QProgressBar*>();
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0 || !finished.isEmpty(), 20000);
        QVERIFY2(finished.isEmpty(), "the read ended before it could be cancelled");
        QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!panel.isLoading());
        QVERIFY(panel.message().contains(QStringLiteral("cancelled")));
        QVERIFY(!panel.summary().has_value());
        QTest::qWait(200);
        QCOMPARE(catalogue.count(), 0); // nothing was read to the end
    }

    void malformedFileNamesTheLine()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("bad.csv"));
        write(path, "1,10,4\n2,11,5\n3,12,x\n4,13,2\n");
        DatasetPanel panel;
        panel.show();
        QSignalSpy finished(&panel, &DatasetPanel::loadFinished);
        QSignalSpy problems(&panel, &DatasetPanel::problemsChanged);
        panel.setDataset(fileConfig(path));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        // Said next to the file field, in the form's words, and reported to block Run.
        auto* pathField = panel.findChild<QWidget*>(QStringLiteral("datasetPath"));
        QLabel* note = nullptr;
        for (auto* label : panel.findChildren<QLabel*>(QStringLiteral("problemNote"))) {
            if (label->isVisible()) {
                QVERIFY2(note == nullptr, "the problem is said once");
                note = label;
            }
        }
        QVERIFY(pathField != nullptr && note != nullptr);
        QCOMPARE(note->parentWidget(), pathField->parentWidget()); // a row of the file's form
        QVERIFY2(
            note->text().startsWith(QStringLiteral("Ratings file: ")), qPrintable(note->text()));
        QVERIFY2(note->text().contains(QStringLiteral("bad.csv line 3")), qPrintable(note->text()));
        QVERIFY(note->text().contains(QStringLiteral("'x' is not a number")));
        QCOMPARE(panel.problems(), QStringList {note->text()});
        QCOMPARE(problems.count(), 1);
        QCOMPARE(problems.at(0).at(0).toStringList(), panel.problems());
        // A good file clears it.
        write(path, "1,10,4\n2,11,5\n3,12,3\n4,13,2\n1,11,3\n2,12,4\n3,13,5\n4,10,1\n");
        panel.reload();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.last().at(0).toBool(), true);
        QVERIFY(panel.problems().isEmpty());
        QVERIFY(!note->isVisible());
        QCOMPARE(problems.last().at(0).toStringList(), QStringList());
    }

    void syntheticSliderIsOneEditAndReloads()
    {
        DatasetPanel panel;
        kdw::train::DatasetConfig c;
        c.synthetic.users = 200;
        c.synthetic.items = 300;
        QSignalSpy finished(&panel, &DatasetPanel::loadFinished);
        QSignalSpy edited(&panel, &DatasetPanel::datasetEdited);
        QSignalSpy catalogue(&panel, &DatasetPanel::catalogueKnown);
        panel.setDataset(c);
        QVERIFY(finished.wait(20000));
        QCOMPARE(panel.summary()->statistics.users, 200);
        auto* users = panel.findChildren<QSlider*>().at(0);
        users->setValue(250);
        QCOMPARE(edited.count(), 1);
        const auto config = edited.at(0).at(0).value<kdw::train::DatasetConfig>();
        QCOMPARE(config.synthetic.users, 250);
        QCOMPARE(edited.at(0).at(1).toString(), QStringLiteral("synthetic users"));
        QTRY_VERIFY_WITH_TIMEOUT(catalogue.count() == 2, 20000);
        QCOMPARE(catalogue.at(1).at(0).toLongLong(), 250LL);
    }
};

QTEST_MAIN(DatasetPanelTest)
#include "test_dataset_panel.moc"
