// SPDX-License-Identifier: MIT
// The canary of the tsan preset: a real data race between a QThread and the main thread, on an
// int of ours (no lock, no atomic), beside a queued signal like the run queue's. ThreadSanitizer
// must report it with the options ctest --preset tsan gives (ignore_noninstrumented_modules=1,
// which quiets the reports inside Debian's uninstrumented Qt): if those options ever hid races in
// our own code, the test sanitizers.tsan_sees_a_race (tests/sanitizers/sanitizers.cmake) fails.
// Exit status 0 from the program itself; the test reads TSan's report on stderr.
#include <atomic>

#include <QCoreApplication>
#include <QThread>
#include <QTimer>

namespace {

int g_unguarded = 0; // written by the worker thread and read by the main thread: the race
// Relaxed flags (they order nothing for TSan, as for the CPU): the worker has written; the main
// thread has read, and only then may the worker end. Both accesses happen whatever the timing (the
// canary failed once under load when the worker ended before the main thread's first read).
std::atomic<bool> g_written {false};
std::atomic<bool> g_read {false};

class Worker : public QObject {
    Q_OBJECT
public:
    void run()
    {
        for (int k = 0; k < 1000; ++k) {
            g_unguarded = g_unguarded + 1;
        }
        g_written.store(true, std::memory_order_relaxed);
        while (!g_read.load(std::memory_order_relaxed)) {
            QThread::yieldCurrentThread();
        }
        Q_EMIT done(QStringLiteral("done"));
    }
Q_SIGNALS:
    void done(const QString& message);
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QThread thread;
    Worker worker;
    worker.moveToThread(&thread);
    QObject::connect(&thread, &QThread::started, &worker, &Worker::run);
    QObject::connect(&worker, &Worker::done, &app, [&](const QString&) {
        thread.quit();
        thread.wait();
        app.quit();
    });
    thread.start();
    QTimer::singleShot(0, &app, [] {
        while (!g_written.load(std::memory_order_relaxed)) {
            QThread::yieldCurrentThread();
        }
        volatile int sum = 0;
        for (int k = 0; k < 1000; ++k) {
            sum = sum + g_unguarded;
        }
        g_read.store(true, std::memory_order_relaxed);
    });
    return app.exec();
}

#include "tsan_canary.moc"
