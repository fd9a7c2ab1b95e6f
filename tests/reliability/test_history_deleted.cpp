// SPDX-License-Identifier: MIT
// The history deleted while the GUI has it open (issue 17, part 4), through the GUI's services: the
// history browser's reader and the run queue. Each gives a clear message naming the deletion and
// nothing crashes; a run that was training ends `failed` with that message.
#include <filesystem>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

#include "core/store/history.h"
#include "tests/support/configs.h"
#include "ui/services/history_browser_reader.h"
#include "ui/services/run_queue.h"

namespace {

namespace fs = std::filesystem;

void removeHistory(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path + suffix);
    }
}

} // namespace

class HistoryDeleted : public QObject {
    Q_OBJECT

private:
    fs::path m_dir;
    std::string m_db;

private Q_SLOTS:
    void init()
    {
        m_dir = fs::temp_directory_path() / ("kdw-deleted-" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_db = (m_dir / "history.sqlite").string();
    }
    void cleanup() { fs::remove_all(m_dir); }

    void theBrowsersEditsSayTheFileWasDeleted()
    {
        {
            kdw::store::History h(m_db);
            for (int k = 0; k < 3; ++k) {
                kdw::store::NewRun run;
                run.name = "run " + std::to_string(k);
                run.method = "none";
                run.configJson = "{}";
                h.finishRun(h.createRun(run), "finished", 1.0);
            }
        }
        kdw::ui::HistoryBrowserReader reader;
        reader.setHistoryPath(QString::fromStdString(m_db));
        QSignalSpy pages(&reader, &kdw::ui::HistoryBrowserReader::pageLoaded);
        QSignalSpy failed(&reader, &kdw::ui::HistoryBrowserReader::failed);
        QSignalSpy edited(&reader, &kdw::ui::HistoryBrowserReader::edited);
        reader.fetchPage(1, {}, 0, 50);
        QVERIFY(pages.wait(10000));
        QCOMPARE(pages.last().at(0).value<kdw::ui::BrowserPage>().total, 3);

        removeHistory(m_db);
        reader.setNotes(1, QStringLiteral("written after the file was deleted"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size() + edited.size(), 1, 10000);
        QCOMPARE(edited.size(), 0);
        const QString message = failed.last().at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("the history file was deleted while it was open")),
            qPrintable(message));
        QVERIFY(!fs::exists(m_db)); // the edit did not bring back an empty file

        // Reading goes on from what is still open, or says why it cannot: either way an answer.
        reader.fetchPage(2, {}, 0, 50);
        QTRY_VERIFY_WITH_TIMEOUT(pages.size() == 2 || failed.size() == 2, 10000);
    }

    void aTrainingRunEndsFailedSayingTheFileWasDeleted()
    {
        auto config = kdw::test::tinyConfig("soft_target");
        config.teacher.training.epochs = 200; // long enough to be deleted under
        kdw::ui::RunQueue queue(QString::fromStdString(m_db));
        QSignalSpy epochs(&queue, &kdw::ui::RunQueue::epochFinished);
        QSignalSpy ended(&queue, &kdw::ui::RunQueue::ended);
        queue.enqueue(config);
        QVERIFY(epochs.wait(30000));
        removeHistory(m_db);
        QVERIFY(ended.wait(60000));
        const QString status = ended.last().at(2).toString();
        const QString message = ended.last().at(3).toString();
        QCOMPARE(status, QStringLiteral("failed"));
        QVERIFY2(message.contains(QStringLiteral("the history file was deleted while it was open")),
            qPrintable(message));
        QVERIFY(epochs.size() < 200);
        QCOMPARE(queue.activeCount(), 0);
    }
};

QTEST_GUILESS_MAIN(HistoryDeleted)
#include "test_history_deleted.moc"
