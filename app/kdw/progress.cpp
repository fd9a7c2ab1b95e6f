// SPDX-License-Identifier: MIT
#include "app/kdw/progress.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <unistd.h>

namespace kdw::cli {

std::string clockText(double seconds)
{
    const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    char buf[32];
    if (s >= 3600) {
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    }
    return buf;
}

std::string progressText(const BatchProgress& p, int width)
{
    const double done = p.runExamplesTotal > 0 ? std::clamp(static_cast<double>(p.runExamplesDone)
                                / static_cast<double>(p.runExamplesTotal),
                            0.0, 1.0)
                                               : 0.0;
    const int filled = static_cast<int>(std::lround(done * width));
    char tail[160];
    std::snprintf(tail, sizeof tail, "] %3d%%  %s epoch %d/%d  %.0f examples/s  ETA %s",
        static_cast<int>(std::lround(done * 100.0)), p.phase.c_str(), p.epoch, p.epochs,
        p.examplesPerSecond, clockText(p.etaSeconds).c_str());
    return "[" + std::string(static_cast<std::size_t>(filled), '#')
        + std::string(static_cast<std::size_t>(width - filled), '-') + tail;
}

ProgressLine::ProgressLine(bool live)
    : m_live(live)
{
}

bool ProgressLine::stdoutIsTerminal()
{
    return ::isatty(STDOUT_FILENO) == 1;
}

void ProgressLine::update(const BatchProgress& p)
{
    if (!m_live) {
        return;
    }
    auto text = progressText(p);
    if (text == m_last) {
        return;
    }
    m_last = text;
    std::cout << "\r\033[K" << text << std::flush;
    m_drawn = true;
}

void ProgressLine::print(const std::string& line)
{
    if (m_drawn) {
        std::cout << "\r\033[K";
    }
    std::cout << line << '\n';
    if (m_drawn) {
        std::cout << m_last;
    }
    std::cout << std::flush;
}

void ProgressLine::clear()
{
    if (m_drawn) {
        std::cout << "\r\033[K" << std::flush;
        m_drawn = false;
    }
}

} // namespace kdw::cli
