// SPDX-License-Identifier: MIT
// kdw's progress display: on a terminal one line rewritten in place (a bar of the run's examples,
// the phase and epoch, examples/s and the ETA) below the permanent per-epoch lines; when standard
// output is not a terminal, only the per-epoch lines. A plain ANSI line (carriage return and
// "erase line") rather than a library: Debian 12 packages no C++ progress-bar library
// (indicators, the usual choice, is not in its archive), and one line needs no more.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "core/common/progress.h"

namespace kdw::cli {

class ProgressLine {
public:
    // `live`: draw the updating line (standard output is a terminal and not --quiet/--json).
    explicit ProgressLine(bool live);

    // Whether standard output is a terminal.
    static bool stdoutIsTerminal();

    // Redraws the live line from one batch report (at most ~10 times a second). Not thread-safe:
    // one ProgressLine per printing thread.
    void update(const BatchProgress& p);
    // Prints a permanent line, keeping the live line below it.
    void print(const std::string& line);
    // Removes the live line.
    void clear();

private:
    bool m_live = false;
    bool m_drawn = false;
    std::string m_last;
};

// "[########------------]  42%  student epoch 3/10  81234 examples/s  ETA 1:05" for one report,
// `width` the bar's cells.
std::string progressText(const BatchProgress& p, int width = 24);

// "1:05", "12:03:09" for a duration in seconds (rounded; negative counts as 0).
std::string clockText(double seconds);

} // namespace kdw::cli
