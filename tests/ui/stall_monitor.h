// SPDX-License-Identifier: MIT
// Measures how long the GUI thread's event loop is kept from running: a precise 5 ms timer on that
// thread notes how late each tick comes; a tick's lateness beyond its interval is a stall (the
// time during which no event, a repaint or a click, could have been handled). Used by the
// responsiveness benchmark (stall_bench.cpp) and checked by test_stall.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace kdw::test {

class StallMonitor : public QObject {
public:
    explicit StallMonitor(int intervalMs = 5, QObject* parent = nullptr)
        : QObject(parent)
        , m_interval(intervalMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double now = static_cast<double>(m_clock.nsecsElapsed()) * 1e-6;
            const double cpu = threadCpuMs();
            const double stall = std::max(0.0, now - m_last - m_interval);
            m_stalls.push_back(stall);
            // The part of the stall the GUI thread spent computing (the rest it was waiting for
            // a core the machine's other work held).
            m_busy.push_back(std::min(stall, cpu - m_lastCpu));
            m_last = now;
            m_lastCpu = cpu;
        });
    }

    void start()
    {
        m_stalls.clear();
        m_busy.clear();
        m_clock.start();
        m_last = 0.0;
        m_lastCpu = threadCpuMs();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    // In milliseconds; 0 with no tick.
    [[nodiscard]] double longest() const
    {
        return m_stalls.empty() ? 0.0 : *std::max_element(m_stalls.begin(), m_stalls.end());
    }
    // The q-quantile of the ticks' stalls (nearest rank), e.g. q = 0.99.
    [[nodiscard]] double percentile(double q) const
    {
        if (m_stalls.empty()) {
            return 0.0;
        }
        auto sorted = m_stalls;
        std::sort(sorted.begin(), sorted.end());
        const auto rank
            = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
        return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
    }
    [[nodiscard]] std::size_t ticks() const { return m_stalls.size(); }
    // The longest and the q-quantile of the stalls' busy parts: time the GUI thread itself
    // computed through, whatever the machine's load.
    [[nodiscard]] double longestBusy() const { return quantile(m_busy, 1.0); }
    [[nodiscard]] double busyPercentile(double q) const { return quantile(m_busy, q); }

private:
    static double threadCpuMs()
    {
        timespec ts {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
    }
    static double quantile(std::vector<double> v, double q)
    {
        if (v.empty()) {
            return 0.0;
        }
        std::sort(v.begin(), v.end());
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
        return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
    }

    int m_interval;
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0.0;
    double m_lastCpu = 0.0;
    std::vector<double> m_stalls;
    std::vector<double> m_busy;
};

} // namespace kdw::test
