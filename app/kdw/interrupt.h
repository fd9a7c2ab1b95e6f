// SPDX-License-Identifier: MIT
// Ctrl-C and SIGTERM for kdw's long commands: the handler only sets a flag; the training callbacks
// poll it and ask the run to stop, so a run ends cleanly (cancelled) with its epochs saved.
#pragma once

#include <csignal>

namespace kdw::cli {

// Installs the handlers (once); returns whether a stop was asked for since.
inline bool interrupted()
{
    static volatile std::sig_atomic_t flag = 0;
    static const bool installed = [] {
        const auto handler = [](int) { flag = 1; };
        std::signal(SIGINT, handler);
        std::signal(SIGTERM, handler);
        return true;
    }();
    (void)installed;
    return flag != 0;
}

} // namespace kdw::cli
